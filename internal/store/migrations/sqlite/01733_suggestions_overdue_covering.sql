-- The overdue items of the statistics (open, past their due day), counted
-- by category, delegation and lead unit for all years, a year or a session:
-- read from these indexes alone (covering what the counts group and filter
-- by), not by a visit to each overdue item's row and its units' rows
-- (9,193 overdue items of 250,000: two text-keyed lookups each).

-- +goose Up
CREATE INDEX suggestions_overdue ON suggestions(status, due_on, category, delegation_id, kind, submitted_at, session_id, id);
CREATE INDEX suggestion_units_item_role ON suggestion_units(suggestion_id, role, org_id);

-- +goose Down
DROP INDEX suggestion_units_item_role;
DROP INDEX suggestions_overdue;
