package store

import (
	"context"
	"database/sql"
	"errors"
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
	// Place is the township a breakdown figure counts (its region id), for
	// the screen's map.
	Place string `json:"-"`
}

// Scope is what a screen counts: a year, of the whole county or of one
// township (a township congress's own screen).
type Scope struct {
	Year int
	// Township is the township whose screen this is (nil: the county's).
	Township *renda.Region
}

// TownshipID is the township's id, or "" for the county's screen.
func (s Scope) TownshipID() string {
	if s.Township == nil {
		return ""
	}
	return s.Township.ID
}

// Panel is one block of the screen: a workflow's figures for a year.
type Panel struct {
	Key   string
	Title string
	Order int
	// ScreenOnly panels (breakdowns) are left out of the year's figures.
	ScreenOnly bool
	// Township panels are on a township's screen too, where Figures counts
	// that township only (scope.Township) and links to its lists filtered
	// by it; the others are the county's only.
	Township bool
	// More is a page with the panel's detail (statistics by unit…), if any.
	More string
	// Figures counts the panel's figures for the scope as viewer sees them.
	Figures func(ctx context.Context, db *DB, viewer *renda.User, scope Scope) ([]Figure, error)
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

// Screen counts every registered panel's figures for the scope, as viewer:
// on a township's screen only the panels marked Township.
func (db *DB) Screen(ctx context.Context, viewer *renda.User, scope Scope) ([]PanelFigures, error) {
	return db.screen(ctx, viewer, scope, true)
}

func (db *DB) screen(ctx context.Context, viewer *renda.User, scope Scope, all bool) ([]PanelFigures, error) {
	if !viewer.IsStaffSide() {
		return nil, renda.Errorf(renda.EFORBIDDEN, "一屏共览仅供领导和工作人员查看")
	}
	out := make([]PanelFigures, 0, len(panels))
	for _, p := range panels {
		if p.ScreenOnly && !all || scope.Township != nil && !p.Township {
			continue
		}
		figs, err := p.Figures(ctx, db, viewer, scope)
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
	return db.YearbookOf(ctx, viewer, Scope{Year: year})
}

// YearbookOf returns the year's figures of the scope: of one township
// (a township congress's own yearbook), the figures of the panels marked
// Township, each linking to its list filtered by the township.
func (db *DB) YearbookOf(ctx context.Context, viewer *renda.User, scope Scope) ([]Figure, error) {
	ps, err := db.screen(ctx, viewer, scope, false)
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

// ScreenTownship returns the township whose screen is asked for by id:
// ENOTFOUND unless id is a township-level region.
func (db *DB) ScreenTownship(ctx context.Context, id string) (*renda.Region, error) {
	if !renda.ValidID(id) {
		return nil, renda.Errorf(renda.ENOTFOUND, "没有这个乡镇（街道）")
	}
	r, err := db.Region(ctx, id)
	if err != nil {
		return nil, err
	}
	if r.Level != renda.RegionTownship {
		return nil, renda.Errorf(renda.ENOTFOUND, "没有这个乡镇（街道）")
	}
	return r, nil
}

// HomeTownship returns the township a staff-side user works for — one whose
// organisation is a township's (乡镇人大的工作人员) — or nil for everyone
// else. Their screen is their township's.
func (db *DB) HomeTownship(ctx context.Context, u *renda.User) (*renda.Region, error) {
	if !u.IsStaffSide() || u.OrgID == "" {
		return nil, nil
	}
	var kind, region string
	err := db.read(ctx, func(tx *Tx) error {
		return tx.queryRow("SELECT kind, COALESCE(region_id, '') FROM organizations WHERE id = ?", u.OrgID).Scan(&kind, &region)
	})
	if err != nil {
		if errors.Is(err, sql.ErrNoRows) {
			return nil, nil
		}
		return nil, err
	}
	if renda.OrgKind(kind) != renda.OrgTownship || region == "" {
		return nil, nil
	}
	r, err := db.Region(ctx, region)
	if err != nil || r.Level != renda.RegionTownship {
		return nil, err
	}
	return r, nil
}

// TownshipCentres returns where each township is, for the screen's map:
// the mean position of its township stations (乡镇代表联络站) that have
// coordinates. Townships without one are left out.
func (db *DB) TownshipCentres(ctx context.Context) (map[string][2]float64, error) {
	out := map[string][2]float64{}
	err := db.read(ctx, func(tx *Tx) error {
		rows, err := tx.query(`SELECT township_id, AVG(lat), AVG(lng) FROM stations
			WHERE kind = 'township' AND township_id IS NOT NULL AND lat IS NOT NULL AND lng IS NOT NULL AND lat <> 0 GROUP BY township_id`)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var id string
			var lat, lng float64
			if err := rows.Scan(&id, &lat, &lng); err != nil {
				return err
			}
			out[id] = [2]float64{lat, lng}
		}
		return rows.Err()
	})
	return out, err
}

// townshipCongress returns the id of a township's own congress ("" for a
// subdistrict, which elects none).
func (db *DB) townshipCongress(ctx context.Context, townshipID string) (string, error) {
	cs, err := db.Congresses(ctx)
	if err != nil {
		return "", err
	}
	for _, c := range cs {
		if c.Level == renda.LevelTownship && c.RegionID == townshipID {
			return c.ID, nil
		}
	}
	return "", nil
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
