-- Deputies' reports to voters (代表向选民述职): drafted from the duty
-- record, presented at a station, rated by voters through the ballot engine
-- (kind duty_report), published on the deputy's public page. Voters rate
-- with a one-time code sent by SMS to their phone: vote_codes says THAT a
-- phone has rated (a keyed index of it, never the number), vote_ballots
-- WHAT — nothing joins them, as for deputies' ballots.

-- +goose Up
CREATE TABLE duty_reports (
    id           TEXT PRIMARY KEY,
    deputy_id    TEXT NOT NULL REFERENCES deputies(id),
    congress_id  TEXT NOT NULL REFERENCES congresses(id),
    year         INTEGER NOT NULL,
    title        TEXT NOT NULL,
    body         TEXT NOT NULL DEFAULT '',
    state        TEXT NOT NULL,
    station_id   TEXT REFERENCES stations(id),
    day          TEXT,
    audience     INTEGER NOT NULL DEFAULT 0,
    vote_id      TEXT REFERENCES votes(id),
    ballots      INTEGER NOT NULL DEFAULT 0,
    satisfied    INTEGER NOT NULL DEFAULT 0,
    basic        INTEGER NOT NULL DEFAULT 0,
    dissatisfied INTEGER NOT NULL DEFAULT 0,
    grade        TEXT NOT NULL DEFAULT '',
    created_at   TEXT NOT NULL,
    updated_at   TEXT NOT NULL,
    published_at TEXT
);
CREATE INDEX duty_reports_deputy ON duty_reports(deputy_id, year);
CREATE INDEX duty_reports_vote ON duty_reports(vote_id);

CREATE TABLE vote_codes (
    vote_id   TEXT NOT NULL REFERENCES votes(id),
    phone_ix  TEXT NOT NULL,
    code_hash TEXT NOT NULL,
    tries     INTEGER NOT NULL DEFAULT 0,
    used      BOOLEAN NOT NULL DEFAULT FALSE,
    sent_at   TEXT NOT NULL,
    PRIMARY KEY (vote_id, phone_ix)
);

-- +goose Down
DROP TABLE vote_codes;
DROP TABLE duty_reports;
