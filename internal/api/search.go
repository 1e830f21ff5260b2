package api

import (
	"net/http"
	"strconv"

	"renda"
	"renda/internal/httpx"
	"renda/internal/store"
)

func (a *API) searchRoutes() []Route {
	var kinds []string
	for _, k := range renda.SearchKinds {
		kinds = append(kinds, k.Kind)
	}
	return []Route{
		{Method: "GET", Path: "/api/v1/search", Summary: "Search everything the caller may see (public callers: public items only). Ranked: matches in the title first, then newest first. A term found in more than 1,000 items is ranked in batches of 1,000, newest first (next_cursor walks them all, each hit once); total is then a lower bound (total_is_lower_bound) until the last batch. snippet is HTML-escaped text with <mark> around the matches.", Tag: "search", Public: true,
			Query: []Param{{Name: "q", Description: "what to find: Chinese words of any length, Latin letters and digits (e.g. 路灯, 水, G356)"},
				{Name: "kind", Enum: kinds}, {Name: "year", Type: "integer"}, {Name: "township_id"}, {Name: "org_id"}, {Name: "state"},
				{Name: "limit", Type: "integer", Description: "1–100, default 20"}, {Name: "cursor", Description: "next_cursor of the previous page"}},
			Response: searchResponse{}, Handler: a.search},
	}
}

type searchResponse struct {
	Items []store.SearchHit `json:"items"`
	Total int               `json:"total"`
	// TotalIsLowerBound: more items were found than counted (a very common
	// term: the count stops at 1,000 a batch); total is then "more than".
	TotalIsLowerBound bool   `json:"total_is_lower_bound"`
	NextCursor        string `json:"next_cursor,omitempty"`
}

func (a *API) search(w http.ResponseWriter, r *http.Request) error {
	v := r.URL.Query()
	var p renda.Problems
	q, err := query(r, "q", 60)
	if err != nil {
		return err
	}
	if err := renda.CheckQuery("q", "q", q, 60); err != nil {
		return err
	}
	if q == "" {
		p.Add("q", "请提供要搜索的内容 q")
	}
	f := store.SearchFilter{Q: q, Limit: 20}
	kinds := []string{}
	for _, k := range renda.SearchKinds {
		kinds = append(kinds, k.Kind)
	}
	f.Kind = p.OneOf("kind", "kind", v.Get("kind"), false, kinds...)
	if s := v.Get("year"); s != "" {
		if n, err := strconv.Atoi(s); err != nil || n < 1900 || n > 3000 {
			p.Add("year", "year 应为四位年份")
		} else {
			f.Year = n
		}
	}
	idParam(&p, r, "township_id", &f.TownshipID)
	idParam(&p, r, "org_id", &f.OrgID)
	f.State = p.Line("state", "state", v.Get("state"), false, 30)
	if s := v.Get("limit"); s != "" {
		if n, err := strconv.Atoi(s); err != nil || n < 1 || n > 100 {
			p.Add("limit", "limit 应为 1 到 100 之间的整数")
		} else {
			f.Limit = n
		}
	}
	if c := v.Get("cursor"); c != "" {
		if store.ParseSearchCursor(c, &f) != nil {
			p.Add("cursor", "cursor 无效：请使用上一页返回的 next_cursor")
		}
	}
	if err := p.Err(); err != nil {
		return err
	}
	res, err := a.db.Search(r.Context(), httpx.User(r), f)
	if err != nil {
		return err
	}
	out := searchResponse{Items: res.Items, Total: res.Total, TotalIsLowerBound: res.TotalIsLowerBound}
	if out.Items == nil {
		out.Items = []store.SearchHit{}
	}
	if res.Next != nil {
		out.NextCursor = res.Next.SearchCursor()
	}
	return writeJSON(w, http.StatusOK, out)
}
