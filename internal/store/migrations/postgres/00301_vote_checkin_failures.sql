-- Wrong check-in codes per deputy and vote: after vote.checkin_max_failures
-- the deputy must ask staff to mark them present (the code has 6 digits).

-- +goose Up
ALTER TABLE vote_voters ADD COLUMN checkin_failures INTEGER NOT NULL DEFAULT 0;

-- +goose Down
ALTER TABLE vote_voters DROP COLUMN checkin_failures;
