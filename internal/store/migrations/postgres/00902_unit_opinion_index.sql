-- A unit's forwarded opinions newest first, in the index's order (the unit's
-- list and home page at a province's volume).

-- +goose Up
CREATE INDEX opinions_org_created ON opinions(forward_org_id, created_at, id);

-- +goose Down
DROP INDEX opinions_org_created;
