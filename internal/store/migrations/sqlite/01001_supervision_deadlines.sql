-- The deadlines of a special report and its 审议意见 (监督法 art. 15–17):
-- the meeting, the report due 20 days before it, sent to members 7 days
-- before, the opinions sent and the body's 研究处理情况 due after them.

-- +goose Up
ALTER TABLE supervision_items ADD COLUMN meeting_on TEXT;
ALTER TABLE supervision_items ADD COLUMN report_on TEXT;
ALTER TABLE supervision_items ADD COLUMN members_on TEXT;
ALTER TABLE supervision_items ADD COLUMN opinions TEXT NOT NULL DEFAULT '';
ALTER TABLE supervision_items ADD COLUMN opinions_on TEXT;
ALTER TABLE supervision_items ADD COLUMN response_due TEXT;
ALTER TABLE supervision_items ADD COLUMN response TEXT NOT NULL DEFAULT '';
ALTER TABLE supervision_items ADD COLUMN response_on TEXT;

-- +goose Down
ALTER TABLE supervision_items DROP COLUMN response_on;
ALTER TABLE supervision_items DROP COLUMN response;
ALTER TABLE supervision_items DROP COLUMN response_due;
ALTER TABLE supervision_items DROP COLUMN opinions_on;
ALTER TABLE supervision_items DROP COLUMN opinions;
ALTER TABLE supervision_items DROP COLUMN members_on;
ALTER TABLE supervision_items DROP COLUMN report_on;
ALTER TABLE supervision_items DROP COLUMN meeting_on;
