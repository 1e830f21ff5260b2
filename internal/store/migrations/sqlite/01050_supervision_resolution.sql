-- An optional 决议 on a special report (监督法 art. 18) with its own
-- deadline for the body's report on carrying it out.

-- +goose Up
ALTER TABLE supervision_items ADD COLUMN resolution TEXT NOT NULL DEFAULT '';
ALTER TABLE supervision_items ADD COLUMN resolution_on TEXT;
ALTER TABLE supervision_items ADD COLUMN resolution_due TEXT;
ALTER TABLE supervision_items ADD COLUMN resolution_answer TEXT NOT NULL DEFAULT '';
ALTER TABLE supervision_items ADD COLUMN resolution_done_on TEXT;

-- +goose Down
ALTER TABLE supervision_items DROP COLUMN resolution_done_on;
ALTER TABLE supervision_items DROP COLUMN resolution_answer;
ALTER TABLE supervision_items DROP COLUMN resolution_due;
ALTER TABLE supervision_items DROP COLUMN resolution_on;
ALTER TABLE supervision_items DROP COLUMN resolution;
