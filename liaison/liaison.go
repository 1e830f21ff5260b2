// Package liaison is the "two contacts" (两个联系): each member of the
// standing committee is linked to a set of deputies and logs their contacts
// with them (a visit, a call, a meeting), at least a settable number a year,
// with reminders; each deputy's contacts with voters are not typed at all —
// they are the reception days and citizens' opinions of the duty record.
package liaison

import (
	"time"

	"renda"
)

// Kinds of contact.
const (
	Visit   = "visit"
	Call    = "call"
	Meeting = "meeting"
)

// Kinds are the kinds of contact with their Chinese labels.
var Kinds = []renda.Option{{Value: Visit, Label: "走访"}, {Value: Call, Label: "电话联系"}, {Value: Meeting, Label: "座谈会议"}}

// KindLabel names a kind of contact.
func KindLabel(k string) string {
	for _, o := range Kinds {
		if o.Value == k {
			return o.Label
		}
	}
	return k
}

var _ = renda.RegisterSettings([]renda.SettingDef{
	{Key: "liaison.yearly_min", Group: "两个联系", Label: "常委会组成人员每年联系每名代表的最少次数", Kind: renda.KindInt, Default: 2, Min: 1, Max: 24,
		Help: "常委会组成人员联系的每名代表，每年走访、电话或座谈不少于此次数；不足的在提醒月份起提醒本人。"},
	{Key: "liaison.remind_month", Group: "两个联系", Label: "联系次数不足的提醒月份", Kind: renda.KindInt, Default: 10, Min: 1, Max: 12,
		Help: "从每年此月起，联系次数不足的，提醒常委会组成人员（每人每年一次）。"},
}...)

// Contact is one contact of a committee member with a deputy they are linked to.
type Contact struct {
	ID         string     `json:"id"`
	MemberID   string     `json:"member_id"`
	MemberName string     `json:"member_name"`
	DeputyID   string     `json:"deputy_id"`
	DeputyName string     `json:"deputy_name"`
	Kind       string     `json:"kind"`
	Day        renda.Date `json:"day"`
	Note       string     `json:"note"`
	CreatedAt  time.Time  `json:"created_at"`
}

// KindLabel names the contact's kind.
func (c *Contact) KindLabel() string { return KindLabel(c.Kind) }

// Check says what is wrong with a contact, in Chinese.
func (c *Contact) Check(today renda.Date) error {
	var p renda.Problems
	p.OneOf("kind", "联系方式", c.Kind, true, Visit, Call, Meeting)
	if c.Day.IsZero() {
		p.Add("day", "请填写日期")
	} else if today.Before(c.Day) {
		p.Add("day", "日期不能晚于今天")
	}
	c.Note = p.Text("note", "联系情况", c.Note, true, 1000)
	return p.Err()
}

// Link is a committee member's tie to a deputy, with this year's contacts
// and the deputy's contacts with voters (from the duty record).
type Link struct {
	MemberID   string `json:"member_id"`
	MemberName string `json:"member_name"`
	DeputyID   string `json:"deputy_id"`
	DeputyName string `json:"deputy_name"`
	Region     string `json:"region,omitempty"`
	Contacts   int    `json:"contacts"`   // this year's contacts of the member with the deputy
	Min        int    `json:"min"`        // the yearly minimum
	Receptions int    `json:"receptions"` // the deputy's reception days this year
	Opinions   int    `json:"opinions"`   // citizens' opinions the deputy answered this year
}

// Short reports whether the member has contacted the deputy less than the minimum.
func (l Link) Short() bool { return l.Contacts < l.Min }
