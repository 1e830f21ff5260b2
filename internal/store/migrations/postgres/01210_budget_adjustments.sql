-- Budget adjustments and transfers (预算调整和调剂) are lines of kind
-- adjustment with the document (文号) that made them and its reason; an
-- import replaces the lines of the same documents. A document that needs
-- the standing committee's approval (预算法 art. 67) has an item of its own
-- (budget.AdjustmentFlow), one per year and document. A budget review may
-- carry out an item of the supervision plan, or none (plan_item_id NULL).

-- +goose Up
ALTER TABLE budget_lines ADD COLUMN doc TEXT NOT NULL DEFAULT '';
ALTER TABLE budget_lines ADD COLUMN note TEXT NOT NULL DEFAULT '';
CREATE INDEX budget_lines_doc ON budget_lines (year, kind, doc);
CREATE INDEX budget_lines_econ ON budget_lines (econ_code, year);

CREATE TABLE budget_adjustments (
    id         TEXT PRIMARY KEY,
    year       INTEGER NOT NULL,
    doc        TEXT NOT NULL,
    summary    TEXT NOT NULL,
    state      TEXT NOT NULL,
    meeting_on TEXT,
    due        TEXT,
    decision   TEXT NOT NULL DEFAULT '',
    decided_on TEXT,
    created_at TEXT NOT NULL
);
CREATE UNIQUE INDEX budget_adjustments_doc ON budget_adjustments (year, doc);
CREATE INDEX budget_adjustments_state ON budget_adjustments (state);

ALTER TABLE budget_reviews ADD COLUMN plan_item_id TEXT REFERENCES supervision_items(id);

-- +goose Down
ALTER TABLE budget_reviews DROP COLUMN plan_item_id;
DROP TABLE budget_adjustments;
DROP INDEX budget_lines_econ;
DROP INDEX budget_lines_doc;
ALTER TABLE budget_lines DROP COLUMN note;
ALTER TABLE budget_lines DROP COLUMN doc;
