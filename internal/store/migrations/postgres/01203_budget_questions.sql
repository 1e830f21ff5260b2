-- Deputies' questions on a department's budget, answered in writing
-- (budget.QuestionFlow).

-- +goose Up
CREATE TABLE budget_questions (
    id          TEXT PRIMARY KEY,
    year        INTEGER NOT NULL,
    org_id      TEXT NOT NULL REFERENCES organizations(id),
    asker_id    TEXT NOT NULL REFERENCES users(id),
    asker_name  TEXT NOT NULL,
    text        TEXT NOT NULL,
    answer      TEXT NOT NULL DEFAULT '',
    answered_by TEXT NOT NULL DEFAULT '',
    state       TEXT NOT NULL,
    created_at  TEXT NOT NULL
);
CREATE INDEX budget_questions_org ON budget_questions (org_id, state);
CREATE INDEX budget_questions_asker ON budget_questions (asker_id);

-- +goose Down
DROP TABLE budget_questions;
