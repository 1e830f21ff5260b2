-- Meetings of the 三会 (people's congress, standing committee, chairmen's
-- meetings): roll and attendance, the agenda tree, resolutions and their
-- follow-up tasks; appointments (人事任免) from nomination to oath.

-- +goose Up
CREATE TABLE meetings (
    id          TEXT PRIMARY KEY,
    kind        TEXT NOT NULL,
    number      INTEGER NOT NULL DEFAULT 0,
    title       TEXT NOT NULL,
    congress_id TEXT NOT NULL REFERENCES congresses(id),
    starts_at   TEXT NOT NULL,
    ends_at     TEXT,
    place       TEXT NOT NULL DEFAULT '',
    chair       TEXT NOT NULL DEFAULT '',
    state       TEXT NOT NULL,
    noticed_at  TEXT,
    current_item TEXT NOT NULL DEFAULT '',
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL
);
CREATE INDEX meetings_starts ON meetings (starts_at);

CREATE TABLE meeting_members (
    meeting_id TEXT NOT NULL REFERENCES meetings(id),
    deputy_id  TEXT NOT NULL REFERENCES deputies(id),
    attends    BOOLEAN NOT NULL DEFAULT FALSE,
    present    BOOLEAN NOT NULL DEFAULT FALSE,
    leave      TEXT NOT NULL DEFAULT '',
    leave_reason TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (meeting_id, deputy_id)
);
CREATE INDEX meeting_members_deputy ON meeting_members (deputy_id);

CREATE TABLE meeting_items (
    id             TEXT PRIMARY KEY,
    meeting_id     TEXT NOT NULL REFERENCES meetings(id),
    parent_id      TEXT NOT NULL DEFAULT '',
    position       INTEGER NOT NULL,
    title          TEXT NOT NULL,
    kind           TEXT NOT NULL,
    reporter       TEXT NOT NULL DEFAULT '',
    appointment_id TEXT NOT NULL DEFAULT '',
    vote_id        TEXT NOT NULL DEFAULT '',
    result         TEXT NOT NULL DEFAULT ''
);
CREATE INDEX meeting_items_meeting ON meeting_items (meeting_id, position);

CREATE TABLE meeting_resolutions (
    id         TEXT PRIMARY KEY,
    meeting_id TEXT NOT NULL REFERENCES meetings(id),
    item_id    TEXT NOT NULL REFERENCES meeting_items(id),
    title      TEXT NOT NULL,
    body       TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL
);
CREATE INDEX meeting_resolutions_meeting ON meeting_resolutions (meeting_id);

CREATE TABLE meeting_tasks (
    id            TEXT PRIMARY KEY,
    resolution_id TEXT NOT NULL REFERENCES meeting_resolutions(id),
    meeting_id    TEXT NOT NULL REFERENCES meetings(id),
    org_id        TEXT NOT NULL REFERENCES organizations(id),
    body          TEXT NOT NULL,
    due           TEXT NOT NULL,
    state         TEXT NOT NULL,
    report        TEXT NOT NULL DEFAULT '',
    updated_at    TEXT NOT NULL
);
CREATE INDEX meeting_tasks_org ON meeting_tasks (org_id, state);
CREATE INDEX meeting_tasks_due ON meeting_tasks (state, due);

CREATE TABLE appointments (
    id         TEXT PRIMARY KEY,
    name       TEXT NOT NULL,
    post       TEXT NOT NULL,
    kind       TEXT NOT NULL DEFAULT 'appoint',
    nominator  TEXT NOT NULL,
    resume     TEXT NOT NULL DEFAULT '',
    statement  TEXT NOT NULL DEFAULT '',
    exam_score INTEGER NOT NULL DEFAULT 0,
    meeting_id TEXT NOT NULL DEFAULT '',
    state      TEXT NOT NULL,
    oath_at    TEXT,
    oath_form  TEXT NOT NULL DEFAULT '',
    witnesses  TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);

-- +goose Down
DROP TABLE appointments;
DROP TABLE meeting_tasks;
DROP TABLE meeting_resolutions;
DROP TABLE meeting_items;
DROP TABLE meeting_members;
DROP TABLE meetings;
