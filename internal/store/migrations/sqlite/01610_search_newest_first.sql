-- Search reads the matches of a term newest first and stops after a cap
-- (internal/store/search.go): on SQLite in the order of the FTS5 rowids,
-- which are now doc numbers that follow the items' time (docSerialBits).
-- The index's doc numbers were given in the order of indexing: it is
-- rebuilt (with the new numbers) at the next start.

-- +goose Up
UPDATE search_meta SET version = 0;

-- +goose Down
UPDATE search_meta SET version = 0;
