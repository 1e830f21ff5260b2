-- A unit's home page counts its items waiting for it, due within 15 days
-- and overdue: all among its open items (assigned or rehandling). Found
-- through the item's state, those counts read every one of the unit's
-- items (thousands over the years at a province's volume) or every open
-- item of the province. suggestion_org_items (migration 01721, the items
-- each unit sees) now marks the open ones with their due day, kept in step
-- by triggers in the transaction of each change, so that a unit's open
-- items are a range of one index.

-- +goose Up
ALTER TABLE suggestion_org_items ADD COLUMN is_open INTEGER NOT NULL DEFAULT 0, ADD COLUMN due_on TEXT;

UPDATE suggestion_org_items v SET is_open = 1, due_on = s.due_on
    FROM suggestions s WHERE s.id = v.suggestion_id AND s.status IN ('assigned', 'rehandling');

CREATE INDEX suggestion_org_items_open ON suggestion_org_items (org_id, due_on) WHERE is_open = 1;

-- A row added (an assignment, a copy, an item's key changed) takes the
-- item's state as it is.
-- +goose StatementBegin
CREATE FUNCTION suggestion_org_items_fill() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    SELECT CASE WHEN s.status IN ('assigned', 'rehandling') THEN 1 ELSE 0 END, CASE WHEN s.status IN ('assigned', 'rehandling') THEN s.due_on END
        INTO NEW.is_open, NEW.due_on FROM suggestions s WHERE s.id = NEW.suggestion_id;
    NEW.is_open := COALESCE(NEW.is_open, 0);
    RETURN NEW;
END;
$$;
-- +goose StatementEnd

CREATE TRIGGER suggestion_org_items_fill BEFORE INSERT ON suggestion_org_items
    FOR EACH ROW EXECUTE FUNCTION suggestion_org_items_fill();

-- +goose StatementBegin
CREATE FUNCTION suggestion_org_items_open() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF (OLD.status IN ('assigned', 'rehandling')) IS DISTINCT FROM (NEW.status IN ('assigned', 'rehandling')) OR OLD.due_on IS DISTINCT FROM NEW.due_on THEN
        UPDATE suggestion_org_items SET is_open = CASE WHEN NEW.status IN ('assigned', 'rehandling') THEN 1 ELSE 0 END,
            due_on = CASE WHEN NEW.status IN ('assigned', 'rehandling') THEN NEW.due_on END
            WHERE suggestion_id = NEW.id;
    END IF;
    RETURN NULL;
END;
$$;
-- +goose StatementEnd

CREATE TRIGGER suggestion_org_items_open AFTER UPDATE OF status, due_on ON suggestions
    FOR EACH ROW EXECUTE FUNCTION suggestion_org_items_open();

-- +goose Down
DROP TRIGGER suggestion_org_items_open ON suggestions;
DROP FUNCTION suggestion_org_items_open();
DROP TRIGGER suggestion_org_items_fill ON suggestion_org_items;
DROP FUNCTION suggestion_org_items_fill();
DROP INDEX suggestion_org_items_open;
ALTER TABLE suggestion_org_items DROP COLUMN due_on, DROP COLUMN is_open;
