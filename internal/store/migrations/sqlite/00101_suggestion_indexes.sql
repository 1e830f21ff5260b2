-- Indexes for the lists at a province's volume: newest first, and each
-- unit's items newest first.

-- +goose Up
CREATE INDEX suggestions_created ON suggestions(created_at, id);
CREATE INDEX suggestions_category ON suggestions(category, status);
CREATE INDEX suggestions_status_created ON suggestions(status, created_at);
CREATE INDEX suggestions_procuratorate ON suggestions(procuratorate_id);

-- +goose Down
DROP INDEX suggestions_procuratorate;
DROP INDEX suggestions_status_created;
DROP INDEX suggestions_category;
DROP INDEX suggestions_created;
