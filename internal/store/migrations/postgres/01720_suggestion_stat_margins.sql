-- The statistics of all years, of a year and of a session read narrow
-- summary tables, one per panel the page shows (categories, delegations,
-- units), instead of suggestion_stat_counts and suggestion_unit_stat_counts
-- (migrations 00960, 01540), which were keyed by every combination of
-- fourteen figures: nearly a row an item in synthetic data, so that reading
-- them cost about as much as grouping the items. Each table here is keyed
-- only by its panel's key (the category, the delegation, or the unit and
-- its role), the state, the reply category and the rating (whose counts are
-- shown per row), the year of submission, the session ('' between
-- sessions) and the kind, in that order so that the statistics' grouping
-- reads the key in order without a sort; the other figures (assigned,
-- replied, replied on time, re-handled, priority, published, during a
-- session) are sums kept beside the count. Kept in step by triggers in the
-- transaction of each change, as before; each backfilled by one grouped
-- pass. suggestion_org_stat_counts (01620, a unit's own statistics) stays.

-- +goose Up
DROP TRIGGER suggestion_unit_stats_step ON suggestion_units;
DROP FUNCTION suggestion_unit_stats_step();
DROP TRIGGER suggestion_stats_step ON suggestions;
DROP FUNCTION suggestion_stats_step();
DROP TABLE suggestion_unit_stat_counts;
DROP TABLE suggestion_stat_counts;

CREATE TABLE suggestion_stat_categories (
    year           INTEGER NOT NULL,
    session_id     TEXT NOT NULL,
    kind           TEXT NOT NULL,
    status         TEXT NOT NULL,
    category       TEXT NOT NULL,
    reply_category TEXT NOT NULL,
    rating         TEXT NOT NULL,
    n              INTEGER NOT NULL,
    assigned       INTEGER NOT NULL,
    replied        INTEGER NOT NULL,
    on_time        INTEGER NOT NULL,
    rehandled      INTEGER NOT NULL,
    priority       INTEGER NOT NULL,
    published      INTEGER NOT NULL,
    during         INTEGER NOT NULL,
    PRIMARY KEY (kind, category, status, reply_category, rating, year, session_id)
);

CREATE TABLE suggestion_stat_delegations (
    year           INTEGER NOT NULL,
    session_id     TEXT NOT NULL,
    kind           TEXT NOT NULL,
    status         TEXT NOT NULL,
    delegation_id  TEXT NOT NULL,
    reply_category TEXT NOT NULL,
    rating         TEXT NOT NULL,
    n              INTEGER NOT NULL,
    assigned       INTEGER NOT NULL,
    replied        INTEGER NOT NULL,
    on_time        INTEGER NOT NULL,
    rehandled      INTEGER NOT NULL,
    priority       INTEGER NOT NULL,
    PRIMARY KEY (delegation_id, status, reply_category, rating, year, session_id, kind)
);

CREATE TABLE suggestion_stat_units (
    year           INTEGER NOT NULL,
    session_id     TEXT NOT NULL,
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
    PRIMARY KEY (org_id, lead, status, reply_category, rating, year, session_id, kind)
);

INSERT INTO suggestion_stat_categories (year, session_id, kind, status, category, reply_category, rating, n, assigned, replied, on_time, rehandled, priority, published, during)
    SELECT COALESCE(CAST(substr(s.submitted_at, 1, 4) AS INTEGER) + CASE WHEN substr(s.submitted_at, 6) >= '12-31T16:00:00.000000Z' THEN 1 ELSE 0 END, 0), COALESCE(s.session_id, ''), s.kind, s.status, s.category, s.reply_category, s.rating, COUNT(*), SUM(CASE WHEN s.due_on IS NOT NULL OR s.first_replied_on IS NOT NULL THEN 1 ELSE 0 END), SUM(CASE WHEN s.first_replied_on IS NOT NULL THEN 1 ELSE 0 END), SUM(CASE WHEN s.first_replied_on IS NOT NULL AND s.replied_on_time THEN 1 ELSE 0 END), SUM(CASE WHEN s.rehandled > 0 THEN 1 ELSE 0 END), SUM(CASE WHEN s.priority THEN 1 ELSE 0 END), SUM(CASE WHEN s.published_at IS NOT NULL THEN 1 ELSE 0 END), SUM(CASE WHEN s.during_session THEN 1 ELSE 0 END)
    FROM suggestions s GROUP BY 1, 2, 3, 4, 5, 6, 7;

INSERT INTO suggestion_stat_delegations (year, session_id, kind, status, delegation_id, reply_category, rating, n, assigned, replied, on_time, rehandled, priority)
    SELECT COALESCE(CAST(substr(s.submitted_at, 1, 4) AS INTEGER) + CASE WHEN substr(s.submitted_at, 6) >= '12-31T16:00:00.000000Z' THEN 1 ELSE 0 END, 0), COALESCE(s.session_id, ''), s.kind, s.status, COALESCE(s.delegation_id, ''), s.reply_category, s.rating, COUNT(*), SUM(CASE WHEN s.due_on IS NOT NULL OR s.first_replied_on IS NOT NULL THEN 1 ELSE 0 END), SUM(CASE WHEN s.first_replied_on IS NOT NULL THEN 1 ELSE 0 END), SUM(CASE WHEN s.first_replied_on IS NOT NULL AND s.replied_on_time THEN 1 ELSE 0 END), SUM(CASE WHEN s.rehandled > 0 THEN 1 ELSE 0 END), SUM(CASE WHEN s.priority THEN 1 ELSE 0 END)
    FROM suggestions s GROUP BY 1, 2, 3, 4, 5, 6, 7;

INSERT INTO suggestion_stat_units (year, session_id, org_id, lead, kind, status, reply_category, rating, n, assigned, replied, on_time, rehandled, priority)
    SELECT COALESCE(CAST(substr(s.submitted_at, 1, 4) AS INTEGER) + CASE WHEN substr(s.submitted_at, 6) >= '12-31T16:00:00.000000Z' THEN 1 ELSE 0 END, 0), COALESCE(s.session_id, ''), u.org_id, CASE WHEN u.role IN ('lead', 'split') THEN 1 ELSE 0 END, s.kind, s.status, s.reply_category, s.rating, COUNT(*), SUM(CASE WHEN s.due_on IS NOT NULL OR s.first_replied_on IS NOT NULL THEN 1 ELSE 0 END), SUM(CASE WHEN s.first_replied_on IS NOT NULL THEN 1 ELSE 0 END), SUM(CASE WHEN s.first_replied_on IS NOT NULL AND s.replied_on_time THEN 1 ELSE 0 END), SUM(CASE WHEN s.rehandled > 0 THEN 1 ELSE 0 END), SUM(CASE WHEN s.priority THEN 1 ELSE 0 END)
    FROM suggestion_units u JOIN suggestions s ON s.id = u.suggestion_id GROUP BY 1, 2, 3, 4, 5, 6, 7, 8;

-- +goose StatementBegin
CREATE FUNCTION suggestion_stat_margins_step() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE' THEN
        IF NOT (OLD.session_id IS DISTINCT FROM NEW.session_id OR OLD.submitted_at IS DISTINCT FROM NEW.submitted_at OR OLD.kind <> NEW.kind OR OLD.status <> NEW.status OR OLD.category <> NEW.category OR COALESCE(OLD.delegation_id, '') <> COALESCE(NEW.delegation_id, '') OR CASE WHEN OLD.during_session THEN 1 ELSE 0 END <> CASE WHEN NEW.during_session THEN 1 ELSE 0 END OR CASE WHEN OLD.published_at IS NOT NULL THEN 1 ELSE 0 END <> CASE WHEN NEW.published_at IS NOT NULL THEN 1 ELSE 0 END OR CASE WHEN OLD.due_on IS NOT NULL OR OLD.first_replied_on IS NOT NULL THEN 1 ELSE 0 END <> CASE WHEN NEW.due_on IS NOT NULL OR NEW.first_replied_on IS NOT NULL THEN 1 ELSE 0 END OR CASE WHEN OLD.first_replied_on IS NOT NULL THEN 1 ELSE 0 END <> CASE WHEN NEW.first_replied_on IS NOT NULL THEN 1 ELSE 0 END OR CASE WHEN OLD.replied_on_time THEN 1 ELSE 0 END <> CASE WHEN NEW.replied_on_time THEN 1 ELSE 0 END OR OLD.reply_category <> NEW.reply_category OR OLD.rating <> NEW.rating OR CASE WHEN OLD.rehandled > 0 THEN 1 ELSE 0 END <> CASE WHEN NEW.rehandled > 0 THEN 1 ELSE 0 END OR CASE WHEN OLD.priority THEN 1 ELSE 0 END <> CASE WHEN NEW.priority THEN 1 ELSE 0 END) THEN
            RETURN NULL;
        END IF;
    END IF;
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        INSERT INTO suggestion_stat_categories (year, session_id, kind, status, category, reply_category, rating, n, assigned, replied, on_time, rehandled, priority, published, during) VALUES (COALESCE(CAST(substr(OLD.submitted_at, 1, 4) AS INTEGER) + CASE WHEN substr(OLD.submitted_at, 6) >= '12-31T16:00:00.000000Z' THEN 1 ELSE 0 END, 0), COALESCE(OLD.session_id, ''), OLD.kind, OLD.status, OLD.category, OLD.reply_category, OLD.rating, -1, -(CASE WHEN OLD.due_on IS NOT NULL OR OLD.first_replied_on IS NOT NULL THEN 1 ELSE 0 END), -(CASE WHEN OLD.first_replied_on IS NOT NULL THEN 1 ELSE 0 END), -(CASE WHEN OLD.first_replied_on IS NOT NULL AND OLD.replied_on_time THEN 1 ELSE 0 END), -(CASE WHEN OLD.rehandled > 0 THEN 1 ELSE 0 END), -(CASE WHEN OLD.priority THEN 1 ELSE 0 END), -(CASE WHEN OLD.published_at IS NOT NULL THEN 1 ELSE 0 END), -(CASE WHEN OLD.during_session THEN 1 ELSE 0 END))
        ON CONFLICT (year, session_id, kind, status, category, reply_category, rating) DO UPDATE SET n = suggestion_stat_categories.n + excluded.n, assigned = suggestion_stat_categories.assigned + excluded.assigned, replied = suggestion_stat_categories.replied + excluded.replied, on_time = suggestion_stat_categories.on_time + excluded.on_time, rehandled = suggestion_stat_categories.rehandled + excluded.rehandled, priority = suggestion_stat_categories.priority + excluded.priority, published = suggestion_stat_categories.published + excluded.published, during = suggestion_stat_categories.during + excluded.during;
        INSERT INTO suggestion_stat_delegations (year, session_id, kind, status, delegation_id, reply_category, rating, n, assigned, replied, on_time, rehandled, priority) VALUES (COALESCE(CAST(substr(OLD.submitted_at, 1, 4) AS INTEGER) + CASE WHEN substr(OLD.submitted_at, 6) >= '12-31T16:00:00.000000Z' THEN 1 ELSE 0 END, 0), COALESCE(OLD.session_id, ''), OLD.kind, OLD.status, COALESCE(OLD.delegation_id, ''), OLD.reply_category, OLD.rating, -1, -(CASE WHEN OLD.due_on IS NOT NULL OR OLD.first_replied_on IS NOT NULL THEN 1 ELSE 0 END), -(CASE WHEN OLD.first_replied_on IS NOT NULL THEN 1 ELSE 0 END), -(CASE WHEN OLD.first_replied_on IS NOT NULL AND OLD.replied_on_time THEN 1 ELSE 0 END), -(CASE WHEN OLD.rehandled > 0 THEN 1 ELSE 0 END), -(CASE WHEN OLD.priority THEN 1 ELSE 0 END))
        ON CONFLICT (year, session_id, kind, status, delegation_id, reply_category, rating) DO UPDATE SET n = suggestion_stat_delegations.n + excluded.n, assigned = suggestion_stat_delegations.assigned + excluded.assigned, replied = suggestion_stat_delegations.replied + excluded.replied, on_time = suggestion_stat_delegations.on_time + excluded.on_time, rehandled = suggestion_stat_delegations.rehandled + excluded.rehandled, priority = suggestion_stat_delegations.priority + excluded.priority;
        INSERT INTO suggestion_stat_units (year, session_id, org_id, lead, kind, status, reply_category, rating, n, assigned, replied, on_time, rehandled, priority)
        SELECT COALESCE(CAST(substr(OLD.submitted_at, 1, 4) AS INTEGER) + CASE WHEN substr(OLD.submitted_at, 6) >= '12-31T16:00:00.000000Z' THEN 1 ELSE 0 END, 0), COALESCE(OLD.session_id, ''), u.org_id, CASE WHEN u.role IN ('lead', 'split') THEN 1 ELSE 0 END, OLD.kind, OLD.status, OLD.reply_category, OLD.rating, -COUNT(*), -COUNT(*) * CASE WHEN OLD.due_on IS NOT NULL OR OLD.first_replied_on IS NOT NULL THEN 1 ELSE 0 END, -COUNT(*) * CASE WHEN OLD.first_replied_on IS NOT NULL THEN 1 ELSE 0 END, -COUNT(*) * CASE WHEN OLD.first_replied_on IS NOT NULL AND OLD.replied_on_time THEN 1 ELSE 0 END, -COUNT(*) * CASE WHEN OLD.rehandled > 0 THEN 1 ELSE 0 END, -COUNT(*) * CASE WHEN OLD.priority THEN 1 ELSE 0 END
        FROM suggestion_units u WHERE u.suggestion_id = OLD.id GROUP BY u.org_id, CASE WHEN u.role IN ('lead', 'split') THEN 1 ELSE 0 END
        ON CONFLICT (year, session_id, org_id, lead, kind, status, reply_category, rating) DO UPDATE SET n = suggestion_stat_units.n + excluded.n, assigned = suggestion_stat_units.assigned + excluded.assigned, replied = suggestion_stat_units.replied + excluded.replied, on_time = suggestion_stat_units.on_time + excluded.on_time, rehandled = suggestion_stat_units.rehandled + excluded.rehandled, priority = suggestion_stat_units.priority + excluded.priority;
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        INSERT INTO suggestion_stat_categories (year, session_id, kind, status, category, reply_category, rating, n, assigned, replied, on_time, rehandled, priority, published, during) VALUES (COALESCE(CAST(substr(NEW.submitted_at, 1, 4) AS INTEGER) + CASE WHEN substr(NEW.submitted_at, 6) >= '12-31T16:00:00.000000Z' THEN 1 ELSE 0 END, 0), COALESCE(NEW.session_id, ''), NEW.kind, NEW.status, NEW.category, NEW.reply_category, NEW.rating, 1, CASE WHEN NEW.due_on IS NOT NULL OR NEW.first_replied_on IS NOT NULL THEN 1 ELSE 0 END, CASE WHEN NEW.first_replied_on IS NOT NULL THEN 1 ELSE 0 END, CASE WHEN NEW.first_replied_on IS NOT NULL AND NEW.replied_on_time THEN 1 ELSE 0 END, CASE WHEN NEW.rehandled > 0 THEN 1 ELSE 0 END, CASE WHEN NEW.priority THEN 1 ELSE 0 END, CASE WHEN NEW.published_at IS NOT NULL THEN 1 ELSE 0 END, CASE WHEN NEW.during_session THEN 1 ELSE 0 END)
        ON CONFLICT (year, session_id, kind, status, category, reply_category, rating) DO UPDATE SET n = suggestion_stat_categories.n + excluded.n, assigned = suggestion_stat_categories.assigned + excluded.assigned, replied = suggestion_stat_categories.replied + excluded.replied, on_time = suggestion_stat_categories.on_time + excluded.on_time, rehandled = suggestion_stat_categories.rehandled + excluded.rehandled, priority = suggestion_stat_categories.priority + excluded.priority, published = suggestion_stat_categories.published + excluded.published, during = suggestion_stat_categories.during + excluded.during;
        INSERT INTO suggestion_stat_delegations (year, session_id, kind, status, delegation_id, reply_category, rating, n, assigned, replied, on_time, rehandled, priority) VALUES (COALESCE(CAST(substr(NEW.submitted_at, 1, 4) AS INTEGER) + CASE WHEN substr(NEW.submitted_at, 6) >= '12-31T16:00:00.000000Z' THEN 1 ELSE 0 END, 0), COALESCE(NEW.session_id, ''), NEW.kind, NEW.status, COALESCE(NEW.delegation_id, ''), NEW.reply_category, NEW.rating, 1, CASE WHEN NEW.due_on IS NOT NULL OR NEW.first_replied_on IS NOT NULL THEN 1 ELSE 0 END, CASE WHEN NEW.first_replied_on IS NOT NULL THEN 1 ELSE 0 END, CASE WHEN NEW.first_replied_on IS NOT NULL AND NEW.replied_on_time THEN 1 ELSE 0 END, CASE WHEN NEW.rehandled > 0 THEN 1 ELSE 0 END, CASE WHEN NEW.priority THEN 1 ELSE 0 END)
        ON CONFLICT (year, session_id, kind, status, delegation_id, reply_category, rating) DO UPDATE SET n = suggestion_stat_delegations.n + excluded.n, assigned = suggestion_stat_delegations.assigned + excluded.assigned, replied = suggestion_stat_delegations.replied + excluded.replied, on_time = suggestion_stat_delegations.on_time + excluded.on_time, rehandled = suggestion_stat_delegations.rehandled + excluded.rehandled, priority = suggestion_stat_delegations.priority + excluded.priority;
        INSERT INTO suggestion_stat_units (year, session_id, org_id, lead, kind, status, reply_category, rating, n, assigned, replied, on_time, rehandled, priority)
        SELECT COALESCE(CAST(substr(NEW.submitted_at, 1, 4) AS INTEGER) + CASE WHEN substr(NEW.submitted_at, 6) >= '12-31T16:00:00.000000Z' THEN 1 ELSE 0 END, 0), COALESCE(NEW.session_id, ''), u.org_id, CASE WHEN u.role IN ('lead', 'split') THEN 1 ELSE 0 END, NEW.kind, NEW.status, NEW.reply_category, NEW.rating, COUNT(*), COUNT(*) * CASE WHEN NEW.due_on IS NOT NULL OR NEW.first_replied_on IS NOT NULL THEN 1 ELSE 0 END, COUNT(*) * CASE WHEN NEW.first_replied_on IS NOT NULL THEN 1 ELSE 0 END, COUNT(*) * CASE WHEN NEW.first_replied_on IS NOT NULL AND NEW.replied_on_time THEN 1 ELSE 0 END, COUNT(*) * CASE WHEN NEW.rehandled > 0 THEN 1 ELSE 0 END, COUNT(*) * CASE WHEN NEW.priority THEN 1 ELSE 0 END
        FROM suggestion_units u WHERE u.suggestion_id = NEW.id GROUP BY u.org_id, CASE WHEN u.role IN ('lead', 'split') THEN 1 ELSE 0 END
        ON CONFLICT (year, session_id, org_id, lead, kind, status, reply_category, rating) DO UPDATE SET n = suggestion_stat_units.n + excluded.n, assigned = suggestion_stat_units.assigned + excluded.assigned, replied = suggestion_stat_units.replied + excluded.replied, on_time = suggestion_stat_units.on_time + excluded.on_time, rehandled = suggestion_stat_units.rehandled + excluded.rehandled, priority = suggestion_stat_units.priority + excluded.priority;
    END IF;
    RETURN NULL;
END;
$$;
-- +goose StatementEnd

CREATE TRIGGER suggestion_stat_margins_step AFTER INSERT OR UPDATE OR DELETE ON suggestions
    FOR EACH ROW EXECUTE FUNCTION suggestion_stat_margins_step();

-- +goose StatementBegin
CREATE FUNCTION suggestion_unit_stat_margins_step() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE' THEN
        IF OLD.org_id = NEW.org_id AND OLD.role = NEW.role AND OLD.suggestion_id = NEW.suggestion_id THEN
            RETURN NULL;
        END IF;
    END IF;
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        INSERT INTO suggestion_stat_units (year, session_id, org_id, lead, kind, status, reply_category, rating, n, assigned, replied, on_time, rehandled, priority)
        SELECT COALESCE(CAST(substr(s.submitted_at, 1, 4) AS INTEGER) + CASE WHEN substr(s.submitted_at, 6) >= '12-31T16:00:00.000000Z' THEN 1 ELSE 0 END, 0), COALESCE(s.session_id, ''), OLD.org_id, CASE WHEN OLD.role IN ('lead', 'split') THEN 1 ELSE 0 END, s.kind, s.status, s.reply_category, s.rating, -1, -(CASE WHEN s.due_on IS NOT NULL OR s.first_replied_on IS NOT NULL THEN 1 ELSE 0 END), -(CASE WHEN s.first_replied_on IS NOT NULL THEN 1 ELSE 0 END), -(CASE WHEN s.first_replied_on IS NOT NULL AND s.replied_on_time THEN 1 ELSE 0 END), -(CASE WHEN s.rehandled > 0 THEN 1 ELSE 0 END), -(CASE WHEN s.priority THEN 1 ELSE 0 END)
        FROM suggestions s WHERE s.id = OLD.suggestion_id
        ON CONFLICT (year, session_id, org_id, lead, kind, status, reply_category, rating) DO UPDATE SET n = suggestion_stat_units.n + excluded.n, assigned = suggestion_stat_units.assigned + excluded.assigned, replied = suggestion_stat_units.replied + excluded.replied, on_time = suggestion_stat_units.on_time + excluded.on_time, rehandled = suggestion_stat_units.rehandled + excluded.rehandled, priority = suggestion_stat_units.priority + excluded.priority;
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        INSERT INTO suggestion_stat_units (year, session_id, org_id, lead, kind, status, reply_category, rating, n, assigned, replied, on_time, rehandled, priority)
        SELECT COALESCE(CAST(substr(s.submitted_at, 1, 4) AS INTEGER) + CASE WHEN substr(s.submitted_at, 6) >= '12-31T16:00:00.000000Z' THEN 1 ELSE 0 END, 0), COALESCE(s.session_id, ''), NEW.org_id, CASE WHEN NEW.role IN ('lead', 'split') THEN 1 ELSE 0 END, s.kind, s.status, s.reply_category, s.rating, 1, CASE WHEN s.due_on IS NOT NULL OR s.first_replied_on IS NOT NULL THEN 1 ELSE 0 END, CASE WHEN s.first_replied_on IS NOT NULL THEN 1 ELSE 0 END, CASE WHEN s.first_replied_on IS NOT NULL AND s.replied_on_time THEN 1 ELSE 0 END, CASE WHEN s.rehandled > 0 THEN 1 ELSE 0 END, CASE WHEN s.priority THEN 1 ELSE 0 END
        FROM suggestions s WHERE s.id = NEW.suggestion_id
        ON CONFLICT (year, session_id, org_id, lead, kind, status, reply_category, rating) DO UPDATE SET n = suggestion_stat_units.n + excluded.n, assigned = suggestion_stat_units.assigned + excluded.assigned, replied = suggestion_stat_units.replied + excluded.replied, on_time = suggestion_stat_units.on_time + excluded.on_time, rehandled = suggestion_stat_units.rehandled + excluded.rehandled, priority = suggestion_stat_units.priority + excluded.priority;
    END IF;
    RETURN NULL;
END;
$$;
-- +goose StatementEnd

CREATE TRIGGER suggestion_unit_stat_margins_step AFTER INSERT OR UPDATE OR DELETE ON suggestion_units
    FOR EACH ROW EXECUTE FUNCTION suggestion_unit_stat_margins_step();

-- +goose Down
DROP TRIGGER suggestion_unit_stat_margins_step ON suggestion_units;
DROP FUNCTION suggestion_unit_stat_margins_step();
DROP TRIGGER suggestion_stat_margins_step ON suggestions;
DROP FUNCTION suggestion_stat_margins_step();
DROP TABLE suggestion_stat_units;
DROP TABLE suggestion_stat_delegations;
DROP TABLE suggestion_stat_categories;

-- The tables of migrations 01540 and 01620, as they were.
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
CREATE FUNCTION suggestion_stats_step() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE' THEN
        IF NOT (OLD.submitted_at IS DISTINCT FROM NEW.submitted_at OR OLD.kind <> NEW.kind OR OLD.status <> NEW.status OR OLD.category <> NEW.category OR COALESCE(OLD.delegation_id, '') <> COALESCE(NEW.delegation_id, '') OR CASE WHEN OLD.during_session THEN 1 ELSE 0 END <> CASE WHEN NEW.during_session THEN 1 ELSE 0 END OR CASE WHEN OLD.published_at IS NOT NULL THEN 1 ELSE 0 END <> CASE WHEN NEW.published_at IS NOT NULL THEN 1 ELSE 0 END OR CASE WHEN OLD.due_on IS NOT NULL OR OLD.first_replied_on IS NOT NULL THEN 1 ELSE 0 END <> CASE WHEN NEW.due_on IS NOT NULL OR NEW.first_replied_on IS NOT NULL THEN 1 ELSE 0 END OR CASE WHEN OLD.first_replied_on IS NOT NULL THEN 1 ELSE 0 END <> CASE WHEN NEW.first_replied_on IS NOT NULL THEN 1 ELSE 0 END OR CASE WHEN OLD.replied_on_time THEN 1 ELSE 0 END <> CASE WHEN NEW.replied_on_time THEN 1 ELSE 0 END OR OLD.reply_category <> NEW.reply_category OR OLD.rating <> NEW.rating OR CASE WHEN OLD.rehandled > 0 THEN 1 ELSE 0 END <> CASE WHEN NEW.rehandled > 0 THEN 1 ELSE 0 END OR CASE WHEN OLD.priority THEN 1 ELSE 0 END <> CASE WHEN NEW.priority THEN 1 ELSE 0 END) THEN
            RETURN NULL;
        END IF;
    END IF;
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        INSERT INTO suggestion_stat_counts (year, kind, status, category, delegation_id, during, published, assigned, replied, on_time, reply_category, rating, rehandled, priority, n) VALUES (COALESCE(CAST(substr(OLD.submitted_at, 1, 4) AS INTEGER) + CASE WHEN substr(OLD.submitted_at, 6) >= '12-31T16:00:00.000000Z' THEN 1 ELSE 0 END, 0), OLD.kind, OLD.status, OLD.category, COALESCE(OLD.delegation_id, ''), CASE WHEN OLD.during_session THEN 1 ELSE 0 END, CASE WHEN OLD.published_at IS NOT NULL THEN 1 ELSE 0 END, CASE WHEN OLD.due_on IS NOT NULL OR OLD.first_replied_on IS NOT NULL THEN 1 ELSE 0 END, CASE WHEN OLD.first_replied_on IS NOT NULL THEN 1 ELSE 0 END, CASE WHEN OLD.replied_on_time THEN 1 ELSE 0 END, OLD.reply_category, OLD.rating, CASE WHEN OLD.rehandled > 0 THEN 1 ELSE 0 END, CASE WHEN OLD.priority THEN 1 ELSE 0 END, -1)
        ON CONFLICT (year, kind, status, category, delegation_id, during, published, assigned, replied, on_time, reply_category, rating, rehandled, priority) DO UPDATE SET n = suggestion_stat_counts.n + excluded.n;
        INSERT INTO suggestion_unit_stat_counts (year, org_id, lead, kind, status, assigned, replied, on_time, reply_category, rating, rehandled, priority, n)
        SELECT COALESCE(CAST(substr(OLD.submitted_at, 1, 4) AS INTEGER) + CASE WHEN substr(OLD.submitted_at, 6) >= '12-31T16:00:00.000000Z' THEN 1 ELSE 0 END, 0), u.org_id, CASE WHEN u.role IN ('lead', 'split') THEN 1 ELSE 0 END, OLD.kind, OLD.status, CASE WHEN OLD.due_on IS NOT NULL OR OLD.first_replied_on IS NOT NULL THEN 1 ELSE 0 END, CASE WHEN OLD.first_replied_on IS NOT NULL THEN 1 ELSE 0 END, CASE WHEN OLD.replied_on_time THEN 1 ELSE 0 END, OLD.reply_category, OLD.rating, CASE WHEN OLD.rehandled > 0 THEN 1 ELSE 0 END, CASE WHEN OLD.priority THEN 1 ELSE 0 END, -COUNT(*) FROM suggestion_units u WHERE u.suggestion_id = OLD.id GROUP BY u.org_id, CASE WHEN u.role IN ('lead', 'split') THEN 1 ELSE 0 END
        ON CONFLICT (year, org_id, lead, kind, status, assigned, replied, on_time, reply_category, rating, rehandled, priority) DO UPDATE SET n = suggestion_unit_stat_counts.n + excluded.n;
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        INSERT INTO suggestion_stat_counts (year, kind, status, category, delegation_id, during, published, assigned, replied, on_time, reply_category, rating, rehandled, priority, n) VALUES (COALESCE(CAST(substr(NEW.submitted_at, 1, 4) AS INTEGER) + CASE WHEN substr(NEW.submitted_at, 6) >= '12-31T16:00:00.000000Z' THEN 1 ELSE 0 END, 0), NEW.kind, NEW.status, NEW.category, COALESCE(NEW.delegation_id, ''), CASE WHEN NEW.during_session THEN 1 ELSE 0 END, CASE WHEN NEW.published_at IS NOT NULL THEN 1 ELSE 0 END, CASE WHEN NEW.due_on IS NOT NULL OR NEW.first_replied_on IS NOT NULL THEN 1 ELSE 0 END, CASE WHEN NEW.first_replied_on IS NOT NULL THEN 1 ELSE 0 END, CASE WHEN NEW.replied_on_time THEN 1 ELSE 0 END, NEW.reply_category, NEW.rating, CASE WHEN NEW.rehandled > 0 THEN 1 ELSE 0 END, CASE WHEN NEW.priority THEN 1 ELSE 0 END, 1)
        ON CONFLICT (year, kind, status, category, delegation_id, during, published, assigned, replied, on_time, reply_category, rating, rehandled, priority) DO UPDATE SET n = suggestion_stat_counts.n + excluded.n;
        INSERT INTO suggestion_unit_stat_counts (year, org_id, lead, kind, status, assigned, replied, on_time, reply_category, rating, rehandled, priority, n)
        SELECT COALESCE(CAST(substr(NEW.submitted_at, 1, 4) AS INTEGER) + CASE WHEN substr(NEW.submitted_at, 6) >= '12-31T16:00:00.000000Z' THEN 1 ELSE 0 END, 0), u.org_id, CASE WHEN u.role IN ('lead', 'split') THEN 1 ELSE 0 END, NEW.kind, NEW.status, CASE WHEN NEW.due_on IS NOT NULL OR NEW.first_replied_on IS NOT NULL THEN 1 ELSE 0 END, CASE WHEN NEW.first_replied_on IS NOT NULL THEN 1 ELSE 0 END, CASE WHEN NEW.replied_on_time THEN 1 ELSE 0 END, NEW.reply_category, NEW.rating, CASE WHEN NEW.rehandled > 0 THEN 1 ELSE 0 END, CASE WHEN NEW.priority THEN 1 ELSE 0 END, COUNT(*) FROM suggestion_units u WHERE u.suggestion_id = NEW.id GROUP BY u.org_id, CASE WHEN u.role IN ('lead', 'split') THEN 1 ELSE 0 END
        ON CONFLICT (year, org_id, lead, kind, status, assigned, replied, on_time, reply_category, rating, rehandled, priority) DO UPDATE SET n = suggestion_unit_stat_counts.n + excluded.n;
    END IF;
    RETURN NULL;
END;
$$;
-- +goose StatementEnd

CREATE TRIGGER suggestion_stats_step AFTER INSERT OR UPDATE OR DELETE ON suggestions
    FOR EACH ROW EXECUTE FUNCTION suggestion_stats_step();

-- +goose StatementBegin
CREATE FUNCTION suggestion_unit_stats_step() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE' THEN
        IF OLD.org_id = NEW.org_id AND OLD.role = NEW.role AND OLD.suggestion_id = NEW.suggestion_id THEN
            RETURN NULL;
        END IF;
    END IF;
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        INSERT INTO suggestion_unit_stat_counts (year, org_id, lead, kind, status, assigned, replied, on_time, reply_category, rating, rehandled, priority, n)
        SELECT COALESCE(CAST(substr(s.submitted_at, 1, 4) AS INTEGER) + CASE WHEN substr(s.submitted_at, 6) >= '12-31T16:00:00.000000Z' THEN 1 ELSE 0 END, 0), OLD.org_id, CASE WHEN OLD.role IN ('lead', 'split') THEN 1 ELSE 0 END, s.kind, s.status, CASE WHEN s.due_on IS NOT NULL OR s.first_replied_on IS NOT NULL THEN 1 ELSE 0 END, CASE WHEN s.first_replied_on IS NOT NULL THEN 1 ELSE 0 END, CASE WHEN s.replied_on_time THEN 1 ELSE 0 END, s.reply_category, s.rating, CASE WHEN s.rehandled > 0 THEN 1 ELSE 0 END, CASE WHEN s.priority THEN 1 ELSE 0 END, -1 FROM suggestions s WHERE s.id = OLD.suggestion_id
        ON CONFLICT (year, org_id, lead, kind, status, assigned, replied, on_time, reply_category, rating, rehandled, priority) DO UPDATE SET n = suggestion_unit_stat_counts.n + excluded.n;
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        INSERT INTO suggestion_unit_stat_counts (year, org_id, lead, kind, status, assigned, replied, on_time, reply_category, rating, rehandled, priority, n)
        SELECT COALESCE(CAST(substr(s.submitted_at, 1, 4) AS INTEGER) + CASE WHEN substr(s.submitted_at, 6) >= '12-31T16:00:00.000000Z' THEN 1 ELSE 0 END, 0), NEW.org_id, CASE WHEN NEW.role IN ('lead', 'split') THEN 1 ELSE 0 END, s.kind, s.status, CASE WHEN s.due_on IS NOT NULL OR s.first_replied_on IS NOT NULL THEN 1 ELSE 0 END, CASE WHEN s.first_replied_on IS NOT NULL THEN 1 ELSE 0 END, CASE WHEN s.replied_on_time THEN 1 ELSE 0 END, s.reply_category, s.rating, CASE WHEN s.rehandled > 0 THEN 1 ELSE 0 END, CASE WHEN s.priority THEN 1 ELSE 0 END, 1 FROM suggestions s WHERE s.id = NEW.suggestion_id
        ON CONFLICT (year, org_id, lead, kind, status, assigned, replied, on_time, reply_category, rating, rehandled, priority) DO UPDATE SET n = suggestion_unit_stat_counts.n + excluded.n;
    END IF;
    RETURN NULL;
END;
$$;
-- +goose StatementEnd

CREATE TRIGGER suggestion_unit_stats_step AFTER INSERT OR UPDATE OR DELETE ON suggestion_units
    FOR EACH ROW EXECUTE FUNCTION suggestion_unit_stats_step();

CREATE INDEX suggestion_unit_stat_counts_org ON suggestion_unit_stat_counts (org_id, year);
