package httpx_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"renda"
	"renda/internal/httpx"
	"renda/internal/store"
	"renda/internal/storetest"
)

// seen is what the innermost handler of the test stack saw.
type seen struct {
	User      string `json:"user"`
	Role      string `json:"role"`
	Session   bool   `json:"session"`
	BadToken  bool   `json:"bad_token"`
	RequestID string `json:"request_id"`
}

// echo reports who the middleware says is asking.
var echo = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
	s := seen{Session: httpx.SessionToken(r) != "", BadToken: httpx.BadToken(r) != nil, RequestID: httpx.RequestID(r.Context())}
	if u := httpx.User(r); u != nil {
		s.User, s.Role = u.Username, string(u.Role)
	}
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(s)
})

// csrfRefused marks a request the CSRF middleware turned away.
var csrfRefused = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
	http.Error(w, "csrf refused", http.StatusForbidden)
})

// stack is the server's order of middleware (server.Handler) around h.
func stack(db *store.DB, h http.Handler) http.Handler {
	return httpx.Chain(h,
		httpx.RequestIDs(),
		httpx.SecurityHeaders,
		httpx.Limits(1<<10, 5*time.Second),
		httpx.Authenticate(db),
		httpx.CSRF([]string{"https://trusted.example"}, csrfRefused),
	)
}

type req struct {
	method, path string
	body         string
	contentType  string
	cookie       string // session token sent as the renda_session cookie
	bearer       string
	header       map[string]string
}

func do(t *testing.T, h http.Handler, q req) (*httptest.ResponseRecorder, seen) {
	t.Helper()
	if q.method == "" {
		q.method = "GET"
	}
	if q.path == "" {
		q.path = "/x"
	}
	r := httptest.NewRequest(q.method, "http://renda.test"+q.path, strings.NewReader(q.body))
	if q.contentType != "" {
		r.Header.Set("Content-Type", q.contentType)
	}
	if q.cookie != "" {
		r.AddCookie(&http.Cookie{Name: httpx.SessionCookie, Value: q.cookie})
	}
	if q.bearer != "" {
		r.Header.Set("Authorization", "Bearer "+q.bearer)
	}
	for k, v := range q.header {
		r.Header.Set(k, v)
	}
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	var s seen
	if w.Code == 200 && strings.HasPrefix(w.Header().Get("Content-Type"), "application/json") {
		if err := json.Unmarshal(w.Body.Bytes(), &s); err != nil {
			t.Fatalf("%s %s: %v", q.method, q.path, err)
		}
	}
	return w, s
}

// TestSessions: a browser session cookie signs the user in, and so does a
// bearer token; a session ends after auth.session_hours without use (use
// keeps it alive), at sign-out, and when the account is disabled.
func TestSessions(t *testing.T) {
	for _, d := range storetest.Dialects(t) {
		t.Run(d.String(), func(t *testing.T) {
			ctx := context.Background()
			clock := renda.NewTestClock(time.Date(2024, 5, 6, 9, 0, 0, 0, renda.CST))
			db := storetest.Open(t, d, clock)
			f := storetest.Fixture(t, db)
			h := stack(db, echo)

			// No credentials: the public.
			if _, s := do(t, h, req{}); s.User != "" || s.Session {
				t.Errorf("anonymous request: %+v", s)
			}
			web, err := db.CreateSession(ctx, f.Staff, store.WebSession, "", "127.0.0.1", 7*24*time.Hour)
			if err != nil {
				t.Fatal(err)
			}
			if _, s := do(t, h, req{cookie: web}); s.User != "staff" || s.Role != "staff" || !s.Session {
				t.Errorf("session cookie: %+v", s)
			}
			// A cookie is not a bearer token, nor the reverse.
			if _, s := do(t, h, req{bearer: web}); s.User != "" || !s.BadToken {
				t.Errorf("a web session used as a bearer token: %+v", s)
			}
			api, err := db.CreateSession(ctx, f.DeputyUser, store.APIToken, "", "127.0.0.1", time.Hour)
			if err != nil {
				t.Fatal(err)
			}
			if _, s := do(t, h, req{cookie: api}); s.User != "" {
				t.Errorf("an API token used as a cookie: %+v", s)
			}
			if _, s := do(t, h, req{bearer: api}); s.User != "deputy" || s.Session || s.BadToken {
				t.Errorf("bearer token: %+v", s)
			}
			// With both, the bearer token decides, and there is no browser session.
			if _, s := do(t, h, req{bearer: api, cookie: web}); s.User != "deputy" || s.Session {
				t.Errorf("bearer and cookie: %+v", s)
			}
			if _, s := do(t, h, req{bearer: "not-a-token"}); s.User != "" || !s.BadToken {
				t.Errorf("bad bearer token: %+v", s)
			}
			if _, s := do(t, h, req{cookie: "not-a-session"}); s.User != "" || s.Session {
				t.Errorf("bad cookie: %+v", s)
			}

			// Idle expiry (auth.session_hours, 12 by default): use keeps a session alive…
			clock.Advance(11 * time.Hour)
			if _, s := do(t, h, req{cookie: web}); s.User != "staff" {
				t.Fatalf("after 11 idle hours: %+v", s)
			}
			clock.Advance(11 * time.Hour)
			if _, s := do(t, h, req{cookie: web}); s.User != "staff" {
				t.Fatalf("11 hours after the last use: %+v", s)
			}
			// …and 12 hours without use end it.
			clock.Advance(12*time.Hour + time.Minute)
			if _, s := do(t, h, req{cookie: web}); s.User != "" || s.Session {
				t.Errorf("after 12 idle hours: %+v", s)
			}
			// The hour is a setting.
			web2, err := db.CreateSession(ctx, f.Staff, store.WebSession, "", "127.0.0.1", 7*24*time.Hour)
			if err != nil {
				t.Fatal(err)
			}
			if err := db.UpdateSettings(ctx, f.Admin, map[string]string{"auth.session_hours": "1"}); err != nil {
				t.Fatal(err)
			}
			clock.Advance(61 * time.Minute)
			if _, s := do(t, h, req{cookie: web2}); s.User != "" {
				t.Errorf("after 61 idle minutes with auth.session_hours 1: %+v", s)
			}
			// Sign-out ends the session at once.
			web3, err := db.CreateSession(ctx, f.Staff, store.WebSession, "", "127.0.0.1", 7*24*time.Hour)
			if err != nil {
				t.Fatal(err)
			}
			if _, s := do(t, h, req{cookie: web3}); s.User != "staff" {
				t.Fatalf("new session: %+v", s)
			}
			if err := db.DeleteSession(ctx, f.Staff, web3); err != nil {
				t.Fatal(err)
			}
			if _, s := do(t, h, req{cookie: web3}); s.User != "" {
				t.Errorf("after sign-out: %+v", s)
			}
			// A hard expiry ends even a busy session; an API token too.
			short, err := db.CreateSession(ctx, f.Staff, store.WebSession, "", "127.0.0.1", 30*time.Minute)
			if err != nil {
				t.Fatal(err)
			}
			clock.Advance(31 * time.Minute)
			if _, s := do(t, h, req{cookie: short}); s.User != "" {
				t.Errorf("after its expiry: %+v", s)
			}
			if _, s := do(t, h, req{bearer: api}); s.User != "" || !s.BadToken {
				t.Errorf("expired API token: %+v", s)
			}
			// A disabled account's sessions stop working.
			tok, err := db.CreateSession(ctx, f.UnitUser, store.APIToken, "", "127.0.0.1", 0)
			if err != nil {
				t.Fatal(err)
			}
			if _, s := do(t, h, req{bearer: tok}); s.User != "unit" {
				t.Fatalf("unit token: %+v", s)
			}
			if err := db.SetUserDisabled(ctx, f.Admin, f.UnitUser.ID, true); err != nil {
				t.Fatal(err)
			}
			if _, s := do(t, h, req{bearer: tok}); s.User != "" || !s.BadToken {
				t.Errorf("token of a disabled account: %+v", s)
			}
		})
	}
}

// TestCSRF: a state-changing request with a session cookie needs the
// session's token (form field or X-CSRF-Token header) and must not come
// from another site; a bearer-token call needs no token; reading never does.
func TestCSRF(t *testing.T) {
	ctx := context.Background()
	db := storetest.Open(t, store.SQLite, nil)
	f := storetest.Fixture(t, db)
	h := stack(db, echo)
	sess, err := db.CreateSession(ctx, f.Staff, store.WebSession, "", "127.0.0.1", time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	other, err := db.CreateSession(ctx, f.Admin, store.WebSession, "", "127.0.0.1", time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	api, err := db.CreateSession(ctx, f.Admin, store.APIToken, "", "127.0.0.1", time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	token := httpx.CSRFToken(sess)
	if token == "" || token == httpx.CSRFToken(other) || token != httpx.CSRFToken(sess) || httpx.CSRFToken("") != "" {
		t.Fatalf("CSRFToken is not a stable per-session value")
	}
	if strings.Contains(token, sess) {
		t.Fatalf("the token shows the session")
	}
	form := func(v url.Values) string { return v.Encode() }
	urlenc := "application/x-www-form-urlencoded"
	sameSite := map[string]string{"Sec-Fetch-Site": "same-origin", "Origin": "http://renda.test"}
	mp := func(fields map[string]string) (string, string) {
		var b bytes.Buffer
		mw := multipart.NewWriter(&b)
		for k, v := range fields {
			_ = mw.WriteField(k, v)
		}
		_ = mw.Close()
		return b.String(), mw.FormDataContentType()
	}
	mpBody, mpType := mp(map[string]string{"csrf": token, "title": "x"})
	mpBadBody, mpBadType := mp(map[string]string{"title": "x"})

	for _, c := range []struct {
		name string
		q    req
		want int
	}{
		{"GET needs no token", req{cookie: sess}, 200},
		{"GET from another site is a link, not a change", req{cookie: sess, header: map[string]string{"Sec-Fetch-Site": "cross-site"}}, 200},
		{"POST without a token", req{method: "POST", cookie: sess, contentType: urlenc, body: form(url.Values{"a": {"1"}}), header: sameSite}, 403},
		{"POST with a forged token", req{method: "POST", cookie: sess, contentType: urlenc, body: form(url.Values{"csrf": {"forged"}}), header: sameSite}, 403},
		{"POST with another session's token", req{method: "POST", cookie: sess, contentType: urlenc, body: form(url.Values{"csrf": {httpx.CSRFToken(other)}}), header: sameSite}, 403},
		{"POST with the form token", req{method: "POST", cookie: sess, contentType: urlenc, body: form(url.Values{"csrf": {token}}), header: sameSite}, 200},
		{"PUT with the header token", req{method: "PUT", cookie: sess, contentType: "application/json", body: `{}`, header: map[string]string{"X-CSRF-Token": token, "Sec-Fetch-Site": "same-origin"}}, 200},
		{"DELETE without a token", req{method: "DELETE", cookie: sess, header: sameSite}, 403},
		{"multipart with the token", req{method: "POST", cookie: sess, contentType: mpType, body: mpBody, header: sameSite}, 200},
		{"multipart without the token", req{method: "POST", cookie: sess, contentType: mpBadType, body: mpBadBody, header: sameSite}, 403},
		{"cross-site POST with a good token", req{method: "POST", cookie: sess, contentType: urlenc, body: form(url.Values{"csrf": {token}}), header: map[string]string{"Sec-Fetch-Site": "cross-site", "Origin": "https://evil.example"}}, 403},
		{"foreign Origin with a good token", req{method: "POST", cookie: sess, contentType: urlenc, body: form(url.Values{"csrf": {token}}), header: map[string]string{"Origin": "https://evil.example"}}, 403},
		{"trusted origin with a good token", req{method: "POST", cookie: sess, contentType: urlenc, body: form(url.Values{"csrf": {token}}), header: map[string]string{"Sec-Fetch-Site": "cross-site", "Origin": "https://trusted.example"}}, 200},
		{"trusted origin without a token", req{method: "POST", cookie: sess, contentType: urlenc, body: "a=1", header: map[string]string{"Sec-Fetch-Site": "cross-site", "Origin": "https://trusted.example"}}, 403},
		{"bearer token needs no CSRF token", req{method: "POST", bearer: api, contentType: "application/json", body: `{}`}, 200},
		{"bearer token with a session cookie too", req{method: "POST", bearer: api, cookie: sess, contentType: "application/json", body: `{}`}, 200},
		{"bearer token from another site's page", req{method: "POST", bearer: api, contentType: "application/json", body: `{}`, header: map[string]string{"Sec-Fetch-Site": "cross-site", "Origin": "https://evil.example"}}, 403},
		{"anonymous POST (sign-in form)", req{method: "POST", contentType: urlenc, body: "username=staff", header: sameSite}, 200},
		{"anonymous POST from another site", req{method: "POST", contentType: urlenc, body: "username=staff", header: map[string]string{"Sec-Fetch-Site": "cross-site"}}, 403},
	} {
		w, _ := do(t, h, c.q)
		if w.Code != c.want {
			t.Errorf("%s: %d, want %d (%s)", c.name, w.Code, c.want, strings.TrimSpace(w.Body.String()))
		}
		if c.want == 403 && !strings.Contains(w.Body.String(), "csrf refused") {
			t.Errorf("%s: refused by something else than the CSRF check: %s", c.name, w.Body.String())
		}
	}
	// The handler behind a good form post still reads the form.
	var got string
	hf := stack(db, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { got = r.PostFormValue("title") }))
	if w, _ := do(t, hf, req{method: "POST", cookie: sess, contentType: urlenc, body: form(url.Values{"csrf": {token}, "title": {"标题"}}), header: sameSite}); w.Code != 200 || got != "标题" {
		t.Errorf("form after the check: %d %q", w.Code, got)
	}
}

// TestLimits: a body over the limit fails to read with *http.MaxBytesError
// (which pages and API turn into 413), one at the limit reads whole, and the
// request's context carries the time limit.
func TestLimits(t *testing.T) {
	var readErr error
	var n int
	var deadline time.Time
	h := httpx.Limits(1<<10, 2*time.Second)(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var b []byte
		b, readErr = io.ReadAll(r.Body)
		n = len(b)
		deadline, _ = r.Context().Deadline()
		if readErr != nil {
			var mbe *http.MaxBytesError
			if errors.As(readErr, &mbe) {
				http.Error(w, "too large", httpx.Status(renda.ETOOLARGE))
				return
			}
			http.Error(w, readErr.Error(), 500)
		}
	}))
	post := func(size int) int {
		w := httptest.NewRecorder()
		h.ServeHTTP(w, httptest.NewRequest("POST", "/x", strings.NewReader(strings.Repeat("a", size))))
		return w.Code
	}
	if code := post(1 << 10); code != 200 || readErr != nil || n != 1<<10 {
		t.Errorf("a body at the limit: %d %v (%d bytes)", code, readErr, n)
	}
	start := time.Now()
	if until := deadline.Sub(start); until <= 0 || until > 2*time.Second {
		t.Errorf("request deadline %v from now, want within 2s", until)
	}
	if code := post(1<<10 + 1); code != http.StatusRequestEntityTooLarge {
		t.Errorf("a body over the limit: %d (%v)", code, readErr)
	}
	var mbe *http.MaxBytesError
	if !errors.As(readErr, &mbe) || mbe.Limit != 1<<10 {
		t.Errorf("over the limit the read fails with %v", readErr)
	}
}

// TestStatus: the one table from renda error codes to HTTP statuses.
func TestStatus(t *testing.T) {
	for code, want := range map[string]int{
		renda.EINVALID: 422, renda.ENOTFOUND: 404, renda.EFORBIDDEN: 403, renda.ECONFLICT: 409, renda.EUNAUTHORIZED: 401,
		renda.ETOOMANY: 429, renda.ETOOLARGE: 413, renda.EINTERNAL: 500, "": 200, "something_new": 500,
	} {
		if got := httpx.Status(code); got != want {
			t.Errorf("Status(%q) = %d, want %d", code, got, want)
		}
	}
}

// TestRequestIDsAndHeaders: every response has a request id (a sane one
// sent by a proxy is kept) and the security headers.
func TestRequestIDsAndHeaders(t *testing.T) {
	h := httpx.Chain(echo, httpx.RequestIDs(), httpx.SecurityHeaders)
	w, s := do(t, h, req{header: map[string]string{"X-Request-ID": "proxy-id-12345"}})
	if w.Header().Get("X-Request-ID") != "proxy-id-12345" || s.RequestID != "proxy-id-12345" {
		t.Errorf("a sane id was not kept: %q %q", w.Header().Get("X-Request-ID"), s.RequestID)
	}
	for _, bad := range []string{"short", strings.Repeat("x", 65), "has space in it", `quote"d-id-123`} {
		w, s := do(t, h, req{header: map[string]string{"X-Request-ID": bad}})
		if id := w.Header().Get("X-Request-ID"); id == bad || !renda.ValidID(id) || s.RequestID != id {
			t.Errorf("id %q became %q (handler saw %q)", bad, id, s.RequestID)
		}
	}
	for k, v := range map[string]string{"X-Content-Type-Options": "nosniff", "X-Frame-Options": "SAMEORIGIN", "Referrer-Policy": "same-origin"} {
		if w.Header().Get(k) != v {
			t.Errorf("%s: %q", k, w.Header().Get(k))
		}
	}
	if csp := w.Header().Get("Content-Security-Policy"); !strings.Contains(csp, "default-src 'self'") || !strings.Contains(csp, "frame-ancestors 'self'") {
		t.Errorf("CSP %q", csp)
	}
}

// TestLogRecoversAndCounts: a panic becomes a logged 500, and requests are
// counted by the route pattern the mux matched.
func TestLogRecoversAndCounts(t *testing.T) {
	var buf bytes.Buffer
	log := slog.New(slog.NewJSONHandler(&buf, nil))
	reg := prometheus.NewRegistry()
	m := httpx.NewMetrics(reg)
	mux := http.NewServeMux()
	mux.HandleFunc("GET /boom", func(w http.ResponseWriter, r *http.Request) { panic("kaboom") })
	mux.HandleFunc("GET /items/{id}", func(w http.ResponseWriter, r *http.Request) { _, _ = w.Write([]byte("ok")) })
	h := httpx.Chain(httpx.RecordPattern(mux), httpx.RequestIDs(), httpx.Log(log, m))
	if w, _ := do(t, h, req{path: "/boom"}); w.Code != 500 {
		t.Errorf("panic: %d", w.Code)
	}
	if !strings.Contains(buf.String(), "kaboom") || !strings.Contains(buf.String(), `"msg":"panic"`) {
		t.Errorf("the panic was not logged: %s", buf.String())
	}
	do(t, h, req{path: "/items/1"})
	do(t, h, req{path: "/items/2"})
	do(t, h, req{path: "/nowhere"})
	scrape, _ := do(t, promhttp.HandlerFor(reg, promhttp.HandlerOpts{}), req{path: "/metrics"})
	for _, line := range []string{
		`renda_http_requests_total{code="200",route="GET /items/{id}"} 2`,
		`renda_http_requests_total{code="404",route="unmatched"} 1`,
		`renda_http_requests_total{code="500",route="GET /boom"} 1`,
		`renda_http_request_duration_seconds_count{route="GET /items/{id}"} 2`,
	} {
		if !strings.Contains(scrape.Body.String(), line+"\n") {
			t.Errorf("metrics lack %s:\n%s", line, scrape.Body.String())
		}
	}
	if !strings.Contains(buf.String(), `"route":"GET /items/{id}"`) {
		t.Errorf("the log lacks the route: %s", buf.String())
	}
}

// TestClientIPAndBearer: X-Forwarded-For is ignored unless the direct peer
// is a configured trusted proxy, and then the right-most untrusted address
// is the client (a client cannot prepend its own choice); the bearer scheme
// is case-insensitive.
func TestClientIPAndBearer(t *testing.T) {
	proxies, err := httpx.ParseProxies("10.0.0.0/8, 127.0.0.1")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := httpx.ParseProxies("10.0.0.0/33"); err == nil {
		t.Error("ParseProxies accepted 10.0.0.0/33")
	}
	for _, c := range []struct {
		trusted     []netip.Prefix
		remote, xff string
		want        string
	}{
		{nil, "203.0.113.9:5000", "", "203.0.113.9"},
		{nil, "203.0.113.9:5000", "198.51.100.1", "203.0.113.9"},
		{nil, "127.0.0.1:5000", "198.51.100.1", "127.0.0.1"}, // no trusted proxies: XFF ignored, even from loopback
		{nil, "10.1.2.3:5000", "198.51.100.7", "10.1.2.3"},
		{proxies, "203.0.113.9:5000", "198.51.100.1", "203.0.113.9"}, // an untrusted peer cannot claim another address
		{proxies, "10.1.2.3:5000", "198.51.100.7", "198.51.100.7"},
		{proxies, "10.1.2.3:5000", "1.2.3.4, 198.51.100.7", "198.51.100.7"}, // the spoofed left entry is not believed
		{proxies, "10.1.2.3:5000", "1.2.3.4, 198.51.100.7, 10.9.9.9", "198.51.100.7"},
		{proxies, "127.0.0.1:5000", "198.51.100.1, 10.0.0.2", "198.51.100.1"},
		{proxies, "10.1.2.3:5000", "not-an-ip", "10.1.2.3"},
		{proxies, "10.1.2.3:5000", "10.2.2.2", "10.2.2.2"},           // all trusted: the left-most
		{proxies, "192.168.1.1:5000", "198.51.100.7", "192.168.1.1"}, // private but not configured
	} {
		r := httptest.NewRequest("GET", "/", nil)
		r.RemoteAddr = c.remote
		if c.xff != "" {
			r.Header.Set("X-Forwarded-For", c.xff)
		}
		var got string
		httpx.ClientAddress(c.trusted)(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			got = httpx.ClientIP(r)
		})).ServeHTTP(httptest.NewRecorder(), r)
		if got != c.want {
			t.Errorf("ClientIP(trusted %v, %s, XFF %q) = %q, want %q", c.trusted, c.remote, c.xff, got, c.want)
		}
		if c.trusted == nil {
			if got := httpx.ClientIP(r); got != c.want {
				t.Errorf("ClientIP without the middleware (%s, XFF %q) = %q, want %q", c.remote, c.xff, got, c.want)
			}
		}
	}
	for h, want := range map[string]string{"Bearer abc": "abc", "bearer  abc ": "abc", "BEARER abc": "abc", "Basic abc": "", "Bearer": "", "": ""} {
		r := httptest.NewRequest("GET", "/", nil)
		if h != "" {
			r.Header.Set("Authorization", h)
		}
		if got := httpx.BearerToken(r); got != want {
			t.Errorf("BearerToken(%q) = %q, want %q", h, got, want)
		}
	}
}

// TestStrictTransport: HSTS under an https base URL, not under http.
func TestStrictTransport(t *testing.T) {
	ok := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {})
	for base, want := range map[string]bool{"https://rd.example.gov.cn": true, "HTTPS://rd.example.gov.cn": true, "http://127.0.0.1:8080": false, "": false} {
		rec := httptest.NewRecorder()
		httpx.StrictTransport(base)(ok).ServeHTTP(rec, httptest.NewRequest("GET", "/", nil))
		if got := rec.Header().Get("Strict-Transport-Security"); (got != "") != want || want && !strings.Contains(got, "max-age=") {
			t.Errorf("base %q: Strict-Transport-Security %q", base, got)
		}
	}
}
