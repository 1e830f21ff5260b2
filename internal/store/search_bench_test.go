package store_test

import (
	"context"
	"fmt"
	"os"
	"runtime/pprof"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"renda"
	"renda/internal/store"
	"renda/internal/storetest"
)

// BenchmarkSearchCommon measures search on the synthetic data of
// RENDA_BENCH_N suggestions (default 5,000; 20×N opinions and orders): a
// very common term for staff (路灯: one opinion in fifteen), the same with a
// year filter, a page deep in the results, a unit's search of a common
// character, and a selective term (one 12345 order's number). Reports the
// median and the maximum in ms over RENDA_BENCH_REPS runs each (default
// 41), the CPU time this process spent (median), and the plans of the
// candidates' query; RENDA_BENCH_CPUPROFILE=file profiles the searches.
// SQLite, or PostgreSQL with RENDA_BENCH_DB=postgres (and
// RENDA_TEST_POSTGRES).
func BenchmarkSearchCommon(b *testing.B) {
	ctx := context.Background()
	n := 5000
	if v, err := strconv.Atoi(os.Getenv("RENDA_BENCH_N")); err == nil && v > 0 {
		n = v
	}
	d := store.SQLite
	if os.Getenv("RENDA_BENCH_DB") == "postgres" {
		d = store.Postgres
	}
	db := storetest.Open(b, d, nil)
	f := storetest.Fixture(b, db)
	t0 := time.Now()
	if _, err := db.SeedSynthetic(ctx, n, nil); err != nil {
		b.Fatal(err)
	}
	b.Logf("seeded %d suggestions in %s", n, time.Since(t0).Round(time.Millisecond))
	if d == store.Postgres { // as autovacuum would, for the planner's statistics
		if _, err := store.RawDB(db).ExecContext(ctx, "ANALYZE"); err != nil {
			b.Fatal(err)
		}
	}
	// The candidates' plans.
	for _, c := range []struct {
		viewer *renda.User
		q      string
	}{{f.Staff, "路灯"}, {f.UnitUser, "水"}, {f.Staff, "G356国道"}} {
		q, args := store.SearchCandsQuery(db, c.viewer, c.q)
		explain := "EXPLAIN QUERY PLAN "
		if d == store.Postgres {
			explain = "EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF) "
		}
		rows, err := store.RawDB(db).QueryContext(ctx, explain+q, args...)
		if err != nil {
			b.Fatal(err)
		}
		var plan []string
		for rows.Next() {
			cols, _ := rows.Columns()
			vals := make([]any, len(cols))
			ptrs := make([]any, len(cols))
			for i := range vals {
				ptrs[i] = &vals[i]
			}
			if err := rows.Scan(ptrs...); err != nil {
				b.Fatal(err)
			}
			plan = append(plan, fmt.Sprint(vals[len(vals)-1]))
		}
		rows.Close()
		fmt.Fprintf(os.Stderr, "plan of %s (%s):\n%s\n", c.q, c.viewer.Role, strings.Join(plan, "\n"))
	}
	// A selective term: one 12345 order's number.
	var number string
	if err := store.RawDB(db).QueryRowContext(ctx, "SELECT title FROM search_docs WHERE kind = 'hotline' AND substr(title, 1, 1) BETWEEN '0' AND '9' ORDER BY id LIMIT 1").Scan(&number); err != nil {
		b.Fatal(err)
	}
	number, _, _ = strings.Cut(number, " ")
	reps := 41
	if v, err := strconv.Atoi(os.Getenv("RENDA_BENCH_REPS")); err == nil && v > 0 {
		reps = v
	}
	cases := []struct {
		name   string
		viewer *renda.User
		f      store.SearchFilter
	}{
		{"staff-路灯", f.Staff, store.SearchFilter{Q: "路灯", Limit: 20}},
		{"staff-路灯-year", f.Staff, store.SearchFilter{Q: "路灯", Year: store.SyntheticAnchor.Year() - 2, Limit: 20}},
		{"staff-路灯-page5", f.Staff, store.SearchFilter{Q: "路灯", Limit: 20, Offset: 80}},
		{"unit-水", f.UnitUser, store.SearchFilter{Q: "水", Limit: 20}},
		{"staff-number", f.Staff, store.SearchFilter{Q: number, Limit: 20}},
	}
	if p := os.Getenv("RENDA_BENCH_CPUPROFILE"); p != "" { // the searches only, not the seeding
		w, err := os.Create(p)
		if err != nil {
			b.Fatal(err)
		}
		if err := pprof.StartCPUProfile(w); err != nil {
			b.Fatal(err)
		}
		defer pprof.StopCPUProfile()
	}
	b.ResetTimer()
	for range b.N {
		for _, c := range cases {
			var ts, cpu []time.Duration
			var res *store.SearchResult
			for range reps {
				t, c0 := time.Now(), cpuTime()
				r, err := db.Search(ctx, c.viewer, c.f)
				if err != nil {
					b.Fatal(err)
				}
				ts, cpu = append(ts, time.Since(t)), append(cpu, cpuTime()-c0)
				res = r
			}
			slices.Sort(ts)
			slices.Sort(cpu)
			cpu50 := float64(cpu[len(cpu)/2].Microseconds()) / 1000
			p50, p99 := float64(ts[len(ts)/2].Microseconds())/1000, float64(ts[len(ts)-1].Microseconds())/1000
			fmt.Fprintf(os.Stderr, "%s N=%d %s: p50 %.1f ms, max %.1f ms, CPU p50 %.1f ms, total %d (lower bound %v), %d items\n", d, n, c.name, p50, p99, cpu50, res.Total, res.TotalIsLowerBound, len(res.Items))
			b.ReportMetric(p50, c.name+"-p50-ms")
			b.ReportMetric(cpu50, c.name+"-cpu-ms")
			b.ReportMetric(p99, c.name+"-max-ms")
		}
	}
}

// cpuTime is the CPU time this process has used (user and system): the
// machine the benchmarks run on is shared, so wall time is mostly queueing.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
