package store_test

import (
	"context"
	"reflect"
	"strings"
	"testing"

	"renda"
	"renda/internal/store"
	"renda/internal/storetest"
	"renda/opinion"
)

// TestOpinionStatisticsFromSummary: the opinion statistics of a period,
// read from the margin tables kept in step by triggers (opinion_stat_days,
// opinion_stat_months), equal a recount of the opinions (the same
// definitions, the median from the same histogram) for whole years, whole
// months, periods with days at both ends and single days at the turn of a
// month in China time, after opinions added in bulk, actions of the
// workflow (answer, rate, reopen by 不满意, escalate, close), direct changes
// of the creation time (across the turn of a day: 16:00Z), the answer time
// (at a bucket's edge), states, ratings, channels, categories, townships and
// stations, and deletes.
func TestOpinionStatisticsFromSummary(t *testing.T) {
	ctx := context.Background()
	for _, d := range storetest.Dialects(t) {
		t.Run(d.String(), func(t *testing.T) {
			db, f, _ := synthetic(t, d, 30)
			raw := store.RawDB(db)
			exec := func(q string, args ...any) {
				t.Helper()
				if d == store.Postgres {
					for i := 1; strings.Contains(q, "?"); i++ {
						q = strings.Replace(q, "?", "$"+itoa(i), 1)
					}
				}
				if _, err := raw.Exec(q, args...); err != nil {
					t.Fatalf("%s: %v", q, err)
				}
			}
			date := func(s string) renda.Date {
				t.Helper()
				v, err := renda.ParseDate(s)
				if err != nil {
					t.Fatal(err)
				}
				return v
			}
			periods := [][2]string{
				{"2020-01-01", "2027-12-31"}, // everything
				{"2025-01-01", "2025-12-31"}, // a year: its months
				{"2026-01-01", "2026-12-06"}, // this year so far (the page's default)
				{"2025-03-15", "2025-08-10"}, // days, months, days
				{"2025-06-15", "2025-07-14"}, // days on both sides of a turn of a month
				{"2025-06-01", "2025-06-30"}, // one whole month
				{"2025-07-01", "2025-07-31"},
				{"2025-06-30", "2025-06-30"}, // the days at the turn of the month
				{"2025-07-01", "2025-07-01"},
				{"2025-03-10", "2025-03-10"},
				{"2026-11-16", "2026-11-30"}, // recent: open and overdue items
			}
			check := func(step string) {
				t.Helper()
				var days, months, items int
				if err := raw.QueryRow(`SELECT (SELECT COALESCE(SUM(total), 0) FROM opinion_stat_days WHERE kind = ''),
					(SELECT COALESCE(SUM(total), 0) FROM opinion_stat_months WHERE kind = ''), (SELECT COUNT(*) FROM opinions)`).Scan(&days, &months, &items); err != nil || days != items || months != items {
					t.Errorf("%s: %d opinions in the day rows, %d in the month rows, %d in the table (%v)", step, days, months, items, err)
				}
				// opinion_open_due holds only what is open: no row at zero.
				var zero, open, openItems int
				if err := raw.QueryRow(`SELECT (SELECT COUNT(*) FROM opinion_open_due WHERE n <= 0), (SELECT COALESCE(SUM(n), 0) FROM opinion_open_due WHERE kind = ''),
					(SELECT COUNT(*) FROM opinions WHERE state IN ('submitted', 'received', 'forwarded', 'handling', 'replied', 'supervised') AND due IS NOT NULL)`).Scan(&zero, &open, &openItems); err != nil || zero != 0 || open != openItems {
					t.Errorf("%s: opinion_open_due: %d rows at zero or below, %d open items counted, %d in the table (%v)", step, zero, open, openItems, err)
				}
				for _, p := range periods {
					fl := store.OpinionStatsFilter{From: date(p[0]), To: date(p[1])}
					got, err := db.OpinionStatisticsOf(ctx, f.Staff, fl)
					if err != nil {
						t.Fatal(err)
					}
					fl.Recount = true
					want, err := db.OpinionStatisticsOf(ctx, f.Staff, fl)
					if err != nil {
						t.Fatal(err)
					}
					if !reflect.DeepEqual(got, want) {
						t.Errorf("%s, %s to %s: from the summary\n%+v\nrecounted\n%+v", step, p[0], p[1], *got, *want)
					}
					if p[0] == "2020-01-01" && (want.Total != items || want.Answered == 0 || want.Overdue == 0 || want.MedianDays == 0 ||
						len(want.ByChannel) < 2 || len(want.ByTownship) < 2 || len(want.ByStation) == 0 || want.Satisfied == 0) {
						t.Errorf("%s: too little to compare: %+v", step, *want)
					}
				}
			}
			check("after the bulk load")

			// Workflow actions on new opinions of the synthetic station.
			var ids []string
			for i := range 6 {
				o, err := db.SubmitOpinion(ctx, nil, opinion.Submission{Channel: opinion.ChannelQR, StationCode: "sbaifang", Category: []string{"教育", "道路交通"}[i%2],
					Content: "村口的路灯坏了三个月。", Phone: "13900001234", Consent: true}, nil)
				if err != nil {
					t.Fatal(err)
				}
				ids = append(ids, o.ID)
			}
			act := func(who *renda.User, id, action string, in renda.Values) {
				t.Helper()
				if _, err := db.ActOnOpinion(ctx, who, id, action, in); err != nil {
					t.Fatalf("%s: %v", action, err)
				}
			}
			rate := func(id, rating string) {
				t.Helper()
				o, err := db.Opinion(ctx, f.Staff, id)
				if err != nil {
					t.Fatal(err)
				}
				if _, err := db.RateOpinion(ctx, o.TrackingCode, "1234", "", rating, ""); err != nil {
					t.Fatal(err)
				}
			}
			for _, id := range ids[:4] {
				act(f.DeputyUser, id, "answer", renda.V("text", "已处理。"))
			}
			rate(ids[0], renda.RatingSatisfied)
			rate(ids[1], renda.RatingBasic)
			rate(ids[2], renda.RatingUnsatisfied) // back to the deputy: open again
			act(f.DeputyUser, ids[4], "escalate", renda.V("title", "关于修复村口路灯的建议", "text", "多次反映。"))
			set, err := db.Settings(ctx)
			if err != nil {
				t.Fatal(err)
			}
			act(f.Staff, ids[5], "close", renda.V("reason", set.Strings("opinion.close_reasons")[0], "text", "依法通过诉讼解决。"))
			check("after the actions")

			// Direct changes of what the figures depend on. Creation at the
			// turn of a day and a month in China time (00:00 on 1 July is
			// 16:00Z on 30 June), and a microsecond before.
			pick := func(cond string, n int) string {
				return "id IN (SELECT id FROM opinions WHERE " + cond + " ORDER BY id LIMIT " + itoa(n) + ")"
			}
			exec("UPDATE opinions SET created_at = '2025-06-30T16:00:00.000000Z' WHERE " + pick("state = 'closed' AND answered_at IS NULL", 2))
			exec("UPDATE opinions SET created_at = '2025-06-30T15:59:59.999999Z' WHERE " + pick("state = 'received'", 2))
			exec("UPDATE opinions SET created_at = '2025-06-30T16:00:00.000000Z', due = '2025-07-15' WHERE " + pick("state = 'submitted'", 1))
			// Answers at the edges of the histogram's buckets: exactly 2 hours
			// (the 2-hour bucket), a microsecond less (the second cut off:
			// 1:59:59, the 1-hour bucket), 9 days, and before the submission.
			exec("UPDATE opinions SET created_at = '2025-03-10T01:00:00.000000Z', answered_at = '2025-03-10T03:00:00.000000Z' WHERE " + pick("answered_at IS NOT NULL", 1))
			exec("UPDATE opinions SET created_at = '2025-03-10T01:00:00.000000Z', answered_at = '2025-03-10T02:59:59.999999Z' WHERE " + pick("answered_at IS NOT NULL AND created_at > '2025-03-11'", 1))
			exec("UPDATE opinions SET created_at = '2025-03-09T16:00:00.000000Z', answered_at = '2025-03-18T16:00:00.000000Z' WHERE " + pick("answered_at IS NOT NULL AND created_at > '2025-03-11'", 2))
			exec("UPDATE opinions SET created_at = '2025-03-10T15:59:59.000000Z', answered_at = '2025-03-10T10:00:00.000000Z' WHERE " + pick("answered_at IS NOT NULL AND created_at > '2025-03-11'", 1))
			exec("UPDATE opinions SET answered_at = NULL WHERE " + pick("answered_at IS NOT NULL AND created_at > '2025-03-11'", 2))
			exec("UPDATE opinions SET state = 'closed' WHERE " + pick("state = 'handling'", 3))
			exec("UPDATE opinions SET state = 'escalated' WHERE " + pick("state = 'forwarded'", 1))
			exec("UPDATE opinions SET state = 'handling' WHERE " + pick("state = 'submitted'", 2)) // open to open
			exec("UPDATE opinions SET rating = 'unsatisfied' WHERE " + pick("rating = 'satisfied'", 3))
			exec("UPDATE opinions SET rating = '' WHERE " + pick("rating = 'basically_satisfied'", 1))
			exec("UPDATE opinions SET category = '' WHERE " + pick("category <> ''", 2))
			exec("UPDATE opinions SET channel = 'reception' WHERE " + pick("channel = 'qr'", 2))
			exec("UPDATE opinions SET township_id = NULL WHERE " + pick("township_id IS NOT NULL", 2))
			exec("UPDATE opinions SET station_id = NULL WHERE " + pick("station_id IS NOT NULL", 2))
			exec("UPDATE opinions SET station_id = (SELECT id FROM stations ORDER BY id LIMIT 1) WHERE " + pick("station_id IS NULL AND channel = 'hotline'", 2))
			exec("UPDATE opinions SET due = '2026-12-01' WHERE " + pick("state = 'received' AND created_at > '2026-11-16'", 2))
			// Overdue items given time (a due day far ahead), and the
			// due day removed from an open item.
			earliest := func(n int) string {
				return "id IN (SELECT id FROM opinions WHERE state IN ('submitted', 'received', 'forwarded', 'handling', 'replied', 'supervised') AND due IS NOT NULL ORDER BY due, id LIMIT " + itoa(n) + ")"
			}
			exec("UPDATE opinions SET due = '2099-01-01' WHERE " + earliest(3))
			exec("UPDATE opinions SET due = NULL WHERE " + earliest(1))
			// Deletes (opinions no 12345 order points at).
			exec("DELETE FROM opinions WHERE " + pick("channel <> 'hotline' AND id NOT IN (SELECT opinion_id FROM hotline_events)", 5))
			check("after direct changes")

			// More items on top of the changed ones.
			if _, err := db.SeedSynthetic(ctx, 7, nil); err != nil {
				t.Fatal(err)
			}
			check("after more items")
		})
	}
}
