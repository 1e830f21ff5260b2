-- Indexes for a province's volume: the 12345 order of an opinion (joined
-- by every opinion list), and opinions newest first in the order the lists
-- page through them.

-- +goose Up
CREATE INDEX hotline_orders_opinion ON hotline_orders(opinion_id);
CREATE INDEX opinions_created_id ON opinions(created_at, id);

-- +goose Down
DROP INDEX opinions_created_id;
DROP INDEX hotline_orders_opinion;
