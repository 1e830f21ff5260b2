package renda

import (
	"strings"
	"time"
)

// StationKind says what sort of liaison station (代表联络站) a station is.
type StationKind string

// Station kinds.
const (
	StationTownship StationKind = "township" // 乡镇（街道）代表联络站
	StationVillage  StationKind = "village"  // 村（社区）代表联络点
	StationSpecial  StationKind = "special"  // 特色站点：行业、专业（茶叶产业、医疗…）
)

// StationKinds in display order.
var StationKinds = []StationKind{StationTownship, StationVillage, StationSpecial}

// Label returns the kind's Chinese name.
func (k StationKind) Label() string {
	switch k {
	case StationTownship:
		return "乡镇代表联络站"
	case StationVillage:
		return "村（社区）联络点"
	case StationSpecial:
		return "特色联络站"
	}
	return string(k)
}

// Valid reports whether k is a known kind.
func (k StationKind) Valid() bool {
	return k == StationTownship || k == StationVillage || k == StationSpecial
}

// Station is a deputies' liaison station or point, where deputies of the
// four levels meet the people they represent. Its Code is public: it is in
// the station's QR code and its page /s/{code}.
type Station struct {
	ID         string      `json:"id"`
	Code       string      `json:"code"`
	Name       string      `json:"name"`
	Kind       StationKind `json:"kind"`
	Sector     string      `json:"sector,omitempty"` // special stations: 茶叶产业, 医疗卫生 …
	RegionID   string      `json:"region_id"`        // the township or village it is in
	TownshipID string      `json:"township_id"`      // the township (derived from RegionID)
	Address    string      `json:"address"`
	Lat        float64     `json:"lat,omitempty"`
	Lng        float64     `json:"lng,omitempty"`
	Hours      string      `json:"hours"`           // 开放时间
	Phone      string      `json:"phone,omitempty"` // the station's own office phone (not personal data)
	Intro      string      `json:"intro,omitempty"`
	Model      bool        `json:"model"` // 示范性代表联络站
	Active     bool        `json:"active"`
	CreatedAt  time.Time   `json:"created_at"`
	UpdatedAt  time.Time   `json:"updated_at"`

	// Filled in by the store for display.
	RegionName   string          `json:"region_name,omitempty"`
	TownshipName string          `json:"township_name,omitempty"`
	Members      []StationMember `json:"deputies,omitempty"`
	Upcoming     []*Duty         `json:"upcoming_duties,omitempty"`
}

// StationMember is a deputy stationed at a station (进站代表).
type StationMember struct {
	DeputyID   string `json:"deputy_id"`
	DeputyCode string `json:"deputy_code"`
	Name       string `json:"name"`
	Level      Level  `json:"level"`
	Title      string `json:"title"` // 某某市人大代表, 湖南省人大代表 …
	Sector     string `json:"sector,omitempty"`
	Occupation string `json:"occupation,omitempty"`
	PhotoID    string `json:"-"`
	Head       bool   `json:"head"` // 站长
	NextDuty   Date   `json:"next_duty,omitzero"`
}

// Validate checks a station before it is saved.
func (s *Station) Validate() error {
	var p Problems
	s.Code = strings.ToLower(strings.TrimSpace(s.Code))
	if s.Code != "" && !ValidPublicCode(s.Code) {
		p.Add("code", "站点代码只能由 3 到 20 个小写字母、数字或 - 组成")
	}
	s.Name = p.Line("name", "站点名称", s.Name, true, 60)
	if !s.Kind.Valid() {
		p.Add("kind", "请选择站点类型")
	}
	s.Sector = p.Line("sector", "特色领域", s.Sector, s.Kind == StationSpecial, 20)
	if !ValidID(s.RegionID) {
		p.Add("region_id", "请选择所在乡镇或村（社区）")
	}
	s.Address = p.Line("address", "地址", s.Address, true, 100)
	if s.Lat != 0 || s.Lng != 0 {
		if s.Lat < 3 || s.Lat > 54 || s.Lng < 73 || s.Lng > 136 {
			p.Add("lat", "经纬度不在中国境内，请检查（纬度 3–54，经度 73–136）")
		}
	}
	s.Hours = p.Line("hours", "开放时间", s.Hours, false, 60)
	s.Phone = NormalizePhone(s.Phone)
	if s.Phone != "" && !ValidPhone(s.Phone) {
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

// StationFilter selects stations.
type StationFilter struct {
	Q          string
	Kind       StationKind
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
	Day         Date       `json:"day"`
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
	var p Problems
	if !ValidID(d.StationID) {
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
		if !ValidID(id) {
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
	return allDigits(s[:2]) && allDigits(s[3:]) && h < 24 && m < 60
}

// Reception is one entry of a station's reception log (接待记录): who
// received the public, how many people came, what they raised. Each matter
// raised is an Opinion (channel "reception") linked to the reception, so its
// disposition — answered on the spot, sent to the township or a county
// agency, turned into a suggestion — is that opinion's own workflow.
type Reception struct {
	ID          string    `json:"id"`
	StationID   string    `json:"station_id"`
	DutyID      string    `json:"duty_id,omitempty"`
	Day         Date      `json:"day"`
	Visitors    int       `json:"visitors"`
	Summary     string    `json:"summary"`
	DeputyIDs   []string  `json:"deputy_ids"`
	CreatedAt   time.Time `json:"created_at"`
	CreatedBy   string    `json:"created_by,omitempty"`
	StationName string    `json:"station_name,omitempty"`
	StationCode string    `json:"station_code,omitempty"`
	Deputies    []string  `json:"deputies,omitempty"`
	Matters     int       `json:"matters"`
}

// Validate checks a reception record before it is saved.
func (r *Reception) Validate(today Date) error {
	var p Problems
	if !ValidID(r.StationID) {
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
		if !ValidID(id) {
			p.Add("deputy_ids", "所选代表不存在")
			break
		}
	}
	return p.Err()
}

// CanManageStations: staff and admins keep the station network.
func CanManageStations(u *User) bool { return u.Is(RoleAdmin, RoleStaff) }

func init() {
	RegisterEntityLabel("station", "联络站")
	RegisterEntityLabel("duty", "接待日")
	RegisterEntityLabel("reception", "接待记录")
	RegisterEntityLabel("integration", "外部接口")
}
