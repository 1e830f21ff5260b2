package jobs

import (
	"time"

	"renda/internal/store"
)

// filingSweeps are the periodic jobs of filing review and consultations:
// reminders of passed deadlines and of documents published but not filed,
// and closing consultations after their last day.
func filingSweeps(db *store.DB) []Sweep {
	return []Sweep{
		{Name: "filing-reminders", Every: time.Hour, Run: db.RemindFilings},
		{Name: "consultation-close", Every: 10 * time.Minute, Run: db.CloseConsultations},
	}
}
