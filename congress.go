package renda

import "time"

// Level is the level of a congress, and so of its deputies.
type Level string

// Congress levels. The four levels of deputies a county works with.
const (
	LevelProvince Level = "province" // 省
	LevelCity     Level = "city"     // 设区的市
	LevelCounty   Level = "county"   // 县级（县、县级市、市辖区）
	LevelTownship Level = "township" // 乡、镇
)

// Levels in order from the top.
var Levels = []Level{LevelProvince, LevelCity, LevelCounty, LevelTownship}

// Label returns the level's short Chinese name: 省级, 市级, 县级, 乡级.
func (l Level) Label() string {
	switch l {
	case LevelProvince:
		return "省级"
	case LevelCity:
		return "市级"
	case LevelCounty:
		return "县级"
	case LevelTownship:
		return "乡级"
	}
	return string(l)
}

// DeputyLabel returns the generic name of a deputy of this level.
func (l Level) DeputyLabel() string {
	switch l {
	case LevelProvince:
		return "省人大代表"
	case LevelCity:
		return "设区的市人大代表"
	case LevelCounty:
		return "县级人大代表"
	case LevelTownship:
		return "乡镇人大代表"
	}
	return string(l)
}

// Valid reports whether l is a known level.
func (l Level) Valid() bool {
	switch l {
	case LevelProvince, LevelCity, LevelCounty, LevelTownship:
		return true
	}
	return false
}

// Congress is a people's congress (人民代表大会) of one region.
type Congress struct {
	ID        string    `json:"id"`
	Name      string    `json:"name"` // 某某市人民代表大会
	Level     Level     `json:"level"`
	RegionID  string    `json:"region_id"`
	CreatedAt time.Time `json:"created_at"`

	RegionName string `json:"region_name,omitempty"`
	Terms      []Term `json:"terms,omitempty"`
}

// Validate checks a congress before it is saved.
func (c *Congress) Validate() error {
	var p Problems
	c.Name = p.Line("name", "名称", c.Name, true, 60)
	p.OneOf("level", "级别", string(c.Level), true, "province", "city", "county", "township")
	if !ValidID(c.RegionID) {
		p.Add("region_id", "请选择所属行政区划")
	}
	return p.Err()
}

// Term is one term (届) of a congress, normally five years.
type Term struct {
	ID         string    `json:"id"`
	CongressID string    `json:"congress_id"`
	Number     int       `json:"number"` // 18 for 第十八届
	StartDate  Date      `json:"start_date"`
	EndDate    Date      `json:"end_date"`
	CreatedAt  time.Time `json:"created_at"`

	Sessions []Session `json:"sessions,omitempty"`
}

// Name returns e.g. "第十八届".
func (t Term) Name() string { return "第" + ChineseNumber(t.Number) + "届" }

// Validate checks a term before it is saved.
func (t *Term) Validate() error {
	var p Problems
	if !ValidID(t.CongressID) {
		p.Add("congress_id", "请选择人大")
	}
	if t.Number < 1 || t.Number > 99 {
		p.Add("number", "届次应为 1 到 99 之间的数字")
	}
	if t.StartDate.IsZero() {
		p.Add("start_date", "请填写本届开始日期")
	}
	if !t.EndDate.IsZero() && !t.EndDate.After(t.StartDate) {
		p.Add("end_date", "结束日期必须晚于开始日期")
	}
	return p.Err()
}

// Session is one numbered meeting (次会议) of a congress's term.
type Session struct {
	ID        string `json:"id"`
	TermID    string `json:"term_id"`
	Number    int    `json:"number"` // 4 for 第四次会议
	StartDate Date   `json:"start_date"`
	EndDate   Date   `json:"end_date"`
	// MotionDeadline is the presidium's deadline for motions (议案), if set.
	MotionDeadline time.Time `json:"motion_deadline,omitzero"`
	CreatedAt      time.Time `json:"created_at"`

	TermNumber   int    `json:"term_number,omitempty"`
	CongressID   string `json:"congress_id,omitempty"`
	CongressName string `json:"congress_name,omitempty"`
}

// Name returns e.g. "第十八届人民代表大会第四次会议" without the congress's place.
func (s Session) Name() string {
	return "第" + ChineseNumber(s.TermNumber) + "届第" + ChineseNumber(s.Number) + "次会议"
}

// ShortName returns e.g. "十八届四次会议", as used in numbering documents.
func (s Session) ShortName() string {
	return ChineseNumber(s.TermNumber) + "届" + ChineseNumber(s.Number) + "次会议"
}

// InSession reports whether day d falls within the session's dates.
func (s Session) InSession(d Date) bool {
	return !d.Before(s.StartDate) && !d.After(s.EndDate)
}

// Validate checks a session before it is saved.
func (s *Session) Validate() error {
	var p Problems
	if !ValidID(s.TermID) {
		p.Add("term_id", "请选择届次")
	}
	if s.Number < 1 || s.Number > 99 {
		p.Add("number", "会议次数应为 1 到 99 之间的数字")
	}
	if s.StartDate.IsZero() {
		p.Add("start_date", "请填写开幕日期")
	}
	if s.EndDate.IsZero() {
		p.Add("end_date", "请填写闭幕日期")
	} else if s.EndDate.Before(s.StartDate) {
		p.Add("end_date", "闭幕日期不能早于开幕日期")
	}
	return p.Err()
}

// ChineseNumber writes 1–99 in Chinese numerals as used in 届次 and 次会议:
// 4 → 四, 10 → 十, 18 → 十八, 21 → 二十一.
func ChineseNumber(n int) string {
	digits := []string{"零", "一", "二", "三", "四", "五", "六", "七", "八", "九"}
	switch {
	case n < 0 || n > 99:
		return itoa(n)
	case n < 10:
		return digits[n]
	case n < 20:
		if n == 10 {
			return "十"
		}
		return "十" + digits[n-10]
	default:
		s := digits[n/10] + "十"
		if n%10 != 0 {
			s += digits[n%10]
		}
		return s
	}
}

// Delegation is a 代表团: the deputies of one township (or sector) at a
// congress session. A delegation may file a motion.
type Delegation struct {
	ID       string `json:"id"`
	TermID   string `json:"term_id"`
	Name     string `json:"name"`
	RegionID string `json:"region_id,omitempty"`
	Members  int    `json:"members"`
}

// Group is a group of deputies working together: a professional group
// (代表专业小组, e.g. 医疗) or a practice base (人大代表引领乡村振兴实践基地)
// in a village, led by a deputy, with its goals. Special liaison stations
// (茶叶产业) are stations, listed with the groups by the API.
type Group struct {
	ID          string `json:"id"`
	Name        string `json:"name"`
	Kind        string `json:"kind"` // GroupProfessional, GroupBase (GroupStation for stations in lists)
	Description string `json:"description,omitempty"`
	RegionID    string `json:"region_id,omitempty"` // a base's village
	RegionName  string `json:"region_name,omitempty"`
	LeaderID    string `json:"leader_id,omitempty"` // the deputy leading a base
	LeaderName  string `json:"leader_name,omitempty"`
	Goals       string `json:"goals,omitempty"`
	Members     int    `json:"members"`
}

// Kinds of groups.
const (
	GroupProfessional = "professional"
	GroupStation      = "station"
	GroupBase         = "base"
)

// GroupKindLabel is the Chinese name of a kind of group.
func GroupKindLabel(kind string) string {
	switch kind {
	case GroupBase:
		return "实践基地"
	case GroupStation:
		return "特色联络站"
	}
	return "专业小组"
}

// GroupActivity is something a group did together (a survey, a study
// session, a visit); each deputy who took part is credited.
type GroupActivity struct {
	ID        string   `json:"id"`
	GroupID   string   `json:"group_id"`
	Day       Date     `json:"day"`
	Title     string   `json:"title"`
	Summary   string   `json:"summary,omitempty"`
	DeputyIDs []string `json:"deputy_ids"`
	Deputies  []string `json:"deputies"`
}
