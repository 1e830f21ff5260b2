package supervision

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"renda"
)

var staff = []string{"staff", "admin"}

func planFields(required bool) []renda.Field {
	return []renda.Field{
		{Name: "year", Label: "年度", Kind: renda.FieldInt, Required: required, Min: 2000, Max: 2999},
		{Name: "kind", Label: "监督方式", Kind: renda.FieldChoice, Required: required, Options: Kinds},
		{Name: "title", Label: "监督事项", Kind: renda.FieldLine, Required: required, Max: 200},
		{Name: "org_id", Label: "报告或被监督单位", Kind: renda.FieldRef, Ref: "organization"},
		{Name: "committee", Label: "承办委室", Kind: renda.FieldLine, Max: 60, Help: "如财政经济工作委员会"},
		{Name: "month", Label: "安排在几月的常委会会议", Kind: renda.FieldInt, Min: 1, Max: 12},
		{Name: "summary", Label: "说明", Kind: renda.FieldText, Max: 4000},
	}
}

// Flow is the workflow of a supervision item: drafted into the plan,
// adopted by the 主任会议 (adjusted with a reason, every change in its
// history), published, then its phases. An evaluation goes plan →
// self-check → investigation → report → rating (a secret ballot; the result
// moves it on, as the system) → rectification → follow-up; 不满意 sends it
// back to report again. Relations: the roles, and "clerk" (a unit account
// of the body it is about).
var Flow = renda.Register(&renda.Machine[Item]{
	Entity: Entity,
	Label:  "监督事项",
	States: []renda.StateDef{
		{State: Draft, Label: "拟列入计划"}, {State: Planned, Label: "已列入计划"}, {State: SelfCheck, Label: "自查"},
		{State: Investigating, Label: "调查检查"}, {State: Reporting, Label: "报告审议"}, {State: Rating, Label: "满意度测评"},
		{State: Rectifying, Label: "整改"}, {State: FollowUp, Label: "跟踪监督"}, {State: Done, Label: "已完成"},
		{State: Filed, Label: "已提出质询案"}, {State: AwaitingAnswer, Label: "待答复"}, {State: Answered, Label: "已答复，待联名人表态"},
	},
	State: func(it *Item) *string { return &it.Status },
	Acts: slices.Concat([]renda.Act[Item]{
		{Rule: renda.Rule{Action: "create", Label: "新增监督事项", To: Draft, Who: staff, Hidden: true, Fields: planFields(true)}, Do: create},
		{Rule: renda.Rule{Action: "adjust", Label: "调整计划", From: []string{Draft, Planned, SelfCheck, Investigating, Reporting}, Who: staff,
			Help:   "计划经主任会议通过后调整的，写明理由；每次调整记入历史。留空的项目不变。",
			Fields: append(planFields(false), renda.Field{Name: "reason", Label: "调整理由", Kind: renda.FieldText, Max: 1000})}, Do: adjust},
		{Rule: renda.Rule{Action: "adopt", Label: "主任会议通过", From: []string{Draft}, To: Planned, Who: staff, Tone: "primary",
			Fields: []renda.Field{{Name: "note", Label: "会议名称", Kind: renda.FieldLine, Max: 100, Help: "如第十八届第五十次主任会议"}}}, Do: note},
		{Rule: renda.Rule{Action: "publish", Label: "向社会公开", From: []string{Planned, SelfCheck, Investigating, Reporting, Rating, Rectifying, FollowUp, Done, Filed, AwaitingAnswer, Answered}, Who: staff,
			Help: "监督法第六十三条：年度监督工作计划、报告、审议意见和整改情况向社会公布。"}, Pre: unpublished, Do: publish},
		{Rule: renda.Rule{Action: "schedule", Label: "确定会议日期", From: []string{Planned, SelfCheck, Investigating, Reporting}, Who: staff,
			Help:   "报告应在会议 {supervision.report_days} 日前送交，{supervision.members_days} 日前发给组成人员（遇休息日提前）。",
			Fields: []renda.Field{{Name: "meeting_on", Label: "常委会会议日期", Kind: renda.FieldDate, Required: true}}}, Do: schedule},
		{Rule: renda.Rule{Action: "receive_report", Label: "收到报告", From: []string{Planned, SelfCheck, Investigating, Reporting}, Who: []string{"clerk", "staff", "admin"},
			Fields: []renda.Field{{Name: "report", Label: "报告", Kind: renda.FieldText, Max: 20000, Help: "留空则不变"}}}, Pre: reportPending, Do: receiveReport},
		{Rule: renda.Rule{Action: "send_members", Label: "发给组成人员", From: []string{Planned, SelfCheck, Investigating, Reporting}, Who: staff}, Pre: membersPending, Do: sendMembers},
		{Rule: renda.Rule{Action: "send_opinions", Label: "交办审议意见", From: []string{Reporting, Rating, Rectifying, Done}, Who: staff,
			Help:   "有关机关应在 {supervision.response_period} 内报告研究处理情况。",
			Fields: []renda.Field{{Name: "opinions", Label: "审议意见", Kind: renda.FieldText, Required: true, Max: 20000}}}, Pre: both(planItem, opinionsPending), Do: sendOpinions},
		{Rule: renda.Rule{Action: "answer_opinions", Label: "报告研究处理情况", From: []string{Reporting, Rating, Rectifying, FollowUp, Done}, Who: []string{"clerk", "staff", "admin"}, Tone: "primary",
			Fields: []renda.Field{{Name: "response", Label: "研究处理情况", Kind: renda.FieldText, Required: true, Max: 20000}}}, Pre: responsePending, Do: answerOpinions},
		{Rule: renda.Rule{Action: "resolve", Label: "作出决议", From: []string{Reporting, Rating, Rectifying, FollowUp, Done}, Who: staff,
			Help: "监督法第十八条：常委会认为必要时，可以对专项工作报告作出决议；有关机关在决议规定的期限内报告执行情况。",
			Fields: []renda.Field{
				{Name: "resolution", Label: "决议", Kind: renda.FieldText, Required: true, Max: 20000},
				{Name: "due", Label: "报告执行情况的期限", Kind: renda.FieldDate, Required: true, Help: "落在休息日的顺延到下一个工作日"},
			}}, Pre: both(planItem, resolutionPending), Do: resolve},
		{Rule: renda.Rule{Action: "answer_resolution", Label: "报告决议执行情况", From: []string{Reporting, Rating, Rectifying, FollowUp, Done}, Who: []string{"clerk", "staff", "admin"}, Tone: "primary",
			Fields: []renda.Field{{Name: "answer", Label: "决议执行情况", Kind: renda.FieldText, Required: true, Max: 20000}}}, Pre: resolutionOpen, Do: answerResolution},
		{Rule: renda.Rule{Action: "mark_joint", Label: "与上级人大联合开展", From: []string{Draft, Planned, SelfCheck, Investigating, Reporting, Rating, Rectifying, FollowUp, Done}, Who: staff,
			Help: "与衡阳市人大或湖南省人大常委会上下联动开展的执法检查、视察、调研等：谁组织，哪些层级的代表参加。", Fields: jointFields}, Pre: planItem, Do: markJoint},
		{Rule: renda.Rule{Action: "draw", Label: "随机抽取评议对象", From: []string{Planned, SelfCheck, Investigating}, Who: staff,
			Help:    "两官评议：从员额法官、检察官名单中按随机种子抽取；名单、种子和结果公开，任何人可按同样的算法复核（见 supervision.Draw）。",
			Confirm: "抽取后不能重抽。确定抽取吗？",
			Fields: []renda.Field{
				{Name: "pool", Label: "名单", Kind: renda.FieldText, Required: true, Max: 20000, Help: "每行一人"},
				{Name: "count", Label: "抽取人数", Kind: renda.FieldInt, Required: true, Min: 1, Max: 200},
				{Name: "seed", Label: "随机种子", Kind: renda.FieldLine, Required: true, Max: 200, Help: "如主任会议的日期和名称，当场公布"},
			}}, Pre: evaluationOnly, Do: drawSubjects},
		{Rule: renda.Rule{Action: "appoint", Label: "确定参加人员", From: []string{Planned, SelfCheck, Investigating}, Who: staff,
			Help:   "执法检查组、调查委员会等的组成人员；与调查的问题有利害关系、已登记回避的不能参加（监督法第五十七条）。",
			Fields: []renda.Field{{Name: "deputy_ids", Label: "参加人员", Kind: renda.FieldRefs, Ref: "deputy", Filter: "active", Required: true}}}, Do: appoint},
		{Rule: renda.Rule{Action: "recuse", Label: "登记回避", From: []string{Draft, Planned, SelfCheck, Investigating, Reporting}, Who: staff, Tone: "danger",
			Fields: []renda.Field{
				{Name: "deputy_id", Label: "回避人员", Kind: renda.FieldRef, Ref: "deputy", Filter: "active", Required: true},
				{Name: "reason", Label: "利害关系", Kind: renda.FieldText, Required: true, Max: 1000},
			}}, Do: recuse},
		{Rule: renda.Rule{Action: "question", Label: "记录询问和回答", From: []string{Investigating, Reporting}, Who: staff,
			Help: "专题询问会上组成人员和代表的提问、应询人员及其回答；需要整改的列入整改清单。",
			Fields: []renda.Field{
				{Name: "asker", Label: "询问人", Kind: renda.FieldLine, Required: true, Max: 60},
				{Name: "question", Label: "询问", Kind: renda.FieldText, Required: true, Max: 4000},
				{Name: "official", Label: "应询人员", Kind: renda.FieldLine, Max: 100},
				{Name: "answer", Label: "回答", Kind: renda.FieldText, Max: 8000},
			}}, Pre: inquiryOnly, Do: askQuestion},
		{Rule: renda.Rule{Action: "self_check", Label: "部署自查", From: []string{Planned}, To: SelfCheck, Who: staff, Tone: "primary",
			Fields: []renda.Field{{Name: "note", Label: "自查要求", Kind: renda.FieldText, Max: 2000}}}, Pre: evaluationOnly, Do: note},
		{Rule: renda.Rule{Action: "investigate", Label: "开展调查检查", From: []string{Planned, SelfCheck}, To: Investigating, Who: staff, Tone: "primary",
			Fields: []renda.Field{{Name: "note", Label: "安排", Kind: renda.FieldText, Max: 2000, Help: "参加人员、时间、地点"}}}, Pre: selfChecked, Do: note},
		{Rule: renda.Rule{Action: "report", Label: "提请常委会审议", From: []string{Investigating}, To: Reporting, Who: staff, Tone: "primary",
			Fields: []renda.Field{{Name: "report", Label: "报告或调查报告", Kind: renda.FieldText, Max: 20000, Help: "留空则采用根据发现的问题起草的报告稿"}}}, Do: report},
		{Rule: renda.Rule{Action: "start_rating", Label: "发起满意度测评", From: []string{Reporting}, To: Rating, Who: staff, Tone: "primary",
			Help: "建立无记名表决（测评规则见设置 supervision.evaluation_rule），组成人员在手机上投票；表决结束后按结果自动进入下一阶段。"}, Pre: evaluationOnly, Do: note},
		{Rule: renda.Rule{Action: "rate", Label: "测评结果", From: []string{Rating}, To: Rectifying, Alt: []string{Done}, Who: []string{"system"}, Hidden: true,
			Fields: []renda.Field{{Name: "verdict", Label: "测评结果", Kind: renda.FieldChoice, Required: true,
				Options: []renda.Option{{Value: Satisfied, Label: Satisfied}, {Value: Basic, Label: Basic}, {Value: Dissatisfied, Label: Dissatisfied}}},
				{Name: "note", Label: "说明", Kind: renda.FieldLine, Max: 200}}}, Do: rate},
		{Rule: renda.Rule{Action: "rectify", Label: "交付整改", From: []string{Reporting}, To: Rectifying, Who: staff, Tone: "primary",
			Help: "将审议意见和整改清单交有关单位整改。"}, Pre: notEvaluation, Do: note},
		{Rule: renda.Rule{Action: "report_again", Label: "整改后再次报告", From: []string{Rectifying}, To: Reporting, Who: staff,
			Help: "测评不满意的，整改后向下一次常委会会议再次报告并测评。"}, Pre: dissatisfied, Do: note},
		{Rule: renda.Rule{Action: "follow_up", Label: "听取整改情况报告", From: []string{Rectifying}, To: FollowUp, Who: staff, Tone: "primary",
			Fields: []renda.Field{{Name: "note", Label: "整改情况", Kind: renda.FieldText, Max: 4000}}}, Pre: allClosed, Do: note},
		{Rule: renda.Rule{Action: "finish", Label: "办结", From: []string{Reporting, FollowUp}, To: Done, Who: staff, Tone: "primary",
			Fields: []renda.Field{{Name: "note", Label: "说明", Kind: renda.FieldText, Max: 2000}}}, Pre: finishable, Do: note},
	}, interpellationActs, findingActs),
})

// Facts are what the store loads for an item's action.
type Facts struct {
	OpenRectifications int // rectifications not yet closed
}

func create(it *Item, in *renda.Input, env *renda.Env, out *renda.Outcome) error {
	*it = Item{ID: it.ID, Year: in.Int("year"), Kind: in.Text("kind"), Title: in.Text("title"), Committee: in.Text("committee"),
		Month: in.Int("month"), Summary: in.Text("summary"), CreatedAt: env.Now, UpdatedAt: env.Now}
	if r := in.Ref("org_id"); r != nil {
		it.OrgID, it.Body = r.ID, r.Name
	}
	out.Note = strconv.Itoa(it.Year) + "年 · " + KindLabel(it.Kind)
	return nil
}

func adjust(it *Item, in *renda.Input, env *renda.Env, out *renda.Outcome) error {
	if in.Has("year") && in.Int("year") != 0 {
		it.Year = in.Int("year")
	}
	if k := in.Text("kind"); k != "" {
		it.Kind = k
	}
	if t := in.Text("title"); t != "" {
		it.Title = t
	}
	if r := in.Ref("org_id"); r != nil {
		it.OrgID, it.Body = r.ID, r.Name
	}
	if c := in.Text("committee"); c != "" {
		it.Committee = c
	}
	if in.Int("month") != 0 {
		it.Month = in.Int("month")
	}
	if s := in.Text("summary"); s != "" {
		it.Summary = s
	}
	out.Note = in.Text("reason")
	return nil
}

func itoa(n int) string { return strconv.Itoa(n) }

func note(it *Item, in *renda.Input, env *renda.Env, out *renda.Outcome) error {
	out.Note = in.Text("note")
	return nil
}

func unpublished(it *Item, env *renda.Env) error {
	if it.Published {
		return renda.Errorf(renda.ECONFLICT, "已经公开")
	}
	return nil
}

func publish(it *Item, in *renda.Input, env *renda.Env, out *renda.Outcome) error {
	it.Published = true
	return nil
}

func evaluationOnly(it *Item, env *renda.Env) error {
	if !it.Evaluation() {
		return renda.Errorf(renda.ECONFLICT, "只有专项工作评议需要这一步")
	}
	return nil
}

func notEvaluation(it *Item, env *renda.Env) error {
	if it.Evaluation() {
		return renda.Errorf(renda.ECONFLICT, "专项工作评议须经满意度测评后整改")
	}
	return nil
}

func selfChecked(it *Item, env *renda.Env) error {
	if it.Evaluation() && it.Status == Planned {
		return renda.Errorf(renda.ECONFLICT, "专项工作评议应先部署自查")
	}
	return nil
}

// report adopts the report: the text given, or else the draft made from
// the findings.
func report(it *Item, in *renda.Input, env *renda.Env, out *renda.Outcome) error {
	it.Report = in.Text("report")
	if it.Report == "" && it.ReportDraft != "" {
		it.Report = strings.Replace(it.ReportDraft, "（草稿）", "", 1) // adopted: no longer a draft
		out.Note = "采用报告稿"
	}
	if it.Report == "" {
		return &renda.Error{Code: renda.EINVALID, Message: "输入有误：请填写报告或调查报告", Fields: []renda.FieldError{{Field: "report", Message: "请填写报告或调查报告"}}}
	}
	if it.OrgID != "" {
		out.Notify(renda.ToOrg(it.OrgID), "监督事项已提请常委会审议", it.Title, "/supervision/"+it.ID)
	}
	return nil
}

func rate(it *Item, in *renda.Input, env *renda.Env, out *renda.Outcome) error {
	it.Verdict = in.Text("verdict")
	out.Note = it.Verdict
	if n := in.Text("note"); n != "" {
		out.Note += "（" + n + "）"
	}
	if it.Verdict == Satisfied {
		out.To = Done
		return nil
	}
	if it.OrgID != "" {
		out.Notify(renda.ToOrg(it.OrgID), fmt.Sprintf("满意度测评结果为%s，请按整改清单整改", it.Verdict), it.Title, "/supervision/"+it.ID)
	}
	return nil
}

func dissatisfied(it *Item, env *renda.Env) error {
	if it.Verdict != Dissatisfied {
		return renda.Errorf(renda.ECONFLICT, "测评结果为不满意的才需再次报告")
	}
	return nil
}

func allClosed(it *Item, env *renda.Env) error {
	if f, ok := env.Facts.(*Facts); ok && f != nil && f.OpenRectifications > 0 {
		return renda.Errorf(renda.ECONFLICT, "还有 %d 项整改未销号", f.OpenRectifications)
	}
	return nil
}

func finishable(it *Item, env *renda.Env) error {
	if it.Status == Reporting && it.Evaluation() {
		return renda.Errorf(renda.ECONFLICT, "专项工作评议须经满意度测评")
	}
	return nil
}

// Relations returns the actor's ties to an item: the roles, and "clerk"
// for a unit account of the body it is about.
func Relations(u *renda.User, orgID string) renda.Rel {
	rel := renda.RoleRel(u)
	if u != nil && u.Role == renda.RoleUnit && orgID != "" && u.OrgID == orgID {
		rel = append(rel, "clerk")
	}
	return rel
}

// RectFlow is the workflow of one line of a rectification list: staff add
// it (open); the body's clerk reports what was done with its evidence
// (answered); staff close it (销号) or send it back (open).
var RectFlow = renda.Register(&renda.Machine[Rectification]{
	Entity: "supervision_rectification",
	Label:  "整改事项",
	States: []renda.StateDef{{State: RectOpen, Label: "整改中"}, {State: RectAnswered, Label: "已报整改情况"}, {State: RectClosed, Label: "已销号"}},
	State:  func(r *Rectification) *string { return &r.Status },
	Acts: []renda.Act[Rectification]{
		{Rule: renda.Rule{Action: "create", Label: "列入整改清单", To: RectOpen, Who: staff, Hidden: true, Fields: []renda.Field{
			{Name: "text", Label: "问题", Kind: renda.FieldText, Required: true, Max: 2000},
			{Name: "measure", Label: "整改措施", Kind: renda.FieldText, Max: 2000},
			{Name: "owner", Label: "责任人或责任单位", Kind: renda.FieldLine, Required: true, Max: 100},
			{Name: "due", Label: "整改期限", Kind: renda.FieldDate, Help: "留空则按 {supervision.rectify_period}"},
		}}, Do: rectCreate},
		{Rule: renda.Rule{Action: "answer", Label: "报告整改情况", From: []string{RectOpen}, To: RectAnswered, Who: []string{"clerk", "staff", "admin"}, Tone: "primary",
			Fields: []renda.Field{
				{Name: "measure", Label: "整改措施", Kind: renda.FieldText, Required: true, Max: 2000},
				{Name: "evidence", Label: "整改成效和佐证", Kind: renda.FieldText, Required: true, Max: 4000},
			}}, Do: rectAnswer},
		{Rule: renda.Rule{Action: "close", Label: "销号", From: []string{RectAnswered}, To: RectClosed, Who: staff, Tone: "primary",
			Fields: []renda.Field{{Name: "note", Label: "意见", Kind: renda.FieldLine, Max: 200}}}, Do: rectNote},
		{Rule: renda.Rule{Action: "reopen", Label: "退回继续整改", From: []string{RectAnswered}, To: RectOpen, Who: staff, Tone: "danger",
			Fields: []renda.Field{{Name: "note", Label: "理由", Kind: renda.FieldText, Required: true, Max: 1000}}}, Do: rectNote},
	},
})

// RectFacts are what the store loads for a rectification's action.
type RectFacts struct {
	Item *Item
}

func rectCreate(r *Rectification, in *renda.Input, env *renda.Env, out *renda.Outcome) error {
	f, _ := env.Facts.(*RectFacts)
	if f == nil || f.Item == nil {
		return renda.Errorf(renda.EINTERNAL, "supervision: a rectification without its item")
	}
	if f.Item.Status == Draft || f.Item.Status == Done {
		return renda.Errorf(renda.ECONFLICT, "当前状态为“%s”，不能列入整改清单", f.Item.StatusLabel())
	}
	*r = Rectification{ID: r.ID, ItemID: f.Item.ID, OrgID: f.Item.OrgID, Text: in.Text("text"), Measure: in.Text("measure"), Owner: in.Text("owner"),
		Due: in.Date("due"), CreatedAt: env.Now, UpdatedAt: env.Now}
	if r.Due.IsZero() {
		r.Due = env.Due(env.Today(), "supervision.rectify_period")
	}
	out.Note = r.Text
	return nil
}

func rectAnswer(r *Rectification, in *renda.Input, env *renda.Env, out *renda.Outcome) error {
	r.Measure, r.Evidence = in.Text("measure"), in.Text("evidence")
	out.Note = r.Evidence
	out.Notify(renda.ToRoles(renda.RoleStaff), "整改情况已报送", r.Text, "/supervision/"+r.ItemID)
	return nil
}

func rectNote(r *Rectification, in *renda.Input, env *renda.Env, out *renda.Outcome) error {
	out.Note = in.Text("note")
	return nil
}

// planItem refuses the plan's report loop and joint marking on a 质询案.
func planItem(it *Item, env *renda.Env) error {
	if it.Interpellation() {
		return renda.Errorf(renda.ECONFLICT, "质询案没有这一步")
	}
	return nil
}

// both checks two preconditions in order.
func both(a, b func(*Item, *renda.Env) error) func(*Item, *renda.Env) error {
	return func(it *Item, env *renda.Env) error {
		if err := a(it, env); err != nil {
			return err
		}
		return b(it, env)
	}
}
