-- The summary tables of migration 00960 with the year (in China Standard
-- Time, the year an item was submitted, as the year filter of the
-- statistics counts it: submitted_at is UTC text, so an item counts in the
-- next year from 16:00 UTC on 31 December; 0 for an item never submitted)
-- as one more key, so that the statistics of one year, like those of all
-- years, sum a few hundred rows instead of grouping the year's items. Kept in
-- step by triggers in the transaction of each change, as before.

-- +goose Up
DROP TRIGGER suggestion_unit_stats_delete;
DROP TRIGGER suggestion_unit_stats_update;
DROP TRIGGER suggestion_unit_stats_insert;
DROP TRIGGER suggestion_stats_delete;
DROP TRIGGER suggestion_stats_update;
DROP TRIGGER suggestion_stats_insert;
DROP TABLE suggestion_unit_stat_counts;
DROP TABLE suggestion_stat_counts;

CREATE TABLE suggestion_stat_counts (
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
    PRIMARY KEY (year, kind, status, category, delegation_id, during, published, assigned, replied, on_time, reply_category, rating, rehandled, priority)
);

CREATE TABLE suggestion_unit_stat_counts (
    year           INTEGER NOT NULL,
    org_id         TEXT NOT NULL,
    lead           INTEGER NOT NULL,
    kind           TEXT NOT NULL,
    status         TEXT NOT NULL,
    assigned       INTEGER NOT NULL,
    replied        INTEGER NOT NULL,
    on_time        INTEGER NOT NULL,
    reply_category TEXT NOT NULL,
    rating         TEXT NOT NULL,
    rehandled      INTEGER NOT NULL,
    priority       INTEGER NOT NULL,
    n              INTEGER NOT NULL,
    PRIMARY KEY (year, org_id, lead, kind, status, assigned, replied, on_time, reply_category, rating, rehandled, priority)
);

INSERT INTO suggestion_stat_counts (year, kind, status, category, delegation_id, during, published, assigned, replied, on_time, reply_category, rating, rehandled, priority, n)
    SELECT COALESCE(CAST(substr(s.submitted_at, 1, 4) AS INTEGER) + CASE WHEN substr(s.submitted_at, 6) >= '12-31T16:00:00.000000Z' THEN 1 ELSE 0 END, 0), s.kind, s.status, s.category, COALESCE(s.delegation_id, ''), CASE WHEN s.during_session THEN 1 ELSE 0 END, CASE WHEN s.published_at IS NOT NULL THEN 1 ELSE 0 END, CASE WHEN s.due_on IS NOT NULL OR s.first_replied_on IS NOT NULL THEN 1 ELSE 0 END, CASE WHEN s.first_replied_on IS NOT NULL THEN 1 ELSE 0 END, CASE WHEN s.replied_on_time THEN 1 ELSE 0 END, s.reply_category, s.rating, CASE WHEN s.rehandled > 0 THEN 1 ELSE 0 END, CASE WHEN s.priority THEN 1 ELSE 0 END, COUNT(*) FROM suggestions s GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14;
INSERT INTO suggestion_unit_stat_counts (year, org_id, lead, kind, status, assigned, replied, on_time, reply_category, rating, rehandled, priority, n)
    SELECT COALESCE(CAST(substr(s.submitted_at, 1, 4) AS INTEGER) + CASE WHEN substr(s.submitted_at, 6) >= '12-31T16:00:00.000000Z' THEN 1 ELSE 0 END, 0), u.org_id, CASE WHEN u.role IN ('lead', 'split') THEN 1 ELSE 0 END, s.kind, s.status, CASE WHEN s.due_on IS NOT NULL OR s.first_replied_on IS NOT NULL THEN 1 ELSE 0 END, CASE WHEN s.first_replied_on IS NOT NULL THEN 1 ELSE 0 END, CASE WHEN s.replied_on_time THEN 1 ELSE 0 END, s.reply_category, s.rating, CASE WHEN s.rehandled > 0 THEN 1 ELSE 0 END, CASE WHEN s.priority THEN 1 ELSE 0 END, COUNT(*)
    FROM suggestion_units u JOIN suggestions s ON s.id = u.suggestion_id GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12;

-- +goose StatementBegin
CREATE TRIGGER suggestion_stats_insert AFTER INSERT ON suggestions BEGIN
    INSERT INTO suggestion_stat_counts (year, kind, status, category, delegation_id, during, published, assigned, replied, on_time, reply_category, rating, rehandled, priority, n) VALUES (COALESCE(CAST(substr(NEW.submitted_at, 1, 4) AS INTEGER) + CASE WHEN substr(NEW.submitted_at, 6) >= '12-31T16:00:00.000000Z' THEN 1 ELSE 0 END, 0), NEW.kind, NEW.status, NEW.category, COALESCE(NEW.delegation_id, ''), CASE WHEN NEW.during_session THEN 1 ELSE 0 END, CASE WHEN NEW.published_at IS NOT NULL THEN 1 ELSE 0 END, CASE WHEN NEW.due_on IS NOT NULL OR NEW.first_replied_on IS NOT NULL THEN 1 ELSE 0 END, CASE WHEN NEW.first_replied_on IS NOT NULL THEN 1 ELSE 0 END, CASE WHEN NEW.replied_on_time THEN 1 ELSE 0 END, NEW.reply_category, NEW.rating, CASE WHEN NEW.rehandled > 0 THEN 1 ELSE 0 END, CASE WHEN NEW.priority THEN 1 ELSE 0 END, 1)
        ON CONFLICT (year, kind, status, category, delegation_id, during, published, assigned, replied, on_time, reply_category, rating, rehandled, priority) DO UPDATE SET n = suggestion_stat_counts.n + excluded.n;
    INSERT INTO suggestion_unit_stat_counts (year, org_id, lead, kind, status, assigned, replied, on_time, reply_category, rating, rehandled, priority, n)
        SELECT COALESCE(CAST(substr(NEW.submitted_at, 1, 4) AS INTEGER) + CASE WHEN substr(NEW.submitted_at, 6) >= '12-31T16:00:00.000000Z' THEN 1 ELSE 0 END, 0), u.org_id, CASE WHEN u.role IN ('lead', 'split') THEN 1 ELSE 0 END, NEW.kind, NEW.status, CASE WHEN NEW.due_on IS NOT NULL OR NEW.first_replied_on IS NOT NULL THEN 1 ELSE 0 END, CASE WHEN NEW.first_replied_on IS NOT NULL THEN 1 ELSE 0 END, CASE WHEN NEW.replied_on_time THEN 1 ELSE 0 END, NEW.reply_category, NEW.rating, CASE WHEN NEW.rehandled > 0 THEN 1 ELSE 0 END, CASE WHEN NEW.priority THEN 1 ELSE 0 END, COUNT(*) FROM suggestion_units u WHERE u.suggestion_id = NEW.id GROUP BY u.org_id, CASE WHEN u.role IN ('lead', 'split') THEN 1 ELSE 0 END
        ON CONFLICT (year, org_id, lead, kind, status, assigned, replied, on_time, reply_category, rating, rehandled, priority) DO UPDATE SET n = suggestion_unit_stat_counts.n + excluded.n;
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER suggestion_stats_update AFTER UPDATE ON suggestions WHEN OLD.submitted_at IS NOT NEW.submitted_at OR OLD.kind <> NEW.kind OR OLD.status <> NEW.status OR OLD.category <> NEW.category OR COALESCE(OLD.delegation_id, '') <> COALESCE(NEW.delegation_id, '') OR CASE WHEN OLD.during_session THEN 1 ELSE 0 END <> CASE WHEN NEW.during_session THEN 1 ELSE 0 END OR CASE WHEN OLD.published_at IS NOT NULL THEN 1 ELSE 0 END <> CASE WHEN NEW.published_at IS NOT NULL THEN 1 ELSE 0 END OR CASE WHEN OLD.due_on IS NOT NULL OR OLD.first_replied_on IS NOT NULL THEN 1 ELSE 0 END <> CASE WHEN NEW.due_on IS NOT NULL OR NEW.first_replied_on IS NOT NULL THEN 1 ELSE 0 END OR CASE WHEN OLD.first_replied_on IS NOT NULL THEN 1 ELSE 0 END <> CASE WHEN NEW.first_replied_on IS NOT NULL THEN 1 ELSE 0 END OR CASE WHEN OLD.replied_on_time THEN 1 ELSE 0 END <> CASE WHEN NEW.replied_on_time THEN 1 ELSE 0 END OR OLD.reply_category <> NEW.reply_category OR OLD.rating <> NEW.rating OR CASE WHEN OLD.rehandled > 0 THEN 1 ELSE 0 END <> CASE WHEN NEW.rehandled > 0 THEN 1 ELSE 0 END OR CASE WHEN OLD.priority THEN 1 ELSE 0 END <> CASE WHEN NEW.priority THEN 1 ELSE 0 END BEGIN
    INSERT INTO suggestion_stat_counts (year, kind, status, category, delegation_id, during, published, assigned, replied, on_time, reply_category, rating, rehandled, priority, n) VALUES (COALESCE(CAST(substr(OLD.submitted_at, 1, 4) AS INTEGER) + CASE WHEN substr(OLD.submitted_at, 6) >= '12-31T16:00:00.000000Z' THEN 1 ELSE 0 END, 0), OLD.kind, OLD.status, OLD.category, COALESCE(OLD.delegation_id, ''), CASE WHEN OLD.during_session THEN 1 ELSE 0 END, CASE WHEN OLD.published_at IS NOT NULL THEN 1 ELSE 0 END, CASE WHEN OLD.due_on IS NOT NULL OR OLD.first_replied_on IS NOT NULL THEN 1 ELSE 0 END, CASE WHEN OLD.first_replied_on IS NOT NULL THEN 1 ELSE 0 END, CASE WHEN OLD.replied_on_time THEN 1 ELSE 0 END, OLD.reply_category, OLD.rating, CASE WHEN OLD.rehandled > 0 THEN 1 ELSE 0 END, CASE WHEN OLD.priority THEN 1 ELSE 0 END, -1)
        ON CONFLICT (year, kind, status, category, delegation_id, during, published, assigned, replied, on_time, reply_category, rating, rehandled, priority) DO UPDATE SET n = suggestion_stat_counts.n + excluded.n;
    INSERT INTO suggestion_stat_counts (year, kind, status, category, delegation_id, during, published, assigned, replied, on_time, reply_category, rating, rehandled, priority, n) VALUES (COALESCE(CAST(substr(NEW.submitted_at, 1, 4) AS INTEGER) + CASE WHEN substr(NEW.submitted_at, 6) >= '12-31T16:00:00.000000Z' THEN 1 ELSE 0 END, 0), NEW.kind, NEW.status, NEW.category, COALESCE(NEW.delegation_id, ''), CASE WHEN NEW.during_session THEN 1 ELSE 0 END, CASE WHEN NEW.published_at IS NOT NULL THEN 1 ELSE 0 END, CASE WHEN NEW.due_on IS NOT NULL OR NEW.first_replied_on IS NOT NULL THEN 1 ELSE 0 END, CASE WHEN NEW.first_replied_on IS NOT NULL THEN 1 ELSE 0 END, CASE WHEN NEW.replied_on_time THEN 1 ELSE 0 END, NEW.reply_category, NEW.rating, CASE WHEN NEW.rehandled > 0 THEN 1 ELSE 0 END, CASE WHEN NEW.priority THEN 1 ELSE 0 END, 1)
        ON CONFLICT (year, kind, status, category, delegation_id, during, published, assigned, replied, on_time, reply_category, rating, rehandled, priority) DO UPDATE SET n = suggestion_stat_counts.n + excluded.n;
    INSERT INTO suggestion_unit_stat_counts (year, org_id, lead, kind, status, assigned, replied, on_time, reply_category, rating, rehandled, priority, n)
        SELECT COALESCE(CAST(substr(OLD.submitted_at, 1, 4) AS INTEGER) + CASE WHEN substr(OLD.submitted_at, 6) >= '12-31T16:00:00.000000Z' THEN 1 ELSE 0 END, 0), u.org_id, CASE WHEN u.role IN ('lead', 'split') THEN 1 ELSE 0 END, OLD.kind, OLD.status, CASE WHEN OLD.due_on IS NOT NULL OR OLD.first_replied_on IS NOT NULL THEN 1 ELSE 0 END, CASE WHEN OLD.first_replied_on IS NOT NULL THEN 1 ELSE 0 END, CASE WHEN OLD.replied_on_time THEN 1 ELSE 0 END, OLD.reply_category, OLD.rating, CASE WHEN OLD.rehandled > 0 THEN 1 ELSE 0 END, CASE WHEN OLD.priority THEN 1 ELSE 0 END, -COUNT(*) FROM suggestion_units u WHERE u.suggestion_id = OLD.id GROUP BY u.org_id, CASE WHEN u.role IN ('lead', 'split') THEN 1 ELSE 0 END
        ON CONFLICT (year, org_id, lead, kind, status, assigned, replied, on_time, reply_category, rating, rehandled, priority) DO UPDATE SET n = suggestion_unit_stat_counts.n + excluded.n;
    INSERT INTO suggestion_unit_stat_counts (year, org_id, lead, kind, status, assigned, replied, on_time, reply_category, rating, rehandled, priority, n)
        SELECT COALESCE(CAST(substr(NEW.submitted_at, 1, 4) AS INTEGER) + CASE WHEN substr(NEW.submitted_at, 6) >= '12-31T16:00:00.000000Z' THEN 1 ELSE 0 END, 0), u.org_id, CASE WHEN u.role IN ('lead', 'split') THEN 1 ELSE 0 END, NEW.kind, NEW.status, CASE WHEN NEW.due_on IS NOT NULL OR NEW.first_replied_on IS NOT NULL THEN 1 ELSE 0 END, CASE WHEN NEW.first_replied_on IS NOT NULL THEN 1 ELSE 0 END, CASE WHEN NEW.replied_on_time THEN 1 ELSE 0 END, NEW.reply_category, NEW.rating, CASE WHEN NEW.rehandled > 0 THEN 1 ELSE 0 END, CASE WHEN NEW.priority THEN 1 ELSE 0 END, COUNT(*) FROM suggestion_units u WHERE u.suggestion_id = NEW.id GROUP BY u.org_id, CASE WHEN u.role IN ('lead', 'split') THEN 1 ELSE 0 END
        ON CONFLICT (year, org_id, lead, kind, status, assigned, replied, on_time, reply_category, rating, rehandled, priority) DO UPDATE SET n = suggestion_unit_stat_counts.n + excluded.n;
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER suggestion_stats_delete AFTER DELETE ON suggestions BEGIN
    INSERT INTO suggestion_stat_counts (year, kind, status, category, delegation_id, during, published, assigned, replied, on_time, reply_category, rating, rehandled, priority, n) VALUES (COALESCE(CAST(substr(OLD.submitted_at, 1, 4) AS INTEGER) + CASE WHEN substr(OLD.submitted_at, 6) >= '12-31T16:00:00.000000Z' THEN 1 ELSE 0 END, 0), OLD.kind, OLD.status, OLD.category, COALESCE(OLD.delegation_id, ''), CASE WHEN OLD.during_session THEN 1 ELSE 0 END, CASE WHEN OLD.published_at IS NOT NULL THEN 1 ELSE 0 END, CASE WHEN OLD.due_on IS NOT NULL OR OLD.first_replied_on IS NOT NULL THEN 1 ELSE 0 END, CASE WHEN OLD.first_replied_on IS NOT NULL THEN 1 ELSE 0 END, CASE WHEN OLD.replied_on_time THEN 1 ELSE 0 END, OLD.reply_category, OLD.rating, CASE WHEN OLD.rehandled > 0 THEN 1 ELSE 0 END, CASE WHEN OLD.priority THEN 1 ELSE 0 END, -1)
        ON CONFLICT (year, kind, status, category, delegation_id, during, published, assigned, replied, on_time, reply_category, rating, rehandled, priority) DO UPDATE SET n = suggestion_stat_counts.n + excluded.n;
    INSERT INTO suggestion_unit_stat_counts (year, org_id, lead, kind, status, assigned, replied, on_time, reply_category, rating, rehandled, priority, n)
        SELECT COALESCE(CAST(substr(OLD.submitted_at, 1, 4) AS INTEGER) + CASE WHEN substr(OLD.submitted_at, 6) >= '12-31T16:00:00.000000Z' THEN 1 ELSE 0 END, 0), u.org_id, CASE WHEN u.role IN ('lead', 'split') THEN 1 ELSE 0 END, OLD.kind, OLD.status, CASE WHEN OLD.due_on IS NOT NULL OR OLD.first_replied_on IS NOT NULL THEN 1 ELSE 0 END, CASE WHEN OLD.first_replied_on IS NOT NULL THEN 1 ELSE 0 END, CASE WHEN OLD.replied_on_time THEN 1 ELSE 0 END, OLD.reply_category, OLD.rating, CASE WHEN OLD.rehandled > 0 THEN 1 ELSE 0 END, CASE WHEN OLD.priority THEN 1 ELSE 0 END, -COUNT(*) FROM suggestion_units u WHERE u.suggestion_id = OLD.id GROUP BY u.org_id, CASE WHEN u.role IN ('lead', 'split') THEN 1 ELSE 0 END
        ON CONFLICT (year, org_id, lead, kind, status, assigned, replied, on_time, reply_category, rating, rehandled, priority) DO UPDATE SET n = suggestion_unit_stat_counts.n + excluded.n;
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER suggestion_unit_stats_insert AFTER INSERT ON suggestion_units BEGIN
    INSERT INTO suggestion_unit_stat_counts (year, org_id, lead, kind, status, assigned, replied, on_time, reply_category, rating, rehandled, priority, n)
        SELECT COALESCE(CAST(substr(s.submitted_at, 1, 4) AS INTEGER) + CASE WHEN substr(s.submitted_at, 6) >= '12-31T16:00:00.000000Z' THEN 1 ELSE 0 END, 0), NEW.org_id, CASE WHEN NEW.role IN ('lead', 'split') THEN 1 ELSE 0 END, s.kind, s.status, CASE WHEN s.due_on IS NOT NULL OR s.first_replied_on IS NOT NULL THEN 1 ELSE 0 END, CASE WHEN s.first_replied_on IS NOT NULL THEN 1 ELSE 0 END, CASE WHEN s.replied_on_time THEN 1 ELSE 0 END, s.reply_category, s.rating, CASE WHEN s.rehandled > 0 THEN 1 ELSE 0 END, CASE WHEN s.priority THEN 1 ELSE 0 END, 1 FROM suggestions s WHERE s.id = NEW.suggestion_id
        ON CONFLICT (year, org_id, lead, kind, status, assigned, replied, on_time, reply_category, rating, rehandled, priority) DO UPDATE SET n = suggestion_unit_stat_counts.n + excluded.n;
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER suggestion_unit_stats_update AFTER UPDATE OF org_id, role, suggestion_id ON suggestion_units BEGIN
    INSERT INTO suggestion_unit_stat_counts (year, org_id, lead, kind, status, assigned, replied, on_time, reply_category, rating, rehandled, priority, n)
        SELECT COALESCE(CAST(substr(s.submitted_at, 1, 4) AS INTEGER) + CASE WHEN substr(s.submitted_at, 6) >= '12-31T16:00:00.000000Z' THEN 1 ELSE 0 END, 0), OLD.org_id, CASE WHEN OLD.role IN ('lead', 'split') THEN 1 ELSE 0 END, s.kind, s.status, CASE WHEN s.due_on IS NOT NULL OR s.first_replied_on IS NOT NULL THEN 1 ELSE 0 END, CASE WHEN s.first_replied_on IS NOT NULL THEN 1 ELSE 0 END, CASE WHEN s.replied_on_time THEN 1 ELSE 0 END, s.reply_category, s.rating, CASE WHEN s.rehandled > 0 THEN 1 ELSE 0 END, CASE WHEN s.priority THEN 1 ELSE 0 END, -1 FROM suggestions s WHERE s.id = OLD.suggestion_id
        ON CONFLICT (year, org_id, lead, kind, status, assigned, replied, on_time, reply_category, rating, rehandled, priority) DO UPDATE SET n = suggestion_unit_stat_counts.n + excluded.n;
    INSERT INTO suggestion_unit_stat_counts (year, org_id, lead, kind, status, assigned, replied, on_time, reply_category, rating, rehandled, priority, n)
        SELECT COALESCE(CAST(substr(s.submitted_at, 1, 4) AS INTEGER) + CASE WHEN substr(s.submitted_at, 6) >= '12-31T16:00:00.000000Z' THEN 1 ELSE 0 END, 0), NEW.org_id, CASE WHEN NEW.role IN ('lead', 'split') THEN 1 ELSE 0 END, s.kind, s.status, CASE WHEN s.due_on IS NOT NULL OR s.first_replied_on IS NOT NULL THEN 1 ELSE 0 END, CASE WHEN s.first_replied_on IS NOT NULL THEN 1 ELSE 0 END, CASE WHEN s.replied_on_time THEN 1 ELSE 0 END, s.reply_category, s.rating, CASE WHEN s.rehandled > 0 THEN 1 ELSE 0 END, CASE WHEN s.priority THEN 1 ELSE 0 END, 1 FROM suggestions s WHERE s.id = NEW.suggestion_id
        ON CONFLICT (year, org_id, lead, kind, status, assigned, replied, on_time, reply_category, rating, rehandled, priority) DO UPDATE SET n = suggestion_unit_stat_counts.n + excluded.n;
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER suggestion_unit_stats_delete AFTER DELETE ON suggestion_units BEGIN
    INSERT INTO suggestion_unit_stat_counts (year, org_id, lead, kind, status, assigned, replied, on_time, reply_category, rating, rehandled, priority, n)
        SELECT COALESCE(CAST(substr(s.submitted_at, 1, 4) AS INTEGER) + CASE WHEN substr(s.submitted_at, 6) >= '12-31T16:00:00.000000Z' THEN 1 ELSE 0 END, 0), OLD.org_id, CASE WHEN OLD.role IN ('lead', 'split') THEN 1 ELSE 0 END, s.kind, s.status, CASE WHEN s.due_on IS NOT NULL OR s.first_replied_on IS NOT NULL THEN 1 ELSE 0 END, CASE WHEN s.first_replied_on IS NOT NULL THEN 1 ELSE 0 END, CASE WHEN s.replied_on_time THEN 1 ELSE 0 END, s.reply_category, s.rating, CASE WHEN s.rehandled > 0 THEN 1 ELSE 0 END, CASE WHEN s.priority THEN 1 ELSE 0 END, -1 FROM suggestions s WHERE s.id = OLD.suggestion_id
        ON CONFLICT (year, org_id, lead, kind, status, assigned, replied, on_time, reply_category, rating, rehandled, priority) DO UPDATE SET n = suggestion_unit_stat_counts.n + excluded.n;
END;
-- +goose StatementEnd

-- +goose Down
DROP TRIGGER suggestion_unit_stats_delete;
DROP TRIGGER suggestion_unit_stats_update;
DROP TRIGGER suggestion_unit_stats_insert;
DROP TRIGGER suggestion_stats_delete;
DROP TRIGGER suggestion_stats_update;
DROP TRIGGER suggestion_stats_insert;
DROP TABLE suggestion_unit_stat_counts;
DROP TABLE suggestion_stat_counts;

CREATE TABLE suggestion_stat_counts (
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
    PRIMARY KEY (kind, status, category, delegation_id, during, published, assigned, replied, on_time, reply_category, rating, rehandled, priority)
);

CREATE TABLE suggestion_unit_stat_counts (
    org_id         TEXT NOT NULL,
    lead           INTEGER NOT NULL,
    kind           TEXT NOT NULL,
    status         TEXT NOT NULL,
    assigned       INTEGER NOT NULL,
    replied        INTEGER NOT NULL,
    on_time        INTEGER NOT NULL,
    reply_category TEXT NOT NULL,
    rating         TEXT NOT NULL,
    rehandled      INTEGER NOT NULL,
    priority       INTEGER NOT NULL,
    n              INTEGER NOT NULL,
    PRIMARY KEY (org_id, lead, kind, status, assigned, replied, on_time, reply_category, rating, rehandled, priority)
);

INSERT INTO suggestion_stat_counts (kind, status, category, delegation_id, during, published, assigned, replied, on_time, reply_category, rating, rehandled, priority, n)
    SELECT s.kind, s.status, s.category, COALESCE(s.delegation_id, ''), CASE WHEN s.during_session THEN 1 ELSE 0 END, CASE WHEN s.published_at IS NOT NULL THEN 1 ELSE 0 END, CASE WHEN s.due_on IS NOT NULL OR s.first_replied_on IS NOT NULL THEN 1 ELSE 0 END, CASE WHEN s.first_replied_on IS NOT NULL THEN 1 ELSE 0 END, CASE WHEN s.replied_on_time THEN 1 ELSE 0 END, s.reply_category, s.rating, CASE WHEN s.rehandled > 0 THEN 1 ELSE 0 END, CASE WHEN s.priority THEN 1 ELSE 0 END, COUNT(*) FROM suggestions s GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13;
INSERT INTO suggestion_unit_stat_counts (org_id, lead, kind, status, assigned, replied, on_time, reply_category, rating, rehandled, priority, n)
    SELECT u.org_id, CASE WHEN u.role IN ('lead', 'split') THEN 1 ELSE 0 END, s.kind, s.status, CASE WHEN s.due_on IS NOT NULL OR s.first_replied_on IS NOT NULL THEN 1 ELSE 0 END, CASE WHEN s.first_replied_on IS NOT NULL THEN 1 ELSE 0 END, CASE WHEN s.replied_on_time THEN 1 ELSE 0 END, s.reply_category, s.rating, CASE WHEN s.rehandled > 0 THEN 1 ELSE 0 END, CASE WHEN s.priority THEN 1 ELSE 0 END, COUNT(*)
    FROM suggestion_units u JOIN suggestions s ON s.id = u.suggestion_id GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11;

-- +goose StatementBegin
CREATE TRIGGER suggestion_stats_insert AFTER INSERT ON suggestions BEGIN
    INSERT INTO suggestion_stat_counts (kind, status, category, delegation_id, during, published, assigned, replied, on_time, reply_category, rating, rehandled, priority, n) VALUES (NEW.kind, NEW.status, NEW.category, COALESCE(NEW.delegation_id, ''), CASE WHEN NEW.during_session THEN 1 ELSE 0 END, CASE WHEN NEW.published_at IS NOT NULL THEN 1 ELSE 0 END, CASE WHEN NEW.due_on IS NOT NULL OR NEW.first_replied_on IS NOT NULL THEN 1 ELSE 0 END, CASE WHEN NEW.first_replied_on IS NOT NULL THEN 1 ELSE 0 END, CASE WHEN NEW.replied_on_time THEN 1 ELSE 0 END, NEW.reply_category, NEW.rating, CASE WHEN NEW.rehandled > 0 THEN 1 ELSE 0 END, CASE WHEN NEW.priority THEN 1 ELSE 0 END, 1)
        ON CONFLICT (kind, status, category, delegation_id, during, published, assigned, replied, on_time, reply_category, rating, rehandled, priority) DO UPDATE SET n = suggestion_stat_counts.n + excluded.n;
    INSERT INTO suggestion_unit_stat_counts (org_id, lead, kind, status, assigned, replied, on_time, reply_category, rating, rehandled, priority, n)
        SELECT u.org_id, CASE WHEN u.role IN ('lead', 'split') THEN 1 ELSE 0 END, NEW.kind, NEW.status, CASE WHEN NEW.due_on IS NOT NULL OR NEW.first_replied_on IS NOT NULL THEN 1 ELSE 0 END, CASE WHEN NEW.first_replied_on IS NOT NULL THEN 1 ELSE 0 END, CASE WHEN NEW.replied_on_time THEN 1 ELSE 0 END, NEW.reply_category, NEW.rating, CASE WHEN NEW.rehandled > 0 THEN 1 ELSE 0 END, CASE WHEN NEW.priority THEN 1 ELSE 0 END, COUNT(*) FROM suggestion_units u WHERE u.suggestion_id = NEW.id GROUP BY 1, 2
        ON CONFLICT (org_id, lead, kind, status, assigned, replied, on_time, reply_category, rating, rehandled, priority) DO UPDATE SET n = suggestion_unit_stat_counts.n + excluded.n;
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER suggestion_stats_update AFTER UPDATE ON suggestions WHEN OLD.kind <> NEW.kind OR OLD.status <> NEW.status OR OLD.category <> NEW.category OR COALESCE(OLD.delegation_id, '') <> COALESCE(NEW.delegation_id, '') OR CASE WHEN OLD.during_session THEN 1 ELSE 0 END <> CASE WHEN NEW.during_session THEN 1 ELSE 0 END OR CASE WHEN OLD.published_at IS NOT NULL THEN 1 ELSE 0 END <> CASE WHEN NEW.published_at IS NOT NULL THEN 1 ELSE 0 END OR CASE WHEN OLD.due_on IS NOT NULL OR OLD.first_replied_on IS NOT NULL THEN 1 ELSE 0 END <> CASE WHEN NEW.due_on IS NOT NULL OR NEW.first_replied_on IS NOT NULL THEN 1 ELSE 0 END OR CASE WHEN OLD.first_replied_on IS NOT NULL THEN 1 ELSE 0 END <> CASE WHEN NEW.first_replied_on IS NOT NULL THEN 1 ELSE 0 END OR CASE WHEN OLD.replied_on_time THEN 1 ELSE 0 END <> CASE WHEN NEW.replied_on_time THEN 1 ELSE 0 END OR OLD.reply_category <> NEW.reply_category OR OLD.rating <> NEW.rating OR CASE WHEN OLD.rehandled > 0 THEN 1 ELSE 0 END <> CASE WHEN NEW.rehandled > 0 THEN 1 ELSE 0 END OR CASE WHEN OLD.priority THEN 1 ELSE 0 END <> CASE WHEN NEW.priority THEN 1 ELSE 0 END BEGIN
    INSERT INTO suggestion_stat_counts (kind, status, category, delegation_id, during, published, assigned, replied, on_time, reply_category, rating, rehandled, priority, n) VALUES (OLD.kind, OLD.status, OLD.category, COALESCE(OLD.delegation_id, ''), CASE WHEN OLD.during_session THEN 1 ELSE 0 END, CASE WHEN OLD.published_at IS NOT NULL THEN 1 ELSE 0 END, CASE WHEN OLD.due_on IS NOT NULL OR OLD.first_replied_on IS NOT NULL THEN 1 ELSE 0 END, CASE WHEN OLD.first_replied_on IS NOT NULL THEN 1 ELSE 0 END, CASE WHEN OLD.replied_on_time THEN 1 ELSE 0 END, OLD.reply_category, OLD.rating, CASE WHEN OLD.rehandled > 0 THEN 1 ELSE 0 END, CASE WHEN OLD.priority THEN 1 ELSE 0 END, -1)
        ON CONFLICT (kind, status, category, delegation_id, during, published, assigned, replied, on_time, reply_category, rating, rehandled, priority) DO UPDATE SET n = suggestion_stat_counts.n + excluded.n;
    INSERT INTO suggestion_stat_counts (kind, status, category, delegation_id, during, published, assigned, replied, on_time, reply_category, rating, rehandled, priority, n) VALUES (NEW.kind, NEW.status, NEW.category, COALESCE(NEW.delegation_id, ''), CASE WHEN NEW.during_session THEN 1 ELSE 0 END, CASE WHEN NEW.published_at IS NOT NULL THEN 1 ELSE 0 END, CASE WHEN NEW.due_on IS NOT NULL OR NEW.first_replied_on IS NOT NULL THEN 1 ELSE 0 END, CASE WHEN NEW.first_replied_on IS NOT NULL THEN 1 ELSE 0 END, CASE WHEN NEW.replied_on_time THEN 1 ELSE 0 END, NEW.reply_category, NEW.rating, CASE WHEN NEW.rehandled > 0 THEN 1 ELSE 0 END, CASE WHEN NEW.priority THEN 1 ELSE 0 END, 1)
        ON CONFLICT (kind, status, category, delegation_id, during, published, assigned, replied, on_time, reply_category, rating, rehandled, priority) DO UPDATE SET n = suggestion_stat_counts.n + excluded.n;
    INSERT INTO suggestion_unit_stat_counts (org_id, lead, kind, status, assigned, replied, on_time, reply_category, rating, rehandled, priority, n)
        SELECT u.org_id, CASE WHEN u.role IN ('lead', 'split') THEN 1 ELSE 0 END, OLD.kind, OLD.status, CASE WHEN OLD.due_on IS NOT NULL OR OLD.first_replied_on IS NOT NULL THEN 1 ELSE 0 END, CASE WHEN OLD.first_replied_on IS NOT NULL THEN 1 ELSE 0 END, CASE WHEN OLD.replied_on_time THEN 1 ELSE 0 END, OLD.reply_category, OLD.rating, CASE WHEN OLD.rehandled > 0 THEN 1 ELSE 0 END, CASE WHEN OLD.priority THEN 1 ELSE 0 END, -COUNT(*) FROM suggestion_units u WHERE u.suggestion_id = OLD.id GROUP BY 1, 2
        ON CONFLICT (org_id, lead, kind, status, assigned, replied, on_time, reply_category, rating, rehandled, priority) DO UPDATE SET n = suggestion_unit_stat_counts.n + excluded.n;
    INSERT INTO suggestion_unit_stat_counts (org_id, lead, kind, status, assigned, replied, on_time, reply_category, rating, rehandled, priority, n)
        SELECT u.org_id, CASE WHEN u.role IN ('lead', 'split') THEN 1 ELSE 0 END, NEW.kind, NEW.status, CASE WHEN NEW.due_on IS NOT NULL OR NEW.first_replied_on IS NOT NULL THEN 1 ELSE 0 END, CASE WHEN NEW.first_replied_on IS NOT NULL THEN 1 ELSE 0 END, CASE WHEN NEW.replied_on_time THEN 1 ELSE 0 END, NEW.reply_category, NEW.rating, CASE WHEN NEW.rehandled > 0 THEN 1 ELSE 0 END, CASE WHEN NEW.priority THEN 1 ELSE 0 END, COUNT(*) FROM suggestion_units u WHERE u.suggestion_id = NEW.id GROUP BY 1, 2
        ON CONFLICT (org_id, lead, kind, status, assigned, replied, on_time, reply_category, rating, rehandled, priority) DO UPDATE SET n = suggestion_unit_stat_counts.n + excluded.n;
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER suggestion_stats_delete AFTER DELETE ON suggestions BEGIN
    INSERT INTO suggestion_stat_counts (kind, status, category, delegation_id, during, published, assigned, replied, on_time, reply_category, rating, rehandled, priority, n) VALUES (OLD.kind, OLD.status, OLD.category, COALESCE(OLD.delegation_id, ''), CASE WHEN OLD.during_session THEN 1 ELSE 0 END, CASE WHEN OLD.published_at IS NOT NULL THEN 1 ELSE 0 END, CASE WHEN OLD.due_on IS NOT NULL OR OLD.first_replied_on IS NOT NULL THEN 1 ELSE 0 END, CASE WHEN OLD.first_replied_on IS NOT NULL THEN 1 ELSE 0 END, CASE WHEN OLD.replied_on_time THEN 1 ELSE 0 END, OLD.reply_category, OLD.rating, CASE WHEN OLD.rehandled > 0 THEN 1 ELSE 0 END, CASE WHEN OLD.priority THEN 1 ELSE 0 END, -1)
        ON CONFLICT (kind, status, category, delegation_id, during, published, assigned, replied, on_time, reply_category, rating, rehandled, priority) DO UPDATE SET n = suggestion_stat_counts.n + excluded.n;
    INSERT INTO suggestion_unit_stat_counts (org_id, lead, kind, status, assigned, replied, on_time, reply_category, rating, rehandled, priority, n)
        SELECT u.org_id, CASE WHEN u.role IN ('lead', 'split') THEN 1 ELSE 0 END, OLD.kind, OLD.status, CASE WHEN OLD.due_on IS NOT NULL OR OLD.first_replied_on IS NOT NULL THEN 1 ELSE 0 END, CASE WHEN OLD.first_replied_on IS NOT NULL THEN 1 ELSE 0 END, CASE WHEN OLD.replied_on_time THEN 1 ELSE 0 END, OLD.reply_category, OLD.rating, CASE WHEN OLD.rehandled > 0 THEN 1 ELSE 0 END, CASE WHEN OLD.priority THEN 1 ELSE 0 END, -COUNT(*) FROM suggestion_units u WHERE u.suggestion_id = OLD.id GROUP BY 1, 2
        ON CONFLICT (org_id, lead, kind, status, assigned, replied, on_time, reply_category, rating, rehandled, priority) DO UPDATE SET n = suggestion_unit_stat_counts.n + excluded.n;
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER suggestion_unit_stats_insert AFTER INSERT ON suggestion_units BEGIN
    INSERT INTO suggestion_unit_stat_counts (org_id, lead, kind, status, assigned, replied, on_time, reply_category, rating, rehandled, priority, n)
        SELECT NEW.org_id, CASE WHEN NEW.role IN ('lead', 'split') THEN 1 ELSE 0 END, s.kind, s.status, CASE WHEN s.due_on IS NOT NULL OR s.first_replied_on IS NOT NULL THEN 1 ELSE 0 END, CASE WHEN s.first_replied_on IS NOT NULL THEN 1 ELSE 0 END, CASE WHEN s.replied_on_time THEN 1 ELSE 0 END, s.reply_category, s.rating, CASE WHEN s.rehandled > 0 THEN 1 ELSE 0 END, CASE WHEN s.priority THEN 1 ELSE 0 END, 1 FROM suggestions s WHERE s.id = NEW.suggestion_id
        ON CONFLICT (org_id, lead, kind, status, assigned, replied, on_time, reply_category, rating, rehandled, priority) DO UPDATE SET n = suggestion_unit_stat_counts.n + excluded.n;
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER suggestion_unit_stats_update AFTER UPDATE OF org_id, role, suggestion_id ON suggestion_units BEGIN
    INSERT INTO suggestion_unit_stat_counts (org_id, lead, kind, status, assigned, replied, on_time, reply_category, rating, rehandled, priority, n)
        SELECT OLD.org_id, CASE WHEN OLD.role IN ('lead', 'split') THEN 1 ELSE 0 END, s.kind, s.status, CASE WHEN s.due_on IS NOT NULL OR s.first_replied_on IS NOT NULL THEN 1 ELSE 0 END, CASE WHEN s.first_replied_on IS NOT NULL THEN 1 ELSE 0 END, CASE WHEN s.replied_on_time THEN 1 ELSE 0 END, s.reply_category, s.rating, CASE WHEN s.rehandled > 0 THEN 1 ELSE 0 END, CASE WHEN s.priority THEN 1 ELSE 0 END, -1 FROM suggestions s WHERE s.id = OLD.suggestion_id
        ON CONFLICT (org_id, lead, kind, status, assigned, replied, on_time, reply_category, rating, rehandled, priority) DO UPDATE SET n = suggestion_unit_stat_counts.n + excluded.n;
    INSERT INTO suggestion_unit_stat_counts (org_id, lead, kind, status, assigned, replied, on_time, reply_category, rating, rehandled, priority, n)
        SELECT NEW.org_id, CASE WHEN NEW.role IN ('lead', 'split') THEN 1 ELSE 0 END, s.kind, s.status, CASE WHEN s.due_on IS NOT NULL OR s.first_replied_on IS NOT NULL THEN 1 ELSE 0 END, CASE WHEN s.first_replied_on IS NOT NULL THEN 1 ELSE 0 END, CASE WHEN s.replied_on_time THEN 1 ELSE 0 END, s.reply_category, s.rating, CASE WHEN s.rehandled > 0 THEN 1 ELSE 0 END, CASE WHEN s.priority THEN 1 ELSE 0 END, 1 FROM suggestions s WHERE s.id = NEW.suggestion_id
        ON CONFLICT (org_id, lead, kind, status, assigned, replied, on_time, reply_category, rating, rehandled, priority) DO UPDATE SET n = suggestion_unit_stat_counts.n + excluded.n;
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER suggestion_unit_stats_delete AFTER DELETE ON suggestion_units BEGIN
    INSERT INTO suggestion_unit_stat_counts (org_id, lead, kind, status, assigned, replied, on_time, reply_category, rating, rehandled, priority, n)
        SELECT OLD.org_id, CASE WHEN OLD.role IN ('lead', 'split') THEN 1 ELSE 0 END, s.kind, s.status, CASE WHEN s.due_on IS NOT NULL OR s.first_replied_on IS NOT NULL THEN 1 ELSE 0 END, CASE WHEN s.first_replied_on IS NOT NULL THEN 1 ELSE 0 END, CASE WHEN s.replied_on_time THEN 1 ELSE 0 END, s.reply_category, s.rating, CASE WHEN s.rehandled > 0 THEN 1 ELSE 0 END, CASE WHEN s.priority THEN 1 ELSE 0 END, -1 FROM suggestions s WHERE s.id = OLD.suggestion_id
        ON CONFLICT (org_id, lead, kind, status, assigned, replied, on_time, reply_category, rating, rehandled, priority) DO UPDATE SET n = suggestion_unit_stat_counts.n + excluded.n;
END;
-- +goose StatementEnd
