package jobs

import "renda/internal/store"

// voteSweeps are the periodic jobs of this workflow.
func voteSweeps(db *store.DB) []Sweep { return nil }
