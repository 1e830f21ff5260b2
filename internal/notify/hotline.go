package notify

import (
	"context"
	"net/http"
	"time"

	"renda"
)

// Hotline delivers messages to the 12345 platform's deputy desk: opinions a
// deputy forwards to 12345, and the results of orders 12345 passed to the
// deputies. The body is the JSON renda wrote when it enqueued the message;
// it is posted as is, signed with HMAC-SHA256 in X-Renda-Signature, and any
// answer other than 2xx is a failure the outbox retries.
type Hotline struct {
	URL    string
	Secret string
	Client *http.Client
}

// Send posts m's body to the platform.
func (h Hotline) Send(ctx context.Context, m renda.Message) error {
	c := h.Client
	if c == nil {
		c = &http.Client{Timeout: 15 * time.Second}
	}
	return PostSigned(ctx, c, h.URL, h.Secret, []byte(m.Body))
}
