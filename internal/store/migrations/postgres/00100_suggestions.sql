-- Motions and suggestions (议案建议): the items, their signers, the units
-- handling them, the records of handling (contacts, replies, feedback,
-- supervision, requests, procuratorate steps) and the numbering series.

-- +goose Up
CREATE TABLE suggestions (
    id                  TEXT PRIMARY KEY,
    kind                TEXT NOT NULL CHECK (kind IN ('suggestion','motion')),
    number              TEXT NOT NULL DEFAULT '',
    seq                 INTEGER NOT NULL DEFAULT 0,
    title               TEXT NOT NULL,
    grounds             TEXT NOT NULL DEFAULT '',
    body                TEXT NOT NULL,
    category            TEXT NOT NULL DEFAULT '',
    status              TEXT NOT NULL,
    proposer_id         TEXT NOT NULL REFERENCES deputies(id),
    delegation_id       TEXT REFERENCES delegations(id),
    by_delegation       BOOLEAN NOT NULL DEFAULT FALSE,
    congress_id         TEXT NOT NULL REFERENCES congresses(id),
    session_id          TEXT REFERENCES sessions(id),
    during_session      BOOLEAN NOT NULL DEFAULT FALSE,
    lead_unit_id        TEXT REFERENCES organizations(id),
    handling_mode       TEXT NOT NULL DEFAULT '',
    assigned_on         TEXT,
    first_due_on        TEXT,
    due_on              TEXT,
    round               INTEGER NOT NULL DEFAULT 0,
    round_started_on    TEXT,
    reply_category      TEXT NOT NULL DEFAULT '',
    replied_on          TEXT,
    first_replied_on    TEXT,
    replied_on_time     BOOLEAN NOT NULL DEFAULT FALSE,
    rating              TEXT NOT NULL DEFAULT '',
    rated_on            TEXT,
    rated_round         INTEGER NOT NULL DEFAULT 0,
    rehandled           INTEGER NOT NULL DEFAULT 0,
    priority            BOOLEAN NOT NULL DEFAULT FALSE,
    leader_id           TEXT REFERENCES users(id),
    inspection_required BOOLEAN NOT NULL DEFAULT FALSE,
    inspection_passed   BOOLEAN NOT NULL DEFAULT FALSE,
    publish_consent     BOOLEAN NOT NULL DEFAULT FALSE,
    published_at        TEXT,
    public_text         TEXT NOT NULL DEFAULT '',
    procuratorate_id    TEXT REFERENCES organizations(id),
    procuratorate_on    TEXT,
    merged_into         TEXT REFERENCES suggestions(id),
    converted_from      TEXT REFERENCES suggestions(id),
    source_entity       TEXT NOT NULL DEFAULT '',
    source_id           TEXT NOT NULL DEFAULT '',
    reject_reason       TEXT NOT NULL DEFAULT '',
    created_at          TEXT NOT NULL,
    submitted_at        TEXT,
    registered_at       TEXT,
    closed_at           TEXT,
    updated_at          TEXT NOT NULL
);
CREATE INDEX suggestions_status ON suggestions(status, due_on);
CREATE INDEX suggestions_unit ON suggestions(lead_unit_id, status);
CREATE INDEX suggestions_proposer ON suggestions(proposer_id);
CREATE INDEX suggestions_session ON suggestions(session_id, kind, seq);
CREATE INDEX suggestions_submitted ON suggestions(submitted_at);
CREATE INDEX suggestions_source ON suggestions(source_entity, source_id);
CREATE INDEX suggestions_published ON suggestions(published_at);

CREATE TABLE suggestion_signers (
    suggestion_id TEXT NOT NULL REFERENCES suggestions(id),
    deputy_id     TEXT NOT NULL REFERENCES deputies(id),
    lead          BOOLEAN NOT NULL DEFAULT FALSE,
    status        TEXT NOT NULL CHECK (status IN ('pending','confirmed','declined')),
    invited_at    TEXT NOT NULL,
    answered_at   TEXT,
    PRIMARY KEY (suggestion_id, deputy_id)
);
CREATE INDEX suggestion_signers_deputy ON suggestion_signers(deputy_id, status);

CREATE TABLE suggestion_units (
    suggestion_id TEXT NOT NULL REFERENCES suggestions(id),
    org_id        TEXT NOT NULL REFERENCES organizations(id),
    role          TEXT NOT NULL CHECK (role IN ('lead','assist','joint','split')),
    assigned_on   TEXT NOT NULL,
    opinion       TEXT NOT NULL DEFAULT '',
    opinion_at    TEXT,
    replied_round INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (suggestion_id, org_id)
);
CREATE INDEX suggestion_units_org ON suggestion_units(org_id, suggestion_id);

CREATE TABLE suggestion_records (
    id            TEXT PRIMARY KEY,
    suggestion_id TEXT NOT NULL REFERENCES suggestions(id),
    kind          TEXT NOT NULL,
    round         INTEGER NOT NULL DEFAULT 0,
    org_id        TEXT REFERENCES organizations(id),
    user_id       TEXT NOT NULL DEFAULT '',
    user_name     TEXT NOT NULL DEFAULT '',
    on_day        TEXT,
    method        TEXT NOT NULL DEFAULT '',
    category      TEXT NOT NULL DEFAULT '',
    rating        TEXT NOT NULL DEFAULT '',
    body          TEXT NOT NULL DEFAULT '',
    status        TEXT NOT NULL DEFAULT '',
    until_day     TEXT,
    attachment_id TEXT NOT NULL DEFAULT '',
    created_at    TEXT NOT NULL
);
CREATE INDEX suggestion_records_item ON suggestion_records(suggestion_id, kind, created_at);

CREATE TABLE suggestion_counters (
    series TEXT PRIMARY KEY,
    n      INTEGER NOT NULL
);

-- +goose Down
DROP TABLE suggestion_counters;
DROP TABLE suggestion_records;
DROP TABLE suggestion_units;
DROP TABLE suggestion_signers;
DROP TABLE suggestions;
