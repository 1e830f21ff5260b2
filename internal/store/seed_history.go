package store

import (
	"database/sql"
	"time"

	"renda"
)

// SeedAs makes the rest of a seeding transaction (db.Seed) act as actor at
// time at: what it records afterwards — audit entries, notifications,
// workflow dates — carries that actor and that time. The demo uses it to
// replay a year of handling through the real transitions in one
// transaction. Changes recorded so far are first written to the audit
// trail with the previous actor and time, so each keeps its own. Calls must
// go forward in time; it has no use outside seeding.
func (tx *Tx) SeedAs(actor *renda.User, at time.Time) error {
	if err := tx.appendAudit(); err != nil {
		return err
	}
	tx.actor, tx.now = actor, at.UTC()
	if tx.stmts == nil {
		tx.stmts = map[string]*sql.Stmt{} // the replay runs the same queries thousands of times
	}
	return nil
}
