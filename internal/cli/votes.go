package cli

import "context"

// voteCommands are the commands of the livelihood-project vote.
func voteCommands() map[string]func(context.Context, []string, Env, IO) error { return nil }
