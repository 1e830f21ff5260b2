package store_test

import (
	"context"
	"os"
	"slices"
	"strconv"
	"testing"
	"time"

	"renda/internal/store"
	"renda/internal/storetest"
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
