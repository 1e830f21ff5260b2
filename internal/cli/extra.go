package cli

import (
	"context"
	"log/slog"

	"renda/internal/notify"
)

// extraCommands are the commands workflows add (e.g. "vote").
func extraCommands() map[string]func(context.Context, []string, Env, IO) error {
	cmds := voteCommands()
	cmds["assist"] = cmdAssist
	return cmds
}

// addSenders configures the outbound channels workflows add (e.g. 12345).
func addSenders(s notify.Senders, env Env, demo bool, log *slog.Logger) {
	opinionSenders(s, env, demo, log)
}
