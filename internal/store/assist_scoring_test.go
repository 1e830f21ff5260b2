package store_test

import (
	"context"
	"testing"

	"renda/internal/store"
	"renda/internal/storetest"
)

// The assistance's scoring checks who may read a match once an item for
// all phrases: the scores are those of checking each phrase's rows as read
// (a staff member and a unit; all kinds, and suggestions alone as the
// routing asks), with assistScan and assistPerPhrase reached; with a
// request's memo (WithAssistMemo) shared by the calls too.
func TestAssistScoringBatched(t *testing.T) {
	db := storetest.Open(t, store.SQLite, nil)
	ctx := context.Background()
	f := storetest.Fixture(t, db)
	if _, err := db.SeedSynthetic(ctx, 150, nil); err != nil {
		t.Fatal(err)
	}
	texts := []string{"关于加强村口路灯维护的建议：路灯损坏多日无人修理，夜间出行不便。", "小区排水管道堵塞，雨天积水严重，请尽快疏通。", "建议加大基层医生待遇支持力度"}
	// Limits the fixture's phrases reach.
	defer store.SetAssistLimits(40, 10)()
	compared := 0
	for _, who := range []string{"staff", "unit"} {
		viewer := f.Staff
		if who == "unit" {
			viewer = f.UnitUser
		}
		for _, text := range texts {
			// Without a memo, and with one request's memo shared by the
			// calls of all kinds, then of fewer kinds (as a page's
			// similar items and proposals ask).
			for _, c := range []context.Context{ctx, store.WithAssistMemo(ctx)} {
				for _, kinds := range [][]string{{"suggestion", "opinion", "hotline"}, {"suggestion"}, {"opinion", "hotline"}} {
					batched, rowwise, err := store.AssistScoring(c, db, viewer, text, kinds)
					if err != nil {
						t.Fatal(err)
					}
					if len(batched) != len(rowwise) {
						t.Errorf("%s %v %q: %d items scored, %d checking each row", who, kinds, text, len(batched), len(rowwise))
					}
					for doc, s := range rowwise {
						if batched[doc] != s {
							t.Errorf("%s %v %q: item %d scored %v, %v checking each row", who, kinds, text, doc, batched[doc], s)
						}
					}
					compared += len(rowwise)
				}
			}
		}
	}
	if compared < 150 {
		t.Errorf("only %d scores compared", compared)
	}
}
