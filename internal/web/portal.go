package web

import (
	"encoding/xml"
	"fmt"
	"html/template"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"renda"
	"renda/internal/attach"
	"renda/internal/httpx"
	"renda/internal/store"
	"renda/news"
)

// portalRoutes are the leaders' screen (一屏共览), the year's figures, the
// public portal's news with its feed, the open data page and the sitemap.
func (s *Server) portalRoutes() []route {
	staffOnly := []renda.Role{renda.RoleAdmin, renda.RoleStaff}
	return []route{
		{"GET /screen", staffSide, s.screenPage},
		{"GET /yearbook", staffSide, s.yearbookPage},
		{"GET /yearbook/{year}", staffSide, s.yearbookPage},
		{"GET /yearbook/{year}/report.doc", staffSide, s.yearbookDoc},
		{"GET /records/entries", staffSide, s.dutyEntriesPage},

		{"GET /news", nil, s.newsPage},
		{"GET /news/feed.xml", nil, s.newsFeed},
		{"GET /news/{id}", nil, s.articlePage},
		{"GET /news/qr/{id}", nil, s.articleQR},
		{"GET /news/{id}/files/{aid}", nil, s.articleFile},
		{"GET /news/manage", staffSide, s.newsManagePage},
		{"GET /news/manage/new", staffOnly, s.articleNewPage},
		{"POST /news/manage/new", staffOnly, s.articleNewSubmit},
		{"GET /news/manage/{id}", staffSide, s.articleManagePage},
		{"POST /news/manage/{id}/{action}", staffSide, s.articleAct},

		{"GET /open", nil, s.openDataPage},
		{"GET /sitemap.xml", nil, s.sitemap},
	}
}

// portalNav is the menu's entry for the screen and the portal.
func (s *Server) portalNav() []NavItem {
	return []NavItem{
		{Label: "一屏共览", Href: "/screen", Order: 5, Roles: staffSide},
		{Label: "新闻发布", Href: "/news/manage", Order: 70, Roles: staffSide},
	}
}

// portalTiles are the portal's entries on the public home page.
func (s *Server) portalTiles() []Tile {
	return []Tile{
		{Title: "人大新闻", Text: "专栏文章、工作动态", Href: "/news", Order: 5},
		{Title: "开放数据", Text: "公开的议案建议、民生实事等数据下载", Href: "/open", Order: 40},
	}
}

// --- the leaders' screen ---

// Bar is one bar of a server-drawn SVG chart.
type Bar struct {
	Label      string
	Value      int
	Href       string
	Y, W, TxtX int
	Alert      bool
}

// ScreenPanel is a panel of the screen with its chart.
type ScreenPanel struct {
	store.PanelFigures
	Bars   []Bar
	Height int
	// Map is a breakdown by township drawn as a schematic county map
	// (instead of bars), MapW × MapH.
	Map        []Dot
	MapW, MapH int
}

// ScreenPage is the leaders' screen: the county's, or one township's.
type ScreenPage struct {
	Base
	Year     int
	Years    []int
	Township *renda.Region   // the township whose screen this is (nil: the county's)
	Towns    []*renda.Region // the townships to choose from (none for township staff)
	Panels   []ScreenPanel
	Refresh  int // seconds between refreshes
}

// chart lays out a panel's figures as horizontal bars scaled to the largest.
func chart(figs []store.Figure) ([]Bar, int) {
	top := 1
	for _, f := range figs {
		top = max(top, f.Value)
	}
	var out []Bar
	for i, f := range figs {
		w := f.Value * 300 / top
		if f.Value > 0 {
			w = max(w, 2)
		}
		out = append(out, Bar{Label: f.Label, Value: f.Value, Href: f.Href, Y: i * 28, W: w, TxtX: w + 6, Alert: f.Alert})
	}
	return out, len(figs) * 28
}

func (s *Server) year(r *http.Request) int {
	now := s.db.Clock().Now().In(renda.CST).Year()
	y, err := strconv.Atoi(r.PathValue("year"))
	if err != nil {
		y, err = strconv.Atoi(r.URL.Query().Get("year"))
	}
	if err != nil || y < 2000 || y > now {
		return now
	}
	return y
}

// screenPage is the county's screen, or with ?township= one township's.
// Staff of a township (their organisation is the township's) always see
// their own township's.
func (s *Server) screenPage(w http.ResponseWriter, r *http.Request) error {
	ctx, u := r.Context(), httpx.User(r)
	sc := store.Scope{Year: s.year(r)}
	home, err := s.db.HomeTownship(ctx, u)
	if err != nil {
		return err
	}
	p := &ScreenPage{Base: s.base(r, "一屏共览"), Year: sc.Year, Refresh: 300}
	switch id := r.URL.Query().Get("township"); {
	case home != nil:
		sc.Township = home
	case id != "":
		if sc.Township, err = s.db.ScreenTownship(ctx, id); err != nil {
			return err
		}
	}
	if home == nil {
		if p.Towns, _, err = s.db.Regions(ctx, renda.RegionFilter{Level: renda.RegionTownship, Limit: 200}); err != nil {
			return err
		}
	}
	if sc.Township != nil {
		p.Township = sc.Township
		p.Title = sc.Township.Name + " · 一屏共览"
	}
	ps, err := s.db.Screen(ctx, u, sc)
	if err != nil {
		return err
	}
	p.BodyClass = "screen"
	var at map[string][2]float64
	for _, pf := range ps {
		sp := ScreenPanel{PanelFigures: pf}
		if len(pf.Figures) > 0 && pf.Figures[0].Place != "" {
			if at == nil {
				if at, err = s.db.TownshipCentres(ctx); err != nil {
					return err
				}
			}
			sp.Map, sp.MapW, sp.MapH = countyMap(pf.Figures, at)
		}
		if sp.Map == nil {
			sp.Bars, sp.Height = chart(pf.Figures)
		}
		p.Panels = append(p.Panels, sp)
	}
	for yy := s.db.Clock().Now().In(renda.CST).Year(); yy >= 2022; yy-- {
		p.Years = append(p.Years, yy)
	}
	return s.render(w, r, "screen", p)
}

// --- the year's figures ---

// YearbookPage is the year's figures for the work review: of the county,
// or with ?township= of one township (yearbook_township.go).
type YearbookPage struct {
	Base
	Year     int
	Years    []int
	Figures  []store.Figure
	Township *renda.Region
	Towns    []*renda.Region // to choose from (none for a township's staff)
	TownQ    string          // "?township=…" to keep the township in links
}

func (s *Server) yearbookPage(w http.ResponseWriter, r *http.Request) error {
	sc, _, towns, err := s.yearbookScope(r)
	if err != nil {
		return err
	}
	y := sc.Year
	figs, err := s.db.YearbookOf(r.Context(), httpx.User(r), sc)
	if err != nil {
		return err
	}
	p := &YearbookPage{Base: s.base(r, fmt.Sprintf("%d年度履职数据", y)), Year: y, Figures: figs, Township: sc.Township, Towns: towns, TownQ: townQuery(sc.Township)}
	if sc.Township != nil {
		p.Title = sc.Township.Name + " · " + p.Title
	}
	for yy := s.db.Clock().Now().In(renda.CST).Year(); yy >= 2022; yy-- {
		p.Years = append(p.Years, yy)
	}
	return s.render(w, r, "yearbook", p)
}

// yearbookDoc sends the year's figures as a Word-compatible document (HTML
// that Word and WPS open), for staff to write the work review around.
func (s *Server) yearbookDoc(w http.ResponseWriter, r *http.Request) error {
	sc, _, _, err := s.yearbookScope(r)
	if err != nil {
		return err
	}
	y := sc.Year
	figs, err := s.db.YearbookOf(r.Context(), httpx.User(r), sc)
	if err != nil {
		return err
	}
	set, err := s.db.Settings(r.Context())
	if err != nil {
		return err
	}
	site := renda.DeploymentOf(set)
	base := s.absBase(r)
	var b strings.Builder
	title := fmt.Sprintf("%s%d年度履职数据", site.Name, y)
	if sc.Township != nil {
		title = fmt.Sprintf("%s%d年度履职数据", sc.Township.Name, y)
	}
	b.WriteString(`<html xmlns:o="urn:schemas-microsoft-com:office:office" xmlns:w="urn:schemas-microsoft-com:office:word"><head><meta charset="utf-8"><title>`)
	b.WriteString(template.HTMLEscapeString(title))
	b.WriteString(`</title></head><body><h1>`)
	b.WriteString(template.HTMLEscapeString(title))
	fmt.Fprintf(&b, `</h1><p>数据截至 %s，由系统按业务数据自动统计；每项数字均可在系统中点开核对。</p><table border="1" cellpadding="4"><tr><th>项目</th><th>数量</th><th>口径</th></tr>`,
		renda.DateOf(s.db.Clock().Now()).Chinese())
	for _, f := range figs {
		fmt.Fprintf(&b, `<tr><td><a href="%s">%s</a></td><td>%d</td><td>%s</td></tr>`, template.HTMLEscapeString(base+f.Href),
			template.HTMLEscapeString(f.Label), f.Value, template.HTMLEscapeString(f.Definition))
	}
	b.WriteString(`</table></body></html>`)
	w.Header().Set("Content-Type", "application/msword; charset=utf-8")
	w.Header().Set("Content-Disposition", fmt.Sprintf(`attachment; filename="yearbook-%d.doc"`, y))
	_, err = w.Write([]byte(b.String()))
	return err
}

// absBase is the site's address for links that leave the page.
func (s *Server) absBase(r *http.Request) string {
	if s.cfg.BaseURL != "" {
		return strings.TrimRight(s.cfg.BaseURL, "/")
	}
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	return scheme + "://" + r.Host
}

// --- news ---

// NewsPage lists the columns and the published articles.
type NewsPage struct {
	Base
	Columns []store.NewsColumn
	Column  string
	Items   []*news.Article
	Pager   Pager
}

func (s *Server) newsPage(w http.ResponseWriter, r *http.Request) error {
	pg := pager(r, 20)
	col := strings.TrimSpace(r.URL.Query().Get("column"))
	items, total, err := s.db.Articles(r.Context(), nil, news.Filter{Public: true, Column: col, Limit: pg.Limit, Offset: pg.Offset})
	if err != nil {
		return err
	}
	cols, err := s.db.NewsColumns(r.Context())
	if err != nil {
		return err
	}
	pg.Total = total
	return s.render(w, r, "news", &NewsPage{Base: s.citizenBase(r, "人大新闻"), Columns: cols, Column: col, Items: items, Pager: pg})
}

// articleFiles reads an article's uploads: pictures and documents.
func articleFiles(r *http.Request) ([]*attach.File, error) {
	return uploadedFiles(r, "files")
}

func (s *Server) articleFile(w http.ResponseWriter, r *http.Request) error {
	return httpx.ServeAttachment(w, r, s.db, "news", r.PathValue("id"), r.PathValue("aid"))
}

// split sorts an article's files into pictures and attachments.
func split(files []*renda.Attachment) (pics, docs []*renda.Attachment) {
	for _, f := range files {
		if f.IsImage() {
			pics = append(pics, f)
		} else {
			docs = append(docs, f)
		}
	}
	return pics, docs
}

// ArticlePage is one published article.
type ArticlePage struct {
	Base
	Pictures    []*renda.Attachment
	Attachments []*renda.Attachment
	Article     *news.Article
	URL         string // its own address, for the QR code and sharing
}

func (s *Server) articlePage(w http.ResponseWriter, r *http.Request) error {
	a, err := s.db.Article(r.Context(), nil, r.PathValue("id"))
	if err != nil {
		return err
	}
	files, err := s.db.Attachments(r.Context(), "news", a.ID)
	if err != nil {
		return err
	}
	p := &ArticlePage{Base: s.citizenBase(r, a.Title), Article: a, URL: s.absBase(r) + "/news/" + a.ID}
	p.Pictures, p.Attachments = split(files)
	return s.render(w, r, "article", p)
}

func (s *Server) articleQR(w http.ResponseWriter, r *http.Request) error {
	a, err := s.db.Article(r.Context(), nil, r.PathValue("id"))
	if err != nil {
		return err
	}
	return writeQR(w, s.absBase(r)+"/news/"+a.ID, "svg")
}

// atom is an Atom 1.0 feed (RFC 4287).
type atomFeed struct {
	XMLName xml.Name    `xml:"http://www.w3.org/2005/Atom feed"`
	Title   string      `xml:"title"`
	ID      string      `xml:"id"`
	Updated string      `xml:"updated"`
	Link    []atomLink  `xml:"link"`
	Author  atomAuthor  `xml:"author"`
	Entries []atomEntry `xml:"entry"`
}

type atomLink struct {
	Href string `xml:"href,attr"`
	Rel  string `xml:"rel,attr,omitempty"`
	Type string `xml:"type,attr,omitempty"`
}

type atomAuthor struct {
	Name string `xml:"name"`
}

type atomEntry struct {
	Title     string     `xml:"title"`
	ID        string     `xml:"id"`
	Link      atomLink   `xml:"link"`
	Published string     `xml:"published"`
	Updated   string     `xml:"updated"`
	Category  *atomCat   `xml:"category,omitempty"`
	Summary   string     `xml:"summary,omitempty"`
	Content   atomContnt `xml:"content"`
}

type atomCat struct {
	Term string `xml:"term,attr"`
}

type atomContnt struct {
	Type string `xml:"type,attr"`
	Text string `xml:",chardata"`
}

// newsFeed is the Atom feed of the published articles (?column= for one column).
func (s *Server) newsFeed(w http.ResponseWriter, r *http.Request) error {
	col := strings.TrimSpace(r.URL.Query().Get("column"))
	items, _, err := s.db.Articles(r.Context(), nil, news.Filter{Public: true, Column: col, Limit: 50})
	if err != nil {
		return err
	}
	set, err := s.db.Settings(r.Context())
	if err != nil {
		return err
	}
	base := s.absBase(r)
	site := renda.DeploymentOf(set)
	self := base + "/news/feed.xml"
	title := site.Name + " 人大新闻"
	if col != "" {
		self += "?column=" + url.QueryEscape(col)
		title += " · " + col
	}
	f := atomFeed{Title: title, ID: self, Updated: s.db.Clock().Now().UTC().Format(time.RFC3339), Author: atomAuthor{Name: site.Name},
		Link: []atomLink{{Href: self, Rel: "self", Type: "application/atom+xml"}, {Href: base + "/news", Rel: "alternate", Type: "text/html"}}}
	if len(items) > 0 {
		f.Updated = items[0].PublishedAt.UTC().Format(time.RFC3339)
	}
	for _, a := range items {
		e := atomEntry{Title: a.Title, ID: base + "/news/" + a.ID, Link: atomLink{Href: base + "/news/" + a.ID, Rel: "alternate", Type: "text/html"},
			Published: a.PublishedAt.UTC().Format(time.RFC3339), Updated: a.UpdatedAt.UTC().Format(time.RFC3339), Summary: a.Summary,
			Content: atomContnt{Type: "text", Text: a.Body}}
		if a.Column != "" {
			e.Category = &atomCat{Term: a.Column}
		}
		f.Entries = append(f.Entries, e)
	}
	out, err := xml.MarshalIndent(f, "", " ")
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", "application/atom+xml; charset=utf-8")
	_, err = w.Write(append([]byte(xml.Header), out...))
	return err
}

// NewsManagePage lists every article for staff.
type NewsManagePage struct {
	Base
	Items     []*news.Article
	Pager     Pager
	State     string
	States    []renda.StateDef
	CanCreate bool
}

func (s *Server) newsManagePage(w http.ResponseWriter, r *http.Request) error {
	u := httpx.User(r)
	pg := pager(r, 30)
	st := r.URL.Query().Get("state")
	if news.Flow.StateLabel(st) == st {
		st = ""
	}
	items, total, err := s.db.Articles(r.Context(), u, news.Filter{State: st, Limit: pg.Limit, Offset: pg.Offset})
	if err != nil {
		return err
	}
	pg.Total = total
	return s.render(w, r, "news_manage", &NewsManagePage{Base: s.base(r, "新闻发布"), Items: items, Pager: pg, State: st,
		States: news.Flow.States, CanCreate: u.Is(renda.RoleAdmin, renda.RoleStaff)})
}

// ArticleNewPage is the form for a new article.
type ArticleNewPage struct {
	Base
	Form *Form
}

func (s *Server) articleForm(r *http.Request) (*Form, error) {
	set, err := s.db.Settings(r.Context())
	if err != nil {
		return nil, err
	}
	rule, _ := news.Flow.Rule("create")
	f, err := s.ruleForm(r, rule, actionCtx{post: func(string) string { return "/news/manage/new" }, set: set})
	if err != nil {
		return nil, err
	}
	f.Cancel = "/news/manage"
	return f, nil
}

func (s *Server) articleNewPage(w http.ResponseWriter, r *http.Request) error {
	f, err := s.articleForm(r)
	if err != nil {
		return err
	}
	return s.render(w, r, "article_new", &ArticleNewPage{Base: s.base(r, "撰写文章"), Form: f})
}

func (s *Server) articleNewSubmit(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(r); err != nil {
		return err
	}
	rule, _ := news.Flow.Rule("create")
	files, err := articleFiles(r)
	var a *news.Article
	if err == nil {
		a, err = s.db.CreateArticle(r.Context(), httpx.User(r), actionValues(r, rule), files)
	}
	if err != nil {
		if c := renda.ErrorCode(err); c != renda.EINVALID && c != renda.ETOOLARGE {
			return err
		}
		form, ferr := s.articleForm(r)
		if ferr != nil {
			return ferr
		}
		form.Fill(r)
		form.Fail(err)
		s.renderStatus(w, r, httpx.Status(renda.ErrorCode(err)), "article_new", &ArticleNewPage{Base: s.base(r, "撰写文章"), Form: form})
		return nil
	}
	return redirect(w, r, "/news/manage/"+a.ID, "已保存草稿，请他人审核后发布")
}

// ArticleManagePage is one article for staff: the text, the actions and the history.
type ArticleManagePage struct {
	Base
	Pictures    []*renda.Attachment
	Attachments []*renda.Attachment
	Article     *news.Article
	History     []renda.AuditRecord
	Actions     []*ActionForm
}

func (s *Server) articleManagePage(w http.ResponseWriter, r *http.Request) error {
	a, err := s.db.Article(r.Context(), httpx.User(r), r.PathValue("id"))
	if err != nil {
		return err
	}
	return s.renderArticle(w, r, a, http.StatusOK, "", nil)
}

func (s *Server) renderArticle(w http.ResponseWriter, r *http.Request, a *news.Article, status int, failed string, failedErr error) error {
	ctx, u := r.Context(), httpx.User(r)
	p := &ArticleManagePage{Base: s.base(r, a.Title), Article: a}
	var err error
	if p.History, err = s.db.History(ctx, "news", a.ID); err != nil {
		return err
	}
	files, err := s.db.Attachments(ctx, "news", a.ID)
	if err != nil {
		return err
	}
	p.Pictures, p.Attachments = split(files)
	rules, err := s.db.ArticleActions(ctx, u, a)
	if err != nil {
		return err
	}
	set, err := s.db.Settings(ctx)
	if err != nil {
		return err
	}
	fill := map[string]map[string]string{"edit": {"column": a.Column, "title": a.Title, "summary": a.Summary, "body": a.Body}}
	ac := actionCtx{post: func(act string) string { return "/news/manage/" + a.ID + "/" + act }, set: set, fill: fill, scope: true}
	if p.Actions, err = s.itemActions(r, rules, ac, failed, failedErr); err != nil {
		return err
	}
	s.renderStatus(w, r, status, "article_manage", p)
	return nil
}

func (s *Server) articleAct(w http.ResponseWriter, r *http.Request) error {
	a, err := s.db.Article(r.Context(), httpx.User(r), r.PathValue("id"))
	if err != nil {
		return err
	}
	action := r.PathValue("action")
	rule, ok := news.Flow.Rule(action)
	if !ok || !rule.Offered() {
		return renda.Errorf(renda.ENOTFOUND, "没有这个操作")
	}
	if err := parseForm(r); err != nil {
		return err
	}
	if err := confirmed(r, rule); err != nil {
		return s.renderArticle(w, r, a, http.StatusUnprocessableEntity, action, err)
	}
	files, err := articleFiles(r)
	if err == nil {
		_, err = s.db.ActOnArticle(r.Context(), httpx.User(r), a.ID, action, actionValues(r, rule), files)
	}
	if err != nil {
		switch renda.ErrorCode(err) {
		case renda.EINVALID, renda.ECONFLICT, renda.ETOOLARGE:
			return s.renderArticle(w, r, a, httpx.Status(renda.ErrorCode(err)), action, err)
		}
		return err
	}
	return redirect(w, r, "/news/manage/"+a.ID, "已"+rule.Label)
}

// --- open data and the sitemap ---

// OpenDataPage lists the open datasets with their downloads.
type OpenDataPage struct {
	Base
	Datasets []store.Dataset
	Licence  string // of the Popolo export, as of the datasets
}

func (s *Server) openDataPage(w http.ResponseWriter, r *http.Request) error {
	ds, err := s.db.Datasets(r.Context())
	if err != nil {
		return err
	}
	return s.render(w, r, "open_data", &OpenDataPage{Base: s.citizenBase(r, "开放数据"), Datasets: ds, Licence: store.OpenLicence})
}

type sitemapURLSet struct {
	XMLName xml.Name     `xml:"http://www.sitemaps.org/schemas/sitemap/0.9 urlset"`
	URLs    []sitemapURL `xml:"url"`
}

type sitemapURL struct {
	Loc     string `xml:"loc"`
	LastMod string `xml:"lastmod,omitempty"`
}

// sitemap lists the public pages: the portal's sections and every published article.
func (s *Server) sitemap(w http.ResponseWriter, r *http.Request) error {
	base := s.absBase(r)
	set := sitemapURLSet{}
	for _, p := range []string{"/", "/news", "/open", "/replies", "/projects", "/c", "/s", "/review", "/track"} {
		set.URLs = append(set.URLs, sitemapURL{Loc: base + p})
	}
	items, _, err := s.db.Articles(r.Context(), nil, news.Filter{Public: true, Limit: 5000})
	if err != nil {
		return err
	}
	for _, a := range items {
		set.URLs = append(set.URLs, sitemapURL{Loc: base + "/news/" + a.ID, LastMod: a.UpdatedAt.UTC().Format("2006-01-02")})
	}
	out, err := xml.MarshalIndent(set, "", " ")
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", "application/xml; charset=utf-8")
	_, err = w.Write(append([]byte(xml.Header), out...))
	return err
}
