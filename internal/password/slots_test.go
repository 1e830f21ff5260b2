package password

import (
	"runtime"
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
