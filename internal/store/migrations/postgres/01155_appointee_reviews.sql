-- 述职评议: an appointed official's report to the standing committee,
-- rated by its members on the ballot engine (kind appointee_review).

-- +goose Up
CREATE TABLE appointee_reviews (
    id             TEXT PRIMARY KEY,
    appointment_id TEXT NOT NULL REFERENCES appointments(id),
    year           INTEGER NOT NULL,
    title          TEXT NOT NULL,
    body           TEXT NOT NULL DEFAULT '',
    state          TEXT NOT NULL,
    meeting_id     TEXT REFERENCES meetings(id),
    vote_id        TEXT REFERENCES votes(id),
    ballots        INTEGER NOT NULL DEFAULT 0,
    satisfied      INTEGER NOT NULL DEFAULT 0,
    basic          INTEGER NOT NULL DEFAULT 0,
    dissatisfied   INTEGER NOT NULL DEFAULT 0,
    grade          TEXT NOT NULL DEFAULT '',
    created_at     TEXT NOT NULL,
    updated_at     TEXT NOT NULL,
    published_at   TEXT
);
CREATE UNIQUE INDEX appointee_reviews_year ON appointee_reviews(appointment_id, year);
CREATE INDEX appointee_reviews_vote ON appointee_reviews(vote_id);

-- +goose Down
DROP TABLE appointee_reviews;
