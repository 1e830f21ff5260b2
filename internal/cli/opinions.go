package cli

import (
	"log/slog"

	"renda/internal/notify"
)

// opinionSenders configures the 12345 hotline channel.
func opinionSenders(s notify.Senders, env Env, demo bool, log *slog.Logger) {}
