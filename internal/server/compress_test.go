package server_test

import (
	"compress/gzip"
	"io"
	"net/http"
	"strings"
	"testing"

	"renda/internal/apptest"
)

// Issue 9 point 26: pages, stylesheets, JSON and SVG travel gzip-compressed
// to clients that accept it.
func TestResponsesCompressed(t *testing.T) {
	apptest.Each(t, apptest.Options{}, func(t *testing.T, a *apptest.App) {
		client := &http.Client{Transport: &http.Transport{DisableCompression: true}}
		for path, ct := range map[string]string{
			"/login":                "text/html",
			"/static/renda.css":     "text/css",
			"/static/favicon.svg":   "image/svg+xml",
			"/api/v1/openapi.json":  "application/json",
			"/api/v1/no-such-thing": "application/problem+json",
		} {
			req, _ := http.NewRequest("GET", a.URL+path, nil)
			req.Header.Set("Accept-Encoding", "gzip, deflate, br")
			resp, err := client.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			if !strings.HasPrefix(resp.Header.Get("Content-Type"), ct) {
				t.Errorf("%s: Content-Type %s", path, resp.Header.Get("Content-Type"))
			}
			if resp.Header.Get("Content-Encoding") != "gzip" || !strings.Contains(resp.Header.Get("Vary"), "Accept-Encoding") {
				t.Errorf("%s: Content-Encoding %q, Vary %q", path, resp.Header.Get("Content-Encoding"), resp.Header.Get("Vary"))
				resp.Body.Close()
				continue
			}
			zr, err := gzip.NewReader(resp.Body)
			if err != nil {
				t.Fatalf("%s: %v", path, err)
			}
			b, err := io.ReadAll(zr)
			resp.Body.Close()
			if err != nil || len(b) == 0 {
				t.Errorf("%s: bad gzip body (%d bytes): %v", path, len(b), err)
			}
		}
	})
}
