-- A unit's statistics (its own items, the totals, categories and
-- delegations) summed suggestion_org_stat_counts (migration 01620), whose
-- key holds every figure's flag: about one row an item (4,695 rows for a
-- unit's 5,017 items at a province's volume), read and grouped twice a
-- request. Two narrow tables hold the same sums by the panels' keys (the
-- categories' and the delegations'), with the year, kept in step with
-- suggestion_org_stat_counts by triggers on it, in the same transaction;
-- their keys are in the order the statistics group by.

-- +goose Up
CREATE TABLE suggestion_org_stat_categories (
    org_id         TEXT NOT NULL,
    kind           TEXT NOT NULL,
    category       TEXT NOT NULL,
    status         TEXT NOT NULL,
    reply_category TEXT NOT NULL,
    rating         TEXT NOT NULL,
    year           INTEGER NOT NULL,
    n              INTEGER NOT NULL,
    published      INTEGER NOT NULL,
    during         INTEGER NOT NULL,
    assigned       INTEGER NOT NULL,
    replied        INTEGER NOT NULL,
    on_time        INTEGER NOT NULL,
    rehandled      INTEGER NOT NULL,
    priority       INTEGER NOT NULL,
    PRIMARY KEY (org_id, kind, category, status, reply_category, rating, year)
);

CREATE TABLE suggestion_org_stat_delegations (
    org_id         TEXT NOT NULL,
    kind           TEXT NOT NULL,
    delegation_id  TEXT NOT NULL,
    status         TEXT NOT NULL,
    reply_category TEXT NOT NULL,
    rating         TEXT NOT NULL,
    year           INTEGER NOT NULL,
    n              INTEGER NOT NULL,
    assigned       INTEGER NOT NULL,
    replied        INTEGER NOT NULL,
    on_time        INTEGER NOT NULL,
    rehandled      INTEGER NOT NULL,
    priority       INTEGER NOT NULL,
    PRIMARY KEY (org_id, kind, delegation_id, status, reply_category, rating, year)
);

INSERT INTO suggestion_org_stat_categories (org_id, kind, category, status, reply_category, rating, year, n, published, during, assigned, replied, on_time, rehandled, priority)
    SELECT org_id, kind, category, status, reply_category, rating, year, SUM(n), SUM(published * n), SUM(during * n), SUM(assigned * n), SUM(replied * n), SUM(replied * on_time * n), SUM(rehandled * n), SUM(priority * n)
    FROM suggestion_org_stat_counts GROUP BY org_id, kind, category, status, reply_category, rating, year;

INSERT INTO suggestion_org_stat_delegations (org_id, kind, delegation_id, status, reply_category, rating, year, n, assigned, replied, on_time, rehandled, priority)
    SELECT org_id, kind, delegation_id, status, reply_category, rating, year, SUM(n), SUM(assigned * n), SUM(replied * n), SUM(replied * on_time * n), SUM(rehandled * n), SUM(priority * n)
    FROM suggestion_org_stat_counts GROUP BY org_id, kind, delegation_id, status, reply_category, rating, year;

-- +goose StatementBegin
CREATE FUNCTION suggestion_org_stat_panels_step() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        INSERT INTO suggestion_org_stat_categories (org_id, kind, category, status, reply_category, rating, year, n, published, during, assigned, replied, on_time, rehandled, priority) VALUES (OLD.org_id, OLD.kind, OLD.category, OLD.status, OLD.reply_category, OLD.rating, OLD.year, -(OLD.n), -(OLD.published * OLD.n), -(OLD.during * OLD.n), -(OLD.assigned * OLD.n), -(OLD.replied * OLD.n), -(OLD.replied * OLD.on_time * OLD.n), -(OLD.rehandled * OLD.n), -(OLD.priority * OLD.n))
            ON CONFLICT (org_id, kind, category, status, reply_category, rating, year) DO UPDATE SET n = suggestion_org_stat_categories.n + excluded.n, published = suggestion_org_stat_categories.published + excluded.published, during = suggestion_org_stat_categories.during + excluded.during, assigned = suggestion_org_stat_categories.assigned + excluded.assigned, replied = suggestion_org_stat_categories.replied + excluded.replied, on_time = suggestion_org_stat_categories.on_time + excluded.on_time, rehandled = suggestion_org_stat_categories.rehandled + excluded.rehandled, priority = suggestion_org_stat_categories.priority + excluded.priority;
        INSERT INTO suggestion_org_stat_delegations (org_id, kind, delegation_id, status, reply_category, rating, year, n, assigned, replied, on_time, rehandled, priority) VALUES (OLD.org_id, OLD.kind, OLD.delegation_id, OLD.status, OLD.reply_category, OLD.rating, OLD.year, -(OLD.n), -(OLD.assigned * OLD.n), -(OLD.replied * OLD.n), -(OLD.replied * OLD.on_time * OLD.n), -(OLD.rehandled * OLD.n), -(OLD.priority * OLD.n))
            ON CONFLICT (org_id, kind, delegation_id, status, reply_category, rating, year) DO UPDATE SET n = suggestion_org_stat_delegations.n + excluded.n, assigned = suggestion_org_stat_delegations.assigned + excluded.assigned, replied = suggestion_org_stat_delegations.replied + excluded.replied, on_time = suggestion_org_stat_delegations.on_time + excluded.on_time, rehandled = suggestion_org_stat_delegations.rehandled + excluded.rehandled, priority = suggestion_org_stat_delegations.priority + excluded.priority;
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        INSERT INTO suggestion_org_stat_categories (org_id, kind, category, status, reply_category, rating, year, n, published, during, assigned, replied, on_time, rehandled, priority) VALUES (NEW.org_id, NEW.kind, NEW.category, NEW.status, NEW.reply_category, NEW.rating, NEW.year, NEW.n, NEW.published * NEW.n, NEW.during * NEW.n, NEW.assigned * NEW.n, NEW.replied * NEW.n, NEW.replied * NEW.on_time * NEW.n, NEW.rehandled * NEW.n, NEW.priority * NEW.n)
            ON CONFLICT (org_id, kind, category, status, reply_category, rating, year) DO UPDATE SET n = suggestion_org_stat_categories.n + excluded.n, published = suggestion_org_stat_categories.published + excluded.published, during = suggestion_org_stat_categories.during + excluded.during, assigned = suggestion_org_stat_categories.assigned + excluded.assigned, replied = suggestion_org_stat_categories.replied + excluded.replied, on_time = suggestion_org_stat_categories.on_time + excluded.on_time, rehandled = suggestion_org_stat_categories.rehandled + excluded.rehandled, priority = suggestion_org_stat_categories.priority + excluded.priority;
        INSERT INTO suggestion_org_stat_delegations (org_id, kind, delegation_id, status, reply_category, rating, year, n, assigned, replied, on_time, rehandled, priority) VALUES (NEW.org_id, NEW.kind, NEW.delegation_id, NEW.status, NEW.reply_category, NEW.rating, NEW.year, NEW.n, NEW.assigned * NEW.n, NEW.replied * NEW.n, NEW.replied * NEW.on_time * NEW.n, NEW.rehandled * NEW.n, NEW.priority * NEW.n)
            ON CONFLICT (org_id, kind, delegation_id, status, reply_category, rating, year) DO UPDATE SET n = suggestion_org_stat_delegations.n + excluded.n, assigned = suggestion_org_stat_delegations.assigned + excluded.assigned, replied = suggestion_org_stat_delegations.replied + excluded.replied, on_time = suggestion_org_stat_delegations.on_time + excluded.on_time, rehandled = suggestion_org_stat_delegations.rehandled + excluded.rehandled, priority = suggestion_org_stat_delegations.priority + excluded.priority;
    END IF;
    RETURN NULL;
END;
$$;
-- +goose StatementEnd

CREATE TRIGGER suggestion_org_stat_panels_step AFTER INSERT OR UPDATE OR DELETE ON suggestion_org_stat_counts
    FOR EACH ROW EXECUTE FUNCTION suggestion_org_stat_panels_step();

-- +goose Down
DROP TRIGGER suggestion_org_stat_panels_step ON suggestion_org_stat_counts;
DROP FUNCTION suggestion_org_stat_panels_step();
DROP TABLE suggestion_org_stat_delegations;
DROP TABLE suggestion_org_stat_categories;
