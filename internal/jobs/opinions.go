package jobs

import "renda/internal/store"

// opinionSweeps are the periodic jobs of this workflow.
func opinionSweeps(db *store.DB) []Sweep { return nil }
