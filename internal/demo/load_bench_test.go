package demo_test

import (
	"bytes"
	"context"
	"log/slog"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"

	"renda/internal/demo"
	"renda/internal/store"
	"renda/internal/storetest"
)

// cpuTime is the CPU time this process has used (user and system).
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// BenchmarkDemoLoadPostgres loads the demo county into a fresh PostgreSQL
// database (RENDA_TEST_POSTGRES) and reports the wall time and its parts:
// the fill on the temporary SQLite database, the copy, the search rebuild.
//
//	go test ./internal/demo -run '^$' -bench DemoLoadPostgres -benchtime 3x -cpuprofile cpu.out
func BenchmarkDemoLoadPostgres(b *testing.B) {
	ctx := context.Background()
	took := regexp.MustCompile(`msg="([^"]+)".*took=([0-9.]+m?s)`)
	for range b.N {
		b.StopTimer()
		dsn := storetest.DSN(b, store.Postgres)
		var buf bytes.Buffer
		log := slog.New(slog.NewTextHandler(&buf, nil))
		db, err := store.Open(ctx, dsn, store.Options{Box: storetest.Box(), Logger: log})
		if err != nil {
			b.Fatal(err)
		}
		if err := db.Migrate(ctx); err != nil {
			b.Fatal(err)
		}
		if err := db.Init(ctx); err != nil {
			b.Fatal(err)
		}
		buf.Reset()
		b.StartTimer()
		t0, cpu0 := time.Now(), cpuTime()
		if _, err := demo.Load(ctx, db, log); err != nil {
			b.Fatal(err)
		}
		total, cpu := time.Since(t0), cpuTime()-cpu0
		b.StopTimer()
		db.Close()
		var parts []string
		var fill time.Duration
		for _, line := range strings.Split(buf.String(), "\n") {
			m := took.FindStringSubmatch(line)
			if m == nil {
				continue
			}
			d, _ := time.ParseDuration(m[2])
			if m[1] == "demo loaded" {
				fill += d
				continue
			}
			parts = append(parts, m[1]+" "+m[2])
		}
		b.Logf("demo load into PostgreSQL: %s, this process's CPU %s (fill on SQLite %s; %s)", total.Round(time.Millisecond), cpu.Round(time.Millisecond),
			fill.Round(time.Millisecond), strings.Join(parts, "; "))
		b.ReportMetric(cpu.Seconds(), "cpu-s")
		b.ReportMetric(total.Seconds(), "load-s")
		b.ReportMetric(fill.Seconds(), "fill-s")
		b.StartTimer()
	}
}
