-- The other team members who joined in finding a problem (the finder is
-- supervision_findings.deputy_id); each is credited on their duty record.

-- +goose Up
CREATE TABLE supervision_finding_members (
    finding_id TEXT NOT NULL REFERENCES supervision_findings(id),
    deputy_id  TEXT NOT NULL REFERENCES deputies(id),
    position   INTEGER NOT NULL,
    PRIMARY KEY (finding_id, deputy_id)
);

-- +goose Down
DROP TABLE supervision_finding_members;
