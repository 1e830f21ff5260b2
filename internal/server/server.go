// Package server puts renda together: the pages, the API and the
// operational endpoints on one mux, behind the shared middleware.
package server

import (
	"context"
	"crypto/subtle"
	"log/slog"
	"net/http"
	"net/netip"
	"strings"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"renda/internal/api"
	"renda/internal/httpx"
	"renda/internal/store"
	"renda/internal/web"
)

// Config configures the HTTP side of renda.
type Config struct {
	BaseURL string
	Demo    bool
	Version string
	// TrustedProxies are the reverse proxies whose X-Forwarded-For is
	// believed (none by default: the peer address is the client).
	TrustedProxies []netip.Prefix
	// PageCache: how long anonymous public pages are cached (0: the
	// default, web.DefaultPageCache; negative: off).
	PageCache time.Duration
	// MetricsToken, when set, lets a scraper read /metrics with
	// "Authorization: Bearer TOKEN". Without it /metrics on the site's
	// address is refused (403); serve it on a separate address instead
	// (MetricsHandler, renda serve --metrics-addr).
	MetricsToken string
	// PDFFont: the TrueType fonts for PDFs (web.Config.PDFFont).
	PDFFont string
}

// MaxBody is the largest request body renda accepts (uploads included).
const MaxBody = 32 << 20

// RequestTimeout bounds the work of one request.
const RequestTimeout = 60 * time.Second

// Handler builds renda's whole HTTP handler.
func Handler(db *store.DB, cfg Config, log *slog.Logger, reg *prometheus.Registry) (http.Handler, error) {
	db.SetLinkBase(cfg.BaseURL)
	pages, err := web.New(db, web.Config{BaseURL: cfg.BaseURL, Demo: cfg.Demo, Version: cfg.Version, PageCache: cfg.PageCache, PDFFont: cfg.PDFFont}, log)
	if err != nil {
		return nil, err
	}
	a := api.New(db, api.Config{BaseURL: cfg.BaseURL, Demo: cfg.Demo, Version: cfg.Version}, log)
	mux := http.NewServeMux()
	pages.Register(mux)
	a.Register(mux)
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		_, _ = w.Write([]byte("ok\n"))
	})
	mux.HandleFunc("GET /readyz", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		if err := db.Ping(r.Context()); err != nil {
			w.WriteHeader(http.StatusServiceUnavailable)
			_, _ = w.Write([]byte("database unreachable\n"))
			return
		}
		_, _ = w.Write([]byte("ready\n"))
	})
	if reg == nil {
		reg = prometheus.NewRegistry()
	}
	_ = reg.Register(collectors.NewGoCollector())
	_ = reg.Register(collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	mux.Handle("GET /metrics", metricsGate(cfg.MetricsToken, MetricsHandler(reg)))
	metrics := httpx.NewMetrics(reg)

	var origins []string
	if cfg.BaseURL != "" {
		origins = append(origins, strings.TrimSuffix(cfg.BaseURL, "/"))
	}
	csrfFail := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasPrefix(r.URL.Path, "/api/") {
			w.Header().Set("Content-Type", "application/problem+json; charset=utf-8")
			w.WriteHeader(http.StatusForbidden)
			_, _ = w.Write([]byte(`{"type":"urn:renda:problem:forbidden","title":"Forbidden","status":403,"code":"forbidden","detail":"跨站请求被拒绝（CSRF 校验失败）"}` + "\n"))
			return
		}
		http.Error(w, "请求被拒绝：页面已过期或来自其他网站（CSRF 校验失败）。请返回上一页刷新后重试。", http.StatusForbidden)
	})
	return httpx.Chain(httpx.RecordPattern(mux),
		httpx.ClientAddress(cfg.TrustedProxies),
		httpx.RequestIDs(),
		httpx.Log(log, metrics),
		httpx.Gzip,
		httpx.SecurityHeaders,
		httpx.StrictTransport(cfg.BaseURL),
		httpx.Limits(MaxBody, RequestTimeout),
		httpx.Authenticate(db),
		httpx.RemoveUploads,
		httpx.CSRF(origins, csrfFail),
		httpx.RefuseBadText(func(w http.ResponseWriter, r *http.Request, err error) {
			if strings.HasPrefix(r.URL.Path, "/api/") || strings.HasPrefix(r.URL.Path, "/open311/") {
				a.Problem(w, r, err)
				return
			}
			pages.Error(w, r, err)
		}),
	), nil
}

// MetricsHandler serves the registry's metrics to anyone who reaches it:
// mount it only behind metricsGate or on an address of its own.
func MetricsHandler(reg *prometheus.Registry) http.Handler {
	return promhttp.HandlerFor(reg, promhttp.HandlerOpts{})
}

// metricsGate lets through only requests bearing token; with no token
// configured, nobody (the metrics are on their own address, if anywhere).
func metricsGate(token string, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		got := httpx.BearerToken(r)
		if token == "" || got == "" || subtle.ConstantTimeCompare([]byte(got), []byte(token)) != 1 {
			w.Header().Set("Content-Type", "text/plain; charset=utf-8")
			if token != "" {
				w.Header().Set("WWW-Authenticate", `Bearer realm="metrics"`)
				w.WriteHeader(http.StatusUnauthorized)
				_, _ = w.Write([]byte("metrics need the scrape token (Authorization: Bearer …)\n"))
				return
			}
			w.WriteHeader(http.StatusForbidden)
			_, _ = w.Write([]byte("metrics are not served here: start renda with --metrics-addr or --metrics-token\n"))
			return
		}
		next.ServeHTTP(w, r)
	})
}

// Serve serves h on addr until ctx is cancelled, then shuts down gracefully.
func Serve(ctx context.Context, addr string, h http.Handler, log *slog.Logger, ready func(addr string)) error {
	srv := &http.Server{
		Addr:              addr,
		Handler:           h,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       2 * time.Minute,
		WriteTimeout:      2 * time.Minute,
		IdleTimeout:       2 * time.Minute,
		MaxHeaderBytes:    64 << 10,
		ErrorLog:          slog.NewLogLogger(log.Handler(), slog.LevelWarn),
	}
	ln, err := listen(addr)
	if err != nil {
		return err
	}
	if ready != nil {
		ready(ln.Addr().String())
	}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	log.Info("shutting down")
	sctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	return srv.Shutdown(sctx)
}
