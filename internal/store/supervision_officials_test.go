package store_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"renda"
	"renda/internal/storetest"
	"renda/supervision"
	"renda/vote"
)

// TestOfficialRating: a 两官评议 draws its subjects reproducibly, rates each
// on the ballot engine (kind official_rating) and passes those whose
// 满意+基本满意 exceed two thirds of the ballots: 20 of 29 passes, 19 fails.
func TestOfficialRating(t *testing.T) {
	for _, d := range storetest.Dialects(t) {
		t.Run(d.String(), func(t *testing.T) {
			ctx := context.Background()
			db := storetest.Open(t, d, renda.NewTestClock(at(2024, 6, 3)))
			fx := storetest.Fixture(t, db)
			root := &renda.User{ID: "system", Username: "system", DisplayName: "测试", Role: renda.RoleAdmin}
			roll := []*renda.Deputy{fx.Deputy1, fx.Deputy2}
			for i := 3; i <= 29; i++ {
				dep := &renda.Deputy{Name: fmt.Sprintf("委员%02d", i), Gender: "男", Ethnicity: "汉族", Occupation: "常委会组成人员", Sector: "党政干部",
					CongressID: fx.Congress.ID, TermID: fx.Term.ID, DelegationID: fx.Delegation.ID, RegionID: fx.Town1.ID}
				if err := db.SaveDeputy(ctx, root, dep); err != nil {
					t.Fatal(err)
				}
				roll = append(roll, dep)
			}
			it, err := db.CreateSupervisionItem(ctx, fx.Staff, renda.V("year", 2024, "kind", "evaluation", "title", "“两官”评议", "org_id", fx.Unit1.ID))
			if err != nil {
				t.Fatal(err)
			}
			pool := "甲法官\n乙法官\n丙检察官\n丁检察官\n戊法官"
			steps := []struct {
				action string
				in     renda.Values
			}{
				{"adopt", nil},
				{"draw", renda.V("pool", pool, "count", 2, "seed", "2024-06-03 主任会议")},
				{"self_check", nil}, {"investigate", nil}, {"report", renda.V("report", "述职报告")}, {"start_rating", nil},
			}
			for _, s := range steps {
				if it, err = db.ActOnSupervisionItem(ctx, fx.Staff, it.ID, s.action, s.in); err != nil {
					t.Fatalf("%s: %v", s.action, err)
				}
			}
			if _, err := db.ActOnSupervisionItem(ctx, fx.Staff, it.ID, "draw", renda.V("pool", pool, "count", 2, "seed", "x")); err == nil {
				t.Errorf("drew twice")
			}
			subjects, err := db.Subjects(ctx, fx.Staff, it.ID)
			if err != nil || len(subjects) != 2 {
				t.Fatalf("subjects %v %v", subjects, err)
			}
			want := supervision.Draw(supervision.Pool(pool), 2, "2024-06-03 主任会议")
			if subjects[0].Name != want[0] || subjects[1].Name != want[1] {
				t.Errorf("drawn %s %s, want %v", subjects[0].Name, subjects[1].Name, want)
			}
			votes, err := db.SupervisionVotes(ctx, it.ID)
			if err != nil || len(votes) != 1 {
				t.Fatalf("votes %v %v", votes, err)
			}
			v, err := db.Vote(ctx, votes[0])
			if err != nil || v.Kind != supervision.VoteOfficialRating || len(v.Candidates) != 2 || v.Rule.Base != vote.BaseValid {
				t.Fatalf("vote %+v %v", v, err)
			}
			present := map[string]bool{}
			for _, dep := range roll {
				present[dep.ID] = true
			}
			if err := db.SetAttendance(ctx, fx.Staff, v.ID, present, nil); err != nil {
				t.Fatal(err)
			}
			if err := db.VoteAction(ctx, fx.Staff, v.ID, "open", ""); err != nil {
				t.Fatal(err)
			}
			mark := func(i, sat, basic int) string {
				switch {
				case i < sat:
					return vote.ChoiceSatisfied
				case i < sat+basic:
					return vote.ChoiceBasic
				}
				return vote.ChoiceDissatisfied
			}
			for i, dep := range roll {
				b := vote.Ballot{subjects[0].ID: mark(i, 10, 10), subjects[1].ID: mark(i, 10, 9)}
				member := &renda.User{ID: "m" + dep.ID, Username: "m" + itoa(i), DisplayName: dep.Name, Role: renda.RoleDeputy, DeputyID: dep.ID}
				if _, err := db.CastBallot(ctx, member, v.ID, b); err != nil {
					t.Fatal(err)
				}
			}
			if err := db.VoteAction(ctx, fx.Staff, v.ID, "close", ""); err != nil {
				t.Fatal(err)
			}
			subjects, _ = db.Subjects(ctx, nil, it.ID)
			if subjects != nil {
				t.Errorf("the public sees the subjects of an unpublished item")
			}
			subjects, _ = db.Subjects(ctx, fx.Staff, it.ID)
			if !subjects[0].Passed || subjects[1].Passed || subjects[0].Grade != supervision.Basic || subjects[1].Grade != supervision.Dissatisfied {
				t.Errorf("grades %+v %+v", subjects[0], subjects[1])
			}
			it, _ = db.SupervisionItem(ctx, fx.Staff, it.ID)
			if it.Verdict != supervision.Dissatisfied || it.Status != supervision.Rectifying {
				t.Errorf("item %s %s", it.Verdict, it.Status)
			}
			h, _ := db.History(ctx, supervision.Entity, it.ID)
			found := false
			for _, r := range h {
				found = found || r.Action == "draw" && strings.Contains(r.Note, "2024-06-03 主任会议")
			}
			if !found {
				t.Errorf("the draw is not in the history")
			}
		})
	}
}
