-- Elections with more candidates than seats (差额选举) at a people's
-- congress session, voted on the ballot engine (kind meeting_election).

-- +goose Up
CREATE TABLE meeting_elections (
    id         TEXT PRIMARY KEY,
    meeting_id TEXT NOT NULL REFERENCES meetings(id),
    title      TEXT NOT NULL,
    seats      INTEGER NOT NULL,
    vote_id    TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL
);
CREATE INDEX meeting_elections_meeting ON meeting_elections (meeting_id);

CREATE TABLE meeting_candidates (
    id          TEXT PRIMARY KEY,
    election_id TEXT NOT NULL REFERENCES meeting_elections(id),
    position    INTEGER NOT NULL,
    name        TEXT NOT NULL,
    votes       INTEGER NOT NULL DEFAULT 0,
    elected     BOOLEAN NOT NULL DEFAULT FALSE,
    tie         BOOLEAN NOT NULL DEFAULT FALSE
);
CREATE INDEX meeting_candidates_election ON meeting_candidates (election_id, position);

-- +goose Down
DROP TABLE meeting_candidates;
DROP TABLE meeting_elections;
