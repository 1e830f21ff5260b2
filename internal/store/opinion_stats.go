package store

import (
	"fmt"
	"math"
	"slices"
	"time"

	"renda"
	"renda/opinion"
)

// The opinion statistics read margin tables kept in step by triggers on
// opinions (migration 01600): opinion_stat_days holds, per day of creation
// in China time and per group — the overall figures (kind ''), each
// channel, category, township and station — how many opinions there are,
// open, answered, escalated, closed and rated each way, and a histogram of
// the time to answer; opinion_stat_months the same per month, so that a
// period reads its whole months from the month rows and only the days at
// its ends from the day rows. Overdue depends on today and is counted from
// the open items past their due day (index opinions_due).

// opinionAnswerHours are the lower edges, in hours, of the buckets of the
// answer-time histogram (columns h00…h23): bucket i holds the answers given
// at least opinionAnswerHours[i] and less than opinionAnswerHours[i+1]
// hours after submission, the last one everything from 90 days. The time
// is measured in whole seconds (both timestamps cut to the second); an
// answer recorded before its submission counts in the first bucket.
var opinionAnswerHours = [opinionBuckets]int{0, 1, 2, 4, 6, 9, 12, 18, 24, 36, 48, 72, 96, 120, 144, 168, 216, 264, 336, 432, 528, 720, 1440, 2160}

const opinionBuckets = 24

// opinionBucket is the bucket of an answer given at answered to an opinion
// submitted at created.
func opinionBucket(created, answered time.Time) int {
	secs := answered.Unix() - created.Unix()
	for i := opinionBuckets - 1; i > 0; i-- {
		if secs >= int64(opinionAnswerHours[i])*3600 {
			return i
		}
	}
	return 0
}

// answerHistogram counts the answers of a group by bucket.
type answerHistogram [opinionBuckets]int

// medianDays is the median time to answer as the statistics define it: the
// median of the grouped distribution — the bucket holding the middle answer
// (the n/2-th), interpolated linearly within it as if its answers were
// spread evenly over it (the last, open bucket gives its lower edge) —
// rounded down to the whole hour, then given in days to two decimals. It
// is an estimate: the true median of the times lies in the same bucket
// (1–3 hours wide below half a day, 6–12 hours up to 2 days, a day up to 7
// days, wider beyond). 0 when nothing was answered.
func (h *answerHistogram) medianDays() float64 {
	n := 0
	for _, c := range h {
		n += c
	}
	if n == 0 {
		return 0
	}
	mid, below := float64(n)/2, 0
	for i, c := range h {
		if c > 0 && float64(below+c) >= mid {
			hours := float64(opinionAnswerHours[i])
			if i < opinionBuckets-1 {
				hours += (mid - float64(below)) / float64(c) * float64(opinionAnswerHours[i+1]-opinionAnswerHours[i])
			}
			return math.Round(math.Floor(hours)/24*100) / 100
		}
		below += c
	}
	return 0
}

// statSpans splits the period [from, to] into the days before its first
// whole month, its whole months and the days after its last whole month,
// as inclusive ranges of day and month keys ("YYYY-MM-DD", "YYYY-MM"). An
// empty range is ("1", "0").
func statSpans(from, to renda.Date) (days1, months, days2 [2]string) {
	none := [2]string{"1", "0"}
	first := from
	if from.Day != 1 {
		first = renda.NewDate(from.Year, from.Month+1, 1)
	}
	last := to
	if to.AddDays(1).Day != 1 {
		last = renda.NewDate(to.Year, to.Month, 1).AddDays(-1)
	}
	if last.Before(first) {
		return [2]string{from.String(), to.String()}, none, none
	}
	days1, months, days2 = none, [2]string{first.String()[:7], last.String()[:7]}, none
	if first != from {
		days1 = [2]string{from.String(), first.AddDays(-1).String()}
	}
	if last != to {
		days2 = [2]string{last.AddDays(1).String(), to.String()}
	}
	return days1, months, days2
}

// opinionStatAcc gathers the figures of one group.
type opinionStatAcc struct {
	row  StatRow
	hist answerHistogram
}

// countOpinion adds one opinion to a row's figures.
func (r *StatRow) countOpinion(state, rating string, answered bool) {
	r.Total++
	if slices.Contains(opinion.OpenStates, state) {
		r.Open++
	}
	if answered {
		r.Answered++
	}
	switch rating {
	case renda.RatingSatisfied:
		r.Satisfied++
	case renda.RatingBasic:
		r.Basic++
	case renda.RatingUnsatisfied:
		r.Unsat++
	}
}

// recountOpinionStats counts the figures from the opinions submitted in the
// period: the statistics as they were before the margin tables, with the
// median from the same histogram.
func (tx *Tx) recountOpinionStats(st *OpinionStats, from, to, today renda.Date, group func(kind, key, label string) *opinionStatAcc, all *answerHistogram) error {
	rows, err := tx.query(`SELECT o.channel, o.category, COALESCE(t.id, ''), COALESCE(t.name, ''), COALESCE(s.id, ''), COALESCE(s.name, ''),
		o.state, o.due, o.rating, o.created_at, o.answered_at
		FROM opinions o LEFT JOIN regions t ON t.id = o.township_id LEFT JOIN stations s ON s.id = o.station_id
		WHERE o.created_at >= ? AND o.created_at < ?`, ts(from.Start()), ts(to.End()))
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var channel, category, townID, town, stationID, station, state, rating string
		var due renda.Date
		var created, answered time.Time
		if err := rows.Scan(&channel, &category, &townID, &town, &stationID, &station, &state, dayScan{&due}, &rating, tsScan{&created}, tsScan{&answered}); err != nil {
			return err
		}
		overdue := slices.Contains(opinion.OpenStates, state) && !due.IsZero() && due.Before(today)
		bucket := -1
		if !answered.IsZero() {
			bucket = opinionBucket(created, answered)
			all[bucket]++
		}
		var overall StatRow
		overall.countOpinion(state, rating, !answered.IsZero())
		st.Total++
		st.Open += overall.Open
		st.Answered += overall.Answered
		st.Satisfied += overall.Satisfied
		st.Basic += overall.Basic
		st.Unsatisfied += overall.Unsat
		switch state {
		case opinion.Escalated:
			st.Escalated++
		case opinion.Closed:
			st.Closed++
		}
		if overdue {
			st.Overdue++
		}
		add := func(a *opinionStatAcc) {
			a.row.countOpinion(state, rating, !answered.IsZero())
			if overdue {
				a.row.Overdue++
			}
			if bucket >= 0 {
				a.hist[bucket]++
			}
		}
		add(group("channel", channel, opinion.ChannelLabel(channel)))
		add(group("category", category, category))
		add(group("township", townID, town))
		if stationID != "" {
			add(group("station", stationID, station))
		}
	}
	return rows.Err()
}

// summedOpinionStats reads the figures of the period from the margin
// tables, and counts overdue from the open items past their due day
// (index opinions_due (state, due)).
func (tx *Tx) summedOpinionStats(st *OpinionStats, from, to, today renda.Date, group func(kind, key, label string) *opinionStatAcc, all *answerHistogram) error {
	cols := "total, open, answered, escalated, closed, satisfied, basic, unsatisfied"
	sums := "SUM(total), SUM(open), SUM(answered), SUM(escalated), SUM(closed), SUM(satisfied), SUM(basic), SUM(unsatisfied)"
	for i := range opinionBuckets {
		cols += fmt.Sprintf(", h%02d", i)
		sums += fmt.Sprintf(", SUM(h%02d)", i)
	}
	days1, months, days2 := statSpans(from, to)
	rows, err := tx.query(`SELECT a.*, COALESCE(t.name, ''), COALESCE(s.name, '') FROM (SELECT kind, grp, `+sums+` FROM (
			SELECT kind, grp, `+cols+` FROM opinion_stat_days WHERE day >= ? AND day <= ?
			UNION ALL SELECT kind, grp, `+cols+` FROM opinion_stat_months WHERE month >= ? AND month <= ?
			UNION ALL SELECT kind, grp, `+cols+` FROM opinion_stat_days WHERE day >= ? AND day <= ?) u
		GROUP BY kind, grp) a
		LEFT JOIN regions t ON a.kind = 'township' AND t.id = a.grp
		LEFT JOIN stations s ON a.kind = 'station' AND s.id = a.grp`, days1[0], days1[1], months[0], months[1], days2[0], days2[1])
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var kind, key, town, station string
		var r StatRow
		var escalated, closed int
		var h answerHistogram
		dest := []any{&kind, &key, &r.Total, &r.Open, &r.Answered, &escalated, &closed, &r.Satisfied, &r.Basic, &r.Unsat}
		for i := range h {
			dest = append(dest, &h[i])
		}
		if err := rows.Scan(append(dest, &town, &station)...); err != nil {
			return err
		}
		if r.Total == 0 {
			continue // every opinion of the group moved or went
		}
		var a *opinionStatAcc
		switch kind {
		case "":
			st.Total, st.Open, st.Answered, st.Escalated, st.Closed = r.Total, r.Open, r.Answered, escalated, closed
			st.Satisfied, st.Basic, st.Unsatisfied = r.Satisfied, r.Basic, r.Unsat
			*all = h
			continue
		case "channel":
			a = group(kind, key, opinion.ChannelLabel(key))
		case "category":
			a = group(kind, key, key)
		case "township":
			a = group(kind, key, town)
		case "station":
			a = group(kind, key, station)
		default:
			continue
		}
		a.row.Total, a.row.Open, a.row.Answered = r.Total, r.Open, r.Answered
		a.row.Satisfied, a.row.Basic, a.row.Unsat = r.Satisfied, r.Basic, r.Unsat
		a.hist = h
	}
	if err := rows.Err(); err != nil {
		return err
	}
	rows.Close()
	// Overdue: the open items of the period past their due day, summed
	// from opinion_open_due (migration 01738: open items by margin, due day
	// and day of creation, only what is open), in the key's order.
	rows, err = tx.query(`SELECT kind, grp, SUM(n) FROM opinion_open_due WHERE due < ? AND day >= ? AND day <= ?
		GROUP BY kind, grp`, today.String(), from.String(), to.String())
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var kind, key string
		var n int
		if err := rows.Scan(&kind, &key, &n); err != nil {
			return err
		}
		switch kind {
		case "":
			st.Overdue += n
		case "channel":
			group(kind, key, opinion.ChannelLabel(key)).row.Overdue += n
		case "category":
			group(kind, key, key).row.Overdue += n
		case "township":
			group(kind, key, "").row.Overdue += n
		case "station":
			if key != "" {
				group(kind, key, "").row.Overdue += n
			}
		}
	}
	return rows.Err()
}
