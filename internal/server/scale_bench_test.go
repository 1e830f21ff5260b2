package server_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"renda/internal/apptest"
	"renda/internal/httpx"
	"renda/internal/store"
	"renda/internal/storetest"
	"renda/station"
)

// BenchmarkScale measures the hot pages' API at volume on data from the
// synthetic generator (renda seed --synthetic N): RENDA_BENCH_N suggestions
// (default 2,000) and 20×N opinions and 12345 orders, on SQLite and, when
// RENDA_TEST_POSTGRES is set, PostgreSQL. Each sub-benchmark reports p50
// and p99 in ms with one client (-cpu 1) or b.RunParallel's clients. It
// runs only with -bench (it seeds for a while first).
func BenchmarkScale(b *testing.B) {
	n := 2000
	if v, err := strconv.Atoi(os.Getenv("RENDA_BENCH_N")); err == nil && v > 0 {
		n = v
	}
	for _, d := range storetest.Dialects(b) {
		b.Run(d.String(), func(b *testing.B) {
			a, tokens := scaleApp(b, d, n)
			for _, c := range []struct{ name, who, path string }{
				{"staff list", "staff", "/api/v1/suggestions?limit=20"},
				{"overdue", "staff", "/api/v1/suggestions?overdue=true&limit=20"},
				{"unit list", "unit", "/api/v1/suggestions?limit=20"},
				{"stats all years", "staff", "/api/v1/suggestions/stats"},
				{"stats of a year", "staff", "/api/v1/suggestions/stats?year=2025"},
				{"unit stats", "unit", "/api/v1/suggestions/stats"},
				{"opinions list", "staff", "/api/v1/opinions?limit=20"},
				{"opinions overdue", "staff", "/api/v1/opinions?state=overdue&limit=20"},
				{"opinion stats", "staff", "/api/v1/opinions/stats"},
				{"search", "staff", "/api/v1/search?q=%E8%B7%AF%E7%81%AF"},
				{"search unit", "unit", "/api/v1/search?q=%E6%B0%B4"},
				{"hotline orders", "staff", "/api/v1/hotline/orders?limit=20"},
				{"year's figures", "staff", "/api/v1/yearbook/2025"},
				{"audit log", "staff", "/api/v1/audit?limit=20"},
				{"published replies", "staff", "/api/v1/replies?limit=20"},
				// Pages (a session cookie): the leaders' screen and the staff's home.
				{"leaders' screen", "leader-web", "/screen"},
				{"staff home", "staff-web", "/"},
			} {
				b.Run(c.name, func(b *testing.B) {
					url, tok := a.URL+c.path, tokens[c.who]
					var mu sync.Mutex
					var lat []time.Duration
					b.ResetTimer()
					b.RunParallel(func(pb *testing.PB) {
						for pb.Next() {
							req, _ := http.NewRequest("GET", url, nil)
							if strings.HasSuffix(c.who, "-web") {
								req.AddCookie(&http.Cookie{Name: httpx.SessionCookie, Value: tok})
							} else {
								req.Header.Set("Authorization", "Bearer "+tok)
							}
							start := time.Now()
							resp, err := http.DefaultClient.Do(req)
							if err != nil {
								b.Fatal(err)
							}
							io.Copy(io.Discard, resp.Body)
							resp.Body.Close()
							took := time.Since(start)
							if resp.StatusCode != 200 {
								b.Fatalf("%s: %s", c.path, resp.Status)
							}
							mu.Lock()
							lat = append(lat, took)
							mu.Unlock()
						}
					})
					sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
					if len(lat) > 0 {
						b.ReportMetric(float64(lat[len(lat)/2].Microseconds())/1000, "p50-ms")
						b.ReportMetric(float64(lat[len(lat)*99/100].Microseconds())/1000, "p99-ms")
					}
				})
			}
		})
	}
}

var (
	scaleMu   sync.Mutex
	scaleApps = map[store.Dialect]*apptest.App{}
	scaleToks = map[store.Dialect]map[string]string{}
)

// scaleApp starts (once per database and run) an app with the fixture
// county, a station, and the synthetic data of n.
func scaleApp(b *testing.B, d store.Dialect, n int) (*apptest.App, map[string]string) {
	scaleMu.Lock()
	defer scaleMu.Unlock()
	if a := scaleApps[d]; a != nil {
		return a, scaleToks[d]
	}
	ctx := context.Background()
	a := apptest.New(b, apptest.Options{Dialect: d})
	f := storetest.Fixture(b, a.DB)
	st := &station.Station{Code: "sbaifang", Name: "柏坊镇人大代表联络站", Kind: station.Township, RegionID: f.Town1.ID, Address: "柏坊镇政府", Active: true}
	if err := a.DB.SaveStation(ctx, f.Staff, st); err != nil {
		b.Fatal(err)
	}
	if err := a.DB.SetStationDeputies(ctx, f.Staff, st.ID, []string{f.Deputy1.ID}, ""); err != nil {
		b.Fatal(err)
	}
	start := time.Now()
	c, err := a.DB.SeedSynthetic(ctx, n, nil)
	if err != nil {
		b.Fatal(err)
	}
	b.Logf("%s: seeded %d suggestions, %d opinions, %d orders in %s", d, c.Suggestions, c.Opinions, c.Hotline, time.Since(start).Round(time.Millisecond))
	toks := map[string]string{"staff": a.Token("staff"), "unit": a.Token("unit"),
		"leader-web": a.Browser("leader").SessionCookie(), "staff-web": a.Browser("staff").SessionCookie()}
	scaleApps[d], scaleToks[d] = a, toks
	return a, toks
}

var _ = fmt.Sprint
