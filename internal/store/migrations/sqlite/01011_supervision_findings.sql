-- Findings of an inspection, investigation or visit (text, topic, place,
-- day; photos are attachments of entity supervision_finding) and the
-- report drafted from them, edited until it is adopted.

-- +goose Up
CREATE TABLE supervision_findings (
    id         TEXT PRIMARY KEY,
    item_id    TEXT NOT NULL REFERENCES supervision_items(id),
    deputy_id  TEXT REFERENCES deputies(id),
    by_name    TEXT NOT NULL DEFAULT '',
    topic      TEXT NOT NULL DEFAULT '',
    place      TEXT NOT NULL DEFAULT '',
    found_on   TEXT NOT NULL,
    text       TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE INDEX supervision_findings_item ON supervision_findings (item_id, found_on);

ALTER TABLE supervision_items ADD COLUMN report_draft TEXT NOT NULL DEFAULT '';

-- +goose Down
ALTER TABLE supervision_items DROP COLUMN report_draft;
DROP TABLE supervision_findings;
