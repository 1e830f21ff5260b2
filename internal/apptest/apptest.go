// Package apptest starts a whole renda — database, pages, API, background
// jobs — on a real database and a real HTTP server, for tests of every layer.
package apptest

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"renda"
	"renda/internal/demo"
	"renda/internal/httpx"
	"renda/internal/jobs"
	"renda/internal/notify"
	"renda/internal/server"
	"renda/internal/store"
	"renda/internal/storetest"
)

// Options choose the database and data of a test app.
type Options struct {
	Dialect store.Dialect
	Demo    bool      // load the demo county
	Start   time.Time // if set, a TestClock starting here drives the app
	// PageCache is the public page cache's lifetime (0: the default;
	// negative: off), as renda serve --page-cache sets it.
	PageCache time.Duration
	// Share, if set, starts a second server (with its own database
	// connections, caches and background jobs) on Share's database, as a
	// second renda behind a load balancer would run.
	Share *App
	// PDFFont: the TrueType fonts for PDFs, as renda serve --pdf-font sets
	// them (empty: the defaults found on this machine).
	PDFFont string
}

// App is a running renda for one test.
type App struct {
	DB      *store.DB
	Clock   *renda.TestClock // nil when the system clock drives the app
	URL     string
	World   *demo.World // the demo county, if loaded
	Jobs    *jobs.Runner
	Sent    *Recorder // every message the outbox delivered
	Senders notify.Senders
	Log     *bytes.Buffer // everything the app logged
	DSN     string        // the database's address
	t       testing.TB
}

// New starts an app; it stops when the test ends.
func New(t testing.TB, o Options) *App {
	t.Helper()
	ctx := context.Background()
	a := &App{t: t, Sent: &Recorder{}, Log: &bytes.Buffer{}}
	var clock renda.Clock = renda.SystemClock{}
	if !o.Start.IsZero() {
		a.Clock = renda.NewTestClock(o.Start)
		clock = a.Clock
	}
	log := slog.New(slog.NewJSONHandler(&lockedWriter{w: a.Log}, &slog.HandlerOptions{Level: slog.LevelDebug}))
	var dsn string
	if o.Share != nil {
		dsn, a.World, a.Clock = o.Share.DSN, o.Share.World, o.Share.Clock
		if a.Clock != nil {
			clock = a.Clock
		}
	} else {
		dsn = storetest.DSN(t, o.Dialect)
	}
	a.DSN = dsn
	if o.Share == nil && o.Demo && o.Dialect == store.SQLite && o.Start.IsZero() {
		// The demo county is loaded once per test binary and copied.
		tmpl, world := demoTemplate(t)
		path := strings.TrimPrefix(dsn, "sqlite:")
		if err := copyFile(tmpl, path); err != nil {
			t.Fatal(err)
		}
		a.World = world
	}
	db, err := store.Open(ctx, dsn, store.Options{Clock: clock, Box: storetest.Box(), Logger: log})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if err := db.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	if err := db.Init(ctx); err != nil {
		t.Fatal(err)
	}
	a.DB = db
	if o.Share == nil && o.Demo && o.Dialect == store.Postgres && o.Start.IsZero() {
		// The same template, copied into PostgreSQL in bulk.
		tmpl, world := demoTemplate(t)
		path := filepath.Join(t.TempDir(), "demo.db")
		if err := copyFile(tmpl, path); err != nil {
			t.Fatal(err)
		}
		src, err := store.Open(ctx, "sqlite:"+path, store.Options{Clock: clock, Box: storetest.Box(), Logger: log, MustExist: true})
		if err != nil {
			t.Fatal(err)
		}
		err = db.CopyFrom(ctx, src)
		src.Close()
		if err != nil {
			t.Fatalf("demo into PostgreSQL: %v", err)
		}
		a.World = world
	}
	if o.Share == nil && o.Demo && a.World == nil {
		if a.World, err = demo.Load(ctx, db, log); err != nil {
			t.Fatal(err)
		}
	}
	srv := httptest.NewUnstartedServer(nil)
	a.URL = "http://" + srv.Listener.Addr().String()
	h, err := server.Handler(db, server.Config{BaseURL: a.URL, Demo: db.IsDemo(ctx), Version: "test", PageCache: o.PageCache, PDFFont: o.PDFFont}, log, nil)
	if err != nil {
		t.Fatal(err)
	}
	srv.Config.Handler = h
	srv.Start()
	t.Cleanup(srv.Close)
	a.Senders = notify.Senders{}
	for _, ch := range []string{"sms", "email", "webhook", "log", "hotline"} {
		a.Senders[ch] = a.Sent
	}
	a.Jobs = jobs.New(db, a.Senders, log)
	t.Cleanup(func() {
		if t.Failed() && os.Getenv("RENDA_TEST_VERBOSE") != "" {
			t.Logf("app log:\n%s", a.Log.String())
		}
	})
	return a
}

// Each runs fn with an app on SQLite and, when RENDA_TEST_POSTGRES is set, on PostgreSQL.
func Each(t *testing.T, o Options, fn func(t *testing.T, a *App)) {
	for _, d := range storetest.Dialects(t) {
		t.Run(d.String(), func(t *testing.T) {
			o := o
			o.Dialect = d
			fn(t, New(t, o))
		})
	}
}

var (
	templateOnce  sync.Once
	templatePath  string
	templateWorld *demo.World
	templateErr   error
)

func demoTemplate(t testing.TB) (string, *demo.World) {
	templateOnce.Do(func() {
		dir, err := os.MkdirTemp("", "renda-demo-template-")
		if err != nil {
			templateErr = err
			return
		}
		templatePath = filepath.Join(dir, "demo.db")
		ctx := context.Background()
		db, err := store.Open(ctx, "sqlite:"+templatePath, store.Options{Box: storetest.Box(), Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
		if err != nil {
			templateErr = err
			return
		}
		defer db.Close()
		if templateErr = db.Migrate(ctx); templateErr != nil {
			return
		}
		if templateErr = db.Init(ctx); templateErr != nil {
			return
		}
		templateWorld, templateErr = demo.Load(ctx, db, nil)
		if templateErr == nil {
			// Fold the WAL into the file so one file is the whole database.
			_, templateErr = store.RawDB(db).ExecContext(ctx, "PRAGMA wal_checkpoint(TRUNCATE)")
		}
	})
	if templateErr != nil {
		t.Fatalf("demo template: %v", templateErr)
	}
	return templatePath, templateWorld
}

func copyFile(src, dst string) error {
	b, err := os.ReadFile(src)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
		return err
	}
	return os.WriteFile(dst, b, 0o644)
}

type lockedWriter struct {
	mu sync.Mutex
	w  io.Writer
}

func (l *lockedWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(p)
}

// Recorder is a Sender that keeps what it was asked to send, and can be told to fail.
type Recorder struct {
	mu   sync.Mutex
	msgs []renda.Message
	fail error
}

// Send records m, or fails while Fail is set.
func (r *Recorder) Send(ctx context.Context, m renda.Message) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.fail != nil {
		return r.fail
	}
	r.msgs = append(r.msgs, m)
	return nil
}

// Fail makes every send fail with err (nil: succeed again).
func (r *Recorder) Fail(err error) {
	r.mu.Lock()
	r.fail = err
	r.mu.Unlock()
}

// Messages returns what was sent so far.
func (r *Recorder) Messages() []renda.Message {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]renda.Message(nil), r.msgs...)
}

// Password returns the password of a demo or fixture account.
func (a *App) Password() string {
	if a.World != nil {
		return demo.Password
	}
	return storetest.Password
}

// Token signs in through the API and returns a bearer token.
func (a *App) Token(username string) string {
	a.t.Helper()
	resp := a.Call("POST", "/api/v1/auth/login", "", map[string]string{"username": username, "password": a.Password()})
	if resp.Status != 200 {
		a.t.Fatalf("login %s: %d %s", username, resp.Status, resp.Body)
	}
	var out struct{ Token string }
	resp.JSON(a.t, &out)
	return out.Token
}

// Response is an HTTP response read whole.
type Response struct {
	Status int
	Header http.Header
	Body   []byte
}

// JSON decodes the body into v.
func (r *Response) JSON(t testing.TB, v any) {
	t.Helper()
	if err := json.Unmarshal(r.Body, v); err != nil {
		t.Fatalf("response is not JSON (%v): %s", err, r.Body)
	}
}

// Map decodes the body as a JSON object.
func (r *Response) Map(t testing.TB) map[string]any {
	t.Helper()
	var m map[string]any
	r.JSON(t, &m)
	return m
}

// Call makes an API request: body is marshalled as JSON unless it is a
// string or []byte (sent as is).
func (a *App) Call(method, path, token string, body any) *Response {
	a.t.Helper()
	var rd io.Reader
	switch b := body.(type) {
	case nil:
	case string:
		rd = strings.NewReader(b)
	case []byte:
		rd = bytes.NewReader(b)
	default:
		j, err := json.Marshal(b)
		if err != nil {
			a.t.Fatal(err)
		}
		rd = bytes.NewReader(j)
	}
	req, err := http.NewRequest(method, a.URL+path, rd)
	if err != nil {
		a.t.Fatal(err)
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	return a.do(http.DefaultClient, req)
}

func (a *App) do(c *http.Client, req *http.Request) *Response {
	a.t.Helper()
	resp, err := c.Do(req)
	if err != nil {
		a.t.Fatalf("%s %s: %v", req.Method, req.URL, err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		a.t.Fatal(err)
	}
	return &Response{Status: resp.StatusCode, Header: resp.Header, Body: b}
}

// Browser is a cookie-carrying client that uses the HTML pages like a browser
// without JavaScript: it signs in through the form and posts forms with the
// page's CSRF token.
type Browser struct {
	a      *App
	client *http.Client
	csrf   string
}

// Browser signs username in through the login form (username "" stays anonymous).
func (a *App) Browser(username string) *Browser {
	a.t.Helper()
	jar, _ := cookiejar.New(nil)
	b := &Browser{a: a, client: &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
	if username != "" {
		resp := b.Post("/login", url.Values{"username": {username}, "password": {a.Password()}})
		if resp.Status != http.StatusSeeOther {
			a.t.Fatalf("sign in %s: %d %s", username, resp.Status, resp.Body)
		}
		b.Get("/")
	}
	return b
}

var csrfRE = regexp.MustCompile(`name="csrf" value="([^"]*)"`)

// Get fetches a page (redirects are not followed).
func (b *Browser) Get(path string) *Response {
	b.a.t.Helper()
	req, _ := http.NewRequest("GET", b.a.URL+path, nil)
	resp := b.a.do(b.client, req)
	if m := csrfRE.FindSubmatch(resp.Body); m != nil && len(m[1]) > 0 {
		b.csrf = string(m[1])
	}
	return resp
}

// Post submits a form as a same-origin browser would, with the CSRF token of
// the last page fetched.
func (b *Browser) Post(path string, form url.Values) *Response {
	b.a.t.Helper()
	if form == nil {
		form = url.Values{}
	}
	if !form.Has("csrf") && b.csrf != "" {
		form.Set("csrf", b.csrf)
	}
	req, _ := http.NewRequest("POST", b.a.URL+path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Origin", b.a.URL)
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	return b.a.do(b.client, req)
}

// PostRaw sends a request with a body and content type of the caller's choosing.
func (b *Browser) PostRaw(path, contentType string, body io.Reader) *Response {
	b.a.t.Helper()
	req, _ := http.NewRequest("POST", b.a.URL+path, body)
	req.Header.Set("Content-Type", contentType)
	req.Header.Set("Origin", b.a.URL)
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	if b.csrf != "" {
		req.Header.Set("X-CSRF-Token", b.csrf)
	}
	return b.a.do(b.client, req)
}

// On returns a browser with the same cookies (the same session) that
// talks to another app: the other server behind the load balancer.
func (b *Browser) On(a *App) *Browser {
	return &Browser{a: a, client: b.client, csrf: b.csrf}
}

// CSRF returns the token of the signed-in session.
func (b *Browser) CSRF() string { return b.csrf }

// SessionCookie returns the session cookie's value (for the browser harness).
func (b *Browser) SessionCookie() string {
	u, _ := url.Parse(b.a.URL)
	for _, c := range b.client.Jar.Cookies(u) {
		if c.Name == httpx.SessionCookie {
			return c.Value
		}
	}
	return ""
}
