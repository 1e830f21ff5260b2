package web

import (
	"net/http"
	"net/url"

	"renda"
	"renda/internal/httpx"
	"renda/internal/store"
)

// A township congress's own year's figures (乡镇人大年度履职数据):
// /yearbook/{year}?township= as /screen?township=, the figures of the
// panels a township's screen shows, each linking to its list filtered by the
// township. A township's staff always get their own township's.

// yearbookScope is the scope of the year's figures asked for: the year, and
// the township of ?township= or the viewer's own (home, which may not be
// changed); towns are the townships to choose from (none for a township's
// staff).
func (s *Server) yearbookScope(r *http.Request) (sc store.Scope, home *renda.Region, towns []*renda.Region, err error) {
	ctx, u := r.Context(), httpx.User(r)
	sc.Year = s.year(r)
	if home, err = s.db.HomeTownship(ctx, u); err != nil {
		return sc, nil, nil, err
	}
	switch id := r.URL.Query().Get("township"); {
	case home != nil:
		sc.Township = home
	case id != "":
		if sc.Township, err = s.db.ScreenTownship(ctx, id); err != nil {
			return sc, nil, nil, err
		}
	}
	if home == nil {
		if towns, _, err = s.db.Regions(ctx, renda.RegionFilter{Level: renda.RegionTownship, Limit: 200}); err != nil {
			return sc, nil, nil, err
		}
	}
	return sc, home, towns, nil
}

// townQuery is "?township=ID" for links that keep the township ("" for
// the county's).
func townQuery(t *renda.Region) string {
	if t == nil {
		return ""
	}
	return "?" + url.Values{"township": {t.ID}}.Encode()
}
