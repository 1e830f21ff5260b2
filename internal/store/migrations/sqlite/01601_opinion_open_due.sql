-- The overdue count of the opinion statistics (the open items past their due
-- day, created in the period) reads only this index: a partial index of the
-- open items (a backlog, not every opinion), covering what the statistics
-- group them by, so that it neither visits the rows nor scans the closed
-- ones. The query names the open states literally, as here.

-- +goose Up
CREATE INDEX opinions_open_due ON opinions(state, due, created_at, channel, category, township_id, station_id)
    WHERE state IN ('submitted', 'received', 'forwarded', 'handling', 'replied', 'supervised');

-- +goose Down
DROP INDEX opinions_open_due;
