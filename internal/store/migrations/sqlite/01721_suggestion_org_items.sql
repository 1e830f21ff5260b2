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
CREATE TRIGGER suggestion_org_items_insert AFTER INSERT ON suggestions WHEN NEW.procuratorate_id IS NOT NULL BEGIN
    INSERT OR IGNORE INTO suggestion_org_items (org_id, created_at, suggestion_id) VALUES (NEW.procuratorate_id, NEW.created_at, NEW.id);
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER suggestion_org_items_update AFTER UPDATE OF procuratorate_id, created_at ON suggestions WHEN OLD.procuratorate_id IS NOT NEW.procuratorate_id OR OLD.created_at <> NEW.created_at BEGIN
    DELETE FROM suggestion_org_items WHERE suggestion_id = OLD.id;
    INSERT OR IGNORE INTO suggestion_org_items (org_id, created_at, suggestion_id)
        SELECT v.org_id, NEW.created_at, NEW.id
        FROM (SELECT u.org_id FROM suggestion_units u WHERE u.suggestion_id = NEW.id UNION SELECT NEW.procuratorate_id WHERE NEW.procuratorate_id IS NOT NULL) v WHERE true;
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER suggestion_org_items_delete AFTER DELETE ON suggestions BEGIN
    DELETE FROM suggestion_org_items WHERE suggestion_id = OLD.id;
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER suggestion_org_items_unit_insert AFTER INSERT ON suggestion_units BEGIN
    INSERT OR IGNORE INTO suggestion_org_items (org_id, created_at, suggestion_id)
        SELECT NEW.org_id, s.created_at, s.id FROM suggestions s WHERE s.id = NEW.suggestion_id;
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER suggestion_org_items_unit_update AFTER UPDATE OF org_id, suggestion_id ON suggestion_units WHEN OLD.org_id <> NEW.org_id OR OLD.suggestion_id <> NEW.suggestion_id BEGIN
    DELETE FROM suggestion_org_items WHERE suggestion_id = OLD.suggestion_id AND org_id = OLD.org_id
        AND NOT EXISTS (SELECT 1 FROM suggestion_units u WHERE u.suggestion_id = OLD.suggestion_id AND u.org_id = OLD.org_id)
        AND NOT EXISTS (SELECT 1 FROM suggestions s WHERE s.id = OLD.suggestion_id AND s.procuratorate_id = OLD.org_id);
    INSERT OR IGNORE INTO suggestion_org_items (org_id, created_at, suggestion_id)
        SELECT NEW.org_id, s.created_at, s.id FROM suggestions s WHERE s.id = NEW.suggestion_id;
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER suggestion_org_items_unit_delete AFTER DELETE ON suggestion_units BEGIN
    DELETE FROM suggestion_org_items WHERE suggestion_id = OLD.suggestion_id AND org_id = OLD.org_id
        AND NOT EXISTS (SELECT 1 FROM suggestion_units u WHERE u.suggestion_id = OLD.suggestion_id AND u.org_id = OLD.org_id)
        AND NOT EXISTS (SELECT 1 FROM suggestions s WHERE s.id = OLD.suggestion_id AND s.procuratorate_id = OLD.org_id);
END;
-- +goose StatementEnd

-- +goose Down
DROP TRIGGER suggestion_org_items_unit_delete;
DROP TRIGGER suggestion_org_items_unit_update;
DROP TRIGGER suggestion_org_items_unit_insert;
DROP TRIGGER suggestion_org_items_delete;
DROP TRIGGER suggestion_org_items_update;
DROP TRIGGER suggestion_org_items_insert;
DROP TABLE suggestion_org_items;
