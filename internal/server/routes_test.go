package server_test

import (
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"

	"renda"
	"renda/internal/api"
	"renda/internal/apptest"
	"renda/internal/httpx"
	"renda/internal/store"
	"renda/internal/web"
)

// demoUsers are the demo accounts by role.
var demoUsers = map[renda.Role]string{
	renda.RoleAdmin: "admin", renda.RoleStaff: "staff", renda.RoleLeader: "leader", renda.RoleDeputy: "deputy", renda.RoleUnit: "unit",
}

var param = regexp.MustCompile(`\{[a-zA-Z_]+(\.\.\.)?\}`)

// fakeID is an id that looks valid but names nothing.
const fakeID = "01jzzzzzzzzzzzzzzzzzzzzzzz"

func concrete(path string) string {
	return param.ReplaceAllString(strings.TrimSuffix(path, "{$}"), fakeID)
}

// publicPages are the page routes anyone may visit without signing in. A
// page route with no roles that is not listed here fails the test below, so
// a page becomes public only on purpose.
var publicPages = map[string]bool{
	"GET /{$}": true, "GET /login": true, "POST /login": true, "GET /large": true,
	"GET /password/forgot": true, "POST /password/forgot": true, "POST /password/reset": true,
	"GET /help": true, "GET /help/{role}": true, // the user manuals: no personal data, demo screenshots only
	"GET /appointee-reviews/{id}": true, // published reviews of appointed officials are public; the store scopes the rest
	"GET /deputies/{id}/photo":    true, // deputies' photos are shown at stations and on their public pages
	// liaison stations and deputies, reached by QR code; citizens' opinions and their tracking
	"GET /s": true, "GET /s/{code}": true, "GET /s/{code}/qr.png": true, "GET /s/{code}/qr.svg": true, "GET /s/{code}/poster": true,
	"GET /d/{code}": true, "GET /d/{code}/qr.png": true, "GET /d/{code}/qr.svg": true, "GET /d/{code}/poster": true,
	"GET /s/{code}/new": true, "POST /s/{code}/new": true, "GET /d/{code}/new": true, "POST /d/{code}/new": true,
	"GET /track": true, "POST /track": true, "GET /t/{code}": true, "POST /t/{code}": true, "POST /t/{code}/rate": true,
	// published replies to suggestions
	"GET /replies": true, "GET /replies/{id}": true,
	// votes and the livelihood projects' progress board (the store shows the public what is public)
	"GET /votes": true, "GET /votes/{id}": true, "GET /votes/{id}/ballots": true,
	"GET /projects": true, "GET /projects/{id}": true, "GET /projects/{id}/files/{aid}": true,
	// search: the public finds what is public; each result is filtered by who may read it
	"GET /search": true,
	// review requests of normative documents (审查建议) and their tracking; drafts open for comment (征求意见)
	"GET /review": true, "POST /review": true, "GET /review/track": true, "POST /review/track": true,
	"GET /c": true, "GET /c/{id}": true, "POST /c/{id}": true,
	// the supervision plan and its published items (监督法 art. 63; the store shows the public only what is published)
	"GET /supervision": true, "GET /supervision/{id}": true,
	// voters rate a deputy's report to them (述职) by QR code, with a one-time SMS code, no account
	"GET /rate/{vote}": true, "POST /rate/{vote}/code": true, "POST /rate/{vote}": true, "GET /rate/{vote}/qr.svg": true,
	// meetings and appointments: the public see what is published (see docs/architecture.md, Meetings)
	"GET /meetings": true, "GET /meetings/{id}": true, "GET /appointments": true, "GET /appointments/{id}": true, "GET /calendar.ics": true,
	// a meeting's public documents once the meeting is public, and their originals (the store decides, on the object)
	"GET /meetings/{id}/documents/{doc}": true, "GET /meetings/{id}/documents/{doc}/files/{aid}": true,
	// the portal: news with its feed and QR codes, open data, the sitemap
	"GET /news": true, "GET /news/feed.xml": true, "GET /news/{id}": true, "GET /news/qr/{id}": true, "GET /news/{id}/files/{aid}": true, "GET /open": true, "GET /sitemap.xml": true,
}

// TestEveryPageRefusesTheWrongRole visits every page route as anonymous and
// as every role the route does not admit, and checks that only the pages
// listed in publicPages are public.
func TestEveryPageRefusesTheWrongRole(t *testing.T) {
	a := apptest.New(t, apptest.Options{Dialect: store.SQLite, Demo: true})
	srv, err := web.New(a.DB, web.Config{BaseURL: a.URL, Demo: true}, nil)
	if err != nil {
		t.Fatal(err)
	}
	browsers := map[renda.Role]*apptest.Browser{}
	for role, name := range demoUsers {
		browsers[role] = a.Browser(name)
	}
	anon := a.Browser("")
	checked := 0
	patterns := srv.Patterns()
	for pattern := range publicPages {
		if roles, ok := patterns[pattern]; !ok || roles != nil {
			t.Errorf("%s is listed as a public page but is not one (roles %v)", pattern, roles)
		}
	}
	for pattern, roles := range patterns {
		if roles == nil { // public
			if !publicPages[pattern] {
				t.Errorf("%s is open to the public: declare its roles, or add it to publicPages if that is meant", pattern)
			}
			continue
		}
		method, path, _ := strings.Cut(pattern, " ")
		p := concrete(path)
		do := func(b *apptest.Browser) *apptest.Response {
			if method == "GET" {
				return b.Get(p)
			}
			return b.Post(p, url.Values{})
		}
		resp := do(anon)
		want := http.StatusSeeOther
		if method != "GET" {
			want = http.StatusUnauthorized
		}
		if resp.Status != want || (method == "GET" && !strings.HasPrefix(resp.Header.Get("Location"), "/login")) {
			t.Errorf("%s as the public: %d (Location %q), want %d to sign in", pattern, resp.Status, resp.Header.Get("Location"), want)
		}
		if len(roles) == 0 { // any signed-in user
			continue
		}
		for role, b := range browsers {
			if slices.Contains(roles, role) {
				continue
			}
			if resp := do(b); resp.Status != http.StatusForbidden {
				t.Errorf("%s as %s: %d, want 403", pattern, role, resp.Status)
			}
			checked++
		}
	}
	if checked < 50 {
		t.Errorf("only %d refusals checked", checked)
	}
}

// TestEveryAPIRouteRefusesTheWrongRole calls every API route without a
// token, with a token that is not valid, and with the token of every role.
// The router must answer those the route does not admit itself — 401 with
// WWW-Authenticate, or 403, as problem+json — before the handler runs
// (each handler is replaced by one that records the call), and must let
// every role the route lists reach the handler.
func TestEveryAPIRouteRefusesTheWrongRole(t *testing.T) {
	a := apptest.New(t, apptest.Options{Dialect: store.SQLite, Demo: true})
	tokens := map[renda.Role]string{}
	for role, name := range demoUsers {
		tokens[role] = a.Token(name)
	}
	var mu sync.Mutex
	reached := map[string]int{}
	ap := api.New(a.DB, api.Config{BaseURL: a.URL}, nil)
	routes := ap.Routes()
	for i := range routes {
		key := routes[i].Method + " " + routes[i].Path
		routes[i].Handler = func(w http.ResponseWriter, r *http.Request) error {
			mu.Lock()
			reached[key]++
			mu.Unlock()
			w.WriteHeader(http.StatusTeapot)
			return nil
		}
	}
	mux := http.NewServeMux()
	ap.Register(mux)
	srv := httptest.NewServer(httpx.Chain(mux, httpx.Authenticate(a.DB)))
	defer srv.Close()
	call := func(method, path, token string) *http.Response {
		var body io.Reader
		if method != "GET" {
			body = strings.NewReader("{}")
		}
		req, err := http.NewRequest(method, srv.URL+path, body)
		if err != nil {
			t.Fatal(err)
		}
		req.Header.Set("Content-Type", "application/json")
		if token != "" {
			req.Header.Set("Authorization", "Bearer "+token)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		_, _ = io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		return resp
	}
	// refused checks a refusal came from the router, not from the handler.
	refused := func(rt api.Route, who string, resp *http.Response, want int) {
		t.Helper()
		key := rt.Method + " " + rt.Path
		mu.Lock()
		n := reached[key]
		reached[key] = 0
		mu.Unlock()
		switch {
		case n > 0:
			t.Errorf("%s %s: the handler ran (status %d), want %d from the router", key, who, resp.StatusCode, want)
		case resp.StatusCode != want:
			t.Errorf("%s %s: %d, want %d", key, who, resp.StatusCode, want)
		case !strings.HasPrefix(resp.Header.Get("Content-Type"), "application/problem+json"):
			t.Errorf("%s %s: %d is not problem+json", key, who, want)
		case want == http.StatusUnauthorized && resp.Header.Get("WWW-Authenticate") == "":
			t.Errorf("%s %s: 401 without WWW-Authenticate", key, who)
		}
	}
	admitted := func(rt api.Route, who string, resp *http.Response) {
		t.Helper()
		key := rt.Method + " " + rt.Path
		mu.Lock()
		n := reached[key]
		reached[key] = 0
		mu.Unlock()
		if n != 1 || resp.StatusCode != http.StatusTeapot {
			t.Errorf("%s %s: %d, handler reached %d times; the route admits them", key, who, resp.StatusCode, n)
		}
	}
	checked, public := 0, 0
	for _, rt := range routes {
		p := concrete(rt.Path)
		if rt.Public {
			public++
			admitted(rt, "as the public", call(rt.Method, p, ""))
			continue
		}
		refused(rt, "without a token", call(rt.Method, p, ""), http.StatusUnauthorized)
		refused(rt, "with a revoked or made-up token", call(rt.Method, p, "not-a-token"), http.StatusUnauthorized)
		for role, tok := range tokens {
			resp := call(rt.Method, p, tok)
			if rt.Admits(role) {
				admitted(rt, "as "+string(role), resp)
				continue
			}
			refused(rt, "as "+string(role), resp, http.StatusForbidden)
			checked++
		}
	}
	if checked < 40 || public < 10 {
		t.Errorf("only %d refusals by role checked, %d public routes", checked, public)
	}
}
