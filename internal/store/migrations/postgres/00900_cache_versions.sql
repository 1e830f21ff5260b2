-- Versions of what each server caches in memory (settings, the working-day
-- calendar): a change raises its version in the same transaction, and a
-- server uses its cached copy only while the version is the same, so with
-- several servers on one database an edit applies on all of them at once.

-- +goose Up
CREATE TABLE cache_versions (
    name    TEXT PRIMARY KEY,
    version INTEGER NOT NULL
);
INSERT INTO cache_versions (name, version) VALUES ('settings', 0), ('calendar', 0);

-- +goose Down
DROP TABLE cache_versions;
