package notify_test

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"testing"
	"time"

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

// TestHotlineSender: the 12345 sender posts the message body as it is,
// signed; a failure of the platform is an error the outbox retries.
func TestHotlineSender(t *testing.T) {
	var gotSig, gotType, gotTS, gotNonce string
	var body []byte
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		gotSig, gotType = r.Header.Get("X-Renda-Signature"), r.Header.Get("Content-Type")
		gotTS, gotNonce = r.Header.Get("X-Renda-Timestamp"), r.Header.Get("X-Renda-Nonce")
		body, _ = io.ReadAll(r.Body)
	}))
	defer srv.Close()
	msg := renda.Message{Channel: "hotline", Body: `{"kind":"result","number":"CN1","result":"已修复"}`}
	at := time.Date(2026, 11, 20, 9, 30, 0, 0, time.UTC)
	if err := (notify.Hotline{URL: srv.URL, Secret: "k", Now: func() time.Time { return at }}).Send(context.Background(), msg); err != nil {
		t.Fatal(err)
	}
	// Signed as 12345 signs its calls to renda: HMAC(secret, timestamp \n nonce \n body).
	m := hmac.New(sha256.New, []byte("k"))
	m.Write([]byte(strconv.FormatInt(at.Unix(), 10) + "\n" + gotNonce + "\n" + msg.Body))
	if string(body) != msg.Body || gotType != "application/json" || gotTS != strconv.FormatInt(at.Unix(), 10) ||
		len(gotNonce) < 16 || len(gotNonce) > 64 || gotSig != "sha256="+hex.EncodeToString(m.Sum(nil)) {
		t.Errorf("posted %s (%s, ts %s, nonce %s, %s)", body, gotType, gotTS, gotNonce, gotSig)
	}
	firstNonce := gotNonce
	if err := (notify.Hotline{URL: srv.URL, Secret: "k"}).Send(context.Background(), msg); err != nil {
		t.Fatal(err)
	}
	if gotNonce == firstNonce {
		t.Error("the same nonce twice")
	}
	down := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { http.Error(w, "maintenance", 502) }))
	defer down.Close()
	if err := (notify.Hotline{URL: down.URL}).Send(context.Background(), msg); err == nil {
		t.Error("a 502 counted as delivered")
	}
}

// TestSMSSendsTheBodyAsItIs: the outbox has already put the deployment's
// signature at the head of the body; the gateway gets exactly that text,
// and the subject (a label in the outbox) is not added to it.
func TestSMSSendsTheBodyAsItIs(t *testing.T) {
	var got map[string]string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_ = json.NewDecoder(r.Body).Decode(&got)
	}))
	defer srv.Close()
	m := renda.Message{Channel: "sms", Recipient: "13812345678", Subject: "议案建议办理提醒", Body: "【某某市人大常委会】请按期答复"}
	if err := (notify.SMS{Gateway: srv.URL}).Send(context.Background(), m); err != nil {
		t.Fatal(err)
	}
	if got["phone"] != m.Recipient || got["text"] != m.Body {
		t.Errorf("gateway got %v", got)
	}
}
