package store_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"renda"
	"renda/internal/store"
	"renda/internal/storetest"
	"renda/project"
	"renda/vote"
)

// candidates makes n screened-in projects of the fixture's congress.
func candidates(t *testing.T, db *store.DB, f *storetest.Fix, n int) []vote.Candidate {
	t.Helper()
	ctx := context.Background()
	var out []vote.Candidate
	for i := range n {
		p := &project.Project{CongressID: f.Congress.ID, Year: 2024, Title: "民生项目" + string(rune('一'+i)), Budget: 100 * (i + 1), UnitID: f.Unit1.ID, Target: "年内完成"}
		if err := db.SaveProject(ctx, f.Staff, p); err != nil {
			t.Fatal(err)
		}
		if err := db.ScreenProject(ctx, f.Staff, p.ID, "screen_in", ""); err != nil {
			t.Fatal(err)
		}
		out = append(out, vote.Candidate{ID: p.ID})
	}
	return out
}

func TestVoteLifecycle(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := storetest.Fixture(t, db)
		cs := candidates(t, db, f, 3)

		// 差额: 3 candidates cannot elect 3.
		v := &vote.Vote{CongressID: f.Congress.ID, SessionID: f.Session.ID, Kind: vote.Livelihood, Title: "2024年民生实事项目票决", Adopt: 3, Candidates: cs}
		if err := db.SaveVote(ctx, f.Staff, v); renda.ErrorCode(err) != renda.EINVALID || !strings.Contains(renda.ErrorMessage(err), "差额") {
			t.Fatalf("M = N accepted: %v", err)
		}
		v.Adopt = 2
		if err := db.SaveVote(ctx, f.DeputyUser, v); renda.ErrorCode(err) != renda.EFORBIDDEN {
			t.Fatalf("a deputy set up a vote: %v", err)
		}
		if err := db.SaveVote(ctx, f.Staff, v); err != nil {
			t.Fatal(err)
		}
		roll, err := db.Roll(ctx, f.Staff, v.ID)
		if err != nil || len(roll) != 2 {
			t.Fatalf("roll = %+v, %v", roll, err)
		}
		if _, err := db.Roll(ctx, f.DeputyUser, v.ID); renda.ErrorCode(err) != renda.EFORBIDDEN {
			t.Fatalf("a deputy read the roll: %v", err)
		}
		yes := vote.Ballot{cs[0].ID: "yes", cs[1].ID: "yes", cs[2].ID: "no"}

		// Not open yet.
		if _, err := db.CastBallot(ctx, f.DeputyUser, v.ID, yes); renda.ErrorCode(err) != renda.ECONFLICT {
			t.Fatalf("ballot in a draft: %v", err)
		}
		// Check-in needs the hall's code.
		if err := db.CheckIn(ctx, f.DeputyUser, v.ID, "000000x"); renda.ErrorCode(err) != renda.EINVALID {
			t.Fatalf("wrong code: %v", err)
		}
		full, _ := db.Vote(ctx, v.ID)
		if err := db.CheckIn(ctx, f.DeputyUser, v.ID, full.CheckinCode); err != nil {
			t.Fatal(err)
		}
		if err := db.VoteAction(ctx, f.DeputyUser, v.ID, "open", ""); renda.ErrorCode(err) != renda.EFORBIDDEN {
			t.Fatalf("a deputy opened the vote: %v", err)
		}
		if err := db.VoteAction(ctx, f.Staff, v.ID, "open", ""); err != nil {
			t.Fatal(err)
		}
		// Deputy 2 is not present yet: refused (403), nothing written.
		if _, err := db.CastBallot(ctx, f.DeputyUser2, v.ID, yes); renda.ErrorCode(err) != renda.EFORBIDDEN {
			t.Fatalf("absent deputy voted: %v", err)
		}
		// Not a deputy at all.
		if _, err := db.CastBallot(ctx, f.Staff, v.ID, yes); renda.ErrorCode(err) != renda.EFORBIDDEN {
			t.Fatalf("staff voted: %v", err)
		}
		// A bad ballot writes nothing and does not use up the vote.
		if _, err := db.CastBallot(ctx, f.DeputyUser, v.ID, vote.Ballot{cs[0].ID: "maybe"}); renda.ErrorCode(err) != renda.EINVALID {
			t.Fatalf("bad choice: %v", err)
		}
		r1, err := db.CastBallot(ctx, f.DeputyUser, v.ID, yes)
		if err != nil || len(r1) != 14 {
			t.Fatalf("cast: %q %v", r1, err)
		}
		if _, err := db.CastBallot(ctx, f.DeputyUser, v.ID, yes); renda.ErrorCode(err) != renda.ECONFLICT {
			t.Fatalf("second ballot: %v", err)
		}
		// Staff mark deputy 2 present; they vote.
		if err := db.SetAttendance(ctx, f.Staff, v.ID, map[string]bool{f.Deputy2.ID: true}, nil); err != nil {
			t.Fatal(err)
		}
		if _, err := db.CastBallot(ctx, f.DeputyUser2, v.ID, vote.Ballot{cs[0].ID: "yes", cs[2].ID: "yes"}); err != nil {
			t.Fatal(err)
		}
		// A voter cannot be marked absent after voting.
		if err := db.SetAttendance(ctx, f.Staff, v.ID, map[string]bool{f.Deputy1.ID: false}, nil); err != nil {
			t.Fatal(err)
		}
		tn, _ := db.Turnout(ctx, v.ID)
		if tn.Members != 2 || tn.Present != 2 || tn.Voted != 2 {
			t.Fatalf("turnout = %+v", tn)
		}
		if _, err := db.Result(ctx, v.ID); renda.ErrorCode(err) != renda.ECONFLICT {
			t.Fatalf("result before close: %v", err)
		}
		if _, err := db.PublishedBallots(ctx, v.ID); renda.ErrorCode(err) != renda.ECONFLICT {
			t.Fatalf("ballots before close: %v", err)
		}
		if err := db.VoteAction(ctx, f.Staff, v.ID, "close", ""); err != nil {
			t.Fatal(err)
		}
		res, err := db.Result(ctx, v.ID)
		if err != nil {
			t.Fatal(err)
		}
		// 2 eligible: passing needs 2 yes. cs0: 2 yes → adopted; cs1: 1; cs2: 1 → too few.
		if res.Needed != 2 || !res.Items[0].Adopted || res.Items[1].Adopted || res.Items[2].Adopted || !res.TooFew || res.Items[1].Abstain != 1 {
			t.Fatalf("result = %+v", res)
		}
		p0, _ := db.Project(ctx, f.Staff, cs[0].ID)
		p1, _ := db.Project(ctx, f.Staff, cs[1].ID)
		if p0.Status != "adopted" || p1.Status != "not_adopted" {
			t.Fatalf("projects after close: %s %s", p0.Status, p1.Status)
		}
		pub, err := db.PublishedBallots(ctx, v.ID)
		if err != nil || len(pub) != 2 {
			t.Fatalf("published = %+v, %v", pub, err)
		}
		found := false
		for _, b := range pub {
			found = found || b.Receipt == r1 && b.Choices[cs[2].ID] == "no"
		}
		if !found {
			t.Fatalf("receipt %s not in the published list %+v", r1, pub)
		}
		if pub[0].Receipt > pub[1].Receipt {
			t.Fatal("published ballots not in receipt order")
		}
		full, _ = db.Vote(ctx, v.ID)
		if !full.Sealed {
			t.Fatal("vote not sealed after close")
		}
		// The presidium adopts a second project.
		if err := db.Decide(ctx, f.Staff, v.ID, cs[2].ID, true, "主席团会议研究决定"); err != nil {
			t.Fatal(err)
		}
		p2, _ := db.Project(ctx, f.Staff, cs[2].ID)
		if p2.Status != "adopted" {
			t.Fatalf("decided project: %s", p2.Status)
		}
		if err := db.Decide(ctx, f.Staff, v.ID, cs[1].ID, true, "再加一个"); renda.ErrorCode(err) != renda.ECONFLICT {
			t.Fatalf("a third adopted: %v", err)
		}
		if _, err := db.CastBallot(ctx, f.DeputyUser2, v.ID, yes); renda.ErrorCode(err) != renda.ECONFLICT {
			t.Fatalf("ballot after close: %v", err)
		}
		// The history records that each deputy voted, and never a receipt.
		h, err := db.History(ctx, "vote", v.ID)
		if err != nil {
			t.Fatal(err)
		}
		ballots := 0
		for _, rec := range h {
			if rec.Action == "ballot" {
				ballots++
			}
			for _, b := range pub {
				if strings.Contains(string(rec.After)+string(rec.Before)+rec.Note, b.Receipt) {
					t.Fatalf("receipt in the audit trail: %+v", rec)
				}
			}
		}
		if ballots != 2 {
			t.Fatalf("%d ballot records in the history", ballots)
		}
	})
}

func TestPaperBallotsNeedTwoPeople(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := storetest.Fixture(t, db)
		cs := candidates(t, db, f, 2)
		v := &vote.Vote{CongressID: f.Congress.ID, Kind: vote.Livelihood, Title: "乡镇票决", Adopt: 1, Candidates: cs}
		if err := db.SaveVote(ctx, f.Staff, v); err != nil {
			t.Fatal(err)
		}
		if err := db.SetAttendance(ctx, f.Staff, v.ID, map[string]bool{f.Deputy1.ID: true}, map[string]bool{f.Deputy2.ID: true}); err != nil {
			t.Fatal(err)
		}
		if err := db.VoteAction(ctx, f.Staff, v.ID, "open", ""); err != nil {
			t.Fatal(err)
		}
		// The paper voter cannot also vote electronically.
		if _, err := db.CastBallot(ctx, f.DeputyUser2, v.ID, vote.Ballot{}); renda.ErrorCode(err) != renda.ECONFLICT {
			t.Fatalf("paper voter voted electronically: %v", err)
		}
		if _, err := db.CastBallot(ctx, f.DeputyUser, v.ID, vote.Ballot{cs[0].ID: "yes"}); err != nil {
			t.Fatal(err)
		}
		bad := &vote.PaperTotals{Ballots: 2, Counts: map[string]map[string]int{cs[0].ID: {"yes": 2}, cs[1].ID: {"no": 2}}}
		if err := db.EnterPaper(ctx, f.Staff, v.ID, bad); renda.ErrorCode(err) != renda.EINVALID {
			t.Fatalf("2 paper ballots for 1 paper voter: %v", err)
		}
		sum := &vote.PaperTotals{Ballots: 1, Counts: map[string]map[string]int{cs[0].ID: {"yes": 1}, cs[1].ID: {"no": 0}}}
		if err := db.EnterPaper(ctx, f.Staff, v.ID, sum); renda.ErrorCode(err) != renda.EINVALID {
			t.Fatalf("counts not adding up: %v", err)
		}
		ok := &vote.PaperTotals{Ballots: 1, Counts: map[string]map[string]int{cs[0].ID: {"yes": 1}, cs[1].ID: {"abstain": 1}}}
		if err := db.EnterPaper(ctx, f.Staff, v.ID, ok); err != nil {
			t.Fatal(err)
		}
		if err := db.ConfirmPaper(ctx, f.Staff, v.ID); renda.ErrorCode(err) != renda.EFORBIDDEN {
			t.Fatalf("confirmed by the same person: %v", err)
		}
		if err := db.VoteAction(ctx, f.Staff, v.ID, "close", ""); err != nil {
			t.Fatal(err)
		}
		res, _ := db.Result(ctx, v.ID)
		if res.Paper != 0 || res.Items[0].Yes != 1 {
			t.Fatalf("unconfirmed paper counted: %+v", res)
		}
		if err := db.ConfirmPaper(ctx, f.Admin, v.ID); err != nil {
			t.Fatal(err)
		}
		res, _ = db.Result(ctx, v.ID)
		if res.Paper != 1 || res.Ballots != 2 || res.Items[0].Yes != 2 || !res.Items[0].Adopted {
			t.Fatalf("after confirmation: %+v", res)
		}
		h, _ := db.History(ctx, "vote", v.ID)
		var actions []string
		for _, r := range h {
			actions = append(actions, r.Action+":"+r.ActorName)
		}
		joined := strings.Join(actions, " ")
		if !strings.Contains(joined, "paper:"+f.Staff.Name()) || !strings.Contains(joined, "paper_confirm:"+f.Admin.Name()) {
			t.Fatalf("paper entry and confirmation not audited by their people: %s", joined)
		}
	})
}

func TestRatingVote(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := storetest.Fixture(t, db)
		cs := candidates(t, db, f, 2)
		sel := &vote.Vote{CongressID: f.Congress.ID, Kind: vote.Livelihood, Title: "票决", Adopt: 1, Candidates: cs}
		if err := db.SaveVote(ctx, f.Staff, sel); err != nil {
			t.Fatal(err)
		}
		// Rating needs adopted projects.
		rate := &vote.Vote{CongressID: f.Congress.ID, Kind: vote.ProjectRating, Title: "测评", Candidates: cs[:1]}
		if err := db.SaveVote(ctx, f.Staff, rate); renda.ErrorCode(err) != renda.EINVALID {
			t.Fatalf("rating a candidate: %v", err)
		}
		_ = db.SetAttendance(ctx, f.Staff, sel.ID, map[string]bool{f.Deputy1.ID: true, f.Deputy2.ID: true}, nil)
		_ = db.VoteAction(ctx, f.Staff, sel.ID, "open", "")
		for _, u := range []*renda.User{f.DeputyUser, f.DeputyUser2} {
			if _, err := db.CastBallot(ctx, u, sel.ID, vote.Ballot{cs[0].ID: "yes", cs[1].ID: "no"}); err != nil {
				t.Fatal(err)
			}
		}
		if err := db.VoteAction(ctx, f.Staff, sel.ID, "close", ""); err != nil {
			t.Fatal(err)
		}
		rate = &vote.Vote{CongressID: f.Congress.ID, Kind: vote.ProjectRating, Title: "测评", Candidates: cs[:1]}
		if err := db.SaveVote(ctx, f.Staff, rate); err != nil {
			t.Fatal(err)
		}
		_ = db.SetAttendance(ctx, f.Staff, rate.ID, map[string]bool{f.Deputy1.ID: true, f.Deputy2.ID: true}, nil)
		_ = db.VoteAction(ctx, f.Staff, rate.ID, "open", "")
		if _, err := db.CastBallot(ctx, f.DeputyUser, rate.ID, vote.Ballot{cs[0].ID: "yes"}); renda.ErrorCode(err) != renda.EINVALID {
			t.Fatalf("yes on a rating ballot: %v", err)
		}
		_, _ = db.CastBallot(ctx, f.DeputyUser, rate.ID, vote.Ballot{cs[0].ID: "satisfied"})
		_, _ = db.CastBallot(ctx, f.DeputyUser2, rate.ID, vote.Ballot{cs[0].ID: "basic"})
		if err := db.VoteAction(ctx, f.Staff, rate.ID, "close", ""); err != nil {
			t.Fatal(err)
		}
		p, _ := db.Project(ctx, f.Staff, cs[0].ID)
		if p.Status != "rated" || p.Rating != "基本满意" {
			t.Fatalf("rated project: %s %s", p.Status, p.Rating)
		}
	})
}

func TestProjectTracking(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := storetest.Fixture(t, db)
		p := &project.Project{CongressID: f.Congress.ID, Year: 2024, Title: "7座小型水库除险加固", UnitID: f.Unit2.ID, Budget: 1260, Status: "adopted"}
		if err := db.Seed(ctx, f.Staff, func(tx *store.Tx) error { return tx.SaveProject(p) }); err != nil {
			t.Fatal(err)
		}
		// Anyone sees an adopted project; the public do not see proposals.
		if _, err := db.Project(ctx, nil, p.ID); err != nil {
			t.Fatal(err)
		}
		prop := &project.Project{CongressID: f.Congress.ID, Year: 2025, Title: "提议"}
		_ = db.SaveProject(ctx, f.Staff, prop)
		if _, err := db.Project(ctx, nil, prop.ID); renda.ErrorCode(err) != renda.ENOTFOUND {
			t.Fatalf("public saw a proposal: %v", err)
		}
		if items, _, _ := db.Projects(ctx, nil, project.Filter{}); len(items) != 1 {
			t.Fatalf("public board has %d projects", len(items))
		}
		plan := store.Plan{Target: "完成7座水库除险加固", Start: renda.NewDate(2024, 3, 1), Deadline: renda.NewDate(2024, 12, 31), Funds: 1260}
		if err := db.SetPlan(ctx, f.UnitUser, p.ID, plan); renda.ErrorCode(err) != renda.EFORBIDDEN {
			t.Fatalf("another unit set the plan: %v", err)
		}
		if err := db.SetPlan(ctx, f.UnitUser2, p.ID, plan); err != nil {
			t.Fatal(err)
		}
		if err := db.AddMilestone(ctx, f.UnitUser2, p.ID, &project.Milestone{Title: "完成招标", Due: renda.NewDate(2024, 4, 30)}); err != nil {
			t.Fatal(err)
		}
		rep := &project.ProgressReport{Percent: 40, Text: "3座水库主体完工"}
		if err := db.ReportProgress(ctx, f.UnitUser, p.ID, rep, nil); renda.ErrorCode(err) != renda.EFORBIDDEN {
			t.Fatalf("another unit reported: %v", err)
		}
		if err := db.ReportProgress(ctx, f.UnitUser2, p.ID, &project.ProgressReport{Percent: 140, Text: "x"}, nil); renda.ErrorCode(err) != renda.EINVALID {
			t.Fatalf("140%%: %v", err)
		}
		if err := db.ReportProgress(ctx, f.UnitUser2, p.ID, rep, nil); err != nil {
			t.Fatal(err)
		}
		if err := db.CompleteProject(ctx, f.Staff, p.ID, ""); renda.ErrorCode(err) != renda.ECONFLICT {
			t.Fatalf("completed at 40%%: %v", err)
		}
		if err := db.AddInspection(ctx, f.DeputyUser, p.ID, &project.Inspection{Day: renda.NewDate(2024, 6, 1), Deputies: "王建国、刘秀兰", Notes: "进度符合计划"}); err != nil {
			t.Fatal(err)
		}
		if err := db.AddInspection(ctx, f.UnitUser2, p.ID, &project.Inspection{Day: renda.NewDate(2024, 6, 1), Deputies: "x", Notes: "x"}); renda.ErrorCode(err) != renda.EFORBIDDEN {
			t.Fatalf("a unit recorded an inspection: %v", err)
		}
		_ = db.ReportProgress(ctx, f.UnitUser2, p.ID, &project.ProgressReport{Percent: 100, Text: "全部完工"}, nil)
		if err := db.CompleteProject(ctx, f.Staff, p.ID, "验收合格"); err != nil {
			t.Fatal(err)
		}
		got, d, err := db.ProjectDetails(ctx, nil, p.ID)
		if err != nil || got.Status != "completed" || got.Progress != 100 || len(d.Reports) != 2 || len(d.Milestones) != 1 || len(d.Inspections) != 1 || got.PlanFunds != 1260 {
			t.Fatalf("details: %+v %+v %v", got, d, err)
		}
	})
}

func TestProjectReminders(t *testing.T) {
	for _, d := range storetest.Dialects(t) {
		t.Run(d.String(), func(t *testing.T) {
			ctx := context.Background()
			clock := renda.NewTestClock(time.Date(2024, 3, 1, 9, 0, 0, 0, renda.CST))
			db := storetest.Open(t, d, clock)
			f := storetest.Fixture(t, db)
			p := &project.Project{CongressID: f.Congress.ID, Year: 2024, Title: "城区路网提质改造", UnitID: f.Unit1.ID, Status: "adopted"}
			if err := db.Seed(ctx, f.Staff, func(tx *store.Tx) error { return tx.SaveProject(p) }); err != nil {
				t.Fatal(err)
			}
			if err := db.SetPlan(ctx, f.UnitUser, p.ID, store.Plan{Target: "打通断头路", Start: renda.NewDate(2024, 3, 1), Deadline: renda.NewDate(2024, 12, 31)}); err != nil {
				t.Fatal(err)
			}
			count := func(u *renda.User) int {
				_, total, _, err := db.Notifications(ctx, u.ID, 100, 0)
				if err != nil {
					t.Fatal(err)
				}
				return total
			}
			if err := db.RemindProjects(ctx); err != nil || count(f.UnitUser) != 0 {
				t.Fatalf("reminded on day one: %v", err)
			}
			clock.Advance(31 * 24 * time.Hour)
			for range 2 {
				if err := db.RemindProjects(ctx); err != nil {
					t.Fatal(err)
				}
			}
			if n := count(f.UnitUser); n != 1 {
				t.Fatalf("unit reminded %d times, want once", n)
			}
			if n := count(f.UnitUser2); n != 0 {
				t.Fatalf("another unit was reminded")
			}
			// A report restarts the period; far behind the plan, staff hear of it once a month.
			_ = db.ReportProgress(ctx, f.UnitUser, p.ID, &project.ProgressReport{Percent: 5, Text: "刚开工"}, nil)
			clock.Set(time.Date(2024, 9, 1, 9, 0, 0, 0, renda.CST))
			_ = db.RemindProjects(ctx)
			_ = db.RemindProjects(ctx)
			if n := count(f.Staff); n != 1 {
				t.Fatalf("staff told %d times about a project behind schedule", n)
			}
			if n := count(f.UnitUser); n != 2 {
				t.Fatalf("unit reminders after the report's period: %d", n)
			}
		})
	}
}

func TestCheckinCodeCannotBeGuessed(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := storetest.Fixture(t, db)
		v := &vote.Vote{CongressID: f.Congress.ID, Kind: vote.Livelihood, Title: "票决", Adopt: 1, Candidates: candidates(t, db, f, 2)}
		if err := db.SaveVote(ctx, f.Staff, v); err != nil {
			t.Fatal(err)
		}
		full, _ := db.Vote(ctx, v.ID)
		wrong := "000000"
		if full.CheckinCode == wrong {
			wrong = "000001"
		}
		for i := range 5 {
			if err := db.CheckIn(ctx, f.DeputyUser, v.ID, wrong); renda.ErrorCode(err) != renda.EINVALID {
				t.Fatalf("wrong code %d: %v", i, err)
			}
		}
		if err := db.CheckIn(ctx, f.DeputyUser, v.ID, full.CheckinCode); renda.ErrorCode(err) != renda.ETOOMANY {
			t.Fatalf("the right code after 5 wrong ones: %v", err)
		}
		// Another deputy is not affected; staff can still mark the first present.
		if err := db.CheckIn(ctx, f.DeputyUser2, v.ID, full.CheckinCode); err != nil {
			t.Fatal(err)
		}
		if err := db.SetAttendance(ctx, f.Staff, v.ID, map[string]bool{f.Deputy1.ID: true}, nil); err != nil {
			t.Fatal(err)
		}
		if tn, _ := db.Turnout(ctx, v.ID); tn.Present != 2 {
			t.Fatalf("present: %d", tn.Present)
		}
	})
}
