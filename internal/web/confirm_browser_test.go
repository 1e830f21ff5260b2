package web_test

import (
	"context"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"renda/internal/apptest"
	"renda/internal/browsertest"
	"renda/internal/demo"
	"renda/internal/storetest"
	"renda/opinion"
	"renda/project"
	"renda/vote"
)

// TestBrowserIrreversibleActionsAskFirst: on a phone, closing a vote with
// low turnout warns and is not taken until confirmed; an opinion's
// 转为代表建议 likewise (issue 9, point 19).
func TestBrowserIrreversibleActionsAskFirst(t *testing.T) {
	apptest.Each(t, apptest.Options{}, func(t *testing.T, a *apptest.App) {
		ctx := context.Background()
		f := storetest.Fixture(t, a.DB)
		var cands []vote.Candidate
		for _, title := range []string{"城区路网提质改造", "7座小型水库除险加固", "乡镇卫生院改造"} {
			p := &project.Project{CongressID: f.Congress.ID, Year: 2024, Title: title, UnitID: f.Unit1.ID, Budget: 500}
			_ = a.DB.SaveProject(ctx, f.Staff, p)
			_ = a.DB.ScreenProject(ctx, f.Staff, p.ID, "screen_in", "")
			cands = append(cands, vote.Candidate{ID: p.ID})
		}
		v := &vote.Vote{CongressID: f.Congress.ID, SessionID: f.Session.ID, Kind: vote.Livelihood, Title: "民生实事项目代表票决", Adopt: 2, Candidates: cands}
		if err := a.DB.SaveVote(ctx, f.Staff, v); err != nil {
			t.Fatal(err)
		}
		if err := a.DB.SetAttendance(ctx, f.Staff, v.ID, map[string]bool{f.Deputy1.ID: true, f.Deputy2.ID: true}, nil); err != nil {
			t.Fatal(err)
		}
		b := browsertest.New(t).Phone()
		b.Login(a.URL, "staff", a.Password())
		b.Open(a.URL + "/votes/" + v.ID)
		b.Do(chromedp.Click(chromedp.CSS("#open-vote"))) // not confirmed: nothing happens
		if got, _ := a.DB.Vote(ctx, v.ID); got.Status != vote.Draft {
			t.Fatalf("opened without confirming: %s", got.Status)
		}
		b.Do(chromedp.Click(chromedp.CSS("#confirm-open")))
		b.Submit("#open-vote")
		if got, _ := a.DB.Vote(ctx, v.ID); got.Status != vote.Open {
			t.Fatalf("after confirming: %s", got.Status)
		}
		b.Open(a.URL + "/votes/" + v.ID)
		if got := b.Text("#low-turnout"); !strings.Contains(got, "0 / ") {
			t.Errorf("no warning of low turnout: %q", got)
		}
		b.Do(chromedp.Click(chromedp.CSS("#close-vote")))
		if got, _ := a.DB.Vote(ctx, v.ID); got.Status != vote.Open {
			t.Fatalf("closed without confirming: %s", got.Status)
		}
		b.Screenshot("close-warning")
		b.Do(chromedp.Click(chromedp.CSS("#confirm-close")))
		b.Submit("#close-vote")
		if got, _ := a.DB.Vote(ctx, v.ID); got.Status != vote.Closed {
			t.Errorf("after confirming: %s", got.Status)
		}
	})
	apptest.Each(t, apptest.Options{Demo: true}, func(t *testing.T, a *apptest.App) {
		ctx := context.Background()
		o, err := a.DB.SubmitOpinion(ctx, nil, opinion.Submission{Channel: opinion.ChannelQR, StationCode: demo.TashanStation, DeputyCode: "dtashan01",
			Content: "塔山茶园机耕道年久失修。", Consent: true, IP: "10.9.9.7"}, nil)
		if err != nil {
			t.Fatal(err)
		}
		b := browsertest.New(t).Phone()
		b.Login(a.URL, "deputy", a.Password())
		b.Open(a.URL + "/opinions/" + o.ID)
		b.Do(chromedp.Click(chromedp.CSS("#act-escalate summary")))
		b.Fill(map[string]string{"#act-escalate input[name=title]": "关于修缮塔山茶园机耕道的建议"})
		b.Submit("#act-escalate button[type=submit]")
		if got := b.Text("#act-escalate"); !strings.Contains(got, "请勾选确认") {
			t.Errorf("no request to confirm: %q", got)
		}
		if got, _ := a.DB.Opinion(ctx, a.World.Staff, o.ID); got.State != opinion.Submitted {
			t.Fatalf("escalated without confirming: %s", got.State)
		}
		b.Do(chromedp.Click(chromedp.CSS("#act-escalate input[name=confirm]")))
		b.Submit("#act-escalate button[type=submit]")
		if got, _ := a.DB.Opinion(ctx, a.World.Staff, o.ID); got.State != opinion.Escalated {
			t.Errorf("after confirming: %s", got.State)
		}
	})
}
