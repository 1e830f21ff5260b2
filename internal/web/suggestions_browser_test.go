package web_test

import (
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"renda"
	"renda/internal/apptest"
	"renda/internal/browsertest"
	"renda/internal/storetest"
)

// TestBrowserSuggestion walks one suggestion through every role in a real
// browser, the deputies on a phone-sized screen: the deputy drafts with a
// co-signer → the co-signer confirms → staff register and assign → the unit
// records its contact and replies → the deputy rates 不满意 → the unit
// re-handles and replies → the deputy rates 满意 → staff close and publish;
// the public page shows the reply, the history shows each step.
func TestBrowserSuggestion(t *testing.T) {
	apptest.Each(t, apptest.Options{Start: time.Date(2024, 1, 10, 9, 0, 0, 0, renda.CST)}, func(t *testing.T, a *apptest.App) {
		f := storetest.Fixture(t, a.DB)
		pw := a.Password()
		phone := browsertest.New(t).Phone()
		desk := browsertest.New(t)
		status := func(b *browsertest.Browser, want string) {
			t.Helper()
			if got := strings.TrimSpace(b.Text("#status")); got != want {
				t.Fatalf("status %q, want %q; page: %.400s", got, want, b.Text("main"))
			}
		}
		// open shows a collapsed action form.
		open := func(b *browsertest.Browser, action string) {
			t.Helper()
			b.Do(chromedp.Click(chromedp.CSS("#act-" + action + " > summary")))
		}

		// 1. The deputy drafts on a phone, inviting deputy 2 to co-sign.
		phone.Login(a.URL, "deputy", pw)
		phone.Open(a.URL + "/suggestions/new")
		phone.Fill(map[string]string{"#f-title": "关于加快城区背街小巷改造的建议", "#f-body": "背街小巷路面破损、排水不畅，建议分批改造。",
			"#f-category": "城乡建设"})
		// The co-signer picker says which deputy is which and narrows as
		// one types.
		if txt := phone.Text("#f-cosigners"); !strings.Contains(txt, f.Deputy2.Name) || !strings.Contains(txt, f.Deputy2.Occupation) {
			t.Errorf("the co-signer picker does not say who %s is: %q", f.Deputy2.Name, txt)
		}
		shown := func(q string) int {
			t.Helper()
			n, err := chromedp.Run(phone.Ctx, chromedp.Evaluate[int](`(() => { const b = document.querySelector('#f-cosigners .picker-filter');
				b.value = `+strconv.Quote(q)+`; b.dispatchEvent(new Event('input'));
				return [...document.querySelectorAll('#f-cosigners .picker-item')].filter(e => e.offsetParent !== null).length })()`))
			if err != nil {
				t.Fatal(err)
			}
			return n
		}
		if n := shown("没有这个人"); n != 0 {
			t.Errorf("a name nobody has leaves %d deputies in the picker", n)
		}
		if n := shown(f.Deputy2.Name); n != 1 {
			t.Errorf("the co-signer's name leaves %d deputies in the picker", n)
		}
		phone.Do(chromedp.Click(chromedp.CSS(`#f-cosigners input[value="` + f.Deputy2.ID + `"]`)))
		phone.Submit("form.form button[type=submit]")
		page := phone.Location()
		if !strings.Contains(page, "/suggestions/") || strings.HasSuffix(page, "/new") {
			t.Fatalf("after saving the draft: %s: %s", page, phone.Text("main"))
		}
		status(phone, "草稿")
		phone.Screenshot("draft")
		phone.Logout()

		// 2. The co-signer confirms on their phone; 3. the deputy submits.
		phone.Login(a.URL, "deputy2", pw)
		phone.Open(page)
		phone.Submit("#act-cosign button")
		phone.Logout()
		phone.Login(a.URL, "deputy", pw)
		phone.Open(page)
		if !strings.Contains(phone.Text(".signers"), "刘秀兰") || strings.Contains(phone.Text(".signers"), "待确认") {
			t.Errorf("co-signer not confirmed: %s", phone.Text(".signers"))
		}
		phone.Submit("#act-submit button")
		status(phone, "已提交")

		// 4. Staff register and assign on a desktop.
		desk.Login(a.URL, "staff", pw)
		desk.Open(page)
		// The page's assistance slot is filled once the page is shown.
		desk.Do(chromedp.WaitVisible(chromedp.CSS("#assist-panels #similar")))
		if n, err := chromedp.Run(desk.Ctx, chromedp.Evaluate[int](`document.querySelectorAll("#assist").length`)); err != nil || n != 0 {
			t.Errorf("the assistance slot is still there after its panels came: %d %v", n, err)
		}
		desk.Fill(map[string]string{"#act-register select[name=category]": "城乡建设"})
		desk.Submit("#act-register button[type=submit]")
		status(desk, "已登记")
		desk.Fill(map[string]string{"#act-assign select[name=lead_unit_id]": f.Unit1.ID})
		desk.Submit("#act-assign button[type=submit]")
		status(desk, "办理中")
		desk.Logout()

		// 5. The unit records its contact with the deputy and replies.
		unitReply := func(method, text, cat string) {
			t.Helper()
			desk.Open(page)
			open(desk, "contact")
			desk.Fill(map[string]string{"#act-contact select[name=method]": method, "#act-contact textarea[name=note]": "商量办理方案"})
			desk.Submit("#act-contact button[type=submit]")
			desk.Fill(map[string]string{"#act-reply select[name=category]": cat, "#act-reply textarea[name=text]": text})
			desk.Submit("#act-reply button[type=submit]")
			status(desk, "已答复")
		}
		desk.Login(a.URL, "unit", pw)
		unitReply("phone", "已列入2024年城区改造计划。", "B")

		// 6. The deputy rates 不满意 on the phone.
		phone.Open(page)
		phone.Fill(map[string]string{"#act-feedback select[name=rating]": "unsatisfied", "#act-feedback textarea[name=comment]": "没有明确完成时间"})
		phone.Screenshot("feedback")
		phone.Submit("#act-feedback button[type=submit]")
		status(phone, "重新办理")

		// 7. The unit re-handles and replies again.
		unitReply("visit", "背街小巷改造已于4月全部完工。", "A")
		desk.Logout()

		// 8. The deputy rates 满意 and agrees to publish.
		phone.Open(page)
		phone.Fill(map[string]string{"#act-feedback select[name=rating]": "satisfied"})
		phone.Do(chromedp.Click(chromedp.CSS("#act-feedback input[name=consent]")))
		phone.Submit("#act-feedback button[type=submit]")
		status(phone, "已答复")

		// 9. Staff close and publish.
		desk.Login(a.URL, "staff", pw)
		desk.Open(page)
		desk.Submit("#act-close button[type=submit]")
		status(desk, "已办结")
		desk.Submit("#act-publish button[type=submit]")
		history := desk.Text(".timeline")
		for _, step := range []string{"新建", "确认联名", "提交", "登记编号", "交办", "与代表沟通", "答复", "代表反馈", "办结", "公开答复"} {
			if !strings.Contains(history, step) {
				t.Errorf("history lacks %s:\n%s", step, history)
			}
		}
		if strings.Count(history, "代表反馈") != 2 || strings.Count(history, "与代表沟通") != 2 {
			t.Errorf("history should show two rounds:\n%s", history)
		}
		desk.Logout()

		// 10. The public page shows the reply.
		id := page[strings.LastIndex(page, "/")+1:]
		desk.Open(a.URL + "/replies")
		if !strings.Contains(desk.Text("main"), "关于加快城区背街小巷改造的建议") {
			t.Errorf("public list: %s", desk.Text("main"))
		}
		desk.Open(a.URL + "/replies/" + id)
		if got := desk.Text("#reply"); !strings.Contains(got, "背街小巷改造已于4月全部完工") {
			t.Errorf("public reply: %s", got)
		}
		phone.Open(page)
		phone.Screenshot("closed")
	})
}
