package demo_test

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"renda"
	"renda/internal/demo"
	"renda/internal/store"
	"renda/internal/storetest"
	"renda/opinion"
	"renda/suggestion"
	"renda/supervision"
)

// TestDemoSupervision: the 2024 plan is published; the 财政局 evaluation is
// rated 基本满意 by a sealed secret ballot and its rectification closed; the
// 水利局 evaluation is in rectification; the two inspections have their
// rectification lists; this year's items show the other phases.
func TestDemoSupervision(t *testing.T) {
	ctx := context.Background()
	db := storetest.Open(t, store.SQLite, renda.NewTestClock(time.Date(2026, 11, 24, 10, 0, 0, 0, renda.CST)))
	if _, err := demo.Load(ctx, db, nil); err != nil {
		t.Fatal(err)
	}
	items, total, err := db.SupervisionItems(ctx, nil, supervision.Filter{Year: 2024})
	if err != nil {
		t.Fatal(err)
	}
	if total < 15 {
		t.Fatalf("the public sees %d items of the 2024 plan", total)
	}
	found := map[string]*supervision.Item{}
	for _, it := range items {
		found[it.Title] = it
	}
	czj := found["财政局专项工作评议"]
	if czj == nil || !strings.Contains(czj.Body, "财政局") || czj.Verdict != supervision.Basic || czj.Status != supervision.Done {
		t.Fatalf("财政局: %+v", czj)
	}
	votes, err := db.SupervisionVotes(ctx, czj.ID)
	if err != nil || len(votes) != 1 {
		t.Fatalf("votes %v %v", votes, err)
	}
	v, err := db.Vote(ctx, votes[0])
	if err != nil || v.Kind != "evaluation" || v.Status != "closed" || !v.Sealed {
		t.Fatalf("vote %+v %v", v, err)
	}
	rs, err := db.Rectifications(ctx, nil, czj.ID)
	if err != nil || len(rs) == 0 {
		t.Fatalf("财政局 rectifications %v %v", rs, err)
	}
	for _, r := range rs {
		if r.Status != supervision.RectClosed {
			t.Errorf("财政局 rectification %s: %s", r.Text, r.Status)
		}
	}
	slj := found["水利局专项工作评议"]
	if slj == nil || !strings.Contains(slj.Body, "水利局") || slj.Status != supervision.Rectifying {
		t.Fatalf("水利局: %+v", slj)
	}
	for _, title := range []string{"中小企业促进“一法一办法”执法检查", "安全生产执法检查"} {
		it := found[title]
		if it == nil || it.Kind != supervision.KindInspection {
			t.Fatalf("%s: %+v", title, it)
		}
		rs, err := db.Rectifications(ctx, nil, it.ID)
		if err != nil || len(rs) < 3 {
			t.Errorf("%s: %d rectifications, %v", title, len(rs), err)
		}
	}
	lg := found["结合临案听审开展“两官”评议"]
	if lg == nil || lg.Status != supervision.Done {
		t.Fatalf("两官评议: %+v", lg)
	}
	subjects, err := db.Subjects(ctx, nil, lg.ID)
	if err != nil || len(subjects) != 4 {
		t.Fatalf("两官评议 subjects: %v %v", subjects, err)
	}
	for _, sj := range subjects {
		if !sj.Passed || sj.Grade == "" {
			t.Errorf("subject %+v", sj)
		}
	}
	// Three members rated on paper, two of them with an invalid mark (the
	// first subject marked twice, the third left blank): counted among the
	// ballots, confirmed by a second person, in the published result.
	lgVotes, err := db.SupervisionVotes(ctx, lg.ID)
	if err != nil || len(lgVotes) != 1 {
		t.Fatalf("两官评议 votes %v %v", lgVotes, err)
	}
	res, err := db.Result(ctx, lgVotes[0])
	if err != nil || res == nil {
		t.Fatalf("两官评议 result: %v", err)
	}
	if res.Ballots != 29 || res.Paper != 3 || !res.AnyInvalid() {
		t.Errorf("两官评议 result: %d ballots, %d on paper, invalid %v", res.Ballots, res.Paper, res.AnyInvalid())
	}
	invalid, withInvalid := 0, 0
	for _, tl := range res.Items {
		invalid += tl.Invalid
		if tl.Invalid > 0 {
			withInvalid++
		}
		sum := 0
		for _, n := range tl.Counts {
			sum += n
		}
		if sum != res.Ballots {
			t.Errorf("subject %s: counts %v add to %d of %d ballots", tl.Title, tl.Counts, sum, res.Ballots)
		}
	}
	if invalid != 2 || withInvalid != 2 {
		t.Errorf("invalid marks %d on %d subjects, want one on each of two", invalid, withInvalid)
	}
	staff := &renda.User{Role: renda.RoleStaff}
	sp, _, _ := db.SupervisionItems(ctx, staff, supervision.Filter{Kind: supervision.KindSpecial})
	if len(sp) != 1 {
		t.Fatalf("特定问题调查: %d", len(sp))
	}
	if ps, err := db.Participants(ctx, staff, sp[0].ID); err != nil || len(ps) != 4 || !ps[3].Recused {
		t.Errorf("participants %v %v", ps, err)
	}
	// Every state of a rectification shows somewhere.
	rstates := map[string]int{}
	for _, it := range items {
		rs, _ := db.Rectifications(ctx, nil, it.ID)
		for _, r := range rs {
			rstates[r.Status]++
		}
	}
	if rstates[supervision.RectOpen] == 0 || rstates[supervision.RectAnswered] == 0 || rstates[supervision.RectClosed] == 0 {
		t.Errorf("rectification states %v", rstates)
	}
	inq, _, _ := db.SupervisionItems(ctx, nil, supervision.Filter{Kind: supervision.KindInquiry})
	var inquiry, interp *supervision.Item
	for _, it := range inq {
		if it.Interpellation() {
			interp = it
		} else {
			inquiry = it
		}
	}
	if len(inq) != 2 || inquiry == nil || interp == nil {
		t.Fatalf("专题询问 and 质询案: %d", len(inq))
	}
	if qs, err := db.Questions(ctx, nil, inquiry.ID); err != nil || len(qs) != 2 || qs[0].Answer == "" {
		t.Errorf("questions %v %v", qs, err)
	}
	// The 质询案: answered twice, most signers not satisfied with the first answer, satisfied with the second.
	if interp.Status != supervision.Done || interp.Round != 2 || !strings.Contains(interp.Body, "住房和城乡建设局") {
		t.Errorf("质询案: %s round %d body %s", interp.Status, interp.Round, interp.Body)
	}
	ip, err := db.Interpellation(ctx, nil, interp.ID)
	if err != nil || len(ip.Signers) != 5 || len(ip.Answers) != 2 || len(ip.Rounds) != 2 || ip.Stances != nil {
		t.Fatalf("质询案 for the public: %+v %v", ip, err)
	}
	if r := ip.Rounds[0]; r.Dissatisfied*2 <= len(ip.Signers) {
		t.Errorf("first answer: %+v", r)
	}
	if r := ip.Rounds[1]; r.Dissatisfied*2 > len(ip.Signers) || r.Satisfied+r.Dissatisfied != len(ip.Signers) {
		t.Errorf("second answer: %+v", r)
	}
	if ip.Answers[0].Mode == ip.Answers[1].Mode {
		t.Errorf("both answers %s", ip.Answers[0].Mode)
	}
	// The 安全生产 inspection: the team's findings with photos (not public), the report drafted from them.
	aq := found["安全生产执法检查"]
	fs, err := db.Findings(ctx, staff, aq.ID)
	photos := 0
	for _, f := range fs {
		photos += len(f.Photos)
	}
	if err != nil || len(fs) < 5 || photos < 4 {
		t.Errorf("findings %d, photos %d, %v", len(fs), photos, err)
	}
	// Each finding is on the duty record of the member who found it and of
	// those who joined in, linking to it.
	joined := 0
	for _, f := range fs {
		who := []string{}
		if f.DeputyID != "" {
			who = append(who, f.DeputyID)
		}
		for _, m := range f.With {
			who = append(who, m.DeputyID)
			joined++
		}
		for _, dep := range who {
			cs, err := db.DutyCredits(ctx, dep, 0)
			if err != nil {
				t.Fatal(err)
			}
			if !slices.ContainsFunc(cs, func(c store.DutyCredit) bool {
				return c.Kind == "finding" && c.Entity == supervision.EntityFinding && c.EntityID == f.ID
			}) {
				t.Errorf("finding %q is not on %s's duty record", f.Text, dep)
			}
		}
	}
	if joined == 0 {
		t.Errorf("no demo finding was found by two members together")
	}
	if pub, _ := db.Findings(ctx, nil, aq.ID); len(pub) != 0 {
		t.Errorf("the public sees %d findings", len(pub))
	}
	if !strings.Contains(aq.Report, "一、安全隐患") || !strings.Contains(aq.Report, "（一）") || !strings.Contains(aq.Report, "意见和建议") ||
		strings.Contains(aq.Report, "起草人根据以上问题填写") {
		t.Errorf("the report drafted from the findings: %s", aq.Report)
	}
	if len(fs) > 0 && len(fs[0].Photos) > 0 {
		if _, data, err := db.AttachmentFor(ctx, staff, supervision.EntityFinding, fs[0].ID, fs[0].Photos[0].ID); err != nil || len(data) == 0 {
			t.Errorf("photo for staff: %v", err)
		}
		if _, _, err := db.AttachmentFor(ctx, nil, supervision.EntityFinding, fs[0].ID, fs[0].Photos[0].ID); renda.ErrorCode(err) != renda.ENOTFOUND {
			t.Errorf("photo for the public: %v", err)
		}
	}
	// Topic suggestions: each count is the count of the opinions list it links to.
	year := 2026
	cats, towns, err := db.SupervisionTopics(ctx, staff, year)
	if err != nil || len(cats) == 0 || len(towns) == 0 {
		t.Fatalf("topics: %d %d %v", len(cats), len(towns), err)
	}
	from, to := renda.NewDate(year, 1, 1), renda.NewDate(year, 12, 31)
	for _, c := range cats[:min(3, len(cats))] {
		n, err := db.CountOpinions(ctx, staff, opinion.Filter{Category: c.Key, From: from, To: to})
		if err != nil || n != c.Count || c.Example == "" {
			t.Errorf("category %s: %d, list %d %v", c.Key, c.Count, n, err)
		}
		h, _ := db.CountOpinions(ctx, staff, opinion.Filter{Category: c.Key, Channel: "hotline", From: from, To: to})
		if h != c.Hotline {
			t.Errorf("category %s: %d 12345, list %d", c.Key, c.Hotline, h)
		}
	}
	for _, tw := range towns[:min(3, len(towns))] {
		if n, _ := db.CountOpinions(ctx, staff, opinion.Filter{TownshipID: tw.Key, From: from, To: to}); n != tw.Count {
			t.Errorf("township %s: %d, list %d", tw.Name, tw.Count, n)
		}
	}
	units, err := db.SupervisionUnitTopics(ctx, staff, year)
	if err != nil || len(units) < 2 {
		t.Fatalf("topics by unit: %d %v", len(units), err)
	}
	for _, u := range units {
		n, _ := db.CountOpinions(ctx, staff, opinion.Filter{UnitID: u.Key, From: from, To: to})
		h, _ := db.CountOpinions(ctx, staff, opinion.Filter{UnitID: u.Key, Channel: "hotline", From: from, To: to})
		if n != u.Count || h != u.Hotline || u.Example == "" {
			t.Errorf("unit %s: %d (12345 %d), lists %d (%d)", u.Name, u.Count, u.Hotline, n, h)
		}
	}
	// The year's motions and suggestions: each count is the count of the suggestions list it links to.
	for _, y := range []int{2024, 2025, 2026} {
		sc, su, err := db.SupervisionSuggestionTopics(ctx, staff, y)
		if err != nil {
			t.Fatal(err)
		}
		if y == 2026 && (len(sc) == 0 || len(su) == 0) {
			t.Errorf("suggestion topics of %d: %d categories, %d units", y, len(sc), len(su))
		}
		check := func(what string, tp store.SuggestionTopic, f suggestion.Filter) {
			f.Year, f.Status = y, suggestion.StatusesCounted
			for kind, want := range map[string]int{suggestion.KindMotion: tp.Motions, suggestion.KindSuggestion: tp.Suggestions} {
				f.Kind = kind
				if _, n, err := db.Suggestions(ctx, staff, f); err != nil || n != want {
					t.Errorf("%d %s %s %s: %d, list %d %v", y, what, tp.Name, kind, want, n, err)
				}
			}
		}
		for _, c := range sc[:min(3, len(sc))] {
			if c.Key != "" {
				check("category", c, suggestion.Filter{Category: c.Key})
			}
		}
		for _, u := range su[:min(3, len(su))] {
			check("unit", u, suggestion.Filter{UnitID: u.Key})
		}
	}
	// Every phase shows somewhere (staff side).
	all, _, err := db.SupervisionItems(ctx, &renda.User{Role: renda.RoleStaff}, supervision.Filter{})
	if err != nil {
		t.Fatal(err)
	}
	states := map[string]int{}
	for _, it := range all {
		states[it.Status]++
	}
	for _, s := range []string{supervision.Draft, supervision.Planned, supervision.SelfCheck, supervision.Investigating, supervision.Reporting,
		supervision.Rating, supervision.Rectifying, supervision.FollowUp, supervision.Done} {
		if states[s] == 0 {
			t.Errorf("no item in state %s: %v", s, states)
		}
	}
	// A 决议 carried out on time, one overdue, and one whose report is still to come.
	var answered, pending, overdue int
	for _, it := range all {
		switch {
		case it.ResolutionOn.IsZero():
		case it.ResolutionDoneOn.IsZero():
			if it.ResolutionDue.After(renda.DateOf(time.Date(2026, 11, 24, 10, 0, 0, 0, renda.CST))) {
				pending++
			} else {
				overdue++
			}
		case it.ResolutionDoneOn.After(it.ResolutionDue) || it.ResolutionAnswer == "":
			t.Errorf("决议 answered late or empty: %+v", it)
		default:
			answered++
		}
	}
	if answered != 1 || pending != 1 || overdue != 1 {
		t.Errorf("决议: %d answered, %d pending, %d overdue", answered, pending, overdue)
	}
	// Several 2024 activities joint with 衡阳市人大, organised by either side.
	orgs := map[string]int{}
	for _, it := range items {
		if it.JointWith != "" {
			if it.JointWith != "city" || len(it.JointLevels) < 2 {
				t.Errorf("joint %s: %s %v", it.Title, it.JointWith, it.JointLevels)
			}
			orgs[it.JointOrganiser]++
		}
	}
	if orgs["city"] < 2 || orgs["county"] < 1 {
		t.Errorf("joint activities of 2024 by organiser: %v", orgs)
	}
}
