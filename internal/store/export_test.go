package store

// Rebind exposes placeholder rebinding to tests.
func Rebind(db *DB, q string) string { return db.rebind(q) }
