package budget

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"renda"
)

// Kinds of review (the committee's budget work, 预算法 and 监督法).
const (
	ReviewPreliminary = "preliminary" // 预算草案初步审查
	ReviewMidyear     = "midyear"     // 上半年预算执行情况报告
	ReviewFinal       = "final"       // 决算草案审查
	ReviewAudit       = "audit"       // 审计工作报告及整改
	ReviewDebt        = "debt"        // 政府债务报告
	ReviewAssets      = "assets"      // 国有资产管理情况报告
)

// ReviewKinds in display order, with their names.
var ReviewKinds = []renda.Option{
	{Value: ReviewPreliminary, Label: "预算草案初步审查"}, {Value: ReviewMidyear, Label: "上半年预算执行情况"},
	{Value: ReviewFinal, Label: "决算草案审查"}, {Value: ReviewAudit, Label: "审计工作报告及整改"},
	{Value: ReviewDebt, Label: "政府债务报告"}, {Value: ReviewAssets, Label: "国有资产管理情况报告"},
}

// ReviewKindLabel names a kind of review.
func ReviewKindLabel(k string) string {
	for _, o := range ReviewKinds {
		if o.Value == k {
			return o.Label
		}
	}
	return k
}

// Review states.
const (
	Received   = "received"   // the government's report or draft is in
	Opinioned  = "opinioned"  // the committee's opinion is recorded and sent
	Rectifying = "rectifying" // audit: the findings are being corrected, item by item
	Closed     = "closed"
)

// Review is one piece of the committee's budget work: a report or draft
// from the government, the committee's opinion on it and, for the audit
// report, the rectification of each finding within the set period.
type Review struct {
	ID         string       `json:"id"`
	Kind       string       `json:"kind"`
	Year       int          `json:"year"`
	Title      string       `json:"title"`
	ReceivedOn renda.Date   `json:"received_on"`
	SessionOn  renda.Date   `json:"session_on,omitzero"` // preliminary: the congress session it goes to
	Due        renda.Date   `json:"due,omitzero"`        // the deadline of whoever must act now
	Opinion    string       `json:"opinion,omitempty"`
	OpinionOn  renda.Date   `json:"opinion_on,omitzero"`
	Items      []ReviewItem `json:"items,omitempty"` // audit findings
	// The item of the year's supervision plan this review carries out, if
	// any: a review may also be outside the plan (a report the government
	// sends of its own, a draft before the plan is adopted).
	PlanItemID string    `json:"plan_item_id,omitempty"`
	PlanItem   string    `json:"plan_item,omitempty"` // its title
	State      string    `json:"state"`
	CreatedAt  time.Time `json:"created_at"`
}

// ReviewItem is one audit finding and its rectification.
type ReviewItem struct {
	Text   string     `json:"text"`
	OrgID  string     `json:"organization_id,omitempty"`
	Done   bool       `json:"done"`
	Note   string     `json:"note,omitempty"`
	DoneOn renda.Date `json:"done_on,omitzero"`
}

// Progress is the count of rectified findings and of all.
func (r *Review) Progress() (done, all int) {
	for _, it := range r.Items {
		if it.Done {
			done++
		}
	}
	return done, len(r.Items)
}

// KindLabel names the review's kind.
func (r *Review) KindLabel() string { return ReviewKindLabel(r.Kind) }

// StateLabel names the review's state.
func (r *Review) StateLabel() string { return ReviewFlow.StateLabel(r.State) }

var reviewSettings = renda.RegisterSettings([]renda.SettingDef{
	{Key: "budget.rectification_period", Group: "预算联网监督", Label: "审计查出问题整改期限", Kind: renda.KindPeriod, Default: renda.Period{N: 6, Unit: renda.UnitMonths}, Min: 1, Max: 12,
		Help: "常委会审议审计工作报告后，政府应在此期限内向常委会报告整改情况，逐项销号。[V] 监督法、中办意见：6 个月。"},
}...)

// ReviewFlow is the workflow of the committee's budget work. Relations:
// "department" (a clerk of a department named in an audit finding), and the roles.
var ReviewFlow = renda.Register(&renda.Machine[Review]{
	Entity: "budget_review",
	Label:  "预算审查监督",
	States: []renda.StateDef{{State: Received, Label: "已收到"}, {State: Opinioned, Label: "已提出审查意见"}, {State: Rectifying, Label: "整改中"}, {State: Closed, Label: "已办结"}},
	State:  func(r *Review) *string { return &r.State },
	Acts: []renda.Act[Review]{
		{Rule: renda.Rule{Action: "create", Label: "登记", To: Received, Who: []string{"staff", "admin"}, Hidden: true, Fields: []renda.Field{
			{Name: "kind", Label: "类别", Kind: renda.FieldChoice, Required: true, Options: ReviewKinds},
			{Name: "year", Label: "年度", Kind: renda.FieldInt, Required: true, Min: 2000, Max: 2100},
			{Name: "title", Label: "名称", Kind: renda.FieldLine, Required: true, Max: 200, Help: "如 关于常宁市 2024 年预算执行情况和 2025 年预算草案的报告"},
			{Name: "received_on", Label: "收到日期", Kind: renda.FieldDate, Required: true},
			{Name: "session_on", Label: "人代会开幕日期", Kind: renda.FieldDate, Help: "预算草案初步审查：草案应在会议举行的 {budget.preliminary_days} 日前提交"},
			planItemField,
		}}, Do: createReview},
		{Rule: renda.Rule{Action: "link", Label: "关联监督计划", Who: []string{"staff", "admin"},
			Help: "选择本事项落实的年度监督计划事项；留空即为计划外事项。", Fields: []renda.Field{planItemField}}, Do: linkPlan},
		{Rule: renda.Rule{Action: "add_items", Label: "登记审计查出的问题", From: []string{Received, Opinioned, Rectifying}, Who: []string{"staff", "admin"},
			Help:   "每行一个问题；可在行首写责任部门并以“：”分隔，如 水利局：项目资金闲置 1200 万元。",
			Fields: []renda.Field{{Name: "text", Label: "问题清单", Kind: renda.FieldText, Required: true, Max: 20000}}}, Pre: auditOnly, Do: addItems},
		{Rule: renda.Rule{Action: "opinion", Label: "提出审查意见", From: []string{Received}, To: Opinioned, Alt: []string{Rectifying}, Who: []string{"staff", "admin"}, Tone: "primary",
			Help:   "审计工作报告提出意见后进入整改，期限 {budget.rectification_period}。",
			Fields: []renda.Field{{Name: "text", Label: "审查意见", Kind: renda.FieldText, Required: true, Max: 20000}, {Name: "date", Label: "日期", Kind: renda.FieldDate, Required: true}}}, Do: giveOpinion},
		{Rule: renda.Rule{Action: "rectify", Label: "报告整改", From: []string{Rectifying}, Who: []string{"department", "staff", "admin"}, Tone: "primary",
			Fields: []renda.Field{{Name: "item", Label: "问题序号", Kind: renda.FieldInt, Required: true, Min: 1, Max: 1000}, {Name: "text", Label: "整改情况", Kind: renda.FieldText, Required: true, Max: 4000}}},
			Pre: nil, Do: rectify},
		{Rule: renda.Rule{Action: "close", Label: "办结", From: []string{Opinioned, Rectifying}, To: Closed, Who: []string{"staff", "admin"},
			Fields: []renda.Field{{Name: "text", Label: "说明", Kind: renda.FieldText, Max: 2000}}}, Do: closeReview},
	},
})

// planItemField names the supervision plan's item a review carries out.
var planItemField = renda.Field{Name: "plan_item", Label: "监督计划事项", Kind: renda.FieldRef, Ref: "supervision_item",
	Help: "列入年度监督计划的，选择对应的计划事项；未列入计划的留空"}

// InPlan reports whether the review carries out an item of the supervision plan.
func (r *Review) InPlan() bool { return r.PlanItemID != "" }

func setPlan(r *Review, in *renda.Input) {
	r.PlanItemID, r.PlanItem = "", ""
	if p := in.Ref("plan_item"); p != nil {
		r.PlanItemID, r.PlanItem = p.ID, p.Name
	}
}

func linkPlan(r *Review, in *renda.Input, env *renda.Env, out *renda.Outcome) error {
	before := r.PlanItemID
	setPlan(r, in)
	switch {
	case r.PlanItemID == before:
		return renda.Errorf(renda.ECONFLICT, "关联没有变化")
	case r.PlanItemID == "":
		out.Note = "改为计划外事项"
	default:
		out.Note = "关联监督计划事项：" + r.PlanItem
	}
	return nil
}

func auditOnly(r *Review, env *renda.Env) error {
	if r.Kind != ReviewAudit {
		return renda.Errorf(renda.ECONFLICT, "只有审计工作报告逐项登记问题")
	}
	return nil
}

// ReviewFacts are what the store resolves for an action: department names
// of audit findings (name → organization id).
type ReviewFacts struct {
	Orgs map[string]string
}

func createReview(r *Review, in *renda.Input, env *renda.Env, out *renda.Outcome) error {
	r.Kind, r.Year, r.Title = in.Text("kind"), in.Int("year"), in.Text("title")
	r.ReceivedOn, r.SessionOn, r.CreatedAt = in.Date("received_on"), in.Date("session_on"), env.Now
	setPlan(r, in)
	if r.Kind == ReviewPreliminary && !r.SessionOn.IsZero() {
		// The draft is due at the finance body this many days before the session.
		r.Due = r.SessionOn.AddDays(-env.Settings.Int("budget.preliminary_days"))
		if r.ReceivedOn.After(r.Due) {
			out.Note = fmt.Sprintf("草案晚于 %s 提交（应在会议举行 %d 日前）", r.Due, env.Settings.Int("budget.preliminary_days"))
		}
	}
	return nil
}

func addItems(r *Review, in *renda.Input, env *renda.Env, out *renda.Outcome) error {
	var orgs map[string]string
	if f, ok := env.Facts.(*ReviewFacts); ok && f != nil {
		orgs = f.Orgs
	}
	n := 0
	for _, line := range strings.Split(in.Text("text"), "\n") {
		line = strings.TrimSpace(line)
		if line == "" {
			continue
		}
		it := ReviewItem{Text: line}
		if head, _, ok := strings.Cut(line, "："); ok {
			it.OrgID = orgs[strings.TrimSpace(head)]
		}
		r.Items = append(r.Items, it)
		n++
	}
	out.Note = fmt.Sprintf("登记问题 %d 项", n)
	return nil
}

func giveOpinion(r *Review, in *renda.Input, env *renda.Env, out *renda.Outcome) error {
	r.Opinion, r.OpinionOn = in.Text("text"), in.Date("date")
	r.Due = renda.Date{}
	if r.Kind == ReviewAudit {
		out.To = Rectifying
		r.Due = env.Calendar.Due(r.OpinionOn, env.Settings.Period("budget.rectification_period"))
		out.Note = "整改期限 " + r.Due.String()
		for _, it := range r.Items {
			if it.OrgID != "" {
				out.Notify(renda.ToOrg(it.OrgID), "审计查出问题整改："+r.Title, "请于 "+r.Due.String()+" 前报告整改情况", "/budget/reviews/"+r.ID)
			}
		}
	}
	return nil
}

func rectify(r *Review, in *renda.Input, env *renda.Env, out *renda.Outcome) error {
	i := in.Int("item")
	if i < 1 || i > len(r.Items) {
		return renda.Errorf(renda.EINVALID, "没有第 %d 项问题", i)
	}
	it := &r.Items[i-1]
	if env.Actor != nil && env.Actor.Role == renda.RoleUnit && it.OrgID != env.Actor.OrgID {
		return renda.Errorf(renda.EFORBIDDEN, "第 %d 项不是本部门的问题", i)
	}
	items := append([]ReviewItem(nil), r.Items...)
	items[i-1].Done, items[i-1].Note, items[i-1].DoneOn = true, in.Text("text"), env.Today()
	r.Items = items
	out.Note = "第 " + strconv.Itoa(i) + " 项已整改：" + in.Text("text")
	return nil
}

func closeReview(r *Review, in *renda.Input, env *renda.Env, out *renda.Outcome) error {
	r.Due = renda.Date{}
	out.Note = in.Text("text")
	return nil
}

// ReviewRelations are the actor's ties to a review.
func ReviewRelations(u *renda.User, r *Review) renda.Rel {
	rel := renda.RoleRel(u)
	if u != nil && u.Role == renda.RoleUnit && u.OrgID != "" {
		for _, it := range r.Items {
			if it.OrgID == u.OrgID {
				return append(rel, "department")
			}
		}
	}
	return rel
}
