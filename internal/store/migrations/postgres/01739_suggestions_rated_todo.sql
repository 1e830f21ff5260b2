-- The staff's to-do (sugTodo) includes replies the deputy has rated
-- (state replied, rated in this round): from suggestions_status_created
-- that was every replied item of the province, each visited for its
-- rating (about 11,000 at a province's volume, for the list page and its
-- count). A partial index of the rated replies only, whose condition is
-- the to-do's own terms.

-- +goose Up
CREATE INDEX suggestions_rated_todo ON suggestions(status, id) WHERE rating <> '' AND rated_round = round;

-- +goose Down
DROP INDEX suggestions_rated_todo;
