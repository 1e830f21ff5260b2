package store

import (
	"context"
	"sync"
	"testing"
	"time"
)

// Rebind exposes placeholder rebinding to tests.
func Rebind(db *DB, q string) string { return db.rebind(q) }

// SetSealTimeout bounds one attempt to seal a vote (tests make it short),
// and how long a close waits for the seal; it returns a function that
// restores both.
func SetSealTimeout(d time.Duration) (restore func()) {
	oldT, oldW := sealTimeout, sealWait
	sealTimeout, sealWait = d, 2*d
	return func() { sealTimeout, sealWait = oldT, oldW }
}

// HoldReader opens a read transaction that reads the vote's ballots and
// keeps its snapshot (and, on PostgreSQL, its lock) until release is called:
// a long report or backup running while a vote is closed.
func HoldReader(t testing.TB, db *DB, voteID string) (release func()) {
	t.Helper()
	tx, err := db.r.BeginTx(context.Background(), nil)
	if err != nil {
		t.Fatal(err)
	}
	var n int
	if err := tx.QueryRow(db.rebind("SELECT COUNT(*) FROM vote_ballots WHERE vote_id = ?"), voteID).Scan(&n); err != nil {
		t.Fatal(err)
	}
	var once sync.Once
	return func() { once.Do(func() { _ = tx.Rollback() }) }
}
