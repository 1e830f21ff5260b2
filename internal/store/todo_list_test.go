package store_test

import (
	"context"
	"slices"
	"testing"

	"renda/internal/store"
	"renda/internal/storetest"
	"renda/suggestion"
)

// TestStaffTodoList: the staff's to-do list (its page and its total, as the
// staff's home counts it) holds exactly the items of its four terms —
// waiting to be registered or assigned, with an approval pending, rated
// after a reply, consenting to publication and not yet published — on
// both databases, whose conditions differ in form (PostgreSQL reads the
// terms as one list of ids).
func TestStaffTodoList(t *testing.T) {
	ctx := context.Background()
	for _, d := range storetest.Dialects(t) {
		t.Run(d.String(), func(t *testing.T) {
			db, f, _ := synthetic(t, d, 60)
			raw := store.RawDB(db)
			ids := func(q string) []string { return storetest.Column(t, raw, q) }
			// Each term gets items of its own: some replies rated, some
			// closed items consenting to publication, one approval pending.
			replied := ids("SELECT id FROM suggestions WHERE status IN ('replied', 'closed') ORDER BY id")
			if len(replied) < 6 {
				t.Fatalf("only %d replied or closed items", len(replied))
			}
			for _, q := range []string{
				"UPDATE suggestions SET status = 'replied', rating = 'satisfied', rated_round = round WHERE id IN ('" + replied[0] + "', '" + replied[1] + "')",
				"UPDATE suggestions SET status = 'closed', publish_consent = true, published_at = NULL WHERE id IN ('" + replied[2] + "', '" + replied[3] + "')",
				"UPDATE suggestion_records SET status = 'pending' WHERE id = (SELECT MIN(id) FROM suggestion_records WHERE suggestion_id = '" + replied[4] + "')",
			} {
				if _, err := raw.Exec(q); err != nil {
					t.Fatal(err)
				}
			}
			want := ids(`SELECT s.id FROM suggestions s WHERE s.status <> 'draft' AND (s.status IN ('submitted', 'registered', 'listed', 'referred')
				OR EXISTS (SELECT 1 FROM suggestion_records tr WHERE tr.suggestion_id = s.id AND tr.status = 'pending')
				OR (s.status = 'replied' AND s.rating <> '' AND s.rated_round = s.round)
				OR (s.status IN ('replied', 'closed') AND s.publish_consent AND s.published_at IS NULL)) ORDER BY s.id`)
			for _, id := range replied[:5] {
				if !slices.Contains(want, id) {
					t.Fatalf("the test's item %s is not waiting: %v", id, want)
				}
			}
			list, total, err := db.Suggestions(ctx, f.Staff, suggestion.Filter{Todo: true, Limit: 1000})
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, s := range list {
				got = append(got, s.ID)
			}
			slices.Sort(got)
			if !slices.Equal(got, want) || total != len(want) {
				t.Errorf("to-do list %d items (total %d), want %d: %v, want %v", len(got), total, len(want), got, want)
			}
			c, err := db.SuggestionCounts(ctx, f.Staff)
			if err != nil || c.Todo != len(want) {
				t.Errorf("the home's to-do count %d (%v), want %d", c.Todo, err, len(want))
			}
		})
	}
}
