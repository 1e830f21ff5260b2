-- Nonces of signed 12345 requests seen recently: a nonce used once is
-- refused afterwards, so a captured request cannot be replayed within the
-- timestamp window. Rows older than the window are purged as new ones come.

-- +goose Up
CREATE TABLE hotline_nonces (
    nonce   TEXT PRIMARY KEY,
    seen_at TEXT NOT NULL
);
CREATE INDEX hotline_nonces_seen ON hotline_nonces(seen_at);

-- +goose Down
DROP TABLE hotline_nonces;
