package store_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"renda/internal/store"
	"renda/internal/storetest"
)

// TestLoadViaCache: the first load into PostgreSQL fills (through SQLite)
// and writes the cache; a second load of the same version into another
// database comes from the cache without filling, with the same rows, a
// verifying audit chain, a working search index and a database that can be
// written; another version fills again and replaces the cache entry.
func TestLoadViaCache(t *testing.T) {
	if len(storetest.Dialects(t)) < 2 {
		storetest.SkipOrFail(t, "RENDA_TEST_POSTGRES is not set: the load cache is not tested")
	}
	ctx := context.Background()
	dir := t.TempDir()
	var f *storetest.Fix
	first := storetest.Open(t, store.Postgres, nil)
	if err := first.LoadViaCache(ctx, dir, "v1", func(db *store.DB) error { f = storetest.Fixture(t, db); return nil }); err != nil {
		t.Fatal(err)
	}
	if f == nil {
		t.Fatal("the first load did not fill")
	}
	entries, _ := filepath.Glob(filepath.Join(dir, "load-*"))
	if len(entries) != 1 {
		t.Fatalf("cache entries after the first load: %v", entries)
	}
	second := storetest.Open(t, store.Postgres, nil)
	if err := second.LoadViaCache(ctx, dir, "v1", func(*store.DB) error { t.Error("the second load filled instead of reading the cache"); return nil }); err != nil {
		t.Fatal(err)
	}
	for _, table := range []string{"users", "deputies", "organizations", "regions", "audit_log", "audit_head", "calendar_days", "search_docs", "search_readers"} {
		count := func(db *store.DB) int {
			var n int
			if err := store.RawDB(db).QueryRowContext(ctx, "SELECT COUNT(*) FROM "+table).Scan(&n); err != nil {
				t.Fatalf("%s: %v", table, err)
			}
			return n
		}
		if a, b := count(first), count(second); a != b || a == 0 {
			t.Errorf("%s: %d rows loaded, %d from the cache", table, a, b)
		}
	}
	if n, err := second.VerifyAudit(ctx); err != nil || n == 0 {
		t.Errorf("audit chain from the cache: %d records, %v", n, err)
	}
	if ids, _ := found(t, second, f.Staff, f.Deputy2.Name); len(ids) == 0 {
		t.Errorf("the deputy %s is not found by search after a load from the cache", f.Deputy2.Name)
	}
	if d, err := second.Deputy(ctx, f.Staff, f.Deputy1.ID); err != nil || d.Phone == "" {
		t.Errorf("the deputy's sealed phone from the cache: %v %q", err, d.Phone)
	}
	if _, err := second.CreateUser(ctx, f.Admin, store.NewUser{Username: "after-cache", DisplayName: "新账号", Role: "staff", Password: "fresh-account-2024"}); err != nil {
		t.Errorf("writing after a load from the cache: %v", err)
	}
	// Another version: filled again, and the old entry replaced.
	filled := false
	third := storetest.Open(t, store.Postgres, nil)
	if err := third.LoadViaCache(ctx, dir, "v2", func(db *store.DB) error { filled = true; storetest.Fixture(t, db); return nil }); err != nil {
		t.Fatal(err)
	}
	after, _ := filepath.Glob(filepath.Join(dir, "load-*"))
	if !filled || len(after) != 1 || after[0] == entries[0] {
		t.Errorf("another version: filled %v, entries %v (before %v)", filled, after, entries)
	}
	if _, err := os.Stat(filepath.Join(after[0], "tables")); err != nil {
		t.Error(err)
	}
}
