package store_test

import (
	"context"
	"testing"

	"renda"
	"renda/internal/store"
	"renda/internal/storetest"
	"renda/opinion"
	"renda/suggestion"
)

// walk pages through a keyset list from the first page, calling between
// after the first page, and returns how often each id was listed. It checks
// that going back from each page gives the page before.
func walk(t *testing.T, name string, page func(cursor string) ([]string, store.Page), between func()) map[string]int {
	t.Helper()
	seen := map[string]int{}
	cursor, n := "", 0
	var prevIDs []string
	for {
		ids, p := page(cursor)
		if n > 0 && !p.HasPrev {
			t.Errorf("%s: page %d has no previous page", name, n+1)
		}
		if n > 0 && p.Prev != "" && between == nil {
			back, _ := page(p.Prev)
			if !equal(back, prevIDs) {
				t.Errorf("%s: back from page %d: %v, want %v", name, n+1, back, prevIDs)
			}
		}
		for _, id := range ids {
			seen[id]++
		}
		n++
		if n == 1 && between != nil {
			between()
		}
		if p.Next == "" {
			break
		}
		if n > 1000 {
			t.Fatalf("%s: no end", name)
		}
		cursor, prevIDs = p.Next, ids
	}
	return seen
}

func equal(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// TestKeysetPages: paging through the staff's lists of suggestions (in each
// order), opinions and 12345 orders lists every row exactly once, also when
// rows are added (among the pages still to come) between two pages; a
// cursor of another list or a broken one is refused.
func TestKeysetPages(t *testing.T) {
	ctx := context.Background()
	for _, d := range storetest.Dialects(t) {
		t.Run(d.String(), func(t *testing.T) {
			db, f, _ := synthetic(t, d, 12)
			raw := store.RawDB(db)
			ids := func(q string) []string { return storetest.Column(t, raw, q) }
			type list struct {
				name string
				all  string
				page func(cursor string) ([]string, store.Page)
			}
			sug := func(sort string) func(string) ([]string, store.Page) {
				return func(cursor string) ([]string, store.Page) {
					items, total, p, err := db.SuggestionPage(ctx, f.Staff, suggestion.Filter{Sort: sort, Limit: 5}, cursor)
					if err != nil {
						t.Fatal(err)
					}
					if total == 0 {
						t.Fatal("no total")
					}
					out := make([]string, len(items))
					for i, s := range items {
						out[i] = s.ID
					}
					return out, p
				}
			}
			opinions := func(state string) func(string) ([]string, store.Page) {
				return func(cursor string) ([]string, store.Page) {
					items, _, p, err := db.OpinionPage(ctx, f.Staff, opinion.Filter{State: state, Limit: 17}, cursor)
					if err != nil {
						t.Fatal(err)
					}
					out := make([]string, len(items))
					for i, o := range items {
						out[i] = o.ID
					}
					return out, p
				}
			}
			lists := []list{
				{"suggestions", "SELECT id FROM suggestions WHERE status <> 'draft'", sug("")},
				{"suggestions by due day", "SELECT id FROM suggestions WHERE status <> 'draft'", sug("due")},
				{"suggestions by number", "SELECT id FROM suggestions WHERE status <> 'draft'", sug("number")},
				{"opinions", "SELECT id FROM opinions", opinions("")},
				{"12345 orders", "SELECT id FROM hotline_orders", func(cursor string) ([]string, store.Page) {
					items, _, p, err := db.HotlineOrderPage(ctx, f.Staff, store.HotlineFilter{Limit: 7}, cursor)
					if err != nil {
						t.Fatal(err)
					}
					out := make([]string, len(items))
					for i, h := range items {
						out[i] = h.ID
					}
					return out, p
				}},
			}
			// A state filter leaves one of the opinions' two segments empty
			// (not read): the other still lists every row.
			filtered := []list{
				{"open opinions", "SELECT id FROM opinions WHERE state IN ('submitted','received','forwarded','handling','replied','supervised')", opinions("open")},
				{"opinions being handled", "SELECT id FROM opinions WHERE state = 'handling'", opinions("handling")},
				{"closed opinions", "SELECT id FROM opinions WHERE state = 'closed'", opinions("closed")},
				// Overdue items all have a due day: the segment of those
				// without is empty.
				{"overdue suggestions by due day", "SELECT id FROM suggestions WHERE status IN ('assigned', 'rehandling') AND due_on < '" +
					renda.DateOf(db.Clock().Now()).String() + "'", func(cursor string) ([]string, store.Page) {
					items, _, p, err := db.SuggestionPage(ctx, f.Staff, suggestion.Filter{Sort: "due", Overdue: true, Limit: 3}, cursor)
					if err != nil {
						t.Fatal(err)
					}
					out := make([]string, len(items))
					for i, s := range items {
						out[i] = s.ID
					}
					return out, p
				}},
				// Newest first, picked from the open items' partial index
				// (migration 01742).
				{"overdue suggestions", "SELECT id FROM suggestions WHERE status IN ('assigned', 'rehandling') AND due_on < '" +
					renda.DateOf(db.Clock().Now()).String() + "'", func(cursor string) ([]string, store.Page) {
					items, total, p, err := db.SuggestionPage(ctx, f.Staff, suggestion.Filter{Overdue: true, Limit: 4}, cursor)
					if err != nil {
						t.Fatal(err)
					}
					out := make([]string, len(items))
					for i, s := range items {
						out[i] = s.ID
						if i > 0 && (s.CreatedAt.After(items[i-1].CreatedAt) || s.CreatedAt.Equal(items[i-1].CreatedAt) && s.ID > items[i-1].ID) {
							t.Errorf("overdue suggestions: %s after %s, not newest first", s.ID, items[i-1].ID)
						}
					}
					if want := len(ids("SELECT id FROM suggestions WHERE status IN ('assigned', 'rehandling') AND due_on < '" + renda.DateOf(db.Clock().Now()).String() + "'")); total != want {
						t.Errorf("overdue suggestions: total %d, %d overdue", total, want)
					}
					return out, p
				}},
			}
			// Still: every row once, and back gives the page before.
			for _, l := range append(filtered, lists...) {
				seen := walk(t, l.name, l.page, nil)
				all := ids(l.all)
				if len(all) == 0 {
					t.Errorf("%s: no rows to list", l.name)
				}
				if len(seen) != len(all) {
					t.Errorf("%s: %d rows listed, %d in the table", l.name, len(seen), len(all))
				}
				for _, id := range all {
					if seen[id] != 1 {
						t.Errorf("%s: %s listed %d times", l.name, id, seen[id])
					}
				}
			}
			// Rows added after the first page (the synthetic data of another
			// N spreads over the same five years, so they fall among the
			// pages still to come): the rows there before are each listed
			// once, and none twice.
			for i, l := range lists {
				before := ids(l.all)
				seen := walk(t, l.name+" with additions", l.page, func() {
					if _, err := db.SeedSynthetic(ctx, 3+i, nil); err != nil {
						t.Fatal(err)
					}
				})
				after := ids(l.all)
				if len(after) <= len(before) {
					t.Fatalf("%s: nothing added", l.name)
				}
				for _, id := range before {
					if seen[id] != 1 {
						t.Errorf("%s with additions: %s listed %d times", l.name, id, seen[id])
					}
				}
				added := 0
				for id, n := range seen {
					if n != 1 {
						t.Errorf("%s with additions: %s listed %d times", l.name, id, n)
					}
					added++
				}
				if added == len(before) {
					t.Logf("%s: none of the added rows came on later pages", l.name)
				}
			}
			// Another list's cursor, a broken one: refused, nothing listed.
			_, p := lists[0].page("")
			if _, _, _, err := db.OpinionPage(ctx, f.Staff, opinion.Filter{Limit: 5}, p.Next); renda.ErrorCode(err) != renda.EINVALID {
				t.Errorf("a suggestions cursor on opinions: %v", err)
			}
			if _, _, _, err := db.SuggestionPage(ctx, f.Staff, suggestion.Filter{Limit: 5}, "x!"); renda.ErrorCode(err) != renda.EINVALID {
				t.Errorf("a broken cursor: %v", err)
			}
		})
	}
}
