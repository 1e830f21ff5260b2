-- Supervision (监督, package supervision): the annual plan's items with
-- their phases and verdicts, the rectification lists the inspected bodies
-- answer, and the published random draws of 两官评议.

-- +goose Up
CREATE TABLE supervision_items (
    id         TEXT PRIMARY KEY,
    year       INTEGER NOT NULL,
    kind       TEXT NOT NULL,
    title      TEXT NOT NULL,
    org_id     TEXT REFERENCES organizations(id),
    committee  TEXT NOT NULL DEFAULT '',
    month      INTEGER NOT NULL DEFAULT 0,
    summary    TEXT NOT NULL DEFAULT '',
    status     TEXT NOT NULL,
    published  BOOLEAN NOT NULL DEFAULT FALSE,
    verdict    TEXT NOT NULL DEFAULT '',
    report     TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX supervision_items_year ON supervision_items (year, kind);

CREATE TABLE supervision_rectifications (
    id         TEXT PRIMARY KEY,
    item_id    TEXT NOT NULL REFERENCES supervision_items(id),
    org_id     TEXT REFERENCES organizations(id),
    text       TEXT NOT NULL,
    measure    TEXT NOT NULL DEFAULT '',
    owner      TEXT NOT NULL DEFAULT '',
    due        TEXT NOT NULL,
    evidence   TEXT NOT NULL DEFAULT '',
    status     TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX supervision_rectifications_item ON supervision_rectifications (item_id);
CREATE INDEX supervision_rectifications_due ON supervision_rectifications (status, due);

CREATE TABLE supervision_draws (
    id         TEXT PRIMARY KEY,
    seed       TEXT NOT NULL,
    count      INTEGER NOT NULL,
    pool       TEXT NOT NULL,
    drawn      TEXT NOT NULL,
    created_by TEXT REFERENCES users(id),
    created_at TEXT NOT NULL
);

-- +goose Down
DROP TABLE supervision_draws;
DROP TABLE supervision_rectifications;
DROP TABLE supervision_items;
