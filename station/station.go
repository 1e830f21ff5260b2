package station

import (
	"fmt"
	"renda"
	"slices"
	"strings"
	"time"
)

// Kind says what sort of liaison station (代表联络站) a station is.
type Kind string

// Station kinds.
const (
	Township Kind = "township" // 乡镇（街道）代表联络站
	Village  Kind = "village"  // 村（社区）代表联络点
	Special  Kind = "special"  // 特色站点：行业、专业（茶叶产业、医疗…）
)

// Kinds in display order.
var Kinds = []Kind{Township, Village, Special}

// Label returns the kind's Chinese name.
func (k Kind) Label() string {
	switch k {
	case Township:
		return "乡镇代表联络站"
	case Village:
		return "村（社区）联络点"
	case Special:
		return "特色联络站"
	}
	return string(k)
}

// Valid reports whether k is a known kind.
func (k Kind) Valid() bool {
	return k == Township || k == Village || k == Special
}

// Station is a deputies' liaison station or point, where deputies of the
// four levels meet the people they represent. Its Code is public: it is in
// the station's QR code and its page /s/{code}.
type Station struct {
	ID         string    `json:"id"`
	Code       string    `json:"code"`
	Name       string    `json:"name"`
	Kind       Kind      `json:"kind"`
	Sector     string    `json:"sector,omitempty"` // special stations: 茶叶产业, 医疗卫生 …
	RegionID   string    `json:"region_id"`        // the township or village it is in
	TownshipID string    `json:"township_id"`      // the township (derived from RegionID)
	Address    string    `json:"address"`
	Lat        float64   `json:"lat,omitempty"`
	Lng        float64   `json:"lng,omitempty"`
	Hours      string    `json:"hours"`           // 开放时间
	Phone      string    `json:"phone,omitempty"` // the station's own office phone (not personal data)
	Intro      string    `json:"intro,omitempty"`
	Model      bool      `json:"model"` // 示范性代表联络站
	Active     bool      `json:"active"`
	CreatedAt  time.Time `json:"created_at"`
	UpdatedAt  time.Time `json:"updated_at"`

	// Filled in by the store for display.
	RegionName   string   `json:"region_name,omitempty"`
	TownshipName string   `json:"township_name,omitempty"`
	Members      []Member `json:"deputies,omitempty"`
	Upcoming     []*Duty  `json:"upcoming_duties,omitempty"`
}

// Member is a deputy stationed at a station (进站代表).
type Member struct {
	DeputyID   string      `json:"deputy_id"`
	DeputyCode string      `json:"deputy_code"`
	Name       string      `json:"name"`
	Level      renda.Level `json:"level"`
	Title      string      `json:"title"` // 某某市人大代表, 湖南省人大代表 …
	Sector     string      `json:"sector,omitempty"`
	Occupation string      `json:"occupation,omitempty"`
	PhotoID    string      `json:"-"`
	Head       bool        `json:"head"` // 站长
	NextDuty   renda.Date  `json:"next_duty,omitzero"`
}

// Validate checks a station before it is saved.
func (s *Station) Validate() error {
	var p renda.Problems
	s.Code = strings.ToLower(strings.TrimSpace(s.Code))
	if s.Code != "" && !ValidPublicCode(s.Code) {
		p.Add("code", "站点代码只能由 3 到 20 个小写字母、数字或 - 组成")
	}
	s.Name = p.Line("name", "站点名称", s.Name, true, 60)
	if !s.Kind.Valid() {
		p.Add("kind", "请选择站点类型")
	}
	s.Sector = p.Line("sector", "特色领域", s.Sector, s.Kind == Special, 20)
	if !renda.ValidID(s.RegionID) {
		p.Add("region_id", "请选择所在乡镇或村（社区）")
	}
	s.Address = p.Line("address", "地址", s.Address, true, 100)
	if s.Lat != 0 || s.Lng != 0 {
		if s.Lat < 3 || s.Lat > 54 || s.Lng < 73 || s.Lng > 136 {
			p.Add("lat", "经纬度不在中国境内，请检查（纬度 3–54，经度 73–136）")
		}
	}
	s.Hours = p.Line("hours", "开放时间", s.Hours, false, 60)
	s.Phone = renda.NormalizePhone(s.Phone)
	if s.Phone != "" && !renda.ValidPhone(s.Phone) {
		p.Add("phone", "联系电话格式不正确（手机 11 位，或 0734-1234567）")
	}
	s.Intro = p.Text("intro", "简介", s.Intro, false, 1000)
	return p.Err()
}

// ValidPublicCode reports whether s can be a public code of a station or
// deputy: 3–20 lower-case letters, digits or '-'. Anything else is "not
// found" without a query.
func ValidPublicCode(s string) bool {
	if len(s) < 3 || len(s) > 20 {
		return false
	}
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-') {
			return false
		}
	}
	return true
}

// Filter selects stations.
type Filter struct {
	Q          string
	Kind       Kind
	TownshipID string
	DeputyID   string // only stations this deputy serves
	ActiveOnly bool
	Limit      int
	Offset     int
}

// DutyStatus says whether a reception day took place.
type DutyStatus string

// Duty statuses.
const (
	DutyPlanned   DutyStatus = "planned"   // announced, not yet held
	DutyHeld      DutyStatus = "held"      // held: a reception record exists
	DutyCancelled DutyStatus = "cancelled" // cancelled (with a reason)
)

// Label returns the status's Chinese name.
func (s DutyStatus) Label() string {
	switch s {
	case DutyPlanned:
		return "已公布"
	case DutyHeld:
		return "已接待"
	case DutyCancelled:
		return "已取消"
	}
	return string(s)
}

// Duty is a reception day (接待日) of a station: which deputies receive the
// public there, on which day and hours. It is announced ahead on the
// station's page.
type Duty struct {
	ID          string     `json:"id"`
	StationID   string     `json:"station_id"`
	Day         renda.Date `json:"day"`
	Start       string     `json:"start"` // "09:00"
	End         string     `json:"end"`   // "11:30"
	Topic       string     `json:"topic,omitempty"`
	Status      DutyStatus `json:"status"`
	Note        string     `json:"note,omitempty"`
	DeputyIDs   []string   `json:"deputy_ids"`
	CreatedAt   time.Time  `json:"created_at"`
	StationName string     `json:"station_name,omitempty"`
	StationCode string     `json:"station_code,omitempty"`
	Deputies    []string   `json:"deputies,omitempty"` // names, for display
}

// Validate checks a reception day before it is saved.
func (d *Duty) Validate() error {
	var p renda.Problems
	if !renda.ValidID(d.StationID) {
		p.Add("station_id", "请选择联络站")
	}
	if d.Day.IsZero() {
		p.Add("day", "请填写接待日期")
	}
	d.Start = strings.TrimSpace(d.Start)
	d.End = strings.TrimSpace(d.End)
	if !validClock(d.Start) {
		p.Add("start", "开始时间格式应为 09:00")
	}
	if !validClock(d.End) {
		p.Add("end", "结束时间格式应为 11:30")
	} else if validClock(d.Start) && d.End <= d.Start {
		p.Add("end", "结束时间应晚于开始时间")
	}
	d.Topic = p.Line("topic", "接待主题", d.Topic, false, 60)
	d.Note = p.Text("note", "备注", d.Note, false, 300)
	if len(d.DeputyIDs) == 0 {
		p.Add("deputy_ids", "请至少选择一名接待代表")
	}
	if len(d.DeputyIDs) > 20 {
		p.Add("deputy_ids", "一次接待最多安排 20 名代表")
	}
	for _, id := range d.DeputyIDs {
		if !renda.ValidID(id) {
			p.Add("deputy_ids", "所选代表不存在")
			break
		}
	}
	if d.Status == "" {
		d.Status = DutyPlanned
	}
	return p.Err()
}

func validClock(s string) bool {
	if len(s) != 5 || s[2] != ':' {
		return false
	}
	h := int(s[0]-'0')*10 + int(s[1]-'0')
	m := int(s[3]-'0')*10 + int(s[4]-'0')
	return renda.AllDigits(s[:2]) && renda.AllDigits(s[3:]) && h < 24 && m < 60
}

// Reception is one entry of a station's reception log (接待记录): who
// received the public, how many people came, what they raised. Each matter
// raised is an Opinion (channel "reception") linked to the reception, so its
// disposition — answered on the spot, sent to the township or a county
// agency, turned into a suggestion — is that opinion's own workflow.
type Reception struct {
	ID          string     `json:"id"`
	StationID   string     `json:"station_id"`
	DutyID      string     `json:"duty_id,omitempty"`
	Day         renda.Date `json:"day"`
	Visitors    int        `json:"visitors"`
	Summary     string     `json:"summary"`
	DeputyIDs   []string   `json:"deputy_ids"`
	CreatedAt   time.Time  `json:"created_at"`
	CreatedBy   string     `json:"created_by,omitempty"`
	StationName string     `json:"station_name,omitempty"`
	StationCode string     `json:"station_code,omitempty"`
	Deputies    []string   `json:"deputies,omitempty"`
	Matters     int        `json:"matters"`
}

// Validate checks a reception record before it is saved.
func (r *Reception) Validate(today renda.Date) error {
	var p renda.Problems
	if !renda.ValidID(r.StationID) {
		p.Add("station_id", "请选择联络站")
	}
	if r.Day.IsZero() {
		p.Add("day", "请填写接待日期")
	} else if r.Day.After(today) {
		p.Add("day", "接待日期不能晚于今天")
	}
	if r.Visitors < 0 || r.Visitors > 10000 {
		p.Add("visitors", "接待人数应在 0 到 10000 之间")
	}
	r.Summary = p.Text("summary", "接待情况", r.Summary, true, 2000)
	if len(r.DeputyIDs) == 0 {
		p.Add("deputy_ids", "请至少选择一名接待代表")
	}
	for _, id := range r.DeputyIDs {
		if !renda.ValidID(id) {
			p.Add("deputy_ids", "所选代表不存在")
			break
		}
	}
	return p.Err()
}

// CanManage: staff and admins keep the station network.
func CanManage(u *renda.User) bool { return u.Is(renda.RoleAdmin, renda.RoleStaff) }

func init() {
	renda.RegisterEntityLabel("station", "联络站")
	renda.RegisterEntityLabel("duty", "接待日")
	renda.RegisterEntityLabel("reception", "接待记录")
	renda.RegisterEntityLabel("integration", "外部接口")
}

// DutyFlow is the workflow of a reception day: announced (planned), then
// held — when the reception record is written — or cancelled with a reason.
var DutyFlow = renda.Register(&renda.Machine[Duty]{
	Entity: "duty",
	Label:  "接待日",
	States: []renda.StateDef{{State: string(DutyPlanned), Label: "已公布"}, {State: string(DutyHeld), Label: "已接待"}, {State: string(DutyCancelled), Label: "已取消"}},
	State:  func(d *Duty) *string { return (*string)(&d.Status) },
	Acts: []renda.Act[Duty]{
		{Rule: renda.Rule{Action: "schedule", Label: "公布接待日", To: string(DutyPlanned), Who: []string{"admin", "staff", "system"}, Hidden: true}, Do: schedule},
		{Rule: renda.Rule{Action: "hold", Label: "接待", From: []string{string(DutyPlanned), string(DutyHeld)}, To: string(DutyHeld), Who: []string{"admin", "staff", "stationed", "system"}, Hidden: true},
			Do: func(d *Duty, in *renda.Input, env *renda.Env, out *renda.Outcome) error {
				out.Note = "接待日 " + d.Day.String() + " 已接待"
				return nil
			}},
		{Rule: renda.Rule{Action: "cancel", Label: "取消接待日", From: []string{string(DutyPlanned)}, To: string(DutyCancelled), Who: []string{"admin", "staff"}, Tone: "danger",
			Confirm: "取消后将通知接待代表，并在联络站页面显示已取消。确定吗？",
			Fields:  []renda.Field{{Name: "reason", Label: "取消原因", Kind: renda.FieldText, Required: true, Max: 200}}}, Do: cancel},
	},
})

// DutyFacts are what scheduling a reception day needs to know: the day as
// entered, and the deputies stationed there.
type DutyFacts struct {
	Duty    *Duty
	Members []string
	Notice  bool // the notice period applies (not when loading past days)
}

func schedule(d *Duty, _ *renda.Input, env *renda.Env, out *renda.Outcome) error {
	f, _ := env.Facts.(*DutyFacts)
	if f == nil || f.Duty == nil {
		return renda.Errorf(renda.EINTERNAL, "duty: schedule without a duty")
	}
	n := *f.Duty
	if err := n.Validate(); err != nil {
		return err
	}
	if days := env.Settings.Int("station.duty_notice_days"); f.Notice && n.Day.Before(env.Today().AddDays(days)) {
		return &renda.Error{Code: renda.EINVALID, Message: fmt.Sprintf("接待日须至少提前 %d 天公布：最早可安排在 %s", days, env.Today().AddDays(days).Chinese()),
			Fields: []renda.FieldError{{Field: "day", Message: fmt.Sprintf("须至少提前 %d 天", days)}}}
	}
	for _, id := range n.DeputyIDs {
		if !slices.Contains(f.Members, id) {
			return &renda.Error{Code: renda.EINVALID, Message: "接待代表须是本站的进站代表", Fields: []renda.FieldError{{Field: "deputy_ids", Message: "不是本站代表"}}}
		}
	}
	n.ID, n.CreatedAt = d.ID, env.Now
	*d = n
	out.Note = "公布接待日 " + d.Day.String() + " " + d.Start + "–" + d.End
	return nil
}

func cancel(d *Duty, in *renda.Input, env *renda.Env, out *renda.Outcome) error {
	d.Note = in.Text("reason")
	out.Note = "取消接待日 " + d.Day.String() + "：" + d.Note
	for _, dep := range d.DeputyIDs {
		out.Notify(renda.ToDeputy(dep), "接待日已取消", d.StationName+" "+d.Day.Chinese()+" 的接待日已取消："+d.Note, "/stations/"+d.StationID)
	}
	return nil
}

var _ = renda.RegisterSearchKind("station", "联络站", "station")

// Doc is the station's entry in the search index: public while it is open.
func (s *Station) Doc() *renda.Doc {
	d := &renda.Doc{Kind: "station", ID: s.ID, Title: s.Name, URL: "/s/" + s.Code, TownshipID: s.TownshipID, At: s.CreatedAt,
		Body:    strings.Join(strings.Fields(strings.Join([]string{s.Kind.Label(), s.Sector, s.TownshipName, s.RegionName, s.Address, s.Hours, s.Intro}, " ")), " "),
		Readers: renda.ReadRoles(renda.RoleAdmin, renda.RoleStaff, renda.RoleLeader)}
	if s.Active {
		d.Readers = append(d.Readers, renda.ReadPublic)
	}
	return d
}
