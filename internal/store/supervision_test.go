package store_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"renda"
	"renda/internal/store"
	"renda/internal/storetest"
	"renda/supervision"
	"renda/vote"
)

// TestSupervisionEvaluation runs an evaluation through every phase on both
// databases: the public sees only published items; the rating is a secret
// ballot of 29 members whose result (14 满意 + 1 基本满意: not half of 29 by
// 满意 alone, half with 基本满意) rates it 基本满意 and sends it to
// rectification; only the evaluated body's clerk answers its
// rectifications; an overdue rectification is reminded once.
func TestSupervisionEvaluation(t *testing.T) {
	for _, d := range storetest.Dialects(t) {
		t.Run(d.String(), func(t *testing.T) {
			ctx := context.Background()
			clock := renda.NewTestClock(at(2024, 3, 4))
			db := storetest.Open(t, d, clock)
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
			// The standing committee's 29 members are a group; the other deputies are not on the rating's roll.
			other := &renda.Deputy{Name: "非委员", Gender: "女", Ethnicity: "汉族", Occupation: "农民", Sector: "农民",
				CongressID: fx.Congress.ID, TermID: fx.Term.ID, DelegationID: fx.Delegation.ID, RegionID: fx.Town1.ID}
			if err := db.SaveDeputy(ctx, root, other); err != nil {
				t.Fatal(err)
			}
			g := &renda.Group{Name: "常委会组成人员", Kind: renda.GroupProfessional}
			if err := db.SaveGroup(ctx, root, g); err != nil {
				t.Fatal(err)
			}
			var ids []string
			for _, dep := range roll {
				ids = append(ids, dep.ID)
			}
			if err := db.AddGroupMembers(ctx, root, g.ID, ids); err != nil {
				t.Fatal(err)
			}

			it, err := db.CreateSupervisionItem(ctx, fx.Staff, renda.V("year", 2024, "kind", "evaluation", "title", "水利局专项工作评议",
				"org_id", fx.Unit2.ID, "committee", "农业农村工作委员会", "month", 8))
			if err != nil {
				t.Fatal(err)
			}
			if it.Body != fx.Unit2.Name || it.Status != supervision.Draft {
				t.Fatalf("created %+v", it)
			}
			if _, err := db.CreateSupervisionItem(ctx, fx.UnitUser, renda.V("year", 2024, "kind", "report", "title", "x")); renda.ErrorCode(err) != renda.EFORBIDDEN {
				t.Errorf("a unit adds a plan item: %v", err)
			}
			publicCount := func() int {
				_, n, err := db.SupervisionItems(ctx, nil, supervision.Filter{Year: 2024})
				if err != nil {
					t.Fatal(err)
				}
				return n
			}
			if n := publicCount(); n != 0 {
				t.Errorf("the public sees %d unpublished items", n)
			}
			if _, err := db.SupervisionItem(ctx, nil, it.ID); renda.ErrorCode(err) != renda.ENOTFOUND {
				t.Errorf("the public opens an unpublished item: %v", err)
			}
			if _, err := db.ActOnSupervisionItem(ctx, fx.Staff, it.ID, "investigate", nil); renda.ErrorCode(err) != renda.ECONFLICT {
				t.Errorf("investigating a draft: %v", err)
			}
			steps := []struct {
				action string
				in     renda.Values
				want   string
			}{
				{"adopt", renda.V("note", "第五十次主任会议"), supervision.Planned},
				{"adjust", renda.V("month", 9, "reason", "会议推迟"), supervision.Planned},
				{"publish", nil, supervision.Planned},
				{"self_check", nil, supervision.SelfCheck},
				{"investigate", nil, supervision.Investigating},
				{"report", renda.V("report", "调查报告"), supervision.Reporting},
				{"start_rating", nil, supervision.Rating},
			}
			for _, s := range steps {
				got, err := db.ActOnSupervisionItem(ctx, fx.Staff, it.ID, s.action, s.in)
				if err != nil {
					t.Fatalf("%s: %v", s.action, err)
				}
				if got.Status != s.want {
					t.Fatalf("%s: %s, want %s", s.action, got.Status, s.want)
				}
				it = got
			}
			if it.Month != 9 || !it.Published {
				t.Errorf("adjusted and published: month %d, published %v", it.Month, it.Published)
			}
			if n := publicCount(); n != 1 {
				t.Errorf("the public sees %d items, want the published one", n)
			}
			if _, n, _ := db.SupervisionItems(ctx, nil, supervision.Filter{Year: 2024, Kind: "inspection"}); n != 0 {
				t.Errorf("kind filter: %d", n)
			}
			votes, err := db.SupervisionVotes(ctx, it.ID)
			if err != nil || len(votes) != 1 {
				t.Fatalf("votes %v %v", votes, err)
			}
			v, err := db.Vote(ctx, votes[0])
			if err != nil {
				t.Fatal(err)
			}
			if v.Kind != supervision.VoteEvaluation || !v.Rating() || v.Rule.Base != vote.BaseAll {
				t.Fatalf("vote %s %s %+v", v.Kind, v.Scheme, v.Rule)
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
			for i, dep := range roll {
				ch := vote.ChoiceDissatisfied
				switch {
				case i < 14:
					ch = vote.ChoiceSatisfied
				case i == 14:
					ch = vote.ChoiceBasic
				}
				member := &renda.User{ID: "m" + dep.ID, Username: "m" + itoa(i), DisplayName: dep.Name, Role: renda.RoleDeputy, DeputyID: dep.ID}
				if _, err := db.CastBallot(ctx, member, v.ID, vote.Ballot{it.ID: ch}); err != nil {
					t.Fatalf("ballot %d: %v", i, err)
				}
			}
			if err := db.VoteAction(ctx, fx.Staff, v.ID, "close", ""); err != nil {
				t.Fatal(err)
			}
			res, err := db.Result(ctx, v.ID)
			if err != nil {
				t.Fatal(err)
			}
			if res.Members != 29 || res.Base != 29 || res.Needed != 15 || res.Items[0].Grade != supervision.Basic {
				t.Fatalf("result: base %d, needed %d, grade %s", res.Base, res.Needed, res.Items[0].Grade)
			}
			it, err = db.SupervisionItem(ctx, fx.Staff, it.ID)
			if err != nil {
				t.Fatal(err)
			}
			if it.Verdict != supervision.Basic || it.Status != supervision.Rectifying {
				t.Fatalf("after the rating: %s %s", it.Verdict, it.Status)
			}

			// The rectification list.
			if _, err := db.AddRectification(ctx, fx.UnitUser2, it.ID, renda.V("text", "x", "owner", "y")); renda.ErrorCode(err) != renda.EFORBIDDEN {
				t.Errorf("the clerk writes its own list: %v", err)
			}
			r1, err := db.AddRectification(ctx, fx.Staff, it.ID, renda.V("text", "小型水库安全鉴定滞后", "owner", "水利局工程股", "due", renda.NewDate(2024, 5, 31)))
			if err != nil {
				t.Fatal(err)
			}
			r2, err := db.AddRectification(ctx, fx.Staff, it.ID, renda.V("text", "农村饮水工程管护不到位", "owner", "水利局农水股"))
			if err != nil {
				t.Fatal(err)
			}
			if r2.Due != renda.NewDate(2024, 6, 4) || r1.OrgID != fx.Unit2.ID {
				t.Errorf("due by the setting %s, org %s", r2.Due, r1.OrgID)
			}
			answer := renda.V("measure", "已完成鉴定", "evidence", "鉴定报告 7 份")
			if _, err := db.ActOnRectification(ctx, fx.UnitUser, r1.ID, "answer", answer); err == nil {
				t.Errorf("another body's clerk answers")
			}
			if _, err := db.ActOnRectification(ctx, fx.UnitUser2, r1.ID, "close", nil); renda.ErrorCode(err) != renda.EFORBIDDEN {
				t.Errorf("the clerk closes its own rectification: %v", err)
			}
			got, err := db.ActOnRectification(ctx, fx.UnitUser2, r1.ID, "answer", answer)
			if err != nil || got.Status != supervision.RectAnswered || got.Evidence != "鉴定报告 7 份" {
				t.Fatalf("answer: %v %+v", err, got)
			}
			if _, err := db.ActOnSupervisionItem(ctx, fx.Staff, it.ID, "follow_up", nil); renda.ErrorCode(err) != renda.ECONFLICT {
				t.Errorf("follow-up with open rectifications: %v", err)
			}

			// Overdue: r1 is answered, r2 is open and due 2024-06-04 (a
			// Tuesday); 2024-06-05 it is overdue, reminded once.
			remind := func(day renda.Date) int {
				clock.Set(at(day.Year, day.Month, day.Day))
				if err := db.RemindOverdueRectifications(ctx); err != nil {
					t.Fatal(err)
				}
				_, total, _, err := db.Notifications(ctx, fx.UnitUser2.ID, 100, 0)
				if err != nil {
					t.Fatal(err)
				}
				return total
			}
			base := remind(renda.NewDate(2024, 6, 4))
			if n := remind(renda.NewDate(2024, 6, 5)); n != base+1 {
				t.Errorf("overdue: %d notices, want %d", n, base+1)
			}
			if n := remind(renda.NewDate(2024, 6, 6)); n != base+1 {
				t.Errorf("reminded twice: %d notices", n)
			}
			// On the working-day calendar: due Saturday 2024-06-08, the
			// Monday after is 端午节, so the last day is Tuesday 06-11.
			r3, err := db.AddRectification(ctx, fx.Staff, it.ID, renda.V("text", "河道采砂监管", "owner", "水利局", "due", renda.NewDate(2024, 6, 8)))
			if err != nil {
				t.Fatal(err)
			}
			if n := remind(renda.NewDate(2024, 6, 11)); n != base+1 {
				t.Errorf("reminded on the deadline's working day: %d notices", n)
			}
			if n := remind(renda.NewDate(2024, 6, 12)); n != base+2 {
				t.Errorf("overdue after the holiday: %d notices, want %d", n, base+2)
			}
			for _, r := range []*supervision.Rectification{r1, r2, r3} {
				if r.ID != r1.ID {
					if _, err := db.ActOnRectification(ctx, fx.UnitUser2, r.ID, "answer", answer); err != nil {
						t.Fatal(err)
					}
				}
				if _, err := db.ActOnRectification(ctx, fx.Staff, r.ID, "close", renda.V("note", "同意销号")); err != nil {
					t.Fatal(err)
				}
			}
			for _, a := range []string{"follow_up", "finish"} {
				if it, err = db.ActOnSupervisionItem(ctx, fx.Staff, it.ID, a, nil); err != nil {
					t.Fatalf("%s: %v", a, err)
				}
			}
			if it.Status != supervision.Done {
				t.Errorf("status %s", it.Status)
			}
			h, err := db.History(ctx, supervision.Entity, it.ID)
			if err != nil {
				t.Fatal(err)
			}
			var acts []string
			for _, r := range h {
				acts = append(acts, r.Action)
			}
			for _, want := range []string{"create", "adjust", "adopt", "rate", "rectification_answer", "remind", "finish"} {
				if !strings.Contains(" "+strings.Join(acts, " ")+" ", " "+want+" ") {
					t.Errorf("history lacks %s: %v", want, acts)
				}
			}
			rs, err := db.Rectifications(ctx, nil, it.ID)
			if err != nil || len(rs) != 3 || rs[0].Status != supervision.RectClosed {
				t.Errorf("public rectification list: %v %v", rs, err)
			}
		})
	}
}

// TestSupervisionDraw: the draw is reproducible and kept.
func TestSupervisionDraw(t *testing.T) {
	for _, d := range storetest.Dialects(t) {
		t.Run(d.String(), func(t *testing.T) {
			ctx := context.Background()
			db := storetest.Open(t, d, renda.NewTestClock(at(2024, 7, 1)))
			fx := storetest.Fixture(t, db)
			pool := []string{"a", "b", "c", "d", "e"}
			x, err := db.SaveDraw(ctx, fx.Staff, pool, 3, "seed")
			if err != nil {
				t.Fatal(err)
			}
			y, err := db.SaveDraw(ctx, fx.Admin, pool, 3, "seed")
			if err != nil {
				t.Fatal(err)
			}
			if strings.Join(x.Drawn, ",") != "c,a,e" || strings.Join(y.Drawn, ",") != "c,a,e" {
				t.Errorf("draws %v %v", x.Drawn, y.Drawn)
			}
			if _, err := db.SaveDraw(ctx, fx.DeputyUser, pool, 3, "seed"); renda.ErrorCode(err) != renda.EFORBIDDEN {
				t.Errorf("a deputy draws: %v", err)
			}
			if _, err := db.SaveDraw(ctx, fx.Staff, pool, 6, "seed"); renda.ErrorCode(err) != renda.EINVALID {
				t.Errorf("count over the pool: %v", err)
			}
		})
	}
}

var _ = store.Postgres
