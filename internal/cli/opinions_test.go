package cli

import (
	"bytes"
	"log/slog"
	"strings"
	"testing"

	"renda/internal/notify"
)

// TestOpinionSenders: the 12345 channel posts to RENDA_HOTLINE_URL, signed
// with RENDA_HOTLINE_SECRET; without a URL (or with a bad one) it is logged.
func TestOpinionSenders(t *testing.T) {
	for _, c := range []struct {
		name     string
		env      map[string]string
		hotline  bool
		logWords string
	}{
		{"none", map[string]string{}, false, "only logged"},
		{"bad url", map[string]string{"RENDA_HOTLINE_URL": "ftp://12345"}, false, "not an http(s) URL"},
		{"no secret", map[string]string{"RENDA_HOTLINE_URL": "https://12345.example/renda"}, true, "unsigned"},
		{"configured", map[string]string{"RENDA_HOTLINE_URL": "https://12345.example/renda", "RENDA_HOTLINE_SECRET": "k"}, true, ""},
	} {
		var buf bytes.Buffer
		s := notify.Senders{}
		opinionSenders(s, func(k string) string { return c.env[k] }, false, slog.New(slog.NewTextHandler(&buf, nil)))
		h, isHotline := s["hotline"].(notify.Hotline)
		if isHotline != c.hotline {
			t.Errorf("%s: sender %T", c.name, s["hotline"])
		}
		if isHotline && (h.URL != c.env["RENDA_HOTLINE_URL"] || h.Secret != c.env["RENDA_HOTLINE_SECRET"]) {
			t.Errorf("%s: %+v", c.name, h)
		}
		if !strings.Contains(buf.String(), c.logWords) {
			t.Errorf("%s: log %q", c.name, buf.String())
		}
	}
}
