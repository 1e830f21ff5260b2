-- The committee's budget work (budget.ReviewFlow): preliminary review of
-- the draft budget, the mid-year report, final accounts, the audit report
-- and its rectification item by item (items as JSON), debt and state assets.

-- +goose Up
CREATE TABLE budget_reviews (
    id          TEXT PRIMARY KEY,
    kind        TEXT NOT NULL,
    year        INTEGER NOT NULL,
    title       TEXT NOT NULL,
    received_on TEXT NOT NULL,
    session_on  TEXT,
    due         TEXT,
    opinion     TEXT NOT NULL DEFAULT '',
    opinion_on  TEXT,
    items       TEXT NOT NULL DEFAULT '[]',
    state       TEXT NOT NULL,
    created_at  TEXT NOT NULL
);
CREATE INDEX budget_reviews_year ON budget_reviews (year, kind);

-- +goose Down
DROP TABLE budget_reviews;
