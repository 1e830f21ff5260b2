-- Deputies' duty records: what staff added by hand carries its evidence, and
-- the deputy's right of reply — context on an entry, or a request to correct it.

-- +goose Up
ALTER TABLE duty_credits ADD COLUMN evidence TEXT NOT NULL DEFAULT '';
CREATE TABLE duty_notes (
    id         TEXT PRIMARY KEY,
    deputy_id  TEXT NOT NULL REFERENCES deputies(id),
    kind       TEXT NOT NULL,
    entity     TEXT NOT NULL,
    entity_id  TEXT NOT NULL,
    text       TEXT NOT NULL,
    correction INTEGER NOT NULL DEFAULT 0,
    by_user    TEXT NOT NULL REFERENCES users(id),
    at         TEXT NOT NULL
);
CREATE INDEX duty_notes_deputy ON duty_notes(deputy_id, kind, entity, entity_id);

-- +goose Down
DROP TABLE duty_notes;
ALTER TABLE duty_credits DROP COLUMN evidence;
