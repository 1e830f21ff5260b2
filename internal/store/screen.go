package store

import (
	"context"
	"net/url"
	"slices"
	"strings"

	"renda"
)

// The leaders' screen (一屏共览) and the year's figures (年度履职报告数据)
// are made of panels that each workflow registers with one call
// (RegisterPanel). A panel's figures are counted with the same filter, as
// the same viewer, as the list each one links to, so a figure always equals
// the count its list states (data-total).

// Figure is one number: what it counts, its value, the list it counts and
// how it is defined.
type Figure struct {
	Key        string `json:"key"`
	Label      string `json:"label"`
	Value      int    `json:"value"`
	Href       string `json:"href"`
	Definition string `json:"definition,omitempty"`
	// Alert marks a figure that calls for attention (overdue, behind).
	Alert bool `json:"-"`
	// Now marks a figure of the present moment rather than of the year
	// (left out of the year's figures).
	Now bool `json:"-"`
	// Breakdown marks a figure that splits another (by township, by unit):
	// on the screen, not among the year's figures.
	Breakdown bool `json:"-"`
}

// Panel is one block of the screen: a workflow's figures for a year.
type Panel struct {
	Key   string
	Title string
	Order int
	// ScreenOnly panels (breakdowns) are left out of the year's figures.
	ScreenOnly bool
	// More is a page with the panel's detail (statistics by unit…), if any.
	More string
	// Figures counts the panel's figures for year as viewer sees them.
	Figures func(ctx context.Context, db *DB, viewer *renda.User, year int) ([]Figure, error)
}

// PanelFigures is a panel with its figures counted.
type PanelFigures struct {
	Key     string   `json:"key"`
	Title   string   `json:"title"`
	More    string   `json:"more,omitempty"`
	Figures []Figure `json:"figures"`
}

var panels []Panel

// RegisterPanel adds a workflow's panel to the leaders' screen and its
// figures to the year's figures. Call it from an init function.
func RegisterPanel(p Panel) {
	panels = append(panels, p)
	slices.SortStableFunc(panels, func(a, b Panel) int { return a.Order - b.Order })
}

// Screen counts every registered panel's figures for year, as viewer.
func (db *DB) Screen(ctx context.Context, viewer *renda.User, year int) ([]PanelFigures, error) {
	return db.screen(ctx, viewer, year, true)
}

func (db *DB) screen(ctx context.Context, viewer *renda.User, year int, all bool) ([]PanelFigures, error) {
	if !viewer.IsStaffSide() {
		return nil, renda.Errorf(renda.EFORBIDDEN, "一屏共览仅供领导和工作人员查看")
	}
	out := make([]PanelFigures, 0, len(panels))
	for _, p := range panels {
		if p.ScreenOnly && !all {
			continue
		}
		figs, err := p.Figures(ctx, db, viewer, year)
		if err != nil {
			return nil, err
		}
		if len(figs) == 0 {
			continue
		}
		out = append(out, PanelFigures{Key: p.Key, Title: p.Title, More: p.More, Figures: figs})
	}
	return out, nil
}

// Yearbook returns the year's figures: every panel's figures of the year
// (not those of the present moment), in panel order.
func (db *DB) Yearbook(ctx context.Context, viewer *renda.User, year int) ([]Figure, error) {
	ps, err := db.screen(ctx, viewer, year, false)
	if err != nil {
		return nil, err
	}
	out := []Figure{}
	for _, p := range ps {
		for _, f := range p.Figures {
			if !f.Now && !f.Breakdown {
				out = append(out, f)
			}
		}
	}
	return out, nil
}

// YearSessions returns the county congress's sessions that opened in year.
func (db *DB) YearSessions(ctx context.Context, year int) ([]renda.Session, error) {
	cs, err := db.Congresses(ctx)
	if err != nil {
		return nil, err
	}
	var out []renda.Session
	for _, c := range cs {
		if c.Level != renda.LevelCounty {
			continue
		}
		for _, t := range c.Terms {
			for _, se := range t.Sessions {
				if se.StartDate.Year == year {
					se.TermNumber = t.Number
					out = append(out, se)
				}
			}
		}
	}
	slices.SortFunc(out, func(a, b renda.Session) int { return strings.Compare(a.StartDate.String(), b.StartDate.String()) })
	return out, nil
}

// link makes a list's address from its path and query.
func link(path string, kv ...string) string {
	v := url.Values{}
	for i := 0; i+1 < len(kv); i += 2 {
		if kv[i+1] != "" {
			v.Set(kv[i], kv[i+1])
		}
	}
	if len(v) == 0 {
		return path
	}
	return path + "?" + v.Encode()
}
