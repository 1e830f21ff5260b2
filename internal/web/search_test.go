package web

import (
	"net/url"

	"renda/internal/search"
	"renda/internal/store"
)

func init() {
	b := sampleBase()
	b.Path, b.Query = "/search", url.Values{"q": {"路灯"}}
	samples["search"] = &SearchPage{Base: b, Q: "路灯", Filter: store.SearchFilter{Q: "路灯", Kind: "opinion"},
		Result: &store.SearchResult{Total: 1, Terms: search.Parse("路灯")}, Error: "输入有误",
		Hits:   []SearchHitView{{Kind: "opinion", Label: "群众意见", Title: "<mark>路灯</mark>坏了", Snippet: "村口的<mark>路灯</mark>坏了", URL: "/opinions/x", At: "2024-05-06"}},
		Facets: []FacetGroup{{Name: "kind", Label: "类别", Clear: "/search?q=x", Values: []FacetLink{{Label: "群众意见", Count: 1, Href: "/search?q=x&kind=opinion", Active: true}}}},
		Pager:  Pager{Limit: 20, Total: 1, Query: url.Values{}}}
}
