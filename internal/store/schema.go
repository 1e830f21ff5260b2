package store

import (
	"context"
	"slices"
)

// Schema returns renda's tables and their columns (sorted), as the database
// reports them. A test compares it across SQLite and PostgreSQL.
func (db *DB) Schema(ctx context.Context) (map[string][]string, error) {
	// Each database's own full-text machinery differs by design and is left
	// out: SQLite's FTS5 tables (search_fts*), PostgreSQL's tsvector columns.
	q := `SELECT m.name, p.name FROM sqlite_master m JOIN pragma_table_info(m.name) p
		WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%' AND m.name <> 'goose_db_version' AND m.name NOT LIKE 'search_fts%'`
	if db.dialect == Postgres {
		q = `SELECT table_name, column_name FROM information_schema.columns
			WHERE table_schema = current_schema() AND table_name <> 'goose_db_version' AND data_type <> 'tsvector'`
	}
	rows, err := db.r.QueryContext(ctx, q)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string][]string{}
	for rows.Next() {
		var table, col string
		if err := rows.Scan(&table, &col); err != nil {
			return nil, err
		}
		out[table] = append(out[table], col)
	}
	for _, cols := range out {
		slices.Sort(cols)
	}
	return out, rows.Err()
}
