package web

import (
	"html/template"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"renda"
	"renda/internal/httpx"
	"renda/internal/store"
)

func (s *Server) searchRoutes() []route {
	return []route{{"GET /search", nil, s.searchPage}}
}

// SearchPage is the search across everything the viewer may see.
type SearchPage struct {
	Base
	Q      string
	Filter store.SearchFilter
	Result *store.SearchResult
	Hits   []SearchHitView
	Facets []FacetGroup
	Pager  Pager
	Error  string
}

// SearchHitView is one item found, ready to show.
type SearchHitView struct {
	Kind    string
	Label   string
	Title   template.HTML
	Snippet template.HTML
	URL     string
	At      string
}

// FacetGroup is one facet with its values, each a link that narrows the search.
type FacetGroup struct {
	Name   string
	Label  string
	Values []FacetLink
	Clear  string // the link without this facet, when it is chosen
}

// FacetLink is one value of a facet.
type FacetLink struct {
	Label  string
	Count  int
	Href   string
	Active bool
}

func (s *Server) searchPage(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	pg := pager(r, 20)
	f := store.SearchFilter{Q: strings.TrimSpace(q.Get("q")), Kind: q.Get("kind"), TownshipID: q.Get("township"), OrgID: q.Get("unit"),
		State: q.Get("state"), Limit: pg.Limit, Offset: pg.Offset}
	if y, err := strconv.Atoi(q.Get("year")); err == nil {
		f.Year = y
	}
	p := &SearchPage{Base: s.base(r, "搜索"), Q: f.Q, Filter: f}
	if err := renda.CheckQuery("q", "搜索内容", f.Q, 60); err != nil {
		p.Error = renda.ErrorMessage(err)
		s.renderStatus(w, r, http.StatusUnprocessableEntity, "search", p)
		return nil
	}
	for _, v := range []string{f.TownshipID, f.OrgID} {
		if v != "" && !renda.ValidID(v) {
			return renda.Errorf(renda.EINVALID, "筛选条件无效")
		}
	}
	if f.Q != "" {
		res, err := s.db.Search(r.Context(), httpx.User(r), f)
		if err != nil {
			return err
		}
		p.Result = res
		pg.Total = res.Total
		for _, h := range res.Items {
			v := SearchHitView{Kind: h.Kind, Label: renda.SearchKindLabel(h.Kind), Title: template.HTML(h.Marked), Snippet: template.HTML(h.Snippet), URL: h.URL}
			if h.Kind == "deputy" && httpx.User(r) != nil {
				v.URL = "/deputies/" + h.ID
			}
			if !h.At.IsZero() {
				v.At = renda.DateOf(h.At).String()
			}
			p.Hits = append(p.Hits, v)
		}
		for _, fg := range []struct{ name, label, param, chosen string }{
			{"kind", "类别", "kind", f.Kind}, {"year", "年份", "year", q.Get("year")}, {"township", "乡镇（街道）", "township", f.TownshipID},
			{"unit", "承办单位", "unit", f.OrgID}, {"state", "状态", "state", f.State}} {
			vals := res.Facets[fg.name]
			if len(vals) == 0 {
				continue
			}
			g := FacetGroup{Name: fg.name, Label: fg.label}
			if fg.chosen != "" {
				g.Clear = searchHref(q, fg.param, "")
			}
			for _, v := range vals {
				g.Values = append(g.Values, FacetLink{Label: v.Label, Count: v.Count, Href: searchHref(q, fg.param, v.Value), Active: v.Value == fg.chosen})
			}
			p.Facets = append(p.Facets, g)
		}
	}
	p.Pager = pg
	return s.render(w, r, "search", p)
}

// searchHref is the search page's URL with one parameter set (or removed),
// from the first page.
func searchHref(q url.Values, name, value string) string {
	v := url.Values{}
	for k, vs := range q {
		if k != "offset" && k != "page" && k != name {
			v[k] = vs
		}
	}
	if name == "kind" {
		v.Del("state") // states belong to one kind
	}
	if value != "" {
		v.Set(name, value)
	}
	return "/search?" + v.Encode()
}
