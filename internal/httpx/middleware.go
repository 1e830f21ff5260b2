package httpx

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"log/slog"
	"net/http"
	"runtime/debug"
	"strconv"
	"strings"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"renda"
	"renda/internal/store"
)

// SessionCookie is the name of the browser session cookie.
const SessionCookie = "renda_session"

// Middleware wraps a handler.
type Middleware func(http.Handler) http.Handler

// Chain applies middleware so that the first listed runs first.
func Chain(h http.Handler, m ...Middleware) http.Handler {
	for i := len(m) - 1; i >= 0; i-- {
		h = m[i](h)
	}
	return h
}

// statusWriter remembers the status and size of a response.
type statusWriter struct {
	http.ResponseWriter
	status int
	size   int
}

func (w *statusWriter) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	n, err := w.ResponseWriter.Write(b)
	w.size += n
	return n, err
}

func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// RequestIDs gives every request an id (taken from X-Request-ID when it
// looks sane), returns it in the response, and puts it in the context.
func RequestIDs() Middleware {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			id := r.Header.Get("X-Request-ID")
			if len(id) < 8 || len(id) > 64 || strings.ContainsAny(id, " \t\r\n\"") {
				id = renda.NewID()
			}
			w.Header().Set("X-Request-ID", id)
			next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), requestIDKey, id)))
		})
	}
}

// Metrics counts requests and their duration per route pattern.
type Metrics struct {
	requests *prometheus.CounterVec
	duration *prometheus.HistogramVec
}

// NewMetrics registers the HTTP metrics with reg.
func NewMetrics(reg prometheus.Registerer) *Metrics {
	m := &Metrics{
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "renda_http_requests_total", Help: "HTTP requests by route and status."}, []string{"route", "code"}),
		duration: prometheus.NewHistogramVec(prometheus.HistogramOpts{Name: "renda_http_request_duration_seconds", Help: "HTTP request duration by route.",
			Buckets: []float64{.001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10}}, []string{"route"}),
	}
	reg.MustRegister(m.requests, m.duration)
	return m
}

// Log writes one structured line per request, recovers from panics (a 500,
// logged with its stack), and records metrics.
func Log(log *slog.Logger, m *Metrics) Middleware {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			start := time.Now()
			sw := &statusWriter{ResponseWriter: w}
			pattern := new(string)
			// Authenticate runs inside this middleware: it writes the user
			// it finds into who, so the request's line names them.
			who := new(string)
			r = r.WithContext(context.WithValue(context.WithValue(r.Context(), patternKey{}, pattern), userSlotKey{}, who))
			defer func() {
				if p := recover(); p != nil {
					if p == http.ErrAbortHandler {
						panic(p)
					}
					log.Error("panic", "request_id", RequestID(r.Context()), "panic", fmt.Sprint(p), "stack", string(debug.Stack()))
					if sw.status == 0 {
						http.Error(sw, "系统内部错误", http.StatusInternalServerError)
					}
				}
				d := time.Since(start)
				route := *pattern
				if route == "" {
					route = "unmatched"
				}
				if m != nil {
					m.requests.WithLabelValues(route, strconv.Itoa(sw.status)).Inc()
					m.duration.WithLabelValues(route).Observe(d.Seconds())
				}
				level := slog.LevelInfo
				if sw.status >= 500 {
					level = slog.LevelError
				}
				if r.URL.Path == "/healthz" || r.URL.Path == "/readyz" || r.URL.Path == "/metrics" || strings.HasPrefix(r.URL.Path, "/static/") {
					level = slog.LevelDebug
				}
				log.Log(r.Context(), level, "request", "request_id", RequestID(r.Context()), "method", r.Method,
					"path", r.URL.Path, "route", route, "status", sw.status, "bytes", sw.size, "ms", d.Milliseconds(),
					"ip", ClientIP(r), "user", *who)
			}()
			next.ServeHTTP(sw, r)
		})
	}
}

type patternKey struct{}

// RecordPattern wraps the mux so that the route pattern it matched reaches
// the log and the metrics (the mux sets it on the innermost request only),
// also when the handler panics.
func RecordPattern(mux http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			if p, ok := r.Context().Value(patternKey{}).(*string); ok {
				*p = r.Pattern
			}
		}()
		mux.ServeHTTP(w, r)
	})
}

// userSlotKey holds the *string Log reads the user's name from.
type userSlotKey struct{}

// noteUser tells the request log who the request is from.
func noteUser(ctx context.Context, u *renda.User) {
	if slot, ok := ctx.Value(userSlotKey{}).(*string); ok && u != nil {
		*slot = u.Username
	}
}

// Limits caps the size of request bodies and the time a request may take.
func Limits(maxBody int64, timeout time.Duration) Middleware {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.Body != nil {
				r.Body = http.MaxBytesReader(w, r.Body, maxBody)
			}
			ctx, cancel := context.WithTimeout(r.Context(), timeout)
			defer cancel()
			next.ServeHTTP(w, r.WithContext(ctx))
		})
	}
}

// RemoveUploads deletes the temporary files of a multipart form when the
// request ends. net/http removes them only for the request it created, and
// every middleware that adds to the context makes a copy, so the form is
// parsed on a copy; this runs on the request the CSRF check and the
// handlers read (put it after the last middleware that copies).
func RemoveUploads(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			if r.MultipartForm != nil {
				_ = r.MultipartForm.RemoveAll()
			}
		}()
		next.ServeHTTP(w, r)
	})
}

// Authenticate puts the signed-in user in the context: from a bearer token
// (API clients) or from the session cookie (browsers). A bad or expired
// credential leaves the request anonymous; routes decide what that means.
func Authenticate(db *store.DB) Middleware {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			ctx := r.Context()
			if tok := BearerToken(r); tok != "" {
				if u, err := db.SessionUser(ctx, tok, store.APIToken); err == nil {
					ctx = WithUser(ctx, u)
				} else {
					ctx = context.WithValue(ctx, badTokenKey{}, err)
				}
			} else if c, err := r.Cookie(SessionCookie); err == nil && c.Value != "" {
				if u, err := db.SessionUser(ctx, c.Value, store.WebSession); err == nil {
					ctx = WithUser(ctx, u)
					ctx = context.WithValue(ctx, sessionKey, c.Value)
				}
			}
			noteUser(ctx, userOf(ctx))
			next.ServeHTTP(w, r.WithContext(ctx))
		})
	}
}

func userOf(ctx context.Context) *renda.User {
	u, _ := ctx.Value(userKey).(*renda.User)
	return u
}

type badTokenKey struct{}

// BadToken returns why a bearer token presented with the request was refused.
func BadToken(r *http.Request) error {
	err, _ := r.Context().Value(badTokenKey{}).(error)
	return err
}

// CSRFToken returns the anti-forgery token for a browser session: a keyed
// hash of the session token, so it needs no storage and dies with the session.
func CSRFToken(session string) string {
	if session == "" {
		return ""
	}
	m := hmac.New(sha256.New, []byte(session))
	m.Write([]byte("renda csrf v1"))
	return base64.RawURLEncoding.EncodeToString(m.Sum(nil))
}

// CSRF protects state-changing requests made with a session cookie: the
// browser must send the same origin (Go's CrossOriginProtection, by
// Sec-Fetch-Site and Origin) and the form must carry the session's token.
// Requests authenticated by a bearer token carry no ambient authority and
// only get the origin check.
func CSRF(trustedOrigins []string, onFail http.Handler) Middleware {
	cop := http.NewCrossOriginProtection()
	for _, o := range trustedOrigins {
		_ = cop.AddTrustedOrigin(o)
	}
	cop.SetDenyHandler(onFail)
	return func(next http.Handler) http.Handler {
		check := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.Method == http.MethodGet || r.Method == http.MethodHead || r.Method == http.MethodOptions {
				next.ServeHTTP(w, r)
				return
			}
			if sess := SessionToken(r); sess != "" && BearerToken(r) == "" {
				got := r.Header.Get("X-CSRF-Token")
				if got == "" {
					if strings.HasPrefix(r.Header.Get("Content-Type"), "multipart/form-data") {
						_ = r.ParseMultipartForm(8 << 20)
					}
					got = r.PostFormValue("csrf")
				}
				if !hmac.Equal([]byte(got), []byte(CSRFToken(sess))) {
					onFail.ServeHTTP(w, r)
					return
				}
			}
			next.ServeHTTP(w, r)
		})
		return cop.Handler(check)
	}
}

// StrictTransport sets Strict-Transport-Security on every response when the
// site's base URL is https (browsers then never try plain http again for a
// year); behind http it does nothing.
func StrictTransport(baseURL string) Middleware {
	return func(next http.Handler) http.Handler {
		if !strings.HasPrefix(strings.ToLower(baseURL), "https://") {
			return next
		}
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Strict-Transport-Security", "max-age=31536000")
			next.ServeHTTP(w, r)
		})
	}
}

// SecurityHeaders sets headers every response should have.
func SecurityHeaders(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "same-origin")
		h.Set("X-Frame-Options", "SAMEORIGIN")
		h.Set("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; frame-ancestors 'self'; form-action 'self'; base-uri 'self'")
		next.ServeHTTP(w, r)
	})
}
