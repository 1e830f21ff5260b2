package demo_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"sort"
	"strings"
	"testing"
	"time"

	"renda"
	"renda/internal/demo"
	"renda/internal/storetest"
)

// TestEveryAuditRecordIsALegalTransition loads the demo county and replays
// the audit trail through the workflows' tables: every record that changed
// an item's state names a workflow, an action of it that may start from
// that state and lead to that state, and starts where the item's previous
// transition left it.
func TestEveryAuditRecordIsALegalTransition(t *testing.T) {
	for _, d := range storetest.Dialects(t) {
		t.Run(d.String(), func(t *testing.T) {
			clock := renda.NewTestClock(time.Date(2026, 11, 24, 10, 0, 0, 0, renda.CST))
			db := storetest.Open(t, d, clock)
			ctx := context.Background()
			if _, err := demo.Load(ctx, db, slog.New(slog.NewTextHandler(io.Discard, nil))); err != nil {
				t.Fatal(err)
			}
			state := map[string]string{}    // entity/id → state
			seen := map[string]int{}        // entity → transitions replayed
			problems := map[string]int{}    // kind of problem → count
			examples := map[string]string{} // kind of problem → first example
			bad := func(kind string, r renda.AuditRecord) {
				problems[kind]++
				if examples[kind] == "" {
					examples[kind] = fmt.Sprintf("#%d %s %s %s: %q → %q", r.Seq, r.Entity, r.EntityID, r.Action, r.From, r.To)
				}
			}
			err := db.Transitions(ctx, func(r renda.AuditRecord) error {
				w := renda.WorkflowOf(r.Entity)
				if w == nil {
					bad("no workflow for "+r.Entity, r)
					return nil
				}
				seen[r.Entity]++
				if _, ok := w.Rule(r.Action); !ok {
					bad(r.Entity+": unknown action "+r.Action, r)
					return nil
				}
				if !w.Legal(r.Action, r.From, r.To) {
					bad(r.Entity+": illegal "+r.Action, r)
				}
				key := r.Entity + "/" + r.EntityID
				if prev, ok := state[key]; ok && prev != r.From {
					bad(r.Entity+": starts where the last transition did not leave it", r)
				}
				state[key] = r.To
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
			for _, entity := range []string{"suggestion", "opinion", "vote", "project", "filing", "review_request", "consultation", "consultation_comment", "meeting", "meeting_task", "appointment", "duty_report"} {
				if seen[entity] == 0 {
					t.Errorf("no %s transition in the demo's trail: is the test reading it?", entity)
				}
			}
			if len(problems) > 0 {
				var lines []string
				for k, n := range problems {
					lines = append(lines, fmt.Sprintf("%5d × %s (e.g. %s)", n, k, examples[k]))
				}
				sort.Strings(lines)
				t.Errorf("%d kinds of illegal record:\n%s", len(problems), strings.Join(lines, "\n"))
			}
			t.Logf("replayed %v", seen)
		})
	}
}
