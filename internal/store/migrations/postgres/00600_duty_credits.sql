-- Deputies' duty records (履职档案), computed from the work: each workflow
-- credits the deputies involved in the transaction of the action (see
-- renda.Credit). One row per deputy, kind and source item.

-- +goose Up
CREATE TABLE duty_credits (
    deputy_id TEXT NOT NULL REFERENCES deputies(id),
    kind      TEXT NOT NULL,
    entity    TEXT NOT NULL,
    entity_id TEXT NOT NULL,
    title     TEXT NOT NULL,
    at        TEXT NOT NULL,
    year      INTEGER NOT NULL,
    PRIMARY KEY (deputy_id, kind, entity, entity_id)
);
CREATE INDEX duty_credits_year ON duty_credits(year, deputy_id);
CREATE INDEX duty_credits_source ON duty_credits(entity, entity_id);

-- +goose Down
DROP TABLE duty_credits;
