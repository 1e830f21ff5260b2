package demo_test

import (
	"context"
	"io"
	"log/slog"
	"testing"
	"time"

	"renda"
	"renda/appointment"
	"renda/internal/demo"
	"renda/internal/storetest"
	"renda/meeting"
)

// TestDemoMeetings: the demo shows a published standing committee meeting
// with its agenda voted and a resolution with follow-up tasks (one
// accepted, one open), the next meeting with its notice, and appointments
// through the oath, rejected, and in deliberation — and the public sees
// only the published ones.
func TestDemoMeetings(t *testing.T) {
	for _, d := range storetest.Dialects(t) {
		t.Run(d.String(), func(t *testing.T) {
			clock := renda.NewTestClock(time.Date(2026, 11, 24, 10, 0, 0, 0, renda.CST))
			db := storetest.Open(t, d, clock)
			ctx := context.Background()
			w, err := demo.Load(ctx, db, slog.New(slog.NewTextHandler(io.Discard, nil)))
			if err != nil {
				t.Fatal(err)
			}
			ms, n, err := db.Meetings(ctx, nil, meeting.Filter{Kind: meeting.Standing})
			if err != nil || n != 1 {
				t.Fatalf("public sees %d standing meetings (%v), want the published one", n, err)
			}
			m, err := db.Meeting(ctx, nil, ms[0].ID)
			if err != nil {
				t.Fatal(err)
			}
			if len(m.Resolutions) == 0 || len(m.Resolutions[0].Tasks) != 2 {
				t.Fatalf("published meeting's resolutions: %+v", m.Resolutions)
			}
			states := map[string]bool{}
			for _, tk := range m.Resolutions[0].Tasks {
				states[tk.State] = true
			}
			if !states[meeting.TaskAccepted] || !states[meeting.TaskOpen] {
				t.Errorf("task states %v", states)
			}
			named, secret := 0, 0
			for _, it := range m.Items {
				if it.VoteID != "" && it.Result == "" {
					t.Errorf("item %s voted without a result", it.Title)
				}
				if it.VoteID == "" {
					continue
				}
				// The draft resolution is a named vote (21 yes by name); the appointments are secret.
				if bs, err := db.NamedBallots(ctx, it.VoteID); err == nil && len(bs) > 0 {
					named++
				} else if renda.ErrorCode(err) == renda.ECONFLICT {
					secret++
				}
			}
			if named != 1 || secret < 1 {
				t.Errorf("%d named and %d secret votes in the demo meeting", named, secret)
			}
			all, _, _ := db.Meetings(ctx, w.Staff, meeting.Filter{})
			if len(all) != 4 || all[0].State != meeting.Noticed { // with the sixth session (meeting_sessions.go)
				t.Errorf("staff see %d meetings, the newest %s", len(all), all[0].State)
			}
			if _, n, _ := db.Meetings(ctx, nil, meeting.Filter{Kind: meeting.Chair}); n != 1 {
				t.Errorf("public see %d chairmen's meetings, want 1", n)
			}
			for _, st := range []string{appointment.Published, appointment.Rejected, appointment.Deliberation} {
				if _, n, _ := db.Appointments(ctx, w.Staff, appointment.Filter{State: st}); n != 1 {
					t.Errorf("%d appointments %s, want 1", n, st)
				}
			}
			pub, n, _ := db.Appointments(ctx, nil, appointment.Filter{})
			if n != 1 || pub[0].OathAt == nil {
				t.Errorf("public sees %d appointments", n)
			}
		})
	}
}
