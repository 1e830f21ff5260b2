-- PostgreSQL's entries hold their readers as lexemes of their tsvectors
-- (see postgres/01743). SQLite's search checks the readers on the FTS5
-- rows (search_readers): nothing changes here.

-- +goose Up
SELECT 1;

-- +goose Down
SELECT 1;
