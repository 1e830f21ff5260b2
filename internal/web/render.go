package web

import (
	"bufio"
	"bytes"
	"embed"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"net/url"
	"path"
	"strconv"
	"strings"
	"time"

	"renda"
	"renda/internal/httpx"
)

//go:embed templates
var templateFS embed.FS

//go:embed i18n
var i18nFS embed.FS

// Languages renda speaks: Chinese first.
var Languages = []string{"zh", "en"}

// Base is what every page's struct embeds: the layout's data.
type Base struct {
	Title     string
	User      *renda.User
	Lang      string
	CSRF      string
	Flash     string
	Nav       []NavItem
	Demo      bool
	Path      string
	Query     url.Values
	Unread    int
	BaseURL   string
	Version   string
	BodyClass string
	Now       time.Time
}

// HTMLLang is the lang attribute of the page.
func (b *Base) HTMLLang() string {
	if b.Lang == "en" {
		return "en"
	}
	return "zh-CN"
}

// base fills the layout's data for a request.
func (s *Server) base(r *http.Request, title string) Base {
	u := httpx.User(r)
	b := Base{Title: title, User: u, Lang: lang(r), CSRF: httpx.CSRFToken(httpx.SessionToken(r)), Demo: s.cfg.Demo,
		Path: r.URL.Path, Query: r.URL.Query(), BaseURL: s.cfg.BaseURL, Version: s.cfg.Version, Now: s.db.Clock().Now()}
	if c, err := r.Cookie("renda_flash"); err == nil {
		b.Flash, _ = url.QueryUnescape(c.Value)
	}
	if u != nil {
		b.Nav = s.nav(u, r.URL.Path)
		b.Unread, _ = s.db.UnreadCount(r.Context(), u.ID)
	}
	return b
}

// lang returns the language of the request: ?lang=, else the cookie, else Chinese.
func lang(r *http.Request) string {
	if l := r.URL.Query().Get("lang"); l == "en" || l == "zh" {
		return l
	}
	if c, err := r.Cookie("renda_lang"); err == nil && c.Value == "en" {
		return "en"
	}
	return "zh"
}

// render writes a page with status 200.
func (s *Server) render(w http.ResponseWriter, r *http.Request, page string, data any) error {
	s.renderStatus(w, r, http.StatusOK, page, data)
	return nil
}

// renderStatus renders into a buffer first, so a template error becomes a
// clean 500 and never half a page.
func (s *Server) renderStatus(w http.ResponseWriter, r *http.Request, status int, page string, data any) {
	t := s.tmpl[lang(r)][page]
	if t == nil {
		s.log.Error("no such template", "page", page)
		http.Error(w, "系统内部错误", http.StatusInternalServerError)
		return
	}
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, "layout", data); err != nil {
		s.log.Error("render", "page", page, "request_id", httpx.RequestID(r.Context()), "err", err)
		http.Error(w, "系统内部错误：页面生成失败", http.StatusInternalServerError)
		return
	}
	if _, err := r.Cookie("renda_flash"); err == nil {
		http.SetCookie(w, &http.Cookie{Name: "renda_flash", Path: "/", MaxAge: -1})
	}
	if l := r.URL.Query().Get("lang"); l == "en" || l == "zh" {
		http.SetCookie(w, &http.Cookie{Name: "renda_lang", Value: l, Path: "/", MaxAge: 365 * 24 * 3600, SameSite: http.SameSiteLaxMode})
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_, _ = w.Write(buf.Bytes())
}

// parseTemplates parses every page with the layout and partials, once per language.
func (s *Server) parseTemplates() error {
	dict, err := loadDictionary()
	if err != nil {
		return err
	}
	pages, err := fs.Glob(templateFS, "templates/pages/*.html")
	if err != nil {
		return err
	}
	s.tmpl = map[string]map[string]*template.Template{}
	for _, l := range Languages {
		s.tmpl[l] = map[string]*template.Template{}
		tr := func(text string) string { return text }
		if l == "en" {
			tr = func(text string) string {
				if e, ok := dict[text]; ok {
					return e
				}
				return text
			}
		}
		for _, p := range pages {
			name := strings.TrimSuffix(path.Base(p), ".html")
			t := template.New("layout").Funcs(funcs(tr))
			t, err := t.ParseFS(templateFS, "templates/layout.html", "templates/partials/*.html", p)
			if err != nil {
				return fmt.Errorf("web: template %s: %w", name, err)
			}
			s.tmpl[l][name] = t
		}
	}
	return nil
}

// loadDictionary reads the English translations: every i18n/*.tsv file has
// lines "中文<TAB>English".
func loadDictionary() (map[string]string, error) {
	dict := map[string]string{}
	files, err := fs.Glob(i18nFS, "i18n/*.tsv")
	if err != nil {
		return nil, err
	}
	for _, f := range files {
		b, err := i18nFS.ReadFile(f)
		if err != nil {
			return nil, err
		}
		sc := bufio.NewScanner(bytes.NewReader(b))
		for n := 1; sc.Scan(); n++ {
			line := sc.Text()
			if strings.TrimSpace(line) == "" || strings.HasPrefix(line, "#") {
				continue
			}
			zh, en, ok := strings.Cut(line, "\t")
			if !ok {
				return nil, fmt.Errorf("web: %s:%d: want 中文<TAB>English", f, n)
			}
			dict[zh] = en
		}
	}
	return dict, nil
}

func funcs(tr func(string) string) template.FuncMap {
	return template.FuncMap{
		"t": tr,
		"date": func(v any) string {
			switch d := v.(type) {
			case renda.Date:
				return d.String()
			case time.Time:
				if d.IsZero() {
					return ""
				}
				return d.In(renda.CST).Format("2006-01-02")
			}
			return ""
		},
		"datetime": func(t time.Time) string {
			if t.IsZero() {
				return ""
			}
			return t.In(renda.CST).Format("2006-01-02 15:04")
		},
		"cndate": func(d renda.Date) string { return d.Chinese() },
		"add":    func(a, b int) int { return a + b },
		"sub":    func(a, b int) int { return a - b },
		"pct": func(a, b int) string {
			if b == 0 {
				return "—"
			}
			return strconv.FormatFloat(float64(a)*100/float64(b), 'f', 1, 64) + "%"
		},
		"mask":  renda.MaskPhone,
		"lines": func(s string) []string { return strings.Split(s, "\n") },
		"query": func(q url.Values, kv ...string) string {
			v := url.Values{}
			for k, vs := range q {
				v[k] = vs
			}
			for i := 0; i+1 < len(kv); i += 2 {
				if kv[i+1] == "" {
					v.Del(kv[i])
				} else {
					v.Set(kv[i], kv[i+1])
				}
			}
			if e := v.Encode(); e != "" {
				return "?" + e
			}
			return "?"
		},
		"active": func(current, prefix string) bool {
			if prefix == "/" {
				return current == "/"
			}
			return current == prefix || strings.HasPrefix(current, prefix+"/")
		},
		"json": func(v any) string { return fmt.Sprint(v) },
		"dict": func(kv ...any) map[string]any {
			m := map[string]any{}
			for i := 0; i+1 < len(kv); i += 2 {
				m[fmt.Sprint(kv[i])] = kv[i+1]
			}
			return m
		},
		"has": func(list []string, v string) bool {
			for _, x := range list {
				if x == v {
					return true
				}
			}
			return false
		},
		"roleLabel":  func(r renda.Role) string { return r.Label() },
		"levelLabel": func(l renda.Level) string { return l.Label() },
	}
}

// Pager describes one page of a list for the pager partial.
type Pager struct {
	Total  int
	Limit  int
	Offset int
	Query  url.Values
}

// From, To number the rows shown (1-based).
func (p Pager) From() int {
	if p.Total == 0 {
		return 0
	}
	return p.Offset + 1
}

// To is the number of the last row shown.
func (p Pager) To() int { return min(p.Offset+p.Limit, p.Total) }

// PrevURL and NextURL are the neighbouring pages ("" if none).
func (p Pager) PrevURL() string {
	if p.Offset <= 0 {
		return ""
	}
	return p.url(max(0, p.Offset-p.Limit))
}

// NextURL is the next page ("" if none).
func (p Pager) NextURL() string {
	if p.Offset+p.Limit >= p.Total {
		return ""
	}
	return p.url(p.Offset + p.Limit)
}

// Page and Pages number the pages.
func (p Pager) Page() int { return p.Offset/max(1, p.Limit) + 1 }

// Pages is the number of pages.
func (p Pager) Pages() int { return max(1, (p.Total+p.Limit-1)/max(1, p.Limit)) }

func (p Pager) url(offset int) string {
	v := url.Values{}
	for k, vs := range p.Query {
		v[k] = vs
	}
	v.Del("page")
	if offset > 0 {
		v.Set("page", strconv.Itoa(offset/p.Limit+1))
	}
	if e := v.Encode(); e != "" {
		return "?" + e
	}
	return "?"
}

// pager reads ?page= for a list of limit rows per page.
func pager(r *http.Request, limit int) Pager {
	n, _ := strconv.Atoi(r.URL.Query().Get("page"))
	if n < 1 || n > 100000 {
		n = 1
	}
	return Pager{Limit: limit, Offset: (n - 1) * limit, Query: r.URL.Query()}
}
