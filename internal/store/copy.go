package store

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"
)

// Bulk loading into PostgreSQL. Filling a database item by item through the
// workflows (the demo county: tens of thousands of transactions) costs one
// network round trip per statement on PostgreSQL and almost nothing on the
// embedded SQLite. LoadVia runs fill on a temporary SQLite database with
// this database's clock and keys, then copies every table over in a few
// hundred multi-row INSERTs in one transaction, and rebuilds the search
// index (whose tokens each database stores in its own way).

// LoadVia fills db with fill. On SQLite fill runs on db itself. On
// PostgreSQL it runs on a temporary SQLite database that is then copied
// into db, which must be freshly migrated and hold no data; if the copy is
// not allowed (it needs to defer foreign keys and triggers while it runs,
// which takes a superuser or the table owner's replication role), fill runs
// on db directly, only slower.
func (db *DB) LoadVia(ctx context.Context, fill func(*DB) error) error {
	if db.dialect != Postgres {
		return fill(db)
	}
	if ok, err := db.canBulkLoad(ctx); err != nil {
		return err
	} else if !ok {
		db.log.Info("bulk load not allowed (session_replication_role): filling PostgreSQL directly")
		return fill(db)
	}
	dir, err := os.MkdirTemp("", "renda-load-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	tmp, err := Open(ctx, "sqlite:"+filepath.Join(dir, "load.db"), Options{Clock: db.clock, Box: db.box, Logger: db.log, AuditKey: db.auditKey})
	if err != nil {
		return err
	}
	defer tmp.Close()
	if err := tmp.Migrate(ctx); err != nil {
		return err
	}
	if err := tmp.Init(ctx); err != nil {
		return err
	}
	if err := fill(tmp); err != nil {
		return err
	}
	return db.CopyFrom(ctx, tmp)
}

// CopyFrom replaces everything in db, a PostgreSQL database, by the
// contents of src, a SQLite database of the same schema version written
// with the same personal-data and audit keys, and rebuilds the search
// index. It needs the right to defer foreign keys and triggers
// (session_replication_role).
func (db *DB) CopyFrom(ctx context.Context, src *DB) error {
	if db.dialect != Postgres || src.dialect != SQLite {
		return fmt.Errorf("store: copy from %s into %s: only SQLite into PostgreSQL", src.dialect, db.dialect)
	}
	start := time.Now()
	if err := db.copyFrom(ctx, src); err != nil {
		return fmt.Errorf("bulk load: %w", err)
	}
	db.log.Info("bulk load copied", "took", time.Since(start).Round(time.Millisecond))
	return db.ReindexSearch(ctx)
}

// canBulkLoad reports whether this session may switch off foreign keys and
// triggers for a transaction.
func (db *DB) canBulkLoad(ctx context.Context) (bool, error) {
	tx, err := db.w.BeginTx(ctx, nil)
	if err != nil {
		return false, err
	}
	defer tx.Rollback()
	_, err = tx.ExecContext(ctx, "SET LOCAL session_replication_role = replica")
	return err == nil, nil
}

// notCopied are the tables a bulk load leaves alone: the migration tool's
// own, and the search index, which is rebuilt after the copy.
var notCopied = map[string]bool{"goose_db_version": true, "search_docs": true, "search_readers": true}

type pgColumn struct {
	name, typ string
}

// copyFrom replaces the rows of every table of db by those of src (a
// SQLite database of the same schema version), in one transaction with
// foreign keys and triggers deferred (replica role): the rows come over as
// they are, so counters kept by triggers are copied, not counted twice.
// Each table comes over in one COPY (PostgreSQL's bulk protocol, through
// pgx), not in INSERT statements.
func (db *DB) copyFrom(ctx context.Context, src *DB) error {
	conn, err := db.w.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	return conn.Raw(func(dc any) error {
		sc, ok := dc.(*stdlib.Conn)
		if !ok {
			return fmt.Errorf("not a pgx connection: %T", dc)
		}
		tx, err := sc.Conn().Begin(ctx)
		if err != nil {
			return err
		}
		defer tx.Rollback(ctx)
		if _, err := tx.Exec(ctx, "SET LOCAL session_replication_role = replica"); err != nil {
			return err
		}
		rows, err := tx.Query(ctx, `SELECT c.table_name, c.column_name, c.data_type FROM information_schema.columns c
			JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name
			WHERE c.table_schema = current_schema() AND t.table_type = 'BASE TABLE' AND c.is_generated = 'NEVER' AND c.is_identity = 'NO'
			ORDER BY c.table_name, c.ordinal_position`)
		if err != nil {
			return err
		}
		tables := map[string][]pgColumn{}
		for rows.Next() {
			var t string
			var c pgColumn
			if err := rows.Scan(&t, &c.name, &c.typ); err != nil {
				rows.Close()
				return err
			}
			tables[t] = append(tables[t], c)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		names := make([]string, 0, len(tables))
		for t := range tables {
			if !notCopied[t] {
				names = append(names, t)
			}
		}
		slices.Sort(names)
		for _, t := range names {
			if _, err := tx.Exec(ctx, "DELETE FROM "+quoteIdent(t)); err != nil {
				return fmt.Errorf("%s: %w", t, err)
			}
			if err := copyTable(ctx, tx, src, t, tables[t]); err != nil {
				return fmt.Errorf("%s: %w", t, err)
			}
		}
		// Whatever this process cached of the database before is stale.
		if _, err := tx.Exec(ctx, "UPDATE cache_versions SET version = version + 1000000"); err != nil {
			return err
		}
		return tx.Commit(ctx)
	})
}

// copyTable copies one table's rows from src in one COPY.
func copyTable(ctx context.Context, tx pgx.Tx, src *DB, table string, cols []pgColumn) error {
	have := map[string]bool{}
	info, err := src.r.QueryContext(ctx, "SELECT name FROM pragma_table_info(?)", table)
	if err != nil {
		return err
	}
	for info.Next() {
		var n string
		if err := info.Scan(&n); err != nil {
			info.Close()
			return err
		}
		have[n] = true
	}
	info.Close()
	if len(have) == 0 {
		return fmt.Errorf("no such table in the source database")
	}
	var use []pgColumn
	var names, quoted []string
	for _, c := range cols {
		if have[c.name] {
			use = append(use, c)
			names = append(names, c.name)
			quoted = append(quoted, quoteIdent(c.name))
		}
	}
	// In the order the rows were written (parents before children), where
	// the table has a rowid.
	var ddl string
	if err := src.r.QueryRowContext(ctx, "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?", table).Scan(&ddl); err != nil {
		return err
	}
	order := " ORDER BY rowid"
	if strings.Contains(strings.ToUpper(ddl), "WITHOUT ROWID") {
		order = ""
	}
	rows, err := src.r.QueryContext(ctx, "SELECT "+strings.Join(quoted, ", ")+" FROM "+quoteIdent(table)+order)
	if err != nil {
		return err
	}
	defer rows.Close()
	perRow := len(use)
	vals := make([]any, perRow)
	ptrs := make([]any, perRow)
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	_, err = tx.CopyFrom(ctx, pgx.Identifier{table}, names, pgx.CopyFromFunc(func() ([]any, error) {
		if !rows.Next() {
			return nil, rows.Err()
		}
		if err := rows.Scan(ptrs...); err != nil {
			return nil, err
		}
		row := make([]any, perRow)
		for i, c := range use {
			row[i] = pgValue(vals[i], c.typ)
		}
		return row, nil
	}))
	return err
}

// pgValue converts a value read from SQLite to the column's PostgreSQL type.
func pgValue(v any, typ string) any {
	switch typ {
	case "boolean":
		switch x := v.(type) {
		case int64:
			return x != 0
		case string:
			return x == "1" || strings.EqualFold(x, "true")
		}
	case "bytea":
		if s, ok := v.(string); ok {
			return []byte(s)
		}
	case "text", "character varying":
		switch x := v.(type) {
		case []byte:
			return string(x)
		case int64:
			return strconv.FormatInt(x, 10)
		case float64:
			return strconv.FormatFloat(x, 'g', -1, 64)
		}
	case "real", "double precision":
		if x, ok := v.(int64); ok {
			return float64(x)
		}
	}
	return v
}

func quoteIdent(s string) string { return `"` + strings.ReplaceAll(s, `"`, `""`) + `"` }
