-- The audit chain's head is signed with a key kept outside the database
-- (--audit-key): HMAC-SHA256 over its sequence number and hash. Someone who
-- can write to the database but has not the key cannot recompute the chain
-- after an edit, nor move the head back after deleting the last records,
-- without `renda audit verify` noticing (see docs/architecture.md, Security).

-- +goose Up
ALTER TABLE audit_head ADD COLUMN mac TEXT NOT NULL DEFAULT '';

-- +goose Down
ALTER TABLE audit_head DROP COLUMN mac;
