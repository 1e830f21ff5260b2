package assist

import (
	"fmt"
	"time"

	"renda"
)

// Problems that keep coming back (重复反映的问题): near-duplicate citizens'
// opinions and 12345 orders about the same place and subject, whatever door
// they came through, are grouped into one case. A case that grows to a
// settable size is proposed to the deputies stationed in its township as a
// suggestion, with its items as the evidence; a new item about a closed
// case reopens it. The grouping runs as a sweep (the store's
// GroupRecurringCases): a submission never waits for it.

// Case states.
const (
	CaseOpen     = "open"     // 处理中: its items are still being handled
	CaseProposed = "proposed" // 已提请代表: big enough to become a suggestion
	CaseClosed   = "closed"   // 已办结: every item answered or closed
)

// Case is a group of near-duplicate opinions and orders.
type Case struct {
	ID           string    `json:"id"`
	TownshipID   string    `json:"township_id"`
	TownshipName string    `json:"township_name,omitempty"`
	Title        string    `json:"title"` // the first item's title
	State        string    `json:"state"`
	Size         int       `json:"size"`
	ProposedAt   time.Time `json:"proposed_at,omitzero"`
	CreatedAt    time.Time `json:"created_at"`
	UpdatedAt    time.Time `json:"updated_at"`

	Items []CaseItem `json:"items,omitempty"` // filled in for the case's page
	Added []CaseItem `json:"-"`               // items an action adds, for the store to write
}

// CaseItem is an opinion or order in a case.
type CaseItem struct {
	Kind  string    `json:"kind"` // opinion or hotline
	ID    string    `json:"id"`
	Title string    `json:"title"`
	Score float64   `json:"score"` // similarity to the case when it joined
	At    time.Time `json:"at"`
	State string    `json:"state,omitempty"`
	URL   string    `json:"url,omitempty"`
}

// CaseFacts is what grouping an item needs: the items joining.
type CaseFacts struct {
	Items []CaseItem
}

var caseSettings = renda.RegisterSettings([]renda.SettingDef{
	{Key: "assist.case_size", Group: "智能辅助", Label: "重复问题提请代表的件数", Kind: renda.KindInt, Default: 5, Min: 2, Max: 100,
		Help: "同一镇（街道）内内容相近的群众意见和 12345 工单归为一件“重复反映的问题”，达到此件数即提请驻站代表考虑形成建议。"},
	{Key: "assist.case_similarity", Group: "智能辅助", Label: "归为同一问题的相似度（%）", Kind: renda.KindInt, Default: 30, Min: 10, Max: 95,
		Help: "两条意见的文字相似度（字的二元组 TF-IDF 余弦，按百分比）达到此值，且在同一镇（街道），才归为同一问题。"},
}...)

// CaseSize is the size at which a case is proposed as a suggestion.
func CaseSize(s *renda.Settings) int { return s.Int("assist.case_size") }

// CaseSimilarity is the cosine at or above which two items are the same problem.
func CaseSimilarity(s *renda.Settings) float64 {
	return float64(s.Int("assist.case_similarity")) / 100
}

// CaseFlow is the case's machine. Every action is the sweep's: staff read
// cases and act on their items; the deputies turn a proposed case into a
// suggestion of their own.
var CaseFlow = renda.Register(&renda.Machine[Case]{
	Entity: "assist_case",
	Label:  "重复反映的问题",
	States: []renda.StateDef{{State: CaseOpen, Label: "处理中"}, {State: CaseProposed, Label: "已提请代表"}, {State: CaseClosed, Label: "已办结"}},
	State:  func(c *Case) *string { return &c.State },
	Acts: []renda.Act[Case]{
		{Rule: renda.Rule{Action: "group", Label: "归为同一问题", To: CaseOpen, Alt: []string{CaseProposed}, Who: []string{"system"}, Hidden: true}, Do: addItems},
		{Rule: renda.Rule{Action: "add", Label: "又有相同反映", From: []string{CaseOpen, CaseProposed}, Alt: []string{CaseProposed}, Who: []string{"system"}, Hidden: true}, Do: addItems},
		{Rule: renda.Rule{Action: "reopen", Label: "再次反映，重新打开", From: []string{CaseClosed}, To: CaseOpen, Alt: []string{CaseProposed}, Who: []string{"system"}, Hidden: true}, Do: addItems},
		{Rule: renda.Rule{Action: "close", Label: "全部办结", From: []string{CaseOpen, CaseProposed}, To: CaseClosed, Who: []string{"system"}, Hidden: true}},
	},
})

// addItems adds the facts' items to the case, and proposes it to the
// township's deputies when it reaches the settable size for the first time.
func addItems(c *Case, _ *renda.Input, env *renda.Env, out *renda.Outcome) error {
	f, _ := env.Facts.(*CaseFacts)
	if f == nil || len(f.Items) == 0 {
		return renda.Errorf(renda.EINVALID, "没有要归并的意见")
	}
	if c.CreatedAt.IsZero() {
		c.CreatedAt = env.Now
		c.Title = f.Items[0].Title
	}
	c.Added = append([]CaseItem(nil), f.Items...)
	c.Size += len(f.Items)
	c.UpdatedAt = env.Now
	out.Note = fmt.Sprintf("共 %d 件", c.Size)
	if out.Action == "reopen" {
		out.Note = "办结后又有相同反映：" + f.Items[len(f.Items)-1].Title
	}
	if c.Size >= CaseSize(env.Settings) && c.ProposedAt.IsZero() {
		c.ProposedAt = env.Now
		out.To = CaseProposed
		body := fmt.Sprintf("%s已有 %d 件内容相近的群众意见和 12345 工单，可考虑形成代表建议。", c.TownshipName, c.Size)
		link := "/cases/" + c.ID
		out.Notify(renda.Audience{Kind: "township", ID: c.TownshipID}, "重复反映的问题："+c.Title, body, link)
		out.Notify(renda.Audience{Kind: "roles", Roles: []renda.Role{renda.RoleStaff}}, "重复反映的问题："+c.Title, body, link)
	}
	return nil
}

// StateLabel names a case's state.
func (c *Case) StateLabel() string { return CaseFlow.StateLabel(c.State) }

// Proposal is the suggestion a case proposes, for the deputy's form: the
// title and a body listing the evidence.
func (c *Case) Proposal(base string) (title, body string) {
	title = "关于解决" + c.TownshipName + "群众反复反映的“" + c.Title + "”问题的建议"
	body = fmt.Sprintf("%s群众通过多种渠道反复反映同一问题，共 %d 件：\n", c.TownshipName, c.Size)
	for _, it := range c.Items {
		body += "- " + renda.DateOf(it.At).String() + " " + it.Title + "（" + base + it.URL + "）\n"
	}
	return title, body + "\n建议："
}

// Percent is the item's similarity in percent.
func (it CaseItem) Percent() int { return int(it.Score*100 + 0.5) }

// SamePlace reports whether two texts of one township may be about the same
// place: not when each names a place within the township (a village, a
// community) and they name none in common. The township's own name says
// nothing here: every text of the township may name it.
func SamePlace(a, b []string, township string) bool {
	var pa, pb []string
	for _, p := range a {
		if p != township {
			pa = append(pa, p)
		}
	}
	for _, p := range b {
		if p != township {
			pb = append(pb, p)
		}
	}
	if len(pa) == 0 || len(pb) == 0 {
		return true
	}
	for _, p := range pa {
		for _, q := range pb {
			if p == q {
				return true
			}
		}
	}
	return false
}
