package api_test

import (
	"bytes"
	"io"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"renda/internal/api"
	"renda/internal/apptest"
	"renda/internal/notify"
)

// postWith posts body to path with the given 12345 headers.
func postWith(t *testing.T, a *apptest.App, path string, body []byte, h map[string]string) *apptest.Response {
	t.Helper()
	req, err := http.NewRequest("POST", a.URL+path, bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	for k, v := range h {
		req.Header.Set(k, v)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return &apptest.Response{Status: resp.StatusCode, Header: resp.Header, Body: b}
}

func signed(secret string, at time.Time, nonce string, body []byte) map[string]string {
	ts := strconv.FormatInt(at.Unix(), 10)
	return map[string]string{"X-Renda-Timestamp": ts, "X-Renda-Nonce": nonce,
		"X-Renda-Signature": "sha256=" + notify.SignRequest(secret, ts, nonce, body)}
}

// A captured 12345 request cannot be replayed: the signature covers a
// timestamp near now and a nonce used once; the old body-only signature is
// refused. A known order number with a different body is 409, the same
// order again is still answered as before.
func TestHotlineReplayAndConflict(t *testing.T) {
	apptest.Each(t, apptest.Options{Demo: true}, func(t *testing.T, a *apptest.App) {
		const path = "/api/v1/hotline/orders"
		secret := api.DemoHotlineSecret
		body := orderJSON("CN2612050001", "430482206")
		now := time.Now()

		if r := postWith(t, a, path, body, map[string]string{"X-Renda-Signature": "sha256=" + notify.Sign(secret, body)}); r.Status != 401 {
			t.Errorf("old body-only signature: %d %s", r.Status, r.Body)
		}
		h := signed(secret, now, "nonce-body-only-0001", body)
		h["X-Renda-Signature"] = "sha256=" + notify.Sign(secret, body)
		if r := postWith(t, a, path, body, h); r.Status != 401 {
			t.Errorf("body-only signature with timestamp and nonce: %d %s", r.Status, r.Body)
		}
		for _, skew := range []time.Duration{-6 * time.Minute, 6 * time.Minute, -48 * time.Hour} {
			if r := postWith(t, a, path, body, signed(secret, now.Add(skew), "nonce-stale-"+strconv.Itoa(int(skew.Minutes()))+"-000000", body)); r.Status != 401 {
				t.Errorf("timestamp %v from now: %d %s", skew, r.Status, r.Body)
			}
		}
		if r := postWith(t, a, path, body, signed(secret, now, "short", body)); r.Status != 401 {
			t.Errorf("a 5-character nonce: %d", r.Status)
		}
		if r := postWith(t, a, path, body, signed(secret, now, strings.Repeat("n", 65), body)); r.Status != 401 {
			t.Errorf("a 65-character nonce: %d", r.Status)
		}
		captured := signed(secret, now.Add(-4*time.Minute), "nonce-captured-000001", body)
		first := postWith(t, a, path, body, captured)
		if first.Status != 201 {
			t.Fatalf("signed order: %d %s", first.Status, first.Body)
		}
		if r := postWith(t, a, path, body, captured); r.Status != 401 {
			t.Errorf("the same request replayed: %d %s", r.Status, r.Body)
		}
		// Idempotency stays: the same order, signed afresh, is the same answer.
		again := postWith(t, a, path, body, signed(secret, now, "nonce-again-00000001", body))
		if again.Status != 200 || again.Map(t)["id"] != first.Map(t)["id"] {
			t.Errorf("the same order again: %d %s", again.Status, again.Body)
		}
		changed := bytes.Replace(body, []byte("停水两天"), []byte("停水三天"), 1)
		r := postWith(t, a, path, changed, signed(secret, now, "nonce-changed-000001", changed))
		if r.Status != 409 || !strings.HasPrefix(r.Header.Get("Content-Type"), "application/problem+json") {
			t.Errorf("the number with a different body: %d %s", r.Status, r.Body)
		}
		// Replies are signed the same way.
		reply := []byte(`{"ref":"nothing","event":"signed","at":"2026-11-20T09:30:00+08:00"}`)
		if r := postWith(t, a, "/api/v1/hotline/replies", reply, map[string]string{"X-Renda-Signature": "sha256=" + notify.Sign(secret, reply)}); r.Status != 401 {
			t.Errorf("reply with the old signature: %d", r.Status)
		}
		if r := postWith(t, a, "/api/v1/hotline/replies", reply, signed(secret, now, "nonce-reply-00000001", reply)); r.Status == 401 {
			t.Errorf("signed reply refused: %d %s", r.Status, r.Body)
		}
	})
}
