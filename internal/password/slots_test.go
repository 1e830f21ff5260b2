package password

import (
	"runtime"
	"strings"
	"sync"
	"testing"
)

// A burst of checks computes at most one hash per processor at once.
func TestConcurrentHashesBounded(t *testing.T) {
	h, err := Hash("burst")
	if err != nil {
		t.Fatal(err)
	}
	peak.Store(0)
	n := 4 * cap(slots)
	var wg sync.WaitGroup
	for range n {
		wg.Go(func() {
			if ok, err := Check(h, "burst"); !ok || err != nil {
				t.Errorf("check: %v %v", ok, err)
			}
		})
	}
	wg.Wait()
	if got, want := peak.Load(), int64(runtime.GOMAXPROCS(0)); got > want || got < 1 {
		t.Errorf("%d hashes at once, want 1..%d", got, want)
	}
	if running.Load() != 0 {
		t.Errorf("%d hashes still counted as running", running.Load())
	}
}

// TestDummyCostsOneCheck: the dummy checked for unknown usernames is a
// well-formed hash with Hash's parameters (so it costs one real check, the
// hash computed in a slot) that no password matches.
func TestDummyCostsOneCheck(t *testing.T) {
	real, err := Hash("x")
	if err != nil {
		t.Fatal(err)
	}
	params := func(h string) string { return strings.Join(strings.Split(h, "$")[:4], "$") }
	if params(dummy) != params(real) {
		t.Errorf("dummy's parameters %q, Hash's %q", params(dummy), params(real))
	}
	before := peak.Load()
	running.Store(0)
	peak.Store(0)
	ok, err := Check(dummy, "renda dummy password for timing")
	if err != nil || ok {
		t.Errorf("dummy checked: %v, %v", ok, err)
	}
	if peak.Load() != 1 {
		t.Errorf("the dummy's check computed %d hashes, want 1", peak.Load())
	}
	peak.Store(max(before, peak.Load()))
}
