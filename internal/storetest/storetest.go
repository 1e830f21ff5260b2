// Package storetest opens real, freshly migrated databases for tests:
// SQLite always, PostgreSQL when RENDA_TEST_POSTGRES holds a URL.
package storetest

import (
	"context"
	"database/sql"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib"

	"renda"
	"renda/internal/secret"
	"renda/internal/store"
)

// Key is the personal-data key of test databases.
var Key = []byte("renda-test-key-0123456789abcdef!")

// Box returns a personal-data box with the test key.
func Box() *secret.Box {
	b, err := secret.New(Key)
	if err != nil {
		panic(err)
	}
	return b
}

// SkipOrFail skips a test that needs something this machine lacks — unless
// RENDA_CI is set, where a skip would hide a missing check: then it fails.
func SkipOrFail(t testing.TB, format string, args ...any) {
	t.Helper()
	msg := fmt.Sprintf(format, args...)
	if os.Getenv("RENDA_CI") != "" {
		t.Fatalf("RENDA_CI is set, so this may not be skipped: %s", msg)
	}
	t.Skip(msg)
}

// Each runs fn as a subtest on SQLite and, if RENDA_TEST_POSTGRES is set, on
// PostgreSQL, each with a fresh database.
func Each(t *testing.T, fn func(t *testing.T, db *store.DB)) {
	t.Helper()
	for _, d := range Dialects(t) {
		t.Run(d.String(), func(t *testing.T) {
			fn(t, Open(t, d, nil))
		})
	}
}

// Dialects returns the databases this run tests on.
func Dialects(t testing.TB) []store.Dialect {
	if os.Getenv("RENDA_TEST_POSTGRES") != "" {
		return []store.Dialect{store.SQLite, store.Postgres}
	}
	if os.Getenv("RENDA_CI") != "" {
		t.Fatalf("RENDA_CI is set but RENDA_TEST_POSTGRES is not: PostgreSQL tests would be skipped")
	}
	return []store.Dialect{store.SQLite}
}

// Open returns a freshly migrated database of the dialect, closed and
// removed when the test ends. clock may be nil (system clock).
func Open(t testing.TB, d store.Dialect, clock renda.Clock) *store.DB {
	t.Helper()
	dsn := DSN(t, d)
	db, err := store.Open(context.Background(), dsn, store.Options{Clock: clock, Box: Box(), Logger: quietLogger()})
	if err != nil {
		t.Fatalf("open %s: %v", d, err)
	}
	t.Cleanup(func() { db.Close() })
	if err := db.Migrate(context.Background()); err != nil {
		t.Fatalf("migrate %s: %v", d, err)
	}
	if err := db.Init(context.Background()); err != nil {
		t.Fatalf("init %s: %v", d, err)
	}
	return db
}

// DSN returns the address of a new, empty database of the dialect: a file
// in the test's temporary directory, or a new schema on the PostgreSQL
// server named by RENDA_TEST_POSTGRES (dropped when the test ends).
func DSN(t testing.TB, d store.Dialect) string {
	t.Helper()
	if d == store.SQLite {
		return "sqlite:" + filepath.Join(t.TempDir(), "renda.db")
	}
	base := os.Getenv("RENDA_TEST_POSTGRES")
	if base == "" {
		SkipOrFail(t, "RENDA_TEST_POSTGRES is not set; PostgreSQL tests skipped")
	}
	admin, err := sql.Open("pgx", base)
	if err != nil {
		t.Fatal(err)
	}
	defer admin.Close()
	schema := "t_" + strings.ToLower(renda.RandomToken(12))
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if _, err := admin.ExecContext(ctx, "CREATE SCHEMA "+schema); err != nil {
		SkipOrFail(t, "PostgreSQL at RENDA_TEST_POSTGRES is not usable: %v", err)
	}
	t.Cleanup(func() {
		a, err := sql.Open("pgx", base)
		if err != nil {
			return
		}
		defer a.Close()
		_, _ = a.Exec("DROP SCHEMA " + schema + " CASCADE")
	})
	u, err := url.Parse(base)
	if err != nil {
		t.Fatalf("RENDA_TEST_POSTGRES: %v", err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String()
}

// Column is the first column of every row of q, as strings.
func Column(t testing.TB, db *sql.DB, q string) []string {
	t.Helper()
	rows, err := db.Query(q)
	if err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			t.Fatal(err)
		}
		out = append(out, s)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}
