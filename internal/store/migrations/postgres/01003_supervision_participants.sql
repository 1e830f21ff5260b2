-- Who takes part in a supervision item (an inspection team, the committee of
-- a 特定问题调查), and who is excluded for an interest (回避, 监督法 art. 57).

-- +goose Up
CREATE TABLE supervision_participants (
    item_id   TEXT NOT NULL REFERENCES supervision_items(id),
    deputy_id TEXT NOT NULL REFERENCES deputies(id),
    recused   BOOLEAN NOT NULL DEFAULT FALSE,
    reason    TEXT NOT NULL DEFAULT '',
    added_at  TEXT NOT NULL,
    PRIMARY KEY (item_id, deputy_id)
);

-- +goose Down
DROP TABLE supervision_participants;
