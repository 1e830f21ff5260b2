package web

import (
	"fmt"
	"math"
	"net/http"
	"net/url"
	"renda/dutyreport"
	"slices"
	"strconv"
	"strings"

	"renda"
	"renda/internal/httpx"
	"renda/internal/store"
	"renda/opinion"
	"renda/record"
	"renda/station"
)

// stationRoutes are the public station and deputy pages (码上找代表) with
// their QR codes and posters, and the pages where staff keep the station
// network, the reception rota and the reception log.
func (s *Server) stationRoutes() []route {
	ref := []renda.Role{renda.RoleAdmin, renda.RoleStaff}
	inside := []renda.Role{renda.RoleAdmin, renda.RoleStaff, renda.RoleLeader, renda.RoleDeputy}
	return []route{
		{"GET /s", nil, s.stationsPublic},
		{"GET /s/{code}", nil, s.stationPublic},
		{"GET /s/{code}/qr.png", nil, s.stationQR("png")},
		{"GET /s/{code}/qr.svg", nil, s.stationQR("svg")},
		{"GET /s/{code}/poster", nil, s.stationPoster},
		{"GET /d/{code}", nil, s.deputyPublic},
		{"GET /d/{code}/qr.png", nil, s.deputyQR("png")},
		{"GET /d/{code}/qr.svg", nil, s.deputyQR("svg")},
		{"GET /d/{code}/poster", nil, s.deputyPoster},
		{"GET /large", nil, s.largeToggle},

		{"GET /stations", inside, s.stationsPage},
		{"GET /stations/new", ref, s.stationNewPage},
		{"POST /stations", ref, s.stationCreate},
		{"GET /stations/{id}", inside, s.stationPage},
		{"GET /stations/{id}/edit", ref, s.stationEditPage},
		{"POST /stations/{id}", ref, s.stationUpdate},
		{"POST /stations/{id}/deputies", ref, s.stationMembers},
		{"POST /stations/{id}/duties", ref, s.dutyCreate},
		{"POST /duties/{id}/cancel", ref, s.dutyCancel},
		{"POST /stations/{id}/receptions", inside, s.receptionCreate},
		{"GET /receptions/{id}", inside, s.receptionPage},
		{"POST /receptions/{id}/matters", inside, s.matterCreate},
	}
}

// citizenBase is the layout data of a page for the public: large text if
// they asked for it.
func (s *Server) citizenBase(r *http.Request, title string) Base {
	b := s.base(r, title)
	b.BodyClass = "citizen"
	return b
}

// largeToggle switches large-text mode (for older people) on or off and goes back.
func (s *Server) largeToggle(w http.ResponseWriter, r *http.Request) error {
	on := r.URL.Query().Get("on") == "1"
	c := &http.Cookie{Name: "renda_large", Value: "1", Path: "/", MaxAge: 365 * 24 * 3600, SameSite: http.SameSiteLaxMode, HttpOnly: true}
	if !on {
		c.Value, c.MaxAge = "", -1
	}
	http.SetCookie(w, c)
	http.Redirect(w, r, safeNext(r.URL.Query().Get("next")), http.StatusSeeOther)
	return nil
}

// --- public pages ---

// MapPoint is a station on the drawn map of the county.
type MapPoint struct {
	X, Y  float64
	Code  string
	Name  string
	Kind  station.Kind
	Model bool
}

// TownStations are the stations of one township, for the public list.
type TownStations struct {
	Name     string
	Stations []*station.Station
}

// StationsPublicPage is 码上找代表: every station, on a map and by township.
type StationsPublicPage struct {
	Base
	Q       string
	Towns   []TownStations
	Special []*station.Station
	Points  []MapPoint
	Total   int
}

func (s *Server) stationsPublic(w http.ResponseWriter, r *http.Request) error {
	q := strings.TrimSpace(r.URL.Query().Get("q"))
	if len([]rune(q)) > 30 {
		q = string([]rune(q)[:30])
	}
	list, total, err := s.db.Stations(r.Context(), station.Filter{Q: q, ActiveOnly: true, Limit: 500})
	if err != nil {
		return err
	}
	p := &StationsPublicPage{Base: s.citizenBase(r, "码上找代表"), Q: q, Total: total, Points: mapPoints(list)}
	for _, st := range list {
		if st.Kind == station.Special {
			p.Special = append(p.Special, st)
			continue
		}
		if n := len(p.Towns); n == 0 || p.Towns[n-1].Name != st.TownshipName {
			p.Towns = append(p.Towns, TownStations{Name: st.TownshipName})
		}
		t := &p.Towns[len(p.Towns)-1]
		t.Stations = append(t.Stations, st)
	}
	return s.render(w, r, "stations_public", p)
}

// mapPoints projects the stations with coordinates onto a 600×400 map.
func mapPoints(list []*station.Station) []MapPoint {
	minLat, maxLat, minLng, maxLng := 90.0, -90.0, 180.0, -180.0
	for _, st := range list {
		if st.Lat == 0 {
			continue
		}
		minLat, maxLat = math.Min(minLat, st.Lat), math.Max(maxLat, st.Lat)
		minLng, maxLng = math.Min(minLng, st.Lng), math.Max(maxLng, st.Lng)
	}
	if maxLat <= minLat || maxLng <= minLng {
		return nil
	}
	var out []MapPoint
	for _, st := range list {
		if st.Lat == 0 {
			continue
		}
		x := 20 + (st.Lng-minLng)/(maxLng-minLng)*560
		y := 20 + (maxLat-st.Lat)/(maxLat-minLat)*360
		out = append(out, MapPoint{X: math.Round(x*10) / 10, Y: math.Round(y*10) / 10, Code: st.Code, Name: st.Name, Kind: st.Kind, Model: st.Model})
	}
	// Draw township stations last, so they are on top.
	slices.SortStableFunc(out, func(a, b MapPoint) int {
		if a.Kind == b.Kind {
			return 0
		}
		if a.Kind == station.Township {
			return 1
		}
		return -1
	})
	return out
}

// StationPublicPage is a station's page for the public (/s/{code}).
type StationPublicPage struct {
	Base
	Station *station.Station
	URL     string // the public URL of the page, as in its QR code
}

// shownMembers is how many of a station's deputies its public page shows
// before the rest, folded.
const shownMembers = 8

// FirstMembers are the deputies the public page shows at once.
func (p *StationPublicPage) FirstMembers() []station.Member {
	return p.Station.Members[:min(len(p.Station.Members), shownMembers)]
}

// MoreMembers are the deputies the public page folds under "show all".
func (p *StationPublicPage) MoreMembers() []station.Member {
	return p.Station.Members[min(len(p.Station.Members), shownMembers):]
}

// StationHead is what the top of a station's public page shows, in a plain
// value, so that it is rendered once for the same values (fragment
// "station-head").
type StationHead struct {
	Code, Name, TownshipName      string
	Kind                          station.Kind
	Sector, Address, Hours, Phone string
	Model, Large                  bool
}

// Head is the top of the page.
func (p *StationPublicPage) Head() StationHead {
	s := p.Station
	return StationHead{Code: s.Code, Name: s.Name, TownshipName: s.TownshipName, Kind: s.Kind, Sector: s.Sector,
		Address: s.Address, Hours: s.Hours, Phone: s.Phone, Model: s.Model, Large: p.Large}
}

// UpcomingDay is a reception day as the public page shows it: only what it
// shows, in a plain value, so that the day's line is rendered once for the
// same values (fragment "station-day").
type UpcomingDay struct {
	Day               renda.Date
	Start, End, Topic string
	Deputies          string // their names, joined with 、
}

// UpcomingDays are the station's next reception days as the page shows them.
func (p *StationPublicPage) UpcomingDays() []UpcomingDay {
	out := make([]UpcomingDay, len(p.Station.Upcoming))
	for i, d := range p.Station.Upcoming {
		out[i] = UpcomingDay{Day: d.Day, Start: d.Start, End: d.End, Topic: d.Topic, Deputies: strings.Join(d.Deputies, "、")}
	}
	return out
}

func (s *Server) publicStation(r *http.Request) (*station.Station, error) {
	st, err := s.db.StationByCode(r.Context(), strings.ToLower(r.PathValue("code")))
	if err != nil {
		return nil, err
	}
	if !st.Active {
		return nil, renda.Errorf(renda.ENOTFOUND, "该联络站已停用")
	}
	return st, nil
}

func (s *Server) stationPublic(w http.ResponseWriter, r *http.Request) error {
	return s.cachedPublic(w, r, func() (string, any, error) {
		st, err := s.publicStation(r)
		if err != nil {
			return "", nil, err
		}
		return "station_public", &StationPublicPage{Base: s.citizenBase(r, st.Name), Station: st, URL: s.cfg.BaseURL + "/s/" + st.Code}, nil
	})
}

func (s *Server) stationQR(format string) func(w http.ResponseWriter, r *http.Request) error {
	return func(w http.ResponseWriter, r *http.Request) error {
		st, err := s.publicStation(r)
		if err != nil {
			return err
		}
		return writeQR(w, s.cfg.BaseURL+"/s/"+st.Code, format)
	}
}

// PosterPage is a printable A4 poster with a QR code.
type PosterPage struct {
	Base
	Heading string
	Sub     string
	URL     string
	QR      string // the SVG image's path
	Names   []string
	Hours   string
	Address string
}

func (s *Server) stationPoster(w http.ResponseWriter, r *http.Request) error {
	st, err := s.publicStation(r)
	if err != nil {
		return err
	}
	p := &PosterPage{Base: s.base(r, st.Name), Heading: st.Name, Sub: st.Kind.Label(), URL: s.cfg.BaseURL + "/s/" + st.Code,
		QR: "/s/" + st.Code + "/qr.svg", Hours: st.Hours, Address: st.Address}
	for _, m := range st.Members {
		if len(p.Names) < 12 {
			p.Names = append(p.Names, m.Name+"（"+m.Level.Label()+"）")
		}
	}
	p.BodyClass = "poster"
	return s.render(w, r, "poster", p)
}

// DeputyPublicPage is a deputy's page for the public (/d/{code}).
type DeputyPublicPage struct {
	Base
	Deputy   *renda.Deputy
	Stations []*station.Station
	Duties   []*station.Duty
	URL      string
	Year     int
	Record   []record.Tally       // what the deputy did this year, counted (art. 58)
	Reports  []*dutyreport.Report // published reports to voters, with their rating
}

func (s *Server) publicDeputy(r *http.Request) (*renda.Deputy, error) {
	code := strings.ToLower(r.PathValue("code"))
	if !station.ValidPublicCode(code) {
		return nil, renda.Errorf(renda.ENOTFOUND, "代表不存在")
	}
	d, err := s.db.DeputyByCode(r.Context(), nil, code)
	if err != nil {
		return nil, err
	}
	if d.Status != renda.DeputyActive {
		return nil, renda.Errorf(renda.ENOTFOUND, "该代表已不在任")
	}
	d.Phone = "" // a deputy's page shows no phone, masked or not
	return d, nil
}

func (s *Server) deputyPublic(w http.ResponseWriter, r *http.Request) error {
	return s.cachedPublic(w, r, func() (string, any, error) {
		d, err := s.publicDeputy(r)
		if err != nil {
			return "", nil, err
		}
		p := &DeputyPublicPage{Base: s.citizenBase(r, d.Name), Deputy: d, URL: s.cfg.BaseURL + "/d/" + d.Code}
		if p.Stations, _, err = s.db.Stations(r.Context(), station.Filter{DeputyID: d.ID, ActiveOnly: true}); err != nil {
			return "", nil, err
		}
		today := renda.DateOf(s.db.Clock().Now())
		if p.Duties, _, err = s.db.Duties(r.Context(), store.DutyFilter{DeputyID: d.ID, From: today, Status: station.DutyPlanned, Limit: 5}); err != nil {
			return "", nil, err
		}
		slices.Reverse(p.Duties)
		p.Year = today.Year
		if p.Record, err = s.db.PublicDutyTallies(r.Context(), d.ID, today.Year); err != nil {
			return "", nil, err
		}
		if p.Reports, _, err = s.db.DutyReports(r.Context(), nil, dutyreport.Filter{DeputyID: d.ID, Public: true, Limit: 10}); err != nil {
			return "", nil, err
		}
		return "deputy_public", p, nil
	})
}

func (s *Server) deputyQR(format string) func(w http.ResponseWriter, r *http.Request) error {
	return func(w http.ResponseWriter, r *http.Request) error {
		d, err := s.publicDeputy(r)
		if err != nil {
			return err
		}
		return writeQR(w, s.cfg.BaseURL+"/d/"+d.Code, format)
	}
}

func (s *Server) deputyPoster(w http.ResponseWriter, r *http.Request) error {
	d, err := s.publicDeputy(r)
	if err != nil {
		return err
	}
	p := &PosterPage{Base: s.base(r, d.Name), Heading: d.Name, Sub: d.Level.DeputyLabel(), URL: s.cfg.BaseURL + "/d/" + d.Code,
		QR: "/d/" + d.Code + "/qr.svg"}
	if d.Occupation != "" {
		p.Names = []string{d.Occupation}
	}
	if sts, _, err := s.db.Stations(r.Context(), station.Filter{DeputyID: d.ID, ActiveOnly: true}); err == nil && len(sts) > 0 {
		p.Address = "进站：" + sts[0].Name
	}
	p.BodyClass = "poster"
	return s.render(w, r, "poster", p)
}

// --- station management ---

// StationsPage lists stations for staff (all) and deputies (their own).
type StationsPage struct {
	Base
	Items    []*station.Station
	Pager    Pager
	Q        string
	Kind     string
	Township string          // the township filtered by (?township=, a region id)
	Towns    []*renda.Region // the townships to filter by
	Mine     bool
	CanEdit  bool
}

func (s *Server) stationsPage(w http.ResponseWriter, r *http.Request) error {
	u := httpx.User(r)
	q := r.URL.Query()
	pg := pager(r, 50)
	f := station.Filter{Q: strings.TrimSpace(q.Get("q")), Limit: pg.Limit, Offset: pg.Offset}
	if k := station.Kind(q.Get("kind")); k.Valid() {
		f.Kind = k
	}
	if t := q.Get("township"); renda.ValidID(t) {
		f.TownshipID = t
	}
	p := &StationsPage{Base: s.base(r, "代表联络站"), Q: f.Q, Kind: string(f.Kind), Township: f.TownshipID, CanEdit: station.CanManage(u)}
	var err error
	if p.Towns, _, err = s.db.Regions(r.Context(), renda.RegionFilter{Level: renda.RegionTownship, Limit: 500}); err != nil {
		return err
	}
	if u.Role == renda.RoleDeputy {
		f.DeputyID, p.Mine = u.DeputyID, true
	}
	items, total, err := s.db.Stations(r.Context(), f)
	if err != nil {
		return err
	}
	pg.Total = total
	p.Items, p.Pager = items, pg
	return s.render(w, r, "stations", p)
}

// StationPage is a station for those who run it: its deputies, rota, log and history.
type StationPage struct {
	Base
	Station     *station.Station
	URL         string
	Duties      []*station.Duty
	Receptions  []*station.Reception
	History     []renda.AuditRecord
	CanEdit     bool
	CanRecord   bool
	MembersForm *Form
	DutyForm    *Form
	RecordForm  *Form
	CancelCSRF  string
}

func (s *Server) stationByID(r *http.Request) (*station.Station, error) {
	id := r.PathValue("id")
	if !renda.ValidID(id) {
		return nil, renda.Errorf(renda.ENOTFOUND, "联络站不存在")
	}
	return s.db.Station(r.Context(), id)
}

func (s *Server) stationPage(w http.ResponseWriter, r *http.Request) error {
	st, err := s.stationByID(r)
	if err != nil {
		return err
	}
	return s.renderStation(w, r, st, http.StatusOK, nil)
}

// renderStation shows a station page; failed is the form that was just
// submitted with its errors (nil on a plain visit).
func (s *Server) renderStation(w http.ResponseWriter, r *http.Request, st *station.Station, status int, failed *Form) error {
	u := httpx.User(r)
	ctx := r.Context()
	p := &StationPage{Base: s.base(r, st.Name), Station: st, URL: s.cfg.BaseURL + "/s/" + st.Code, CanEdit: station.CanManage(u),
		CanRecord: s.db.CanRecordReception(ctx, u, st.ID), CancelCSRF: httpx.CSRFToken(httpx.SessionToken(r))}
	var err error
	if p.Duties, _, err = s.db.Duties(ctx, store.DutyFilter{StationID: st.ID, Limit: 30}); err != nil {
		return err
	}
	if p.Receptions, _, err = s.db.Receptions(ctx, st.ID, 30, 0); err != nil {
		return err
	}
	if p.History, err = s.db.StationHistory(ctx, st.ID); err != nil {
		return err
	}
	var members []Option
	for _, m := range st.Members {
		members = append(members, Option{Value: m.DeputyID, Label: m.Name + "（" + m.Level.Label() + "）"})
	}
	today := renda.DateOf(s.db.Clock().Now())
	if p.CanEdit {
		if p.MembersForm, err = s.membersForm(r, st); err != nil {
			return err
		}
		set, err := s.db.Settings(ctx)
		if err != nil {
			return err
		}
		earliest := today.AddDays(set.Int("station.duty_notice_days"))
		p.DutyForm = newForm(r, "/stations/"+st.ID+"/duties", "公布接待日",
			&Field{Name: "day", Label: "接待日期", Type: "date", Required: true, Value: earliest.String(), Help: "须至少提前 " + strconv.Itoa(set.Int("station.duty_notice_days")) + " 天公布"},
			&Field{Name: "topic", Label: "接待主题", Max: 60, Value: "听取群众意见建议"},
			&Field{Name: "start", Label: "开始时间", Required: true, Value: "09:00"},
			&Field{Name: "end", Label: "结束时间", Required: true, Value: "11:30"},
			&Field{Name: "deputy_ids", Label: "接待代表", Type: "picker", Required: true, Options: members, Wide: true},
		)
	}
	if p.CanRecord {
		var duties []Option
		for _, d := range p.Duties {
			if d.Status != station.DutyCancelled && !d.Day.After(today) && d.Day.After(today.AddDays(-60)) {
				duties = append(duties, Option{Value: d.ID, Label: d.Day.String() + " " + d.Topic})
			}
		}
		p.RecordForm = newForm(r, "/stations/"+st.ID+"/receptions", "保存接待记录",
			&Field{Name: "day", Label: "接待日期", Type: "date", Required: true, Value: today.String()},
			&Field{Name: "duty_id", Label: "对应的接待日", Type: "select", Options: duties, Help: "如是已公布的接待日，请选择；将标记为“已接待”"},
			&Field{Name: "visitors", Label: "接待群众（人次）", Type: "number", Required: true, Value: "0"},
			&Field{Name: "deputy_ids", Label: "接待代表", Type: "picker", Required: true, Options: members, Wide: true},
			&Field{Name: "summary", Label: "接待情况", Type: "textarea", Required: true, Max: 2000, Wide: true, Rows: 4,
				Help: "谁来了、反映了什么、现场怎么处理的。具体事项请保存后在接待记录中逐条登记，以便跟踪办理。"},
		)
		if u.DeputyID != "" && slices.Contains(membersOf(st), u.DeputyID) {
			p.RecordForm.Field("deputy_ids").Values = []string{u.DeputyID}
		}
	}
	if failed != nil {
		switch failed.Action {
		case "/stations/" + st.ID + "/deputies":
			p.MembersForm = failed
		case "/stations/" + st.ID + "/duties":
			p.DutyForm = failed
		case "/stations/" + st.ID + "/receptions":
			p.RecordForm = failed
		}
	}
	s.renderStatus(w, r, status, "station", p)
	return nil
}

func membersOf(st *station.Station) []string {
	var ids []string
	for _, m := range st.Members {
		ids = append(ids, m.DeputyID)
	}
	return ids
}

// membersForm lists the deputies who may be stationed: those of the
// township (for a special station, of every township) and those already there.
func (s *Server) membersForm(r *http.Request, st *station.Station) (*Form, error) {
	f := renda.DeputyFilter{Status: renda.DeputyActive, Limit: 500}
	if st.Kind != station.Special {
		f.RegionID = st.TownshipID
	}
	ds, _, err := s.db.Deputies(r.Context(), httpx.User(r), f)
	if err != nil {
		return nil, err
	}
	var opts, heads []Option
	seen := map[string]bool{}
	for _, m := range st.Members {
		opts = append(opts, Option{Value: m.DeputyID, Label: m.Name + "（" + m.Level.Label() + "）"})
		heads = append(heads, Option{Value: m.DeputyID, Label: m.Name})
		seen[m.DeputyID] = true
	}
	for _, d := range ds {
		if !seen[d.ID] {
			opts = append(opts, Option{Value: d.ID, Label: d.Name + "（" + d.Level.Label() + "，" + d.RegionName + "）"})
		}
	}
	head := ""
	for _, m := range st.Members {
		if m.Head {
			head = m.DeputyID
		}
	}
	form := newForm(r, "/stations/"+st.ID+"/deputies", "保存进站代表",
		&Field{Name: "deputy_ids", Label: "进站代表", Type: "picker", Options: opts, Values: membersOf(st), Wide: true,
			Help: "列出本乡镇的四级代表和已进站的代表"},
		&Field{Name: "codes", Label: "按代码添加其他代表", Max: 300, Help: "多个代码用逗号分隔，如 dtashan01, dyiyang02"},
		&Field{Name: "head", Label: "站长", Type: "select", Options: heads, Value: head},
	)
	return form, nil
}

// StationFormPage adds or changes a station.
type StationFormPage struct {
	Base
	Form    *Form
	Station *station.Station
}

func (s *Server) stationForm(r *http.Request, st *station.Station) (*Form, error) {
	towns, _, err := s.db.Regions(r.Context(), renda.RegionFilter{Level: renda.RegionTownship, OnDate: renda.DateOf(s.db.Clock().Now()), Limit: 500})
	if err != nil {
		return nil, err
	}
	var regions []Option
	for _, t := range towns {
		regions = append(regions, Option{Value: t.ID, Label: t.Name})
		vils, _, err := s.db.Regions(r.Context(), renda.RegionFilter{ParentID: t.ID, OnDate: renda.DateOf(s.db.Clock().Now()), Limit: 500})
		if err != nil {
			return nil, err
		}
		for _, v := range vils {
			regions = append(regions, Option{Value: v.ID, Label: t.Name + " · " + v.Name})
		}
	}
	var kinds []Option
	for _, k := range station.Kinds {
		kinds = append(kinds, Option{Value: string(k), Label: k.Label()})
	}
	action := "/stations"
	if st.ID != "" {
		action = "/stations/" + st.ID
	}
	coord := func(f float64) string {
		if f == 0 {
			return ""
		}
		return strconv.FormatFloat(f, 'f', -1, 64)
	}
	kind := string(st.Kind)
	if kind == "" {
		kind = string(station.Township)
	}
	f := newForm(r, action, "保存",
		&Field{Name: "name", Label: "站点名称", Required: true, Max: 60, Value: st.Name, Wide: true},
		&Field{Name: "kind", Label: "站点类型", Type: "select", Required: true, Options: kinds, Value: kind},
		&Field{Name: "sector", Label: "特色领域", Max: 20, Value: st.Sector, Help: "特色站点填写，如 茶叶产业、医疗卫生"},
		&Field{Name: "region_id", Label: "所在乡镇或村（社区）", Type: "select", Required: true, Options: regions, Value: st.RegionID, Wide: true},
		&Field{Name: "address", Label: "地址", Required: true, Max: 100, Value: st.Address, Wide: true},
		&Field{Name: "lat", Label: "纬度", Value: coord(st.Lat), Help: "如 26.41，用于地图和就近分派"},
		&Field{Name: "lng", Label: "经度", Value: coord(st.Lng), Help: "如 112.39"},
		&Field{Name: "hours", Label: "开放时间", Max: 60, Value: st.Hours},
		&Field{Name: "phone", Label: "联系电话", Type: "tel", Max: 20, Value: st.Phone, Help: "站点办公电话（公开）"},
		&Field{Name: "code", Label: "站点代码", Max: 20, Value: st.Code, Help: "二维码网址中的代码；留空自动生成。印制二维码后请勿修改"},
		&Field{Name: "intro", Label: "简介", Type: "textarea", Max: 1000, Value: st.Intro, Wide: true, Rows: 3},
		&Field{Name: "model", Label: "示范性代表联络站", Type: "checkbox", Value: boolValue(st.Model)},
		&Field{Name: "active", Label: "启用", Type: "checkbox", Value: boolValue(st.Active || st.ID == "")},
	)
	f.Cancel = "/stations"
	if st.ID != "" {
		f.Cancel = "/stations/" + st.ID
	}
	return f, nil
}

func boolValue(b bool) string {
	if b {
		return "on"
	}
	return ""
}

func (s *Server) stationNewPage(w http.ResponseWriter, r *http.Request) error {
	f, err := s.stationForm(r, &station.Station{})
	if err != nil {
		return err
	}
	return s.render(w, r, "station_form", &StationFormPage{Base: s.base(r, "新增联络站"), Form: f, Station: &station.Station{}})
}

func (s *Server) stationEditPage(w http.ResponseWriter, r *http.Request) error {
	st, err := s.stationByID(r)
	if err != nil {
		return err
	}
	f, err := s.stationForm(r, st)
	if err != nil {
		return err
	}
	return s.render(w, r, "station_form", &StationFormPage{Base: s.base(r, "修改联络站"), Form: f, Station: st})
}

func (s *Server) stationSave(w http.ResponseWriter, r *http.Request, id string) error {
	if err := parseForm(r); err != nil {
		return err
	}
	var p renda.Problems
	st := &station.Station{ID: id, Name: r.PostFormValue("name"), Kind: station.Kind(r.PostFormValue("kind")), Sector: r.PostFormValue("sector"),
		RegionID: r.PostFormValue("region_id"), Address: r.PostFormValue("address"), Hours: r.PostFormValue("hours"), Phone: r.PostFormValue("phone"),
		Code: r.PostFormValue("code"), Intro: r.PostFormValue("intro"), Model: r.PostForm.Has("model"), Active: r.PostForm.Has("active")}
	st.Lat = floatValue(&p, r, "lat", "纬度")
	st.Lng = floatValue(&p, r, "lng", "经度")
	if (st.Lat == 0) != (st.Lng == 0) && !p.Has("lat") && !p.Has("lng") {
		p.Add("lng", "经度和纬度须同时填写")
	}
	// Report every problem at once: the domain's checks with the form's.
	check := *st
	for _, f := range renda.ErrorFields(check.Validate()) {
		if !p.Has(f.Field) {
			p.Add(f.Field, "%s", f.Message)
		}
	}
	err := p.Err()
	if err == nil {
		err = s.db.SaveStation(r.Context(), httpx.User(r), st)
	}
	if err != nil {
		f, ferr := s.stationForm(r, &station.Station{ID: id})
		if ferr != nil {
			return ferr
		}
		f.Fill(r)
		f.Fail(err)
		title := "新增联络站"
		if id != "" {
			title = "修改联络站"
		}
		s.renderStatus(w, r, httpx.Status(renda.ErrorCode(err)), "station_form", &StationFormPage{Base: s.base(r, title), Form: f, Station: st})
		return nil
	}
	return redirect(w, r, "/stations/"+st.ID, "已保存联络站 "+st.Name)
}

func floatValue(p *renda.Problems, r *http.Request, name, label string) float64 {
	v := strings.TrimSpace(r.PostFormValue(name))
	if v == "" {
		return 0
	}
	f, err := strconv.ParseFloat(v, 64)
	if err != nil || math.IsNaN(f) || math.IsInf(f, 0) {
		p.Add(name, "%s应为数字，如 26.41", label)
		return 0
	}
	return f
}

func (s *Server) stationCreate(w http.ResponseWriter, r *http.Request) error {
	return s.stationSave(w, r, "")
}

func (s *Server) stationUpdate(w http.ResponseWriter, r *http.Request) error {
	st, err := s.stationByID(r)
	if err != nil {
		return err
	}
	return s.stationSave(w, r, st.ID)
}

func (s *Server) stationMembers(w http.ResponseWriter, r *http.Request) error {
	st, err := s.stationByID(r)
	if err != nil {
		return err
	}
	if err := parseForm(r); err != nil {
		return err
	}
	u := httpx.User(r)
	ids := r.PostForm["deputy_ids"]
	var p renda.Problems
	for _, code := range strings.FieldsFunc(r.PostFormValue("codes"), func(c rune) bool { return c == ',' || c == '，' || c == ' ' || c == '、' }) {
		code = strings.ToLower(strings.TrimSpace(code))
		d, err := s.db.DeputyByCode(r.Context(), u, code)
		if err != nil || !station.ValidPublicCode(code) {
			p.Add("codes", "没有代码为“%s”的代表", trunc(code, 20))
			continue
		}
		ids = append(ids, d.ID)
	}
	err = p.Err()
	if err == nil {
		err = s.db.SetStationDeputies(r.Context(), u, st.ID, ids, r.PostFormValue("head"))
	}
	if err != nil {
		f, ferr := s.membersForm(r, st)
		if ferr != nil {
			return ferr
		}
		f.Fill(r)
		f.Fail(err)
		return s.renderStation(w, r, st, httpx.Status(renda.ErrorCode(err)), f)
	}
	return redirect(w, r, "/stations/"+st.ID, "已保存进站代表")
}

func trunc(s string, n int) string {
	if r := []rune(s); len(r) > n {
		return string(r[:n]) + "…"
	}
	return s
}

func (s *Server) dutyCreate(w http.ResponseWriter, r *http.Request) error {
	st, err := s.stationByID(r)
	if err != nil {
		return err
	}
	if err := parseForm(r); err != nil {
		return err
	}
	var p renda.Problems
	d := &station.Duty{StationID: st.ID, Start: r.PostFormValue("start"), End: r.PostFormValue("end"), Topic: r.PostFormValue("topic"),
		DeputyIDs: r.PostForm["deputy_ids"]}
	d.Day = dateValue(&p, r, "day", "接待日期")
	err = p.Err()
	if err == nil {
		err = s.db.ScheduleDuty(r.Context(), httpx.User(r), d)
	}
	if err != nil {
		st2 := *st
		if err2 := s.renderStation(w, r, &st2, httpx.Status(renda.ErrorCode(err)), s.failedDutyForm(r, st, err)); err2 != nil {
			return err2
		}
		return nil
	}
	return redirect(w, r, "/stations/"+st.ID, "已公布 "+d.Day.Chinese()+" 的接待日")
}

func (s *Server) failedDutyForm(r *http.Request, st *station.Station, err error) *Form {
	var members []Option
	for _, m := range st.Members {
		members = append(members, Option{Value: m.DeputyID, Label: m.Name + "（" + m.Level.Label() + "）"})
	}
	f := newForm(r, "/stations/"+st.ID+"/duties", "公布接待日",
		&Field{Name: "day", Label: "接待日期", Type: "date", Required: true},
		&Field{Name: "topic", Label: "接待主题", Max: 60},
		&Field{Name: "start", Label: "开始时间", Required: true},
		&Field{Name: "end", Label: "结束时间", Required: true},
		&Field{Name: "deputy_ids", Label: "接待代表", Type: "picker", Required: true, Options: members, Wide: true},
	)
	f.Fill(r)
	f.Fail(err)
	return f
}

func (s *Server) dutyCancel(w http.ResponseWriter, r *http.Request) error {
	id := r.PathValue("id")
	if !renda.ValidID(id) {
		return renda.Errorf(renda.ENOTFOUND, "接待日不存在")
	}
	if err := parseForm(r); err != nil {
		return err
	}
	back := safeNext(r.PostFormValue("next"))
	if err := s.db.CancelDuty(r.Context(), httpx.User(r), id, r.PostFormValue("reason")); err != nil {
		if renda.ErrorCode(err) == renda.EINVALID {
			return redirect(w, r, back, "取消失败："+renda.ErrorMessage(err))
		}
		return err
	}
	return redirect(w, r, back, "已取消接待日，并通知了接待代表")
}

func (s *Server) receptionCreate(w http.ResponseWriter, r *http.Request) error {
	st, err := s.stationByID(r)
	if err != nil {
		return err
	}
	if err := parseForm(r); err != nil {
		return err
	}
	var p renda.Problems
	rec := &station.Reception{StationID: st.ID, DutyID: r.PostFormValue("duty_id"), Summary: r.PostFormValue("summary"), DeputyIDs: r.PostForm["deputy_ids"]}
	rec.Day = dateValue(&p, r, "day", "接待日期")
	rec.Visitors = intValue(&p, r, "visitors", "接待人数")
	err = p.Err()
	if err == nil {
		err = s.db.RecordReception(r.Context(), httpx.User(r), rec)
	}
	if err != nil {
		if renda.ErrorCode(err) == renda.EFORBIDDEN {
			return err
		}
		var members []Option
		for _, m := range st.Members {
			members = append(members, Option{Value: m.DeputyID, Label: m.Name})
		}
		f := newForm(r, "/stations/"+st.ID+"/receptions", "保存接待记录",
			&Field{Name: "day", Label: "接待日期", Type: "date", Required: true},
			&Field{Name: "duty_id", Label: "对应的接待日", Type: "select"},
			&Field{Name: "visitors", Label: "接待群众（人次）", Type: "number", Required: true},
			&Field{Name: "deputy_ids", Label: "接待代表", Type: "picker", Required: true, Options: members, Wide: true},
			&Field{Name: "summary", Label: "接待情况", Type: "textarea", Required: true, Max: 2000, Wide: true, Rows: 4})
		f.Fill(r)
		f.Fail(err)
		return s.renderStation(w, r, st, httpx.Status(renda.ErrorCode(err)), f)
	}
	return redirect(w, r, "/receptions/"+rec.ID, "已保存接待记录。请逐条登记群众反映的事项。")
}

// ReceptionPage is one entry of a station's log with the matters raised.
type ReceptionPage struct {
	Base
	Reception *station.Reception
	Matters   []*opinion.Opinion
	Form      *Form
}

func (s *Server) receptionByID(r *http.Request) (*station.Reception, error) {
	id := r.PathValue("id")
	if !renda.ValidID(id) {
		return nil, renda.Errorf(renda.ENOTFOUND, "接待记录不存在")
	}
	return s.db.Reception(r.Context(), id)
}

func (s *Server) receptionPage(w http.ResponseWriter, r *http.Request) error {
	rec, err := s.receptionByID(r)
	if err != nil {
		return err
	}
	return s.renderReception(w, r, rec, http.StatusOK, nil)
}

func (s *Server) renderReception(w http.ResponseWriter, r *http.Request, rec *station.Reception, status int, form *Form) error {
	u := httpx.User(r)
	p := &ReceptionPage{Base: s.base(r, "接待记录"), Reception: rec}
	var err error
	if p.Matters, _, err = s.db.Opinions(r.Context(), u, opinion.Filter{ReceptionID: rec.ID, Limit: 200}); err != nil {
		return err
	}
	if form == nil && s.db.CanRecordReception(r.Context(), u, rec.StationID) {
		set, err := s.db.Settings(r.Context())
		if err != nil {
			return err
		}
		form = matterForm(r, rec, set)
	}
	p.Form = form
	s.renderStatus(w, r, status, "reception", p)
	return nil
}

func matterForm(r *http.Request, rec *station.Reception, set *renda.Settings) *Form {
	return newForm(r, "/receptions/"+rec.ID+"/matters", "登记事项",
		&Field{Name: "content", Label: "群众反映的问题", Type: "textarea", Required: true, Max: 2000, Wide: true, Rows: 3},
		&Field{Name: "category", Label: "类别", Type: "select", Options: options(set.Strings("opinion.categories")...)},
		&Field{Name: "address", Label: "地点", Max: 100},
		&Field{Name: "name", Label: "反映人姓名", Max: 30, Help: "可不填；加密保存"},
		&Field{Name: "phone", Label: "反映人电话", Type: "tel", Max: 20, Help: "可不填；留了电话，群众可凭查询码跟踪办理并收到答复短信"},
		&Field{Name: "answer", Label: "当场答复", Type: "textarea", Max: 2000, Wide: true, Rows: 2,
			Help: "当场已答复的，在此填写答复内容；需转乡镇或县直部门办理的留空，登记后在事项页面转办"},
	)
}

func (s *Server) matterCreate(w http.ResponseWriter, r *http.Request) error {
	rec, err := s.receptionByID(r)
	if err != nil {
		return err
	}
	u := httpx.User(r)
	if !s.db.CanRecordReception(r.Context(), u, rec.StationID) {
		return renda.Errorf(renda.EFORBIDDEN, "只有本站的进站代表和工作人员可以登记接待事项")
	}
	if err := parseForm(r); err != nil {
		return err
	}
	in := opinion.Submission{Channel: opinion.ChannelReception, ReceptionID: rec.ID, Content: r.PostFormValue("content"), Category: r.PostFormValue("category"),
		Address: r.PostFormValue("address"), Name: r.PostFormValue("name"), Phone: r.PostFormValue("phone")}
	o, err := s.db.SubmitOpinion(r.Context(), u, in, nil)
	if err != nil {
		set, serr := s.db.Settings(r.Context())
		if serr != nil {
			return serr
		}
		f := matterForm(r, rec, set)
		f.Fill(r)
		f.Fail(err)
		return s.renderReception(w, r, rec, httpx.Status(renda.ErrorCode(err)), f)
	}
	msg := "已登记事项，查询码 " + o.TrackingCode + "（可告知群众跟踪办理）"
	if answer := strings.TrimSpace(r.PostFormValue("answer")); answer != "" {
		if _, err := s.db.ActOnOpinion(r.Context(), u, o.ID, "answer", renda.V("text", answer)); err != nil {
			msg = "已登记事项，但当场答复未保存：" + renda.ErrorMessage(err) + "。请在事项页面答复。"
		} else {
			msg = "已登记事项并记录当场答复，查询码 " + o.TrackingCode
		}
	}
	return redirect(w, r, "/receptions/"+rec.ID, msg)
}

var _ = fmt.Sprint
var _ = url.QueryEscape
