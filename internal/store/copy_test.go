package store_test

import (
	"context"
	"testing"

	"renda/internal/store"
	"renda/internal/storetest"
)

// TestCopyFromSQLiteIntoPostgres: a bulk load brings every row of every
// table over, the audit chain still verifies, the search index is rebuilt
// (a deputy is found by name), and a copy into a database that can be
// written afterwards keeps working (a new account is made).
func TestCopyFromSQLiteIntoPostgres(t *testing.T) {
	if len(storetest.Dialects(t)) < 2 {
		storetest.SkipOrFail(t, "RENDA_TEST_POSTGRES is not set: the copy into PostgreSQL is not tested")
	}
	ctx := context.Background()
	src := storetest.Open(t, store.SQLite, nil)
	f := storetest.Fixture(t, src)
	dst := storetest.Open(t, store.Postgres, nil)
	if err := dst.CopyFrom(ctx, src); err != nil {
		t.Fatal(err)
	}
	for _, table := range []string{"users", "deputies", "organizations", "regions", "audit_log", "calendar_days"} {
		count := func(db *store.DB) int {
			var n int
			if err := store.RawDB(db).QueryRowContext(ctx, "SELECT COUNT(*) FROM "+table).Scan(&n); err != nil {
				t.Fatalf("%s: %v", table, err)
			}
			return n
		}
		if a, b := count(src), count(dst); a != b || a == 0 {
			t.Errorf("%s: %d rows in SQLite, %d in PostgreSQL", table, a, b)
		}
	}
	if n, err := dst.VerifyAudit(ctx); err != nil || n == 0 {
		t.Errorf("audit chain after the copy: %d records, %v", n, err)
	}
	if ids, _ := found(t, dst, f.Staff, f.Deputy2.Name); len(ids) == 0 {
		t.Errorf("the copied deputy %s is not found by search", f.Deputy2.Name)
	}
	d, err := dst.Deputy(ctx, f.Staff, f.Deputy1.ID)
	if err != nil || d.Phone == "" {
		t.Errorf("the copied deputy's sealed phone: %v %q", err, d.Phone)
	}
	if _, err := dst.CreateUser(ctx, f.Admin, store.NewUser{Username: "after-copy", DisplayName: "新账号", Role: "staff", Password: "fresh-account-2024"}); err != nil {
		t.Errorf("writing after the copy: %v", err)
	}
}
