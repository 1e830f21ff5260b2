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
CREATE TRIGGER opinion_counts_insert AFTER INSERT ON opinions BEGIN
    INSERT INTO opinion_counts (state, slot, n) VALUES (NEW.state, 0, 1)
        ON CONFLICT (state, slot) DO UPDATE SET n = n + 1;
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER opinion_counts_update AFTER UPDATE OF state ON opinions WHEN OLD.state <> NEW.state BEGIN
    UPDATE opinion_counts SET n = n - 1 WHERE state = OLD.state AND slot = 0;
    INSERT INTO opinion_counts (state, slot, n) VALUES (NEW.state, 0, 1)
        ON CONFLICT (state, slot) DO UPDATE SET n = n + 1;
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER opinion_counts_delete AFTER DELETE ON opinions BEGIN
    UPDATE opinion_counts SET n = n - 1 WHERE state = OLD.state AND slot = 0;
END;
-- +goose StatementEnd

-- +goose Down
DROP TRIGGER opinion_counts_delete;
DROP TRIGGER opinion_counts_update;
DROP TRIGGER opinion_counts_insert;
DROP TABLE opinion_counts;
