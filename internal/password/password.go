// Package password hashes passwords with argon2id (RFC 9106) in the PHC
// string format, and checks them in constant time.
package password

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"runtime"
	"strings"
	"sync/atomic"

	"golang.org/x/crypto/argon2"
)

// Parameters follow OWASP's recommendation for argon2id: 19 MiB of memory,
// 2 iterations, 1 lane. About 40 ms per hash on this project's machines.
const (
	memory  = 19 * 1024
	time    = 2
	threads = 1
	keyLen  = 32
	saltLen = 16
)

// Hash returns the PHC string of password: $argon2id$v=19$m=…,t=…,p=…$salt$hash.
func Hash(password string) (string, error) {
	salt := make([]byte, saltLen)
	if _, err := rand.Read(salt); err != nil {
		return "", err
	}
	key := idKey([]byte(password), salt, time, memory, threads, keyLen)
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s", argon2.Version, memory, time, threads,
		base64.RawStdEncoding.EncodeToString(salt), base64.RawStdEncoding.EncodeToString(key)), nil
}

// Check reports whether password matches the PHC string encoded.
func Check(encoded, password string) (bool, error) {
	parts := strings.Split(encoded, "$")
	if len(parts) != 6 || parts[1] != "argon2id" {
		return false, errors.New("password: not an argon2id hash")
	}
	var v int
	if _, err := fmt.Sscanf(parts[2], "v=%d", &v); err != nil || v != argon2.Version {
		return false, errors.New("password: unsupported argon2 version")
	}
	var m uint32
	var t uint32
	var p uint8
	if _, err := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &m, &t, &p); err != nil {
		return false, errors.New("password: bad parameters")
	}
	salt, err := base64.RawStdEncoding.DecodeString(parts[4])
	if err != nil {
		return false, errors.New("password: bad salt")
	}
	want, err := base64.RawStdEncoding.DecodeString(parts[5])
	if err != nil {
		return false, errors.New("password: bad hash")
	}
	got := idKey([]byte(password), salt, t, m, p, uint32(len(want)))
	return subtle.ConstantTimeCompare(got, want) == 1, nil
}

// slots bounds the hashes computed at once to the processors: each holds
// its memory (19 MiB) while it runs, so a burst of sign-ins would otherwise
// raise the server's peak memory by that much per request, and more at
// once would not finish any sooner.
var slots = make(chan struct{}, runtime.GOMAXPROCS(0))

// running and peak count the hashes being computed (peak for tests).
var running, peak atomic.Int64

// idKey is argon2.IDKey within a slot.
func idKey(password, salt []byte, t, m uint32, p uint8, n uint32) []byte {
	slots <- struct{}{}
	defer func() { <-slots }()
	now := running.Add(1)
	defer running.Add(-1)
	for {
		old := peak.Load()
		if now <= old || peak.CompareAndSwap(old, now) {
			break
		}
	}
	key := argon2.IDKey(password, salt, t, m, p, n)
	// The hash's memory (19 MiB) is garbage now: collected at once, the
	// next hash reuses it. Otherwise the collector, having seen it live,
	// sets its next goal from it and a run of sign-ins takes a new 19 MiB
	// each until then (+40 MB of peak memory over five sign-ins).
	runtime.GC()
	return key
}

// dummy is checked when a username does not exist, so that a wrong
// username takes as long as a wrong password: a hash string with the
// parameters of Hash, whose key no password gives (all zero bytes). Not a
// hash computed at start: that held 19 MiB in every process for nothing
// (the start's peak memory) and took 40 ms.
var dummy = fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s", argon2.Version, memory, time, threads,
	base64.RawStdEncoding.EncodeToString(make([]byte, saltLen)), base64.RawStdEncoding.EncodeToString(make([]byte, keyLen)))

// CheckDummy spends the time of one Check.
func CheckDummy(password string) { _, _ = Check(dummy, password) }
