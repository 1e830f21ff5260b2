-- The overdue figures of the opinion statistics (open items past their
-- due day, by channel, category, township and station, of those created in
-- the period) read every overdue item from an index and grouped them: at a
-- province's volume tens of thousands a request. This table counts the open
-- items by due day and day of creation for each margin (the whole, a
-- channel, a category, a township, a station; as opinion_stat_days), kept
-- in step by triggers in the transaction of each change; a row whose count
-- falls to zero is removed, so the table holds only what is open. Overdue
-- of a period is then a sum over its rows with a due day before today.
-- PostgreSQL spreads each row over 4 slots (by a hash of the id), as
-- opinion_stat_days; SQLite uses slot 0.

-- +goose Up
CREATE TABLE opinion_open_due (
    kind TEXT NOT NULL,
    grp  TEXT NOT NULL,
    due  TEXT NOT NULL,
    day  TEXT NOT NULL,
    slot INTEGER NOT NULL,
    n    INTEGER NOT NULL,
    PRIMARY KEY (kind, grp, due, day, slot)
);

INSERT INTO opinion_open_due (kind, grp, due, day, slot, n)
    SELECT kind, grp, due, day, 0, COUNT(*) FROM (
        SELECT '' AS kind, '' AS grp, due, date(substr(created_at, 1, 19), '+8 hours') AS day FROM opinions WHERE state IN ('submitted', 'received', 'forwarded', 'handling', 'replied', 'supervised') AND due IS NOT NULL
        UNION ALL SELECT 'channel', channel, due, date(substr(created_at, 1, 19), '+8 hours') FROM opinions WHERE state IN ('submitted', 'received', 'forwarded', 'handling', 'replied', 'supervised') AND due IS NOT NULL
        UNION ALL SELECT 'category', category, due, date(substr(created_at, 1, 19), '+8 hours') FROM opinions WHERE state IN ('submitted', 'received', 'forwarded', 'handling', 'replied', 'supervised') AND due IS NOT NULL
        UNION ALL SELECT 'township', COALESCE(township_id, ''), due, date(substr(created_at, 1, 19), '+8 hours') FROM opinions WHERE state IN ('submitted', 'received', 'forwarded', 'handling', 'replied', 'supervised') AND due IS NOT NULL
        UNION ALL SELECT 'station', station_id, due, date(substr(created_at, 1, 19), '+8 hours') FROM opinions WHERE state IN ('submitted', 'received', 'forwarded', 'handling', 'replied', 'supervised') AND due IS NOT NULL AND station_id IS NOT NULL)
    GROUP BY 1, 2, 3, 4;

-- +goose StatementBegin
CREATE TRIGGER opinion_open_due_insert AFTER INSERT ON opinions WHEN NEW.state IN ('submitted', 'received', 'forwarded', 'handling', 'replied', 'supervised') AND NEW.due IS NOT NULL BEGIN
    INSERT INTO opinion_open_due (kind, grp, due, day, slot, n)
        SELECT k.kind, k.grp, NEW.due, date(substr(NEW.created_at, 1, 19), '+8 hours'), 0, 1 FROM (SELECT '' AS kind, '' AS grp UNION ALL SELECT 'channel', NEW.channel UNION ALL SELECT 'category', NEW.category UNION ALL SELECT 'township', COALESCE(NEW.township_id, '') UNION ALL SELECT 'station', NEW.station_id) k
        WHERE k.grp IS NOT NULL AND NEW.state IN ('submitted', 'received', 'forwarded', 'handling', 'replied', 'supervised') AND NEW.due IS NOT NULL
        ON CONFLICT (kind, grp, due, day, slot) DO UPDATE SET n = opinion_open_due.n + excluded.n;
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER opinion_open_due_update AFTER UPDATE OF created_at, channel, category, township_id, station_id, due, state ON opinions
    WHEN OLD.created_at IS NOT NEW.created_at OR OLD.channel IS NOT NEW.channel OR OLD.category IS NOT NEW.category OR OLD.township_id IS NOT NEW.township_id OR OLD.station_id IS NOT NEW.station_id OR OLD.due IS NOT NEW.due OR (OLD.state IN ('submitted', 'received', 'forwarded', 'handling', 'replied', 'supervised')) <> (NEW.state IN ('submitted', 'received', 'forwarded', 'handling', 'replied', 'supervised')) BEGIN
    INSERT INTO opinion_open_due (kind, grp, due, day, slot, n)
        SELECT k.kind, k.grp, OLD.due, date(substr(OLD.created_at, 1, 19), '+8 hours'), 0, -1 FROM (SELECT '' AS kind, '' AS grp UNION ALL SELECT 'channel', OLD.channel UNION ALL SELECT 'category', OLD.category UNION ALL SELECT 'township', COALESCE(OLD.township_id, '') UNION ALL SELECT 'station', OLD.station_id) k
        WHERE k.grp IS NOT NULL AND OLD.state IN ('submitted', 'received', 'forwarded', 'handling', 'replied', 'supervised') AND OLD.due IS NOT NULL
        ON CONFLICT (kind, grp, due, day, slot) DO UPDATE SET n = opinion_open_due.n + excluded.n;
    DELETE FROM opinion_open_due WHERE n = 0 AND due = OLD.due AND day = date(substr(OLD.created_at, 1, 19), '+8 hours') AND slot = 0
        AND (kind, grp) IN (SELECT k.kind, k.grp FROM (SELECT '' AS kind, '' AS grp UNION ALL SELECT 'channel', OLD.channel UNION ALL SELECT 'category', OLD.category UNION ALL SELECT 'township', COALESCE(OLD.township_id, '') UNION ALL SELECT 'station', OLD.station_id) k);
    INSERT INTO opinion_open_due (kind, grp, due, day, slot, n)
        SELECT k.kind, k.grp, NEW.due, date(substr(NEW.created_at, 1, 19), '+8 hours'), 0, 1 FROM (SELECT '' AS kind, '' AS grp UNION ALL SELECT 'channel', NEW.channel UNION ALL SELECT 'category', NEW.category UNION ALL SELECT 'township', COALESCE(NEW.township_id, '') UNION ALL SELECT 'station', NEW.station_id) k
        WHERE k.grp IS NOT NULL AND NEW.state IN ('submitted', 'received', 'forwarded', 'handling', 'replied', 'supervised') AND NEW.due IS NOT NULL
        ON CONFLICT (kind, grp, due, day, slot) DO UPDATE SET n = opinion_open_due.n + excluded.n;
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER opinion_open_due_delete AFTER DELETE ON opinions WHEN OLD.state IN ('submitted', 'received', 'forwarded', 'handling', 'replied', 'supervised') AND OLD.due IS NOT NULL BEGIN
    INSERT INTO opinion_open_due (kind, grp, due, day, slot, n)
        SELECT k.kind, k.grp, OLD.due, date(substr(OLD.created_at, 1, 19), '+8 hours'), 0, -1 FROM (SELECT '' AS kind, '' AS grp UNION ALL SELECT 'channel', OLD.channel UNION ALL SELECT 'category', OLD.category UNION ALL SELECT 'township', COALESCE(OLD.township_id, '') UNION ALL SELECT 'station', OLD.station_id) k
        WHERE k.grp IS NOT NULL AND OLD.state IN ('submitted', 'received', 'forwarded', 'handling', 'replied', 'supervised') AND OLD.due IS NOT NULL
        ON CONFLICT (kind, grp, due, day, slot) DO UPDATE SET n = opinion_open_due.n + excluded.n;
    DELETE FROM opinion_open_due WHERE n = 0 AND due = OLD.due AND day = date(substr(OLD.created_at, 1, 19), '+8 hours') AND slot = 0
        AND (kind, grp) IN (SELECT k.kind, k.grp FROM (SELECT '' AS kind, '' AS grp UNION ALL SELECT 'channel', OLD.channel UNION ALL SELECT 'category', OLD.category UNION ALL SELECT 'township', COALESCE(OLD.township_id, '') UNION ALL SELECT 'station', OLD.station_id) k);
END;
-- +goose StatementEnd

-- +goose Down
DROP TRIGGER opinion_open_due_delete;
DROP TRIGGER opinion_open_due_update;
DROP TRIGGER opinion_open_due_insert;
DROP TABLE opinion_open_due;
