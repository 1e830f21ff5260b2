-- Meeting documents (会议文件): access levels, the statutory windows of
-- distribution, versions (earlier ones kept), readers' private notes and
-- what each reader last read (so they are told of a newer version).

-- +goose Up
CREATE TABLE meeting_documents (
    id             TEXT PRIMARY KEY,
    meeting_id     TEXT NOT NULL REFERENCES meetings(id),
    item_id        TEXT NOT NULL DEFAULT '',
    title          TEXT NOT NULL,
    kind           TEXT NOT NULL,
    access         TEXT NOT NULL CHECK (access IN ('members', 'attendees', 'public')),
    submitter      TEXT NOT NULL DEFAULT '',
    received_on    TEXT,
    received_due   TEXT,
    distributed_at TEXT,
    distribute_due TEXT,
    version        INTEGER NOT NULL,
    created_at     TEXT NOT NULL,
    updated_at     TEXT NOT NULL
);
CREATE INDEX meeting_documents_meeting ON meeting_documents (meeting_id, created_at);

CREATE TABLE meeting_document_versions (
    id          TEXT PRIMARY KEY,
    document_id TEXT NOT NULL REFERENCES meeting_documents(id),
    n           INTEGER NOT NULL,
    body        TEXT NOT NULL,
    note        TEXT NOT NULL DEFAULT '',
    created_at  TEXT NOT NULL,
    UNIQUE (document_id, n)
);

CREATE TABLE meeting_document_notes (
    id          TEXT PRIMARY KEY,
    document_id TEXT NOT NULL REFERENCES meeting_documents(id),
    user_id     TEXT NOT NULL REFERENCES users(id),
    version     INTEGER NOT NULL,
    body        TEXT NOT NULL,
    created_at  TEXT NOT NULL
);
CREATE INDEX meeting_document_notes_reader ON meeting_document_notes (document_id, user_id);

CREATE TABLE meeting_document_reads (
    document_id TEXT NOT NULL REFERENCES meeting_documents(id),
    user_id     TEXT NOT NULL REFERENCES users(id),
    version     INTEGER NOT NULL,
    read_at     TEXT NOT NULL,
    PRIMARY KEY (document_id, user_id)
);

-- +goose Down
DROP TABLE meeting_document_reads;
DROP TABLE meeting_document_notes;
DROP TABLE meeting_document_versions;
DROP TABLE meeting_documents;
