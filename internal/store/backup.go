package store

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"os/exec"
	"strings"
)

// Backup writes a consistent copy of the database to path while renda keeps
// running. On SQLite it is one database file (VACUUM INTO) that
// `renda serve --db sqlite:PATH` opens as it is; on PostgreSQL it is a
// pg_dump archive in custom format (restore with pg_restore).
// Personal data stays encrypted in the copy; keep the secret key apart.
func (db *DB) Backup(ctx context.Context, path string) error {
	// The file is made here, empty and readable by its owner only, so the
	// backup never exists with wider permissions; VACUUM INTO and pg_dump
	// write into it (and keep its mode).
	fh, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		if errors.Is(err, fs.ErrExist) {
			return fmt.Errorf("backup: %s exists already; choose a new file name", path)
		}
		return fmt.Errorf("backup: %w", err)
	}
	if err := errors.Join(fh.Chmod(0o600), fh.Close()); err != nil {
		_ = os.Remove(path)
		return fmt.Errorf("backup: %w", err)
	}
	if err := db.backupInto(ctx, path); err != nil {
		_ = os.Remove(path)
		return err
	}
	return os.Chmod(path, 0o600)
}

func (db *DB) backupInto(ctx context.Context, path string) error {
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
	args := []string{"--format=custom", "--no-owner", "--file", path}
	// pg_dump refuses libpq-unknown URI parameters such as search_path (pgx
	// accepts them): dump that schema only, with the parameter taken out.
	dsn := db.dsn
	if u, err := url.Parse(dsn); err == nil {
		q := u.Query()
		if sp := q.Get("search_path"); sp != "" {
			q.Del("search_path")
			u.RawQuery = q.Encode()
			dsn = u.String()
			args = append(args, "--schema", strings.TrimSpace(strings.Split(sp, ",")[0]))
		}
	}
	cmd := exec.CommandContext(ctx, pgDump, append(args, "--dbname", dsn)...)
	if out, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("backup: pg_dump: %v: %s", err, out)
	}
	return nil
}
