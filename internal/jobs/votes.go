package jobs

import (
	"context"
	"errors"
	"time"

	"renda/internal/store"
)

// voteSweeps are the periodic jobs of this workflow: opening and closing
// votes at the ends of their windows, sealing closed votes (again, if a
// seal failed), and reminders about livelihood projects.
func voteSweeps(db *store.DB) []Sweep {
	return []Sweep{
		{Name: "vote-window", Every: 15 * time.Second, Run: func(ctx context.Context) error {
			due, err := db.DueVoteActions(ctx)
			if err != nil {
				return err
			}
			var errs []error
			for id, action := range due {
				errs = append(errs, db.VoteAction(ctx, nil, id, action, "按设定的投票时间自动执行"))
			}
			return errors.Join(errs...)
		}},
		{Name: "vote-seal", Every: time.Minute, Run: func(ctx context.Context) error {
			ids, err := db.UnsealedVotes(ctx)
			if err != nil {
				return err
			}
			var errs []error
			for _, id := range ids {
				errs = append(errs, db.SealVote(ctx, id))
			}
			return errors.Join(errs...)
		}},
		{Name: "project-reminders", Every: time.Hour, Run: db.RemindProjects},
	}
}
