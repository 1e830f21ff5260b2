-- The questions of a 专题询问: who asked, the answering official, the answer.

-- +goose Up
CREATE TABLE supervision_questions (
    id       TEXT PRIMARY KEY,
    item_id  TEXT NOT NULL REFERENCES supervision_items(id),
    asker    TEXT NOT NULL,
    question TEXT NOT NULL,
    official TEXT NOT NULL DEFAULT '',
    answer   TEXT NOT NULL DEFAULT '',
    asked_at TEXT NOT NULL
);
CREATE INDEX supervision_questions_item ON supervision_questions (item_id, asked_at);

-- +goose Down
DROP TABLE supervision_questions;
