package web

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// TestStaticHasNoListing: /static/ serves its files and never a directory
// listing.
func TestStaticHasNoListing(t *testing.T) {
	mux := http.NewServeMux()
	mux.Handle("GET /static/", http.StripPrefix("/static/", staticHandler()))
	for path, want := range map[string]int{
		"/static/":            404,
		"/static/renda.css":   200,
		"/static/renda.css/":  404,
		"/static/./":          404,
		"/static/nothing.css": 404,
		"/static/../static/":  404,
	} {
		rec := httptest.NewRecorder()
		mux.ServeHTTP(rec, httptest.NewRequest("GET", path, nil))
		if rec.Code == 301 || rec.Code == 307 || rec.Code == 308 {
			rec2 := httptest.NewRecorder()
			mux.ServeHTTP(rec2, httptest.NewRequest("GET", rec.Header().Get("Location"), nil))
			rec = rec2
		}
		if rec.Code != want {
			t.Errorf("GET %s: %d, want %d", path, rec.Code, want)
		}
		if want == 404 && (rec.Code == 200 || strings.Contains(rec.Body.String(), `href="renda.css"`)) {
			t.Errorf("GET %s lists the folder", path)
		}
	}
}
