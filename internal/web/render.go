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
	"regexp"
	"renda/internal/store"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode"

	"renda"
	"renda/budget"
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
	// Large is large-text mode (适老化), chosen on any page and remembered
	// in a cookie: the whole page grows, signed in or not.
	Large bool
	Now   time.Time
	Site  renda.Deployment // the congress this deployment serves, named in the page's language
	cal   *renda.Calendar
}

// Provisional reports whether a deadline is provisional: it falls in a year
// whose State Council holiday notice is not entered yet. Templates write
// {{if $.Provisional .Due}}（暂定）{{end}} after a deadline.
func (b *Base) Provisional(d renda.Date) bool { return b.cal.Provisional(d) }

// HTMLLang is the lang attribute of the page.
func (b *Base) HTMLLang() string {
	if b.Lang == "en" {
		return "en"
	}
	return "zh-CN"
}

// Here is the page's own address (path and query), to come back to.
func (b Base) Here() string {
	if q := b.Query.Encode(); q != "" {
		return b.Path + "?" + q
	}
	return b.Path
}

// base fills the layout's data for a request.
func (s *Server) base(r *http.Request, title string) Base {
	u := httpx.User(r)
	b := Base{Title: title, User: u, Lang: lang(r), CSRF: httpx.CSRFToken(httpx.SessionToken(r)), Demo: s.cfg.Demo,
		Path: r.URL.Path, Query: r.URL.Query(), BaseURL: s.cfg.BaseURL, Version: s.cfg.Version, Now: s.db.Clock().Now()}
	set, cal, err := s.db.SettingsAndCalendar(r.Context()) // cached while their versions stay
	if set == nil {
		set = renda.NewSettings(nil)
	}
	b.Site = renda.DeploymentIn(set, b.Lang)
	if err == nil {
		b.cal = cal // nil marks nothing provisional
	}
	if c, err := r.Cookie("renda_flash"); err == nil {
		b.Flash, _ = url.QueryUnescape(c.Value)
	}
	if c, err := r.Cookie("renda_large"); err == nil && c.Value == "1" {
		b.Large = true
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
	t, err := s.tmpl.get(lang(r), page)
	if err != nil {
		s.log.Error("template", "page", page, "err", err)
		http.Error(w, "系统内部错误", http.StatusInternalServerError)
		return
	}
	buf := pageBuffers.Get().(*bytes.Buffer)
	defer putPageBuffer(buf)
	if err := t.ExecuteTemplate(buf, "layout", data); err != nil {
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

// pageBuffers keeps the buffers pages are rendered into, so that a page does
// not grow a new one from nothing each time (a fifth of the public station
// page's allocations were its buffer growing).
var pageBuffers = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// putPageBuffer gives a page's buffer back, unless it grew past what most
// pages need (a long list), which is left to the garbage collector.
func putPageBuffer(b *bytes.Buffer) {
	if b.Cap() > 256<<10 {
		return
	}
	b.Reset()
	pageBuffers.Put(b)
}

// renderPart writes one template of a page without the layout (a panel a
// page's script reads after the page), status 200.
func (s *Server) renderPart(w http.ResponseWriter, r *http.Request, page, name string, data any) error {
	t, err := s.tmpl.get(lang(r), page)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, name, data); err != nil {
		return err
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	_, err = w.Write(buf.Bytes())
	return err
}

// parseTemplates finds every page and checks that each parses with the
// layout and partials in every language; pages are parsed again when first
// rendered (pageTemplates).
func (s *Server) parseTemplates() error {
	dict, err := loadDictionary()
	if err != nil {
		return err
	}
	// Pages are grouped in one folder per workflow (templates/pages/<workflow>/);
	// a page is named by its file name alone, so two folders may not both hold it.
	pages, err := fs.Glob(templateFS, "templates/pages/*/*.html")
	if err != nil {
		return err
	}
	if stray, _ := fs.Glob(templateFS, "templates/pages/*.html"); len(stray) > 0 {
		return fmt.Errorf("web: template %s: put pages in their workflow's folder, templates/pages/<workflow>/", stray[0])
	}
	files := map[string]string{}
	for _, p := range pages {
		name := strings.TrimSuffix(path.Base(p), ".html")
		if prev, ok := files[name]; ok {
			return fmt.Errorf("web: template %s: the page name %q is already taken by %s", p, name, prev)
		}
		files[name] = p
	}
	s.tr = map[string]func(string) string{}
	for _, l := range Languages {
		tr := func(text string) string { return text }
		if l == "en" {
			tr = newTranslator(dict)
		}
		s.tr[l] = tr
	}
	s.tmpl = newPageTemplates(files, s.tr)
	return s.tmpl.check()
}

// loadDictionary reads the English translations: every i18n/*.tsv file has
// lines "中文<TAB>English". A line whose Chinese holds %s is a pattern for
// messages built around a name or number (see newTranslator).
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

// newTranslator returns the English t function. It looks text up in dict;
// failing that, it tries the patterns (entries whose Chinese holds %s, such
// as "已保存 %s" → "Saved %s"), translating each part the %s stood for in
// turn; and last the generated names of terms and sessions ("第十八届",
// "第十八届第四次会议", "十八届四次会议"), which no list can hold. Dates
// and periods as renda writes them in Chinese ("2026年11月6日", "3个月") are
// written the English way ("6 Nov 2026", "3 months"), also as a pattern's part. Text it cannot translate,
// such as names and places, is returned as it is.
func newTranslator(dict map[string]string) func(string) string {
	type pattern struct {
		re *regexp.Regexp
		en string
		// bare patterns ("%s：%s") have no words of their own: they apply
		// only when some part translates.
		bare bool
	}
	var patterns []pattern
	for zh, en := range dict {
		if !strings.Contains(zh, "%s") {
			continue
		}
		parts := strings.Split(zh, "%s")
		for i, p := range parts {
			parts[i] = regexp.QuoteMeta(p)
		}
		bare := !strings.ContainsFunc(strings.ReplaceAll(zh, "%s", ""), func(r rune) bool { return unicode.Is(unicode.Han, r) })
		patterns = append(patterns, pattern{regexp.MustCompile("^" + strings.Join(parts, "(.+?)") + "$"), en, bare})
	}
	// Patterns with words of their own come before bare ones ("%s（%s）"),
	// and longer patterns, more specific, first: in a fixed order.
	sort.Slice(patterns, func(i, j int) bool {
		if patterns[i].bare != patterns[j].bare {
			return !patterns[i].bare
		}
		a, b := patterns[i].re.String(), patterns[j].re.String()
		if len(a) != len(b) {
			return len(a) > len(b)
		}
		return a < b
	})
	var tr func(string) string
	tr = func(text string) string {
		if e, ok := dict[text]; ok {
			return e
		}
		if m := chinesePeriod.FindStringSubmatch(text); m != nil {
			if m[1] == "1" {
				return "1 " + strings.TrimSuffix(periodUnits[m[2]], "s")
			}
			return m[1] + " " + periodUnits[m[2]]
		}
		if m := chineseDate.FindStringSubmatch(text); m != nil {
			y, _ := strconv.Atoi(m[1])
			mo, _ := strconv.Atoi(m[2])
			d, _ := strconv.Atoi(m[3])
			if mo >= 1 && mo <= 12 && d >= 1 && d <= 31 {
				return englishDate(renda.Date{Year: y, Month: time.Month(mo), Day: d})
			}
			return m[1] + "-" + m[2] + "-" + m[3]
		}
		for _, p := range patterns {
			m := p.re.FindStringSubmatch(text)
			if m == nil {
				continue
			}
			en, changed := p.en, false
			for _, part := range m[1:] {
				t := tr(part)
				changed = changed || t != part
				en = strings.Replace(en, "%s", strings.ReplaceAll(t, "%", "%\x00"), 1)
			}
			if p.bare && !changed {
				continue
			}
			return strings.ReplaceAll(en, "%\x00", "%")
		}
		if e, ok := numberedName(text); ok {
			return e
		}
		return text
	}
	return tr
}

// chineseDate is a date as renda.Date.Chinese writes it: 2026年11月6日.
var chineseDate = regexp.MustCompile(`^(\d+)年(\d+)月(\d+)日$`)

// chinesePeriod is a period as renda.Period.Label writes it: 3个月, 20个工作日, 15天.
var chinesePeriod = regexp.MustCompile(`^(\d+)\s*(天|个工作日|个月)$`)

var periodUnits = map[string]string{"天": "days", "个工作日": "working days", "个月": "months"}

// dateIn writes a date in words in language l: 2026年11月6日, in English
// 6 Nov 2026 (the template function cndate; the PDFs renda writes).
func dateIn(l string, d renda.Date) string {
	if l == "en" {
		return englishDate(d)
	}
	return d.Chinese()
}

// englishDate writes a date the English way: 6 Nov 2026.
func englishDate(d renda.Date) string {
	if d.IsZero() {
		return ""
	}
	return fmt.Sprintf("%d %s %d", d.Day, d.Month.String()[:3], d.Year)
}

// chineseNumbers maps "十八" to 18, for the numbers of terms and sessions.
var chineseNumbers = func() map[string]int {
	m := map[string]int{}
	for n := 1; n < 100; n++ {
		m[renda.ChineseNumber(n)] = n
		m[strconv.Itoa(n)] = n
	}
	return m
}()

// numberedName translates the names renda.Term.Name and renda.Session.Name
// generate, also after a congress's name and with Arabic numerals:
// "第十八届" → "18th term", "第十八届第四次会议" → "4th session of the 18th term",
// and Session.ShortName's "十八届四次会议" too.
func numberedName(text string) (string, bool) {
	rest, ok := strings.CutSuffix(text, "届")
	session := 0
	if !ok {
		if rest, ok = strings.CutSuffix(text, "次会议"); !ok {
			return "", false
		}
		i := strings.LastIndex(rest, "届")
		if i < 0 {
			return "", false
		}
		// "第十八届第四次会议", or the short "十八届四次会议" (Session.ShortName).
		if session, ok = chineseNumbers[strings.TrimPrefix(rest[i+len("届"):], "第")]; !ok {
			return "", false
		}
		rest = rest[:i]
	}
	prefix, number := "", rest // the short form has no 第 and nothing before the number
	if i := strings.LastIndex(rest, "第"); i >= 0 {
		prefix, number = rest[:i], rest[i+len("第"):]
	} else if session == 0 {
		return "", false
	}
	term, ok := chineseNumbers[number]
	if !ok {
		return "", false
	}
	en := ordinal(term) + " term"
	if session > 0 {
		en = ordinal(session) + " session of the " + en
	}
	if prefix := strings.TrimSpace(prefix); prefix != "" {
		en = prefix + " " + en
	}
	return en, true
}

// ordinal returns 1st, 2nd, 3rd, 4th, …, 11th, 21st.
func ordinal(n int) string {
	suffix := "th"
	if n%100 < 11 || n%100 > 13 {
		switch n % 10 {
		case 1:
			suffix = "st"
		case 2:
			suffix = "nd"
		case 3:
			suffix = "rd"
		}
	}
	return strconv.Itoa(n) + suffix
}

// funcs are the template functions for language l, translating with tr.
func funcs(l string, tr func(string) string) template.FuncMap {
	return template.FuncMap{
		"t":         tr,
		"sourceURL": sourceURL,
		"groupKind": renda.GroupKindLabel,
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
		// cndate writes a date in words: 2026年11月6日, in English 6 Nov 2026.
		"cndate": func(d renda.Date) string { return dateIn(l, d) },
		"add":    func(a, b int) int { return a + b },
		"sub":    func(a, b int) int { return a - b },
		"pct": func(a, b int) string {
			if b == 0 {
				return "—"
			}
			return strconv.FormatFloat(float64(a)*100/float64(b), 'f', 1, 64) + "%"
		},
		"plain": plainHelp,
		"mask":  renda.MaskPhone,
		"lines": func(s string) []string { return strings.Split(s, "\n") },
		// budget supervision
		"rate": func(e, b budget.Fen) string {
			if r := budget.Rate(e, b); r != "" {
				return r + "%"
			}
			return "—"
		},
		"ruleLabel": budget.RuleLabel,
		"kindLabel": budget.KindLabel,
		"query":     queryWith,
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
	Cursor string      // ?cursor= of a keyset list (store.Page)
	Keyset *store.Page // set by setPage: the links carry cursors
}

// setPage makes the pager of a keyset list's page.
func (p *Pager) setPage(kp store.Page) {
	p.Keyset = &kp
	p.Offset = kp.From
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
	if p.Keyset != nil {
		if !p.Keyset.HasPrev {
			return ""
		}
		return p.cursorURL(p.Keyset.Prev)
	}
	if p.Offset <= 0 {
		return ""
	}
	return p.url(max(0, p.Offset-p.Limit))
}

// NextURL is the next page ("" if none).
func (p Pager) NextURL() string {
	if p.Keyset != nil {
		if p.Keyset.Next == "" {
			return ""
		}
		return p.cursorURL(p.Keyset.Next)
	}
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
	page := ""
	if offset > 0 {
		page = strconv.Itoa(offset/p.Limit + 1)
	}
	return p.link("page", page)
}

// cursorURL is the page of a keyset list at cursor ("" the first page).
func (p Pager) cursorURL(cursor string) string { return p.link("cursor", cursor) }

func (p Pager) link(key, val string) string {
	v := url.Values{}
	for k, vs := range p.Query {
		v[k] = vs
	}
	v.Del("page")
	v.Del("cursor")
	if val != "" {
		v.Set(key, val)
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
	return Pager{Limit: limit, Offset: (n - 1) * limit, Query: r.URL.Query(), Cursor: r.URL.Query().Get("cursor")}
}

// TopBar is what the layout's top bar shows, in a plain value, so that for
// the public, who all see the same bar on a page, it is rendered once for
// the same values (fragment "topbar").
type TopBar struct {
	SiteName, SearchQ, Here string
	LangLink                string // the page in the other language
	Large, English          bool
	SignedIn                bool
	UserName, CSRF          string
	Role                    renda.Role
	Unread                  int
}

// TopBar is the layout's top bar.
func (b *Base) TopBar() TopBar {
	t := TopBar{SiteName: b.Site.Name, SearchQ: b.SearchQ(), Here: b.Here(), Large: b.Large, English: b.Lang == "en"}
	if t.English {
		t.LangLink = queryWith(b.Query, "lang", "zh")
	} else {
		t.LangLink = queryWith(b.Query, "lang", "en")
	}
	if b.User != nil {
		t.SignedIn, t.UserName, t.Role, t.Unread, t.CSRF = true, b.User.Name(), b.User.Role, b.Unread, b.CSRF
	}
	return t
}

// PageStart is the document up to the page's own head (fragment
// "page-start").
type PageStart struct {
	Lang, Title, SiteName, Version string
	Large                          bool
}

// PageStart is the layout's start.
func (b *Base) PageStart() PageStart {
	return PageStart{Lang: b.HTMLLang(), Title: b.Title, SiteName: b.Site.Name, Version: b.Version, Large: b.Large}
}

// BodyStart is the body up to the top bar (fragment "body-start").
type BodyStart struct {
	Class string
	Demo  bool
}

// BodyStart is the start of the layout's body.
func (b *Base) BodyStart() BodyStart { return BodyStart{Class: b.BodyClass, Demo: b.Demo} }

// Footer is what the layout's footer shows (fragment "footer").
type Footer struct{ FullName, Version string }

// Footer is the layout's footer.
func (b *Base) Footer() Footer { return Footer{FullName: b.Site.FullName, Version: b.Version} }

// SearchQ is what the top bar's search box shows: the query on the search page.
func (b *Base) SearchQ() string {
	if b.Path == "/search" {
		return b.Query.Get("q")
	}
	return ""
}

// sourceTags are the makers' notes on where a rule comes from ("[I]",
// "[P S22]", "来源：…"), kept in the declarations for them, not for users.
var sourceTags = regexp.MustCompile(`\s*(来源：[^。]*。|\[(I|P)( [^\]]*)?\])`)

// plainHelp removes the makers' source notes from a help text.
func plainHelp(s string) string { return strings.TrimSpace(sourceTags.ReplaceAllString(s, "")) }

// queryWith is the query q with the pairs kv set (an empty value removes
// its key), as "?…" (the template function query).
func queryWith(q url.Values, kv ...string) string {
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
}
