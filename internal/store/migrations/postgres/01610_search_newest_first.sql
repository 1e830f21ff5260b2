-- Search reads the matches of a term newest first and stops after a cap
-- (internal/store/search.go): on PostgreSQL from this index, scanned
-- backward, checking each row's tsvector, when the term is common; a rare
-- term still goes through the GIN index.

-- +goose Up
CREATE INDEX search_docs_at ON search_docs (at, doc);

-- +goose Down
DROP INDEX search_docs_at;
