package store_test

import (
	"context"
	"regexp"
	"strings"
	"testing"

	"renda"
	"renda/dutyreport"
	"renda/internal/store"
	"renda/internal/storetest"
	"renda/record"
	"renda/station"
	"renda/vote"
)

// lastCode reads the one-time code of the newest SMS to phone (the SMS
// gateway's side of the test).
func lastCode(t *testing.T, db *store.DB) string {
	t.Helper()
	ms, _, err := db.Outbox(context.Background(), store.OutboxFilter{Channel: "sms", Limit: 100})
	if err != nil {
		t.Fatal(err)
	}
	re := regexp.MustCompile(`验证码是 (\d{6})`)
	for _, m := range ms { // newest first
		if g := re.FindStringSubmatch(m.Body); g != nil {
			return g[1]
		}
	}
	t.Fatal("no code sent")
	return ""
}

// TestDutyReportToVoters walks a report to voters on both databases: drafted
// from the duty record, submitted, presented and rated by voters with
// one-time SMS codes through the ballot engine (a code rates once, a phone
// once), closed, published; the public sees only the published report; a
// deputy cannot act on another deputy's report; the 述职 is in the record.
func TestDutyReportToVoters(t *testing.T) {
	for _, d := range storetest.Dialects(t) {
		t.Run(d.String(), func(t *testing.T) {
			ctx := context.Background()
			db := storetest.Open(t, d, renda.NewTestClock(at(2026, 6, 2)))
			fx := storetest.Fixture(t, db)
			st := &station.Station{Code: "bf01", Name: "柏坊镇人大代表联络站", Kind: station.Township, RegionID: fx.Town1.ID, Address: "柏坊镇政府", Hours: "每月15日", Active: true}
			if err := db.SaveStation(ctx, fx.Admin, st); err != nil {
				t.Fatal(err)
			}
			if _, err := db.AddDutyEntry(ctx, fx.Staff, fx.Deputy1.ID, record.Addition{Kind: "training", Title: "省人大代表履职培训", Date: renda.NewDate(2026, 5, 10), Evidence: "湘人常培〔2026〕3号"}); err != nil {
				t.Fatal(err)
			}
			if _, err := db.CreateDutyReport(ctx, fx.DeputyUser2, fx.Deputy1.ID, 2026); renda.ErrorCode(err) != renda.EFORBIDDEN {
				t.Fatalf("another deputy drafts the report: %v", err)
			}
			r, err := db.CreateDutyReport(ctx, fx.DeputyUser, fx.Deputy1.ID, 2026)
			if err != nil {
				t.Fatal(err)
			}
			if r.State != dutyreport.Draft || !strings.Contains(r.Body, "参加学习培训") || !strings.Contains(r.Body, "省人大代表履职培训") {
				t.Fatalf("draft not from the record: %s %q", r.State, r.Body)
			}
			// Only the deputy and staff see a draft.
			if _, err := db.DutyReport(ctx, nil, r.ID); renda.ErrorCode(err) != renda.ENOTFOUND {
				t.Errorf("the public sees a draft: %v", err)
			}
			if _, err := db.DutyReport(ctx, fx.DeputyUser2, r.ID); renda.ErrorCode(err) != renda.ENOTFOUND {
				t.Errorf("another deputy sees a draft: %v", err)
			}
			if _, err := db.ActOnDutyReport(ctx, fx.DeputyUser2, r.ID, "submit", renda.V()); err == nil {
				t.Fatal("another deputy submits the report")
			}
			if _, err := db.ActOnDutyReport(ctx, fx.DeputyUser, r.ID, "edit", renda.V("title", r.Title, "body", r.Body+"\n补充。")); err != nil {
				t.Fatal(err)
			}
			if _, err := db.ActOnDutyReport(ctx, fx.DeputyUser, r.ID, "submit", renda.V()); err != nil {
				t.Fatal(err)
			}
			if _, err := db.ActOnDutyReport(ctx, fx.Staff, r.ID, "open_rating", renda.V("station", st.ID, "day", renda.NewDate(2026, 6, 2), "audience", 10)); renda.ErrorCode(err) != renda.EINVALID {
				t.Errorf("too few voters' representatives: %v", err)
			}
			r, err = db.ActOnDutyReport(ctx, fx.Staff, r.ID, "open_rating", renda.V("station", st.ID, "day", renda.NewDate(2026, 6, 2), "audience", 60))
			if err != nil {
				t.Fatal(err)
			}
			if r.State != dutyreport.Rating || r.VoteID == "" || r.StationName != st.Name {
				t.Fatalf("rating not opened: %+v", r)
			}
			// Three voters rate; a code rates once; a phone once.
			rate := func(phone, choice string) error {
				if err := db.RequestVoterCode(ctx, r.VoteID, phone); err != nil {
					return err
				}
				code := lastCode(t, db)
				_, err := db.CastVoterBallot(ctx, r.VoteID, phone, code, vote.Ballot{r.ID: choice})
				if err != nil {
					return err
				}
				if _, err := db.CastVoterBallot(ctx, r.VoteID, phone, code, vote.Ballot{r.ID: choice}); renda.ErrorCode(err) != renda.ECONFLICT {
					t.Errorf("a code rated twice: %v", err)
				}
				return nil
			}
			for i, c := range []string{vote.ChoiceSatisfied, vote.ChoiceSatisfied, vote.ChoiceBasic} {
				if err := rate("1390000000"+string(rune('1'+i)), c); err != nil {
					t.Fatal(err)
				}
			}
			if err := db.RequestVoterCode(ctx, r.VoteID, "13900000001"); renda.ErrorCode(err) != renda.ECONFLICT {
				t.Errorf("a phone that rated gets another code: %v", err)
			}
			if err := db.RequestVoterCode(ctx, r.VoteID, "13900000009"); err != nil {
				t.Fatal(err)
			}
			if _, err := db.CastVoterBallot(ctx, r.VoteID, "13900000009", "000000x", vote.Ballot{r.ID: vote.ChoiceDissatisfied}); renda.ErrorCode(err) != renda.EINVALID {
				t.Errorf("a wrong code rates: %v", err)
			}
			if _, err := db.ActOnDutyReport(ctx, fx.DeputyUser, r.ID, "close_rating", renda.V()); err == nil {
				t.Error("the deputy closes their own rating")
			}
			r, err = db.ActOnDutyReport(ctx, fx.Staff, r.ID, "close_rating", renda.V())
			if err != nil {
				t.Fatal(err)
			}
			if r.State != dutyreport.Rated || r.Ballots != 3 || r.Satisfied != 2 || r.Basic != 1 || r.Grade != "满意" {
				t.Fatalf("result: %+v", r)
			}
			if _, err := db.CastVoterBallot(ctx, r.VoteID, "13900000009", lastCode(t, db), vote.Ballot{r.ID: vote.ChoiceDissatisfied}); renda.ErrorCode(err) != renda.ECONFLICT {
				t.Errorf("a rating after the close: %v", err)
			}
			if list, _, _ := db.DutyReports(ctx, nil, dutyreport.Filter{}); len(list) != 0 {
				t.Errorf("the public sees an unpublished report: %d", len(list))
			}
			if _, err := db.ActOnDutyReport(ctx, fx.Staff, r.ID, "publish", renda.V()); err != nil {
				t.Fatal(err)
			}
			list, _, err := db.DutyReports(ctx, nil, dutyreport.Filter{DeputyID: fx.Deputy1.ID})
			if err != nil || len(list) != 1 || list[0].Satisfied != 2 {
				t.Fatalf("the public does not see the published report: %v %d", err, len(list))
			}
			rec, err := db.DutyRecord(ctx, fx.DeputyUser, fx.Deputy1.ID, 2026)
			if err != nil {
				t.Fatal(err)
			}
			n := 0
			for _, e := range rec.Entries {
				if e.Kind == "report" && e.Source.Entity == "duty_report" && e.Source.ID == r.ID {
					n++
				}
			}
			if n != 1 {
				t.Errorf("the 述职 is in the record %d times", n)
			}
			// Once a term (dutyreport.per_term): a second report may be drafted, not submitted.
			second, err := db.CreateDutyReport(ctx, fx.DeputyUser, fx.Deputy1.ID, 2026)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := db.ActOnDutyReport(ctx, fx.DeputyUser, second.ID, "submit", renda.V()); renda.ErrorCode(err) != renda.ECONFLICT {
				t.Errorf("a second report in the term: %v", err)
			}
		})
	}
}

// TestMembersRateHigherLevelReport: a deputy of a higher-level congress
// reports to the county committee that elected them; committee members
// rate it signed in, once each; nobody rates it with a phone code.
func TestMembersRateHigherLevelReport(t *testing.T) {
	for _, d := range storetest.Dialects(t) {
		t.Run(d.String(), func(t *testing.T) {
			ctx := context.Background()
			db := storetest.Open(t, d, renda.NewTestClock(at(2026, 6, 2)))
			fx := storetest.Fixture(t, db)
			city := &renda.Congress{Name: "衡阳市人民代表大会", Level: renda.LevelCity, RegionID: fx.County.ID}
			if err := db.SaveCongress(ctx, fx.Admin, city); err != nil {
				t.Fatal(err)
			}
			term := &renda.Term{CongressID: city.ID, Number: 16, StartDate: renda.NewDate(2022, 1, 1), EndDate: renda.NewDate(2026, 12, 31)}
			if err := db.SaveTerm(ctx, fx.Admin, term); err != nil {
				t.Fatal(err)
			}
			dep := &renda.Deputy{Name: "赵志强", Gender: "男", Ethnicity: "汉族", BirthYear: 1970, Occupation: "企业负责人", Sector: "企业",
				CongressID: city.ID, TermID: term.ID, RegionID: fx.Town1.ID, Phone: "13612345678"}
			if err := db.SaveDeputy(ctx, fx.Admin, dep); err != nil {
				t.Fatal(err)
			}
			st := &station.Station{Code: "bf02", Name: "柏坊镇人大代表联络站", Kind: station.Township, RegionID: fx.Town1.ID, Address: "柏坊镇", Hours: "每月15日", Active: true}
			if err := db.SaveStation(ctx, fx.Admin, st); err != nil {
				t.Fatal(err)
			}
			r, err := db.CreateDutyReport(ctx, fx.Staff, dep.ID, 2026)
			if err != nil {
				t.Fatal(err)
			}
			if !r.ByMembers() {
				t.Fatalf("a city deputy's report is not for members: %s", r.Level)
			}
			if _, err := db.ActOnDutyReport(ctx, fx.Staff, r.ID, "submit", renda.V()); err == nil {
				t.Fatal("staff submit for the deputy")
			}
			// The deputy has no account in the fixture: one in memory, as the deputy.
			author := &renda.User{ID: fx.Admin.ID, Username: "zzq", DisplayName: dep.Name, Role: renda.RoleDeputy, DeputyID: dep.ID}
			if _, err := db.ActOnDutyReport(ctx, author, r.ID, "submit", renda.V()); err != nil {
				t.Fatal(err)
			}
			r, err = db.ActOnDutyReport(ctx, fx.Staff, r.ID, "open_rating", renda.V("station", st.ID, "day", renda.NewDate(2026, 6, 2), "audience", 60))
			if err != nil {
				t.Fatal(err)
			}
			if err := db.RequestVoterCode(ctx, r.VoteID, "13900000001"); renda.ErrorCode(err) != renda.EFORBIDDEN {
				t.Errorf("a phone code on a members' rating: %v", err)
			}
			if _, err := db.CastMemberBallot(ctx, fx.Staff, r.VoteID, vote.Ballot{r.ID: vote.ChoiceSatisfied}); renda.ErrorCode(err) != renda.EFORBIDDEN {
				t.Errorf("staff rate: %v", err)
			}
			if _, err := db.CastMemberBallot(ctx, fx.Leader, r.VoteID, vote.Ballot{r.ID: vote.ChoiceBasic}); err != nil {
				t.Fatal(err)
			}
			if _, err := db.CastMemberBallot(ctx, fx.Leader, r.VoteID, vote.Ballot{r.ID: vote.ChoiceBasic}); renda.ErrorCode(err) != renda.ECONFLICT {
				t.Errorf("a member rates twice: %v", err)
			}
			r, err = db.ActOnDutyReport(ctx, fx.Staff, r.ID, "close_rating", renda.V())
			if err != nil {
				t.Fatal(err)
			}
			if r.Ballots != 1 || r.Basic != 1 || r.State != dutyreport.Rated {
				t.Errorf("result: %+v", r)
			}
		})
	}
}
