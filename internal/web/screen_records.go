package web

import (
	"net/http"
	"strconv"

	"renda"
	"renda/internal/httpx"
	"renda/internal/store"
	"renda/record"
)

// DutyEntriesPage lists every deputy's duty record entries of a year, of
// one kind or all: the list the year's figures of deputies' activities count.
type DutyEntriesPage struct {
	Base
	Year  int
	Years []int
	Kind  string
	Kinds []record.Kind
	// Township keeps the entries of the deputies working in it (a
	// township's screen and yearbook link here).
	Township *renda.Region
	Items    []store.DutyEntry
	Pager    Pager
}

func (s *Server) dutyEntriesPage(w http.ResponseWriter, r *http.Request) error {
	pg := pager(r, 50)
	f := store.DutyEntryFilter{Year: s.yearParam(r), Limit: pg.Limit, Offset: pg.Offset}
	if k := r.URL.Query().Get("kind"); record.KindLabel(k) != k {
		f.Kind = k
	}
	var town *renda.Region
	if id := r.URL.Query().Get("township"); id != "" {
		var err error
		if town, err = s.db.ScreenTownship(r.Context(), id); err != nil {
			return err
		}
		f.TownshipID = town.ID
	}
	items, total, err := s.db.DutyEntries(r.Context(), httpx.User(r), f)
	if err != nil {
		return err
	}
	pg.Total = total
	p := &DutyEntriesPage{Base: s.base(r, strconv.Itoa(f.Year)+"年度代表履职记录"), Year: f.Year, Kind: f.Kind, Kinds: record.Kinds, Items: items, Pager: pg, Township: town}
	if town != nil {
		p.Title = town.Name + " · " + p.Title
	}
	this := s.db.Clock().Now().Year()
	for y := this; y >= this-4; y-- {
		p.Years = append(p.Years, y)
	}
	return s.render(w, r, "duty_entries", p)
}
