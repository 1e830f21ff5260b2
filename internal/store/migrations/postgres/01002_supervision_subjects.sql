-- The subjects of a 两官评议: judges and prosecutors drawn at random
-- (supervision.Draw) and rated one by one on the ballot engine (vote kind
-- official_rating).

-- +goose Up
CREATE TABLE supervision_subjects (
    id       TEXT PRIMARY KEY,
    item_id  TEXT NOT NULL REFERENCES supervision_items(id),
    name     TEXT NOT NULL,
    position INTEGER NOT NULL,
    grade    TEXT NOT NULL DEFAULT '',
    passed   BOOLEAN NOT NULL DEFAULT FALSE
);
CREATE INDEX supervision_subjects_item ON supervision_subjects (item_id, position);

-- +goose Down
DROP TABLE supervision_subjects;
