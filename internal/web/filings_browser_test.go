package web_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"renda"
	"renda/consultation"
	"renda/filing"
	"renda/internal/apptest"
	"renda/internal/browsertest"
)

// act opens an action's form on an item page (the partial's <details>).
func act(t *testing.T, b *browsertest.Browser, action string) {
	t.Helper()
	if _, err := chromedp.Run(b.Ctx, chromedp.Evaluate[bool](`(document.querySelector('#act-`+action+`').open = true)`)); err != nil {
		t.Fatalf("no action %s: %v (%s)", action, err, b.Location())
	}
}

// TestBrowserFilingReview is the main journey of filing review: a filer's
// clerk files a document; staff register it, review it with the checklist
// and the clause hints, and send an opinion; the body corrects it; a
// citizen's review request is tracked to its result; the year's report's
// figures match the lists.
func TestBrowserFilingReview(t *testing.T) {
	apptest.Each(t, apptest.Options{Demo: true, Start: time.Date(2026, 11, 24, 10, 0, 0, 0, renda.CST)}, func(t *testing.T, a *apptest.App) {
		ctx := context.Background()
		b := browsertest.New(t)
		b.Login(a.URL, "filer", a.Password())
		b.Open(a.URL + "/filings/new")
		b.Fill(map[string]string{
			"#f-title":        "常宁市人民政府办公室关于印发《常宁市城区犬只管理办法》的通知",
			"#f-number":       "常政办发〔2026〕21号",
			"#f-published_on": "2026-11-10",
			"#f-text":         "第一条 为了规范养犬行为，制定本办法。\n第二条 未经登记不得养犬。\n第三条 违反本办法的，处以一千元罚款。",
			"#f-explanation":  "经征求意见和合法性审核。",
			"#f-basis":        "《中华人民共和国动物防疫法》",
		})
		b.Submit("form.form button[type=submit]")
		if got := b.Text("#state"); got != "待登记" {
			t.Fatalf("after filing: %q (%s)", got, b.Location())
		}
		id := b.Location()[strings.LastIndex(b.Location(), "/")+1:]
		b.Logout()

		b.Login(a.URL, "staff", a.Password())
		b.Open(a.URL + "/filings?status=filed")
		if !strings.Contains(b.Text("#filings"), "城区犬只管理办法") {
			t.Error("staff's list does not show the new filing")
		}
		b.Open(a.URL + "/filings/" + id)
		act(t, b, "register")
		b.Submit("#act-register button[type=submit]")
		act(t, b, "assign")
		b.Submit("#act-assign button[type=submit]")
		if got := b.Text("#state"); got != "审查中" {
			t.Fatalf("after assigning: %q", got)
		}
		if got := b.Text("#hints"); !strings.Contains(got, "2") {
			t.Errorf("clause hints: %q", got)
		}
		hinted, err := chromedp.Run(b.Ctx, chromedp.Evaluate[string](`[...document.querySelectorAll('.provision.hinted .hint')].map(e => e.textContent).join(',')`))
		if err != nil || hinted != "限制权利,处罚" {
			t.Errorf("hinted clauses: %q (%v)", hinted, err)
		}
		act(t, b, "check")
		b.Do(chromedp.SetValue(chromedp.CSS("#f-check-authority"), "ok"), chromedp.SetValue(chromedp.CSS("#f-check-conflict"), "issue"),
			chromedp.SetValue(chromedp.CSS("#f-check-appropriateness"), "ok"), chromedp.SetValue(chromedp.CSS("#f-check-procedure"), "ok"),
			chromedp.SetValue(chromedp.CSS("#f-check-political"), "ok"))
		b.Submit("#act-check button[type=submit]")
		if got := b.Text("#checklist"); !strings.Contains(got, "有问题") {
			t.Errorf("checklist: %q", got)
		}
		act(t, b, "find_issue")
		b.Fill(map[string]string{"#f-find_issue-text": "第三条罚款数额超出上位法规定。"})
		b.Submit("#act-find_issue button[type=submit]")
		act(t, b, "send_opinion")
		b.Submit("#act-send_opinion button[type=submit]")
		if got := b.Text("#state"); got != "已发审查意见" {
			t.Fatalf("after sending the opinion: %q", got)
		}
		b.Logout()

		b.Login(a.URL, "filer", a.Password())
		b.Open(a.URL + "/filings/" + id)
		if !strings.Contains(b.Text("#opinion"), "第三条罚款数额") {
			t.Error("the body does not see the opinion")
		}
		act(t, b, "correct")
		b.Do(chromedp.SetValue(chromedp.CSS("#f-correct-how"), "amended"))
		b.Fill(map[string]string{"#f-correct-text": "已修改第三条，依照上位法规定罚款。"})
		b.Submit("#act-correct button[type=submit]")
		if got := b.Text("#state"); got != "已纠正" {
			t.Fatalf("after correcting: %q", got)
		}
		if !strings.Contains(b.Text("main"), "自行纠正") && !strings.Contains(b.Text("main"), "已自行纠正") {
			t.Error("the history does not show the correction")
		}
		b.Logout()

		// A citizen asks for a review on a phone and follows it.
		p := browsertest.New(t).Phone()
		p.Open(a.URL + "/review")
		p.Fill(map[string]string{"#f-document": "常政办发〔2026〕21号", "#f-reason": "养犬罚款一千元过高。", "#f-phone": "13712340099"})
		p.Submit("form.form button[type=submit]")
		code := strings.TrimSpace(p.Text("#tracking-code"))
		if len(code) != 8 {
			t.Fatalf("no tracking code: %q", code)
		}
		reqs, err := a.DB.ReviewRequests(ctx, a.World.Staff, filing.ReqReceived, 0)
		if err != nil || len(reqs) == 0 {
			t.Fatalf("requests: %v", err)
		}
		var rid string
		for _, r := range reqs {
			if strings.Contains(r.Reason, "养犬") {
				rid = r.ID
			}
		}
		b.Login(a.URL, "staff", a.Password())
		b.Open(a.URL + "/review-requests/" + rid)
		act(t, b, "accept")
		b.Do(chromedp.SetValue(chromedp.CSS("#f-accept-filing_id"), id))
		b.Submit("#act-accept button[type=submit]")
		act(t, b, "notify")
		b.Fill(map[string]string{"#f-notify-text": "经审查，该办法第三条已由制定机关修改。"})
		b.Submit("#act-notify button[type=submit]")
		if got := b.Text("#state"); got != "已告知结果" {
			t.Fatalf("request after notifying: %q", got)
		}
		p.Open(a.URL + "/review/track")
		p.Fill(map[string]string{"#f-code": code, "#f-tail": "0099"})
		p.Submit("form.form button[type=submit]")
		if got := p.Text("#result"); !strings.Contains(got, "已由制定机关修改") {
			t.Fatalf("the citizen sees %q", got)
		}

		// The year's report: each figure is its list's count.
		b.Open(a.URL + "/filings/report?year=2026")
		rep, err := a.DB.FilingReport(ctx, a.World.Staff, 2026)
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range []struct {
			href string
			want int
		}{{"/filings?year=2026", rep.Filed}, {"/filings?year=2026&flag=late", rep.Late}, {"/filings?year=2026&status=corrected", rep.Corrected}} {
			shown, err := chromedp.Run(b.Ctx, chromedp.Evaluate[string](`document.querySelector('#figures a[href="`+c.href+`"] .value').textContent`))
			if err != nil {
				t.Fatal(err)
			}
			b.Open(a.URL + c.href)
			if total := b.Text("#total"); !strings.Contains(total, " "+shown+" ") || shown != itoa(c.want) {
				t.Errorf("%s: report says %s, list says %q, want %d", c.href, shown, total, c.want)
			}
			b.Open(a.URL + "/filings/report?year=2026")
		}
		if !strings.Contains(b.Text("#draft"), "有件必备") {
			t.Error("no draft report")
		}
	})
}

func itoa(n int) string {
	s := ""
	if n == 0 {
		return "0"
	}
	for n > 0 {
		s = string(rune('0'+n%10)) + s
		n /= 10
	}
	return s
}

// TestBrowserCitizenCommentsOnDraft: a citizen on a phone opens the draft
// open for comment and leaves a comment on one article.
func TestBrowserCitizenCommentsOnDraft(t *testing.T) {
	apptest.Each(t, apptest.Options{Demo: true, Start: time.Date(2026, 11, 24, 10, 0, 0, 0, renda.CST)}, func(t *testing.T, a *apptest.App) {
		ctx := context.Background()
		p := browsertest.New(t).Phone()
		p.Open(a.URL + "/c")
		cs, _, err := a.DB.Consultations(ctx, nil, consultation.Filter{State: consultation.Open})
		if err != nil || len(cs) != 1 {
			t.Fatalf("open consultations: %v", err)
		}
		before := cs[0].Comments
		p.Submit(`#consultations a[href="/c/` + cs[0].ID + `"]`)
		p.Do(chromedp.SetValue(chromedp.CSS("#f-article"), "第四条"))
		p.Fill(map[string]string{"#f-text": "建议在第四条写入油茶产业。", "#f-name": "刘大爷"})
		p.Submit("#comment button[type=submit]")
		if got := p.Text("#sent"); !strings.Contains(got, "提交成功") {
			t.Fatalf("after commenting: %q (%s)", got, p.Location())
		}
		wide, err := chromedp.Run(p.Ctx, chromedp.Evaluate[bool](`document.documentElement.scrollWidth > window.innerWidth + 2`))
		if err != nil || wide {
			t.Errorf("the draft page is wider than the phone (%v)", err)
		}
		p.Screenshot("commented")
		c, err := a.DB.Consultation(ctx, nil, cs[0].ID)
		if err != nil || c.Comments != before+1 {
			t.Errorf("comments %d, want %d (%v)", c.Comments, before+1, err)
		}
		got, err := a.DB.Comments(ctx, a.World.Staff, c.ID)
		if err != nil || got[len(got)-1].Article != "第四条" || got[len(got)-1].Author != consultation.ByCitizen {
			t.Errorf("stored comment: %+v %v", got[len(got)-1], err)
		}
	})
}
