package jobs

import "renda/internal/store"

// suggestionSweeps are the periodic jobs of this workflow.
func suggestionSweeps(db *store.DB) []Sweep { return nil }
