package web_test

import (
	"fmt"
	"html"
	"math/rand/v2"
	"net/http"
	"os"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"renda"
	"renda/internal/apptest"
	"renda/internal/demo"
	"renda/internal/store"
)

// BenchmarkSuggestionPages measures the list and statistics pages (and the
// API list) on the demo county plus n synthetic items — 10× the demo
// (2,500) and a province's volume (250,000) — as staff and as a unit, and
// reports the median and 99th percentile of the request time. Run:
//
//	go test ./internal/web -run '^$' -bench SuggestionPages -benchtime 1x -timeout 60m
//	RENDA_BENCH_DB=postgres go test … (on PostgreSQL, with RENDA_TEST_POSTGRES set)
func BenchmarkSuggestionPages(b *testing.B) {
	dialect := store.SQLite
	if strings.HasPrefix(os.Getenv("RENDA_BENCH_DB"), "postgres") {
		dialect = store.Postgres
	}
	for _, n := range []int{2500, 250000} {
		b.Run(fmt.Sprintf("%s/items=%d", dialect, n), func(b *testing.B) {
			a := apptest.New(b, apptest.Options{Dialect: dialect, Demo: true})
			t0 := time.Now()
			if err := addSyntheticSuggestions(a.DB, a.World, n); err != nil {
				b.Fatal(err)
			}
			b.Logf("loaded %d synthetic items in %s", n, time.Since(t0).Round(time.Millisecond))
			staff, unit := a.Browser("staff"), a.Browser("unit")
			staffTok := a.Token("staff")
			reps := 200
			if n > 10000 {
				reps = 40
			}
			if v, err := strconv.Atoi(os.Getenv("RENDA_BENCH_REPS")); err == nil && v > 0 {
				reps = v
			}
			// Page 50 of the list, by following the "next page" links.
			page50 := "/suggestions?view=all"
			for range 49 {
				m := nextPageRE.FindSubmatch(staff.Get(page50).Body)
				if m == nil {
					break
				}
				page50 = "/suggestions" + html.UnescapeString(string(m[1]))
			}
			b.ResetTimer()
			for range b.N {
				for _, c := range []struct {
					name string
					get  func() int
					reps int
				}{
					{"staff-list", func() int { return staff.Get("/suggestions?view=all").Status }, reps},
					{"staff-list-page-50", func() int { return staff.Get(page50).Status }, reps},
					{"staff-overdue", func() int { return staff.Get("/suggestions?view=overdue").Status }, reps},
					{"staff-search", func() int { return staff.Get("/suggestions?view=all&q=" + "%E6%B0%B4").Status }, reps},
					{"unit-list", func() int { return unit.Get("/suggestions?view=all").Status }, reps},
					{"unit-todo", func() int { return unit.Get("/suggestions?view=todo").Status }, reps},
					{"api-list", func() int { return a.Call("GET", "/api/v1/suggestions?status=assigned", staffTok, nil).Status }, reps},
					{"staff-stats", func() int { return staff.Get("/suggestions/stats?year=0").Status }, max(1, reps/4)},
					{"staff-stats-year", func() int { return staff.Get("/suggestions/stats").Status }, max(1, reps/4)},
					{"unit-stats", func() int { return unit.Get("/suggestions/stats?year=0").Status }, max(1, reps/4)},
					{"staff-home", func() int { return staff.Get("/").Status }, max(1, reps/2)},
				} {
					p50, p99 := measure(b, c.reps, 1, c.get)
					b.Logf("%-20s p50 %8.1f ms   p99 %8.1f ms", c.name, p50, p99)
					b.ReportMetric(p50, c.name+"-p50-ms")
					b.ReportMetric(p99, c.name+"-p99-ms")
				}
				// Eight clients at once on the list (2 cores).
				p50, p99 := measure(b, reps, 8, func() int { return staff.Get("/suggestions?view=all").Status })
				b.ReportMetric(p50, "staff-list-8clients-p50-ms")
				b.ReportMetric(p99, "staff-list-8clients-p99-ms")
			}
		})
	}
}

// nextPageRE finds the pager's "next page" link.
var nextPageRE = regexp.MustCompile(`href="(\?[^"]*)">下一页<`)

// measure runs get reps times per client with clients at once and returns
// the median and 99th percentile in milliseconds.
func measure(b *testing.B, reps, clients int, get func() int) (float64, float64) {
	var mu sync.Mutex
	var times []time.Duration
	var wg sync.WaitGroup
	for range clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range reps {
				t := time.Now()
				if st := get(); st != http.StatusOK {
					b.Errorf("status %d", st)
					return
				}
				d := time.Since(t)
				mu.Lock()
				times = append(times, d)
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	slices.Sort(times)
	if len(times) == 0 {
		return 0, 0
	}
	ms := func(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
	return ms(times[len(times)/2]), ms(times[min(len(times)-1, len(times)*99/100)])
}

// addSyntheticSuggestions inserts n items in one transaction, spread over
// the years, units, deputies and states, with their lead signer and unit.
// It writes rows directly (a benchmark's loader, not a workflow).
func addSyntheticSuggestions(db *store.DB, w *demo.World, n int) error {
	raw := store.RawDB(db)
	tx, err := raw.Begin()
	if err != nil {
		return err
	}
	defer tx.Rollback()
	r := rand.New(rand.NewPCG(1, 2))
	county := w.ByLevel[renda.LevelCounty]
	statuses := []string{"closed", "closed", "closed", "closed", "closed", "closed", "replied", "replied", "assigned", "assigned", "assigned", "rehandling", "submitted", "registered", "rejected"}
	cats := []string{"城乡建设", "交通运输", "水利", "农业农村", "教育科技", "医疗卫生", "社会保障", "生态环境", "经济发展", "政法"}
	ratings := []string{"satisfied", "satisfied", "satisfied", "basically_satisfied", "unsatisfied"}
	q := func(s string) string { return "'" + strings.ReplaceAll(s, "'", "''") + "'" }
	nul := func(s string) string {
		if s == "" {
			return "NULL"
		}
		return q(s)
	}
	b := func(v bool) string {
		if v {
			return "TRUE"
		}
		return "FALSE"
	}
	var sugs, signers, units []string
	flush := func(force bool) error {
		if len(sugs) < 400 && !force || len(sugs) == 0 {
			return nil
		}
		for _, stmt := range []string{
			`INSERT INTO suggestions (id, kind, number, seq, title, body, category, status, proposer_id, delegation_id, congress_id, session_id, during_session,
				lead_unit_id, handling_mode, assigned_on, first_due_on, due_on, round, reply_category, replied_on, first_replied_on, replied_on_time, rating, rated_on, rated_round,
				priority, created_at, submitted_at, registered_at, updated_at) VALUES ` + strings.Join(sugs, ","),
			"INSERT INTO suggestion_signers (suggestion_id, deputy_id, lead, status, invited_at) VALUES " + strings.Join(signers, ","),
		} {
			if _, err := tx.Exec(stmt); err != nil {
				return err
			}
		}
		if len(units) > 0 {
			if _, err := tx.Exec("INSERT INTO suggestion_units (suggestion_id, org_id, role, assigned_on, replied_round) VALUES " + strings.Join(units, ",")); err != nil {
				return err
			}
		}
		sugs, signers, units = sugs[:0], signers[:0], units[:0]
		return nil
	}
	now := renda.DateOf(w.Now)
	for i := range n {
		id := renda.NewID()
		st := statuses[r.IntN(len(statuses))]
		d := county[r.IntN(len(county))]
		unit := w.HandlingUnits[r.IntN(len(w.HandlingUnits))]
		submitted := now.AddDays(-r.IntN(6 * 365))
		sess := w.CountySessions[r.IntN(len(w.CountySessions))]
		title := fmt.Sprintf("关于%s第%d号事项的建议", cats[i%len(cats)], i)
		var lead, assigned, due, replied, cat, rating, rated string
		onTime, round := false, 0
		if st != "submitted" && st != "registered" && st != "rejected" {
			lead, round = unit.ID, 1
			assigned = submitted.AddDays(20).String()
			due = submitted.AddDays(20).AddMonths(3).String()
			if st == "assigned" {
				// Open items are recent: some due soon, some overdue.
				a := now.AddDays(-r.IntN(150))
				assigned, due = a.String(), a.AddMonths(3).String()
			}
			if st == "closed" || st == "replied" || st == "rehandling" {
				rp := submitted.AddDays(40 + r.IntN(80))
				replied, cat, onTime = rp.String(), string(rune('A'+r.IntN(4))), r.IntN(10) > 0
				if st != "replied" || r.IntN(2) == 0 {
					rating, rated = ratings[r.IntN(len(ratings))], rp.AddDays(5).String()
				}
			}
			units = append(units, fmt.Sprintf("(%s, %s, 'lead', %s, 0)", q(id), q(unit.ID), q(assigned)))
		}
		ratedRound := 0
		if rating != "" {
			ratedRound = round
		}
		sugs = append(sugs, fmt.Sprintf("(%s, 'suggestion', %s, %d, %s, '内容', %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %d, %s, %s, %s, %s, %s, %s, %d, %s, %s, %s, %s, %s)",
			q(id), q(fmt.Sprintf("第%d号", i+1)), i+1, q(title), q(cats[i%len(cats)]), q(st), q(d.ID), nul(d.DelegationID), q(d.CongressID), q(sess.ID), b(r.IntN(2) == 0),
			nul(lead), map[bool]string{true: "'lead'", false: "''"}[lead != ""], nul(assigned), nul(due), nul(due), round, q(cat), nul(replied), nul(replied), b(onTime),
			q(rating), nul(rated), ratedRound, b(r.IntN(200) == 0), q(ts(submitted)), q(ts(submitted)), q(ts(submitted)), q(ts(submitted))))
		signers = append(signers, fmt.Sprintf("(%s, %s, TRUE, 'confirmed', %s)", q(id), q(d.ID), q(ts(submitted))))
		if err := flush(false); err != nil {
			return err
		}
	}
	if err := flush(true); err != nil {
		return err
	}
	if err := tx.Commit(); err != nil {
		return err
	}
	_, err = raw.Exec("ANALYZE")
	return err
}

func ts(d renda.Date) string {
	return d.Start().Add(10 * time.Hour).UTC().Format("2006-01-02T15:04:05.000000Z")
}
