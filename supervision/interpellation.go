package supervision

import (
	"fmt"
	"strings"

	"renda"
)

// A 质询案 (监督法 ch. 6): members of the standing committee — at least
// supervision.interpellation_signers of them (3 at county level) — put a
// written interpellation to a body; the 主任会议 hands it to the body, which
// answers in writing or at a meeting; each signer then says whether they
// are satisfied. When more than half of the signers are not, the body
// answers again (the item goes back to awaiting an answer with a new
// deadline on the working-day calendar). A 质询案 is an item of kind
// inquiry with Form "interpellation", so the plan's list and the fixed API
// keep their kinds.

var interpellationSettings = renda.RegisterSettings([]renda.SettingDef{
	{Key: "supervision.interpellation_signers", Group: "监督工作", Label: "质询案的最少联名人数", Kind: renda.KindInt, Default: 3, Min: 1, Max: 50,
		Help: "县级人大常委会组成人员三人以上联名，可以提出质询案（监督法第四十四条）；设区的市以上为五人。"},
	{Key: "supervision.interpellation_period", Group: "监督工作", Label: "质询案的答复期限", Kind: renda.KindPeriod, Default: renda.Period{N: 15, Unit: renda.UnitWorkingDays}, Min: 1, Max: 90,
		Help: "主任会议将质询案交受质询机关后，受质询机关在此期限内答复；过半数联名人对答复不满意、要求再作答复的，再按此期限答复。到期前提醒一次。"},
}...)

// FormInterpellation marks a supervision item that is a 质询案.
const FormInterpellation = "interpellation"

// The states of a 质询案.
const (
	Filed          = "filed"           // 已提出，待主任会议决定
	AwaitingAnswer = "awaiting_answer" // 待受质询机关答复
	Answered       = "answered"        // 已答复，联名人表态中
)

// Answer modes of a 质询案.
var AnswerModes = []renda.Option{
	{Value: "written", Label: "书面答复"},
	{Value: "meeting", Label: "在常委会全体会议上口头答复"},
	{Value: "committee", Label: "在专门委员会会议上口头答复"},
}

// AnswerModeLabel names an answer mode.
func AnswerModeLabel(m string) string { return optionLabel(AnswerModes, m) }

// Interpellation reports whether the item is a 质询案.
func (it *Item) Interpellation() bool { return it.Form == FormInterpellation }

// Signer is a member who signed a 质询案.
type Signer struct {
	ItemID   string `json:"-"`
	DeputyID string `json:"deputy_id"`
	Name     string `json:"name"`
	Position int    `json:"position"`
}

// Stance is one signer's view of one answer: satisfied or not.
type Stance struct {
	ItemID    string     `json:"-"`
	Round     int        `json:"round"`
	DeputyID  string     `json:"deputy_id"`
	Name      string     `json:"name"`
	Satisfied bool       `json:"satisfied"`
	Reason    string     `json:"reason,omitempty"`
	On        renda.Date `json:"on"`
}

// Answer is the body's answer to a 质询案, one per round.
type Answer struct {
	ID       string     `json:"id"`
	ItemID   string     `json:"-"`
	Round    int        `json:"round"`
	Mode     string     `json:"mode"`
	Official string     `json:"official,omitempty"`
	Text     string     `json:"text"`
	On       renda.Date `json:"on"`
}

// ModeLabel names how the answer was given.
func (a *Answer) ModeLabel() string { return AnswerModeLabel(a.Mode) }

// InterpellationFacts are what the store loads for a 质询案's actions: the
// standing committee's members (nil when the deployment has no such group),
// the signers, and the stances already given on the current answer.
type InterpellationFacts struct {
	Members map[string]bool
	Signers []Signer
	Stances []Stance // of the current round
}

func interpellationFacts(env *renda.Env) *InterpellationFacts {
	f, _ := env.Facts.(*InterpellationFacts)
	if f == nil {
		f = &InterpellationFacts{}
	}
	return f
}

var interpellationActs = []renda.Act[Item]{
	{Rule: renda.Rule{Action: "file", Label: "提出质询案", To: Filed, Who: staff, Hidden: true,
		Fields: []renda.Field{
			{Name: "title", Label: "案由", Kind: renda.FieldLine, Required: true, Max: 200, Help: "如：关于城区老旧小区改造工程质量问题的质询案"},
			{Name: "org_id", Label: "受质询机关", Kind: renda.FieldRef, Ref: "organization", Required: true},
			{Name: "question", Label: "质询的问题和内容", Kind: renda.FieldText, Required: true, Max: 8000},
			{Name: "signer_ids", Label: "联名的常委会组成人员", Kind: renda.FieldRefs, Ref: "deputy", Filter: "active", Required: true,
				Help: "至少 {supervision.interpellation_signers} 人"},
		}}, Do: fileInterpellation},
	{Rule: renda.Rule{Action: "hand_over", Label: "交受质询机关答复", From: []string{Filed}, To: AwaitingAnswer, Who: staff, Tone: "primary",
		Help: "主任会议决定由受质询机关书面答复，或在常委会全体会议、专门委员会会议上口头答复；答复期限 {supervision.interpellation_period}。",
		Fields: []renda.Field{
			{Name: "mode", Label: "答复方式", Kind: renda.FieldChoice, Required: true, Options: AnswerModes},
			{Name: "note", Label: "主任会议", Kind: renda.FieldLine, Max: 100, Help: "如第十九届第八次主任会议"},
		}}, Do: handOver},
	{Rule: renda.Rule{Action: "answer_interpellation", Label: "答复质询", From: []string{AwaitingAnswer}, To: Answered, Who: []string{"clerk", "staff", "admin"}, Tone: "primary",
		Help: "书面答复由受质询机关报送；口头答复由工作人员记录。",
		Fields: []renda.Field{
			{Name: "answer", Label: "答复内容", Kind: renda.FieldText, Required: true, Max: 20000},
			{Name: "official", Label: "答复人", Kind: renda.FieldLine, Max: 100, Help: "受质询机关的负责人，如局长"},
			{Name: "mode", Label: "答复方式", Kind: renda.FieldChoice, Options: AnswerModes, Help: "留空按主任会议决定的方式；再作答复的方式可以不同"},
		}}, Do: answerInterpellation},
	{Rule: renda.Rule{Action: "assess", Label: "对答复表态", From: []string{Answered}, Alt: []string{AwaitingAnswer, Done}, Who: []string{"signer", "staff", "admin"}, Tone: "primary",
		Help: "每位联名人对本次答复表态一次。过半数联名人不满意的，受质询机关再作答复。",
		Fields: []renda.Field{
			{Name: "stance", Label: "是否满意", Kind: renda.FieldChoice, Required: true,
				Options: []renda.Option{{Value: "satisfied", Label: "满意"}, {Value: "dissatisfied", Label: "不满意"}}},
			{Name: "deputy_id", Label: "联名人", Kind: renda.FieldRef, Ref: "deputy", Help: "工作人员代为登记联名人的书面表态时选择；联名人本人表态不用选"},
			{Name: "reason", Label: "理由", Kind: renda.FieldText, Max: 2000},
		}}, Pre: notStated, Do: assess},
	{Rule: renda.Rule{Action: "conclude", Label: "结束表态", From: []string{Answered}, To: Done, Who: staff,
		Help:   "有联名人未表态（如已不再担任组成人员）时，按已表态的结果办结：不满意的未过半数。",
		Fields: []renda.Field{{Name: "note", Label: "说明", Kind: renda.FieldText, Max: 1000}}}, Pre: notAllStated, Do: conclude},
}

// fileInterpellation registers a 质询案 with its signers: at least the
// setting's number, each a member of the standing committee.
func fileInterpellation(it *Item, in *renda.Input, env *renda.Env, out *renda.Outcome) error {
	f := interpellationFacts(env)
	signers := in.Refs("signer_ids")
	min := env.Settings.Int("supervision.interpellation_signers")
	if len(signers) < min {
		msg := fmt.Sprintf("质询案须由常委会组成人员 %d 人以上联名提出，现在只有 %d 人", min, len(signers))
		return &renda.Error{Code: renda.EINVALID, Message: "输入有误：" + msg, Fields: []renda.FieldError{{Field: "signer_ids", Message: msg}}}
	}
	var names []string
	for i, r := range signers {
		if f.Members != nil && !f.Members[r.ID] {
			msg := r.Name + "不是常委会组成人员，不能联名提出质询案"
			return &renda.Error{Code: renda.EINVALID, Message: "输入有误：" + msg, Fields: []renda.FieldError{{Field: "signer_ids", Message: msg}}}
		}
		out.Add(&Signer{ItemID: it.ID, DeputyID: r.ID, Name: r.Name, Position: i + 1})
		names = append(names, r.Name)
	}
	for _, r := range signers { // each signer's duty record: the 质询案 they signed
		out.Credit(renda.Credit{DeputyID: r.ID, Kind: "interpellation", Title: "质询案：" + in.Text("title"), Entity: Entity, EntityID: it.ID})
	}
	*it = Item{ID: it.ID, Year: env.Today().Year, Kind: KindInquiry, Form: FormInterpellation, Title: in.Text("title"), Summary: in.Text("question"),
		CreatedAt: env.Now, UpdatedAt: env.Now}
	if r := in.Ref("org_id"); r != nil {
		it.OrgID, it.Body = r.ID, r.Name
	}
	out.Note = fmt.Sprintf("%d 人联名：%s", len(names), strings.Join(names, "、"))
	return nil
}

// answerDue is the deadline of an answer given from today: the setting's
// period on the working-day calendar, a last day on a rest day moved on.
func answerDue(env *renda.Env) renda.Date {
	d := env.Due(env.Today(), "supervision.interpellation_period")
	for i := 0; env.Calendar != nil && i < 30 && !env.Calendar.IsWorkingDay(d); i++ {
		d = d.AddDays(1)
	}
	return d
}

func handOver(it *Item, in *renda.Input, env *renda.Env, out *renda.Outcome) error {
	it.Round, it.AnswerMode, it.AnswerDue, it.AnsweredOn = 1, in.Text("mode"), answerDue(env), renda.Date{}
	out.Note = AnswerModeLabel(it.AnswerMode) + "，答复期限 " + it.AnswerDue.Chinese()
	if n := in.Text("note"); n != "" {
		out.Note = n + "决定：" + out.Note
	}
	if it.OrgID != "" {
		out.Notify(renda.ToOrg(it.OrgID), "请答复质询案", it.Title+"："+AnswerModeLabel(it.AnswerMode)+"，请于 "+it.AnswerDue.Chinese()+" 前答复。", "/supervision/"+it.ID)
	}
	return nil
}

func answerInterpellation(it *Item, in *renda.Input, env *renda.Env, out *renda.Outcome) error {
	f := interpellationFacts(env)
	it.AnsweredOn = env.Today()
	if m := in.Text("mode"); m != "" {
		it.AnswerMode = m
	}
	out.Add(&Answer{ID: renda.NewID(), ItemID: it.ID, Round: it.Round, Mode: it.AnswerMode, Official: in.Text("official"), Text: in.Text("answer"), On: it.AnsweredOn})
	out.Note = fmt.Sprintf("第 %d 次答复（%s）", it.Round, AnswerModeLabel(it.AnswerMode))
	for _, s := range f.Signers {
		out.Notify(renda.ToDeputy(s.DeputyID), "质询案已答复，请表态", it.Title+"：请对受质询机关的答复表示满意或者不满意。", "/supervision/"+it.ID)
	}
	return nil
}

// assess records one signer's stance on the current answer. More than half
// of all signers not satisfied sends the item back for another answer at
// once; once every signer has spoken it is done.
func assess(it *Item, in *renda.Input, env *renda.Env, out *renda.Outcome) error {
	f := interpellationFacts(env)
	var who *Signer
	self := env.Actor != nil && env.Actor.Role == renda.RoleDeputy
	id := in.Text("deputy_id")
	if self {
		if id != "" && id != env.Actor.DeputyID {
			return &renda.Error{Code: renda.EINVALID, Message: "输入有误：只能为自己表态", Fields: []renda.FieldError{{Field: "deputy_id", Message: "只能为自己表态"}}}
		}
		id = env.Actor.DeputyID
	}
	if id == "" {
		return &renda.Error{Code: renda.EINVALID, Message: "输入有误：请选择联名人", Fields: []renda.FieldError{{Field: "deputy_id", Message: "请选择联名人"}}}
	}
	for i := range f.Signers {
		if f.Signers[i].DeputyID == id {
			who = &f.Signers[i]
		}
	}
	if who == nil {
		return &renda.Error{Code: renda.EINVALID, Message: "输入有误：所选代表不是本质询案的联名人", Fields: []renda.FieldError{{Field: "deputy_id", Message: "不是联名人"}}}
	}
	dissatisfied, stated := 0, 1
	for _, s := range f.Stances {
		if s.DeputyID == id {
			return renda.Errorf(renda.ECONFLICT, "%s已经对第 %d 次答复表态", who.Name, it.Round)
		}
		stated++
		if !s.Satisfied {
			dissatisfied++
		}
	}
	st := &Stance{ItemID: it.ID, Round: it.Round, DeputyID: id, Name: who.Name, Satisfied: in.Text("stance") == "satisfied", Reason: in.Text("reason"), On: env.Today()}
	if !st.Satisfied {
		dissatisfied++
	}
	out.Add(st)
	label := map[bool]string{true: "满意", false: "不满意"}[st.Satisfied]
	out.Note = fmt.Sprintf("%s：%s", who.Name, label)
	if st.Reason != "" {
		out.Note += "（" + st.Reason + "）"
	}
	n := len(f.Signers)
	switch {
	case dissatisfied*2 > n:
		it.Round++
		it.AnswerDue, it.AnsweredOn = answerDue(env), renda.Date{}
		out.To = AwaitingAnswer
		out.Note += fmt.Sprintf("；联名人 %d 人中 %d 人不满意，超过半数，受质询机关再作答复，期限 %s", n, dissatisfied, it.AnswerDue.Chinese())
		if it.OrgID != "" {
			out.Notify(renda.ToOrg(it.OrgID), "质询案须再作答复", fmt.Sprintf("%s：过半数联名人对答复不满意，请于 %s 前再作答复。", it.Title, it.AnswerDue.Chinese()), "/supervision/"+it.ID)
		}
		out.Notify(renda.ToRoles(renda.RoleStaff), "质询案须再作答复", it.Title, "/supervision/"+it.ID)
	case stated == n:
		out.To = Done
		out.Note += fmt.Sprintf("；联名人 %d 人全部表态，%d 人不满意，未超过半数，质询案办结", n, dissatisfied)
	}
	return nil
}

func notAllStated(it *Item, env *renda.Env) error {
	if f, ok := env.Facts.(*InterpellationFacts); ok && f != nil && len(f.Signers) > 0 && len(f.Stances) >= len(f.Signers) {
		return renda.Errorf(renda.ECONFLICT, "联名人已全部表态")
	}
	return nil
}

func conclude(it *Item, in *renda.Input, env *renda.Env, out *renda.Outcome) error {
	f := interpellationFacts(env)
	dissatisfied := 0
	for _, s := range f.Stances {
		if !s.Satisfied {
			dissatisfied++
		}
	}
	out.Note = fmt.Sprintf("联名人 %d 人中 %d 人表态，%d 人不满意", len(f.Signers), len(f.Stances), dissatisfied)
	if n := in.Text("note"); n != "" {
		out.Note += "；" + n
	}
	return nil
}

// InterpellationRelations adds "signer" to rel for a signer of the 质询案,
// and "stated" when they have given a stance on the current answer.
func InterpellationRelations(rel renda.Rel, u *renda.User, signers []string, stated map[string]bool) renda.Rel {
	if u == nil || u.Role != renda.RoleDeputy || u.DeputyID == "" {
		return rel
	}
	for _, id := range signers {
		if id == u.DeputyID {
			rel = append(rel, "signer")
			if stated[id] {
				rel = append(rel, "stated")
			}
			return rel
		}
	}
	return rel
}

// notStated refuses a signer's second stance on the same answer (staff
// recording others' stances are checked in assess).
func notStated(it *Item, env *renda.Env) error {
	if env.Rel.Has("stated") && !env.Rel.Has("staff", "admin") {
		return renda.Errorf(renda.ECONFLICT, "您已经对第 %d 次答复表态", it.Round)
	}
	return nil
}
