-- The finance bureau's system is an integration too (kind finance): it
-- pushes budget data signed as the 12345 platform's orders.

-- +goose Up
ALTER TABLE integrations DROP CONSTRAINT integrations_kind_check;
ALTER TABLE integrations ADD CONSTRAINT integrations_kind_check CHECK (kind IN ('hotline','open311','finance'));

-- +goose Down
DELETE FROM integrations WHERE kind = 'finance';
ALTER TABLE integrations DROP CONSTRAINT integrations_kind_check;
ALTER TABLE integrations ADD CONSTRAINT integrations_kind_check CHECK (kind IN ('hotline','open311'));
