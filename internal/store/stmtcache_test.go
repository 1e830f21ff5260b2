package store_test

import (
	"context"
	"fmt"
	"testing"

	"renda/internal/store"
	"renda/internal/storetest"
)

// TestStatementCache runs the same text again while its first result is
// still being read (the kept statement is busy, so the second is compiled
// afresh), and more distinct texts than a connection keeps (the least
// recently used go), on one connection, and checks every answer.
func TestStatementCache(t *testing.T) {
	db, err := store.Open(context.Background(), storetest.DSN(t, store.SQLite), store.Options{Box: storetest.Box()})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	ctx := context.Background()
	conn, err := store.ReadPool(db).Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	const q = "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?) SELECT i FROM n"
	for round := range 3 {
		outer, err := conn.QueryContext(ctx, q, 3)
		if err != nil {
			t.Fatal(err)
		}
		sum := 0
		for outer.Next() {
			var i int
			if err := outer.Scan(&i); err != nil {
				t.Fatal(err)
			}
			// The same text while the outer rows are open.
			var inner int
			if err := conn.QueryRowContext(ctx, "SELECT COUNT(*) FROM ("+q+")", i*10).Scan(&inner); err != nil {
				t.Fatal(err)
			}
			rows, err := conn.QueryContext(ctx, q, i)
			if err != nil {
				t.Fatal(err)
			}
			n := 0
			for rows.Next() {
				n++
			}
			rows.Close()
			if n != i || inner != i*10 {
				t.Fatalf("round %d: nested query of %d gave %d rows and %d counted", round, i, n, inner)
			}
			sum += i
		}
		if err := outer.Close(); err != nil {
			t.Fatal(err)
		}
		if sum != 6 {
			t.Fatalf("round %d: outer rows summed to %d, want 6", round, sum)
		}
	}
	// More distinct texts than the cache keeps, then the first ones again.
	for round := range 2 {
		for k := range 600 {
			var got int
			if err := conn.QueryRowContext(ctx, fmt.Sprintf("SELECT %d + ?", k), round).Scan(&got); err != nil {
				t.Fatal(err)
			}
			if got != k+round {
				t.Fatalf("SELECT %d + %d gave %d", k, round, got)
			}
		}
	}
	// A failing statement stays usable and reports its error each time.
	for range 2 {
		if _, err := conn.ExecContext(ctx, "SELECT no_such_column FROM sqlite_master"); err == nil {
			t.Fatal("a query of a missing column succeeded")
		}
	}
}
