-- 质询案 (监督法 ch. 6): a supervision item of kind inquiry with form
-- 'interpellation', signed by members of the standing committee; the body
-- answers (round 1, 2, …) by its deadline; each signer says whether they
-- are satisfied with each answer.

-- +goose Up
ALTER TABLE supervision_items ADD COLUMN form TEXT NOT NULL DEFAULT '';
ALTER TABLE supervision_items ADD COLUMN round INTEGER NOT NULL DEFAULT 0;
ALTER TABLE supervision_items ADD COLUMN answer_mode TEXT NOT NULL DEFAULT '';
ALTER TABLE supervision_items ADD COLUMN answer_due TEXT;
ALTER TABLE supervision_items ADD COLUMN answered_on TEXT;

CREATE TABLE supervision_signers (
    item_id   TEXT NOT NULL REFERENCES supervision_items(id),
    deputy_id TEXT NOT NULL REFERENCES deputies(id),
    position  INTEGER NOT NULL,
    PRIMARY KEY (item_id, deputy_id)
);

CREATE TABLE supervision_answers (
    id          TEXT PRIMARY KEY,
    item_id     TEXT NOT NULL REFERENCES supervision_items(id),
    round       INTEGER NOT NULL,
    mode        TEXT NOT NULL,
    official    TEXT NOT NULL DEFAULT '',
    answer      TEXT NOT NULL,
    answered_on TEXT NOT NULL,
    answered_by TEXT REFERENCES users(id),
    UNIQUE (item_id, round)
);

CREATE TABLE supervision_stances (
    item_id   TEXT NOT NULL REFERENCES supervision_items(id),
    round     INTEGER NOT NULL,
    deputy_id TEXT NOT NULL REFERENCES deputies(id),
    satisfied BOOLEAN NOT NULL,
    reason    TEXT NOT NULL DEFAULT '',
    stated_on TEXT NOT NULL,
    PRIMARY KEY (item_id, round, deputy_id)
);

-- +goose Down
DROP TABLE supervision_stances;
DROP TABLE supervision_answers;
DROP TABLE supervision_signers;
ALTER TABLE supervision_items DROP COLUMN answered_on;
ALTER TABLE supervision_items DROP COLUMN answer_due;
ALTER TABLE supervision_items DROP COLUMN answer_mode;
ALTER TABLE supervision_items DROP COLUMN round;
ALTER TABLE supervision_items DROP COLUMN form;
