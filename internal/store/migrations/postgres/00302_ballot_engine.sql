-- The ballot engine: a vote is about any set of items (entity and id), with
-- a kind from the kinds registry (livelihood, project_rating, and each later
-- workflow's), a choice scheme, and a counting rule (base and threshold).
-- The old column kind keeps how the result is counted: 'select' adopts up to
-- N items over the threshold, 'rating' grades each item.

-- +goose Up
ALTER TABLE votes ADD COLUMN ballot_kind TEXT NOT NULL DEFAULT '';
ALTER TABLE votes ADD COLUMN scheme TEXT NOT NULL DEFAULT '';
ALTER TABLE votes ADD COLUMN rule_base TEXT NOT NULL DEFAULT '';
ALTER TABLE votes ADD COLUMN rule_threshold TEXT NOT NULL DEFAULT '';
ALTER TABLE votes ADD COLUMN rule_pct INTEGER NOT NULL DEFAULT 0;
UPDATE votes SET ballot_kind = CASE kind WHEN 'rating' THEN 'project_rating' ELSE 'livelihood' END,
    scheme = CASE WHEN kind = 'rating' THEN 'rating' WHEN mode = 'upto' THEN 'up_to_n' ELSE 'yes_no_abstain' END;

CREATE TABLE vote_items (
    vote_id  TEXT NOT NULL REFERENCES votes(id),
    entity   TEXT NOT NULL,
    item_id  TEXT NOT NULL,
    position INTEGER NOT NULL,
    PRIMARY KEY (vote_id, item_id)
);
CREATE INDEX vote_items_item ON vote_items (entity, item_id);
INSERT INTO vote_items (vote_id, entity, item_id, position) SELECT vote_id, 'project', project_id, position FROM vote_candidates;
DROP TABLE vote_candidates;

-- +goose Down
CREATE TABLE vote_candidates (
    vote_id    TEXT NOT NULL REFERENCES votes(id),
    project_id TEXT NOT NULL REFERENCES projects(id),
    position   INTEGER NOT NULL,
    PRIMARY KEY (vote_id, project_id)
);
INSERT INTO vote_candidates (vote_id, project_id, position) SELECT vote_id, item_id, position FROM vote_items WHERE entity = 'project';
DROP TABLE vote_items;
ALTER TABLE votes DROP COLUMN rule_pct;
ALTER TABLE votes DROP COLUMN rule_threshold;
ALTER TABLE votes DROP COLUMN rule_base;
ALTER TABLE votes DROP COLUMN scheme;
ALTER TABLE votes DROP COLUMN ballot_kind;
