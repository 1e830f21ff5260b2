package renda

import (
	"sync"
	"time"
)

// CST is China Standard Time. China has kept UTC+8 without daylight saving
// since 1991, so a fixed zone is exact and needs no tzdata.
var CST = time.FixedZone("CST", 8*60*60)

// Clock tells renda what time it is. The store fixes "now" from it when a
// transaction begins; tests replace it to move time instead of sleeping.
type Clock interface {
	Now() time.Time
}

// SystemClock is the real clock.
type SystemClock struct{}

// Now returns the current time.
func (SystemClock) Now() time.Time { return time.Now() }

// TestClock is a clock that only moves when told to.
type TestClock struct {
	mu sync.Mutex
	t  time.Time
}

// NewTestClock returns a clock stopped at t.
func NewTestClock(t time.Time) *TestClock { return &TestClock{t: t} }

// Now returns the clock's time.
func (c *TestClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

// Set moves the clock to t.
func (c *TestClock) Set(t time.Time) {
	c.mu.Lock()
	c.t = t
	c.mu.Unlock()
}

// Advance moves the clock forward by d.
func (c *TestClock) Advance(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}
