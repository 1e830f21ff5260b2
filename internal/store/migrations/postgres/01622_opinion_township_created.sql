-- The leaders' screen's opinions by township: each township's count of the
-- year is a range of this index (township, then day received), not a sort
-- of the whole year's opinions by township.

-- +goose Up
CREATE INDEX opinions_township_created ON opinions (township_id, created_at);

-- +goose Down
DROP INDEX opinions_township_created;
