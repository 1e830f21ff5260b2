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
    SELECT k.kind, k.grp, o.due, opinion_stat_day(o.created_at), hashtext(o.id) & 3, COUNT(*)
    FROM opinions o CROSS JOIN LATERAL (VALUES ('', ''), ('channel', o.channel), ('category', o.category), ('township', COALESCE(o.township_id, '')), ('station', o.station_id)) k (kind, grp)
    WHERE o.state IN ('submitted', 'received', 'forwarded', 'handling', 'replied', 'supervised') AND o.due IS NOT NULL AND k.grp IS NOT NULL
    GROUP BY 1, 2, 3, 4, 5;

-- +goose StatementBegin
CREATE FUNCTION opinion_open_due_add(o opinions, s integer) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
    v_day text := opinion_stat_day(o.created_at);
    v_slot integer := hashtext(o.id) & 3;
BEGIN
    IF o.due IS NULL OR o.state NOT IN ('submitted', 'received', 'forwarded', 'handling', 'replied', 'supervised') THEN
        RETURN;
    END IF;
    INSERT INTO opinion_open_due (kind, grp, due, day, slot, n)
        SELECT k.kind, k.grp, o.due, v_day, v_slot, s
        FROM (VALUES ('', ''), ('channel', o.channel), ('category', o.category), ('township', COALESCE(o.township_id, '')), ('station', o.station_id)) k (kind, grp)
        WHERE k.grp IS NOT NULL
        ON CONFLICT (kind, grp, due, day, slot) DO UPDATE SET n = opinion_open_due.n + excluded.n;
    IF s < 0 THEN
        DELETE FROM opinion_open_due WHERE n = 0 AND due = o.due AND day = v_day AND slot = v_slot
            AND (kind, grp) IN (SELECT k.kind, k.grp FROM (VALUES ('', ''), ('channel', o.channel), ('category', o.category), ('township', COALESCE(o.township_id, '')), ('station', o.station_id)) k (kind, grp));
    END IF;
END;
$$;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE FUNCTION opinion_open_due_step() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE' AND NOT (OLD.created_at IS DISTINCT FROM NEW.created_at OR OLD.channel IS DISTINCT FROM NEW.channel OR OLD.category IS DISTINCT FROM NEW.category
        OR OLD.township_id IS DISTINCT FROM NEW.township_id OR OLD.station_id IS DISTINCT FROM NEW.station_id OR OLD.due IS DISTINCT FROM NEW.due
        OR (OLD.state IN ('submitted', 'received', 'forwarded', 'handling', 'replied', 'supervised')) IS DISTINCT FROM (NEW.state IN ('submitted', 'received', 'forwarded', 'handling', 'replied', 'supervised'))) THEN
        RETURN NULL;
    END IF;
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        PERFORM opinion_open_due_add(OLD, -1);
    END IF;
    IF TG_OP IN ('UPDATE', 'INSERT') THEN
        PERFORM opinion_open_due_add(NEW, 1);
    END IF;
    RETURN NULL;
END;
$$;
-- +goose StatementEnd

CREATE TRIGGER opinion_open_due_step AFTER INSERT OR UPDATE OF created_at, channel, category, township_id, station_id, due, state OR DELETE ON opinions
    FOR EACH ROW EXECUTE FUNCTION opinion_open_due_step();

-- +goose Down
DROP TRIGGER opinion_open_due_step ON opinions;
DROP FUNCTION opinion_open_due_step();
DROP FUNCTION opinion_open_due_add(opinions, integer);
DROP TABLE opinion_open_due;
