package meeting

import (
	"slices"
	"strconv"
	"strings"
	"time"

	"renda"
)

var staff = []string{"staff", "admin"}

// Flow is a meeting's workflow: planned → noticed → in_session → closed →
// published. Agenda items, check-ins, votes, resolutions and tasks are
// actions on the meeting that keep its state.
var Flow = renda.Register(&renda.Machine[Meeting]{
	Entity: "meeting",
	Label:  "会议",
	States: []renda.StateDef{{State: Planned, Label: "筹备中"}, {State: Noticed, Label: "已发通知"}, {State: InSession, Label: "开会中"},
		{State: Closed, Label: "已闭会"}, {State: Published, Label: "已公开"}},
	State: func(m *Meeting) *string { return &m.State },
	Acts: slices.Concat([]renda.Act[Meeting]{
		{Rule: renda.Rule{Action: "create", Label: "新建会议", To: Planned, Who: staff, Hidden: true, Fields: []renda.Field{
			{Name: "kind", Label: "会议类别", Kind: renda.FieldChoice, Required: true, Options: Kinds},
			{Name: "number", Label: "届次或次数", Kind: renda.FieldInt, Min: 0, Max: 999, Help: "如第二十三次会议填 23"},
			{Name: "title", Label: "会议名称", Kind: renda.FieldLine, Required: true, Max: 120},
			{Name: "date", Label: "开会日期", Kind: renda.FieldDate, Required: true},
			{Name: "time", Label: "开始时间", Kind: renda.FieldLine, Max: 5, Help: "如 09:00"},
			{Name: "place", Label: "地点", Kind: renda.FieldLine, Max: 100},
			{Name: "chair", Label: "主持人", Kind: renda.FieldLine, Max: 40},
			{Name: "members", Label: "组成人员", Kind: renda.FieldRefs, Ref: "deputy", Filter: "active", Required: true},
			{Name: "attendees", Label: "列席人员", Kind: renda.FieldRefs, Ref: "deputy", Filter: "active"},
		}}, Do: create},
		{Rule: renda.Rule{Action: "add_item", Label: "增加议程", From: []string{Planned, Noticed, InSession}, Who: staff, Fields: []renda.Field{
			{Name: "title", Label: "议题", Kind: renda.FieldLine, Required: true, Max: 200},
			{Name: "kind", Label: "议题类别", Kind: renda.FieldChoice, Required: true, Options: ItemKinds},
			{Name: "reporter", Label: "报告人", Kind: renda.FieldLine, Max: 60},
			{Name: "parent", Label: "上级议程", Kind: renda.FieldRef, Ref: "meeting_item", Help: "子议程选择所属议程；留空为一级议程"},
		}}, Do: addItem},
		{Rule: renda.Rule{Action: "notify", Label: "发出会议通知", From: []string{Planned}, To: Noticed, Who: staff, Tone: "primary",
			Confirm: "通知将发给全体组成人员和列席人员。确定发出吗？"}, Pre: hasAgenda, Do: notify},
		{Rule: renda.Rule{Action: "open", Label: "宣布开会", From: []string{Noticed}, To: InSession, Who: staff, Tone: "primary"}, Do: note("开会")},
		{Rule: renda.Rule{Action: "checkin", Label: "签到", From: []string{InSession}, Who: []string{"member", "staff", "admin"}, Tone: "primary",
			Help: "组成人员在会场扫码签到；工作人员可代为登记", Fields: []renda.Field{
				{Name: "member", Label: "签到人员", Kind: renda.FieldRef, Ref: "deputy", Help: "工作人员代为登记时选择；本人签到不填"},
			}}, Do: checkin},
		{Rule: renda.Rule{Action: "request_leave", Label: "请假", From: []string{Noticed, InSession}, Who: []string{"member"},
			Help: "因故不能出席的，向主持人请假", Fields: []renda.Field{{Name: "reason", Label: "请假事由", Kind: renda.FieldText, Required: true, Max: 500}}}, Do: requestLeave},
		{Rule: renda.Rule{Action: "approve_leave", Label: "批准请假", From: []string{Noticed, InSession}, Who: staff, Help: "经会议主持人同意后登记",
			Fields: []renda.Field{{Name: "member", Label: "请假人员", Kind: renda.FieldRef, Ref: "deputy", Required: true}}}, Do: approveLeave},
		{Rule: renda.Rule{Action: "current", Label: "进行下一项议程", From: []string{InSession}, Who: staff, Help: "会场大屏显示当前议程",
			Fields: []renda.Field{{Name: "item", Label: "当前议程", Kind: renda.FieldRef, Ref: "meeting_item", Required: true}}}, Do: setCurrent},
		{Rule: renda.Rule{Action: "vote_item", Label: "付诸表决", From: []string{InSession}, Who: staff, Tone: "primary",
			Help: "以全体组成人员过半数通过；未达法定人数不能表决", Confirm: "表决开始后组成人员即可在手机上投票。确定吗？", Fields: []renda.Field{
				{Name: "item", Label: "表决事项", Kind: renda.FieldRef, Ref: "meeting_item", Required: true},
				{Name: "named", Label: "记名表决", Kind: renda.FieldBool, Help: "记名表决的纪要载明每位组成人员的表决意见；不勾选为无记名表决，只记票数"},
			}}, Pre: quorate, Do: voteItem},
		{Rule: renda.Rule{Action: "note_speech", Label: "记录发言", From: []string{InSession, Closed}, Who: staff,
			Help: "工作人员按议程记录发言人和发言要点，载入会议纪要", Fields: []renda.Field{
				{Name: "item", Label: "议程", Kind: renda.FieldRef, Ref: "meeting_item", Required: true},
				{Name: "speaker", Label: "发言人", Kind: renda.FieldLine, Required: true, Max: 100},
				{Name: "summary", Label: "发言要点", Kind: renda.FieldText, Required: true, Max: 5000},
			}}, Do: noteSpeech},
		{Rule: renda.Rule{Action: "resolve", Label: "形成决议决定", From: []string{InSession, Closed}, Who: staff, Fields: []renda.Field{
			{Name: "item", Label: "所依据的议程", Kind: renda.FieldRef, Ref: "meeting_item", Required: true, Help: "须已表决通过"},
			{Name: "title", Label: "决议决定名称", Kind: renda.FieldLine, Required: true, Max: 200},
			{Name: "body", Label: "主要内容", Kind: renda.FieldText, Max: 10000},
		}}, Do: resolve},
		{Rule: renda.Rule{Action: "add_task", Label: "交办督办事项", From: []string{InSession, Closed, Published}, Who: staff, Fields: []renda.Field{
			{Name: "resolution", Label: "决议决定", Kind: renda.FieldRef, Ref: "meeting_resolution", Required: true},
			{Name: "org", Label: "承办单位", Kind: renda.FieldRef, Ref: "organization", Required: true},
			{Name: "body", Label: "办理要求", Kind: renda.FieldText, Required: true, Max: 2000},
			{Name: "due", Label: "办理期限", Kind: renda.FieldDate, Required: true},
		}}, Do: addTask},
		{Rule: renda.Rule{Action: "close", Label: "宣布闭会", From: []string{InSession}, To: Closed, Who: staff,
			Confirm: "闭会后不能再签到和表决。确定吗？"}, Do: note("闭会")},
		{Rule: renda.Rule{Action: "publish", Label: "向社会公开", From: []string{Closed}, To: Published, Who: staff, Tone: "primary",
			Confirm: "公开后公众可以看到会议议程、表决结果和决议决定。确定吗？"}, Do: note("公开")},
	}, documentActs), // document.go
})

func note(s string) func(*Meeting, *renda.Input, *renda.Env, *renda.Outcome) error {
	return func(m *Meeting, in *renda.Input, env *renda.Env, out *renda.Outcome) error {
		out.Note = s
		return nil
	}
}

// Relations: "member" for a deputy on the meeting's roll.
func Relations(u *renda.User, m *Meeting) renda.Rel {
	rel := renda.RoleRel(u)
	if u != nil && u.DeputyID != "" {
		for _, p := range m.Members {
			if p.DeputyID == u.DeputyID {
				rel = append(rel, "member")
				break
			}
		}
	}
	return rel
}

func create(m *Meeting, in *renda.Input, env *renda.Env, out *renda.Outcome) error {
	d := in.Date("date")
	at := d.Start().Add(9 * time.Hour)
	if t := in.Text("time"); t != "" {
		hm, err := time.Parse("15:04", t)
		if err != nil {
			return &renda.Error{Code: renda.EINVALID, Message: "输入有误：开始时间应为“时:分”，如 09:00", Fields: []renda.FieldError{{Field: "time", Message: "应为“时:分”"}}}
		}
		at = at.Add(time.Duration(hm.Hour())*time.Hour + time.Duration(hm.Minute())*time.Minute - 9*time.Hour)
	}
	*m = Meeting{ID: m.ID, CongressID: m.CongressID, Kind: in.Text("kind"), Number: in.Int("number"), Title: in.Text("title"), StartsAt: at,
		Place: in.Text("place"), Chair: in.Text("chair"), CreatedAt: env.Now, UpdatedAt: env.Now}
	for _, r := range in.Refs("members") {
		m.Members = append(m.Members, &Member{DeputyID: r.ID, Name: r.Name})
	}
	for _, r := range in.Refs("attendees") {
		m.Members = append(m.Members, &Member{DeputyID: r.ID, Name: r.Name, Attends: true})
	}
	out.Note = KindLabel(m.Kind) + " " + strconv.Itoa(len(in.Refs("members"))) + " 名组成人员"
	return nil
}

func (m *Meeting) item(id string) *Item {
	for _, it := range m.Items {
		if it.ID == id {
			return it
		}
	}
	return nil
}

func addItem(m *Meeting, in *renda.Input, env *renda.Env, out *renda.Outcome) error {
	it := &Item{ID: renda.NewID(), MeetingID: m.ID, Title: in.Text("title"), Kind: in.Text("kind"), Reporter: in.Text("reporter"), Position: len(m.Items) + 1}
	if p := in.Ref("parent"); p != nil {
		if m.item(p.ID) == nil {
			return renda.Errorf(renda.EINVALID, "输入有误：上级议程不属于本次会议")
		}
		it.ParentID = p.ID
	}
	m.Items = append(m.Items, it)
	out.Add(it)
	out.Note = it.Title
	return nil
}

func hasAgenda(m *Meeting, env *renda.Env) error {
	if len(m.Items) == 0 {
		return renda.Errorf(renda.ECONFLICT, "请先拟定会议议程")
	}
	return nil
}

func notify(m *Meeting, in *renda.Input, env *renda.Env, out *renda.Outcome) error {
	m.NoticedAt = env.Now
	var titles []string
	for _, it := range m.Items {
		if it.ParentID == "" {
			titles = append(titles, it.Title)
		}
	}
	body := m.StartsAt.In(renda.CST).Format("2006-01-02 15:04") + " 在" + m.Place + "召开。议程：" + strings.Join(titles, "；")
	for _, p := range m.Members {
		out.Notify(renda.ToDeputy(p.DeputyID), "会议通知："+m.Title, body, "/meetings/"+m.ID)
	}
	out.Note = "通知 " + strconv.Itoa(len(m.Members)) + " 人"
	return nil
}

// Attendance is a check-in for the store to write.
type Attendance struct {
	MeetingID, DeputyID string
}

func checkin(m *Meeting, in *renda.Input, env *renda.Env, out *renda.Outcome) error {
	who := ""
	if r := in.Ref("member"); r != nil {
		who = r.ID
	}
	isStaff := env.Rel.Has("staff", "admin")
	switch {
	case !isStaff && who != "" && (env.Actor == nil || who != env.Actor.DeputyID):
		return renda.Errorf(renda.EFORBIDDEN, "只能为本人签到")
	case !isStaff:
		who = env.Actor.DeputyID
	case who == "":
		return &renda.Error{Code: renda.EINVALID, Message: "输入有误：请选择签到人员", Fields: []renda.FieldError{{Field: "member", Message: "请选择"}}}
	}
	var p *Member
	for _, x := range m.Members {
		if x.DeputyID == who {
			p = x
		}
	}
	if p == nil {
		return renda.Errorf(renda.EINVALID, "输入有误：该人员不在本次会议名单中")
	}
	if p.Present {
		return renda.Errorf(renda.ECONFLICT, "%s 已签到", p.Name)
	}
	p.Present = true
	out.Add(&Attendance{MeetingID: m.ID, DeputyID: who})
	// The duty record: attended (or 列席) the meeting, linked to it.
	verb := "出席"
	if p.Attends {
		verb = "列席"
	}
	out.Credit(renda.Credit{DeputyID: who, Kind: "meeting", Title: verb + m.Title, Entity: "meeting", EntityID: m.ID})
	q := QuorumOf(m, env.Settings)
	out.Note = p.Name + " 签到；出席 " + strconv.Itoa(q.Present) + "/" + strconv.Itoa(q.Members)
	return nil
}

func (m *Meeting) member(id string) *Member {
	for _, p := range m.Members {
		if p.DeputyID == id {
			return p
		}
	}
	return nil
}

// Leave is a leave request or its approval, for the store to write.
type Leave struct {
	MeetingID, DeputyID, State, Reason string
}

func requestLeave(m *Meeting, in *renda.Input, env *renda.Env, out *renda.Outcome) error {
	p := m.member(env.Actor.DeputyID)
	if p == nil {
		return renda.Errorf(renda.EFORBIDDEN, "您不在本次会议名单中")
	}
	if p.Present {
		return renda.Errorf(renda.ECONFLICT, "您已签到，无需请假")
	}
	p.Leave, p.Reason = "requested", in.Text("reason")
	out.Add(&Leave{MeetingID: m.ID, DeputyID: p.DeputyID, State: p.Leave, Reason: p.Reason})
	out.Notify(renda.ToRoles(renda.RoleStaff), "请假："+p.Name, m.Title+"："+p.Reason, "/meetings/"+m.ID)
	out.Note = p.Name + "：" + p.Reason
	return nil
}

func approveLeave(m *Meeting, in *renda.Input, env *renda.Env, out *renda.Outcome) error {
	p := m.member(in.Ref("member").ID)
	if p == nil || p.Leave != "requested" {
		return renda.Errorf(renda.ECONFLICT, "该人员没有待批准的请假")
	}
	p.Leave = "approved"
	out.Add(&Leave{MeetingID: m.ID, DeputyID: p.DeputyID, State: p.Leave, Reason: p.Reason})
	out.Notify(renda.ToDeputy(p.DeputyID), "已准假："+m.Title, "", "/meetings/"+m.ID)
	out.Note = p.Name
	return nil
}

func setCurrent(m *Meeting, in *renda.Input, env *renda.Env, out *renda.Outcome) error {
	it := m.item(in.Ref("item").ID)
	if it == nil {
		return renda.Errorf(renda.EINVALID, "输入有误：议程不属于本次会议")
	}
	m.Current = it.ID
	out.Note = it.Title
	return nil
}

func quorate(m *Meeting, env *renda.Env) error {
	if q := QuorumOf(m, env.Settings); !q.Reached {
		return renda.Errorf(renda.ECONFLICT, "出席 %d 人，未达到法定人数 %d 人，不能表决", q.Present, q.Needed)
	}
	return nil
}

func voteItem(m *Meeting, in *renda.Input, env *renda.Env, out *renda.Outcome) error {
	it := m.item(in.Ref("item").ID)
	if it == nil {
		return renda.Errorf(renda.EINVALID, "输入有误：议程不属于本次会议")
	}
	if it.VoteID != "" {
		return renda.Errorf(renda.ECONFLICT, "“%s”已付诸表决", it.Title)
	}
	if err := quorate(m, env); err != nil {
		return err
	}
	out.Effect(&OpenVote{Meeting: m, Item: it, Named: in.Bool("named")})
	out.Note = it.Title
	return nil
}

func noteSpeech(m *Meeting, in *renda.Input, env *renda.Env, out *renda.Outcome) error {
	it := m.item(in.Ref("item").ID)
	if it == nil {
		return renda.Errorf(renda.EINVALID, "输入有误：议程不属于本次会议")
	}
	sp := &Speech{ID: renda.NewID(), MeetingID: m.ID, ItemID: it.ID, Speaker: in.Text("speaker"), Summary: in.Text("summary"), CreatedAt: env.Now}
	it.Speeches = append(it.Speeches, sp)
	out.Add(sp)
	out.Note = sp.Speaker + "：" + it.Title
	return nil
}

func resolve(m *Meeting, in *renda.Input, env *renda.Env, out *renda.Outcome) error {
	it := m.item(in.Ref("item").ID)
	if it == nil {
		return renda.Errorf(renda.EINVALID, "输入有误：议程不属于本次会议")
	}
	if it.Result != ItemAdopted {
		return renda.Errorf(renda.ECONFLICT, "“%s”尚未表决通过", it.Title)
	}
	r := &Resolution{ID: renda.NewID(), MeetingID: m.ID, ItemID: it.ID, Title: in.Text("title"), Body: in.Text("body"), CreatedAt: env.Now}
	m.Resolutions = append(m.Resolutions, r)
	out.Add(r)
	out.Note = r.Title
	return nil
}

func addTask(m *Meeting, in *renda.Input, env *renda.Env, out *renda.Outcome) error {
	var r *Resolution
	for _, x := range m.Resolutions {
		if x.ID == in.Ref("resolution").ID {
			r = x
		}
	}
	if r == nil {
		return renda.Errorf(renda.EINVALID, "输入有误：决议决定不属于本次会议")
	}
	if in.Date("due").Before(env.Today()) {
		return &renda.Error{Code: renda.EINVALID, Message: "输入有误：办理期限不能早于今天", Fields: []renda.FieldError{{Field: "due", Message: "不能早于今天"}}}
	}
	org := in.Ref("org")
	t := &Task{ID: renda.NewID(), ResolutionID: r.ID, MeetingID: m.ID, OrgID: org.ID, OrgName: org.Name, Body: in.Text("body"), Due: in.Date("due"), State: TaskOpen, UpdatedAt: env.Now}
	r.Tasks = append(r.Tasks, t)
	out.Add(t)
	out.Notify(renda.ToOrg(org.ID), "督办事项："+r.Title, t.Body+"（期限 "+t.Due.Chinese()+"）", "/meeting-tasks/"+t.ID)
	out.Note = org.Name + "：" + t.Body
	return nil
}

// TaskFlow is a follow-up task's workflow: open → reported → accepted, or
// back to open when staff return the report.
var TaskFlow = renda.Register(&renda.Machine[Task]{
	Entity: "meeting_task",
	Label:  "督办事项",
	States: []renda.StateDef{{State: TaskOpen, Label: "办理中"}, {State: TaskReported, Label: "已报告"}, {State: TaskAccepted, Label: "已审议通过"}},
	State:  func(t *Task) *string { return &t.State },
	Acts: []renda.Act[Task]{
		{Rule: renda.Rule{Action: "report", Label: "报告办理情况", From: []string{TaskOpen}, To: TaskReported, Who: []string{"clerk", "staff", "admin"}, Tone: "primary",
			Fields: []renda.Field{{Name: "report", Label: "办理情况", Kind: renda.FieldText, Required: true, Max: 5000}}}, Do: reportTask},
		{Rule: renda.Rule{Action: "accept", Label: "审议通过", From: []string{TaskReported}, To: TaskAccepted, Who: staff, Tone: "primary"}, Do: taskNote("审议通过")},
		{Rule: renda.Rule{Action: "return", Label: "退回重办", From: []string{TaskReported}, To: TaskOpen, Who: staff,
			Fields: []renda.Field{{Name: "reason", Label: "理由", Kind: renda.FieldText, Required: true, Max: 2000}}}, Do: returnTask},
	},
})

// TaskRelations: "clerk" for a user of the body the task is assigned to.
func TaskRelations(u *renda.User, t *Task) renda.Rel {
	rel := renda.RoleRel(u)
	if u != nil && u.Role == renda.RoleUnit && u.OrgID != "" && u.OrgID == t.OrgID {
		rel = append(rel, "clerk")
	}
	return rel
}

func reportTask(t *Task, in *renda.Input, env *renda.Env, out *renda.Outcome) error {
	t.Report, t.UpdatedAt = in.Text("report"), env.Now
	out.Note = t.Report
	out.Notify(renda.ToRoles(renda.RoleStaff), "督办事项已报告："+t.OrgName, t.Body, "/meeting-tasks/"+t.ID)
	return nil
}

func taskNote(s string) func(*Task, *renda.Input, *renda.Env, *renda.Outcome) error {
	return func(t *Task, in *renda.Input, env *renda.Env, out *renda.Outcome) error {
		t.UpdatedAt = env.Now
		out.Note = s
		return nil
	}
}

func returnTask(t *Task, in *renda.Input, env *renda.Env, out *renda.Outcome) error {
	t.UpdatedAt = env.Now
	out.Note = in.Text("reason")
	out.Notify(renda.ToOrg(t.OrgID), "督办事项退回重办", in.Text("reason"), "/meeting-tasks/"+t.ID)
	return nil
}
