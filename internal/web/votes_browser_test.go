package web_test

import (
	"context"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"renda"
	"renda/internal/apptest"
	"renda/internal/browsertest"
	"renda/internal/store"
	"renda/internal/storetest"
	"renda/project"
	"renda/vote"
)

// TestBrowserVote is the vote in a real browser: staff open it; three
// deputies vote on their phones; staff close it; the hall's screen shows
// the result; a deputy finds their receipt in the published list.
func TestBrowserVote(t *testing.T) {
	apptest.Each(t, apptest.Options{}, func(t *testing.T, a *apptest.App) {
		ctx := context.Background()
		f := storetest.Fixture(t, a.DB)
		// A third deputy with an account.
		d3 := &renda.Deputy{Name: "李春华", Gender: "女", Ethnicity: "汉族", CongressID: f.Congress.ID, TermID: f.Term.ID}
		if err := a.DB.SaveDeputy(ctx, f.Admin, d3); err != nil {
			t.Fatal(err)
		}
		if _, err := a.DB.CreateUser(ctx, f.Admin, store.NewUser{Username: "deputy3", DisplayName: d3.Name, Role: renda.RoleDeputy, DeputyID: d3.ID, Password: storetest.Password}); err != nil {
			t.Fatal(err)
		}
		var cands []vote.Candidate
		for _, title := range []string{"基层医疗卫生机构“慢病一站式门诊”项目", "原纪委家属院老旧小区改造", "7座小型水库除险加固", "城区路网提质改造"} {
			p := &project.Project{CongressID: f.Congress.ID, Year: 2024, Title: title, UnitID: f.Unit1.ID, Budget: 500}
			_ = a.DB.SaveProject(ctx, f.Staff, p)
			_ = a.DB.ScreenProject(ctx, f.Staff, p.ID, "screen_in", "")
			cands = append(cands, vote.Candidate{ID: p.ID})
		}
		v := &vote.Vote{CongressID: f.Congress.ID, SessionID: f.Session.ID, Kind: vote.Livelihood, Title: "2024年民生实事项目代表票决", Adopt: 3, Candidates: cands}
		if err := a.DB.SaveVote(ctx, f.Staff, v); err != nil {
			t.Fatal(err)
		}
		if err := a.DB.SetAttendance(ctx, f.Staff, v.ID, map[string]bool{f.Deputy1.ID: true, f.Deputy2.ID: true, d3.ID: true}, nil); err != nil {
			t.Fatal(err)
		}
		voteURL := a.URL + "/votes/" + v.ID

		staff := browsertest.New(t)
		staff.Login(a.URL, "staff", a.Password())
		staff.Open(voteURL)
		staff.Do(chromedp.Click(chromedp.CSS("#confirm-open")))
		staff.Submit("#open-vote")
		if !strings.Contains(staff.Text("h1"), "投票中") {
			t.Fatalf("after opening: %s", staff.Text("h1"))
		}

		phone := browsertest.New(t).Phone()
		// Each deputy marks: yes to the first three, and no / abstain / yes to the fourth.
		fourth := []string{"no", "abstain", "yes"}
		var receipts []string
		for i, user := range []string{"deputy", "deputy2", "deputy3"} {
			phone.Login(a.URL, user, a.Password())
			phone.Open(voteURL)
			phone.Submit("#go-vote")
			for j, c := range cands {
				choice := "yes"
				if j == 3 {
					choice = fourth[i]
				}
				phone.Do(chromedp.Click(chromedp.CSS("label[for='c-" + c.ID + "-" + choice + "']")))
			}
			phone.Submit("#cast")
			r := strings.TrimSpace(phone.Text("#receipt"))
			if len(r) != 14 {
				t.Fatalf("%s: no receipt: %s", user, phone.Text("main"))
			}
			if i == 0 {
				phone.Screenshot("receipt")
			}
			receipts = append(receipts, r)
			phone.Logout()
		}

		staff.Open(voteURL + "/hall")
		if got := staff.Text("#turnout"); !strings.HasPrefix(strings.TrimSpace(got), "3") {
			t.Errorf("hall turnout: %q", got)
		}
		staff.Open(voteURL)
		staff.Do(chromedp.Click(chromedp.CSS("#confirm-close")))
		staff.Submit("#close-vote")
		staff.Open(voteURL + "/hall")
		result := staff.Text("#result")
		if strings.Count(result, "当选")-strings.Count(result, "未当选") != 3 || !strings.Contains(result, "7座小型水库除险加固") {
			t.Errorf("hall result: %s", result)
		}
		staff.Screenshot("hall")

		// A deputy finds their receipt in the published list (on the phone, signed out).
		phone.Open(voteURL + "/ballots")
		phone.Fill(map[string]string{"input[name=receipt]": receipts[1]})
		phone.Submit("form.filters button[type=submit]")
		found := phone.Text("#found")
		if !strings.Contains(found, receipts[1]) || !strings.Contains(found, "弃权") {
			t.Errorf("published list: %s", found)
		}
		if rows := phone.Text("#ballots tbody"); strings.Count(rows, "-") < 6 {
			t.Errorf("published list has too few ballots: %s", rows)
		}
	})
}
