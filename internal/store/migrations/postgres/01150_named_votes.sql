-- Named (open, 记名) votes: a property of any vote on the ballot engine.
-- For a named vote each member's choices are recorded by name in
-- vote_named, apart from the anonymous ballots; a secret vote (the
-- default) writes nothing there.

-- +goose Up
ALTER TABLE votes ADD COLUMN named BOOLEAN NOT NULL DEFAULT FALSE;
CREATE TABLE vote_named (
    vote_id   TEXT NOT NULL REFERENCES votes(id),
    deputy_id TEXT NOT NULL REFERENCES deputies(id),
    choices   TEXT NOT NULL,
    PRIMARY KEY (vote_id, deputy_id)
);

-- +goose Down
DROP TABLE vote_named;
ALTER TABLE votes DROP COLUMN named;
