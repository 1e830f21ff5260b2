-- How many opinions are in each state, kept in step by triggers in the
-- transaction of each change, so the staff's unfiltered list total is a
-- sum of a few rows instead of a count of millions. (PostgreSQL spreads
-- each state over 8 slots so concurrent submissions do not queue on one
-- row; SQLite has one writer and uses slot 0.)

-- +goose Up
CREATE TABLE opinion_counts (
    state TEXT NOT NULL,
    slot  INTEGER NOT NULL,
    n     INTEGER NOT NULL,
    PRIMARY KEY (state, slot)
);
INSERT INTO opinion_counts (state, slot, n) SELECT state, 0, COUNT(*) FROM opinions GROUP BY state;

-- +goose StatementBegin
CREATE FUNCTION opinion_counts_step() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        IF TG_OP = 'DELETE' OR OLD.state <> NEW.state THEN
            INSERT INTO opinion_counts (state, slot, n) VALUES (OLD.state, abs(hashtext(OLD.id)) % 8, -1)
                ON CONFLICT (state, slot) DO UPDATE SET n = opinion_counts.n - 1;
        END IF;
    END IF;
    IF TG_OP = 'INSERT' OR (TG_OP = 'UPDATE' AND OLD.state <> NEW.state) THEN
        INSERT INTO opinion_counts (state, slot, n) VALUES (NEW.state, abs(hashtext(NEW.id)) % 8, 1)
            ON CONFLICT (state, slot) DO UPDATE SET n = opinion_counts.n + 1;
    END IF;
    RETURN NULL;
END;
$$;
-- +goose StatementEnd

CREATE TRIGGER opinion_counts_step AFTER INSERT OR UPDATE OF state OR DELETE ON opinions
    FOR EACH ROW EXECUTE FUNCTION opinion_counts_step();

-- +goose Down
DROP TRIGGER opinion_counts_step ON opinions;
DROP FUNCTION opinion_counts_step();
DROP TABLE opinion_counts;
