package server_test

import (
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"syscall"
	"testing"
	"time"

	"renda/internal/apptest"
	"renda/internal/server"
	"renda/internal/store"
)

// BenchmarkStationPageHandler is the public station page rendered afresh
// (page cache off), served by the whole handler stack without a network in
// between: the CPU and allocations of one request, as a browser asks for it
// (gzip accepted). Besides the wall time it reports the process's CPU time
// per request (cpu-ns/op), which a busy machine disturbs less.
func BenchmarkStationPageHandler(b *testing.B) {
	a := apptest.New(b, apptest.Options{Dialect: store.SQLite, Demo: true})
	log := slog.New(slog.NewTextHandler(io.Discard, &slog.HandlerOptions{Level: slog.LevelWarn}))
	h, err := server.Handler(a.DB, server.Config{BaseURL: a.URL, Demo: true, Version: "test", PageCache: -1}, log, nil)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.ResetTimer()
	start := cpuTime()
	for b.Loop() {
		r := httptest.NewRequest("GET", "/s/stashan", nil)
		r.Header.Set("Accept-Encoding", "gzip")
		w := httptest.NewRecorder()
		h.ServeHTTP(w, r)
		if w.Code != http.StatusOK {
			b.Fatal(w.Code)
		}
	}
	b.ReportMetric(float64(cpuTime()-start)/float64(b.N), "cpu-ns/op")
}

// cpuTime is the CPU time this process has used, user and system.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
