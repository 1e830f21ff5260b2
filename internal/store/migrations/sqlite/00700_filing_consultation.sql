-- Filing review of normative documents (备案审查): the bodies that file,
-- their registers of issued documents, filings with their review, the
-- complaints citing them, and citizens' review requests; public
-- consultation on drafts (征求意见) and its comments.

-- +goose Up
CREATE TABLE filers (
    org_id   TEXT PRIMARY KEY REFERENCES organizations(id),
    added_at TEXT NOT NULL
);

CREATE TABLE filings (
    id            TEXT PRIMARY KEY,
    title         TEXT NOT NULL,
    number        TEXT NOT NULL,
    filer_id      TEXT NOT NULL REFERENCES organizations(id),
    issued_on     TEXT,
    published_on  TEXT NOT NULL,
    filed_on      TEXT NOT NULL,
    filing_due    TEXT NOT NULL,
    late          BOOLEAN NOT NULL DEFAULT FALSE,
    text          TEXT NOT NULL DEFAULT '',
    explanation   TEXT NOT NULL DEFAULT '',
    basis         TEXT NOT NULL DEFAULT '',
    state         TEXT NOT NULL,
    due           TEXT,
    reviewer_id   TEXT REFERENCES users(id),
    checks        TEXT NOT NULL DEFAULT '{}',
    check_note    TEXT NOT NULL DEFAULT '',
    issue         TEXT NOT NULL DEFAULT '',
    opinion       TEXT NOT NULL DEFAULT '',
    resolution    TEXT NOT NULL DEFAULT '',
    result        TEXT NOT NULL DEFAULT '',
    citations     INTEGER NOT NULL DEFAULT 0,
    return_reason TEXT NOT NULL DEFAULT '',
    previous_id   TEXT NOT NULL DEFAULT '',
    year          INTEGER NOT NULL,
    created_at    TEXT NOT NULL,
    updated_at    TEXT NOT NULL,
    registered_at TEXT,
    reviewed_at   TEXT,
    closed_at     TEXT
);
CREATE INDEX filings_filer ON filings(filer_id, number);
CREATE INDEX filings_year ON filings(year, state);

CREATE TABLE filing_register (
    id           TEXT PRIMARY KEY,
    filer_id     TEXT NOT NULL REFERENCES organizations(id),
    title        TEXT NOT NULL,
    number       TEXT NOT NULL,
    published_on TEXT NOT NULL,
    created_at   TEXT NOT NULL,
    UNIQUE (filer_id, number)
);

CREATE TABLE filing_citations (
    filing_id TEXT NOT NULL REFERENCES filings(id),
    source    TEXT NOT NULL,
    ref       TEXT NOT NULL,
    note      TEXT NOT NULL DEFAULT '',
    at        TEXT NOT NULL,
    PRIMARY KEY (filing_id, source, ref)
);

CREATE TABLE review_requests (
    id             TEXT PRIMARY KEY,
    tracking_code  TEXT NOT NULL UNIQUE,
    document       TEXT NOT NULL,
    reason         TEXT NOT NULL,
    name_enc       TEXT NOT NULL DEFAULT '',
    phone_enc      TEXT NOT NULL DEFAULT '',
    state          TEXT NOT NULL,
    filing_id      TEXT REFERENCES filings(id),
    transferred_to TEXT NOT NULL DEFAULT '',
    result         TEXT NOT NULL DEFAULT '',
    year           INTEGER NOT NULL,
    created_at     TEXT NOT NULL,
    updated_at     TEXT NOT NULL,
    closed_at      TEXT
);
CREATE INDEX review_requests_year ON review_requests(year, state);

CREATE TABLE consultations (
    id           TEXT PRIMARY KEY,
    title        TEXT NOT NULL,
    kind         TEXT NOT NULL,
    source       TEXT NOT NULL DEFAULT '',
    body         TEXT NOT NULL,
    opens_on     TEXT NOT NULL,
    closes_on    TEXT NOT NULL,
    state        TEXT NOT NULL,
    report       TEXT NOT NULL DEFAULT '',
    created_at   TEXT NOT NULL,
    updated_at   TEXT NOT NULL,
    published_at TEXT
);

CREATE TABLE consultation_comments (
    id              TEXT PRIMARY KEY,
    consultation_id TEXT NOT NULL REFERENCES consultations(id),
    article         TEXT NOT NULL DEFAULT '',
    text            TEXT NOT NULL,
    author          TEXT NOT NULL,
    name_enc        TEXT NOT NULL DEFAULT '',
    deputy_id       TEXT REFERENCES deputies(id),
    org_id          TEXT REFERENCES organizations(id),
    state           TEXT NOT NULL,
    grp             TEXT NOT NULL DEFAULT '',
    reason          TEXT NOT NULL DEFAULT '',
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL
);
CREATE INDEX consultation_comments_of ON consultation_comments(consultation_id, created_at);

-- +goose Down
DROP TABLE consultation_comments;
DROP TABLE consultations;
DROP TABLE review_requests;
DROP TABLE filing_citations;
DROP TABLE filing_register;
DROP TABLE filings;
DROP TABLE filers;
