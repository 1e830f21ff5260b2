-- How many times a citizen's 不满意 sent an answered opinion back: once to
-- the deputy, then to the staff's supervision (督办).

-- +goose Up
ALTER TABLE opinions ADD COLUMN reopened INTEGER NOT NULL DEFAULT 0;

-- +goose Down
ALTER TABLE opinions DROP COLUMN reopened;
