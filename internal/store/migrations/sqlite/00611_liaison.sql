-- The "two contacts" (两个联系): committee members linked to deputies, and
-- the contacts they log with them. Deputies' contacts with voters are read
-- from the duty record (reception days, opinions answered), never typed.

-- +goose Up
CREATE TABLE member_deputies (
    user_id    TEXT NOT NULL REFERENCES users(id),
    deputy_id  TEXT NOT NULL REFERENCES deputies(id),
    created_at TEXT NOT NULL,
    PRIMARY KEY (user_id, deputy_id)
);
CREATE INDEX member_deputies_deputy ON member_deputies(deputy_id);
CREATE TABLE liaison_contacts (
    id         TEXT PRIMARY KEY,
    user_id    TEXT NOT NULL REFERENCES users(id),
    deputy_id  TEXT NOT NULL REFERENCES deputies(id),
    kind       TEXT NOT NULL,
    day        TEXT NOT NULL,
    note       TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE INDEX liaison_contacts_member ON liaison_contacts(user_id, day);

-- +goose Down
DROP TABLE liaison_contacts;
DROP TABLE member_deputies;
