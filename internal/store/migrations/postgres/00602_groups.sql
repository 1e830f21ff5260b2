-- Groups of deputies: professional groups and practice bases (实践基地:
-- a village, the deputy leading it, its goals), members beyond the one
-- professional group a deputy belongs to, and what groups did together.

-- +goose Up
ALTER TABLE deputy_groups ADD COLUMN kind TEXT NOT NULL DEFAULT 'professional';
ALTER TABLE deputy_groups ADD COLUMN region_id TEXT REFERENCES regions(id);
ALTER TABLE deputy_groups ADD COLUMN leader_id TEXT REFERENCES deputies(id);
ALTER TABLE deputy_groups ADD COLUMN goals TEXT NOT NULL DEFAULT '';
CREATE TABLE group_members (
    group_id  TEXT NOT NULL REFERENCES deputy_groups(id),
    deputy_id TEXT NOT NULL REFERENCES deputies(id),
    PRIMARY KEY (group_id, deputy_id)
);
CREATE TABLE group_activities (
    id         TEXT PRIMARY KEY,
    group_id   TEXT NOT NULL REFERENCES deputy_groups(id),
    day        TEXT NOT NULL,
    title      TEXT NOT NULL,
    summary    TEXT NOT NULL DEFAULT '',
    created_by TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL
);
CREATE INDEX group_activities_group ON group_activities(group_id, day);
CREATE TABLE group_activity_deputies (
    activity_id TEXT NOT NULL REFERENCES group_activities(id),
    deputy_id   TEXT NOT NULL REFERENCES deputies(id),
    PRIMARY KEY (activity_id, deputy_id)
);

-- +goose Down
DROP TABLE group_activity_deputies;
DROP TABLE group_activities;
DROP TABLE group_members;
ALTER TABLE deputy_groups DROP COLUMN goals;
ALTER TABLE deputy_groups DROP COLUMN leader_id;
ALTER TABLE deputy_groups DROP COLUMN region_id;
ALTER TABLE deputy_groups DROP COLUMN kind;
