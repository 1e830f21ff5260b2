-- Foundation: regions, congresses, deputies, organisations, users, audit,
-- settings, calendar, attachments, notifications and the outbox.
-- Instants are TEXT in UTC, format 2006-01-02T15:04:05.000000Z; days are
-- TEXT 2006-01-02. Ids are made by the application (renda.NewID).

-- +goose Up
CREATE TABLE regions (
    id          TEXT PRIMARY KEY,
    code        TEXT NOT NULL,
    name        TEXT NOT NULL,
    level       TEXT NOT NULL CHECK (level IN ('province','city','county','township','village')),
    kind        TEXT NOT NULL DEFAULT '',
    parent_id   TEXT REFERENCES regions(id),
    valid_from  TEXT NOT NULL,
    valid_to    TEXT,
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL,
    UNIQUE (code, valid_from)
);
CREATE INDEX regions_parent ON regions(parent_id);
CREATE INDEX regions_level ON regions(level, code);

CREATE TABLE congresses (
    id          TEXT PRIMARY KEY,
    name        TEXT NOT NULL UNIQUE,
    level       TEXT NOT NULL CHECK (level IN ('province','city','county','township')),
    region_id   TEXT NOT NULL REFERENCES regions(id),
    created_at  TEXT NOT NULL
);

CREATE TABLE terms (
    id          TEXT PRIMARY KEY,
    congress_id TEXT NOT NULL REFERENCES congresses(id),
    number      INTEGER NOT NULL,
    start_date  TEXT NOT NULL,
    end_date    TEXT,
    created_at  TEXT NOT NULL,
    UNIQUE (congress_id, number)
);

CREATE TABLE sessions (
    id              TEXT PRIMARY KEY,
    term_id         TEXT NOT NULL REFERENCES terms(id),
    number          INTEGER NOT NULL,
    start_date      TEXT NOT NULL,
    end_date        TEXT NOT NULL,
    motion_deadline TEXT,
    created_at      TEXT NOT NULL,
    UNIQUE (term_id, number)
);

CREATE TABLE delegations (
    id          TEXT PRIMARY KEY,
    term_id     TEXT NOT NULL REFERENCES terms(id),
    name        TEXT NOT NULL,
    region_id   TEXT REFERENCES regions(id),
    UNIQUE (term_id, name)
);

CREATE TABLE deputy_groups (
    id          TEXT PRIMARY KEY,
    name        TEXT NOT NULL UNIQUE,
    description TEXT NOT NULL DEFAULT ''
);

CREATE TABLE deputies (
    id            TEXT PRIMARY KEY,
    code          TEXT NOT NULL UNIQUE,
    name          TEXT NOT NULL,
    gender        TEXT NOT NULL,
    ethnicity     TEXT NOT NULL,
    birth_year    INTEGER,
    party         TEXT NOT NULL DEFAULT '',
    occupation    TEXT NOT NULL DEFAULT '',
    sector        TEXT NOT NULL DEFAULT '',
    congress_id   TEXT NOT NULL REFERENCES congresses(id),
    term_id       TEXT NOT NULL REFERENCES terms(id),
    delegation_id TEXT REFERENCES delegations(id),
    district      TEXT NOT NULL DEFAULT '',
    group_id      TEXT REFERENCES deputy_groups(id),
    region_id     TEXT REFERENCES regions(id),
    photo_id      TEXT,
    phone_enc     TEXT NOT NULL DEFAULT '',
    phone_index   TEXT NOT NULL DEFAULT '',
    status        TEXT NOT NULL CHECK (status IN ('active','suspended','terminated')),
    note          TEXT NOT NULL DEFAULT '',
    created_at    TEXT NOT NULL,
    updated_at    TEXT NOT NULL
);
CREATE INDEX deputies_congress ON deputies(congress_id, name);
CREATE INDEX deputies_delegation ON deputies(delegation_id);
CREATE INDEX deputies_region ON deputies(region_id);
CREATE INDEX deputies_phone ON deputies(phone_index);

CREATE TABLE organizations (
    id                TEXT PRIMARY KEY,
    code              TEXT NOT NULL UNIQUE,
    name              TEXT NOT NULL UNIQUE,
    short_name        TEXT NOT NULL DEFAULT '',
    kind              TEXT NOT NULL,
    parent_id         TEXT REFERENCES organizations(id),
    region_id         TEXT REFERENCES regions(id),
    handling_unit     BOOLEAN NOT NULL DEFAULT FALSE,
    contact_person    TEXT NOT NULL DEFAULT '',
    contact_phone_enc TEXT NOT NULL DEFAULT '',
    address           TEXT NOT NULL DEFAULT '',
    active            BOOLEAN NOT NULL DEFAULT TRUE,
    sort              INTEGER NOT NULL DEFAULT 0,
    created_at        TEXT NOT NULL,
    updated_at        TEXT NOT NULL
);

CREATE TABLE users (
    id            TEXT PRIMARY KEY,
    username      TEXT NOT NULL UNIQUE,
    display_name  TEXT NOT NULL DEFAULT '',
    role          TEXT NOT NULL CHECK (role IN ('admin','staff','leader','deputy','unit')),
    password_hash TEXT NOT NULL,
    org_id        TEXT REFERENCES organizations(id),
    deputy_id     TEXT REFERENCES deputies(id),
    disabled      BOOLEAN NOT NULL DEFAULT FALSE,
    created_at    TEXT NOT NULL,
    updated_at    TEXT NOT NULL,
    last_login_at TEXT
);
CREATE INDEX users_org ON users(org_id);
CREATE INDEX users_deputy ON users(deputy_id);

CREATE TABLE auth_sessions (
    token_hash   TEXT PRIMARY KEY,
    user_id      TEXT NOT NULL REFERENCES users(id),
    kind         TEXT NOT NULL CHECK (kind IN ('web','api')),
    name         TEXT NOT NULL DEFAULT '',
    created_at   TEXT NOT NULL,
    expires_at   TEXT,
    last_seen_at TEXT NOT NULL,
    ip           TEXT NOT NULL DEFAULT ''
);
CREATE INDEX auth_sessions_user ON auth_sessions(user_id);

CREATE TABLE login_failures (
    id       TEXT PRIMARY KEY,
    username TEXT NOT NULL,
    ip       TEXT NOT NULL,
    at       TEXT NOT NULL
);
CREATE INDEX login_failures_user ON login_failures(username, at);
CREATE INDEX login_failures_ip ON login_failures(ip, at);

CREATE TABLE audit_log (
    seq         INTEGER PRIMARY KEY,
    at          TEXT NOT NULL,
    actor_id    TEXT NOT NULL DEFAULT '',
    actor_name  TEXT NOT NULL DEFAULT '',
    actor_role  TEXT NOT NULL DEFAULT '',
    action      TEXT NOT NULL,
    entity      TEXT NOT NULL,
    entity_id   TEXT NOT NULL,
    from_state  TEXT NOT NULL DEFAULT '',
    to_state    TEXT NOT NULL DEFAULT '',
    before_json TEXT NOT NULL DEFAULT '',
    after_json  TEXT NOT NULL DEFAULT '',
    note        TEXT NOT NULL DEFAULT '',
    prev_hash   TEXT NOT NULL,
    hash        TEXT NOT NULL
);
CREATE INDEX audit_log_entity ON audit_log(entity, entity_id, seq);
CREATE INDEX audit_log_actor ON audit_log(actor_id, seq);

CREATE TABLE audit_head (
    id   INTEGER PRIMARY KEY CHECK (id = 1),
    seq  INTEGER NOT NULL,
    hash TEXT NOT NULL
);
INSERT INTO audit_head (id, seq, hash) VALUES (1, 0, '');

CREATE TABLE settings (
    key        TEXT PRIMARY KEY,
    value      TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    updated_by TEXT NOT NULL DEFAULT ''
);

CREATE TABLE calendar_days (
    day  TEXT PRIMARY KEY,
    kind TEXT NOT NULL CHECK (kind IN ('off','work')),
    name TEXT NOT NULL DEFAULT ''
);

CREATE TABLE attachments (
    id           TEXT PRIMARY KEY,
    entity       TEXT NOT NULL,
    entity_id    TEXT NOT NULL,
    name         TEXT NOT NULL,
    content_type TEXT NOT NULL,
    size         INTEGER NOT NULL,
    sha256       TEXT NOT NULL,
    content      BLOB NOT NULL,
    created_at   TEXT NOT NULL,
    created_by   TEXT NOT NULL DEFAULT ''
);
CREATE INDEX attachments_owner ON attachments(entity, entity_id);

CREATE TABLE notifications (
    id         TEXT PRIMARY KEY,
    user_id    TEXT NOT NULL REFERENCES users(id),
    title      TEXT NOT NULL,
    body       TEXT NOT NULL DEFAULT '',
    link       TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    read_at    TEXT
);
CREATE INDEX notifications_user ON notifications(user_id, read_at);

CREATE TABLE outbox (
    id           TEXT PRIMARY KEY,
    channel      TEXT NOT NULL,
    recipient    TEXT NOT NULL,
    subject      TEXT NOT NULL DEFAULT '',
    body         TEXT NOT NULL,
    dedupe_key   TEXT NOT NULL UNIQUE,
    status       TEXT NOT NULL CHECK (status IN ('pending','sent','dead')),
    attempts     INTEGER NOT NULL DEFAULT 0,
    next_at      TEXT NOT NULL,
    locked_until TEXT,
    last_error   TEXT NOT NULL DEFAULT '',
    created_at   TEXT NOT NULL,
    sent_at      TEXT
);
CREATE INDEX outbox_due ON outbox(status, next_at);

CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

CREATE TABLE once_keys (
    key        TEXT PRIMARY KEY,
    created_at TEXT NOT NULL
);

-- +goose Down
DROP TABLE once_keys;
DROP TABLE meta;
DROP TABLE outbox;
DROP TABLE notifications;
DROP TABLE attachments;
DROP TABLE calendar_days;
DROP TABLE settings;
DROP TABLE audit_head;
DROP TABLE audit_log;
DROP TABLE login_failures;
DROP TABLE auth_sessions;
DROP TABLE users;
DROP TABLE organizations;
DROP TABLE deputies;
DROP TABLE deputy_groups;
DROP TABLE delegations;
DROP TABLE sessions;
DROP TABLE terms;
DROP TABLE congresses;
DROP TABLE regions;
