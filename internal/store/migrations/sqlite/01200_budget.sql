-- Budget supervision (package budget): the finance bureau's data as lines
-- (amounts in fen, never floats), the imports they came in (a later import
-- of the same kind, year and month replaces earlier lines, which keep the
-- id of the import that replaced them), and the warnings of the sweep.

-- +goose Up
CREATE TABLE budget_imports (
    id         TEXT PRIMARY KEY,
    kind       TEXT NOT NULL,
    year       INTEGER NOT NULL,
    source     TEXT NOT NULL,
    file_name  TEXT NOT NULL DEFAULT '',
    batch      TEXT,
    digest     TEXT NOT NULL,
    rows       INTEGER NOT NULL,
    total      BIGINT NOT NULL,
    replaced   INTEGER NOT NULL DEFAULT 0,
    created_by TEXT,
    created_at TEXT NOT NULL
);
CREATE UNIQUE INDEX budget_imports_batch ON budget_imports (batch);
CREATE INDEX budget_imports_year ON budget_imports (year, kind);

CREATE TABLE budget_lines (
    id          TEXT PRIMARY KEY,
    import_id   TEXT NOT NULL REFERENCES budget_imports(id),
    kind        TEXT NOT NULL,
    year        INTEGER NOT NULL,
    month       INTEGER NOT NULL DEFAULT 0,
    line        INTEGER NOT NULL,
    fund        TEXT NOT NULL DEFAULT '',
    org_id      TEXT REFERENCES organizations(id),
    func_code   TEXT NOT NULL DEFAULT '',
    func_name   TEXT NOT NULL DEFAULT '',
    econ_code   TEXT NOT NULL DEFAULT '',
    econ_name   TEXT NOT NULL DEFAULT '',
    project     TEXT NOT NULL DEFAULT '',
    item        TEXT NOT NULL DEFAULT '',
    amount      BIGINT NOT NULL,
    replaced_by TEXT
);
CREATE INDEX budget_lines_current ON budget_lines (year, kind, replaced_by, org_id);
CREATE INDEX budget_lines_import ON budget_lines (import_id);

CREATE TABLE budget_warnings (
    id          TEXT PRIMARY KEY,
    key         TEXT NOT NULL UNIQUE,
    rule        TEXT NOT NULL,
    year        INTEGER NOT NULL,
    month       INTEGER NOT NULL,
    org_id      TEXT REFERENCES organizations(id),
    message     TEXT NOT NULL,
    state       TEXT NOT NULL,
    query       TEXT NOT NULL DEFAULT '',
    answer      TEXT NOT NULL DEFAULT '',
    answered_by TEXT NOT NULL DEFAULT '',
    created_at  TEXT NOT NULL
);
CREATE INDEX budget_warnings_state ON budget_warnings (state, org_id);

-- +goose Down
DROP TABLE budget_warnings;
DROP TABLE budget_lines;
DROP TABLE budget_imports;
