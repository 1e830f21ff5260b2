package budget

import (
	"fmt"
	"time"

	"renda"
)

// AdjustItem is one kind of change in the 调整事项 column: a budget
// adjustment that the standing committee must approve (预算法 art. 67:
// more or less total spending, money from the budget stabilisation fund,
// less for key items, more debt), or a transfer the government makes
// itself (art. 72, and the reserve fund, art. 64).
type AdjustItem struct {
	Name     string
	Approval bool   // needs the standing committee's approval
	Basis    string // the article, for people
}

// AdjustItems in the template's order.
var AdjustItems = []AdjustItem{
	{"增加预算总支出", true, "预算法第六十七条第一项"},
	{"减少预算总支出", true, "预算法第六十七条第一项"},
	{"调入预算稳定调节基金", true, "预算法第六十七条第二项"},
	{"调减重点支出", true, "预算法第六十七条第三项"},
	{"增加举借债务", true, "预算法第六十七条第四项"},
	{"科目间调剂", false, "预算法第七十二条"},
	{"项目间调剂", false, "预算法第七十二条"},
	{"部门间调剂", false, "预算法第七十二条"},
	{"动用预备费", false, "预算法第六十四条"},
}

// AdjustItemOf returns the kind of change called name.
func AdjustItemOf(name string) (AdjustItem, bool) {
	for _, a := range AdjustItems {
		if a.Name == name {
			return a, true
		}
	}
	return AdjustItem{}, false
}

// AdjustItemNames lists the kinds of change, for templates and messages.
func AdjustItemNames() []string {
	out := make([]string, len(AdjustItems))
	for i, a := range AdjustItems {
		out[i] = a.Name
	}
	return out
}

// NeedsApproval reports whether a document with these kinds of change
// needs the standing committee's approval: any one of them does.
func NeedsApproval(items []string) bool {
	for _, n := range items {
		if a, ok := AdjustItemOf(n); ok && a.Approval {
			return true
		}
	}
	return false
}

// AdjustmentDoc is one document's adjustment or transfer as its current
// lines say (the same 文号 in a year).
type AdjustmentDoc struct {
	Year     int
	Doc      string
	Items    []string // the kinds of change, in template order
	Orgs     []string // the departments named
	Increase Fen      // the sum of the positive lines
	Decrease Fen      // the sum of the negative lines (≤ 0)
	Lines    int
	// The approval item, for a document that needs one.
	ID, State string
}

// Net is the document's net change of spending.
func (d *AdjustmentDoc) Net() Fen { return d.Increase + d.Decrease }

// Approval reports whether the document needs the committee's approval.
func (d *AdjustmentDoc) Approval() bool { return NeedsApproval(d.Items) }

// Type names what the document is: 预算调整 (approved by the committee) or
// 预算调剂.
func (d *AdjustmentDoc) Type() string {
	if d.Approval() {
		return "预算调整"
	}
	return "预算调剂"
}

// StateLabel names the approval item's state ("" for a transfer).
func (d *AdjustmentDoc) StateLabel() string {
	if d.State == "" {
		return ""
	}
	return AdjustmentFlow.StateLabel(d.State)
}

// Adjustment states.
const (
	Pending  = "pending"  // 待常委会审查批准
	Approved = "approved" // 常委会已批准
	Returned = "returned" // 未批准，退回修改
	Exempt   = "exempt"   // 经审核无需常委会批准
)

// Adjustment is a budget adjustment plan that needs the standing
// committee's approval (预算法 art. 67–69): raised when its document's lines
// come in, scheduled for a meeting (the plan due at the committee's finance
// body the set days before), then approved or returned; a revised plan for
// a returned one (the same 文号 imported again) comes back for review.
type Adjustment struct {
	ID        string     `json:"id"`
	Year      int        `json:"year"`
	Doc       string     `json:"document"`
	Summary   string     `json:"summary"` // the kinds of change and the amounts, as raised
	State     string     `json:"state"`
	MeetingOn renda.Date `json:"meeting_on,omitzero"` // the standing committee's meeting that reviews it
	Due       renda.Date `json:"due,omitzero"`        // the plan due at the finance body
	Decision  string     `json:"decision,omitempty"`  // the committee's decision or staff's note
	DecidedOn renda.Date `json:"decided_on,omitzero"`
	CreatedAt time.Time  `json:"created_at"`
}

// StateLabel names the adjustment's state.
func (a *Adjustment) StateLabel() string { return AdjustmentFlow.StateLabel(a.State) }

// Open reports whether the adjustment still waits for the committee.
func (a *Adjustment) Open() bool { return a.State == Pending }

// AdjustmentSummary says what a document changes, for the raise.
func AdjustmentSummary(d *AdjustmentDoc) string {
	s := fmt.Sprintf("%d 年%s（%s）", d.Year, d.Type(), d.Doc)
	for i, it := range d.Items {
		if i == 0 {
			s += "："
		} else {
			s += "、"
		}
		s += it
	}
	return s + fmt.Sprintf("；调增 %s 元，调减 %s 元，净额 %s 元", d.Increase, -d.Decrease, d.Net())
}

// AdjustmentFlow is the committee's review of an adjustment plan.
var AdjustmentFlow = renda.Register(&renda.Machine[Adjustment]{
	Entity: "budget_adjustment",
	Label:  "预算调整方案",
	States: []renda.StateDef{{State: Pending, Label: "待审查批准"}, {State: Approved, Label: "已批准"}, {State: Returned, Label: "未批准"}, {State: Exempt, Label: "无需批准"}},
	State:  func(a *Adjustment) *string { return &a.State },
	Acts: []renda.Act[Adjustment]{
		{Rule: renda.Rule{Action: "raise", Label: "收到调整方案", To: Pending, Who: []string{"system", "staff", "admin"}, Hidden: true,
			Fields: []renda.Field{{Name: "text", Label: "内容", Kind: renda.FieldText, Required: true, Max: 2000}}}, Do: raiseAdjustment},
		{Rule: renda.Rule{Action: "resubmit", Label: "收到修改后的方案", From: []string{Returned}, To: Pending, Who: []string{"system"}, Hidden: true,
			Fields: []renda.Field{{Name: "text", Label: "内容", Kind: renda.FieldText, Required: true, Max: 2000}}}, Do: resubmitAdjustment},
		// A revised file for a plan already approved (or found exempt) is a
		// further adjustment: it comes back for the committee's approval.
		{Rule: renda.Rule{Action: "revise", Label: "批准后收到修改后的方案", From: []string{Approved, Exempt}, To: Pending, Who: []string{"system"}, Hidden: true,
			Fields: []renda.Field{{Name: "text", Label: "内容", Kind: renda.FieldText, Required: true, Max: 2000}}}, Do: reviseAdjustment},
		{Rule: renda.Rule{Action: "schedule", Label: "安排常委会会议审查", From: []string{Pending}, Who: []string{"staff", "admin"},
			Help:   "调整方案应在常委会会议的 {budget.adjustment_days} 日前送交财经委员会（有关工作机构）征求意见。",
			Fields: []renda.Field{{Name: "meeting_on", Label: "常委会会议日期", Kind: renda.FieldDate, Required: true}}}, Do: scheduleAdjustment},
		{Rule: renda.Rule{Action: "approve", Label: "常委会批准", From: []string{Pending}, To: Approved, Who: []string{"staff", "admin"}, Tone: "primary",
			Fields: []renda.Field{{Name: "date", Label: "批准日期", Kind: renda.FieldDate, Required: true},
				{Name: "text", Label: "决议", Kind: renda.FieldText, Required: true, Max: 4000, Help: "如 市人大常委会关于批准 2024 年市级预算调整方案的决议"}}}, Do: decideAdjustment},
		{Rule: renda.Rule{Action: "return", Label: "未批准，退回修改", From: []string{Pending}, To: Returned, Who: []string{"staff", "admin"}, Tone: "danger",
			Fields: []renda.Field{{Name: "date", Label: "日期", Kind: renda.FieldDate, Required: true},
				{Name: "text", Label: "意见", Kind: renda.FieldText, Required: true, Max: 4000}}}, Do: decideAdjustment},
		{Rule: renda.Rule{Action: "exempt", Label: "无需常委会批准", From: []string{Pending}, To: Exempt, Who: []string{"staff", "admin"},
			Help:   "经审核不属于预算法第六十七条规定情形的（如实为调剂），说明理由后办结。",
			Fields: []renda.Field{{Name: "text", Label: "理由", Kind: renda.FieldText, Required: true, Max: 2000}}}, Do: exemptAdjustment},
	},
})

func raiseAdjustment(a *Adjustment, in *renda.Input, env *renda.Env, out *renda.Outcome) error {
	a.Summary, a.CreatedAt = in.Text("text"), env.Now
	out.Note = a.Summary
	out.Notify(renda.ToRoles(renda.RoleStaff), "预算调整方案待常委会审查批准："+a.Doc, a.Summary, "/budget/adjustments/"+a.ID)
	return nil
}

func resubmitAdjustment(a *Adjustment, in *renda.Input, env *renda.Env, out *renda.Outcome) error {
	a.Summary, a.Decision, a.DecidedOn, a.MeetingOn, a.Due = in.Text("text"), "", renda.Date{}, renda.Date{}, renda.Date{}
	out.Note = a.Summary
	out.Notify(renda.ToRoles(renda.RoleStaff), "修改后的预算调整方案待审查："+a.Doc, a.Summary, "/budget/adjustments/"+a.ID)
	return nil
}

// reviseAdjustment reopens an approved (or exempt) plan whose document came
// in again with other lines: the earlier decision stays in the trail.
func reviseAdjustment(a *Adjustment, in *renda.Input, env *renda.Env, out *renda.Outcome) error {
	was := map[string]string{Approved: "已批准", Exempt: "经审核无需批准"}[a.State]
	out.Note = fmt.Sprintf("%s的方案收到修改后的文件，重新提请常委会审查批准（原决定 %s：%s）；%s", was, a.DecidedOn, a.Decision, in.Text("text"))
	a.Summary, a.Decision, a.DecidedOn, a.MeetingOn, a.Due = in.Text("text"), "", renda.Date{}, renda.Date{}, renda.Date{}
	out.Notify(renda.ToRoles(renda.RoleStaff), "已批准的预算调整方案有修改，须重新审查批准："+a.Doc, a.Summary, "/budget/adjustments/"+a.ID)
	return nil
}

func scheduleAdjustment(a *Adjustment, in *renda.Input, env *renda.Env, out *renda.Outcome) error {
	days := env.Settings.Int("budget.adjustment_days")
	a.MeetingOn = in.Date("meeting_on")
	a.Due = a.MeetingOn.AddDays(-days)
	out.Note = fmt.Sprintf("常委会会议 %s 审查；方案应于 %s 前送交", a.MeetingOn, a.Due)
	if renda.DateOf(a.CreatedAt).After(a.Due) {
		out.Note += fmt.Sprintf("（方案晚于会议举行 %d 日前收到）", days)
	}
	return nil
}

func decideAdjustment(a *Adjustment, in *renda.Input, env *renda.Env, out *renda.Outcome) error {
	a.Decision, a.DecidedOn, a.Due = in.Text("text"), in.Date("date"), renda.Date{}
	out.Note = a.Decision
	return nil
}

func exemptAdjustment(a *Adjustment, in *renda.Input, env *renda.Env, out *renda.Outcome) error {
	a.Decision, a.DecidedOn, a.Due = in.Text("text"), env.Today(), renda.Date{}
	out.Note = a.Decision
	return nil
}
