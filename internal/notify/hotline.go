package notify

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"

	"renda"
)

// Hotline delivers messages to the 12345 platform's deputy desk: opinions a
// deputy forwards to 12345, and the results of orders 12345 passed to the
// deputies. The body is the JSON renda wrote when it enqueued the message;
// it is posted as is, signed like the platform's calls to renda
// (SignRequest), and any answer other than 2xx is a failure the outbox
// retries.
type Hotline struct {
	URL    string
	Secret string
	Client *http.Client
	Now    func() time.Time // the clock of the timestamp; time.Now if nil
}

// Send posts m's body to the platform.
func (h Hotline) Send(ctx context.Context, m renda.Message) error {
	c := h.Client
	if c == nil {
		c = &http.Client{Timeout: 15 * time.Second}
	}
	now := time.Now
	if h.Now != nil {
		now = h.Now
	}
	body := []byte(m.Body)
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, h.URL, bytes.NewReader(body))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/json")
	if h.Secret != "" {
		SetSignature(req.Header, h.Secret, now(), body)
	}
	resp, err := c.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(io.LimitReader(resp.Body, 512))
	if resp.StatusCode/100 != 2 {
		return fmt.Errorf("notify: %s answered %s: %s", h.URL, resp.Status, strings.TrimSpace(string(b)))
	}
	return nil
}

// Headers of a signed 12345 request (both ways).
const (
	TimestampHeader = "X-Renda-Timestamp" // Unix seconds
	NonceHeader     = "X-Renda-Nonce"     // 16–64 characters, never used twice
	SignatureHeader = "X-Renda-Signature" // sha256=<hex SignRequest>
)

// SignRequest returns the hex HMAC-SHA256, keyed with secret, of
// timestamp + "\n" + nonce + "\n" + body: the signature of a 12345 request.
// Covering the timestamp and the nonce means a captured request cannot be
// sent again later.
func SignRequest(secret, timestamp, nonce string, body []byte) string {
	m := hmac.New(sha256.New, []byte(secret))
	m.Write([]byte(timestamp))
	m.Write([]byte("\n"))
	m.Write([]byte(nonce))
	m.Write([]byte("\n"))
	m.Write(body)
	return hex.EncodeToString(m.Sum(nil))
}

// SetSignature sets the timestamp (now), a fresh random nonce and the
// signature of body on a 12345 request's headers.
func SetSignature(h http.Header, secret string, now time.Time, body []byte) {
	raw := make([]byte, 16)
	_, _ = rand.Read(raw)
	nonce := hex.EncodeToString(raw)
	timestamp := strconv.FormatInt(now.Unix(), 10)
	h.Set(TimestampHeader, timestamp)
	h.Set(NonceHeader, nonce)
	h.Set(SignatureHeader, "sha256="+SignRequest(secret, timestamp, nonce, body))
}
