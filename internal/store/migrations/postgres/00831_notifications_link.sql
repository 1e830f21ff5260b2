-- Messages pointing to an item are marked done when the item moves on.

-- +goose Up
CREATE INDEX notifications_link ON notifications(link) WHERE read_at IS NULL;

-- +goose Down
DROP INDEX notifications_link;
