-- How many rows a table holds, for the lists that show the whole count of a
-- large table unfiltered (the 12345 orders' ledger): kept in step by
-- triggers in the transaction of each insert and delete, so that the count
-- is one row's read instead of a scan of every order (PostgreSQL counts
-- every row visible to the transaction).

-- +goose Up
CREATE TABLE row_counts (
    name TEXT PRIMARY KEY,
    n    INTEGER NOT NULL
);

INSERT INTO row_counts (name, n) SELECT 'hotline_orders', COUNT(*) FROM hotline_orders;

-- +goose StatementBegin
CREATE TRIGGER row_counts_hotline_insert AFTER INSERT ON hotline_orders BEGIN
    UPDATE row_counts SET n = n + 1 WHERE name = 'hotline_orders';
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER row_counts_hotline_delete AFTER DELETE ON hotline_orders BEGIN
    UPDATE row_counts SET n = n - 1 WHERE name = 'hotline_orders';
END;
-- +goose StatementEnd

-- +goose Down
DROP TRIGGER row_counts_hotline_delete;
DROP TRIGGER row_counts_hotline_insert;
DROP TABLE row_counts;
