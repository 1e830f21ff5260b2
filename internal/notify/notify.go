// Package notify delivers messages that leave renda: SMS, e-mail, webhooks,
// and (added by the hotline link) the 12345 platform. Each channel is a
// Sender; the outbox (internal/jobs) retries failed deliveries.
package notify

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/smtp"
	"strings"
	"time"

	"renda"
)

// Sender delivers a message on one channel.
type Sender interface {
	Send(ctx context.Context, m renda.Message) error
}

// Senders routes messages to the sender of their channel.
type Senders map[string]Sender

// Send delivers m through the sender of its channel.
func (s Senders) Send(ctx context.Context, m renda.Message) error {
	snd, ok := s[m.Channel]
	if !ok {
		return fmt.Errorf("notify: no sender is configured for channel %q", m.Channel)
	}
	return snd.Send(ctx, m)
}

// Log writes messages to the log instead of sending them: the default for
// every channel until an adapter is configured.
type Log struct{ Logger *slog.Logger }

// Send logs m.
func (l Log) Send(ctx context.Context, m renda.Message) error {
	l.Logger.Info("message", "channel", m.Channel, "to", renda.MaskPhone(m.Recipient), "subject", m.Subject, "key", m.Key)
	return nil
}

// Webhook posts messages as JSON to a URL, signed with HMAC-SHA256 of the
// body in X-Renda-Signature: sha256=<hex>.
type Webhook struct {
	URL    string
	Secret string
	Client *http.Client
}

// Send posts m.
func (h Webhook) Send(ctx context.Context, m renda.Message) error {
	target := h.URL
	if strings.HasPrefix(m.Recipient, "http://") || strings.HasPrefix(m.Recipient, "https://") {
		target = m.Recipient
	}
	body, _ := json.Marshal(map[string]any{"id": m.ID, "key": m.Key, "subject": m.Subject, "body": m.Body, "recipient": m.Recipient})
	return PostSigned(ctx, h.client(), target, h.Secret, body)
}

func (h Webhook) client() *http.Client {
	if h.Client != nil {
		return h.Client
	}
	return &http.Client{Timeout: 15 * time.Second}
}

// PostSigned posts a JSON body with its HMAC signature and treats any
// non-2xx answer as a failure to retry.
func PostSigned(ctx context.Context, c *http.Client, url, secret string, body []byte) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, url, bytes.NewReader(body))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/json")
	if secret != "" {
		req.Header.Set("X-Renda-Signature", "sha256="+Sign(secret, body))
	}
	resp, err := c.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(io.LimitReader(resp.Body, 512))
	if resp.StatusCode/100 != 2 {
		return fmt.Errorf("notify: %s answered %s: %s", url, resp.Status, strings.TrimSpace(string(b)))
	}
	return nil
}

// Sign returns the hex HMAC-SHA256 of body with secret.
func Sign(secret string, body []byte) string {
	m := hmac.New(sha256.New, []byte(secret))
	m.Write(body)
	return hex.EncodeToString(m.Sum(nil))
}

// SMS sends text messages through an HTTP gateway that takes
// {"phone": "...", "text": "..."} (most Chinese SMS platforms offer such an
// endpoint; a small adapter maps it to a vendor's own form).
type SMS struct {
	Gateway string
	Secret  string
	Client  *http.Client
}

// Send sends m.Body to the phone in m.Recipient. The body already starts
// with the deployment's signature (the outbox adds it); the subject only
// labels the message in the outbox.
func (s SMS) Send(ctx context.Context, m renda.Message) error {
	body, _ := json.Marshal(map[string]string{"phone": m.Recipient, "text": m.Body})
	c := s.Client
	if c == nil {
		c = &http.Client{Timeout: 15 * time.Second}
	}
	return PostSigned(ctx, c, s.Gateway, s.Secret, body)
}

// Email sends mail through an SMTP server.
type Email struct {
	Addr     string // host:port
	From     string
	Username string
	Password string
}

// Send mails m to the address in m.Recipient.
func (e Email) Send(ctx context.Context, m renda.Message) error {
	host := e.Addr
	if i := strings.LastIndexByte(host, ':'); i >= 0 {
		host = host[:i]
	}
	var auth smtp.Auth
	if e.Username != "" {
		auth = smtp.PlainAuth("", e.Username, e.Password, host)
	}
	msg := "From: " + e.From + "\r\nTo: " + m.Recipient + "\r\nSubject: =?UTF-8?B?" + b64(m.Subject) + "?=\r\n" +
		"MIME-Version: 1.0\r\nContent-Type: text/plain; charset=UTF-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n" + m.Body + "\r\n"
	return smtp.SendMail(e.Addr, auth, e.From, []string{m.Recipient}, []byte(msg))
}
