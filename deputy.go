package renda

import (
	"strings"
	"time"
)

// DeputyStatus says whether a deputy currently serves.
type DeputyStatus string

// Deputy statuses.
const (
	DeputyActive     DeputyStatus = "active"     // 在任
	DeputySuspended  DeputyStatus = "suspended"  // 暂停执行代表职务
	DeputyTerminated DeputyStatus = "terminated" // 代表资格终止
)

// Label returns the status's Chinese name.
func (s DeputyStatus) Label() string {
	switch s {
	case DeputyActive:
		return "在任"
	case DeputySuspended:
		return "暂停履职"
	case DeputyTerminated:
		return "资格终止"
	}
	return string(s)
}

// Deputy is a people's deputy (人大代表) of one congress and term.
// Phone is personal data: stored encrypted, shown masked except to those
// CanSeePersonalData allows.
type Deputy struct {
	ID           string       `json:"id"`
	Code         string       `json:"code"` // public code used in /d/{code} and the deputy's QR code
	Name         string       `json:"name"`
	Gender       string       `json:"gender"` // 男, 女
	Ethnicity    string       `json:"ethnicity"`
	BirthYear    int          `json:"birth_year,omitempty"`
	Party        string       `json:"party"`
	Occupation   string       `json:"occupation"` // 工作单位及职务
	Sector       string       `json:"sector"`     // 代表构成: 工人, 农民, 专业技术人员, 党政干部, …
	CongressID   string       `json:"congress_id"`
	TermID       string       `json:"term_id"`
	DelegationID string       `json:"delegation_id,omitempty"`
	District     string       `json:"district,omitempty"` // 选区
	GroupID      string       `json:"group_id,omitempty"`
	RegionID     string       `json:"region_id,omitempty"` // the township they are stationed in
	PhotoID      string       `json:"photo_id,omitempty"`
	Phone        string       `json:"phone,omitempty"` // full or masked, as the reader may see
	Status       DeputyStatus `json:"status"`
	Note         string       `json:"note,omitempty"`
	CreatedAt    time.Time    `json:"created_at"`
	UpdatedAt    time.Time    `json:"updated_at"`

	// Filled in by the store for display.
	Level          Level  `json:"level"`
	CongressName   string `json:"congress_name,omitempty"`
	TermNumber     int    `json:"term_number,omitempty"`
	DelegationName string `json:"delegation_name,omitempty"`
	GroupName      string `json:"group_name,omitempty"`
	RegionName     string `json:"region_name,omitempty"`
}

// Title names what the deputy is, after their congress: "某某市人大代表",
// "湖南省人大代表", "柏坊镇人大代表".
func (d *Deputy) Title() string {
	if name, ok := strings.CutSuffix(d.CongressName, "人民代表大会"); ok && name != "" {
		return name + "人大代表"
	}
	return d.Level.DeputyLabel()
}

// Genders allowed for a deputy.
var Genders = []string{"男", "女"}

// Parties lists the usual values of 政治面貌, for forms.
var Parties = []string{"中共党员", "中共预备党员", "共青团员", "民革党员", "民盟盟员", "民建会员", "民进会员", "农工党党员", "致公党党员", "九三学社社员", "台盟盟员", "无党派人士", "群众"}

// Sectors lists the usual 代表构成 categories, for forms and statistics.
var Sectors = []string{"党政领导干部", "工人", "农民", "专业技术人员", "企业负责人", "其他"}

// Validate checks a deputy before it is saved. Phone is the full number as
// entered (it is validated, then encrypted by the store).
func (d *Deputy) Validate() error {
	var p Problems
	d.Name = p.Line("name", "姓名", d.Name, true, 30)
	d.Gender = p.OneOf("gender", "性别", d.Gender, true, Genders...)
	d.Ethnicity = p.Line("ethnicity", "民族", d.Ethnicity, true, 20)
	if d.BirthYear != 0 && (d.BirthYear < 1900 || d.BirthYear > 2010) {
		p.Add("birth_year", "出生年份应在 1900 到 2010 之间")
	}
	d.Party = p.Line("party", "政治面貌", d.Party, false, 20)
	d.Occupation = p.Line("occupation", "工作单位及职务", d.Occupation, false, 100)
	d.Sector = p.Line("sector", "代表构成", d.Sector, false, 20)
	if !ValidID(d.CongressID) {
		p.Add("congress_id", "请选择所属人大")
	}
	if !ValidID(d.TermID) {
		p.Add("term_id", "请选择届次")
	}
	for field, id := range map[string]string{"delegation_id": d.DelegationID, "group_id": d.GroupID, "region_id": d.RegionID} {
		if id != "" && !ValidID(id) {
			p.Add(field, "所选项目不存在")
		}
	}
	d.District = p.Line("district", "选区", d.District, false, 50)
	d.Phone = NormalizePhone(d.Phone)
	if d.Phone != "" && !ValidPhone(d.Phone) {
		p.Add("phone", "手机号码应为 11 位数字，以 1 开头（固定电话可写成 0734-1234567）")
	}
	if d.Status == "" {
		d.Status = DeputyActive
	}
	p.OneOf("status", "状态", string(d.Status), true, string(DeputyActive), string(DeputySuspended), string(DeputyTerminated))
	d.Note = p.Text("note", "备注", d.Note, false, 500)
	return p.Err()
}

// DeputyFilter selects deputies.
type DeputyFilter struct {
	Q            string // name, occupation or code
	Level        Level
	CongressID   string
	TermID       string
	DelegationID string
	GroupID      string
	RegionID     string
	Status       DeputyStatus
	Limit        int
	Offset       int
}

// NormalizePhone removes spaces and separators a person might type, and a
// leading +86.
func NormalizePhone(s string) string {
	s = strings.TrimSpace(s)
	var b strings.Builder
	for _, r := range s {
		switch {
		case r >= '0' && r <= '9':
			b.WriteRune(r)
		case r >= '０' && r <= '９':
			b.WriteRune('0' + (r - '０'))
		case r == ' ' || r == '　' || r == '(' || r == ')':
		case r == '-' || r == '－':
			b.WriteRune('-')
		case r == '+':
			b.WriteRune('+')
		default:
			b.WriteRune(r)
		}
	}
	out := b.String()
	out = strings.TrimPrefix(out, "+86")
	if strings.Count(out, "-") > 0 && len(strings.ReplaceAll(out, "-", "")) == 11 && out[0] == '1' {
		out = strings.ReplaceAll(out, "-", "")
	}
	return out
}

// ValidPhone reports whether s (normalised) is a mainland mobile number or a
// landline with area code.
func ValidPhone(s string) bool {
	if len(s) == 11 && s[0] == '1' && AllDigits(s) {
		return true
	}
	if i := strings.IndexByte(s, '-'); i >= 3 && i <= 4 && s[0] == '0' {
		rest := s[i+1:]
		return AllDigits(s[:i]) && AllDigits(rest) && len(rest) >= 7 && len(rest) <= 8
	}
	return false
}

// MaskPhone hides the middle of a phone number: 138****5678. Every page and
// API response that shows a phone to someone not entitled goes through it.
func MaskPhone(s string) string {
	if s == "" {
		return ""
	}
	r := []rune(s)
	if len(r) <= 4 {
		return strings.Repeat("*", len(r))
	}
	if len(r) < 8 {
		return strings.Repeat("*", len(r)-4) + string(r[len(r)-4:])
	}
	return string(r[:3]) + strings.Repeat("*", len(r)-7) + string(r[len(r)-4:])
}

// MaskName hides all but the first character of a person's name: 张**.
func MaskName(s string) string {
	r := []rune(strings.TrimSpace(s))
	if len(r) == 0 {
		return ""
	}
	if len(r) == 1 {
		return "*"
	}
	return string(r[:1]) + strings.Repeat("*", len(r)-1)
}

// AuditView is the copy of d kept in the audit trail: the phone masked.
func (d *Deputy) AuditView() any {
	c := *d
	c.Phone = MaskPhone(c.Phone)
	return &c
}

var _ = RegisterSearchKind("deputy", "代表", "deputy")

// Doc is the deputy's entry in the search index: their public record only
// (never the phone). Serving deputies can be found by anyone, as their
// public page and QR code can; former deputies by the staff.
func (d *Deputy) Doc() *Doc {
	doc := &Doc{Kind: "deputy", ID: d.ID, Title: d.Name + " " + d.Title(), URL: "/d/" + d.Code, TownshipID: d.RegionID,
		State: string(d.Status), At: d.CreatedAt, Readers: ReadRoles(RoleAdmin, RoleStaff, RoleLeader)}
	doc.Body = strings.Join(strings.Fields(strings.Join([]string{d.Occupation, d.Sector, d.DelegationName, d.GroupName, d.RegionName, d.District}, " ")), " ")
	if d.Status == DeputyActive {
		doc.Readers = append(doc.Readers, ReadPublic)
	}
	return doc
}
