package store_test

import (
	"context"
	"testing"

	"renda"
	"renda/internal/store"
	"renda/internal/storetest"
)

// TestMigrationBelowTheNewestIsApplied: workflows number their migrations
// in their own ranges, so an upgrade can bring a migration numbered below
// the database's newest; it must be applied, not refused.
func TestMigrationBelowTheNewestIsApplied(t *testing.T) {
	for _, d := range storetest.Dialects(t) {
		t.Run(d.String(), func(t *testing.T) {
			ctx := context.Background()
			db := storetest.Open(t, d, renda.NewTestClock(at(2026, 6, 2)))
			store.ForgetMigration(t, db, 1155, "DROP TABLE appointee_reviews")
			if err := db.Migrate(ctx); err != nil {
				t.Fatalf("migrate with 01155 missing below newer ones: %v", err)
			}
			if _, err := db.AppointeeReviews(ctx, nil, renda.NewID()); err != nil {
				t.Fatalf("the table of the migration applied late: %v", err)
			}
		})
	}
}
