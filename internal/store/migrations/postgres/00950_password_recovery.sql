-- Password recovery by a text message (找回密码): a user names their
-- account and the phone on record (their own, or the deputy's for a
-- deputy's account) and receives a one-time code. The phone is sealed like
-- every other phone, with a keyed index to find it. password_codes keeps
-- each request (also those that matched no account: user_id NULL) so that
-- requests are throttled per account and per address, and only the hash of
-- a code, its expiry and the wrong tries against it.

-- +goose Up
ALTER TABLE users ADD COLUMN phone_enc TEXT NOT NULL DEFAULT '';
ALTER TABLE users ADD COLUMN phone_index TEXT NOT NULL DEFAULT '';
CREATE INDEX users_phone ON users(phone_index);

CREATE TABLE password_codes (
    id         TEXT PRIMARY KEY,
    user_id    TEXT REFERENCES users(id),
    ip         TEXT NOT NULL,
    code_hash  TEXT NOT NULL DEFAULT '',
    attempts   INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    used_at    TEXT
);
CREATE INDEX password_codes_user ON password_codes(user_id, created_at);
CREATE INDEX password_codes_ip ON password_codes(ip, created_at);

-- +goose Down
DROP TABLE password_codes;
DROP INDEX users_phone;
ALTER TABLE users DROP COLUMN phone_index;
ALTER TABLE users DROP COLUMN phone_enc;
