-- The staff's overdue items newest first (SuggestionPage with the overdue
-- filter): from suggestions_status (status, due_on) every overdue item of
-- the province was read from the table and sorted by its time to show a
-- page of 20 (9,193 items at a province's volume, 34 ms). A partial index
-- of the open items in the list's order, with their due day, so that a
-- page is read from its newest end and each item's due day is checked in
-- the index; its condition is the overdue filter's own term.

-- +goose Up
CREATE INDEX suggestions_open_created ON suggestions(created_at, id, due_on) WHERE status IN ('assigned', 'rehandling');

-- +goose Down
DROP INDEX suggestions_open_created;
