package httpx_test

import (
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"renda"
	"renda/internal/apptest"
	"renda/internal/httpx"
	"renda/internal/server"
	"renda/internal/storetest"
)

// The tests below go through the whole server (server.Handler: the
// middleware of this package in front of the pages and the API), as a
// browser and an API client would.

// TestSignInCookieIdleExpiryAndSignOut: signing in on the page sets an
// HttpOnly, SameSite=Lax session cookie that carries the user; a session
// left alone for auth.session_hours is over; signing out ends it on the
// server, so a copy of the cookie is worth nothing.
func TestSignInCookieIdleExpiryAndSignOut(t *testing.T) {
	apptest.Each(t, apptest.Options{Start: time.Date(2024, 5, 6, 9, 0, 0, 0, renda.CST)}, func(t *testing.T, a *apptest.App) {
		storetest.Fixture(t, a.DB)
		jarless := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
		get := func(path, cookie string) *http.Response {
			t.Helper()
			req, _ := http.NewRequest("GET", a.URL+path, nil)
			if cookie != "" {
				req.AddCookie(&http.Cookie{Name: httpx.SessionCookie, Value: cookie})
			}
			resp, err := jarless.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			_, _ = io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			return resp
		}
		signIn := func() string {
			t.Helper()
			form := url.Values{"username": {"staff"}, "password": {a.Password()}, "next": {"/account"}}
			req, _ := http.NewRequest("POST", a.URL+"/login", strings.NewReader(form.Encode()))
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			req.Header.Set("Origin", a.URL)
			resp, err := jarless.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/account" {
				t.Fatalf("sign in: %d to %q", resp.StatusCode, resp.Header.Get("Location"))
			}
			for _, c := range resp.Cookies() {
				if c.Name == httpx.SessionCookie {
					if !c.HttpOnly || c.SameSite != http.SameSiteLaxMode || c.Path != "/" || c.Value == "" || c.MaxAge <= 0 {
						t.Errorf("session cookie %+v: want HttpOnly, SameSite=Lax, Path=/, a lifetime", c)
					}
					if c.Secure {
						t.Errorf("the cookie is Secure on an http:// base URL: browsers would not send it back")
					}
					return c.Value
				}
			}
			t.Fatalf("no session cookie after signing in: %v", resp.Header["Set-Cookie"])
			return ""
		}
		// Without the cookie a member's page sends the browser to sign in.
		if r := get("/account", ""); r.StatusCode != http.StatusSeeOther || !strings.HasPrefix(r.Header.Get("Location"), "/login?next=") {
			t.Fatalf("anonymous /account: %d %q", r.StatusCode, r.Header.Get("Location"))
		}
		cookie := signIn()
		if r := get("/account", cookie); r.StatusCode != 200 {
			t.Fatalf("/account with the cookie: %d", r.StatusCode)
		}
		// Idle expiry: 12 hours (auth.session_hours) without a request.
		a.Clock.Advance(11 * time.Hour)
		if r := get("/account", cookie); r.StatusCode != 200 {
			t.Fatalf("after 11 idle hours: %d", r.StatusCode)
		}
		a.Clock.Advance(12*time.Hour + time.Minute)
		if r := get("/account", cookie); r.StatusCode != http.StatusSeeOther {
			t.Errorf("after 12 idle hours: %d, want a redirect to sign in", r.StatusCode)
		}

		// Sign-out: the browser is told to drop the cookie, and the server forgets the session.
		b := a.Browser("staff")
		old := b.SessionCookie()
		if r := get("/account", old); r.StatusCode != 200 {
			t.Fatalf("before signing out: %d", r.StatusCode)
		}
		b.Get("/account")
		r := b.Post("/logout", nil)
		if r.Status != http.StatusSeeOther || !strings.HasPrefix(r.Header.Get("Location"), "/login") {
			t.Fatalf("sign out: %d %q", r.Status, r.Header.Get("Location"))
		}
		cleared := false
		for _, c := range (&http.Response{Header: r.Header}).Cookies() {
			cleared = cleared || (c.Name == httpx.SessionCookie && c.MaxAge < 0)
		}
		if !cleared {
			t.Errorf("sign-out did not clear the cookie: %v", r.Header["Set-Cookie"])
		}
		if r := get("/account", old); r.StatusCode != http.StatusSeeOther {
			t.Errorf("a copy of the cookie after sign-out: %d", r.StatusCode)
		}
		// Signing out needs the form's CSRF token: another site cannot sign a user out.
		b2 := a.Browser("staff")
		if r := b2.Post("/logout", url.Values{"csrf": {"forged"}}); r.Status != http.StatusForbidden {
			t.Errorf("sign-out with a forged token: %d", r.Status)
		}
		if r := get("/account", b2.SessionCookie()); r.StatusCode != 200 {
			t.Errorf("a refused sign-out ended the session: %d", r.StatusCode)
		}
	})
}

// TestRolesRefuseOthers: a route open to some roles refuses every other
// role (403, before anything changes) and the public (sign in first), on the
// pages and in the API, whether the user comes by cookie or by token.
func TestRolesRefuseOthers(t *testing.T) {
	apptest.Each(t, apptest.Options{}, func(t *testing.T, a *apptest.App) {
		storetest.Fixture(t, a.DB)
		// Pages: /settings is for admins only; /users too.
		for _, c := range []struct {
			user string
			want int
		}{{"admin", 200}, {"staff", 403}, {"leader", 403}, {"deputy", 403}, {"unit", 403}} {
			b := a.Browser(c.user)
			for _, p := range []string{"/settings", "/users"} {
				if r := b.Get(p); r.Status != c.want {
					t.Errorf("%s GET %s: %d, want %d", c.user, p, r.Status, c.want)
				}
			}
		}
		if r := a.Browser("").Get("/settings"); r.Status != http.StatusSeeOther {
			t.Errorf("public GET /settings: %d, want a redirect to sign in", r.Status)
		}
		// A refused POST changes nothing.
		staff := a.Browser("staff")
		staff.Get("/")
		if r := staff.Post("/settings", url.Values{"auth.max_failures": {"9"}}); r.Status != http.StatusForbidden {
			t.Errorf("staff POST /settings: %d", r.Status)
		}
		// API: GET /api/v1/settings and /api/v1/users are for admins.
		for _, c := range []struct {
			user string
			want int
		}{{"admin", 200}, {"staff", 403}, {"deputy", 403}, {"unit", 403}, {"", 401}} {
			tok := ""
			if c.user != "" {
				tok = a.Token(c.user)
			}
			for _, p := range []string{"/api/v1/settings", "/api/v1/users"} {
				if r := a.Call("GET", p, tok, nil); r.Status != c.want {
					t.Errorf("%q GET %s: %d, want %d", c.user, p, r.Status, c.want)
				}
			}
		}
		deputy := a.Token("deputy")
		if r := a.Call("PUT", "/api/v1/settings", deputy, map[string]string{"auth.max_failures": "9"}); r.Status != http.StatusForbidden {
			t.Errorf("deputy PUT /api/v1/settings: %d", r.Status)
		}
		if r := a.Call("GET", "/api/v1/settings", "forged-token", nil); r.Status != http.StatusUnauthorized || r.Header.Get("WWW-Authenticate") == "" {
			t.Errorf("a forged token: %d %q", r.Status, r.Header.Get("WWW-Authenticate"))
		}
		set, err := a.DB.Settings(t.Context())
		if err != nil || set.Int("auth.max_failures") == 9 {
			t.Errorf("a refused request changed a setting (%v)", err)
		}
	})
}

// TestBodyLimit: a request body over server.MaxBody is refused with 413 on
// the pages and in the API, and nothing is created.
func TestBodyLimit(t *testing.T) {
	if testing.Short() {
		t.Skip("sends more than 64 MB")
	}
	apptest.Each(t, apptest.Options{}, func(t *testing.T, a *apptest.App) {
		storetest.Fixture(t, a.DB)
		big := func(prefix, suffix string) io.Reader {
			return io.MultiReader(strings.NewReader(prefix), io.LimitReader(repeat('a'), server.MaxBody+1), strings.NewReader(suffix))
		}
		send := func(req *http.Request) (int, string) {
			t.Helper()
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatalf("%s %s: %v", req.Method, req.URL.Path, err)
			}
			defer resp.Body.Close()
			b, _ := io.ReadAll(resp.Body)
			return resp.StatusCode, string(b)
		}
		// API, with a bearer token.
		tok := a.Token("admin")
		req, _ := http.NewRequest("POST", a.URL+"/api/v1/organizations", big(`{"code":"big","name":"`, `","kind":"department"}`))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Authorization", "Bearer "+tok)
		if code, body := send(req); code != http.StatusRequestEntityTooLarge || !strings.Contains(body, "too_large") {
			t.Errorf("API: %d %.300s", code, body)
		}
		// Pages, with the session cookie and the CSRF token in the header, as a multipart upload and as a plain form.
		b := a.Browser("admin")
		b.Get("/organizations/new")
		for _, c := range []struct{ name, contentType, prefix, suffix string }{
			{"multipart", "multipart/form-data; boundary=XX", "--XX\r\nContent-Disposition: form-data; name=\"name\"\r\n\r\n", "\r\n--XX--\r\n"},
			{"urlencoded", "application/x-www-form-urlencoded", "code=big&kind=department&name=", ""},
		} {
			req, _ := http.NewRequest("POST", a.URL+"/organizations", big(c.prefix, c.suffix))
			req.Header.Set("Content-Type", c.contentType)
			req.Header.Set("Origin", a.URL)
			req.Header.Set("X-CSRF-Token", b.CSRF())
			req.AddCookie(&http.Cookie{Name: httpx.SessionCookie, Value: b.SessionCookie()})
			if code, body := send(req); code != http.StatusRequestEntityTooLarge {
				t.Errorf("page, %s: %d %.300s", c.name, code, body)
			}
		}
		admin, err := a.DB.UserByUsername(t.Context(), "admin")
		if err != nil {
			t.Fatal(err)
		}
		if _, err := a.DB.OrganizationByCode(t.Context(), admin, "big"); renda.ErrorCode(err) != renda.ENOTFOUND {
			t.Errorf("an organisation was created from a refused body: %v", err)
		}
	})
}

// repeat is an endless reader of one byte.
type repeat byte

func (r repeat) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = byte(r)
	}
	return len(p), nil
}

// TestSignInRateLimit: after auth.max_failures wrong passwords an account is
// locked for auth.lockout_minutes, on the page (429) and in the API (429
// problem+json), even with the right password; then it opens again.
func TestSignInRateLimit(t *testing.T) {
	apptest.Each(t, apptest.Options{Start: time.Date(2024, 5, 6, 9, 0, 0, 0, renda.CST)}, func(t *testing.T, a *apptest.App) {
		storetest.Fixture(t, a.DB)
		page := a.Browser("")
		for i := 0; i < 5; i++ {
			if r := page.Post("/login", url.Values{"username": {"staff"}, "password": {"wrong-password-1"}}); r.Status != http.StatusUnauthorized {
				t.Fatalf("wrong password %d: %d", i+1, r.Status)
			}
		}
		if r := page.Post("/login", url.Values{"username": {"staff"}, "password": {a.Password()}}); r.Status != http.StatusTooManyRequests {
			t.Errorf("page, right password while locked: %d", r.Status)
		}
		r := a.Call("POST", "/api/v1/auth/login", "", map[string]string{"username": "staff", "password": a.Password()})
		if r.Status != http.StatusTooManyRequests || r.Map(t)["code"] != renda.ETOOMANY || !strings.HasPrefix(r.Header.Get("Content-Type"), "application/problem+json") {
			t.Errorf("API, right password while locked: %d %s", r.Status, r.Body)
		}
		// Another account is not locked by staff's failures.
		if r := a.Call("POST", "/api/v1/auth/login", "", map[string]string{"username": "leader", "password": a.Password()}); r.Status != 200 {
			t.Errorf("another account: %d", r.Status)
		}
		// The API counts failures too.
		for i := 0; i < 5; i++ {
			a.Call("POST", "/api/v1/auth/login", "", map[string]string{"username": "deputy", "password": "wrong-password-1"})
		}
		if r := page.Post("/login", url.Values{"username": {"deputy"}, "password": {a.Password()}}); r.Status != http.StatusTooManyRequests {
			t.Errorf("page after 5 API failures: %d", r.Status)
		}
		a.Clock.Advance(16 * time.Minute)
		if r := page.Post("/login", url.Values{"username": {"staff"}, "password": {a.Password()}}); r.Status != http.StatusSeeOther {
			t.Errorf("after the lockout: %d", r.Status)
		}
	})
}
