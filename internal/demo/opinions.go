package demo

import (
	"context"

	"renda/internal/store"
)

// seedOpinions loads this workflow's part of the demo county.
func seedOpinions(ctx context.Context, db *store.DB, w *World) error { return nil }
