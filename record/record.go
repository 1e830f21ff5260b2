// Package record is the deputies' duty record (代表履职档案): what each
// deputy did, computed from the work itself (为基层减负: nothing typed
// twice), read under a settable points scale (履职积分).
//
// Workflows add entries as they decide their actions (renda.Credit in an
// Outcome); staff add only what happened outside renda, with evidence; the
// deputy may add context to any entry or ask for a correction (right of
// reply). Points are never stored: they are a reading of the entries under
// the deployment's scale, so changing the scale re-reads every year.
package record

import (
	"slices"
	"strings"
	"time"

	"renda"
)

// Kind is a kind of duty record entry.
type Kind struct {
	Key   string
	Label string // Chinese
	// Points is the default of the setting "record.points.<Key>".
	Points int
}

// Kinds are the kinds of entries, in the order a card shows them. The
// workflows credit the first ones; staff add the ones marked External.
var Kinds = []Kind{
	{"suggestion_lead", "领衔提出议案建议", 3},
	{"suggestion_cosign", "附议议案建议", 1},
	{"opinion", "答复群众意见", 1},
	{"reception", "联络站接待群众", 2},
	{"inspection", "参加视察调研", 3},
	{"evaluation", "参加工作评议", 3},
	{"finding", "记录视察检查发现的问题", 1},
	{"interpellation", "联名提出质询案", 2},
	{"meeting", "出席、列席会议", 2},
	{"vote", "参加表决", 1},
	{"legislation", "对法规草案提出意见", 1},
	{"report", "向选民述职", 5},
	{"training", "参加学习培训", 2},
	{"group", "专业小组、联络站活动", 2},
	{"liaison", "与常委会组成人员联系", 1},
	{"other", "其他履职活动", 1},
	{"absence", "无故缺席", -3},
	{"leave", "请假缺席", 0},
}

// External are the kinds staff may add by hand, for what happened outside
// renda (a training elsewhere, an activity of another body).
var External = []string{"training", "inspection", "meeting", "group", "other", "absence", "leave"}

// KindLabel is the Chinese label of a kind.
func KindLabel(key string) string {
	for _, k := range Kinds {
		if k.Key == key {
			return k.Label
		}
	}
	return key
}

// IsExternal reports whether staff may add entries of this kind by hand.
func IsExternal(key string) bool { return slices.Contains(External, key) }

// Settings: the points scale and the floor below which staff talk to a deputy.
var settings = func() []renda.SettingDef {
	var defs []renda.SettingDef
	for _, k := range Kinds {
		defs = append(defs, renda.SettingDef{Key: "record.points." + k.Key, Group: "代表履职积分", Label: k.Label + "（每项积分）",
			Kind: renda.KindInt, Default: k.Points, Min: -20, Max: 20,
			Help: "履职档案中每一项“" + k.Label + "”计入的积分；可为负数。修改后各年度积分按新标准重新计算。"})
	}
	defs = append(defs, renda.SettingDef{Key: "record.floor", Group: "代表履职积分", Label: "年度积分提醒线", Kind: renda.KindInt,
		Default: 6, Min: 0, Max: 200, Help: "年度积分低于此数的代表列入“履职提醒”名单，由工作机构约谈了解情况。"})
	return renda.RegisterSettings(defs...)
}()

// Source is the item an entry links to.
type Source struct {
	Entity string `json:"entity"`
	ID     string `json:"id"`
}

// Note is a deputy's context on an entry, or their request to correct it.
type Note struct {
	Text       string    `json:"text"`
	Correction bool      `json:"correction"`
	By         string    `json:"by"`
	At         time.Time `json:"at"`
}

// Entry is one thing a deputy did.
type Entry struct {
	Kind     string    `json:"kind"`
	At       time.Time `json:"at"`
	Title    string    `json:"title"`
	Points   int       `json:"points"`
	Source   Source    `json:"source"`
	Evidence string    `json:"evidence,omitempty"` // for entries staff added: what shows it happened
	Notes    []Note    `json:"notes,omitempty"`
}

// Label is the Chinese label of the entry's kind.
func (e Entry) Label() string { return KindLabel(e.Kind) }

// Key identifies an entry within a deputy's record.
func (e Entry) Key() string { return e.Kind + ":" + e.Source.Entity + ":" + e.Source.ID }

// ParseKey splits an entry key.
func ParseKey(key string) (kind, entity, id string, ok bool) {
	parts := strings.Split(key, ":")
	if len(parts) != 3 || parts[0] == "" || parts[1] == "" || !renda.ValidID(parts[2]) {
		return "", "", "", false
	}
	return parts[0], parts[1], parts[2], true
}

// Tally is the count and points of one kind in a record.
type Tally struct {
	Kind   string `json:"kind"`
	Label  string `json:"label"`
	Count  int    `json:"count"`
	Points int    `json:"points"`
}

// Record is a deputy's duty record for a year (0: every year).
type Record struct {
	DeputyID string  `json:"deputy_id"`
	Year     int     `json:"year"`
	Points   int     `json:"points"`
	Entries  []Entry `json:"entries"`
	Tallies  []Tally `json:"-"`
}

// Points is the points of one entry of a kind under the settings.
func Points(s *renda.Settings, kind string) int { return s.Int("record.points." + kind) }

// Read reads entries under the settings' scale: each entry's points, the
// total, and a tally per kind in the order of Kinds (kinds with no entry left
// out).
func Read(deputyID string, year int, entries []Entry, s *renda.Settings) *Record {
	r := &Record{DeputyID: deputyID, Year: year, Entries: entries}
	if r.Entries == nil {
		r.Entries = []Entry{}
	}
	tally := map[string]*Tally{}
	for i := range r.Entries {
		e := &r.Entries[i]
		e.Points = Points(s, e.Kind)
		r.Points += e.Points
		t := tally[e.Kind]
		if t == nil {
			t = &Tally{Kind: e.Kind, Label: KindLabel(e.Kind)}
			tally[e.Kind] = t
		}
		t.Count++
		t.Points += e.Points
	}
	for _, k := range Kinds {
		if t := tally[k.Key]; t != nil {
			r.Tallies = append(r.Tallies, *t)
			delete(tally, k.Key)
		}
	}
	for _, t := range tally { // kinds a later workflow credits before it is listed here
		r.Tallies = append(r.Tallies, *t)
	}
	return r
}

// Addition is an entry staff add by hand for what happened outside renda.
type Addition struct {
	Kind     string
	Title    string
	Date     renda.Date
	Evidence string
}

// Check says what is wrong with an addition, in Chinese.
func (a *Addition) Check(today renda.Date) error {
	var p renda.Problems
	if !IsExternal(a.Kind) {
		p.Add("kind", "请选择履职类别")
	}
	a.Title = p.Line("title", "事项", a.Title, true, 200)
	if a.Date.IsZero() {
		p.Add("date", "请填写日期")
	} else if today.Before(a.Date) {
		p.Add("date", "日期不能晚于今天")
	}
	a.Evidence = p.Text("evidence", "依据（如通知文号、证书编号）", a.Evidence, true, 500)
	return p.Err()
}

// CheckNote says what is wrong with a deputy's note.
func CheckNote(text string) (string, error) {
	var p renda.Problems
	text = p.Text("text", "说明", text, true, 1000)
	return text, p.Err()
}

// IsPublic reports whether counts of a kind are shown on the deputy's public
// page: the work done, not absences (those go to the deputy and staff).
func IsPublic(key string) bool { return key != "absence" && key != "leave" }
