-- The search index (internal/store/search.go): one row per item a user may
-- find, the readers who may find it, and the full-text tokens (CJK
-- unigrams and bigrams, see internal/search) in an FTS5 table keyed by the
-- row's doc number. The index is rebuilt from the items when search_meta's
-- version is older than the code's.

-- +goose Up
CREATE TABLE search_docs (
    doc         INTEGER PRIMARY KEY,
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
    UNIQUE (kind, id)
);
CREATE INDEX search_docs_kind_at ON search_docs(kind, at);

CREATE TABLE search_readers (
    reader TEXT NOT NULL,
    doc    INTEGER NOT NULL,
    PRIMARY KEY (reader, doc)
) WITHOUT ROWID;
CREATE INDEX search_readers_doc ON search_readers(doc);

CREATE VIRTUAL TABLE search_fts USING fts5(t1, t2, b1, b2, content='', contentless_delete=1, tokenize='unicode61 remove_diacritics 0');

CREATE TABLE search_meta (
    id      INTEGER PRIMARY KEY CHECK (id = 1),
    version INTEGER NOT NULL
);
INSERT INTO search_meta (id, version) VALUES (1, 0);

-- +goose Down
DROP TABLE search_meta;
DROP TABLE search_fts;
DROP TABLE search_readers;
DROP TABLE search_docs;
