package demo_test

import (
	"bytes"
	"context"
	"log/slog"
	"strings"
	"testing"
	"time"

	"renda"
	"renda/internal/demo"
	"renda/internal/store"
	"renda/internal/storetest"
	"renda/suggestion"
)

// TestDemoSuggestions loads the demo county and checks the story the
// suggestions tell: the session's 2 motions and 249 suggestions, every
// state, overdue and re-handled items, priority items led by the leader,
// and the demo accounts' items in several states.
func TestDemoSuggestions(t *testing.T) {
	for _, d := range storetest.Dialects(t) {
		t.Run(d.String(), func(t *testing.T) {
			clock := renda.NewTestClock(time.Date(2026, 11, 24, 10, 0, 0, 0, renda.CST))
			db := storetest.Open(t, d, clock)
			ctx := context.Background()
			start := time.Now()
			var log bytes.Buffer
			w, err := demo.Load(ctx, db, slog.New(slog.NewTextHandler(&log, nil)))
			if err != nil {
				t.Fatal(err)
			}
			for _, line := range strings.Split(log.String(), "\n") {
				if strings.Contains(line, "part=suggestions") {
					t.Logf("%s (whole demo %s)", line[strings.Index(line, "part="):], time.Since(start).Round(time.Millisecond))
				}
			}
			session := w.CountySessions[3]
			st, err := db.SuggestionStatistics(ctx, w.Staff, store.SuggestionStatsFilter{SessionID: session.ID})
			if err != nil {
				t.Fatal(err)
			}
			registered := st.Total.Total - st.ByStatus[suggestion.Rejected] - st.ByStatus[suggestion.Merged]
			if st.Motions != 2 || registered != 251 {
				t.Errorf("session 4: %d motions, %d registered items (want 2 and 251): %v", st.Motions, registered, st.ByStatus)
			}
			all, err := db.SuggestionStatistics(ctx, w.Staff, store.SuggestionStatsFilter{})
			if err != nil {
				t.Fatal(err)
			}
			// Listed and referred motions moved on to handling; they show in history.
			for _, s := range []string{suggestion.Submitted, suggestion.Registered, suggestion.Converted, suggestion.Assigned,
				suggestion.Replied, suggestion.Rehandling, suggestion.Closed, suggestion.Rejected, suggestion.Merged} {
				if all.ByStatus[s] == 0 {
					t.Errorf("no item is %s", s)
				}
			}
			if all.Total.Overdue < 3 || all.Total.Rehandled < 5 || all.Priority < 6 || all.Published < 50 {
				t.Errorf("overdue %d, re-handled %d, priority %d, published %d", all.Total.Overdue, all.Total.Rehandled, all.Priority, all.Published)
			}
			for _, u := range []*renda.User{w.Unit1, w.Unit2, w.Deputy1, w.Leader} {
				c, err := db.SuggestionCounts(ctx, u)
				if err != nil {
					t.Fatal(err)
				}
				if c.Todo == 0 && !u.Is(renda.RoleLeader) || c.Mine == 0 {
					t.Errorf("%s: %+v", u.Username, c)
				}
				if u.Is(renda.RoleUnit) && (c.DueSoon == 0 || c.Overdue == 0) {
					t.Errorf("%s has nothing due soon or overdue: %+v", u.Username, c)
				}
			}
			for _, st := range []string{suggestion.Draft, suggestion.Withdrawn} {
				if _, n, err := db.Suggestions(ctx, w.Deputy2, suggestion.Filter{Status: []string{st}}); err != nil || n == 0 {
					if _, n2, _ := db.Suggestions(ctx, w.Deputy1, suggestion.Filter{Status: []string{st}}); n2 == 0 {
						t.Errorf("no %s item for the demo deputies", st)
					}
				}
			}
			if n, err := db.VerifyAudit(ctx); err != nil {
				t.Errorf("audit after %d records: %v", n, err)
			}
		})
	}
}
