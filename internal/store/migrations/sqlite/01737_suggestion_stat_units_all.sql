-- The units' panel of the statistics of all years (staff) summed the
-- units' summary rows of every year and session (suggestion_stat_units,
-- migration 01720): thousands of rows at a province's volume, each costing
-- SQLite an aggregate step. This table holds the same figures without the
-- year and the session (a unit, whether it leads, the kind, state, reply
-- category and rating), kept in step with suggestion_stat_units by
-- triggers on it, in the same transaction.

-- +goose Up
CREATE TABLE suggestion_stat_units_all (
    org_id         TEXT NOT NULL,
    lead           INTEGER NOT NULL,
    kind           TEXT NOT NULL,
    status         TEXT NOT NULL,
    reply_category TEXT NOT NULL,
    rating         TEXT NOT NULL,
    n              INTEGER NOT NULL,
    assigned       INTEGER NOT NULL,
    replied        INTEGER NOT NULL,
    on_time        INTEGER NOT NULL,
    rehandled      INTEGER NOT NULL,
    priority       INTEGER NOT NULL,
    PRIMARY KEY (org_id, lead, kind, status, reply_category, rating)
);

INSERT INTO suggestion_stat_units_all (org_id, lead, kind, status, reply_category, rating, n, assigned, replied, on_time, rehandled, priority)
    SELECT org_id, lead, kind, status, reply_category, rating, SUM(n), SUM(assigned), SUM(replied), SUM(on_time), SUM(rehandled), SUM(priority)
    FROM suggestion_stat_units GROUP BY org_id, lead, kind, status, reply_category, rating;

-- +goose StatementBegin
CREATE TRIGGER suggestion_stat_units_all_insert AFTER INSERT ON suggestion_stat_units BEGIN
    INSERT INTO suggestion_stat_units_all (org_id, lead, kind, status, reply_category, rating, n, assigned, replied, on_time, rehandled, priority) VALUES (NEW.org_id, NEW.lead, NEW.kind, NEW.status, NEW.reply_category, NEW.rating, NEW.n, NEW.assigned, NEW.replied, NEW.on_time, NEW.rehandled, NEW.priority)
        ON CONFLICT (org_id, lead, kind, status, reply_category, rating) DO UPDATE SET n = suggestion_stat_units_all.n + excluded.n, assigned = suggestion_stat_units_all.assigned + excluded.assigned, replied = suggestion_stat_units_all.replied + excluded.replied, on_time = suggestion_stat_units_all.on_time + excluded.on_time, rehandled = suggestion_stat_units_all.rehandled + excluded.rehandled, priority = suggestion_stat_units_all.priority + excluded.priority;
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER suggestion_stat_units_all_update AFTER UPDATE ON suggestion_stat_units BEGIN
    INSERT INTO suggestion_stat_units_all (org_id, lead, kind, status, reply_category, rating, n, assigned, replied, on_time, rehandled, priority) VALUES (OLD.org_id, OLD.lead, OLD.kind, OLD.status, OLD.reply_category, OLD.rating, -OLD.n, -OLD.assigned, -OLD.replied, -OLD.on_time, -OLD.rehandled, -OLD.priority)
        ON CONFLICT (org_id, lead, kind, status, reply_category, rating) DO UPDATE SET n = suggestion_stat_units_all.n + excluded.n, assigned = suggestion_stat_units_all.assigned + excluded.assigned, replied = suggestion_stat_units_all.replied + excluded.replied, on_time = suggestion_stat_units_all.on_time + excluded.on_time, rehandled = suggestion_stat_units_all.rehandled + excluded.rehandled, priority = suggestion_stat_units_all.priority + excluded.priority;
    INSERT INTO suggestion_stat_units_all (org_id, lead, kind, status, reply_category, rating, n, assigned, replied, on_time, rehandled, priority) VALUES (NEW.org_id, NEW.lead, NEW.kind, NEW.status, NEW.reply_category, NEW.rating, NEW.n, NEW.assigned, NEW.replied, NEW.on_time, NEW.rehandled, NEW.priority)
        ON CONFLICT (org_id, lead, kind, status, reply_category, rating) DO UPDATE SET n = suggestion_stat_units_all.n + excluded.n, assigned = suggestion_stat_units_all.assigned + excluded.assigned, replied = suggestion_stat_units_all.replied + excluded.replied, on_time = suggestion_stat_units_all.on_time + excluded.on_time, rehandled = suggestion_stat_units_all.rehandled + excluded.rehandled, priority = suggestion_stat_units_all.priority + excluded.priority;
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER suggestion_stat_units_all_delete AFTER DELETE ON suggestion_stat_units BEGIN
    INSERT INTO suggestion_stat_units_all (org_id, lead, kind, status, reply_category, rating, n, assigned, replied, on_time, rehandled, priority) VALUES (OLD.org_id, OLD.lead, OLD.kind, OLD.status, OLD.reply_category, OLD.rating, -OLD.n, -OLD.assigned, -OLD.replied, -OLD.on_time, -OLD.rehandled, -OLD.priority)
        ON CONFLICT (org_id, lead, kind, status, reply_category, rating) DO UPDATE SET n = suggestion_stat_units_all.n + excluded.n, assigned = suggestion_stat_units_all.assigned + excluded.assigned, replied = suggestion_stat_units_all.replied + excluded.replied, on_time = suggestion_stat_units_all.on_time + excluded.on_time, rehandled = suggestion_stat_units_all.rehandled + excluded.rehandled, priority = suggestion_stat_units_all.priority + excluded.priority;
END;
-- +goose StatementEnd

-- +goose Down
DROP TRIGGER suggestion_stat_units_all_delete;
DROP TRIGGER suggestion_stat_units_all_update;
DROP TRIGGER suggestion_stat_units_all_insert;
DROP TABLE suggestion_stat_units_all;
