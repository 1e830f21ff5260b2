-- The year's figures of opinions (the leaders' screen and the year's
-- figures: received, 12345, reception days, answered, satisfied, by
-- township) read only this index over the year's range (an index-only
-- scan), not every row.

-- +goose Up
CREATE INDEX opinions_year_figures ON opinions(created_at) INCLUDE (channel, rating, answered_at, township_id);

-- +goose Down
DROP INDEX opinions_year_figures;
