package jobs

import (
	"time"

	"renda/internal/store"
)

// opinionSweeps are the periodic jobs of citizens' opinions and stations:
// deadline reminders (each once, by tx.Once), closing answers left unrated,
// erasing personal data after the retention period, telling deputies and
// staff of recurring problems and of tomorrow's reception days, and
// forgetting old throttle records; grouping near-duplicate opinions and
// orders into cases (package assist).
func opinionSweeps(db *store.DB) []Sweep {
	return []Sweep{
		{Name: "opinion-reminders", Every: 15 * time.Minute, Run: db.OpinionReminders},
		{Name: "opinion-archive", Every: time.Hour, Run: db.ArchiveUnrated},
		{Name: "opinion-retention", Every: 6 * time.Hour, Run: db.ErasePersonalData},
		{Name: "opinion-recurring", Every: time.Hour, Run: db.RecurringReminders},
		{Name: "duty-reminders", Every: time.Hour, Run: db.DutyReminders},
		{Name: "opinion-throttle", Every: time.Hour, Run: db.PurgeThrottle},
		{Name: "assist-cases", Every: 2 * time.Minute, Run: db.SweepRecurringCases},
	}
}
