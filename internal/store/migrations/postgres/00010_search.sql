-- The search index (internal/store/search.go): one row per item a user may
-- find, with its full-text tokens (CJK unigrams and bigrams, see
-- internal/search) as tsvectors under GIN indexes, and the readers who may
-- find it. The index is rebuilt from the items when search_meta's version
-- is older than the code's.

-- +goose Up
CREATE TABLE search_docs (
    doc         BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    kind        TEXT NOT NULL,
    id          TEXT NOT NULL,
    title       TEXT NOT NULL,
    body        TEXT NOT NULL,
    url         TEXT NOT NULL,
    year        INTEGER NOT NULL DEFAULT 0,
    township_id TEXT NOT NULL DEFAULT '',
    org_id      TEXT NOT NULL DEFAULT '',
    state       TEXT NOT NULL DEFAULT '',
    at          TEXT NOT NULL,
    uni         tsvector NOT NULL,
    bi          tsvector NOT NULL,
    UNIQUE (kind, id)
);
CREATE INDEX search_docs_kind_at ON search_docs(kind, at);
CREATE INDEX search_docs_uni ON search_docs USING GIN (uni);
CREATE INDEX search_docs_bi ON search_docs USING GIN (bi);

CREATE TABLE search_readers (
    reader TEXT NOT NULL,
    doc    BIGINT NOT NULL REFERENCES search_docs(doc) ON DELETE CASCADE,
    PRIMARY KEY (reader, doc)
);
CREATE INDEX search_readers_doc ON search_readers(doc);

CREATE TABLE search_meta (
    id      INTEGER PRIMARY KEY CHECK (id = 1),
    version INTEGER NOT NULL
);
INSERT INTO search_meta (id, version) VALUES (1, 0);

-- +goose Down
DROP TABLE search_meta;
DROP TABLE search_readers;
DROP TABLE search_docs;
