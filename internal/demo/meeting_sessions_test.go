package demo_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"renda"
	"renda/internal/demo"
	"renda/internal/storetest"
	"renda/meeting"
	"renda/vote"
)

// TestDemoCongressSession: the demo's 十八届六次会议 is a session meeting on
// both databases — every deputy of the term on the roll in their
// delegation's group; registered exactly those present at the session's
// vote (recomputed here from its roll); two sittings at quorum; the
// delegations' opinions with a summary; both work-report resolutions
// adopted; and at the close two deputies absent without leave, of whom the
// one absent before (entered by staff, marked so) alerts staff once.
func TestDemoCongressSession(t *testing.T) {
	for _, d := range storetest.Dialects(t) {
		t.Run(d.String(), func(t *testing.T) {
			ctx := context.Background()
			db := storetest.Open(t, d, renda.NewTestClock(time.Date(2026, 11, 24, 10, 0, 0, 0, renda.CST)))
			w, err := demo.Load(ctx, db, nil)
			if err != nil {
				t.Fatal(err)
			}
			s6 := w.CountySessions[5]
			ms, _, err := db.Meetings(ctx, nil, meeting.Filter{Kind: meeting.Congress})
			if err != nil {
				t.Fatal(err)
			}
			if len(ms) != 1 || ms[0].SessionID != s6.ID || ms[0].State != meeting.Published {
				t.Fatalf("public congress meetings: %+v", ms)
			}
			v, err := db.MeetingSession(ctx, w.Staff, ms[0].ID)
			if err != nil {
				t.Fatal(err)
			}
			m := v.Meeting
			active := 0
			for _, dp := range w.ByLevel[renda.LevelCounty] {
				if dp.Status == renda.DeputyActive || dp.Status == "" {
					active++
				}
			}
			if v.Members != active || len(m.Groups) < 10 {
				t.Errorf("roll %d of %d active county deputies, %d groups", v.Members, active, len(m.Groups))
			}
			for _, p := range m.Members {
				if p.GroupID == "" {
					t.Errorf("%s in no group", p.Name)
				}
			}
			present := map[string]bool{}
			votes, _, err := db.Votes(ctx, vote.Filter{Limit: 500})
			if err != nil {
				t.Fatal(err)
			}
			for _, x := range votes {
				if x.SessionID != s6.ID {
					continue
				}
				roll, err := db.Roll(ctx, w.Staff, x.ID)
				if err != nil {
					t.Fatal(err)
				}
				for _, r := range roll {
					if r.Present {
						present[r.DeputyID] = true
					}
				}
			}
			for _, row := range v.Roll {
				if row.Member.Registered != present[row.Member.DeputyID] {
					t.Errorf("%s: registered %v, present at the session's vote %v", row.Member.Name, row.Member.Registered, present[row.Member.DeputyID])
				}
			}
			if v.Registered != len(present) || v.Attended != len(present) || v.Absent != 2 || v.Leave < 1 || v.Leave+v.Absent+v.Attended != v.Members {
				t.Errorf("registered %d, attended %d, leave %d, absent %d of %d; %d present at the vote", v.Registered, v.Attended, v.Leave, v.Absent, v.Members, len(present))
			}
			if len(v.Sittings) != 2 || !v.Sittings[0].Quorum.Reached || !v.Sittings[1].Quorum.Reached || v.Sittings[1].Quorum.Present != v.Sittings[0].Quorum.Present-3 {
				t.Errorf("sittings: %+v", v.Sittings)
			}
			if len(m.Opinions) < 6 || m.Items[0].Summary == "" || v.Items[1].Draft == "" || !strings.Contains(m.Items[0].Summary, "代表团") {
				t.Errorf("deliberation: %d opinions, summary %q, draft %q", len(m.Opinions), m.Items[0].Summary, v.Items[1].Draft)
			}
			for _, it := range m.Items[4:] {
				if it.Result != meeting.ItemAdopted {
					t.Errorf("%s: %q", it.Title, it.Result)
				}
			}
			if len(m.Elections) != 1 || len(m.Elections[0].Candidates) != 3 || m.Elections[0].Left() != 0 || m.Elections[0].Candidates[2].Elected ||
				m.Elections[0].Candidates[1].Votes*2 <= v.Members {
				t.Errorf("election: %+v", m.Elections)
			}
			// Absences: the duty records and the alert.
			ns, _, _, err := db.Notifications(ctx, w.Staff.ID, 500, 0)
			if err != nil {
				t.Fatal(err)
			}
			alerts := map[string]int{}
			for _, n := range ns {
				if name, ok := strings.CutPrefix(n.Title, "代表两次未经批准不出席人代会："); ok {
					alerts[name]++
				}
			}
			for _, row := range v.Roll {
				rec, err := db.DutyRecord(ctx, w.Staff, row.Member.DeputyID, 0)
				if err != nil {
					t.Fatal(err)
				}
				counts := map[string]int{}
				for _, e := range rec.Entries {
					if (e.Kind == "absence" || e.Kind == "leave") && e.Source.Entity == "meeting" && e.Source.ID != m.ID {
						t.Errorf("%s: an absence of another meeting %+v", row.Member.Name, e)
					}
					if e.Source.Entity != "session" || e.Source.ID == s6.ID {
						counts[e.Kind+":"+e.Source.Entity]++
					}
				}
				switch row.Presence {
				case meeting.PresenceAbsent:
					if counts["absence:meeting"] != 1 {
						t.Errorf("%s absent without leave: record %v", row.Member.Name, counts)
					}
					want := 0
					if row.Member.DeputyID == w.SessionAbsentee {
						want = 1
						if counts["absence:external"] != 1 || row.Absences != 2 {
							t.Errorf("%s: the earlier absence entered by staff: %v, %d in all", row.Member.Name, counts, row.Absences)
						}
					}
					if alerts[row.Member.Name] != want {
						t.Errorf("%s: %d alerts, want %d", row.Member.Name, alerts[row.Member.Name], want)
					}
				case meeting.PresenceLeave:
					if counts["leave:meeting"] != 1 || counts["absence:meeting"] != 0 || alerts[row.Member.Name] != 0 {
						t.Errorf("%s on leave: record %v", row.Member.Name, counts)
					}
				default:
					if counts["meeting:session"] != 1 || counts["absence:meeting"] != 0 {
						t.Errorf("%s attended: record %v", row.Member.Name, counts)
					}
				}
			}
			if len(alerts) != 1 {
				t.Errorf("alerts: %v", alerts)
			}
		})
	}
}
