-- A township's opinions of a period by channel (a township's own screen:
-- its 12345 orders and reception-day opinions of the year), read from this
-- index's range instead of every opinion of the township.

-- +goose Up
CREATE INDEX opinions_township_created ON opinions(township_id, created_at, channel);

-- +goose Down
DROP INDEX opinions_township_created;
