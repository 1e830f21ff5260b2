package web_test

import (
	"context"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"renda"
	"renda/internal/apptest"
	"renda/internal/browsertest"
	"renda/internal/demo"
	"renda/opinion"
)

// TestBrowserCitizenToDeputyAndBack is 码上找代表 on a phone-sized screen: a
// citizen opens a station page, leaves an opinion, gets a code; the deputy
// answers it; the citizen sees the answer and rates it.
func TestBrowserCitizenToDeputyAndBack(t *testing.T) {
	apptest.Each(t, apptest.Options{Demo: true}, func(t *testing.T, a *apptest.App) {
		b := browsertest.New(t).Phone()
		// The citizen scans the 塔山 station's code.
		b.Open(a.URL + "/s/" + demo.TashanStation)
		if got := b.Text("#station-name"); got != "塔山瑶族乡人大代表联络站" {
			t.Fatalf("station page: %q", got)
		}
		b.Submit("#leave-opinion")
		b.Fill(map[string]string{
			"#f-content": "塔山村到乡政府的通组公路有三处坑洼，雨天电动车经常打滑。",
			"#f-address": "塔山村四组路口",
			"#f-phone":   "13899991234",
		})
		b.Do(chromedp.SetValue(chromedp.CSS("#f-deputy"), "dtashan01"), chromedp.SetValue(chromedp.CSS("#f-category"), "道路交通"))
		// Without agreeing to the notice the form comes back, with a Chinese message.
		b.Submit("#submit-opinion")
		if msg := b.Text(".consent .field-error"); !strings.Contains(msg, "请阅读并同意") {
			t.Fatalf("no consent: %q", msg)
		}
		if got, err := chromedp.Run(b.Ctx, chromedp.Value(chromedp.CSS("#f-content"))); err != nil || !strings.Contains(got, "三处坑洼") {
			t.Errorf("the text was lost: %q", got)
		}
		b.Do(chromedp.Click(chromedp.CSS("#f-consent")))
		b.Submit("#submit-opinion")
		code := strings.TrimSpace(b.Text("#tracking-code"))
		if len(code) != 8 {
			t.Fatalf("no tracking code: %q (%s)", code, b.Location())
		}
		b.Screenshot("code")

		// The deputy finds it in the inbox and answers.
		b.Login(a.URL, "deputy", a.Password())
		list, _, err := a.DB.Opinions(context.Background(), a.World.Deputy1, opinion.Filter{Q: code})
		if err != nil || len(list) != 1 {
			t.Fatalf("inbox: %v %v", list, err)
		}
		b.Open(a.URL + "/opinions?state=submitted")
		if !strings.Contains(b.Text("main"), "三处坑洼") {
			t.Errorf("the inbox does not list it")
		}
		b.Open(a.URL + "/opinions/" + list[0].ID)
		if got := b.Text("#citizen"); !strings.Contains(got, "13899991234") {
			t.Errorf("the handling deputy sees %q", got)
		}
		b.Do(chromedp.Click(chromedp.CSS("#act-answer summary")))
		b.Fill(map[string]string{"#act-answer textarea[name=text]": "已请乡政府组织修补，本周内完成，届时请您查看。"})
		b.Submit("#act-answer button[type=submit]")
		if got := b.Text("#state"); got != "已答复" {
			t.Fatalf("after answering: %q", got)
		}
		b.Logout()

		// The citizen follows it with the code and the phone's last digits, and rates.
		b.Open(a.URL + "/t/" + code)
		b.Fill(map[string]string{"#f-tail": "0000"})
		b.Submit("form.form button[type=submit]")
		if !strings.Contains(b.Text("main"), "查询码或手机尾号不正确") {
			t.Errorf("a wrong tail is not refused")
		}
		b.Fill(map[string]string{"#f-tail": "1234"})
		b.Submit("form.form button[type=submit]")
		if got := b.Text("#answer"); !strings.Contains(got, "本周内完成") {
			t.Fatalf("the citizen does not see the answer: %q", got)
		}
		if got := b.Text("#public-state"); got != "代表已答复，请您评价" {
			t.Errorf("state shown: %q", got)
		}
		b.Do(chromedp.Click(chromedp.CSS("#rate-form input[value=satisfied]")))
		b.Fill(map[string]string{"#f-note": "修得很快，谢谢代表。"})
		b.Submit("#rate-form button[type=submit]")
		if got := b.Text("#rated"); !strings.Contains(got, "感谢您的评价") {
			t.Fatalf("after rating: %q", got)
		}
		b.Screenshot("rated")
		o, err := a.DB.Opinion(context.Background(), a.World.Staff, list[0].ID)
		if err != nil || o.State != opinion.Closed || o.Rating != renda.RatingSatisfied || o.RatingNote != "修得很快，谢谢代表。" {
			t.Errorf("stored: %+v %v", o, err)
		}
	})
}
