package jobs

import (
	"context"
	"time"

	"renda/internal/store"
)

// budgetSweeps raise the warnings of budget supervision from the current
// data (a warning per year, rule and department, once).
func budgetSweeps(db *store.DB) []Sweep {
	return []Sweep{
		{Name: "budget-warnings", Every: 10 * time.Minute, Run: func(ctx context.Context) error {
			_, err := db.SweepBudgetWarnings(ctx)
			return err
		}},
	}
}
