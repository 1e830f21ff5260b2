-- The people's congress session as a meeting (人代会): the meeting names its
-- session (届次会议); deputies register (报到); each plenary sitting (全体会议)
-- has its own check-ins and quorum; deputies deliberate in groups (分组审议),
-- their opinions collected per group and summarised per agenda item.

-- +goose Up
ALTER TABLE meetings ADD COLUMN session_id TEXT NOT NULL DEFAULT '';
ALTER TABLE meetings ADD COLUMN current_sitting TEXT NOT NULL DEFAULT '';
CREATE INDEX meetings_session ON meetings (session_id);
ALTER TABLE meeting_members ADD COLUMN registered_at TEXT;
ALTER TABLE meeting_members ADD COLUMN group_id TEXT NOT NULL DEFAULT '';
ALTER TABLE meeting_items ADD COLUMN summary TEXT NOT NULL DEFAULT '';

CREATE TABLE meeting_sittings (
    id         TEXT PRIMARY KEY,
    meeting_id TEXT NOT NULL REFERENCES meetings(id),
    number     INTEGER NOT NULL,
    title      TEXT NOT NULL,
    starts_at  TEXT NOT NULL
);
CREATE INDEX meeting_sittings_meeting ON meeting_sittings (meeting_id, number);

CREATE TABLE meeting_checkins (
    sitting_id TEXT NOT NULL REFERENCES meeting_sittings(id),
    deputy_id  TEXT NOT NULL REFERENCES deputies(id),
    at         TEXT NOT NULL,
    PRIMARY KEY (sitting_id, deputy_id)
);
CREATE INDEX meeting_checkins_deputy ON meeting_checkins (deputy_id);

CREATE TABLE meeting_groups (
    id         TEXT PRIMARY KEY,
    meeting_id TEXT NOT NULL REFERENCES meetings(id),
    position   INTEGER NOT NULL,
    name       TEXT NOT NULL,
    convener   TEXT NOT NULL DEFAULT ''
);
CREATE INDEX meeting_groups_meeting ON meeting_groups (meeting_id, position);

CREATE TABLE meeting_opinions (
    id         TEXT PRIMARY KEY,
    meeting_id TEXT NOT NULL REFERENCES meetings(id),
    item_id    TEXT NOT NULL REFERENCES meeting_items(id),
    group_id   TEXT NOT NULL REFERENCES meeting_groups(id),
    deputy_id  TEXT NOT NULL REFERENCES deputies(id),
    text       TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE INDEX meeting_opinions_meeting ON meeting_opinions (meeting_id, item_id, created_at);

-- +goose Down
DROP TABLE meeting_opinions;
DROP TABLE meeting_groups;
DROP TABLE meeting_checkins;
DROP TABLE meeting_sittings;
DROP INDEX meetings_session;
ALTER TABLE meeting_items DROP COLUMN summary;
ALTER TABLE meeting_members DROP COLUMN group_id;
ALTER TABLE meeting_members DROP COLUMN registered_at;
ALTER TABLE meetings DROP COLUMN current_sitting;
ALTER TABLE meetings DROP COLUMN session_id;
