package store

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
)

// Backup writes a consistent copy of the database to path while renda keeps
// running. On SQLite it is one database file (VACUUM INTO) that
// `renda serve --db sqlite:PATH` opens as it is; on PostgreSQL it is a
// pg_dump archive in custom format (restore with pg_restore).
// Personal data stays encrypted in the copy; keep the secret key apart.
func (db *DB) Backup(ctx context.Context, path string) error {
	if _, err := os.Stat(path); err == nil {
		return fmt.Errorf("backup: %s exists already; choose a new file name", path)
	}
	if db.dialect == SQLite {
		// VACUUM INTO reads one snapshot; writers go on meanwhile.
		if _, err := db.r.ExecContext(ctx, "VACUUM INTO ?", path); err != nil {
			// The reader pool is query-only; VACUUM INTO writes only the new file,
			// but older SQLite builds refuse it there, so retry on the writer.
			if _, err2 := db.w.ExecContext(ctx, "VACUUM INTO ?", path); err2 != nil {
				return fmt.Errorf("backup: %w", errors.Join(err, err2))
			}
		}
		return nil
	}
	pgDump, err := exec.LookPath("pg_dump")
	if err != nil {
		return errors.New("backup: pg_dump is needed to back up PostgreSQL; install the postgresql-client package")
	}
	cmd := exec.CommandContext(ctx, pgDump, "--format=custom", "--no-owner", "--file", path, "--dbname", db.dsn)
	if out, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("backup: pg_dump: %v: %s", err, out)
	}
	return nil
}
