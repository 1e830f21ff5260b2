package storetest

import (
	"io"
	"log/slog"
	"os"
)

// quietLogger logs only warnings, unless RENDA_TEST_VERBOSE is set.
func quietLogger() *slog.Logger {
	if os.Getenv("RENDA_TEST_VERBOSE") != "" {
		return slog.New(slog.NewTextHandler(os.Stderr, nil))
	}
	return slog.New(slog.NewTextHandler(io.Discard, nil))
}
