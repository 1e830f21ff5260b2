package api_test

import (
	"bytes"
	"net/http"
	"slices"
	"strings"
	"testing"

	"renda/internal/apptest"
)

// Issue 9 point 27: malformed JSON is a 400, a body over the limit a 413 and
// a wrong method a 405 with Allow — each as problem+json.
func TestRequestErrorsAsProblems(t *testing.T) {
	apptest.Each(t, apptest.Options{Demo: true}, func(t *testing.T, a *apptest.App) {
		tok := a.Token("admin")
		isProblem := func(what string, r *apptest.Response, status int) {
			t.Helper()
			if r.Status != status || !strings.HasPrefix(r.Header.Get("Content-Type"), "application/problem+json") {
				t.Errorf("%s: %d %s %s, want %d problem+json", what, r.Status, r.Header.Get("Content-Type"), r.Body, status)
				return
			}
			if p := r.Map(t); p["status"] != float64(status) || p["type"] == "" || p["title"] == "" {
				t.Errorf("%s: problem %v", what, p)
			}
		}
		for _, body := range []string{`{"name": `, `{"name": "x",}`, `not json`, `{} {}`, `[1,2]`, ``} {
			isProblem("malformed "+body, a.Call("POST", "/api/v1/regions", tok, body), 400)
			isProblem("malformed login "+body, a.Call("POST", "/api/v1/auth/login", "", body), 400)
		}
		// Well-formed JSON that is wrong stays a 422.
		isProblem("unknown field", a.Call("POST", "/api/v1/regions", tok, `{"no_such_field": 1}`), 422)

		big := bytes.Repeat([]byte(" "), 33<<20)
		big = append(big, []byte(`{"name":"x"}`)...)
		isProblem("too large", a.Call("POST", "/api/v1/regions", tok, big), 413)

		for path, allow := range map[string][]string{
			"/api/v1/me":                 {"GET", "HEAD"},
			"/api/v1/regions":            {"GET", "HEAD", "POST"},
			"/api/v1/auth/login":         {"POST"},
			"/api/v1/deputies/" + fakeID: {"GET", "HEAD", "PUT"},
		} {
			for _, m := range []string{"DELETE", "PATCH"} {
				r := a.Call(m, path, tok, nil)
				isProblem(m+" "+path, r, 405)
				var got []string
				for _, s := range strings.Split(r.Header.Get("Allow"), ",") {
					got = append(got, strings.TrimSpace(s))
				}
				slices.Sort(got)
				if !slices.Equal(got, allow) {
					t.Errorf("%s %s: Allow %q, want %q", m, path, got, allow)
				}
			}
		}
		// An unknown path stays a 404.
		isProblem("unknown path", a.Call("GET", "/api/v1/nothing-here", tok, nil), http.StatusNotFound)
	})
}

const fakeID = "01jzzzzzzzzzzzzzzzzzzzzzzz"
