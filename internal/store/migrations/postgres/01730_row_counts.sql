-- How many rows a table holds, for the lists that show the whole count of a
-- large table unfiltered (the 12345 orders' ledger): kept in step by
-- triggers in the transaction of each insert and delete (once a statement,
-- by the rows it changed), so that the count is one row's read instead of
-- a scan of every order (PostgreSQL counts every row visible to the
-- transaction).

-- +goose Up
CREATE TABLE row_counts (
    name TEXT PRIMARY KEY,
    n    BIGINT NOT NULL
);

INSERT INTO row_counts (name, n) SELECT 'hotline_orders', COUNT(*) FROM hotline_orders;

-- +goose StatementBegin
CREATE FUNCTION row_counts_hotline_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE row_counts SET n = n + (SELECT COUNT(*) FROM new_rows) WHERE name = 'hotline_orders';
    RETURN NULL;
END;
$$;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE FUNCTION row_counts_hotline_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE row_counts SET n = n - (SELECT COUNT(*) FROM old_rows) WHERE name = 'hotline_orders';
    RETURN NULL;
END;
$$;
-- +goose StatementEnd

CREATE TRIGGER row_counts_hotline_insert AFTER INSERT ON hotline_orders
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION row_counts_hotline_insert();
CREATE TRIGGER row_counts_hotline_delete AFTER DELETE ON hotline_orders
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION row_counts_hotline_delete();

-- +goose Down
DROP TRIGGER row_counts_hotline_delete ON hotline_orders;
DROP TRIGGER row_counts_hotline_insert ON hotline_orders;
DROP FUNCTION row_counts_hotline_delete();
DROP FUNCTION row_counts_hotline_insert();
DROP TABLE row_counts;
