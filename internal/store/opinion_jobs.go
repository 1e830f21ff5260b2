package store

import (
	"context"
	"fmt"
	"renda/opinion"
	"slices"
	"sort"
	"strings"
	"time"

	"renda"
)

// --- reminders, archiving, retention ---

// OpinionReminders records the reminders of opinion deadlines that are due:
// before the deadline (the settings' offsets), on passing it, and to the
// staff once it is overdue by the settings' days. Each fires once.
func (db *DB) OpinionReminders(ctx context.Context) error {
	return db.Sweep(ctx, func(tx *Tx) error {
		set, _, err := tx.config()
		if err != nil {
			return err
		}
		today := tx.Today()
		horizon := today.AddDays(slices.Max(append(set.Ints("opinion.remind_before_days"), 0)))
		args := []any{horizon.String()}
		for _, s := range opinion.OpenStates {
			args = append(args, s)
		}
		rows, err := tx.query("SELECT "+opinionColumns+opinionFrom+" WHERE o.due IS NOT NULL AND o.due <= ? AND o.state IN ("+
			placeholders(len(opinion.OpenStates))+") ORDER BY o.due, o.id", args...)
		if err != nil {
			return err
		}
		var due []*opinion.Opinion
		for rows.Next() {
			r, err := scanOpinion(rows)
			if err != nil {
				rows.Close()
				return err
			}
			due = append(due, r.Opinion)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		escalate := set.Int("opinion.escalate_after_days")
		for _, o := range due {
			base := "opinion:" + o.ID + ":" + o.Due.String()
			left := int(o.Due.Start().Sub(today.Start()).Hours() / 24)
			for _, n := range set.Ints("opinion.remind_before_days") {
				if left < 0 || left > n {
					continue
				}
				if ok, err := tx.Once(fmt.Sprintf("%s:before:%d", base, n)); err != nil {
					return err
				} else if ok {
					msg := fmt.Sprintf("还有 %d 天到期（%s）", left, o.Due.Chinese())
					if left == 0 {
						msg = "今天到期"
					}
					if err := tx.remindOpinion(o, "群众意见即将到期", o.Title()+"："+msg); err != nil {
						return err
					}
				}
			}
			if left >= 0 {
				continue
			}
			if ok, err := tx.Once(base + ":overdue"); err != nil {
				return err
			} else if ok {
				if err := tx.remindOpinion(o, "群众意见已逾期", o.Title()+"：期限 "+o.Due.Chinese()+" 已过，请尽快办理。"); err != nil {
					return err
				}
			}
			if -left >= escalate {
				if ok, err := tx.Once(base + ":escalate"); err != nil {
					return err
				} else if ok {
					who := firstNonEmpty(o.ForwardOrgName, o.HandlerName, "待认领")
					if o.ForwardTo == opinion.ForwardHotline && o.State != opinion.Replied {
						who = "12345 热线"
					}
					if err := tx.NotifyRoles([]renda.Role{renda.RoleStaff, renda.RoleLeader}, "群众意见逾期督办",
						fmt.Sprintf("%s（%s）已逾期 %d 天，请督办。", o.Title(), who, -left), "/opinions/"+o.ID); err != nil {
						return err
					}
				}
			}
		}
		return nil
	})
}

// remindOpinion tells whoever must act now: the unit it was forwarded to,
// the staff for 12345 (the deputy desk's clerk), else the handling deputy
// (the staff for an unclaimed item).
func (tx *Tx) remindOpinion(o *opinion.Opinion, title, body string) error {
	link := "/opinions/" + o.ID
	switch {
	case (o.State == opinion.Forwarded || o.State == opinion.Handling) && o.ForwardTo == opinion.ForwardUnit:
		return tx.NotifyOrg(o.ForwardOrgID, title, body, link)
	case (o.State == opinion.Forwarded || o.State == opinion.Handling) && o.ForwardTo == opinion.ForwardHotline:
		return tx.NotifyRoles([]renda.Role{renda.RoleStaff}, title, body+"（已转 12345）", link)
	}
	return tx.notifyHandler(o, title, body)
}

// ArchiveUnrated closes answered opinions the citizen did not rate within
// the settings' days.
func (db *DB) ArchiveUnrated(ctx context.Context) error {
	return db.Sweep(ctx, func(tx *Tx) error {
		set, _, err := tx.config()
		if err != nil {
			return err
		}
		limit := tx.now.Add(-time.Duration(set.Int("opinion.rating_days")) * 24 * time.Hour)
		rows, err := tx.query("SELECT "+opinionColumns+opinionFrom+" WHERE o.state = 'answered' AND o.answered_at < ? ORDER BY o.answered_at LIMIT 500", ts(limit))
		if err != nil {
			return err
		}
		var list []*opinionRow
		for rows.Next() {
			r, err := scanOpinion(rows)
			if err != nil {
				rows.Close()
				return err
			}
			list = append(list, r)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		for _, r := range list {
			if _, err := tx.actOnOpinionAs(r, "archive", renda.Rel{"system"}, nil); err != nil {
				return err
			}
		}
		return nil
	})
}

// ErasePersonalData erases citizens' names and phones once an opinion has
// been closed (or escalated) for longer than the retention setting. The
// content stays; the audit trail never held the personal data.
func (db *DB) ErasePersonalData(ctx context.Context) error {
	return db.Sweep(ctx, func(tx *Tx) error {
		set, err := tx.settings()
		if err != nil {
			return err
		}
		limit := tx.now.Add(-time.Duration(set.Int("opinion.retention_days")) * 24 * time.Hour)
		rows, err := tx.query(`SELECT id FROM opinions WHERE state IN ('closed','escalated') AND erased_at IS NULL
			AND (name_enc <> '' OR phone_enc <> '') AND COALESCE(closed_at, updated_at) < ? ORDER BY id LIMIT 1000`, ts(limit))
		if err != nil {
			return err
		}
		ids, err := collectStrings(rows)
		if err != nil {
			return err
		}
		for _, id := range ids {
			if _, err := tx.exec("UPDATE opinions SET name_enc = '', phone_enc = '', phone_index = '', erased_at = ? WHERE id = ?", ts(tx.now), id); err != nil {
				return err
			}
			tx.Record(renda.Change{Action: "erase", Entity: "opinion", EntityID: id, Note: fmt.Sprintf("办结满 %d 天，群众姓名和电话已删除", set.Int("opinion.retention_days"))})
		}
		return nil
	})
}

// DutyReminders reminds the deputies of tomorrow's reception days.
func (db *DB) DutyReminders(ctx context.Context) error {
	return db.Sweep(ctx, func(tx *Tx) error {
		ds, err := tx.duties(" WHERE y.status = 'planned' AND y.day >= ? AND y.day <= ? ORDER BY y.day, y.id", tx.Today().String(), tx.Today().AddDays(1).String())
		if err != nil {
			return err
		}
		for _, d := range ds {
			for _, dep := range d.DeputyIDs {
				if ok, err := tx.Once("duty:" + d.ID + ":" + dep); err != nil {
					return err
				} else if ok {
					if err := tx.notifyDeputy(dep, "接待日提醒", fmt.Sprintf("%s %s %s–%s 您在%s接待群众。", d.Day.Chinese(), d.Topic, d.Start, d.End, d.StationName),
						"/stations/"+d.StationID); err != nil {
						return err
					}
				}
			}
		}
		return nil
	})
}

// --- recurring problems ---

// RecurringProblems lists the candidate suggestions: categories of problems
// that recur in one township (opinions of every channel, 12345 orders
// included) at least the settings' number of times within its days. Staff
// see all townships; a deputy those where they are stationed.
func (db *DB) RecurringProblems(ctx context.Context, viewer *renda.User) ([]*opinion.RecurringProblem, error) {
	var out []*opinion.RecurringProblem
	err := db.read(ctx, func(tx *Tx) error {
		var err error
		out, err = tx.recurring(viewer)
		return err
	})
	return out, err
}

func (tx *Tx) recurring(viewer *renda.User) ([]*opinion.RecurringProblem, error) {
	set, err := tx.settings()
	if err != nil {
		return nil, err
	}
	cond, args := "", []any{ts(tx.now.Add(-time.Duration(set.Int("opinion.recurrence_days")) * 24 * time.Hour))}
	switch {
	case viewer == nil || viewer.IsStaffSide():
	case viewer.DeputyID != "":
		towns, err := tx.deputyTownships(viewer.DeputyID)
		if err != nil {
			return nil, err
		}
		if len(towns) == 0 {
			return nil, nil
		}
		cond = " AND o.township_id IN (" + placeholders(len(towns)) + ")"
		for _, t := range towns {
			args = append(args, t)
		}
	default:
		return nil, nil
	}
	args = append(args, set.Int("opinion.recurrence_count"))
	rows, err := tx.query(`SELECT o.township_id, t.name, o.category, COUNT(*), MIN(o.created_at), MAX(o.created_at)
		FROM opinions o JOIN regions t ON t.id = o.township_id
		WHERE o.created_at >= ? AND o.category <> '' AND o.category <> '其他'`+cond+`
		GROUP BY o.township_id, t.name, o.category HAVING COUNT(*) >= ? ORDER BY COUNT(*) DESC, t.name, o.category`, args...)
	if err != nil {
		return nil, err
	}
	var out []*opinion.RecurringProblem
	for rows.Next() {
		var r opinion.RecurringProblem
		if err := rows.Scan(&r.TownshipID, &r.TownshipName, &r.Category, &r.Count, tsScan{&r.First}, tsScan{&r.Last}); err != nil {
			rows.Close()
			return nil, err
		}
		out = append(out, &r)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	for _, r := range out {
		ev, err := tx.query(`SELECT o.id, o.channel, o.state, o.content, o.address, o.created_at, COALESCE(s.name, ''), COALESCE(ho.number, ''), COALESCE(rg.name, '')
			FROM opinions o LEFT JOIN stations s ON s.id = o.station_id LEFT JOIN hotline_orders ho ON ho.opinion_id = o.id
			LEFT JOIN regions rg ON rg.id = o.region_id
			WHERE o.township_id = ? AND o.category = ? AND o.created_at >= ? ORDER BY o.created_at DESC, o.id`, r.TownshipID, r.Category, ts(r.First))
		if err != nil {
			return nil, err
		}
		for ev.Next() {
			o := &opinion.Opinion{TownshipID: r.TownshipID, TownshipName: r.TownshipName, Category: r.Category}
			if err := ev.Scan(&o.ID, &o.Channel, &o.State, &o.Content, &o.Address, tsScan{&o.CreatedAt}, &o.StationName, &o.HotlineNumber, &o.RegionName); err != nil {
				ev.Close()
				return nil, err
			}
			r.Evidence = append(r.Evidence, o)
		}
		ev.Close()
		if err := ev.Err(); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// RecurringReminders tells the stationed deputies and the staff of each new
// candidate suggestion, once.
func (db *DB) RecurringReminders(ctx context.Context) error {
	return db.Sweep(ctx, func(tx *Tx) error {
		list, err := tx.recurring(nil)
		if err != nil {
			return err
		}
		for _, r := range list {
			if ok, err := tx.Once("recurring:" + r.Key() + ":" + renda.DateOf(r.First).String()); err != nil {
				return err
			} else if !ok {
				continue
			}
			title := "发现重复反映的问题"
			body := fmt.Sprintf("%s“%s”类问题近期被反映 %d 次，可考虑形成代表建议。", r.TownshipName, r.Category, r.Count)
			link := "/opinions/recurring"
			if err := tx.NotifyRoles([]renda.Role{renda.RoleStaff}, title, body, link); err != nil {
				return err
			}
			if err := tx.notifyStationed(r.TownshipID, title, body, link); err != nil {
				return err
			}
		}
		return nil
	})
}

// --- statistics ---

// StatRow is one line of a breakdown.
type StatRow struct {
	Key, Label              string
	Total, Open, Answered   int
	Satisfied, Basic, Unsat int
	Overdue                 int
	MedianDays              float64
	DutiesHeld, Visitors    int
	Receptions              int
}

// Rated counts the ratings of the row.
func (r StatRow) Rated() int { return r.Satisfied + r.Basic + r.Unsat }

// OpinionStats are the figures of citizens' opinions over a period.
type OpinionStats struct {
	From, To                          renda.Date
	Total, Open, Answered, Overdue    int
	Escalated, Closed                 int
	Satisfied, Basic, Unsatisfied     int
	MedianDays                        float64 // median time from submission to answer, in days
	ByChannel, ByCategory, ByTownship []StatRow
	ByStation                         []StatRow // with reception days held and citizens received
	DutiesHeld, Visitors              int
}

// Rated counts the ratings.
func (s *OpinionStats) Rated() int { return s.Satisfied + s.Basic + s.Unsatisfied }

// OpinionStatsFilter chooses the opinion statistics of a period.
type OpinionStatsFilter struct {
	From, To renda.Date // the days of submission in China time, both included
	// Recount computes the figures from the opinions themselves instead of
	// the margin tables (opinion_stat_days and opinion_stat_months), with
	// the same definitions: for the tests that compare the two, and the
	// benchmark.
	Recount bool
}

// OpinionStatistics computes the figures of the opinions submitted in
// [from, to] (staff side).
func (db *DB) OpinionStatistics(ctx context.Context, viewer *renda.User, from, to renda.Date) (*OpinionStats, error) {
	return db.OpinionStatisticsOf(ctx, viewer, OpinionStatsFilter{From: from, To: to})
}

// OpinionStatisticsOf computes the figures of the opinions submitted in
// the filter's period (staff side): counts and the answer-time histograms
// from the margin tables (whole months from opinion_stat_months, the days at
// the ends from opinion_stat_days), overdue from the open items past their
// due day, and the stations' reception days and visitors.
func (db *DB) OpinionStatisticsOf(ctx context.Context, viewer *renda.User, f OpinionStatsFilter) (*OpinionStats, error) {
	if !viewer.IsStaffSide() {
		return nil, renda.Errorf(renda.EFORBIDDEN, "只有工作人员和常委会领导可以查看统计")
	}
	from, to := f.From, f.To
	st := &OpinionStats{From: from, To: to}
	today := renda.DateOf(db.clock.Now())
	err := db.read(ctx, func(tx *Tx) error {
		groups := map[string]map[string]*opinionStatAcc{"channel": {}, "category": {}, "township": {}, "station": {}}
		var all answerHistogram
		group := func(kind, key, label string) *opinionStatAcc {
			if key == "" {
				key, label = "-", "（未定）"
			}
			a := groups[kind][key]
			if a == nil {
				a = &opinionStatAcc{row: StatRow{Key: key, Label: label}}
				groups[kind][key] = a
			}
			return a
		}
		var err error
		if f.Recount {
			err = tx.recountOpinionStats(st, from, to, today, group, &all)
		} else {
			err = tx.summedOpinionStats(st, from, to, today, group, &all)
		}
		if err != nil {
			return err
		}
		st.MedianDays = all.medianDays()
		// Reception days held and citizens received, per station.
		rows, err := tx.query(`SELECT s.id, s.name, (SELECT COUNT(*) FROM duties y WHERE y.station_id = s.id AND y.status = 'held' AND y.day >= ? AND y.day <= ?),
			(SELECT COUNT(*) FROM receptions e WHERE e.station_id = s.id AND e.day >= ? AND e.day <= ?),
			(SELECT COALESCE(SUM(e.visitors), 0) FROM receptions e WHERE e.station_id = s.id AND e.day >= ? AND e.day <= ?)
			FROM stations s`, from.String(), to.String(), from.String(), to.String(), from.String(), to.String())
		if err != nil {
			return err
		}
		for rows.Next() {
			var id, name string
			var held, recs, visitors int
			if err := rows.Scan(&id, &name, &held, &recs, &visitors); err != nil {
				rows.Close()
				return err
			}
			st.DutiesHeld += held
			st.Visitors += visitors
			if held == 0 && recs == 0 && groups["station"][id] == nil {
				continue
			}
			r := &group("station", id, name).row
			r.DutiesHeld, r.Receptions, r.Visitors = held, recs, visitors
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		list := func(kind string) []StatRow {
			var out []StatRow
			for _, a := range groups[kind] {
				a.row.MedianDays = a.hist.medianDays()
				out = append(out, a.row)
			}
			sort.Slice(out, func(i, j int) bool {
				if out[i].Total != out[j].Total {
					return out[i].Total > out[j].Total
				}
				if out[i].Visitors != out[j].Visitors {
					return out[i].Visitors > out[j].Visitors
				}
				if out[i].Label != out[j].Label {
					return out[i].Label < out[j].Label
				}
				return out[i].Key < out[j].Key
			})
			return out
		}
		st.ByChannel, st.ByCategory, st.ByTownship, st.ByStation = list("channel"), list("category"), list("township"), list("station")
		return nil
	})
	return st, err
}

// --- loading history (the demo) ---

// Replay runs fn inside a seeding transaction as actor at the instant at
// (through SeedAs, so its audit records carry that actor and time), then
// gives the transaction back its own actor and time. Messages fn put in the
// outbox are marked sent at that time: history is not sent again. The demo
// replays its year of stations and opinions event by event in time order.
func (tx *Tx) Replay(actor *renda.User, at time.Time, fn func(*Tx) error) error {
	savedActor, savedNow := tx.actor, tx.now
	if err := tx.SeedAs(actor, at); err != nil {
		return err
	}
	defer func() { tx.actor, tx.now = savedActor, savedNow }()
	enqueued := tx.enqueued
	if err := fn(tx); err != nil {
		return err
	}
	if err := tx.appendAudit(); err != nil {
		return err
	}
	if tx.enqueued == enqueued {
		return nil
	}
	_, err := tx.exec("UPDATE outbox SET status = 'sent', sent_at = created_at, attempts = 1 WHERE status = 'pending' AND created_at = ?", ts(tx.now))
	return err
}

var _ = strings.TrimSpace

// OpinionHandler returns the deputy an opinion is with ("" for none).
func (tx *Tx) OpinionHandler(id string) (string, error) {
	var h string
	err := tx.queryRow("SELECT COALESCE(handler_id, '') FROM opinions WHERE id = ?", id).Scan(&h)
	return h, notFound(err, "意见不存在")
}

// HotlineOpinionID returns the opinion made of a 12345 order.
func (tx *Tx) HotlineOpinionID(number string) (string, error) {
	var id string
	err := tx.queryRow("SELECT opinion_id FROM hotline_orders WHERE number = ?", number).Scan(&id)
	return id, notFound(err, "工单不存在")
}

// RateAsCitizen records a rating given on the citizen's behalf (loading
// history: the demo, or ratings collected by a call back), by the same rules
// as RateOpinion. An opinion not answered (yet) is left alone.
func (tx *Tx) RateAsCitizen(id, rating, note string) error {
	r, err := scanOpinion(tx.queryRow("SELECT "+opinionColumns+opinionFrom+" WHERE o.id = ?", id))
	if err != nil {
		return notFound(err, "意见不存在")
	}
	if r.State != opinion.Answered {
		return nil
	}
	return tx.rateOpinion(r, rating, note)
}

// rateOpinion takes the citizen's "rate" action.
func (tx *Tx) rateOpinion(r *opinionRow, rating, note string) error {
	o, err := tx.db.open(r)
	if err != nil {
		return err
	}
	raw := renda.Values{"rating": {rating}}
	if note != "" {
		raw["note"] = []string{note}
	}
	next, _, err := opinionFlow.runAs(tx, renda.Rel{"citizen"}, o, "rate", raw, nil)
	if err == nil {
		*r.Opinion = *next
	}
	return err
}

// ArchiveIfUnrated closes one answered opinion left unrated, as the sweep
// does (loading history: the demo).
func (tx *Tx) ArchiveIfUnrated(id string) error {
	r, err := scanOpinion(tx.queryRow("SELECT "+opinionColumns+opinionFrom+" WHERE o.id = ?", id))
	if err != nil {
		return notFound(err, "意见不存在")
	}
	if r.State != opinion.Answered {
		return nil
	}
	_, err = tx.actOnOpinionAs(r, "archive", renda.Rel{"system"}, nil)
	return err
}
