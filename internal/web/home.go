package web

import (
	"net/http"
	"slices"

	"renda"
	"renda/internal/httpx"
)

// Widget is one figure on a home page: a number with a label, linking to
// the list behind it.
type Widget struct {
	Label string
	Value int
	Note  string
	Href  string
	Tone  string // "", red, amber, green, blue
	Order int
}

// Tile is one entry on the public home page.
type Tile struct {
	Title string
	Text  string
	Href  string
	Order int
}

// HomePage is the signed-in user's 工作台.
type HomePage struct {
	Base
	Greeting string
	Widgets  []Widget
	Links    []Tile
	Deputy   *renda.Deputy
	Org      *renda.Organization
	// HolidayNotice is the year whose State Council holiday notice admins
	// (and staff, who keep the calendar) should enter now; 0 for none.
	HolidayNotice int
}

// PublicHome is the public face for visitors who are not signed in.
type PublicHome struct {
	Base
	Tiles    []Tile
	Deputies map[string]int // active deputies by level
}

func (s *Server) home(w http.ResponseWriter, r *http.Request) error {
	u := httpx.User(r)
	if u == nil {
		counts, err := s.db.DeputyCounts(r.Context())
		if err != nil {
			return err
		}
		tiles := concatTiles(s.suggestionTiles(), s.opinionTiles(), s.voteTiles(), s.consultationTiles(), s.supervisionTiles())
		tiles = append(tiles, s.portalTiles()...)
		byLevel := map[string]int{}
		for l, n := range counts {
			byLevel[string(l)] = n
		}
		return s.render(w, r, "public_home", &PublicHome{Base: s.base(r, ""), Tiles: tiles, Deputies: byLevel})
	}
	p := &HomePage{Base: s.base(r, "工作台"), Greeting: u.Name()}
	var err error
	if u.DeputyID != "" {
		if p.Deputy, err = s.db.Deputy(r.Context(), u, u.DeputyID); err != nil {
			return err
		}
	}
	if u.OrgID != "" {
		if p.Org, err = s.db.Organization(r.Context(), u, u.OrgID); err != nil {
			return err
		}
	}
	for _, f := range []func(*http.Request, *renda.User) ([]Widget, error){s.foundationWidgets, s.suggestionWidgets, s.opinionWidgets, s.voteWidgets, s.meetingWidgets, s.budgetWidgets} {
		ws, err := f(r, u)
		if err != nil {
			return err
		}
		p.Widgets = append(p.Widgets, ws...)
	}
	slices.SortStableFunc(p.Widgets, func(a, b Widget) int { return a.Order - b.Order })
	p.Links = s.quickLinks(u)
	if u.Is(renda.RoleAdmin, renda.RoleStaff) && p.cal != nil {
		p.HolidayNotice = p.cal.MissingNotice(renda.DateOf(p.Now))
	}
	return s.render(w, r, "home", p)
}

func concatTiles(lists ...[]Tile) []Tile {
	var out []Tile
	for _, l := range lists {
		out = append(out, l...)
	}
	return out
}

func (s *Server) foundationWidgets(r *http.Request, u *renda.User) ([]Widget, error) {
	if !u.IsStaffSide() {
		return nil, nil
	}
	counts, err := s.db.DeputyCounts(r.Context())
	if err != nil {
		return nil, err
	}
	set, err := s.db.Settings(r.Context())
	if err != nil {
		return nil, err
	}
	region := renda.DeploymentOf(set).Region
	return []Widget{
		{Label: "县级人大代表", Value: counts[renda.LevelCounty], Href: "/deputies?level=county", Order: 90},
		{Label: "驻" + region + "的省级人大代表", Value: counts[renda.LevelProvince], Href: "/deputies?level=province", Order: 91},
		{Label: "驻" + region + "的市级人大代表", Value: counts[renda.LevelCity], Href: "/deputies?level=city", Order: 91},
		{Label: "乡镇人大代表", Value: counts[renda.LevelTownship], Href: "/deputies?level=township", Order: 92},
	}, nil
}

func (s *Server) quickLinks(u *renda.User) []Tile {
	var out []Tile
	if u.Is(renda.RoleAdmin, renda.RoleStaff) {
		out = append(out,
			Tile{Title: "代表名册", Text: "查询、新增、导入导出四级人大代表", Href: "/deputies"},
			Tile{Title: "承办单位", Text: "政府部门及其他承办单位", Href: "/organizations"},
			Tile{Title: "人大与会议", Text: "届次、会议、代表团和专业小组", Href: "/congresses"},
			Tile{Title: "节假日", Text: "工作日计算所用的放假和调休安排", Href: "/calendar"})
	}
	if u.Is(renda.RoleAdmin) {
		out = append(out,
			Tile{Title: "用户管理", Text: "账号、角色、停用与重置密码", Href: "/users"},
			Tile{Title: "审计日志", Text: "每一次修改：谁、何时、改了什么", Href: "/audit"},
			Tile{Title: "系统设置", Text: "期限、提醒、分类等按本地规定调整", Href: "/settings"})
	}
	if u.Is(renda.RoleDeputy) {
		out = append(out, Tile{Title: "我的信息", Text: "查看本人代表信息", Href: "/deputies/" + u.DeputyID})
	}
	out = append(out, Tile{Title: "修改密码", Text: "定期修改密码，保护账号安全", Href: "/account"})
	return out
}
