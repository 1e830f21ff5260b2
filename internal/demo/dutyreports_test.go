package demo_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"renda"
	"renda/dutyreport"
	"renda/internal/demo"
	"renda/internal/storetest"
	"renda/meeting"
	"renda/vote"
)

// TestDemoDutyReportsAndCredits: the demo's reports to voters are in every
// state, the published ones rated by voters (the tallies add up to the
// anonymous ballots) and on the deputies' public pages only once published;
// and each county deputy's record holds exactly the votes they cast (turnout
// only, never a choice), the sessions they attended and the 述职 they gave,
// recomputed here from the votes' rolls, the sessions' registrations and the reports themselves, each linking to its source.
func TestDemoDutyReportsAndCredits(t *testing.T) {
	for _, d := range storetest.Dialects(t) {
		t.Run(d.String(), func(t *testing.T) {
			ctx := context.Background()
			db := storetest.Open(t, d, renda.NewTestClock(time.Date(2026, 11, 24, 10, 0, 0, 0, renda.CST)))
			w, err := demo.Load(ctx, db, nil)
			if err != nil {
				t.Fatal(err)
			}
			reports, _, err := db.DutyReports(ctx, w.Staff, dutyreport.Filter{Limit: 100})
			if err != nil {
				t.Fatal(err)
			}
			states := map[string]int{}
			for _, r := range reports {
				states[r.State]++
				if !strings.Contains(r.Body, "各位选民代表") {
					t.Errorf("report of %s not drafted from the record: %q", r.DeputyName, r.Body)
				}
				if r.State == dutyreport.Published || r.State == dutyreport.Rated {
					pub, err := db.PublishedBallots(ctx, r.VoteID)
					if err != nil {
						t.Fatal(err)
					}
					n := map[string]int{}
					for _, b := range pub {
						n[b.Choices[r.ID]]++
					}
					if len(pub) != r.Ballots || n[vote.ChoiceSatisfied] != r.Satisfied || n[vote.ChoiceBasic] != r.Basic || n[vote.ChoiceDissatisfied] != r.Dissatisfied || (r.Ballots < 50 && !r.ByMembers()) {
						t.Errorf("%s: tallies %+v, ballots %v", r.DeputyName, r, n)
					}
				}
			}
			for _, s := range []string{dutyreport.Draft, dutyreport.Submitted, dutyreport.Rating, dutyreport.Rated, dutyreport.Published} {
				if states[s] == 0 {
					t.Errorf("no report %s in the demo: %v", s, states)
				}
			}
			members := 0
			for _, r := range reports {
				if r.ByMembers() && r.State == dutyreport.Published && r.Ballots == 3 {
					members++
				}
			}
			if members != 1 {
				t.Errorf("no higher-level deputy's report rated by the committee's members")
			}
			if states[dutyreport.Published] < 3 {
				t.Errorf("published reports: %d", states[dutyreport.Published])
			}
			public, _, err := db.DutyReports(ctx, nil, dutyreport.Filter{Limit: 100})
			if err != nil {
				t.Fatal(err)
			}
			if len(public) != states[dutyreport.Published] {
				t.Errorf("the public sees %d reports, %d published", len(public), states[dutyreport.Published])
			}
			for _, r := range public {
				if r.State != dutyreport.Published {
					t.Errorf("the public sees a report %s", r.State)
				}
			}

			// Recompute the votes and 述职 credits from their sources.
			votes, _, err := db.Votes(ctx, vote.Filter{Limit: 500})
			if err != nil {
				t.Fatal(err)
			}
			voted := map[string]map[string]bool{} // deputy → vote ids
			titles := map[string]string{}
			attended := map[string]map[string]bool{} // deputy → sessions present at
			for _, v := range votes {
				titles[v.ID] = v.Title
				roll, err := db.Roll(ctx, w.Staff, v.ID)
				if err != nil {
					t.Fatal(err)
				}
				for _, x := range roll {
					if x.Present && v.SessionID != "" {
						if attended[x.DeputyID] == nil {
							attended[x.DeputyID] = map[string]bool{}
						}
						attended[x.DeputyID][v.SessionID] = true
					}
					if x.Voted {
						if voted[x.DeputyID] == nil {
							voted[x.DeputyID] = map[string]bool{}
						}
						voted[x.DeputyID][v.ID] = true
					}
				}
			}
			gave := map[string]map[string]bool{}
			for _, r := range reports {
				if r.State == dutyreport.Rating || r.State == dutyreport.Rated || r.State == dutyreport.Published {
					if gave[r.DeputyID] == nil {
						gave[r.DeputyID] = map[string]bool{}
					}
					gave[r.DeputyID][r.ID] = true
				}
			}
			// Meetings attended (or 列席) from the meetings' check-ins.
			ms, _, err := db.Meetings(ctx, w.Staff, meeting.Filter{Limit: 200})
			if err != nil {
				t.Fatal(err)
			}
			inMeeting := map[string]map[string]bool{}
			for _, x := range ms {
				m, err := db.Meeting(ctx, w.Staff, x.ID)
				if err != nil {
					t.Fatal(err)
				}
				if m.SessionID != "" { // a session's attendance is the session's (entity session), checked below
					for _, p := range m.Members {
						if p.Registered || p.Attended {
							if attended[p.DeputyID] == nil {
								attended[p.DeputyID] = map[string]bool{}
							}
							attended[p.DeputyID][m.SessionID] = true
						}
					}
					continue
				}
				for _, p := range m.Members {
					if p.Present {
						if inMeeting[p.DeputyID] == nil {
							inMeeting[p.DeputyID] = map[string]bool{}
						}
						inMeeting[p.DeputyID][m.ID] = true
					}
				}
			}
			meetingCredits := 0
			for dep, set := range inMeeting {
				rec, err := db.DutyRecord(ctx, w.Staff, dep, 0)
				if err != nil {
					t.Fatal(err)
				}
				got := map[string]bool{}
				for _, e := range rec.Entries {
					if e.Kind == "meeting" && e.Source.Entity == "meeting" {
						if !set[e.Source.ID] {
							t.Errorf("a meeting in %s's record with no check-in behind it", dep)
						}
						got[e.Source.ID] = true
					}
				}
				if len(got) != len(set) {
					t.Errorf("%s: record has %d meetings, the check-ins say %d", dep, len(got), len(set))
				}
				meetingCredits += len(got)
			}
			if meetingCredits == 0 {
				t.Error("no meeting check-in in the demo's records")
			}
			checked := 0
			for _, dep := range w.ByLevel[renda.LevelCounty][:20] {
				rec, err := db.DutyRecord(ctx, w.Staff, dep.ID, 0)
				if err != nil {
					t.Fatal(err)
				}
				gotVotes, gotReports, gotMeetings := map[string]bool{}, map[string]bool{}, map[string]bool{}
				for _, e := range rec.Entries {
					switch e.Kind {
					case "vote":
						if e.Source.Entity != "vote" || !voted[dep.ID][e.Source.ID] {
							t.Errorf("%s: a vote entry with no ballot behind it: %+v", dep.Name, e)
						}
						if e.Title != "参加表决："+titles[e.Source.ID] { // turnout only: the vote's name, nothing of the ballot
							t.Errorf("%s: a vote entry says more than the vote's name: %q", dep.Name, e.Title)
						}
						gotVotes[e.Source.ID] = true
					case "meeting":
						if e.Source.Entity == "session" {
							if !attended[dep.ID][e.Source.ID] {
								t.Errorf("%s: a session attended with no roll behind it: %+v", dep.Name, e)
							}
							gotMeetings[e.Source.ID] = true
						}
					case "report":
						if e.Source.Entity != "duty_report" || !gave[dep.ID][e.Source.ID] {
							t.Errorf("%s: a 述职 entry with no report behind it: %+v", dep.Name, e)
						}
						gotReports[e.Source.ID] = true
					}
				}
				if len(gotVotes) != len(voted[dep.ID]) || len(gotReports) != len(gave[dep.ID]) {
					t.Errorf("%s: record has %d votes and %d 述职, the sources say %d and %d", dep.Name, len(gotVotes), len(gotReports), len(voted[dep.ID]), len(gave[dep.ID]))
				}
				if len(gotMeetings) != len(attended[dep.ID]) {
					t.Errorf("%s: record has %d sessions attended, the rolls say %d", dep.Name, len(gotMeetings), len(attended[dep.ID]))
				}
				checked += len(gotVotes) + len(gotReports) + len(gotMeetings)
			}
			if checked == 0 {
				t.Error("no vote or 述职 in the records checked")
			}
		})
	}
}
