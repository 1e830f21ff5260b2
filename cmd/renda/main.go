// Command renda is the platform of a county people's congress and its
// deputies. See "renda help".
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"

	_ "time/tzdata" // logs and pages use China Standard Time everywhere

	"renda/internal/cli"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := cli.Run(ctx, os.Args[1:], os.Getenv, cli.IO{In: os.Stdin, Out: os.Stdout, Err: os.Stderr})
	stop()
	os.Exit(code)
}
