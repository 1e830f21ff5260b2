-- Livelihood projects (民生实事项目) and the deputies' secret ballots on them.
--
-- Ballot secrecy: vote_voters says THAT a deputy has voted, vote_ballots
-- WHAT a ballot says. Nothing joins them: no shared key besides the vote,
-- no timestamps on ballots, ballot keys are random receipts, and the
-- ballots table is WITHOUT ROWID, so its physical order is the random
-- receipt order, not the order of voting. See docs/architecture.md.

-- +goose Up
CREATE TABLE projects (
    id            TEXT PRIMARY KEY,
    congress_id   TEXT NOT NULL REFERENCES congresses(id),
    year          INTEGER NOT NULL,
    title         TEXT NOT NULL,
    description   TEXT NOT NULL DEFAULT '',
    category      TEXT NOT NULL DEFAULT '',
    budget        INTEGER NOT NULL DEFAULT 0,
    unit_id       TEXT REFERENCES organizations(id),
    target        TEXT NOT NULL DEFAULT '',
    deadline      TEXT,
    source        TEXT NOT NULL CHECK (source IN ('government','deputy','citizen')),
    proposer      TEXT NOT NULL DEFAULT '',
    status        TEXT NOT NULL CHECK (status IN ('proposed','candidate','rejected','adopted','not_adopted','in_progress','completed','rated')),
    plan_target   TEXT NOT NULL DEFAULT '',
    plan_start    TEXT,
    plan_deadline TEXT,
    plan_funds    INTEGER NOT NULL DEFAULT 0,
    progress      INTEGER NOT NULL DEFAULT 0,
    last_report   TEXT,
    rating        TEXT NOT NULL DEFAULT '',
    created_at    TEXT NOT NULL,
    updated_at    TEXT NOT NULL
);
CREATE INDEX projects_congress ON projects(congress_id, year, status);
CREATE INDEX projects_unit ON projects(unit_id);

CREATE TABLE project_milestones (
    id         TEXT PRIMARY KEY,
    project_id TEXT NOT NULL REFERENCES projects(id),
    title      TEXT NOT NULL,
    due        TEXT NOT NULL,
    done       BOOLEAN NOT NULL DEFAULT FALSE,
    done_on    TEXT
);
CREATE INDEX project_milestones_project ON project_milestones(project_id, due);

CREATE TABLE project_reports (
    id          TEXT PRIMARY KEY,
    project_id  TEXT NOT NULL REFERENCES projects(id),
    percent     INTEGER NOT NULL,
    text        TEXT NOT NULL,
    reported_on TEXT NOT NULL,
    by_name     TEXT NOT NULL DEFAULT '',
    created_at  TEXT NOT NULL
);
CREATE INDEX project_reports_project ON project_reports(project_id, reported_on);

CREATE TABLE project_inspections (
    id         TEXT PRIMARY KEY,
    project_id TEXT NOT NULL REFERENCES projects(id),
    day        TEXT NOT NULL,
    deputies   TEXT NOT NULL,
    notes      TEXT NOT NULL,
    by_name    TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL
);
CREATE INDEX project_inspections_project ON project_inspections(project_id, day);

CREATE TABLE votes (
    id           TEXT PRIMARY KEY,
    congress_id  TEXT NOT NULL REFERENCES congresses(id),
    session_id   TEXT REFERENCES sessions(id),
    kind         TEXT NOT NULL CHECK (kind IN ('select','rating')),
    title        TEXT NOT NULL,
    description  TEXT NOT NULL DEFAULT '',
    mode         TEXT NOT NULL CHECK (mode IN ('each','upto')),
    adopt        INTEGER NOT NULL DEFAULT 0,
    status       TEXT NOT NULL CHECK (status IN ('draft','open','closed')),
    opens_at     TEXT,
    closes_at    TEXT,
    checkin_code TEXT NOT NULL DEFAULT '',
    sealed       BOOLEAN NOT NULL DEFAULT FALSE,
    result_json  TEXT NOT NULL DEFAULT '',
    paper_json   TEXT NOT NULL DEFAULT '',
    opened_at    TEXT,
    closed_at    TEXT,
    created_at   TEXT NOT NULL,
    updated_at   TEXT NOT NULL
);
CREATE INDEX votes_congress ON votes(congress_id, status);

CREATE TABLE vote_candidates (
    vote_id    TEXT NOT NULL REFERENCES votes(id),
    project_id TEXT NOT NULL REFERENCES projects(id),
    position   INTEGER NOT NULL,
    PRIMARY KEY (vote_id, project_id)
);

-- One row per deputy on the vote's roll, made when the vote is set up:
-- present (attendance or check-in) and voted (flipped once, by a
-- conditional UPDATE in the same transaction as the ballot's INSERT).
CREATE TABLE vote_voters (
    vote_id   TEXT NOT NULL REFERENCES votes(id),
    deputy_id TEXT NOT NULL REFERENCES deputies(id),
    present   BOOLEAN NOT NULL DEFAULT FALSE,
    voted     BOOLEAN NOT NULL DEFAULT FALSE,
    paper     BOOLEAN NOT NULL DEFAULT FALSE,
    PRIMARY KEY (vote_id, deputy_id)
) WITHOUT ROWID;

-- The anonymous ballots: no voter, no time, keyed by a random receipt.
CREATE TABLE vote_ballots (
    vote_id TEXT NOT NULL REFERENCES votes(id),
    receipt TEXT NOT NULL,
    choices TEXT NOT NULL,
    PRIMARY KEY (vote_id, receipt)
) WITHOUT ROWID;

-- +goose Down
DROP TABLE vote_ballots;
DROP TABLE vote_voters;
DROP TABLE vote_candidates;
DROP TABLE votes;
DROP TABLE project_inspections;
DROP TABLE project_reports;
DROP TABLE project_milestones;
DROP TABLE projects;
