-- A handling unit's own statistics (SuggestionStatistics as a unit user)
-- from a summary table kept in step by triggers in the transaction of each
-- change, as the staff's (migrations 00960, 01540): how many of the items a
-- unit sees (those assigned to it in any role, and those copied to it as
-- the procuratorate; each item once) there are of each combination of the
-- figures' keys and the year of submission. suggestion_unit_stat_counts
-- counts assignments, not items, and has neither category nor delegation,
-- so it gives only the unit's own row; an index on its unit serves that.

-- +goose Up
CREATE TABLE suggestion_org_stat_counts (
    org_id         TEXT NOT NULL,
    year           INTEGER NOT NULL,
    kind           TEXT NOT NULL,
    status         TEXT NOT NULL,
    category       TEXT NOT NULL,
    delegation_id  TEXT NOT NULL,
    during         INTEGER NOT NULL,
    published      INTEGER NOT NULL,
    assigned       INTEGER NOT NULL,
    replied        INTEGER NOT NULL,
    on_time        INTEGER NOT NULL,
    reply_category TEXT NOT NULL,
    rating         TEXT NOT NULL,
    rehandled      INTEGER NOT NULL,
    priority       INTEGER NOT NULL,
    n              INTEGER NOT NULL,
    PRIMARY KEY (org_id, year, kind, status, category, delegation_id, during, published, assigned, replied, on_time, reply_category, rating, rehandled, priority)
);

CREATE INDEX suggestion_unit_stat_counts_org ON suggestion_unit_stat_counts (org_id, year);

INSERT INTO suggestion_org_stat_counts (org_id, year, kind, status, category, delegation_id, during, published, assigned, replied, on_time, reply_category, rating, rehandled, priority, n)
    SELECT v.org_id, COALESCE(CAST(substr(s.submitted_at, 1, 4) AS INTEGER) + CASE WHEN substr(s.submitted_at, 6) >= '12-31T16:00:00.000000Z' THEN 1 ELSE 0 END, 0), s.kind, s.status, s.category, COALESCE(s.delegation_id, ''), CASE WHEN s.during_session THEN 1 ELSE 0 END, CASE WHEN s.published_at IS NOT NULL THEN 1 ELSE 0 END, CASE WHEN s.due_on IS NOT NULL OR s.first_replied_on IS NOT NULL THEN 1 ELSE 0 END, CASE WHEN s.first_replied_on IS NOT NULL THEN 1 ELSE 0 END, CASE WHEN s.replied_on_time THEN 1 ELSE 0 END, s.reply_category, s.rating, CASE WHEN s.rehandled > 0 THEN 1 ELSE 0 END, CASE WHEN s.priority THEN 1 ELSE 0 END, COUNT(*)
    FROM (SELECT u.suggestion_id, u.org_id FROM suggestion_units u UNION SELECT p.id, p.procuratorate_id FROM suggestions p WHERE p.procuratorate_id IS NOT NULL) v
    JOIN suggestions s ON s.id = v.suggestion_id
    GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15;

-- +goose StatementBegin
CREATE TRIGGER suggestion_org_stats_insert AFTER INSERT ON suggestions BEGIN
    INSERT INTO suggestion_org_stat_counts (org_id, year, kind, status, category, delegation_id, during, published, assigned, replied, on_time, reply_category, rating, rehandled, priority, n)
        SELECT v.org_id, COALESCE(CAST(substr(NEW.submitted_at, 1, 4) AS INTEGER) + CASE WHEN substr(NEW.submitted_at, 6) >= '12-31T16:00:00.000000Z' THEN 1 ELSE 0 END, 0), NEW.kind, NEW.status, NEW.category, COALESCE(NEW.delegation_id, ''), CASE WHEN NEW.during_session THEN 1 ELSE 0 END, CASE WHEN NEW.published_at IS NOT NULL THEN 1 ELSE 0 END, CASE WHEN NEW.due_on IS NOT NULL OR NEW.first_replied_on IS NOT NULL THEN 1 ELSE 0 END, CASE WHEN NEW.first_replied_on IS NOT NULL THEN 1 ELSE 0 END, CASE WHEN NEW.replied_on_time THEN 1 ELSE 0 END, NEW.reply_category, NEW.rating, CASE WHEN NEW.rehandled > 0 THEN 1 ELSE 0 END, CASE WHEN NEW.priority THEN 1 ELSE 0 END, 1
        FROM (SELECT u.org_id FROM suggestion_units u WHERE u.suggestion_id = NEW.id UNION SELECT NEW.procuratorate_id WHERE NEW.procuratorate_id IS NOT NULL) v WHERE true
        ON CONFLICT (org_id, year, kind, status, category, delegation_id, during, published, assigned, replied, on_time, reply_category, rating, rehandled, priority) DO UPDATE SET n = suggestion_org_stat_counts.n + excluded.n;
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER suggestion_org_stats_update AFTER UPDATE ON suggestions WHEN OLD.submitted_at IS NOT NEW.submitted_at OR OLD.procuratorate_id IS NOT NEW.procuratorate_id OR OLD.kind <> NEW.kind OR OLD.status <> NEW.status OR OLD.category <> NEW.category OR COALESCE(OLD.delegation_id, '') <> COALESCE(NEW.delegation_id, '') OR CASE WHEN OLD.during_session THEN 1 ELSE 0 END <> CASE WHEN NEW.during_session THEN 1 ELSE 0 END OR CASE WHEN OLD.published_at IS NOT NULL THEN 1 ELSE 0 END <> CASE WHEN NEW.published_at IS NOT NULL THEN 1 ELSE 0 END OR CASE WHEN OLD.due_on IS NOT NULL OR OLD.first_replied_on IS NOT NULL THEN 1 ELSE 0 END <> CASE WHEN NEW.due_on IS NOT NULL OR NEW.first_replied_on IS NOT NULL THEN 1 ELSE 0 END OR CASE WHEN OLD.first_replied_on IS NOT NULL THEN 1 ELSE 0 END <> CASE WHEN NEW.first_replied_on IS NOT NULL THEN 1 ELSE 0 END OR CASE WHEN OLD.replied_on_time THEN 1 ELSE 0 END <> CASE WHEN NEW.replied_on_time THEN 1 ELSE 0 END OR OLD.reply_category <> NEW.reply_category OR OLD.rating <> NEW.rating OR CASE WHEN OLD.rehandled > 0 THEN 1 ELSE 0 END <> CASE WHEN NEW.rehandled > 0 THEN 1 ELSE 0 END OR CASE WHEN OLD.priority THEN 1 ELSE 0 END <> CASE WHEN NEW.priority THEN 1 ELSE 0 END BEGIN
    INSERT INTO suggestion_org_stat_counts (org_id, year, kind, status, category, delegation_id, during, published, assigned, replied, on_time, reply_category, rating, rehandled, priority, n)
        SELECT v.org_id, COALESCE(CAST(substr(OLD.submitted_at, 1, 4) AS INTEGER) + CASE WHEN substr(OLD.submitted_at, 6) >= '12-31T16:00:00.000000Z' THEN 1 ELSE 0 END, 0), OLD.kind, OLD.status, OLD.category, COALESCE(OLD.delegation_id, ''), CASE WHEN OLD.during_session THEN 1 ELSE 0 END, CASE WHEN OLD.published_at IS NOT NULL THEN 1 ELSE 0 END, CASE WHEN OLD.due_on IS NOT NULL OR OLD.first_replied_on IS NOT NULL THEN 1 ELSE 0 END, CASE WHEN OLD.first_replied_on IS NOT NULL THEN 1 ELSE 0 END, CASE WHEN OLD.replied_on_time THEN 1 ELSE 0 END, OLD.reply_category, OLD.rating, CASE WHEN OLD.rehandled > 0 THEN 1 ELSE 0 END, CASE WHEN OLD.priority THEN 1 ELSE 0 END, -1
        FROM (SELECT u.org_id FROM suggestion_units u WHERE u.suggestion_id = OLD.id UNION SELECT OLD.procuratorate_id WHERE OLD.procuratorate_id IS NOT NULL) v WHERE true
        ON CONFLICT (org_id, year, kind, status, category, delegation_id, during, published, assigned, replied, on_time, reply_category, rating, rehandled, priority) DO UPDATE SET n = suggestion_org_stat_counts.n + excluded.n;
    INSERT INTO suggestion_org_stat_counts (org_id, year, kind, status, category, delegation_id, during, published, assigned, replied, on_time, reply_category, rating, rehandled, priority, n)
        SELECT v.org_id, COALESCE(CAST(substr(NEW.submitted_at, 1, 4) AS INTEGER) + CASE WHEN substr(NEW.submitted_at, 6) >= '12-31T16:00:00.000000Z' THEN 1 ELSE 0 END, 0), NEW.kind, NEW.status, NEW.category, COALESCE(NEW.delegation_id, ''), CASE WHEN NEW.during_session THEN 1 ELSE 0 END, CASE WHEN NEW.published_at IS NOT NULL THEN 1 ELSE 0 END, CASE WHEN NEW.due_on IS NOT NULL OR NEW.first_replied_on IS NOT NULL THEN 1 ELSE 0 END, CASE WHEN NEW.first_replied_on IS NOT NULL THEN 1 ELSE 0 END, CASE WHEN NEW.replied_on_time THEN 1 ELSE 0 END, NEW.reply_category, NEW.rating, CASE WHEN NEW.rehandled > 0 THEN 1 ELSE 0 END, CASE WHEN NEW.priority THEN 1 ELSE 0 END, 1
        FROM (SELECT u.org_id FROM suggestion_units u WHERE u.suggestion_id = NEW.id UNION SELECT NEW.procuratorate_id WHERE NEW.procuratorate_id IS NOT NULL) v WHERE true
        ON CONFLICT (org_id, year, kind, status, category, delegation_id, during, published, assigned, replied, on_time, reply_category, rating, rehandled, priority) DO UPDATE SET n = suggestion_org_stat_counts.n + excluded.n;
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER suggestion_org_stats_delete AFTER DELETE ON suggestions BEGIN
    INSERT INTO suggestion_org_stat_counts (org_id, year, kind, status, category, delegation_id, during, published, assigned, replied, on_time, reply_category, rating, rehandled, priority, n)
        SELECT v.org_id, COALESCE(CAST(substr(OLD.submitted_at, 1, 4) AS INTEGER) + CASE WHEN substr(OLD.submitted_at, 6) >= '12-31T16:00:00.000000Z' THEN 1 ELSE 0 END, 0), OLD.kind, OLD.status, OLD.category, COALESCE(OLD.delegation_id, ''), CASE WHEN OLD.during_session THEN 1 ELSE 0 END, CASE WHEN OLD.published_at IS NOT NULL THEN 1 ELSE 0 END, CASE WHEN OLD.due_on IS NOT NULL OR OLD.first_replied_on IS NOT NULL THEN 1 ELSE 0 END, CASE WHEN OLD.first_replied_on IS NOT NULL THEN 1 ELSE 0 END, CASE WHEN OLD.replied_on_time THEN 1 ELSE 0 END, OLD.reply_category, OLD.rating, CASE WHEN OLD.rehandled > 0 THEN 1 ELSE 0 END, CASE WHEN OLD.priority THEN 1 ELSE 0 END, -1
        FROM (SELECT u.org_id FROM suggestion_units u WHERE u.suggestion_id = OLD.id UNION SELECT OLD.procuratorate_id WHERE OLD.procuratorate_id IS NOT NULL) v WHERE true
        ON CONFLICT (org_id, year, kind, status, category, delegation_id, during, published, assigned, replied, on_time, reply_category, rating, rehandled, priority) DO UPDATE SET n = suggestion_org_stat_counts.n + excluded.n;
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER suggestion_org_unit_stats_insert AFTER INSERT ON suggestion_units BEGIN
    INSERT INTO suggestion_org_stat_counts (org_id, year, kind, status, category, delegation_id, during, published, assigned, replied, on_time, reply_category, rating, rehandled, priority, n)
        SELECT NEW.org_id, COALESCE(CAST(substr(s.submitted_at, 1, 4) AS INTEGER) + CASE WHEN substr(s.submitted_at, 6) >= '12-31T16:00:00.000000Z' THEN 1 ELSE 0 END, 0), s.kind, s.status, s.category, COALESCE(s.delegation_id, ''), CASE WHEN s.during_session THEN 1 ELSE 0 END, CASE WHEN s.published_at IS NOT NULL THEN 1 ELSE 0 END, CASE WHEN s.due_on IS NOT NULL OR s.first_replied_on IS NOT NULL THEN 1 ELSE 0 END, CASE WHEN s.first_replied_on IS NOT NULL THEN 1 ELSE 0 END, CASE WHEN s.replied_on_time THEN 1 ELSE 0 END, s.reply_category, s.rating, CASE WHEN s.rehandled > 0 THEN 1 ELSE 0 END, CASE WHEN s.priority THEN 1 ELSE 0 END, 1 FROM suggestions s WHERE s.id = NEW.suggestion_id AND s.procuratorate_id IS NOT NEW.org_id
        ON CONFLICT (org_id, year, kind, status, category, delegation_id, during, published, assigned, replied, on_time, reply_category, rating, rehandled, priority) DO UPDATE SET n = suggestion_org_stat_counts.n + excluded.n;
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER suggestion_org_unit_stats_update AFTER UPDATE OF org_id, suggestion_id ON suggestion_units WHEN OLD.org_id <> NEW.org_id OR OLD.suggestion_id <> NEW.suggestion_id BEGIN
    INSERT INTO suggestion_org_stat_counts (org_id, year, kind, status, category, delegation_id, during, published, assigned, replied, on_time, reply_category, rating, rehandled, priority, n)
        SELECT OLD.org_id, COALESCE(CAST(substr(s.submitted_at, 1, 4) AS INTEGER) + CASE WHEN substr(s.submitted_at, 6) >= '12-31T16:00:00.000000Z' THEN 1 ELSE 0 END, 0), s.kind, s.status, s.category, COALESCE(s.delegation_id, ''), CASE WHEN s.during_session THEN 1 ELSE 0 END, CASE WHEN s.published_at IS NOT NULL THEN 1 ELSE 0 END, CASE WHEN s.due_on IS NOT NULL OR s.first_replied_on IS NOT NULL THEN 1 ELSE 0 END, CASE WHEN s.first_replied_on IS NOT NULL THEN 1 ELSE 0 END, CASE WHEN s.replied_on_time THEN 1 ELSE 0 END, s.reply_category, s.rating, CASE WHEN s.rehandled > 0 THEN 1 ELSE 0 END, CASE WHEN s.priority THEN 1 ELSE 0 END, -1 FROM suggestions s WHERE s.id = OLD.suggestion_id AND s.procuratorate_id IS NOT OLD.org_id
        ON CONFLICT (org_id, year, kind, status, category, delegation_id, during, published, assigned, replied, on_time, reply_category, rating, rehandled, priority) DO UPDATE SET n = suggestion_org_stat_counts.n + excluded.n;
    INSERT INTO suggestion_org_stat_counts (org_id, year, kind, status, category, delegation_id, during, published, assigned, replied, on_time, reply_category, rating, rehandled, priority, n)
        SELECT NEW.org_id, COALESCE(CAST(substr(s.submitted_at, 1, 4) AS INTEGER) + CASE WHEN substr(s.submitted_at, 6) >= '12-31T16:00:00.000000Z' THEN 1 ELSE 0 END, 0), s.kind, s.status, s.category, COALESCE(s.delegation_id, ''), CASE WHEN s.during_session THEN 1 ELSE 0 END, CASE WHEN s.published_at IS NOT NULL THEN 1 ELSE 0 END, CASE WHEN s.due_on IS NOT NULL OR s.first_replied_on IS NOT NULL THEN 1 ELSE 0 END, CASE WHEN s.first_replied_on IS NOT NULL THEN 1 ELSE 0 END, CASE WHEN s.replied_on_time THEN 1 ELSE 0 END, s.reply_category, s.rating, CASE WHEN s.rehandled > 0 THEN 1 ELSE 0 END, CASE WHEN s.priority THEN 1 ELSE 0 END, 1 FROM suggestions s WHERE s.id = NEW.suggestion_id AND s.procuratorate_id IS NOT NEW.org_id
        ON CONFLICT (org_id, year, kind, status, category, delegation_id, during, published, assigned, replied, on_time, reply_category, rating, rehandled, priority) DO UPDATE SET n = suggestion_org_stat_counts.n + excluded.n;
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER suggestion_org_unit_stats_delete AFTER DELETE ON suggestion_units BEGIN
    INSERT INTO suggestion_org_stat_counts (org_id, year, kind, status, category, delegation_id, during, published, assigned, replied, on_time, reply_category, rating, rehandled, priority, n)
        SELECT OLD.org_id, COALESCE(CAST(substr(s.submitted_at, 1, 4) AS INTEGER) + CASE WHEN substr(s.submitted_at, 6) >= '12-31T16:00:00.000000Z' THEN 1 ELSE 0 END, 0), s.kind, s.status, s.category, COALESCE(s.delegation_id, ''), CASE WHEN s.during_session THEN 1 ELSE 0 END, CASE WHEN s.published_at IS NOT NULL THEN 1 ELSE 0 END, CASE WHEN s.due_on IS NOT NULL OR s.first_replied_on IS NOT NULL THEN 1 ELSE 0 END, CASE WHEN s.first_replied_on IS NOT NULL THEN 1 ELSE 0 END, CASE WHEN s.replied_on_time THEN 1 ELSE 0 END, s.reply_category, s.rating, CASE WHEN s.rehandled > 0 THEN 1 ELSE 0 END, CASE WHEN s.priority THEN 1 ELSE 0 END, -1 FROM suggestions s WHERE s.id = OLD.suggestion_id AND s.procuratorate_id IS NOT OLD.org_id
        ON CONFLICT (org_id, year, kind, status, category, delegation_id, during, published, assigned, replied, on_time, reply_category, rating, rehandled, priority) DO UPDATE SET n = suggestion_org_stat_counts.n + excluded.n;
END;
-- +goose StatementEnd

-- +goose Down
DROP TRIGGER suggestion_org_unit_stats_delete;
DROP TRIGGER suggestion_org_unit_stats_update;
DROP TRIGGER suggestion_org_unit_stats_insert;
DROP TRIGGER suggestion_org_stats_delete;
DROP TRIGGER suggestion_org_stats_update;
DROP TRIGGER suggestion_org_stats_insert;
DROP INDEX suggestion_unit_stat_counts_org;
DROP TABLE suggestion_org_stat_counts;
