// Package appointment is 人事任免: a nomination (by the government, the
// court, the procuratorate or the chairmen's meeting) with the nominee's
// résumé, statement and 任前法律考试 score; deliberation at a standing
// committee meeting, where it is an agenda item; the vote on the ballot
// engine (more than half of ALL members, kind meeting.VoteKind); the
// constitutional oath (宪法宣誓) recorded; published. A rejected nominee
// stays on record.
package appointment

import (
	"time"

	"renda"
	"renda/meeting"
)

var _ = renda.RegisterSettings([]renda.SettingDef{
	{Key: "appointment.exam_pass", Group: "三会", Label: "任前法律知识考试合格分数", Kind: renda.KindInt, Default: 60, Min: 0, Max: 100,
		Help: "拟任人员考试成绩低于此分数的，不提请审议。[I]"},
}...)

// States.
const (
	Nominated    = "nominated"    // 已提请
	Deliberation = "deliberation" // 审议中
	Appointed    = "appointed"    // 已通过
	Rejected     = "rejected"     // 未通过
	Sworn        = "sworn"        // 已宪法宣誓
	Published    = "published"    // 已公布
)

// Kinds of 任免.
var Kinds = []renda.Option{{Value: "appoint", Label: "任命"}, {Value: "dismiss", Label: "免职"}, {Value: "resign", Label: "接受辞职"}}

// KindLabel names the kind.
func (a *Appointment) KindLabel() string {
	for _, o := range Kinds {
		if o.Value == a.Kind {
			return o.Label
		}
	}
	return "任命"
}

// Subject is what the committee votes on, e.g. 任命张三为某局局长.
func (a *Appointment) Subject() string {
	switch a.Kind {
	case "dismiss":
		return "免去" + a.Name + "的" + a.Post + "职务"
	case "resign":
		return "接受" + a.Name + "辞去" + a.Post + "职务"
	}
	return "任命" + a.Name + "为" + a.Post
}

// Nominators: who may nominate.
var Nominators = []renda.Option{{Value: "government", Label: "人民政府"}, {Value: "court", Label: "人民法院"},
	{Value: "procuratorate", Label: "人民检察院"}, {Value: "chair", Label: "主任会议"}}

// Appointment is one nomination and what became of it.
type Appointment struct {
	ID        string     `json:"id"`
	Name      string     `json:"name"`
	Post      string     `json:"post"`
	Kind      string     `json:"kind"` // appoint 任命, dismiss 免职, resign 辞职
	Nominator string     `json:"nominator"`
	Resume    string     `json:"resume,omitempty"`
	Statement string     `json:"statement,omitempty"`
	ExamScore int        `json:"exam_score,omitempty"`
	MeetingID string     `json:"meeting_id,omitempty"`
	State     string     `json:"status"`
	OathAt    *time.Time `json:"oath_at"`
	OathForm  string     `json:"oath_form,omitempty"`
	Witnesses string     `json:"witnesses,omitempty"`
	CreatedAt time.Time  `json:"created_at"`
	UpdatedAt time.Time  `json:"updated_at"`

	MeetingTitle string `json:"meeting_title,omitempty"`
}

// StateLabel names the state.
func (a *Appointment) StateLabel() string { return Flow.StateLabel(a.State) }

// OathTime is when the oath was taken (zero if not yet), for pages.
func (a *Appointment) OathTime() time.Time {
	if a.OathAt == nil {
		return time.Time{}
	}
	return *a.OathAt
}

// OathDate is the day of the oath (zero if not yet).
func (a *Appointment) OathDate() renda.Date {
	if a.OathAt == nil {
		return renda.Date{}
	}
	return renda.DateOf(*a.OathAt)
}

// NominatorLabel names who nominated.
func (a *Appointment) NominatorLabel() string {
	for _, o := range Nominators {
		if o.Value == a.Nominator {
			return o.Label
		}
	}
	return a.Nominator
}

// Filter narrows a list.
type Filter struct {
	Public bool
	State  string
	Limit  int
	Offset int
}

var staff = []string{"staff", "admin"}

// Flow is an appointment's workflow.
var Flow = renda.Register(&renda.Machine[Appointment]{
	Entity: "appointment",
	Label:  "人事任免",
	States: []renda.StateDef{{State: Nominated, Label: "已提请"}, {State: Deliberation, Label: "审议中"}, {State: Appointed, Label: "表决通过"},
		{State: Rejected, Label: "未获通过"}, {State: Sworn, Label: "已宪法宣誓"}, {State: Published, Label: "已公布"}},
	State: func(a *Appointment) *string { return &a.State },
	Acts: []renda.Act[Appointment]{
		{Rule: renda.Rule{Action: "create", Label: "登记提请任命", To: Nominated, Who: staff, Hidden: true, Fields: []renda.Field{
			{Name: "name", Label: "姓名", Kind: renda.FieldLine, Required: true, Max: 40},
			{Name: "kind", Label: "任免类别", Kind: renda.FieldChoice, Options: Kinds, Help: "不选为任命"},
			{Name: "post", Label: "职务", Kind: renda.FieldLine, Required: true, Max: 100},
			{Name: "nominator", Label: "提请机关", Kind: renda.FieldChoice, Required: true, Options: Nominators},
			{Name: "resume", Label: "简历", Kind: renda.FieldText, Max: 5000},
			{Name: "statement", Label: "任职表态发言", Kind: renda.FieldText, Max: 5000},
			{Name: "exam_score", Label: "任前法律知识考试成绩", Kind: renda.FieldInt, Min: 0, Max: 100},
		}}, Do: create},
		{Rule: renda.Rule{Action: "deliberate", Label: "提请常委会会议审议", From: []string{Nominated}, To: Deliberation, Who: staff, Tone: "primary",
			Help: "列入所选会议的议程，由组成人员表决", Fields: []renda.Field{
				{Name: "meeting", Label: "常委会会议", Kind: renda.FieldRef, Ref: "meeting", Filter: "open", Required: true},
			}}, Pre: passedExam, Do: deliberate},
		{Rule: renda.Rule{Action: "appoint", Label: "表决通过", From: []string{Deliberation}, To: Appointed, Who: []string{"system"}, Hidden: true}, Do: result},
		{Rule: renda.Rule{Action: "reject", Label: "表决未通过", From: []string{Deliberation}, To: Rejected, Who: []string{"system"}, Hidden: true}, Do: result},
		{Rule: renda.Rule{Action: "oath", Label: "记录宪法宣誓", From: []string{Appointed}, To: Sworn, Who: staff, Tone: "primary", Fields: []renda.Field{
			{Name: "date", Label: "宣誓日期", Kind: renda.FieldDate, Required: true},
			{Name: "form", Label: "宣誓形式", Kind: renda.FieldChoice, Required: true, Options: []renda.Option{{Value: "individual", Label: "单独宣誓"}, {Value: "collective", Label: "集体宣誓"}}},
			{Name: "witnesses", Label: "监誓人", Kind: renda.FieldLine, Required: true, Max: 200},
		}}, Pre: func(a *Appointment, env *renda.Env) error {
			if a.Kind != "appoint" {
				return renda.Errorf(renda.ECONFLICT, "免职、辞职无需宪法宣誓")
			}
			return nil
		}, Do: oath},
		{Rule: renda.Rule{Action: "publish", Label: "公布任免", From: []string{Appointed, Sworn}, To: Published, Who: staff, Tone: "primary"}, Pre: func(a *Appointment, env *renda.Env) error {
			if a.Kind == "appoint" && a.State != Sworn {
				return renda.Errorf(renda.ECONFLICT, "任命须先进行宪法宣誓再公布")
			}
			return nil
		}, Do: func(a *Appointment, in *renda.Input, env *renda.Env, out *renda.Outcome) error {
			a.UpdatedAt = env.Now
			out.Note = a.Subject()
			return nil
		}},
	},
})

func create(a *Appointment, in *renda.Input, env *renda.Env, out *renda.Outcome) error {
	kind := in.Text("kind")
	if kind == "" {
		kind = "appoint"
	}
	*a = Appointment{ID: a.ID, Name: in.Text("name"), Post: in.Text("post"), Kind: kind, Nominator: in.Text("nominator"), Resume: in.Text("resume"),
		Statement: in.Text("statement"), ExamScore: in.Int("exam_score"), CreatedAt: env.Now, UpdatedAt: env.Now}
	out.Note = a.Subject()
	return nil
}

func passedExam(a *Appointment, env *renda.Env) error {
	if pass := env.Settings.Int("appointment.exam_pass"); a.Kind == "appoint" && a.ExamScore < pass {
		return renda.Errorf(renda.ECONFLICT, "任前法律知识考试成绩 %d 分，低于合格分数 %d 分", a.ExamScore, pass)
	}
	return nil
}

func deliberate(a *Appointment, in *renda.Input, env *renda.Env, out *renda.Outcome) error {
	m := in.Ref("meeting")
	a.MeetingID, a.UpdatedAt = m.ID, env.Now
	out.Add(&meeting.Item{ID: renda.NewID(), MeetingID: m.ID, Title: a.Subject(), Kind: "appointment", Reporter: a.NominatorLabel(), AppointmentID: a.ID})
	out.Note = m.Name
	return nil
}

func result(a *Appointment, in *renda.Input, env *renda.Env, out *renda.Outcome) error {
	a.UpdatedAt = env.Now
	out.Note = in.Text("note")
	return nil
}

func oath(a *Appointment, in *renda.Input, env *renda.Env, out *renda.Outcome) error {
	at := in.Date("date").Start().Add(10 * time.Hour)
	a.OathAt, a.OathForm, a.Witnesses, a.UpdatedAt = &at, in.Text("form"), in.Text("witnesses"), env.Now
	out.Note = in.Date("date").Chinese() + " 监誓人：" + a.Witnesses
	return nil
}
