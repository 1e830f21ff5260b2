package server_test

import (
	"io"
	"net/http"
	"testing"

	"renda/internal/apptest"
	"renda/internal/store"
)

// BenchmarkDeputyList measures GET /api/v1/deputies (50 county deputies) on
// the demo database through the whole stack: HTTP, authentication, SQL,
// decryption and masking of phones, JSON.
func BenchmarkDeputyList(b *testing.B) {
	a := apptest.New(b, apptest.Options{Dialect: store.SQLite, Demo: true})
	tok := a.Token("staff")
	req, _ := http.NewRequest("GET", a.URL+"/api/v1/deputies?level=county&limit=50", nil)
	req.Header.Set("Authorization", "Bearer "+tok)
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			resp, err := http.DefaultClient.Do(req.Clone(req.Context()))
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
