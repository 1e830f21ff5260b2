-- The staff's to-do count on the home page (sugTodo) without a pass over
-- every item: each of its four conditions is read from an index (SQLite
-- plans them as a MULTI-INDEX OR): the states waiting for the staff
-- (suggestions_status_created), the pending approvals (records by state),
-- rated replies, and replies with the deputy's consent not yet published
-- (suggestions_publish_todo).

-- +goose Up
CREATE INDEX suggestion_records_pending ON suggestion_records (status, suggestion_id);
CREATE INDEX suggestions_publish_todo ON suggestions (publish_consent, published_at, status);

-- +goose Down
DROP INDEX suggestions_publish_todo;
DROP INDEX suggestion_records_pending;
