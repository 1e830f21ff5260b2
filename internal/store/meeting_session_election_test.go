package store_test

import (
	"context"
	"testing"
	"time"

	"renda"
	"renda/internal/storetest"
	"renda/meeting"
	"renda/vote"
)

// TestSessionElection: 差额 elections at a session of seven deputies on both
// databases — more candidates than seats or refused; no election without
// the sitting's quorum; at most as many marks as seats; elected only with
// more than half of ALL deputies (four of seven: three is not enough), the
// most votes first; a tie at the last seat elects neither, the seat left to
// another round.
func TestSessionElection(t *testing.T) {
	for _, d := range storetest.Dialects(t) {
		t.Run(d.String(), func(t *testing.T) {
			ctx := context.Background()
			clock := renda.NewTestClock(time.Date(2024, 1, 9, 8, 0, 0, 0, renda.CST))
			db := storetest.Open(t, d, clock)
			fx := storetest.Fixture(t, db)
			deps, users := sessionFixture(t, db, fx)
			m, err := db.CreateMeeting(ctx, fx.Staff, "", renda.Values{"kind": {"congress"}, "session": {fx.Session.ID}, "title": {"第四次会议"}, "date": {"2024-01-09"}})
			if err != nil {
				t.Fatal(err)
			}
			act := func(action string, in renda.Values) (*meeting.Meeting, error) {
				return db.ActOnMeeting(ctx, fx.Staff, m.ID, action, in)
			}
			if m, err = act("add_item", renda.V("title", "选举", "kind", "other")); err != nil {
				t.Fatal(err)
			}
			for _, a := range []string{"notify", "open"} {
				if m, err = act(a, nil); err != nil {
					t.Fatal(err)
				}
			}
			if m, err = act("open_sitting", renda.V("title", "第一次全体会议")); err != nil {
				t.Fatal(err)
			}
			if _, err := act("elect", renda.V("title", "补选", "seats", 2, "candidates", "甲\n乙\n丙")); renda.ErrorCode(err) != renda.ECONFLICT {
				t.Fatalf("an election without quorum: %v", err)
			}
			for _, dp := range deps {
				if m, err = act("checkin", renda.V("member", dp.ID)); err != nil {
					t.Fatal(err)
				}
			}
			for _, bad := range []string{"甲\n乙", "甲\n甲\n乙"} {
				if _, err := act("elect", renda.V("title", "补选", "seats", 2, "candidates", bad)); renda.ErrorCode(err) != renda.EINVALID {
					t.Fatalf("candidates %q: %v", bad, err)
				}
			}
			elect := func(names string, marks [][]int) *meeting.Election {
				t.Helper()
				if m, err = act("elect", renda.V("title", "补选常委会委员", "seats", 2, "candidates", names)); err != nil {
					t.Fatal(err)
				}
				e := m.Elections[len(m.Elections)-1]
				if e.VoteID == "" || len(e.Candidates) != 3 {
					t.Fatalf("election: %+v", e)
				}
				for i, ms := range marks {
					b := vote.Ballot{}
					for _, k := range ms {
						b[e.Candidates[k].ID] = vote.ChoiceYes
					}
					if _, err := db.CastBallot(ctx, users[i], e.VoteID, b); err != nil {
						t.Fatalf("ballot %d: %v", i, err)
					}
				}
				if err := db.VoteAction(ctx, fx.Staff, e.VoteID, "close", ""); err != nil {
					t.Fatal(err)
				}
				if m, err = db.Meeting(ctx, fx.Staff, m.ID); err != nil {
					t.Fatal(err)
				}
				return m.Elections[len(m.Elections)-1]
			}
			// Three marks for two seats are refused.
			if m, err = act("elect", renda.V("title", "试投", "seats", 2, "candidates", "子\n丑\n寅")); err != nil {
				t.Fatal(err)
			}
			e0 := m.Elections[0]
			if _, err := db.CastBallot(ctx, users[0], e0.VoteID, vote.Ballot{e0.Candidates[0].ID: vote.ChoiceYes, e0.Candidates[1].ID: vote.ChoiceYes, e0.Candidates[2].ID: vote.ChoiceYes}); renda.ErrorCode(err) != renda.EINVALID {
				t.Fatalf("three marks for two seats: %v", err)
			}
			type want struct {
				votes   []int
				elected []bool
				tie     []bool
				left    int
			}
			for _, c := range []struct {
				name  string
				names string
				marks [][]int
				want  want
			}{
				{"a tie at the last seat", "甲\n乙\n丙", [][]int{{0, 1}, {0, 1}, {0, 2}, {0, 2}, {0, 1}, {1, 2}, {2}},
					want{[]int{5, 4, 4}, []bool{true, false, false}, []bool{false, true, true}, 1}},
				{"three of seven is not more than half", "丁\n戊\n己", [][]int{{0, 1}, {0, 1}, {0, 1}, {0, 2}, {2}, {}, {}},
					want{[]int{4, 3, 2}, []bool{true, false, false}, []bool{false, false, false}, 1}},
				{"two elected by most votes", "庚\n辛\n壬", [][]int{{0, 1}, {0, 1}, {0, 1}, {0, 1}, {0, 2}, {2}, {1}},
					want{[]int{5, 5, 2}, []bool{true, true, false}, []bool{false, false, false}, 0}},
			} {
				e := elect(c.names, c.marks)
				for i, cand := range e.Candidates {
					if cand.Votes != c.want.votes[i] || cand.Elected != c.want.elected[i] || cand.Tie != c.want.tie[i] {
						t.Errorf("%s: %s has %d votes, elected %v, tie %v; want %d, %v, %v", c.name, cand.Name, cand.Votes, cand.Elected, cand.Tie,
							c.want.votes[i], c.want.elected[i], c.want.tie[i])
					}
				}
				if e.Left() != c.want.left {
					t.Errorf("%s: %d seats left, want %d", c.name, e.Left(), c.want.left)
				}
			}
		})
	}
}
