// Package meeting is the 三会: the people's congress session (人代会), the
// standing committee's meetings (常委会会议) and the chairmen's meetings
// (主任会议) — a township's congress too — on one workflow: the agenda
// (a tree of items), the notice to members, attendance and quorum against
// all members, votes on agenda items through the ballot engine (package
// vote, kind "meeting_item"), the resolutions adopted and their follow-up
// tasks, reported by the bodies, reviewed by staff and reminded once on
// the working-day calendar.
package meeting

import (
	"time"

	"renda"
	"renda/vote"
)

var _ = renda.RegisterSettings([]renda.SettingDef{
	{Key: "meeting.quorum_pct", Group: "三会", Label: "常委会会议、主任会议的法定出席比例（%）", Kind: renda.KindInt, Default: 50, Min: 1, Max: 99,
		Help: "出席人数须超过全体组成人员的这一比例方可开会、表决。[V] 地方组织法：常委会全体组成人员过半数出席。"},
	{Key: "meeting.task_remind_days", Group: "三会", Label: "督办事项到期前提醒（工作日）", Kind: renda.KindInt, Default: 3, Min: 0, Max: 30,
		Help: "决议、决定的督办事项到期前这么多个工作日提醒承办单位一次。[I]"},
}...)

// Kinds of meeting (the values of the API's kind filter).
const (
	Congress = "congress" // 人民代表大会会议
	Standing = "standing" // 常委会会议
	Chair    = "chair"    // 主任会议
	Township = "township" // 乡镇人民代表大会会议
)

// Kinds are the kinds of meeting, for forms.
var Kinds = []renda.Option{{Value: Standing, Label: "常委会会议"}, {Value: Chair, Label: "主任会议"}, {Value: Congress, Label: "人民代表大会会议"}, {Value: Township, Label: "乡镇人民代表大会会议"}}

// KindLabel names a kind of meeting.
func KindLabel(k string) string {
	for _, o := range Kinds {
		if o.Value == k {
			return o.Label
		}
	}
	return k
}

// Meeting states.
const (
	Planned   = "planned"    // 筹备中
	Noticed   = "noticed"    // 已通知
	InSession = "in_session" // 开会中
	Closed    = "closed"     // 已闭会
	Published = "published"  // 已公开
)

// Meeting is one meeting of one of the 三会.
type Meeting struct {
	ID         string    `json:"id"`
	Kind       string    `json:"kind"`
	Number     int       `json:"number"`
	Title      string    `json:"title"`
	CongressID string    `json:"congress_id"`
	StartsAt   time.Time `json:"starts_at"`
	EndsAt     time.Time `json:"ends_at,omitzero"`
	Place      string    `json:"place,omitempty"`
	Chair      string    `json:"chair,omitempty"`
	State      string    `json:"status"`
	NoticedAt  time.Time `json:"noticed_at,omitzero"`
	Current    string    `json:"current_item,omitempty"` // the item under way, on the hall screen
	CreatedAt  time.Time `json:"created_at"`
	UpdatedAt  time.Time `json:"updated_at"`

	// Filled in by the store for the meeting's page.
	Members     []*Member     `json:"-"`
	Items       []*Item       `json:"-"` // flat, in order
	Resolutions []*Resolution `json:"-"`
	Documents   []*Document   `json:"-"` // without their versions; the store leaves only what the viewer may read
}

// StateLabel names the state.
func (m *Meeting) StateLabel() string { return Flow.StateLabel(m.State) }

// KindLabel names the kind.
func (m *Meeting) KindLabel() string { return KindLabel(m.Kind) }

// CurrentItem is the item under way, or nil.
func (m *Meeting) CurrentItem() *Item { return m.item(m.Current) }

// Public reports whether the public may see the meeting.
func (m *Meeting) Public() bool { return m.State == Published }

// Member is one person on a meeting's roll: a member who counts for the
// quorum, or one attending without a vote (列席).
type Member struct {
	DeputyID string `json:"deputy_id"`
	Name     string `json:"name"`
	Attends  bool   `json:"attends,omitempty"` // 列席: not counted, no vote
	Present  bool   `json:"present"`
	Leave    string `json:"leave,omitempty"` // "", requested, approved (请假)
	Reason   string `json:"-"`
}

// LeaveLabel names the state of a member's leave request.
func (p *Member) LeaveLabel() string {
	return map[string]string{"requested": "已请假待批准", "approved": "已准假"}[p.Leave]
}

// Quorum is a meeting's attendance against all its members.
type Quorum struct {
	Members int  `json:"members"`
	Present int  `json:"present"`
	Needed  int  `json:"-"`
	Reached bool `json:"reached"`
}

// Needed is how many members must be present: for a people's congress
// two thirds or more of all deputies (地方组织法); for the standing
// committee and the chairmen's meeting more than pct% of all members.
func Needed(kind string, members, pct int) int {
	if kind == Congress || kind == Township {
		return (members*2 + 2) / 3
	}
	return members*pct/100 + 1
}

// QuorumOf computes the quorum of m's roll under set.
func QuorumOf(m *Meeting, set *renda.Settings) Quorum {
	var q Quorum
	for _, p := range m.Members {
		if p.Attends {
			continue
		}
		q.Members++
		if p.Present {
			q.Present++
		}
	}
	pct := 50
	if set != nil {
		pct = set.Int("meeting.quorum_pct")
	}
	q.Needed = Needed(m.Kind, q.Members, pct)
	q.Reached = q.Members > 0 && q.Present >= q.Needed
	return q
}

// Item kinds: what an agenda item is, and so how it is voted on.
var ItemKinds = []renda.Option{{Value: "report", Label: "听取审议报告"}, {Value: "resolution", Label: "决议"}, {Value: "decision", Label: "决定"},
	{Value: "appointment", Label: "人事任免"}, {Value: "other", Label: "其他"}}

// Item results.
const (
	ItemAdopted  = "adopted"
	ItemRejected = "rejected"
)

// Item is one item of a meeting's agenda; sub-items have a parent.
type Item struct {
	ID            string  `json:"id"`
	MeetingID     string  `json:"-"`
	ParentID      string  `json:"-"`
	Position      int     `json:"-"`
	Title         string  `json:"title"`
	Kind          string  `json:"-"`
	Reporter      string  `json:"-"`
	AppointmentID string  `json:"-"`
	VoteID        string  `json:"-"`
	Result        string  `json:"-"`
	Children      []*Item `json:"children"`
	// Speeches noted by staff on this item, in order (for the minutes).
	Speeches []*Speech `json:"-"`
}

// Speech is a speech on an agenda item noted by staff (发言记录): who spoke
// and the gist.
type Speech struct {
	ID        string    `json:"id"`
	MeetingID string    `json:"-"`
	ItemID    string    `json:"item_id"`
	Speaker   string    `json:"speaker"`
	Summary   string    `json:"summary"`
	CreatedAt time.Time `json:"created_at"`
}

// KindLabel names the item's kind.
func (it *Item) KindLabel() string {
	for _, o := range ItemKinds {
		if o.Value == it.Kind {
			return o.Label
		}
	}
	return it.Kind
}

// ResultLabel names the item's result.
func (it *Item) ResultLabel() string {
	return map[string]string{ItemAdopted: "表决通过", ItemRejected: "未获通过"}[it.Result]
}

// Tree nests a flat, ordered list of items under their parents.
func Tree(items []*Item) []*Item {
	byID := map[string]*Item{}
	for _, it := range items {
		it.Children = []*Item{}
		byID[it.ID] = it
	}
	out := []*Item{}
	for _, it := range items {
		if p := byID[it.ParentID]; p != nil && it.ParentID != "" {
			p.Children = append(p.Children, it)
		} else {
			out = append(out, it)
		}
	}
	return out
}

// Resolution is a 决议 or 决定 the meeting adopted, with its follow-up.
type Resolution struct {
	ID        string    `json:"id"`
	MeetingID string    `json:"-"`
	ItemID    string    `json:"-"`
	Title     string    `json:"title"`
	Body      string    `json:"-"`
	Tasks     []*Task   `json:"tasks"`
	CreatedAt time.Time `json:"-"`
}

// Task states.
const (
	TaskOpen     = "open"     // 办理中
	TaskReported = "reported" // 已报告
	TaskAccepted = "accepted" // 已审议通过
)

// Task is a follow-up task of a resolution: a body, what is required of
// it and by when.
type Task struct {
	ID           string     `json:"id"`
	ResolutionID string     `json:"-"`
	MeetingID    string     `json:"-"`
	OrgID        string     `json:"-"`
	OrgName      string     `json:"-"`
	Body         string     `json:"body"`
	Due          renda.Date `json:"due"`
	State        string     `json:"status"`
	Report       string     `json:"-"`
	Resolution   string     `json:"-"` // the resolution's title, for lists
	UpdatedAt    time.Time  `json:"-"`
}

// StateLabel names the task's state.
func (t *Task) StateLabel() string { return TaskFlow.StateLabel(t.State) }

// Filter narrows a list of meetings.
type Filter struct {
	Kind   string
	Public bool
	Limit  int
	Offset int
}

// VoteKind is the ballot engine's kind for votes on agenda items: one
// item, 赞成/反对/弃权, adopted by more than half of ALL members.
const VoteKind = "meeting_item"

var _ = vote.RegisterKind(vote.Kind{Name: VoteKind, Label: "会议表决", Entity: "meeting_item", ItemLabel: "表决事项",
	Schemes: []string{vote.SchemeYesNoAbstain},
	Rule: func(s *renda.Settings) vote.Rule {
		return vote.Rule{Base: vote.BaseAll, Threshold: vote.ThresholdHalf}
	}})

// OpenVote asks the store to put an agenda item to the vote on the ballot
// engine: a vote whose roll is the meeting's members, present as checked
// in, opened at once.
type OpenVote struct {
	Meeting *Meeting
	Item    *Item
	Named   bool // an open vote (记名表决): the minutes say who voted how
}
