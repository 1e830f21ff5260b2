-- The assistance (similar items, routing) checks which of a text's
-- matches it may use — their kind and whether the viewer may read them —
-- by doc number, for up to tens of thousands of matches a request. Read
-- from the table, each check visited the item's row with its title and
-- body (a few rows a page); this index holds the doc number, kind and id
-- alone (a hundred entries a page), so the checks read it instead
-- (INDEXED BY in scoreMatchesSQLite). PostgreSQL filters in the match
-- query itself and needs no such index.

-- +goose Up
CREATE INDEX search_docs_doc_kind ON search_docs(doc, kind, id);

-- +goose Down
DROP INDEX search_docs_doc_kind;
