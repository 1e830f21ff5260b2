package jobs

import (
	"context"
	"fmt"
	"slices"
	"time"

	"renda"
	"renda/internal/store"
)

// suggestionSweeps are the periodic jobs of motions and suggestions.
func suggestionSweeps(db *store.DB) []Sweep {
	return []Sweep{{Name: "suggestion-deadlines", Every: 10 * time.Minute, Run: func(ctx context.Context) error {
		return SuggestionReminders(ctx, db)
	}}}
}

// SuggestionReminders finds the deadlines of motions and suggestions and
// sends each reminder once (tx.Once), whichever server sweeps first:
//
//   - the lead unit, at each offset of suggestions.reminder_days before the
//     reply is due (in renda and by SMS to the unit's contact phone); when a
//     sweep finds an item between two offsets it sends the nearer one only;
//   - when the reply is late: the unit again, and staff and leaders
//     (escalation), once per deadline (an extension re-arms them);
//   - assisting units whose opinion is late;
//   - the lead deputy, a few days before the feedback deadline;
//   - staff, when a consented reply must soon be published.
func SuggestionReminders(ctx context.Context, db *store.DB) error {
	return db.Sweep(ctx, func(tx *store.Tx) error {
		set, cal, err := tx.SuggestionSettings()
		if err != nil {
			return err
		}
		offsets := slices.Clone(set.Ints("suggestions.reminder_days"))
		slices.Sort(offsets)
		today := tx.Today()
		horizon := today
		if len(offsets) > 0 {
			horizon = today.AddDays(offsets[len(offsets)-1])
		}
		items, err := tx.SuggestionDeadlines(horizon)
		if err != nil {
			return err
		}
		for _, d := range items {
			if err := remindOne(tx, d, set, cal, offsets, today); err != nil {
				return fmt.Errorf("suggestion %s: %w", d.ID, err)
			}
		}
		return nil
	})
}

func remindOne(tx *store.Tx, d store.SuggestionDeadline, set *renda.Settings, cal *renda.Calendar, offsets []int, today renda.Date) error {
	link := "/suggestions/" + d.ID
	name := "《" + d.Title + "》"
	if d.Number != "" {
		name = d.Number + name
	}
	sms := func(key, body string) error {
		if d.UnitPhone == "" {
			return nil
		}
		return tx.Enqueue(renda.Message{Channel: "sms", Recipient: d.UnitPhone, Subject: "议案建议办理提醒", Body: body, Key: key + ":sms", Link: link})
	}
	open := d.Status == renda.SugAssigned || d.Status == renda.SugRehandling
	if open && !d.Due.IsZero() && d.LeadUnitID != "" {
		if err := remindDue(tx, d, offsets, today, name, link, sms); err != nil {
			return err
		}
		if len(d.AssistingPending) > 0 {
			due := cal.Due(d.AssignedOn, set.Period("suggestions.assist_period"))
			if today.After(due) {
				for _, org := range d.AssistingPending {
					ok, err := tx.Once(fmt.Sprintf("suggestion:%s:assist:%s:%s", d.ID, org, d.AssignedOn))
					if err != nil {
						return err
					}
					if ok {
						if err := tx.NotifyOrg(org, "协办意见已逾期："+d.Title, fmt.Sprintf("请尽快向主办单位%s提出办理意见（期限 %s）。", d.UnitName, due), link); err != nil {
							return err
						}
					}
				}
			}
		}
	}
	if d.Status == renda.SugReplied && !d.FeedbackGiven && !d.RepliedOn.IsZero() {
		due := cal.Due(d.RepliedOn, set.Period("suggestions.feedback_period"))
		if left := today.DaysUntil(due); left >= 0 && left <= set.Int("suggestions.feedback_reminder_days") {
			ok, err := tx.Once(fmt.Sprintf("suggestion:%s:feedback:%s:%d", d.ID, d.RepliedOn, d.Round))
			if err != nil {
				return err
			}
			if ok {
				if err := tx.NotifyDeputy(d.ProposerID, "请对答复提出反馈意见："+d.Title, fmt.Sprintf("反馈期限为 %s，逾期视为无意见。", due), link); err != nil {
					return err
				}
			}
		}
	}
	if d.PublishConsent && !d.Published && !d.RepliedOn.IsZero() {
		due := cal.Due(d.RepliedOn, set.Period("suggestions.publish_period"))
		if cal.WorkingDaysBetween(today, due) <= 5 {
			ok, err := tx.Once(fmt.Sprintf("suggestion:%s:publish:%s", d.ID, d.RepliedOn))
			if err != nil {
				return err
			}
			if ok {
				return tx.NotifyRoles([]renda.Role{renda.RoleStaff}, "答复待公开："+d.Title, fmt.Sprintf("代表已同意公开答复，请于 %s 前公开。", due), link)
			}
		}
	}
	return nil
}

// remindDue sends the reply reminder of the nearest offset, or the overdue
// escalation, once per deadline.
func remindDue(tx *store.Tx, d store.SuggestionDeadline, offsets []int, today renda.Date, name, link string, sms func(key, body string) error) error {
	left := today.DaysUntil(d.Due)
	if left >= 0 {
		// The nearest offset at or above the days left: one reminder per offset.
		if i, found := slices.BinarySearch(offsets, left); found || i < len(offsets) {
			k := offsets[i]
			key := fmt.Sprintf("suggestion:%s:due:%s:%d", d.ID, d.Due, k)
			if ok, err := tx.Once(key); err != nil || !ok {
				return err
			}
			body := fmt.Sprintf("您单位承办的%s将于 %s 到期（还有 %d 天），请及时与代表沟通并答复。", name, d.Due, left)
			if err := tx.NotifyOrg(d.LeadUnitID, fmt.Sprintf("答复期限还有 %d 天：%s", left, d.Title), body, link); err != nil {
				return err
			}
			return sms(key, body)
		}
	} else {
		key := fmt.Sprintf("suggestion:%s:overdue:%s", d.ID, d.Due)
		ok, err := tx.Once(key)
		if err != nil || !ok {
			return err
		}
		body := fmt.Sprintf("%s由%s承办，答复期限 %s 已过，尚未答复。", name, d.UnitName, d.Due)
		if err := tx.NotifyOrg(d.LeadUnitID, "已逾期未答复："+d.Title, body+"请尽快答复。", link); err != nil {
			return err
		}
		if err := tx.NotifyRoles([]renda.Role{renda.RoleStaff, renda.RoleLeader}, "逾期未答复："+d.Title, body, link); err != nil {
			return err
		}
		if err := sms(key, body+"请尽快答复。"); err != nil {
			return err
		}
	}
	return nil
}
