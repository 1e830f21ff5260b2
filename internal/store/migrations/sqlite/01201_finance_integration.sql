-- The finance bureau's system is an integration too (kind finance): it
-- pushes budget data signed as the 12345 platform's orders. SQLite cannot
-- change a CHECK constraint, so the table is made again.

-- +goose Up
CREATE TABLE integrations_new (
    id           TEXT PRIMARY KEY,
    kind         TEXT NOT NULL CHECK (kind IN ('hotline','open311','finance')),
    name         TEXT NOT NULL,
    secret_enc   TEXT NOT NULL,
    key_index    TEXT NOT NULL UNIQUE,
    active       BOOLEAN NOT NULL DEFAULT TRUE,
    created_at   TEXT NOT NULL,
    last_used_at TEXT
);
INSERT INTO integrations_new SELECT id, kind, name, secret_enc, key_index, active, created_at, last_used_at FROM integrations;
DROP TABLE integrations;
ALTER TABLE integrations_new RENAME TO integrations;

-- +goose Down
DELETE FROM integrations WHERE kind = 'finance';
CREATE TABLE integrations_old (
    id           TEXT PRIMARY KEY,
    kind         TEXT NOT NULL CHECK (kind IN ('hotline','open311')),
    name         TEXT NOT NULL,
    secret_enc   TEXT NOT NULL,
    key_index    TEXT NOT NULL UNIQUE,
    active       BOOLEAN NOT NULL DEFAULT TRUE,
    created_at   TEXT NOT NULL,
    last_used_at TEXT
);
INSERT INTO integrations_old SELECT id, kind, name, secret_enc, key_index, active, created_at, last_used_at FROM integrations;
DROP TABLE integrations;
ALTER TABLE integrations_old RENAME TO integrations;
