-- The items each handling unit sees (those assigned to it in any role, and
-- those copied to it as the procuratorate; each item once), with the day
-- the item was created, so that a unit's list newest first reads its first
-- page from this table's key in order instead of picking and sorting all of
-- the unit's items. Kept in step by triggers in the transaction of each
-- change, as the unit's statistics (migration 01620).

-- +goose Up
CREATE TABLE suggestion_org_items (
    org_id        TEXT NOT NULL,
    created_at    TEXT NOT NULL,
    suggestion_id TEXT NOT NULL,
    PRIMARY KEY (org_id, created_at, suggestion_id)
);

CREATE INDEX suggestion_org_items_item ON suggestion_org_items (suggestion_id);

INSERT INTO suggestion_org_items (org_id, created_at, suggestion_id)
    SELECT v.org_id, s.created_at, s.id
    FROM (SELECT u.suggestion_id, u.org_id FROM suggestion_units u UNION SELECT p.id, p.procuratorate_id FROM suggestions p WHERE p.procuratorate_id IS NOT NULL) v
    JOIN suggestions s ON s.id = v.suggestion_id;

-- +goose StatementBegin
CREATE FUNCTION suggestion_org_items_step() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE' THEN
        IF NOT (OLD.procuratorate_id IS DISTINCT FROM NEW.procuratorate_id OR OLD.created_at <> NEW.created_at) THEN
            RETURN NULL;
        END IF;
    END IF;
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        DELETE FROM suggestion_org_items WHERE suggestion_id = OLD.id;
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        INSERT INTO suggestion_org_items (org_id, created_at, suggestion_id)
        SELECT v.org_id, NEW.created_at, NEW.id
        FROM (SELECT u.org_id FROM suggestion_units u WHERE u.suggestion_id = NEW.id UNION SELECT NEW.procuratorate_id WHERE NEW.procuratorate_id IS NOT NULL) v
        ON CONFLICT DO NOTHING;
    END IF;
    RETURN NULL;
END;
$$;
-- +goose StatementEnd

CREATE TRIGGER suggestion_org_items_step AFTER INSERT OR UPDATE OR DELETE ON suggestions
    FOR EACH ROW EXECUTE FUNCTION suggestion_org_items_step();

-- +goose StatementBegin
CREATE FUNCTION suggestion_org_items_unit_step() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE' THEN
        IF OLD.org_id = NEW.org_id AND OLD.suggestion_id = NEW.suggestion_id THEN
            RETURN NULL;
        END IF;
    END IF;
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        DELETE FROM suggestion_org_items WHERE suggestion_id = OLD.suggestion_id AND org_id = OLD.org_id
            AND NOT EXISTS (SELECT 1 FROM suggestion_units u WHERE u.suggestion_id = OLD.suggestion_id AND u.org_id = OLD.org_id)
            AND NOT EXISTS (SELECT 1 FROM suggestions s WHERE s.id = OLD.suggestion_id AND s.procuratorate_id = OLD.org_id);
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        INSERT INTO suggestion_org_items (org_id, created_at, suggestion_id)
        SELECT NEW.org_id, s.created_at, s.id FROM suggestions s WHERE s.id = NEW.suggestion_id
        ON CONFLICT DO NOTHING;
    END IF;
    RETURN NULL;
END;
$$;
-- +goose StatementEnd

CREATE TRIGGER suggestion_org_items_unit_step AFTER INSERT OR UPDATE OR DELETE ON suggestion_units
    FOR EACH ROW EXECUTE FUNCTION suggestion_org_items_unit_step();

-- +goose Down
DROP TRIGGER suggestion_org_items_unit_step ON suggestion_units;
DROP FUNCTION suggestion_org_items_unit_step();
DROP TRIGGER suggestion_org_items_step ON suggestions;
DROP FUNCTION suggestion_org_items_step();
DROP TABLE suggestion_org_items;
