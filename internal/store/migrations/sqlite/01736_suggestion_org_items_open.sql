-- A unit's home page counts its items waiting for it, due within 15 days
-- and overdue: all among its open items (assigned or rehandling). Found
-- through the item's state, those counts read every one of the unit's
-- items (thousands over the years at a province's volume) or every open
-- item of the province. suggestion_org_items (migration 01721, the items
-- each unit sees) now marks the open ones with their due day, kept in step
-- by triggers in the transaction of each change, so that a unit's open
-- items are a range of one index.

-- +goose Up
ALTER TABLE suggestion_org_items ADD COLUMN is_open INTEGER NOT NULL DEFAULT 0;
ALTER TABLE suggestion_org_items ADD COLUMN due_on TEXT;

UPDATE suggestion_org_items SET is_open = 1, due_on = (SELECT s.due_on FROM suggestions s WHERE s.id = suggestion_org_items.suggestion_id)
    WHERE suggestion_id IN (SELECT s.id FROM suggestions s WHERE s.status IN ('assigned', 'rehandling'));

CREATE INDEX suggestion_org_items_open ON suggestion_org_items (org_id, due_on) WHERE is_open = 1;

-- A row added (an assignment, a copy, an item's key changed) takes the
-- item's state as it is.
-- +goose StatementBegin
CREATE TRIGGER suggestion_org_items_fill AFTER INSERT ON suggestion_org_items
    WHEN EXISTS (SELECT 1 FROM suggestions s WHERE s.id = NEW.suggestion_id AND s.status IN ('assigned', 'rehandling')) BEGIN
    UPDATE suggestion_org_items SET is_open = 1, due_on = (SELECT s.due_on FROM suggestions s WHERE s.id = NEW.suggestion_id)
        WHERE org_id = NEW.org_id AND created_at = NEW.created_at AND suggestion_id = NEW.suggestion_id;
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER suggestion_org_items_open AFTER UPDATE OF status, due_on ON suggestions
    WHEN (OLD.status IN ('assigned', 'rehandling')) <> (NEW.status IN ('assigned', 'rehandling')) OR OLD.due_on IS NOT NEW.due_on BEGIN
    UPDATE suggestion_org_items SET is_open = CASE WHEN NEW.status IN ('assigned', 'rehandling') THEN 1 ELSE 0 END,
        due_on = CASE WHEN NEW.status IN ('assigned', 'rehandling') THEN NEW.due_on END
        WHERE suggestion_id = NEW.id;
END;
-- +goose StatementEnd

-- +goose Down
DROP TRIGGER suggestion_org_items_open;
DROP TRIGGER suggestion_org_items_fill;
DROP INDEX suggestion_org_items_open;
ALTER TABLE suggestion_org_items DROP COLUMN due_on;
ALTER TABLE suggestion_org_items DROP COLUMN is_open;
