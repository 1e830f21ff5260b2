package store_test

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"strings"
	"testing"

	"renda"
	"renda/internal/attach"
	"renda/internal/store"
	"renda/internal/storetest"
	"renda/supervision"
	"renda/vote"
)

// committee makes the standing committee's members: the fixture's two
// deputies and n-2 more, in the group 常委会组成人员; and one deputy who is
// not a member.
func committee(t *testing.T, db *store.DB, fx *storetest.Fix, n int) (members []*renda.Deputy, other *renda.Deputy) {
	t.Helper()
	ctx := context.Background()
	root := &renda.User{ID: "system", Username: "system", DisplayName: "测试", Role: renda.RoleAdmin}
	members = []*renda.Deputy{fx.Deputy1, fx.Deputy2}
	mk := func(name string) *renda.Deputy {
		d := &renda.Deputy{Name: name, Gender: "男", Ethnicity: "汉族", Occupation: "常委会组成人员", Sector: "党政干部",
			CongressID: fx.Congress.ID, TermID: fx.Term.ID, DelegationID: fx.Delegation.ID, RegionID: fx.Town1.ID}
		if err := db.SaveDeputy(ctx, root, d); err != nil {
			t.Fatal(err)
		}
		return d
	}
	for i := 3; i <= n; i++ {
		members = append(members, mk(fmt.Sprintf("委员%02d", i)))
	}
	other = mk("非委员")
	g := &renda.Group{Name: "常委会组成人员", Kind: renda.GroupProfessional}
	if err := db.SaveGroup(ctx, root, g); err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, d := range members {
		ids = append(ids, d.ID)
	}
	if err := db.AddGroupMembers(ctx, root, g.ID, ids); err != nil {
		t.Fatal(err)
	}
	return members, other
}

func memberUser(d *renda.Deputy) *renda.User {
	return &renda.User{ID: "m" + d.ID, Username: "m" + d.ID, DisplayName: d.Name, Role: renda.RoleDeputy, DeputyID: d.ID}
}

// TestSupervisionInterpellation: a 质询案 needs at least 3 signers, all
// members of the standing committee (refused with a clear error and nothing
// written otherwise); the 主任会议 hands it to the body, whose answer is due
// 15 working days later on the working-day calendar (over the National Day
// holiday and its make-up working days) and reminded once; only the body's
// clerk or staff answer; each signer says once whether satisfied (or staff
// record a signer's written view); when more than half of the signers are
// not satisfied the body answers again by a new deadline, reminded once;
// satisfied the second time, it is done. Signers see it before it is
// published; the public does not.
func TestSupervisionInterpellation(t *testing.T) {
	for _, d := range storetest.Dialects(t) {
		t.Run(d.String(), func(t *testing.T) {
			ctx := context.Background()
			clock := renda.NewTestClock(at(2024, 9, 20)) // a Friday
			db := storetest.Open(t, d, clock)
			fx := storetest.Fixture(t, db)
			members, other := committee(t, db, fx, 6)
			file := func(signers ...*renda.Deputy) (*supervision.Item, error) {
				in := renda.V("title", "关于老旧小区改造工程质量问题的质询案", "org_id", fx.Unit1.ID, "question", "工程质量监管责任如何落实？")
				for _, s := range signers {
					in["signer_ids"] = append(in["signer_ids"], s.ID)
				}
				return db.FileInterpellation(ctx, fx.Staff, in)
			}
			count := func() int {
				_, n, err := db.SupervisionItems(ctx, fx.Staff, supervision.Filter{})
				if err != nil {
					t.Fatal(err)
				}
				return n
			}
			_, err := file(members[0], members[1])
			if renda.ErrorCode(err) != renda.EINVALID || !strings.Contains(renda.ErrorMessage(err), "3 人以上联名") {
				t.Errorf("two signers: %v", err)
			}
			if _, err := file(members[0], members[1], other); renda.ErrorCode(err) != renda.EINVALID || !strings.Contains(renda.ErrorMessage(err), "非委员不是常委会组成人员") {
				t.Errorf("a signer who is not a member: %v", err)
			}
			if _, err := db.FileInterpellation(ctx, fx.DeputyUser, renda.V("title", "x", "org_id", fx.Unit1.ID, "question", "y",
				"signer_ids", []string{members[0].ID, members[1].ID, members[2].ID})); renda.ErrorCode(err) != renda.EFORBIDDEN {
				t.Errorf("a deputy files: %v", err)
			}
			if n := count(); n != 0 {
				t.Fatalf("refused filings wrote %d items", n)
			}
			signers := members[:5]
			it, err := file(signers...)
			if err != nil {
				t.Fatal(err)
			}
			if it.Kind != supervision.KindInquiry || !it.Interpellation() || it.Status != supervision.Filed || it.Year != 2024 || it.Body != fx.Unit1.Name {
				t.Fatalf("filed %+v", it)
			}
			// The fixed list keeps its kinds: a 质询案 is an inquiry.
			if items, _, _ := db.SupervisionItems(ctx, fx.Staff, supervision.Filter{Kind: supervision.KindInquiry}); len(items) != 1 || items[0].ID != it.ID {
				t.Errorf("kind inquiry: %v", items)
			}
			if _, err := db.SupervisionItem(ctx, nil, it.ID); renda.ErrorCode(err) != renda.ENOTFOUND {
				t.Errorf("the public sees an unpublished 质询案: %v", err)
			}
			if _, err := db.SupervisionItem(ctx, fx.DeputyUser, it.ID); err != nil {
				t.Errorf("a signer does not see it: %v", err)
			}
			if _, err := db.ActOnSupervisionItem(ctx, fx.UnitUser, it.ID, "answer_interpellation", renda.V("answer", "x")); renda.ErrorCode(err) != renda.ECONFLICT {
				t.Errorf("answered before it was handed over: %v", err)
			}
			if it, err = db.ActOnSupervisionItem(ctx, fx.Staff, it.ID, "hand_over", renda.V("mode", "written", "note", "第八次主任会议")); err != nil {
				t.Fatal(err)
			}
			// 15 working days from Friday 2024-09-20: 09-23…27, Sunday 09-29 (调休), 09-30, 10-08…11,
			// Saturday 10-12 (调休), 10-14…16 — National Day 10-01…07 off.
			if it.Status != supervision.AwaitingAnswer || it.Round != 1 || it.AnswerDue != renda.NewDate(2024, 10, 16) {
				t.Fatalf("handed over: %s round %d due %s", it.Status, it.Round, it.AnswerDue)
			}
			notices := func(u *renda.User, day renda.Date) int {
				clock.Set(at(day.Year, day.Month, day.Day))
				if err := db.RemindSupervisionDeadlines(ctx); err != nil {
					t.Fatal(err)
				}
				_, n, _, err := db.Notifications(ctx, u.ID, 100, 0)
				if err != nil {
					t.Fatal(err)
				}
				return n
			}
			// Reminded 3 working days before 10-16: Saturday 10-12, a make-up working day; once.
			base := notices(fx.UnitUser, renda.NewDate(2024, 10, 11))
			if n := notices(fx.UnitUser, renda.NewDate(2024, 10, 12)); n != base+1 {
				t.Errorf("answer reminder: %d, want %d", n, base+1)
			}
			if n := notices(fx.UnitUser, renda.NewDate(2024, 10, 14)); n != base+1 {
				t.Errorf("reminded twice: %d", n)
			}
			if _, err := db.ActOnSupervisionItem(ctx, fx.UnitUser2, it.ID, "answer_interpellation", renda.V("answer", "x")); err == nil {
				t.Errorf("another body's clerk answers")
			}
			if it, err = db.ActOnSupervisionItem(ctx, fx.UnitUser, it.ID, "answer_interpellation", renda.V("answer", "已责成施工单位维修", "official", "局长")); err != nil {
				t.Fatal(err)
			}
			if it.Status != supervision.Answered || it.AnsweredOn != renda.NewDate(2024, 10, 14) {
				t.Fatalf("answered: %s %s", it.Status, it.AnsweredOn)
			}
			assess := func(u *renda.User, stance string, extra ...any) (*supervision.Item, error) {
				return db.ActOnSupervisionItem(ctx, u, it.ID, "assess", renda.V(append([]any{"stance", stance}, extra...)...))
			}
			if _, err := assess(memberUser(other), "dissatisfied"); renda.ErrorCode(err) != renda.ENOTFOUND && renda.ErrorCode(err) != renda.EFORBIDDEN {
				t.Errorf("a deputy who did not sign: %v", err)
			}
			if _, err := assess(memberUser(members[5]), "dissatisfied"); renda.ErrorCode(err) != renda.ENOTFOUND && renda.ErrorCode(err) != renda.EFORBIDDEN {
				t.Errorf("a member who did not sign: %v", err)
			}
			if it, err = assess(fx.DeputyUser, "dissatisfied", "reason", "没有整改时限"); err != nil {
				t.Fatal(err)
			}
			if _, err := assess(fx.DeputyUser, "satisfied"); renda.ErrorCode(err) != renda.ECONFLICT {
				t.Errorf("a second stance: %v", err)
			}
			if _, err := assess(fx.DeputyUser2, "satisfied", "deputy_id", members[2].ID); renda.ErrorCode(err) != renda.EINVALID {
				t.Errorf("a signer speaks for another: %v", err)
			}
			if _, err := assess(fx.Staff, "satisfied", "deputy_id", members[5].ID); renda.ErrorCode(err) != renda.EINVALID {
				t.Errorf("staff record a non-signer: %v", err)
			}
			if it, err = assess(fx.Staff, "dissatisfied", "deputy_id", members[1].ID); err != nil { // a written view
				t.Fatal(err)
			}
			if it, err = assess(memberUser(members[2]), "satisfied"); err != nil {
				t.Fatal(err)
			}
			if it.Status != supervision.Answered {
				t.Fatalf("2 of 5 not satisfied: %s", it.Status)
			}
			// The third of five not satisfied: more than half, the body answers again.
			if it, err = assess(memberUser(members[3]), "dissatisfied"); err != nil {
				t.Fatal(err)
			}
			// 15 working days from Monday 10-14: 11-04.
			if it.Status != supervision.AwaitingAnswer || it.Round != 2 || it.AnswerDue != renda.NewDate(2024, 11, 4) || !it.AnsweredOn.IsZero() {
				t.Fatalf("answer again: %s round %d due %s", it.Status, it.Round, it.AnswerDue)
			}
			if _, err := assess(memberUser(members[4]), "satisfied"); renda.ErrorCode(err) != renda.ECONFLICT {
				t.Errorf("a stance while awaiting the second answer: %v", err)
			}
			base = notices(fx.UnitUser, renda.NewDate(2024, 10, 29))
			if n := notices(fx.UnitUser, renda.NewDate(2024, 10, 30)); n != base+1 {
				t.Errorf("second answer reminder: %d, want %d", n, base+1)
			}
			if n := notices(fx.UnitUser, renda.NewDate(2024, 10, 31)); n != base+1 {
				t.Errorf("second answer reminded twice: %d", n)
			}
			if it, err = db.ActOnSupervisionItem(ctx, fx.Staff, it.ID, "answer_interpellation", renda.V("answer", "局长在常委会会议上口头答复", "official", "局长")); err != nil {
				t.Fatal(err)
			}
			for i, s := range signers {
				if it, err = assess(memberUser(s), map[bool]string{true: "satisfied", false: "dissatisfied"}[i != 1]); err != nil {
					t.Fatalf("second stance %d: %v", i, err)
				}
			}
			if it.Status != supervision.Done {
				t.Fatalf("satisfied the second time: %s", it.Status)
			}
			for u, want := range map[*renda.User]bool{fx.Staff: true, fx.DeputyUser: true, fx.UnitUser: false} {
				ip, err := db.Interpellation(ctx, u, it.ID)
				if err != nil {
					t.Fatal(err)
				}
				if len(ip.Signers) != 5 || len(ip.Answers) != 2 || len(ip.Rounds) != 2 || ip.Rounds[0].Dissatisfied != 3 || ip.Rounds[1].Satisfied != 4 {
					t.Errorf("%s: %+v", u.Username, ip)
				}
				if (len(ip.Stances) == 9) != want {
					t.Errorf("%s sees %d stances by name", u.Username, len(ip.Stances))
				}
			}
			h, err := db.History(ctx, supervision.Entity, it.ID)
			if err != nil {
				t.Fatal(err)
			}
			var acts []string
			for _, r := range h {
				acts = append(acts, r.Action)
			}
			for _, want := range []string{"file", "hand_over", "remind", "answer_interpellation", "assess"} {
				if !strings.Contains(" "+strings.Join(acts, " ")+" ", " "+want+" ") {
					t.Errorf("history lacks %s: %v", want, acts)
				}
			}
		})
	}
}

func testPhoto(t *testing.T, seed int) *attach.File {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, 40, 30))
	for y := range 30 {
		for x := range 40 {
			img.Set(x, y, color.RGBA{uint8(seed * 40), uint8(x * 6), uint8(y * 8), 255})
		}
	}
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	f, err := attach.Check(fmt.Sprintf("现场%d.png", seed), bytes.NewReader(b.Bytes()), attach.Image)
	if err != nil {
		t.Fatal(err)
	}
	return f
}

// TestSupervisionFindings: the inspection team's members and staff record
// findings with photos while the inspection is under way; the report is
// drafted from them (grouped by topic, numbered), edited and adopted by the
// report action; the findings and photos are for the staff side and the
// team only; the photos are served under their finding only.
func TestSupervisionFindings(t *testing.T) {
	for _, d := range storetest.Dialects(t) {
		t.Run(d.String(), func(t *testing.T) {
			ctx := context.Background()
			clock := renda.NewTestClock(at(2024, 7, 8))
			db := storetest.Open(t, d, clock)
			fx := storetest.Fixture(t, db)
			it, err := db.CreateSupervisionItem(ctx, fx.Staff, renda.V("year", 2024, "kind", "inspection", "title", "安全生产执法检查", "org_id", fx.Unit2.ID,
				"committee", "社会建设工作委员会"))
			if err != nil {
				t.Fatal(err)
			}
			rep, err := db.CreateSupervisionItem(ctx, fx.Staff, renda.V("year", 2024, "kind", "report", "title", "计划执行情况的报告"))
			if err != nil {
				t.Fatal(err)
			}
			for _, x := range []*supervision.Item{it, rep} {
				for _, a := range []string{"adopt", "investigate"} {
					if _, err := db.ActOnSupervisionItem(ctx, fx.Staff, x.ID, a, nil); err != nil {
						t.Fatalf("%s: %v", a, err)
					}
				}
			}
			if _, err := db.ActOnSupervisionItem(ctx, fx.Staff, rep.ID, "record_finding", renda.V("text", "x")); renda.ErrorCode(err) != renda.ECONFLICT {
				t.Errorf("a finding on a report: %v", err)
			}
			if _, err := db.ActOnSupervisionItem(ctx, fx.Staff, it.ID, "draft_report", nil); renda.ErrorCode(err) != renda.ECONFLICT {
				t.Errorf("a draft without findings: %v", err)
			}
			if _, err := db.ActOnSupervisionItem(ctx, fx.Staff, it.ID, "appoint", renda.V("deputy_ids", []string{fx.Deputy1.ID})); err != nil {
				t.Fatal(err)
			}
			if _, err := db.ActOnSupervisionItem(ctx, fx.DeputyUser2, it.ID, "record_finding", renda.V("text", "x")); renda.ErrorCode(err) != renda.ENOTFOUND {
				t.Errorf("a deputy off the team: %v", err)
			}
			if _, err := db.ActOnSupervisionItem(ctx, fx.DeputyUser, it.ID, "record_finding", renda.V("text", "x", "found_on", renda.NewDate(2024, 7, 9))); renda.ErrorCode(err) != renda.EINVALID {
				t.Errorf("a finding dated tomorrow: %v", err)
			}
			clock.Set(at(2024, 7, 10))
			if _, err := db.ActOnSupervisionItemFiles(ctx, fx.DeputyUser, it.ID, "record_finding", renda.V("topic", "安全隐患", "place", "某石料厂",
				"text", "边坡过陡，存在坍塌隐患", "found_on", renda.NewDate(2024, 7, 9)), []*attach.File{testPhoto(t, 1), testPhoto(t, 2)}); err != nil {
				t.Fatal(err)
			}
			if _, err := db.ActOnSupervisionItem(ctx, fx.Staff, it.ID, "record_finding", renda.V("place", "西岭镇", "text", "应急救援装备不足", "by", "检查组工作人员")); err != nil {
				t.Fatal(err)
			}
			if _, err := db.ActOnSupervisionItemFiles(ctx, fx.DeputyUser, it.ID, "record_finding", renda.V("topic", "安全隐患", "place", "某化工厂", "text", "台账流于形式"),
				[]*attach.File{testPhoto(t, 3)}); err != nil {
				t.Fatal(err)
			}
			fs, err := db.Findings(ctx, fx.Staff, it.ID)
			if err != nil || len(fs) != 3 {
				t.Fatalf("findings %d %v", len(fs), err)
			}
			if fs[0].DeputyID != fx.Deputy1.ID || fs[0].ByName != fx.DeputyUser.Name() || len(fs[0].Photos) != 2 || fs[1].ByName != "检查组工作人员" || fs[1].TopicOrOther() != "其他问题" {
				t.Errorf("findings %+v %+v", fs[0], fs[1])
			}
			if it, err = db.ActOnSupervisionItem(ctx, fx.Staff, it.ID, "draft_report", nil); err != nil {
				t.Fatal(err)
			}
			draft := it.ReportDraft
			for _, want := range []string{"安全生产执法检查的报告（草稿）", "共发现问题 3 个（现场照片 3 张）", "\n一、安全隐患\n（一）边坡过陡，存在坍塌隐患。（某石料厂，2024年7月9日",
				"\n（二）台账流于形式。", "\n二、其他问题\n（一）应急救援装备不足。（西岭镇，2024年7月10日，检查组工作人员发现）", "\n三、意见和建议\n"} {
				if !strings.Contains(draft, want) {
					t.Errorf("draft lacks %q:\n%s", want, draft)
				}
			}
			if it.Report != "" {
				t.Errorf("drafting adopted the report")
			}
			edited := strings.Replace(draft, "（起草人根据以上问题填写）", "（一）压实企业主体责任。", 1)
			if it, err = db.ActOnSupervisionItem(ctx, fx.Staff, it.ID, "edit_draft", renda.V("draft", edited)); err != nil {
				t.Fatal(err)
			}
			if _, err := db.ActOnSupervisionItem(ctx, fx.DeputyUser, it.ID, "edit_draft", renda.V("draft", "x")); renda.ErrorCode(err) != renda.EFORBIDDEN {
				t.Errorf("a team member edits the draft: %v", err)
			}
			if it, err = db.ActOnSupervisionItem(ctx, fx.Staff, it.ID, "report", nil); err != nil {
				t.Fatal(err)
			}
			if it.Status != supervision.Reporting || it.Report != strings.TrimSpace(strings.Replace(edited, "（草稿）", "", 1)) {
				t.Fatalf("report adopted from the draft: %s %q", it.Status, it.Report)
			}
			if _, err := db.ActOnSupervisionItem(ctx, fx.DeputyUser, it.ID, "record_finding", renda.V("text", "x")); renda.ErrorCode(err) != renda.ECONFLICT {
				t.Errorf("a finding after the report: %v", err)
			}
			if _, err := db.ActOnSupervisionItem(ctx, fx.Staff, it.ID, "publish", nil); err != nil {
				t.Fatal(err)
			}
			// Who sees the findings and photos.
			photo := fs[0].Photos[0].ID
			for _, c := range []struct {
				who  *renda.User
				name string
				see  bool
			}{{fx.Staff, "staff", true}, {fx.DeputyUser, "team", true}, {fx.DeputyUser2, "deputy", false}, {fx.UnitUser2, "clerk", false}, {nil, "public", false}} {
				got, err := db.Findings(ctx, c.who, it.ID)
				if err != nil || (len(got) == 3) != c.see || (!c.see && len(got) != 0) {
					t.Errorf("%s sees %d findings, %v", c.name, len(got), err)
				}
				_, data, err := db.AttachmentFor(ctx, c.who, supervision.EntityFinding, fs[0].ID, photo)
				if c.see && (err != nil || len(data) == 0) || !c.see && renda.ErrorCode(err) != renda.ENOTFOUND {
					t.Errorf("%s: photo %v", c.name, err)
				}
			}
			if _, _, err := db.AttachmentFor(ctx, fx.Staff, supervision.EntityFinding, fs[1].ID, photo); renda.ErrorCode(err) != renda.ENOTFOUND {
				t.Errorf("a photo under another finding: %v", err)
			}
			if _, _, err := db.AttachmentFor(ctx, fx.Staff, supervision.Entity, it.ID, photo); renda.ErrorCode(err) != renda.ENOTFOUND {
				t.Errorf("a photo under the item: %v", err)
			}
			h, err := db.History(ctx, supervision.Entity, it.ID)
			if err != nil {
				t.Fatal(err)
			}
			var acts []string
			for _, r := range h {
				acts = append(acts, r.Action)
			}
			for _, want := range []string{"record_finding", "draft_report", "edit_draft", "report"} {
				if !strings.Contains(" "+strings.Join(acts, " ")+" ", " "+want+" ") {
					t.Errorf("history lacks %s: %v", want, acts)
				}
			}
		})
	}
}

// TestSupervisionPaperInvalid: members who vote on paper are counted once
// staff enter and a second person confirms the totals, invalid marks (a
// blank or two marks) among them; the rating waits for the confirmation.
// 29 members: 14 满意 + 13 基本满意 electronically; on paper 1 满意 and 1
// invalid — 15 满意 of all 29 (the rule's base) is 满意; the invalid ballot
// is counted among the ballots, not as 满意.
func TestSupervisionPaperInvalid(t *testing.T) {
	for _, d := range storetest.Dialects(t) {
		t.Run(d.String(), func(t *testing.T) {
			ctx := context.Background()
			clock := renda.NewTestClock(at(2024, 3, 4))
			db := storetest.Open(t, d, clock)
			fx := storetest.Fixture(t, db)
			roll, _ := committee(t, db, fx, 29)
			it, err := db.CreateSupervisionItem(ctx, fx.Staff, renda.V("year", 2024, "kind", "evaluation", "title", "水利局专项工作评议", "org_id", fx.Unit2.ID))
			if err != nil {
				t.Fatal(err)
			}
			for _, a := range []string{"adopt", "self_check", "investigate", "report", "start_rating"} {
				if it, err = db.ActOnSupervisionItem(ctx, fx.Staff, it.ID, a, renda.V("report", map[bool]string{true: "调查报告"}[a == "report"])); err != nil {
					t.Fatalf("%s: %v", a, err)
				}
			}
			votes, err := db.SupervisionVotes(ctx, it.ID)
			if err != nil || len(votes) != 1 {
				t.Fatalf("votes %v %v", votes, err)
			}
			present, paper := map[string]bool{}, map[string]bool{}
			for i, dep := range roll {
				present[dep.ID] = true
				if i >= 27 {
					paper[dep.ID] = true
				}
			}
			if err := db.SetAttendance(ctx, fx.Staff, votes[0], present, paper); err != nil {
				t.Fatal(err)
			}
			if err := db.VoteAction(ctx, fx.Staff, votes[0], "open", ""); err != nil {
				t.Fatal(err)
			}
			for i, dep := range roll[:27] {
				ch := vote.ChoiceBasic
				if i < 14 {
					ch = vote.ChoiceSatisfied
				}
				if _, err := db.CastBallot(ctx, memberUser(dep), votes[0], vote.Ballot{it.ID: ch}); err != nil {
					t.Fatalf("ballot %d: %v", i, err)
				}
			}
			if _, err := db.CastBallot(ctx, memberUser(roll[0]), votes[0], vote.Ballot{it.ID: vote.ChoiceSatisfied}); err == nil {
				t.Errorf("a second ballot")
			}
			if err := db.VoteAction(ctx, fx.Staff, votes[0], "close", ""); err != nil {
				t.Fatal(err)
			}
			if it, _ = db.SupervisionItem(ctx, fx.Staff, it.ID); it.Status != supervision.Rating {
				t.Fatalf("rated before the paper ballots were confirmed: %s %s", it.Status, it.Verdict)
			}
			short := &vote.PaperTotals{Ballots: 2, Counts: map[string]map[string]int{it.ID: {vote.ChoiceSatisfied: 1}}}
			if err := db.EnterPaper(ctx, fx.Staff, votes[0], short); renda.ErrorCode(err) != renda.EINVALID {
				t.Errorf("2 paper ballots, 1 counted: %v", err)
			}
			ok := &vote.PaperTotals{Ballots: 2, Counts: map[string]map[string]int{it.ID: {vote.ChoiceSatisfied: 1, vote.ChoiceInvalid: 1}}}
			if err := db.EnterPaper(ctx, fx.Staff, votes[0], ok); err != nil {
				t.Fatal(err)
			}
			if err := db.ConfirmPaper(ctx, fx.Admin, votes[0]); err != nil {
				t.Fatal(err)
			}
			res, err := db.Result(ctx, votes[0])
			if err != nil {
				t.Fatal(err)
			}
			tl := res.Items[0]
			if res.Ballots != 29 || tl.Invalid != 1 || tl.Counts[vote.ChoiceSatisfied] != 15 || tl.Base != 29 || tl.Needed != 15 || tl.Grade != supervision.Satisfied {
				t.Fatalf("result: ballots %d invalid %d satisfied %d base %d needed %d grade %s", res.Ballots, tl.Invalid, tl.Counts[vote.ChoiceSatisfied], tl.Base, tl.Needed, tl.Grade)
			}
			if it, _ = db.SupervisionItem(ctx, fx.Staff, it.ID); it.Status != supervision.Done || it.Verdict != supervision.Satisfied {
				t.Fatalf("after the paper ballots: %s %s", it.Status, it.Verdict)
			}
		})
	}
}
