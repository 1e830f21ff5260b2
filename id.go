package renda

import (
	"crypto/rand"
	"encoding/binary"
	"strings"
	"sync"
	"time"
)

// crockford is Crockford's base-32 alphabet, lower case: ids sort as text in
// the order they were made and never contain look-alike letters.
const crockford = "0123456789abcdefghjkmnpqrstvwxyz"

var idMu sync.Mutex
var lastMS int64
var lastRand [10]byte

// NewID returns a new sortable id: 10 characters of milliseconds since 1970
// followed by 16 random characters (80 bits), like a ULID. Ids made in the
// same millisecond by one process still sort in order of creation.
func NewID() string {
	idMu.Lock()
	ms := time.Now().UnixMilli()
	if ms <= lastMS {
		ms = lastMS
		// Increment the random part so ids stay strictly increasing.
		for i := len(lastRand) - 1; i >= 0; i-- {
			lastRand[i]++
			if lastRand[i] != 0 {
				break
			}
		}
	} else {
		lastMS = ms
		_, _ = rand.Read(lastRand[:])
	}
	r := lastRand
	idMu.Unlock()

	var b strings.Builder
	b.Grow(26)
	for i := 9; i >= 0; i-- {
		b.WriteByte(crockford[(ms>>(uint(i)*5))&31])
	}
	// 80 random bits as 16 characters.
	hi := binary.BigEndian.Uint64(append([]byte{0, 0, 0}, r[:5]...))
	lo := binary.BigEndian.Uint64(append([]byte{0, 0, 0}, r[5:]...))
	for i := 7; i >= 0; i-- {
		b.WriteByte(crockford[(hi>>(uint(i)*5))&31])
	}
	for i := 7; i >= 0; i-- {
		b.WriteByte(crockford[(lo>>(uint(i)*5))&31])
	}
	return b.String()
}

// RandomID returns an id with no time in it: 26 characters, 130 random bits.
// Use it where the order of creation must not be recoverable (ballots).
func RandomID() string {
	return RandomToken(26)
}

// RandomToken returns n random characters of the Crockford alphabet.
func RandomToken(n int) string {
	buf := make([]byte, n)
	_, _ = rand.Read(buf)
	for i := range buf {
		buf[i] = crockford[buf[i]&31]
	}
	return string(buf)
}
