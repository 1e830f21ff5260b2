package store_test

import (
	"context"
	"testing"
	"time"

	"renda"
	"renda/internal/store"
	"renda/internal/storetest"
	"renda/opinion"
)

// The 12345 ledger's whole count comes from row_counts (migration 01730),
// on the list and on the API's keyset page alike: it equals the orders counted, after the seeder's bulk inserts, an order
// received through its workflow and an order deleted.
func TestHotlineLedgerCount(t *testing.T) {
	ctx := context.Background()
	for _, d := range storetest.Dialects(t) {
		t.Run(d.String(), func(t *testing.T) {
			db, f, _ := synthetic(t, d, 5)
			raw := store.RawDB(db)
			check := func(step string) {
				t.Helper()
				var want int
				if err := raw.QueryRow("SELECT COUNT(*) FROM hotline_orders").Scan(&want); err != nil {
					t.Fatal(err)
				}
				list, total, err := db.HotlineOrders(ctx, f.Staff, store.HotlineFilter{Limit: 1000})
				if err != nil || total != want || len(list) != want || want == 0 {
					t.Errorf("%s: ledger total %d, %d listed (%v), %d orders", step, total, len(list), err, want)
				}
				// The API's keyset page gives the same total.
				if _, paged, _, err := db.HotlineOrderPage(ctx, f.Staff, store.HotlineFilter{Limit: 1}, ""); err != nil || paged != want {
					t.Errorf("%s: the page's total %d (%v), %d orders", step, paged, err, want)
				}
				// A filter counts the orders themselves: the same.
				_, filtered, err := db.HotlineOrders(ctx, f.Staff, store.HotlineFilter{From: renda.NewDate(2000, 1, 1), Limit: 1})
				if err != nil || filtered != want {
					t.Errorf("%s: filtered total %d (%v), %d orders", step, filtered, err, want)
				}
			}
			check("seeded")
			h := &opinion.HotlineOrder{Number: "HX-COUNT-1", Channel: "电话", ReceivedAt: time.Date(2024, 5, 6, 9, 30, 0, 0, renda.CST),
				RegionCode: f.Town1.Code, Type: "求助", Content: "路灯不亮", Due: time.Date(2024, 5, 13, 18, 0, 0, 0, renda.CST)}
			if _, created, err := db.ReceiveHotlineOrder(ctx, h); err != nil || !created {
				t.Fatalf("receive: %v %v", created, err)
			}
			check("received")
			if _, err := raw.Exec("DELETE FROM hotline_orders WHERE number = 'HX-COUNT-1'"); err != nil {
				t.Fatal(err)
			}
			check("deleted")
		})
	}
}
