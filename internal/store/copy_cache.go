package store

import (
	"bufio"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"

	"renda"
)

// A cache of a bulk load on disk. Filling a database through the workflows
// (the demo county) is CPU in SQLite, seconds however it is copied. The
// first load into PostgreSQL writes every table, the search index with
// them, in PostgreSQL's own COPY text format into a directory named by a
// hash of what the contents depend on: the code (the caller's version, e.g.
// a hash of the executable), the day (the demo county is built around
// today), and the personal-data and audit keys (sealed fields and the audit
// chain's MACs are theirs). A later load with the same hash reads the files
// back with COPY in one transaction: no fill, no conversion, no search
// rebuild.

// LoadViaCache is LoadVia on PostgreSQL with the cache in dir (one entry:
// older ones are removed when a new one is written). On SQLite, without dir,
// or without the right to bulk load, it is LoadVia.
func (db *DB) LoadViaCache(ctx context.Context, dir, version string, fill func(*DB) error) error {
	if db.dialect != Postgres || dir == "" {
		return db.LoadVia(ctx, fill)
	}
	if ok, err := db.canBulkLoad(ctx); err != nil {
		return err
	} else if !ok {
		return db.LoadVia(ctx, fill)
	}
	entry := filepath.Join(dir, "load-"+db.loadKey(version))
	if _, err := os.Stat(filepath.Join(entry, "tables")); err == nil {
		start := time.Now()
		err := db.copyIn(ctx, entry)
		if err == nil {
			db.log.Info("bulk load from the cache", "dir", entry, "took", time.Since(start).Round(time.Millisecond))
			return nil
		}
		db.log.Warn("bulk load cache not usable: loading afresh", "dir", entry, "err", err)
	}
	if err := db.LoadVia(ctx, fill); err != nil {
		return err
	}
	if err := db.copyOut(ctx, dir, entry); err != nil {
		db.log.Warn("bulk load cache not written", "dir", entry, "err", err)
	}
	return nil
}

// loadKey names a cache entry: version, the day, and fingerprints of the
// keys (never the keys themselves).
func (db *DB) loadKey(version string) string {
	audit := hmac.New(sha256.New, db.auditKey)
	audit.Write([]byte("renda load cache"))
	h := sha256.New()
	fmt.Fprintf(h, "%s\n%s\n%s\n%x\n", version, renda.DateOf(db.clock.Now()), db.box.Index("renda load cache"), audit.Sum(nil))
	return hex.EncodeToString(h.Sum(nil))[:24]
}

// cacheTables lists the tables a cache entry holds, each with its columns
// (as copyFrom: no generated or identity columns), in name order.
func cacheTables(ctx context.Context, tx pgx.Tx) ([]string, map[string][]string, error) {
	rows, err := tx.Query(ctx, `SELECT c.table_name, c.column_name FROM information_schema.columns c
		JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name
		WHERE c.table_schema = current_schema() AND t.table_type = 'BASE TABLE' AND c.is_generated = 'NEVER' AND c.is_identity = 'NO'
		ORDER BY c.table_name, c.ordinal_position`)
	if err != nil {
		return nil, nil, err
	}
	defer rows.Close()
	cols := map[string][]string{}
	var names []string
	for rows.Next() {
		var t, c string
		if err := rows.Scan(&t, &c); err != nil {
			return nil, nil, err
		}
		if t == "goose_db_version" {
			continue
		}
		if cols[t] == nil {
			names = append(names, t)
		}
		cols[t] = append(cols[t], c)
	}
	return names, cols, rows.Err()
}

func copyColumns(cols []string) string {
	q := make([]string, len(cols))
	for i, c := range cols {
		q[i] = quoteIdent(c)
	}
	return strings.Join(q, ", ")
}

// onConn runs fn in a transaction on one pgx connection of db.
func (db *DB) onConn(ctx context.Context, fn func(tx pgx.Tx) error) error {
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
		if err := fn(tx); err != nil {
			return err
		}
		return tx.Commit(ctx)
	})
}

// copyOut writes every table of db into a new cache entry (written beside
// it, then renamed into place) and removes the other entries of dir.
func (db *DB) copyOut(ctx context.Context, dir, entry string) error {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return err
	}
	tmp, err := os.MkdirTemp(dir, "writing-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	err = db.onConn(ctx, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, "SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY"); err != nil {
			return err
		}
		names, cols, err := cacheTables(ctx, tx)
		if err != nil {
			return err
		}
		var list strings.Builder
		for i, t := range names {
			f, err := os.OpenFile(filepath.Join(tmp, fmt.Sprintf("%04d.copy", i)), os.O_CREATE|os.O_WRONLY|os.O_EXCL, 0o600)
			if err != nil {
				return err
			}
			w := bufio.NewWriterSize(f, 1<<16)
			_, err = tx.Conn().PgConn().CopyTo(ctx, w, "COPY "+quoteIdent(t)+" ("+copyColumns(cols[t])+") TO STDOUT")
			if err == nil {
				err = w.Flush()
			}
			if cerr := f.Close(); err == nil {
				err = cerr
			}
			if err != nil {
				return fmt.Errorf("%s: %w", t, err)
			}
			fmt.Fprintf(&list, "%s\t%s\n", t, strings.Join(cols[t], ","))
		}
		return os.WriteFile(filepath.Join(tmp, "tables"), []byte(list.String()), 0o600)
	})
	if err != nil {
		return err
	}
	olds, _ := filepath.Glob(filepath.Join(dir, "load-*"))
	for _, o := range olds {
		if o != entry {
			os.RemoveAll(o)
		}
	}
	os.RemoveAll(entry)
	return os.Rename(tmp, entry)
}

// copyIn replaces every table of db (which must have the entry's tables and
// columns) by the entry's rows, in one transaction with foreign keys and
// triggers deferred (as copyFrom).
func (db *DB) copyIn(ctx context.Context, entry string) error {
	list, err := os.ReadFile(filepath.Join(entry, "tables"))
	if err != nil {
		return err
	}
	return db.onConn(ctx, func(tx pgx.Tx) error {
		// A load into an empty database: if the machine fails before the
		// commit is on disk, the load is done again; no need to wait for it.
		if _, err := tx.Exec(ctx, "SET LOCAL session_replication_role = replica; SET LOCAL synchronous_commit = off"); err != nil {
			return err
		}
		names, cols, err := cacheTables(ctx, tx)
		if err != nil {
			return err
		}
		lines := strings.Split(strings.TrimSpace(string(list)), "\n")
		if len(lines) != len(names) {
			return fmt.Errorf("%d tables in the cache, %d in the database", len(lines), len(names))
		}
		for i, line := range lines {
			t, cs, _ := strings.Cut(line, "\t")
			if t != names[i] || !slices.Equal(strings.Split(cs, ","), cols[t]) {
				return fmt.Errorf("table %s in the cache is not the database's %s", t, names[i])
			}
		}
		for i, t := range names {
			if _, err := tx.Exec(ctx, "DELETE FROM "+quoteIdent(t)); err != nil {
				return fmt.Errorf("%s: %w", t, err)
			}
			f, err := os.Open(filepath.Join(entry, fmt.Sprintf("%04d.copy", i)))
			if err != nil {
				return err
			}
			_, err = tx.Conn().PgConn().CopyFrom(ctx, bufio.NewReaderSize(f, 1<<16), "COPY "+quoteIdent(t)+" ("+copyColumns(cols[t])+") FROM STDIN")
			f.Close()
			if err != nil {
				return fmt.Errorf("%s: %w", t, err)
			}
		}
		// Whatever this process cached of the database before is stale.
		_, err = tx.Exec(ctx, "UPDATE cache_versions SET version = version + 1000000")
		return err
	})
}
