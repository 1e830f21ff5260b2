package meeting

import (
	"maps"
	"strconv"
	"strings"
	"time"

	"renda"
)

// The people's congress session (人代会) is a meeting of kind congress (or
// township) on the same workflow, with what only a session has: it names
// its 届次会议 (renda.Session); deputies register on arrival (报到); the
// session meets in plenary sittings (全体会议), each with its own check-ins,
// so the quorum — two thirds of all deputies — is that of the sitting under
// way; deputies deliberate the reports in groups (分组审议: the delegations,
// 代表团), their opinions collected per group and summarised per item; and
// at the close each deputy's attendance is settled for the duty record:
// attended, absent with leave, or absent without leave (代表法 art. 62).

// IsSession reports whether meetings of kind are people's congress
// sessions (county or township).
func IsSession(kind string) bool { return kind == Congress || kind == Township }

// IsSession reports whether m is a people's congress session.
func (m *Meeting) IsSession() bool { return IsSession(m.Kind) }

// Sitting is one plenary sitting (全体会议) of a session.
type Sitting struct {
	ID        string          `json:"id"`
	MeetingID string          `json:"-"`
	Number    int             `json:"number"`
	Title     string          `json:"title"`
	StartsAt  time.Time       `json:"starts_at"`
	Present   map[string]bool `json:"-"` // deputy id → checked in
}

// Group is a deliberation group (审议小组) of a session, usually a
// delegation (代表团), with its convener.
type Group struct {
	ID        string   `json:"id"`
	MeetingID string   `json:"-"`
	Position  int      `json:"-"`
	Name      string   `json:"name"`
	Convener  string   `json:"convener,omitempty"`
	Members   []string `json:"-"` // deputy ids
}

// Opinion is one deputy's opinion on an agenda item in group deliberation.
type Opinion struct {
	ID        string    `json:"id"`
	MeetingID string    `json:"-"`
	ItemID    string    `json:"item_id"`
	GroupID   string    `json:"group_id"`
	DeputyID  string    `json:"deputy_id"`
	Speaker   string    `json:"speaker"`
	Text      string    `json:"text"`
	CreatedAt time.Time `json:"created_at"`
}

// Records of a session's actions, for the store to write.
type (
	// Registration is a deputy's 报到.
	Registration struct {
		MeetingID, DeputyID string
		At                  time.Time
	}
	// SittingCheckin is a check-in at a plenary sitting.
	SittingCheckin struct {
		SittingID, DeputyID string
		At                  time.Time
	}
	// Summary is the summary of the groups' opinions on an item.
	Summary struct {
		ItemID, Text string
	}
)

// Presence of a member of a session, as settled at its close.
const (
	PresenceAttended = "attended" // registered, or checked in at a sitting
	PresenceLeave    = "leave"    // absent with leave approved (请假)
	PresenceAbsent   = "absent"   // absent without leave (未经批准缺席)
)

// PresenceOf is where p stands: attended if registered, checked in at any
// sitting (or, the store tells, present on a vote of the same session);
// else on leave if the chair approved it; else absent without leave — a
// leave asked for and not approved is no leave.
func PresenceOf(p *Member) string {
	switch {
	case p.Registered || p.Present || p.Attended:
		return PresenceAttended
	case p.Leave == "approved":
		return PresenceLeave
	}
	return PresenceAbsent
}

// PresenceLabel names a presence, before the close (not yet registered) and
// after it.
func PresenceLabel(presence string, closed bool) string {
	switch presence {
	case PresenceAttended:
		return "出席"
	case PresenceLeave:
		return "请假"
	}
	if closed {
		return "未经批准缺席"
	}
	return "未报到"
}

// CurrentSitting is the sitting under way, or nil.
func (m *Meeting) CurrentSitting() *Sitting { return m.sitting(m.SittingID) }

func (m *Meeting) sitting(id string) *Sitting {
	for _, s := range m.Sittings {
		if s.ID == id && id != "" {
			return s
		}
	}
	return nil
}

// Group returns the group of id, or nil.
func (m *Meeting) Group(id string) *Group {
	for _, g := range m.Groups {
		if g.ID == id && id != "" {
			return g
		}
	}
	return nil
}

// Registered counts the members (not 列席) who have registered.
func (m *Meeting) Registered() int {
	n := 0
	for _, p := range m.Members {
		if !p.Attends && p.Registered {
			n++
		}
	}
	return n
}

// sessionActs are the actions only a session has; sessionOnly refuses them
// on other meetings, so they are not offered there.
var sessionActs = []renda.Act[Meeting]{
	{Rule: renda.Rule{Action: "register", Label: "报到", From: []string{Noticed, InSession}, Who: []string{"member", "staff", "admin"}, Tone: "primary",
		Help: "代表到会报到；工作人员可代为登记", Fields: []renda.Field{
			{Name: "member", Label: "报到代表", Kind: renda.FieldRef, Ref: "deputy", Help: "工作人员代为登记时选择；本人报到不填"},
		}}, Pre: sessionOnly, Do: register},
	{Rule: renda.Rule{Action: "add_group", Label: "编组", From: []string{Planned, Noticed, InSession}, Who: staff,
		Help: "代表按代表团（小组）分组审议；每位代表只编入一个组", Fields: []renda.Field{
			{Name: "name", Label: "代表团（小组）名称", Kind: renda.FieldLine, Required: true, Max: 60},
			{Name: "convener", Label: "召集人", Kind: renda.FieldLine, Max: 40},
			{Name: "members", Label: "成员", Kind: renda.FieldRefs, Ref: "deputy", Required: true},
		}}, Pre: sessionOnly, Do: addGroup},
	{Rule: renda.Rule{Action: "open_sitting", Label: "举行全体会议", From: []string{InSession}, Who: staff, Tone: "primary",
		Help: "每次全体会议单独签到，法定人数按本次全体会议的出席计算", Fields: []renda.Field{
			{Name: "title", Label: "全体会议", Kind: renda.FieldLine, Required: true, Max: 60, Help: "如：第一次全体会议"},
		}}, Pre: sessionOnly, Do: openSitting},
	{Rule: renda.Rule{Action: "group_opinion", Label: "提出审议意见", From: []string{InSession, Closed}, Who: []string{"member", "staff", "admin"},
		Help: "分组审议时代表对议程提出的意见；工作人员可代为记录", Fields: []renda.Field{
			{Name: "item", Label: "审议的议程", Kind: renda.FieldRef, Ref: "meeting_item", Required: true},
			{Name: "member", Label: "发言代表", Kind: renda.FieldRef, Ref: "deputy", Help: "工作人员代为记录时选择；本人提出不填"},
			{Name: "text", Label: "审议意见", Kind: renda.FieldText, Required: true, Max: 2000},
		}}, Pre: sessionOnly, Do: groupOpinion},
	{Rule: renda.Rule{Action: "summarise", Label: "汇总审议意见", From: []string{InSession, Closed}, Who: staff,
		Help: "按代表团汇总对一项议程的审议意见", Fields: []renda.Field{
			{Name: "item", Label: "议程", Kind: renda.FieldRef, Ref: "meeting_item", Required: true},
			{Name: "summary", Label: "汇总意见", Kind: renda.FieldText, Max: 10000, Help: "留空则按各代表团的意见自动汇总"},
		}}, Pre: sessionOnly, Do: summarise},
	electAct,
}

func sessionOnly(m *Meeting, env *renda.Env) error {
	if !m.IsSession() {
		return renda.Errorf(renda.ECONFLICT, "只有人民代表大会会议办理报到、全体会议和分组审议")
	}
	return nil
}

// attendCredit is the duty record's entry for attending m (or 列席): linked
// to the 届次会议 when m is one, so that attending a session counts once
// whether it shows in the registration or on a vote's roll.
func attendCredit(m *Meeting, p *Member) renda.Credit {
	verb := "出席"
	if p.Attends {
		verb = "列席"
	}
	c := renda.Credit{DeputyID: p.DeputyID, Kind: "meeting", Title: verb + m.Title, Entity: "meeting", EntityID: m.ID}
	if m.SessionID != "" {
		c.Entity, c.EntityID = "session", m.SessionID
	}
	return c
}

func register(m *Meeting, in *renda.Input, env *renda.Env, out *renda.Outcome) error {
	p, err := rollMember(m, in, env, "报到")
	if err != nil {
		return err
	}
	if p.Registered {
		return renda.Errorf(renda.ECONFLICT, "%s 已报到", p.Name)
	}
	p.Registered = true
	out.Add(&Registration{MeetingID: m.ID, DeputyID: p.DeputyID, At: env.Now})
	out.Credit(attendCredit(m, p))
	total := 0
	for _, x := range m.Members {
		if !x.Attends {
			total++
		}
	}
	out.Note = p.Name + " 报到；已报到 " + strconv.Itoa(m.Registered()) + "/" + strconv.Itoa(total)
	return nil
}

func addGroup(m *Meeting, in *renda.Input, env *renda.Env, out *renda.Outcome) error {
	g := &Group{ID: renda.NewID(), MeetingID: m.ID, Position: len(m.Groups) + 1, Name: in.Text("name"), Convener: in.Text("convener")}
	for _, x := range m.Groups {
		if x.Name == g.Name {
			return &renda.Error{Code: renda.EINVALID, Message: "输入有误：已有同名的代表团（小组）", Fields: []renda.FieldError{{Field: "name", Message: "已有同名的组"}}}
		}
	}
	for _, r := range in.Refs("members") {
		p := m.member(r.ID)
		if p == nil {
			return &renda.Error{Code: renda.EINVALID, Message: "输入有误：" + r.Name + " 不在本次会议名单中", Fields: []renda.FieldError{{Field: "members", Message: r.Name + " 不在名单中"}}}
		}
		if other := m.Group(p.GroupID); other != nil {
			return &renda.Error{Code: renda.EINVALID, Message: "输入有误：" + r.Name + " 已编入" + other.Name, Fields: []renda.FieldError{{Field: "members", Message: r.Name + " 已编入" + other.Name}}}
		}
		p.GroupID = g.ID
		g.Members = append(g.Members, p.DeputyID)
	}
	m.Groups = append(m.Groups, g)
	out.Add(g)
	out.Note = g.Name + " " + strconv.Itoa(len(g.Members)) + " 人"
	return nil
}

func openSitting(m *Meeting, in *renda.Input, env *renda.Env, out *renda.Outcome) error {
	s := &Sitting{ID: renda.NewID(), MeetingID: m.ID, Number: len(m.Sittings) + 1, Title: in.Text("title"), StartsAt: env.Now, Present: map[string]bool{}}
	m.Sittings = append(m.Sittings, s)
	m.SittingID = s.ID
	for _, p := range m.Members { // a new sitting: everyone checks in again
		p.Present = false
	}
	out.Add(s)
	out.Note = s.Title
	return nil
}

func sittingCheckin(m *Meeting, p *Member, env *renda.Env, out *renda.Outcome) error {
	s := m.CurrentSitting()
	if s == nil {
		return renda.Errorf(renda.ECONFLICT, "全体会议尚未开始，不能签到")
	}
	if s.Present[p.DeputyID] {
		return renda.Errorf(renda.ECONFLICT, "%s 已在%s签到", p.Name, s.Title)
	}
	s.Present = maps.Clone(s.Present)
	if s.Present == nil {
		s.Present = map[string]bool{}
	}
	s.Present[p.DeputyID] = true
	p.Present = true
	out.Add(&SittingCheckin{SittingID: s.ID, DeputyID: p.DeputyID, At: env.Now})
	out.Credit(attendCredit(m, p))
	q := QuorumOf(m, env.Settings)
	out.Note = s.Title + "：" + p.Name + " 签到；出席 " + strconv.Itoa(q.Present) + "/" + strconv.Itoa(q.Members)
	return nil
}

func groupOpinion(m *Meeting, in *renda.Input, env *renda.Env, out *renda.Outcome) error {
	p, err := rollMember(m, in, env, "提出审议意见")
	if err != nil {
		return err
	}
	g := m.Group(p.GroupID)
	if g == nil {
		return renda.Errorf(renda.ECONFLICT, "%s 未编入代表团（小组），不能记录分组审议意见", p.Name)
	}
	it := m.item(in.Ref("item").ID)
	if it == nil {
		return renda.Errorf(renda.EINVALID, "输入有误：议程不属于本次会议")
	}
	o := &Opinion{ID: renda.NewID(), MeetingID: m.ID, ItemID: it.ID, GroupID: g.ID, DeputyID: p.DeputyID, Speaker: p.Name, Text: in.Text("text"), CreatedAt: env.Now}
	m.Opinions = append(m.Opinions, o)
	out.Add(o)
	out.Note = g.Name + " " + p.Name + "：" + it.Title
	return nil
}

func summarise(m *Meeting, in *renda.Input, env *renda.Env, out *renda.Outcome) error {
	it := m.item(in.Ref("item").ID)
	if it == nil {
		return renda.Errorf(renda.EINVALID, "输入有误：议程不属于本次会议")
	}
	text := in.Text("summary")
	if text == "" {
		if text = DraftSummary(m, it.ID); text == "" {
			return renda.Errorf(renda.ECONFLICT, "“%s”还没有审议意见可以汇总", it.Title)
		}
	}
	it.Summary = text
	out.Add(&Summary{ItemID: it.ID, Text: text})
	out.Note = it.Title
	return nil
}

// GroupOpinions is one group's opinions on an item.
type GroupOpinions struct {
	Group    *Group
	Opinions []*Opinion
}

// OpinionsOn are the groups' opinions on an item, group by group in the
// groups' order (groups without an opinion left out).
func (m *Meeting) OpinionsOn(itemID string) []GroupOpinions {
	var out []GroupOpinions
	for _, g := range m.Groups {
		var os []*Opinion
		for _, o := range m.Opinions {
			if o.ItemID == itemID && o.GroupID == g.ID {
				os = append(os, o)
			}
		}
		if len(os) > 0 {
			out = append(out, GroupOpinions{Group: g, Opinions: os})
		}
	}
	return out
}

// DraftSummary drafts the summary of the groups' opinions on an item: how
// many groups and opinions, then each group's opinions under its name; ""
// when there is none.
func DraftSummary(m *Meeting, itemID string) string {
	groups := m.OpinionsOn(itemID)
	if len(groups) == 0 {
		return ""
	}
	n := 0
	for _, g := range groups {
		n += len(g.Opinions)
	}
	var b strings.Builder
	b.WriteString(strconv.Itoa(len(groups)) + " 个代表团（小组）审议，提出意见 " + strconv.Itoa(n) + " 条。")
	for _, g := range groups {
		b.WriteString("\n" + g.Group.Name + "：")
		for i, o := range g.Opinions {
			if i > 0 {
				b.WriteString("；")
			}
			b.WriteString(o.Speaker + "代表提出，" + strings.TrimRight(o.Text, "。；; \n"))
		}
		b.WriteString("。")
	}
	return b.String()
}

// closeMeeting closes a meeting; a session's close settles each deputy's
// attendance in the duty record (代表法 art. 62 counts the absences without
// leave: the store alerts staff at a deputy's second).
func closeMeeting(m *Meeting, in *renda.Input, env *renda.Env, out *renda.Outcome) error {
	out.Note = "闭会"
	if !m.IsSession() {
		return nil
	}
	var attended, leave, absent int
	for _, p := range m.Members {
		if p.Attends {
			continue
		}
		switch PresenceOf(p) {
		case PresenceAttended:
			attended++
		case PresenceLeave:
			leave++
			out.Credit(renda.Credit{DeputyID: p.DeputyID, Kind: "leave", Title: "请假未出席" + m.Title, At: m.StartsAt, Entity: "meeting", EntityID: m.ID})
		default:
			absent++
			out.Credit(renda.Credit{DeputyID: p.DeputyID, Kind: "absence", Title: "未经批准未出席" + m.Title, At: m.StartsAt, Entity: "meeting", EntityID: m.ID})
		}
	}
	out.Note = "闭会；出席 " + strconv.Itoa(attended) + " 人，请假 " + strconv.Itoa(leave) + " 人，未经批准缺席 " + strconv.Itoa(absent) + " 人"
	return nil
}
