-- An item's page asks which item it was converted into (converted_from is
-- the source of a motion made from a suggestion or back). Without an index
-- the MAX(id) of the few such items walked every item's row: a scan per
-- page view, hundreds of milliseconds at 250,000 items. A partial index
-- holds only the few converted items.

-- +goose Up
CREATE INDEX suggestions_converted_from ON suggestions(converted_from, id) WHERE converted_from IS NOT NULL;

-- +goose Down
DROP INDEX suggestions_converted_from;
