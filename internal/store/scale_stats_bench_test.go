package store_test

import (
	"context"
	"fmt"
	"os"
	"slices"
	"strconv"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"renda"
	"renda/internal/store"
	"renda/internal/storetest"
	"renda/opinion"
	"renda/station"
	"renda/suggestion"
)

// BenchmarkAllYearsStatistics compares, in one run on the synthetic data of
// RENDA_BENCH_N suggestions (default 5,000; 20×N opinions and orders), the
// statistics of all years and of one year from the summary tables with a
// recount of the items, and a deep page of the staff's list by cursor with
// the same page by OFFSET. Reports medians in ms. SQLite, or PostgreSQL with
// RENDA_BENCH_DB=postgres (and RENDA_TEST_POSTGRES).
func BenchmarkAllYearsStatistics(b *testing.B) {
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
	median := func(reps int, fn func()) float64 {
		var ts []time.Duration
		for range reps {
			t := time.Now()
			fn()
			ts = append(ts, time.Since(t))
		}
		slices.Sort(ts)
		return float64(ts[len(ts)/2].Microseconds()) / 1000
	}
	stats := func(recount bool) func() {
		return func() {
			if _, err := db.SuggestionStatistics(ctx, f.Staff, store.SuggestionStatsFilter{Recount: recount}); err != nil {
				b.Fatal(err)
			}
		}
	}
	// A year's statistics: the synthetic items' busiest year is the one
	// before the anchor day's.
	year := store.SyntheticAnchor.Year() - 1
	yearStats := func(recount bool) func() {
		return func() {
			if _, err := db.SuggestionStatistics(ctx, f.Staff, store.SuggestionStatsFilter{Year: year, Recount: recount}); err != nil {
				b.Fatal(err)
			}
		}
	}
	deep := min(100, n/30-1)
	cursor := ""
	for range deep {
		_, _, p, err := db.SuggestionPage(ctx, f.Staff, suggestion.Filter{Limit: 30}, cursor)
		if err != nil {
			b.Fatal(err)
		}
		cursor = p.Next
	}
	b.ResetTimer()
	for range b.N {
		sum, re := median(11, stats(false)), median(11, stats(true))
		ySum, yRe := median(11, yearStats(false)), median(11, yearStats(true))
		byCursor := median(21, func() {
			if _, _, _, err := db.SuggestionPage(ctx, f.Staff, suggestion.Filter{Limit: 30}, cursor); err != nil {
				b.Fatal(err)
			}
		})
		byOffset := median(21, func() {
			if _, _, err := db.Suggestions(ctx, f.Staff, suggestion.Filter{Limit: 30, Offset: deep * 30}); err != nil {
				b.Fatal(err)
			}
		})
		b.Logf("%s N=%d: all-years statistics %.1f ms from the summary, %.1f ms recounted (%.1f×); page %d by cursor %.1f ms, by OFFSET %.1f ms",
			d, n, sum, re, re/sum, deep+1, byCursor, byOffset)
		b.Logf("%s N=%d: statistics of %d %.1f ms from the summary, %.1f ms recounted (%.1f×)", d, n, year, ySum, yRe, yRe/ySum)
		b.ReportMetric(ySum, "year-summary-ms")
		b.ReportMetric(yRe, "year-recount-ms")
		b.ReportMetric(sum, "stats-summary-ms")
		b.ReportMetric(re, "stats-recount-ms")
		b.ReportMetric(byCursor, "page-cursor-ms")
		b.ReportMetric(byOffset, "page-offset-ms")
	}
}

// BenchmarkOpinionStatistics compares, in one run on the synthetic data of
// RENDA_BENCH_N suggestions (default 5,000; 20×N opinions and orders over
// five years), the opinion statistics from the margin tables with a recount
// of the opinions, for the page's default period (this year so far), a
// whole year, a period with days at both ends, and all five years. Logs the
// seeding time and medians in ms. SQLite, or PostgreSQL with
// RENDA_BENCH_DB=postgres (and RENDA_TEST_POSTGRES).
func BenchmarkOpinionStatistics(b *testing.B) {
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
	b.Logf("%s: seeded %d suggestions and %d opinions/orders in %s", d, n, n*store.SyntheticPerSuggestion, time.Since(t0).Round(time.Millisecond))
	median := func(reps int, fn func()) float64 {
		var ts []time.Duration
		for range reps {
			t := time.Now()
			fn()
			ts = append(ts, time.Since(t))
		}
		slices.Sort(ts)
		return float64(ts[len(ts)/2].Microseconds()) / 1000
	}
	anchor := renda.DateOf(store.SyntheticAnchor)
	periods := []struct {
		name     string
		from, to renda.Date
	}{
		{"this-year", renda.NewDate(anchor.Year, 1, 1), anchor},
		{"year", renda.NewDate(anchor.Year-1, 1, 1), renda.NewDate(anchor.Year-1, 12, 31)},
		{"days-months-days", renda.NewDate(anchor.Year-1, 3, 15), renda.NewDate(anchor.Year-1, 8, 10)},
		{"five-years", anchor.AddDays(-5 * 366), anchor},
	}
	b.ResetTimer()
	for range b.N {
		for _, p := range periods {
			stats := func(recount bool) func() {
				return func() {
					if _, err := db.OpinionStatisticsOf(ctx, f.Staff, store.OpinionStatsFilter{From: p.from, To: p.to, Recount: recount}); err != nil {
						b.Fatal(err)
					}
				}
			}
			sum, re := median(11, stats(false)), median(5, stats(true))
			b.Logf("%s N=%d, %s (%s to %s): %.1f ms from the summary, %.1f ms recounted (%.1f×)", d, n, p.name, p.from, p.to, sum, re, re/sum)
			b.ReportMetric(sum, p.name+"-summary-ms")
			b.ReportMetric(re, p.name+"-recount-ms")
		}
	}
}

// BenchmarkSyntheticSeedStatTriggers times the synthetic generator for
// RENDA_BENCH_N suggestions (default 2,000) into fresh databases with the
// opinion statistics' triggers (migration 01600) and, alternately, with them
// dropped (as before): wall time and, on SQLite, the process's CPU time.
func BenchmarkSyntheticSeedStatTriggers(b *testing.B) {
	ctx := context.Background()
	n := 2000
	if v, err := strconv.Atoi(os.Getenv("RENDA_BENCH_N")); err == nil && v > 0 {
		n = v
	}
	d := store.SQLite
	if os.Getenv("RENDA_BENCH_DB") == "postgres" {
		d = store.Postgres
	}
	cpu := func() time.Duration {
		var ru syscall.Rusage
		if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
			b.Fatal(err)
		}
		return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
	}
	for range b.N {
		for _, triggers := range []bool{true, false} {
			db := storetest.Open(b, d, nil)
			storetest.Fixture(b, db)
			if !triggers {
				drop := []string{"DROP TRIGGER opinion_stats_insert", "DROP TRIGGER opinion_stats_update", "DROP TRIGGER opinion_stats_delete"}
				if d == store.Postgres {
					drop = []string{"DROP TRIGGER opinion_stats_step ON opinions"}
				}
				for _, q := range drop {
					if _, err := store.RawDB(db).Exec(q); err != nil {
						b.Fatal(err)
					}
				}
			}
			t0, c0 := time.Now(), cpu()
			if _, err := db.SeedSynthetic(ctx, n, nil); err != nil {
				b.Fatal(err)
			}
			b.Logf("%s N=%d, statistics triggers %v: seeded in %s wall, %s CPU of this process", d, n, triggers,
				time.Since(t0).Round(time.Millisecond), (cpu() - c0).Round(time.Millisecond))
		}
	}
}

// BenchmarkOpinionSubmitStatTriggers submits opinions through the store in
// parallel (-cpu for the number of clients), with the opinion statistics'
// triggers and, in the sub-benchmark "without", with them dropped: what the
// triggers cost a submission, and whether concurrent submissions queue on
// today's rows (PostgreSQL spreads them over 4 slots). SQLite, or PostgreSQL
// with RENDA_BENCH_DB=postgres (and RENDA_TEST_POSTGRES).
func BenchmarkOpinionSubmitStatTriggers(b *testing.B) {
	d := store.SQLite
	if os.Getenv("RENDA_BENCH_DB") == "postgres" {
		d = store.Postgres
	}
	for _, triggers := range []bool{true, false} {
		name := "with"
		if !triggers {
			name = "without"
		}
		b.Run(name, func(b *testing.B) {
			ctx := context.Background()
			db := storetest.Open(b, d, nil)
			f := storetest.Fixture(b, db)
			s := &station.Station{Code: "sbench", Name: "压测联络站", Kind: station.Township, RegionID: f.Town1.ID, Address: "镇政府", Active: true}
			if err := db.SaveStation(ctx, f.Staff, s); err != nil {
				b.Fatal(err)
			}
			if !triggers {
				drop := []string{"DROP TRIGGER opinion_stats_insert", "DROP TRIGGER opinion_stats_update", "DROP TRIGGER opinion_stats_delete"}
				if d == store.Postgres {
					drop = []string{"DROP TRIGGER opinion_stats_step ON opinions"}
				}
				for _, q := range drop {
					if _, err := store.RawDB(db).Exec(q); err != nil {
						b.Fatal(err)
					}
				}
			}
			var n atomic.Int64
			b.ResetTimer()
			b.RunParallel(func(pb *testing.PB) {
				for pb.Next() {
					if _, err := db.SubmitOpinion(ctx, nil, opinion.Submission{Channel: opinion.ChannelQR, StationCode: s.Code, Category: "道路交通",
						Content: fmt.Sprintf("压测意见 %d：路灯坏了。", n.Add(1)), Consent: true}, nil); err != nil {
						b.Fatal(err)
					}
				}
			})
		})
	}
}
