package demo

import (
	"context"

	"renda/internal/store"
)

// seedSuggestions loads this workflow's part of the demo county.
func seedSuggestions(ctx context.Context, db *store.DB, w *World) error { return nil }
