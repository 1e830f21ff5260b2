package server_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"sort"
	"strconv"
	"testing"
	"time"

	"renda/internal/storetest"
)

// BenchmarkAssist measures the assistance reads at volume on the synthetic
// data of BenchmarkScale (RENDA_BENCH_N suggestions, 20×N opinions and
// orders): similar items of a suggestion and of an opinion, the units
// proposed for a suggestion, and one run of the recurring-cases sweep over
// everything received (p50/p99 in ms; the sweep in ms per 1,000 items).
func BenchmarkAssist(b *testing.B) {
	n := 2000
	if v, err := strconv.Atoi(os.Getenv("RENDA_BENCH_N")); err == nil && v > 0 {
		n = v
	}
	for _, d := range storetest.Dialects(b) {
		b.Run(d.String(), func(b *testing.B) {
			a, tokens := scaleApp(b, d, n)
			tok := tokens["staff"]
			get := func(path string) (*http.Response, time.Duration) {
				req, _ := http.NewRequest("GET", a.URL+path, nil)
				req.Header.Set("Authorization", "Bearer "+tok)
				start := time.Now()
				resp, err := http.DefaultClient.Do(req)
				if err != nil {
					b.Fatal(err)
				}
				return resp, time.Since(start)
			}
			firstID := func(list string) string {
				resp, _ := get(list)
				defer resp.Body.Close()
				var l struct{ Items []struct{ ID string } }
				if err := json.NewDecoder(resp.Body).Decode(&l); err != nil || len(l.Items) == 0 {
					b.Fatalf("%s: %v", list, err)
				}
				return l.Items[len(l.Items)-1].ID
			}
			sug, op := firstID("/api/v1/suggestions?limit=20"), firstID("/api/v1/opinions?limit=20")
			for _, c := range []struct{ name, path string }{
				{"suggestion similar", "/api/v1/suggestions/" + sug + "/similar"},
				{"opinion similar", "/api/v1/opinions/" + op + "/similar"},
				{"suggestion routing", "/api/v1/suggestions/" + sug + "/routing"},
			} {
				b.Run(c.name, func(b *testing.B) {
					var lat []time.Duration
					for i := 0; i < b.N; i++ {
						resp, took := get(c.path)
						io.Copy(io.Discard, resp.Body)
						resp.Body.Close()
						if resp.StatusCode != 200 {
							b.Fatalf("%s: %s", c.path, resp.Status)
						}
						lat = append(lat, took)
					}
					sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
					b.ReportMetric(float64(lat[len(lat)/2].Microseconds())/1000, "p50-ms")
					b.ReportMetric(float64(lat[len(lat)*99/100].Microseconds())/1000, "p99-ms")
				})
			}
			b.Run("cases sweep", func(b *testing.B) {
				for i := 0; i < b.N; i++ {
					start := time.Now()
					total := 0
					for {
						k, err := a.DB.GroupRecurringCases(context.Background())
						if err != nil {
							b.Fatal(err)
						}
						total += k
						if k == 0 {
							break
						}
					}
					if total > 0 {
						b.ReportMetric(float64(time.Since(start).Milliseconds())*1000/float64(total), "ms/1000-items")
					}
				}
			})
		})
	}
}
