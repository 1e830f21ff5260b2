package demo

import (
	"context"

	"renda/internal/store"
)

// seedVotes loads this workflow's part of the demo county.
func seedVotes(ctx context.Context, db *store.DB, w *World) error { return nil }
