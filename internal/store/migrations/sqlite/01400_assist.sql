-- Proposals of package assist (internal/store/assist.go): the first units
-- proposed for a suggestion, kept so the statistics can say how often
-- staff took them.

-- +goose Up
CREATE TABLE assist_proposals (
    entity   TEXT NOT NULL,
    item_id  TEXT NOT NULL,
    task     TEXT NOT NULL,
    proposed TEXT NOT NULL,
    at       TEXT NOT NULL,
    PRIMARY KEY (entity, item_id, task)
);

-- +goose Down
DROP TABLE assist_proposals;
