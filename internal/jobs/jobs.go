// Package jobs runs renda's background work: sweeps that find due deadlines
// and record reminders (each exactly once, whichever server gets there
// first), and delivery of the outbox with retries. Every step is a store
// transaction, so two servers on one PostgreSQL never do the same work twice.
package jobs

import (
	"context"
	"log/slog"
	"time"

	"renda/internal/notify"
	"renda/internal/store"
)

// Sweep is one periodic, idempotent job.
type Sweep struct {
	Name  string
	Every time.Duration
	Run   func(ctx context.Context) error
}

// Runner runs the sweeps and delivers the outbox.
type Runner struct {
	db      *store.DB
	senders notify.Senders
	log     *slog.Logger
	sweeps  []Sweep
	// Lease is how long a claimed message is reserved for this server.
	Lease time.Duration
}

// New returns a runner with renda's sweeps.
func New(db *store.DB, senders notify.Senders, log *slog.Logger) *Runner {
	r := &Runner{db: db, senders: senders, log: log, Lease: 2 * time.Minute}
	r.sweeps = append(r.sweeps, Sweep{Name: "purge-sessions", Every: time.Hour, Run: db.PurgeExpired})
	r.sweeps = append(r.sweeps, Sweep{Name: "erase-delivered-messages", Every: time.Hour, Run: db.EraseDeliveredMessages})
	// The audit chain's head goes to the log, outside the database, when it has grown.
	r.sweeps = append(r.sweeps, Sweep{Name: "audit-checkpoint", Every: time.Minute, Run: db.LogAuditCheckpoint})
	r.sweeps = append(r.sweeps, suggestionSweeps(db)...)
	r.sweeps = append(r.sweeps, opinionSweeps(db)...)
	r.sweeps = append(r.sweeps, voteSweeps(db)...)
	r.sweeps = append(r.sweeps, filingSweeps(db)...)
	r.sweeps = append(r.sweeps, supervisionSweeps(db)...)
	r.sweeps = append(r.sweeps, budgetSweeps(db)...)
	r.sweeps = append(r.sweeps, liaisonSweeps(db)...)
	r.sweeps = append(r.sweeps, meetingSweeps(db)...)
	return r
}

// Sweeps returns the runner's sweeps.
func (r *Runner) Sweeps() []Sweep { return r.sweeps }

// Run runs until ctx is cancelled: each sweep on its own period (and once at
// start), and the outbox every few seconds.
func (r *Runner) Run(ctx context.Context) {
	last := make([]time.Time, len(r.sweeps))
	tick := time.NewTicker(3 * time.Second)
	defer tick.Stop()
	for {
		for i, s := range r.sweeps {
			if time.Since(last[i]) >= s.Every {
				last[i] = time.Now()
				if err := s.Run(ctx); err != nil && ctx.Err() == nil {
					r.log.Error("sweep failed", "sweep", s.Name, "err", err)
				}
			}
		}
		if _, err := r.Deliver(ctx); err != nil && ctx.Err() == nil {
			r.log.Error("outbox delivery failed", "err", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		}
	}
}

// SweepAll runs every sweep once (tests call it after moving the clock).
func (r *Runner) SweepAll(ctx context.Context) error {
	for _, s := range r.sweeps {
		if err := s.Run(ctx); err != nil {
			return err
		}
	}
	return nil
}

// Deliver sends the due outbox messages, in batches, until none is due.
// It returns how many were delivered.
func (r *Runner) Deliver(ctx context.Context) (int, error) {
	sent := 0
	for ctx.Err() == nil {
		msgs, err := r.db.ClaimMessages(ctx, 20, r.Lease)
		if err != nil || len(msgs) == 0 {
			return sent, err
		}
		for _, m := range msgs {
			dctx, cancel := context.WithTimeout(ctx, 30*time.Second)
			err := r.senders.Send(dctx, m)
			cancel()
			if err != nil {
				r.log.Warn("delivery failed", "channel", m.Channel, "key", m.Key, "attempt", m.Attempts+1, "err", err)
				if ferr := r.db.MessageFailed(ctx, m.ID, err); ferr != nil {
					return sent, ferr
				}
				continue
			}
			if err := r.db.MessageSent(ctx, m.ID); err != nil {
				return sent, err
			}
			sent++
		}
	}
	return sent, ctx.Err()
}
