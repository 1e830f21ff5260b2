package cli

import "runtime/debug"

// DefaultMemoryLimit is the Go runtime's soft memory limit under renda
// serve when the environment sets no GOMEMLIMIT: the garbage collector
// works harder as the Go heap nears it, instead of letting the heap grow
// to twice what is live (GOGC=100) between collections. With the SQLite
// connections' memory and the program's own code beside it, it keeps the
// server under about 150 MB resident (docs/performance.md, "Memory under
// load"; 80 MiB until the full volume's exports, which live at 40–60 MB
// of heap, took the server to 195 MB). It is soft: a heap that needs more
// gets more. GOMEMLIMIT (e.g.
// 512MiB, or off) and GOGC set in the environment are the runtime's own
// and are left as they are.
const DefaultMemoryLimit = 64 << 20

// setMemoryLimit applies DefaultMemoryLimit unless the environment sets
// GOMEMLIMIT, and returns the limit in force.
func setMemoryLimit(env Env) int64 {
	if env("GOMEMLIMIT") != "" {
		return debug.SetMemoryLimit(-1) // the runtime applied it at its start
	}
	debug.SetMemoryLimit(DefaultMemoryLimit)
	return DefaultMemoryLimit
}
