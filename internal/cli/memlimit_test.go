package cli

import (
	"runtime/debug"
	"testing"
)

func TestServeMemoryLimit(t *testing.T) {
	old := debug.SetMemoryLimit(-1)
	t.Cleanup(func() { debug.SetMemoryLimit(old) })
	if got := setMemoryLimit(func(string) string { return "" }); got != DefaultMemoryLimit || debug.SetMemoryLimit(-1) != DefaultMemoryLimit {
		t.Errorf("no GOMEMLIMIT: limit %d, in force %d, want %d", got, debug.SetMemoryLimit(-1), DefaultMemoryLimit)
	}
	// GOMEMLIMIT in the environment: the runtime's limit stays.
	debug.SetMemoryLimit(512 << 20)
	env := func(k string) string {
		if k == "GOMEMLIMIT" {
			return "512MiB"
		}
		return ""
	}
	if got := setMemoryLimit(env); got != 512<<20 || debug.SetMemoryLimit(-1) != 512<<20 {
		t.Errorf("GOMEMLIMIT=512MiB: limit %d, in force %d", got, debug.SetMemoryLimit(-1))
	}
}
