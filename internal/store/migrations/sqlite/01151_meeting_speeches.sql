-- Speeches noted by staff per agenda item (发言记录), for the minutes.

-- +goose Up
CREATE TABLE meeting_speeches (
    id         TEXT PRIMARY KEY,
    meeting_id TEXT NOT NULL REFERENCES meetings(id),
    item_id    TEXT NOT NULL REFERENCES meeting_items(id),
    speaker    TEXT NOT NULL,
    summary    TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE INDEX meeting_speeches_meeting ON meeting_speeches (meeting_id, created_at);

-- +goose Down
DROP TABLE meeting_speeches;
