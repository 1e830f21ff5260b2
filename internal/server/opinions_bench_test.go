package server_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"runtime/pprof"
	"sync/atomic"
	"testing"

	"renda/internal/apptest"
	"renda/internal/store"
)

// BenchmarkStationPage measures the public station page (码上找代表) on the
// demo database through the whole stack: middleware, three queries, template.
func BenchmarkStationPage(b *testing.B) {
	a := apptest.New(b, apptest.Options{Dialect: store.SQLite, Demo: true})
	get(b, a.URL+"/s/stashan")
}

// BenchmarkStationAPI is the same station as JSON.
func BenchmarkStationAPI(b *testing.B) {
	a := apptest.New(b, apptest.Options{Dialect: store.SQLite, Demo: true})
	get(b, a.URL+"/api/v1/stations/stashan")
}

func get(b *testing.B, url string) {
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			resp, err := http.Get(url)
			if err != nil {
				b.Fatal(err)
			}
			io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			if resp.StatusCode != 200 {
				b.Fatal(resp.Status)
			}
		}
	})
}

// BenchmarkOpinionSubmit measures citizens' submissions through the API,
// each one durable commit (synchronous=FULL). RENDA_BENCH_CPUPROFILE=file
// profiles the submissions only, not the demo county's loading.
func BenchmarkOpinionSubmit(b *testing.B) {
	a := apptest.New(b, apptest.Options{Dialect: store.SQLite, Demo: true})
	if r := a.Call("PUT", "/api/v1/settings", a.Token("admin"), map[string]string{"opinion.rate_ip_per_hour": "10000"}); r.Status != 204 {
		b.Fatal(r.Status)
	}
	if p := os.Getenv("RENDA_BENCH_CPUPROFILE"); p != "" {
		w, err := os.Create(p)
		if err != nil {
			b.Fatal(err)
		}
		if err := pprof.StartCPUProfile(w); err != nil {
			b.Fatal(err)
		}
		defer pprof.StopCPUProfile()
	}
	var n atomic.Int64
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			body, _ := json.Marshal(map[string]string{"station": "stashan", "content": fmt.Sprintf("压测意见 %d：路灯坏了。", n.Add(1))})
			resp, err := http.Post(a.URL+"/api/v1/opinions", "application/json", bytes.NewReader(body))
			if err != nil {
				b.Fatal(err)
			}
			io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			if resp.StatusCode != 201 {
				b.Fatal(resp.Status)
			}
		}
	})
}

// BenchmarkStationPageFresh is the station page rendered every time (a
// query string bypasses the public page cache).
func BenchmarkStationPageFresh(b *testing.B) {
	a := apptest.New(b, apptest.Options{Dialect: store.SQLite, Demo: true})
	get(b, a.URL+"/s/stashan?fresh=1")
}
