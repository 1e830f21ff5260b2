// Package web serves renda's HTML pages: server-rendered, Chinese first,
// usable on a phone and without JavaScript. One route table (routes.go),
// one handler per page, typed page structs, templates embedded.
package web

import (
	"errors"
	"log/slog"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"sync"
	"time"

	"renda"
	"renda/internal/httpx"
	"renda/internal/pdfdoc"
	"renda/internal/pdfstamp"
	"renda/internal/store"
)

// Config is what the pages need to know about the deployment.
type Config struct {
	BaseURL string // public URL, for links printed on paper and in QR codes
	Demo    bool   // demo mode: a banner says the data is invented
	Version string
	// PageCache is how long a public page is served from memory to the
	// anonymous public (see cachedPublic): 0 means DefaultPageCache, a
	// negative duration turns the cache off.
	PageCache time.Duration
	// PDFFont lists the TrueType fonts (comma-separated paths) that PDFs
	// such as a meeting's minutes are written in; empty: those of
	// pdfdoc.DefaultFonts found on this machine.
	PDFFont string
}

// Server serves the pages.
type Server struct {
	db     *store.DB
	cfg    Config
	log    *slog.Logger
	tmpl   *pageTemplates // the pages, parsed when rendered (pagetemplates.go)
	routes []route

	publicPages sync.Map // rendered public pages, see cachedPublic

	tr    map[string]func(string) string // language → t, as the templates have it
	fonts *pdfdoc.Fonts                  // for PDFs (meeting_minutes_pdf.go)
	stamp *pdfstamp.Stamper              // stamps uploaded PDFs with their reader (meeting_document_file.go)
}

// route is one page route.
type route struct {
	pattern string       // "GET /deputies/{id}"
	auth    []renda.Role // nil: public; empty non-nil (anyone): signedIn
	handler func(w http.ResponseWriter, r *http.Request) error
}

// signedIn is the auth of routes open to every signed-in user.
var signedIn = []renda.Role{}

// staffSide is the auth of routes for the standing committee's people.
var staffSide = []renda.Role{renda.RoleAdmin, renda.RoleStaff, renda.RoleLeader}

// New parses the templates and builds the route table.
func New(db *store.DB, cfg Config, log *slog.Logger) (*Server, error) {
	s := &Server{db: db, cfg: cfg, log: log, fonts: pdfdoc.FindFonts(cfg.PDFFont)}
	s.stamp = pdfstamp.New(s.fonts)
	if s.cfg.PageCache == 0 {
		s.cfg.PageCache = DefaultPageCache
	}
	if err := s.parseTemplates(); err != nil {
		return nil, err
	}
	s.routes = slices.Concat(s.foundationRoutes(), s.recoveryRoutes(), s.suggestionRoutes(), s.opinionRoutes(), s.caseRoutes(), s.voteRoutes(), s.searchRoutes(),
		s.recordRoutes(),
		s.groupRoutes(),
		s.tokenRoutes(),
		s.filingRoutes(),
		s.budgetRoutes(),
		s.consultationRoutes(),
		s.supervisionRoutes(),
		s.dutyReportRoutes(),
		s.liaisonRoutes(),
		s.meetingRoutes(),
		s.meetingSessionRoutes(),
		s.portalRoutes(),
		s.manualRoutes(),
		s.appointeeReviewRoutes(),
	)
	return s, nil
}

// Register adds every page route to mux.
func (s *Server) Register(mux *http.ServeMux) {
	for _, rt := range s.routes {
		mux.Handle(rt.pattern, s.adapt(rt))
	}
	mux.Handle("GET /static/", http.StripPrefix("/static/", staticHandler()))
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		s.errorPage(w, r, renda.Errorf(renda.ENOTFOUND, "页面不存在"))
	})
}

// Patterns lists the page routes (for tests that visit every route).
func (s *Server) Patterns() map[string][]renda.Role {
	out := map[string][]renda.Role{}
	for _, rt := range s.routes {
		out[rt.pattern] = rt.auth
	}
	return out
}

// adapt checks the route's auth, runs the handler and renders its error.
func (s *Server) adapt(rt route) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if rt.auth != nil {
			u := httpx.User(r)
			if u == nil {
				if r.Method == http.MethodGet {
					http.Redirect(w, r, "/login?next="+url.QueryEscape(r.URL.RequestURI()), http.StatusSeeOther)
					return
				}
				s.errorPage(w, r, renda.Errorf(renda.EUNAUTHORIZED, "请先登录"))
				return
			}
			if len(rt.auth) > 0 && !u.Is(rt.auth...) {
				s.errorPage(w, r, renda.Errorf(renda.EFORBIDDEN, "您的角色（%s）无权访问此页面", u.Role.Label()))
				return
			}
		}
		if r.Method == http.MethodGet || r.Method == http.MethodHead {
			// A page: the versions of what is cached, read once for all its uses.
			r = r.WithContext(store.VersionsOnce(r.Context()))
		}
		if err := rt.handler(w, r); err != nil {
			s.errorPage(w, r, err)
		}
	})
}

// ErrorPage is the page shown for an error.
type ErrorPage struct {
	Base
	Status  int
	Message string
	Login   bool
}

// Error shows the error page for err (for middleware that refuses a
// request before it reaches a route).
func (s *Server) Error(w http.ResponseWriter, r *http.Request, err error) { s.errorPage(w, r, err) }

func (s *Server) errorPage(w http.ResponseWriter, r *http.Request, err error) {
	code := renda.ErrorCode(err)
	var mbe *http.MaxBytesError
	if errors.As(err, &mbe) {
		code, err = renda.ETOOLARGE, renda.Errorf(renda.ETOOLARGE, "提交的内容太大（上限 %d MB）", mbe.Limit>>20)
	}
	status := httpx.Status(code)
	if status >= 500 {
		s.log.Error("page error", "request_id", httpx.RequestID(r.Context()), "path", r.URL.Path, "err", err)
	}
	title := map[int]string{400: "请求有误", 401: "请先登录", 403: "无权访问", 404: "找不到页面", 409: "操作冲突",
		413: "内容太大", 422: "输入有误", 429: "操作太频繁"}[status]
	if title == "" {
		title = "出错了"
	}
	p := &ErrorPage{Base: s.base(r, title), Status: status, Message: renda.ErrorMessage(err), Login: status == 401}
	s.renderStatus(w, r, status, "error", p)
}

// flash sets a one-time message shown on the next page.
func flash(w http.ResponseWriter, msg string) {
	http.SetCookie(w, &http.Cookie{Name: "renda_flash", Value: url.QueryEscape(msg), Path: "/", MaxAge: 60, HttpOnly: true, SameSite: http.SameSiteLaxMode})
}

// redirect sends the browser on after a successful POST (with a flash message).
func redirect(w http.ResponseWriter, r *http.Request, to, msg string) error {
	if msg != "" {
		flash(w, msg)
	}
	http.Redirect(w, r, to, http.StatusSeeOther)
	return nil
}

// safeNext returns next if it is a path on this site, else "/". Browsers
// drop tabs and newlines from URLs and read a backslash as a slash, so
// "/\t/evil.example" would leave the site: any control character or
// backslash refuses the path, as do "//" and anything with a scheme or host.
func safeNext(next string) string {
	if !strings.HasPrefix(next, "/") || strings.HasPrefix(next, "//") {
		return "/"
	}
	for _, c := range next {
		if c < 0x20 || c == 0x7f || c == '\\' {
			return "/"
		}
	}
	u, err := url.Parse(next)
	if err != nil || u.Scheme != "" || u.Host != "" || u.User != nil || u.Opaque != "" {
		return "/"
	}
	return next
}
