package jobs

import (
	"time"

	"renda/internal/store"
)

// supervisionSweeps are the periodic jobs of supervision: rectifications
// still open after their deadline are reminded once.
func supervisionSweeps(db *store.DB) []Sweep {
	return []Sweep{
		{Name: "supervision-overdue", Every: time.Hour, Run: db.RemindOverdueRectifications},
		{Name: "supervision-deadlines", Every: time.Hour, Run: db.RemindSupervisionDeadlines},
	}
}
