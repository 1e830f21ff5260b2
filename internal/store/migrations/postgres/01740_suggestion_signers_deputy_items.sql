-- A deputy's items (the scope of every list and count of a deputy's) are
-- read by the deputy from suggestion_signers: with an index on (deputy,
-- state) each of the deputy's rows was visited for its item, five times a
-- home page (a thousand rows for an active deputy at a province's volume).
-- The index now holds the item too, so the scope is read from it alone.

-- +goose Up
CREATE INDEX suggestion_signers_deputy_items ON suggestion_signers(deputy_id, status, suggestion_id);
DROP INDEX suggestion_signers_deputy;

-- +goose Down
CREATE INDEX suggestion_signers_deputy ON suggestion_signers(deputy_id, status);
DROP INDEX suggestion_signers_deputy_items;
