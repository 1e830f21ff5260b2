package store_test

import (
	"context"
	"os"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"

	"renda/internal/store"
	"renda/internal/storetest"
)

// TestMigrationsMatch checks that the SQLite and PostgreSQL migrations give
// the same tables with the same columns.
func TestMigrationsMatch(t *testing.T) {
	if os.Getenv("RENDA_TEST_POSTGRES") == "" {
		storetest.SkipOrFail(t, "RENDA_TEST_POSTGRES is not set; cannot compare with PostgreSQL")
	}
	lite := storetest.Open(t, store.SQLite, nil)
	pg := storetest.Open(t, store.Postgres, nil)
	a, err := lite.Schema(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	b, err := pg.Schema(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if len(a) < 10 {
		t.Fatalf("only %d tables on SQLite", len(a))
	}
	if diff := cmp.Diff(a, b); diff != "" {
		t.Errorf("schemas differ (-sqlite +postgres):\n%s", diff)
	}
}

func TestSchemaListsTables(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s, err := db.Schema(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		for _, table := range []string{"deputies", "audit_log", "organizations", "users"} {
			if len(s[table]) == 0 {
				t.Errorf("table %s missing", table)
			}
		}
		if !slices.Contains(s["deputies"], "phone_enc") {
			t.Errorf("deputies columns: %v", s["deputies"])
		}
		if _, ok := s["goose_db_version"]; ok {
			t.Error("the migration tool's table should not be listed")
		}
	})
}
