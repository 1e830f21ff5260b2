package notify_test

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"

	"renda"
	"renda/internal/notify"
)

func TestWebhookIsSigned(t *testing.T) {
	var gotSig string
	var body []byte
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		gotSig = r.Header.Get("X-Renda-Signature")
		body, _ = io.ReadAll(r.Body)
	}))
	defer srv.Close()
	h := notify.Webhook{URL: srv.URL, Secret: "s3cret"}
	if err := h.Send(context.Background(), renda.Message{ID: "m1", Key: "k", Subject: "提醒", Body: "内容"}); err != nil {
		t.Fatal(err)
	}
	if gotSig != "sha256="+notify.Sign("s3cret", body) {
		t.Errorf("signature %q does not match the body", gotSig)
	}
	fail := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { http.Error(w, "down", 503) }))
	defer fail.Close()
	if err := (notify.Webhook{URL: fail.URL}).Send(context.Background(), renda.Message{}); err == nil {
		t.Error("a 503 counted as delivered")
	}
	if err := (notify.Senders{}).Send(context.Background(), renda.Message{Channel: "pigeon"}); err == nil {
		t.Error("a channel without a sender did not fail")
	}
}
