package store

import "database/sql"

// RawForTest exposes the writer connection so tests can tamper with the
// database behind renda's back.
func RawForTest(db *DB) *sql.DB { return db.w }

// Rebind exposes placeholder rebinding to tests.
func Rebind(db *DB, q string) string { return db.rebind(q) }
