package server_test

import (
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"

	"renda"
	"renda/internal/api"
	"renda/internal/apptest"
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

// TestEveryPageRefusesTheWrongRole visits every page route as anonymous and
// as every role the route does not admit.
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
	for pattern, roles := range srv.Patterns() {
		if roles == nil { // public
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
// token, and with the token of every role its Auth does not list.
func TestEveryAPIRouteRefusesTheWrongRole(t *testing.T) {
	a := apptest.New(t, apptest.Options{Dialect: store.SQLite, Demo: true})
	tokens := map[renda.Role]string{}
	for role, name := range demoUsers {
		tokens[role] = a.Token(name)
	}
	checked := 0
	for _, rt := range api.New(a.DB, api.Config{BaseURL: a.URL}, nil).Routes() {
		if rt.Auth == "public" || strings.HasPrefix(rt.Auth, "public") {
			continue
		}
		p := concrete(rt.Path)
		var body any
		if rt.Method != "GET" {
			body = "{}"
		}
		if resp := a.Call(rt.Method, p, "", body); resp.Status != http.StatusUnauthorized {
			t.Errorf("%s %s without a token: %d, want 401", rt.Method, rt.Path, resp.Status)
		} else if !strings.HasPrefix(resp.Header.Get("Content-Type"), "application/problem+json") {
			t.Errorf("%s %s: 401 is not problem+json", rt.Method, rt.Path)
		}
		if rt.Auth == "user" {
			continue
		}
		allowed := strings.Split(rt.Auth, ",")
		for role, tok := range tokens {
			if slices.Contains(allowed, string(role)) {
				continue
			}
			resp := a.Call(rt.Method, p, tok, body)
			if resp.Status != http.StatusForbidden {
				t.Errorf("%s %s as %s: %d, want 403: %s", rt.Method, rt.Path, role, resp.Status, resp.Body)
			}
			checked++
		}
	}
	if checked < 10 {
		t.Errorf("only %d refusals checked", checked)
	}
}
