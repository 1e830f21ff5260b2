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

// TestBrowserUnsatisfiedReopens is 不满意 on a phone: the first sends the
// answer back to the deputy, the second to the staff's supervision, where
// staff answer it (issue 9, point 16).
func TestBrowserUnsatisfiedReopens(t *testing.T) {
	apptest.Each(t, apptest.Options{Demo: true}, func(t *testing.T, a *apptest.App) {
		ctx := context.Background()
		o, err := a.DB.SubmitOpinion(ctx, nil, opinion.Submission{Channel: opinion.ChannelQR, StationCode: demo.TashanStation, DeputyCode: "dtashan01",
			Content: "塔山村的自来水浑浊已经一周。", Phone: "13899995678", Consent: true, IP: "10.9.9.9"}, nil)
		if err != nil {
			t.Fatal(err)
		}
		handler := a.World.Deputy1
		if o.HandlerID != handler.DeputyID {
			t.Fatalf("handler %s, want the demo deputy", o.HandlerID)
		}
		b := browsertest.New(t).Phone()
		rate := func(wantState, wantNote string) {
			t.Helper()
			b.Open(a.URL + "/t/" + o.TrackingCode)
			b.Fill(map[string]string{"#f-tail": "5678"})
			b.Submit("form.form button[type=submit]")
			b.Do(chromedp.Click(chromedp.CSS("#rate-form input[value=unsatisfied]")))
			b.Fill(map[string]string{"#f-note": "水还是浑的。"})
			b.Submit("#rate-form button[type=submit]")
			if got := b.Text("#public-state"); got != wantState {
				t.Errorf("after 不满意 the citizen sees %q, want %q", got, wantState)
			}
			if got := b.Text("#reopened"); !strings.Contains(got, wantNote) {
				t.Errorf("after 不满意: %q, want %q", got, wantNote)
			}
		}
		if _, err := a.DB.ActOnOpinion(ctx, handler, o.ID, "answer", renda.V("text", "已请水厂检修。")); err != nil {
			t.Fatal(err)
		}
		rate("代表已受理", "退回代表继续办理")
		if _, err := a.DB.ActOnOpinion(ctx, handler, o.ID, "answer", renda.V("text", "水厂已更换滤芯。")); err != nil {
			t.Fatal(err)
		}
		rate("人大常委会工作机构正在督办", "督办")
		// Staff see it under supervision and answer.
		b.Login(a.URL, "staff", a.Password())
		b.Open(a.URL + "/opinions/" + o.ID)
		if got := b.Text("#state"); got != "督办中" {
			t.Errorf("staff see the state %q", got)
		}
		b.Do(chromedp.Click(chromedp.CSS("#act-settle summary")))
		b.Fill(map[string]string{"#act-settle textarea[name=text]": "经督办，水厂已改造管网，水质检测合格。"})
		b.Submit("#act-settle button[type=submit]")
		if got := b.Text("#state"); got != "已答复" {
			t.Errorf("after the supervision's answer: %q", got)
		}
		b.Screenshot("supervised-answered")
	})
}
