-- The open opinions in the order the staff's list shows them (soonest due
-- first, those without a due day last, then newest first): the list's
-- first page and each keyset page read this partial index in order instead
-- of sorting every open item (a province has tens of thousands open at a
-- time). The expressions and the states are the query's own (opinionOpen,
-- opinionsKeyset in internal/store).

-- +goose Up
CREATE INDEX opinions_open_order ON opinions(COALESCE(due, '9999-12-31'), created_at DESC, id DESC)
    WHERE state IN ('submitted', 'received', 'forwarded', 'handling', 'replied', 'supervised');

-- +goose Down
DROP INDEX opinions_open_order;
