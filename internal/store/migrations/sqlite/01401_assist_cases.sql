-- Problems that keep coming back (package assist, cases.go): near-duplicate
-- opinions and 12345 orders of one township grouped into a case by the
-- assist-cases sweep, which remembers in assist_sweep how far it has read.

-- +goose Up
CREATE TABLE assist_cases (
    id          TEXT PRIMARY KEY,
    township_id TEXT NOT NULL,
    title       TEXT NOT NULL,
    state       TEXT NOT NULL,
    size        INTEGER NOT NULL,
    proposed_at TEXT,
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL
);
CREATE INDEX assist_cases_township ON assist_cases (township_id, state);

CREATE TABLE assist_case_items (
    case_id  TEXT NOT NULL REFERENCES assist_cases(id),
    kind     TEXT NOT NULL,
    item_id  TEXT NOT NULL,
    score    REAL NOT NULL,
    added_at TEXT NOT NULL,
    PRIMARY KEY (item_id)
);
CREATE INDEX assist_case_items_case ON assist_case_items (case_id);

CREATE TABLE assist_sweep (
    id      INTEGER PRIMARY KEY CHECK (id = 1),
    last_at TEXT NOT NULL,
    last_id TEXT NOT NULL
);
INSERT INTO assist_sweep (id, last_at, last_id) VALUES (1, '', '');

-- +goose Down
DROP TABLE assist_sweep;
DROP TABLE assist_case_items;
DROP TABLE assist_cases;
