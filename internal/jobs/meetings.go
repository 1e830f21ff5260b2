package jobs

import (
	"context"
	"time"

	"renda/internal/store"
)

// meetingSweeps: the follow-up tasks of resolutions reminded once before
// their deadline on the working-day calendar (and once when overdue).
func meetingSweeps(db *store.DB) []Sweep {
	return []Sweep{
		{Name: "meeting-task-reminders", Every: time.Hour, Run: func(ctx context.Context) error {
			_, err := db.RemindMeetingTasks(ctx)
			return err
		}},
	}
}
