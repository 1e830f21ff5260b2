package cli

import (
	"log/slog"
	"net/url"

	"renda/internal/notify"
)

// opinionSenders configures the 12345 hotline channel from the environment:
// RENDA_HOTLINE_URL (the platform's endpoint for renda's messages) and
// RENDA_HOTLINE_SECRET (the key the messages are signed with). Without a URL
// the messages are written to the log, and stay visible on /outbox.
func opinionSenders(s notify.Senders, env Env, demo bool, log *slog.Logger) {
	target := env("RENDA_HOTLINE_URL")
	if target == "" {
		s["hotline"] = notify.Log{Logger: log}
		if !demo {
			log.Info("RENDA_HOTLINE_URL is not set: messages for the 12345 platform are only logged")
		}
		return
	}
	u, err := url.Parse(target)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		log.Error("RENDA_HOTLINE_URL is not an http(s) URL: messages for the 12345 platform are only logged", "url", target)
		s["hotline"] = notify.Log{Logger: log}
		return
	}
	secret := env("RENDA_HOTLINE_SECRET")
	if secret == "" {
		log.Warn("RENDA_HOTLINE_SECRET is not set: messages to the 12345 platform are sent unsigned")
	}
	s["hotline"] = notify.Hotline{URL: target, Secret: secret}
}
