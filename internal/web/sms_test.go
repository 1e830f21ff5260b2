package web_test

import (
	"context"
	"strings"
	"testing"

	"renda"
	"renda/internal/apptest"
	"renda/internal/demo"
	"renda/internal/store"
	"renda/opinion"
)

// TestEverySMSIsSignedAndLinked: a text message carries the deployment's
// signature and a link that opens the item (issue 9, point 17).
func TestEverySMSIsSignedAndLinked(t *testing.T) {
	apptest.Each(t, apptest.Options{Demo: true}, func(t *testing.T, a *apptest.App) {
		ctx := context.Background()
		set, err := a.DB.Settings(ctx)
		if err != nil {
			t.Fatal(err)
		}
		sig := renda.DeploymentOf(set).SMSSignature
		if !strings.HasPrefix(sig, "【") || !strings.Contains(sig, "人大") {
			t.Fatalf("signature %q", sig)
		}
		o, err := a.DB.SubmitOpinion(ctx, nil, opinion.Submission{Channel: opinion.ChannelQR, StationCode: demo.TashanStation, DeputyCode: "dtashan01",
			Content: "塔山村的路灯不亮。", Phone: "13899990001", Consent: true, IP: "10.9.9.8"}, nil)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := a.DB.ActOnOpinion(ctx, a.World.Deputy1, o.ID, "answer", renda.V("text", "已修复。")); err != nil {
			t.Fatal(err)
		}
		// A reminder to a unit, as the sweep sends it.
		if err := a.DB.Sweep(ctx, func(tx *store.Tx) error {
			return tx.Enqueue(renda.Message{Channel: "sms", Recipient: "13899990002", Body: "议案建议即将到期。", Key: "t:reminder", Link: "/suggestions/x"})
		}); err != nil {
			t.Fatal(err)
		}
		msgs, _, err := a.DB.Outbox(ctx, store.OutboxFilter{Channel: "sms", Limit: 20})
		if err != nil {
			t.Fatal(err)
		}
		found := 0
		for _, m := range msgs {
			var link string
			switch {
			case strings.HasPrefix(m.Key, "opinion:"+o.ID):
				link = a.URL + "/t/" + o.TrackingCode
			case m.Key == "t:reminder":
				link = a.URL + "/suggestions/x"
			default:
				continue
			}
			found++
			if !strings.HasPrefix(m.Body, sig) || !strings.HasSuffix(m.Body, " "+link) {
				t.Errorf("SMS %q: want %q at its head and %q at its end", m.Body, sig, link)
			}
		}
		if found < 2 {
			t.Fatalf("%d of the test's messages found", found)
		}
		// The citizen's link opens the tracking page for the code.
		resp := a.Browser("").Get("/t/" + o.TrackingCode)
		if resp.Status != 200 || !strings.Contains(string(resp.Body), o.TrackingCode) {
			t.Errorf("the link: %d", resp.Status)
		}
	})
}
