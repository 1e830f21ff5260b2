-- Outbound messages' recipients (citizens' and users' phones, e-mail
-- addresses) are sealed like every other phone: recipient_enc holds the
-- sealed address, recipient only a masked form for the outbox page. Rows
-- written before are sealed by the store when it starts (sealOutbox), as
-- SQL cannot encrypt. erased_at marks a message whose personal data the
-- retention sweep removed.

-- +goose Up
ALTER TABLE outbox ADD COLUMN recipient_enc TEXT NOT NULL DEFAULT '';
ALTER TABLE outbox ADD COLUMN erased_at TEXT;

-- +goose Down
ALTER TABLE outbox DROP COLUMN erased_at;
ALTER TABLE outbox DROP COLUMN recipient_enc;
