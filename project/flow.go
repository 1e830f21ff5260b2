package project

import (
	"time"

	"fmt"

	"renda"
)

// Project states.
const (
	Proposed   = "proposed"
	Candidate  = "candidate"
	Rejected   = "rejected"
	Adopted    = "adopted"
	NotAdopted = "not_adopted"
	InProgress = "in_progress"
	Completed  = "completed"
	Rated      = "rated"
)

var (
	staff   = []string{"admin", "staff"}
	workers = []string{"admin", "staff", "responsible_unit"}
	under   = []string{Adopted, InProgress}
	note    = renda.Field{Name: "note", Label: "说明", Kind: renda.FieldText, Max: 500}
)

// Flow is the machine of a livelihood project: the one place a project (and
// its plan's milestones) changes. The vote's result moves candidates on
// through adopt / not_adopt / reopen, and a rating through rate.
var Flow = renda.Register(&renda.Machine[Project]{
	Entity: "project",
	Label:  "民生实事项目",
	States: []renda.StateDef{
		{State: Proposed, Label: "征集中"}, {State: Candidate, Label: "候选项目"}, {State: Rejected, Label: "未入围"},
		{State: Adopted, Label: "已票决"}, {State: NotAdopted, Label: "未当选"}, {State: InProgress, Label: "实施中"},
		{State: Completed, Label: "已完成"}, {State: Rated, Label: "已测评"},
	},
	State: func(p *Project) *string { return &p.Status },
	Acts: []renda.Act[Project]{
		// A project is proposed; staff may also register one at a later
		// stage (last year's adopted projects, when renda is taken up).
		{Rule: renda.Rule{Action: "create", Label: "登记项目", To: Proposed, Who: []string{"admin", "staff", "deputy"}, Hidden: true,
			Alt: []string{Candidate, Rejected, Adopted, NotAdopted, InProgress, Completed, Rated}},
			Do: func(p *Project, in *renda.Input, env *renda.Env, out *renda.Outcome) error {
				if s := in.Text("status"); s != "" {
					if !env.Rel.Has("admin", "staff") && s != Proposed {
						return renda.Errorf(renda.EFORBIDDEN, "只有工作人员可以登记已审查或已票决的项目")
					}
					out.To = s
				}
				return nil
			}},
		{Rule: renda.Rule{Action: "update", Label: "修改", From: []string{Proposed, Candidate}, Who: staff, Hidden: true}},
		{Rule: renda.Rule{Action: "screen_in", Label: "审查入围", From: []string{Proposed, Rejected}, To: Candidate, Who: staff, Tone: "primary",
			Fields: []renda.Field{note}}, Do: noted},
		{Rule: renda.Rule{Action: "screen_out", Label: "审查未入围", From: []string{Proposed, Candidate}, To: Rejected, Who: staff,
			Fields: []renda.Field{note}}, Do: noted},
		// The vote's result: adopted, not adopted, or (a tie after a
		// recount) back to the presidium. The presidium's decision may adopt
		// a project that fell short, or set aside one in a tie.
		{Rule: renda.Rule{Action: "adopt", Label: "票决通过", From: []string{Candidate, NotAdopted}, To: Adopted, Who: []string{"system", "admin", "staff"}, Hidden: true}, Do: noted},
		{Rule: renda.Rule{Action: "not_adopt", Label: "票决未通过", From: []string{Candidate, Adopted}, To: NotAdopted, Who: []string{"system", "admin", "staff"}, Hidden: true}, Do: noted},
		{Rule: renda.Rule{Action: "reopen", Label: "提请主席团决定", From: []string{Adopted, NotAdopted}, To: Candidate, Who: []string{"system", "admin", "staff"}, Hidden: true}, Do: noted},
		{Rule: renda.Rule{Action: "plan", Label: "制定实施计划", From: under, Who: workers,
			Fields: []renda.Field{
				{Name: "plan_target", Label: "实施目标", Kind: renda.FieldText, Required: true, Max: 1000},
				{Name: "plan_start", Label: "开工日期", Kind: renda.FieldDate, Required: true},
				{Name: "plan_deadline", Label: "完成期限", Kind: renda.FieldDate, Required: true},
				{Name: "plan_funds", Label: "资金（万元）", Kind: renda.FieldInt, Min: 0, Max: 10000000}}},
			Do: plan},
		{Rule: renda.Rule{Action: "milestone", Label: "设置节点", From: under, Who: workers,
			Fields: []renda.Field{{Name: "title", Label: "节点名称", Kind: renda.FieldLine, Required: true, Max: 100},
				{Name: "due", Label: "计划完成日期", Kind: renda.FieldDate, Required: true}}},
			Do: func(p *Project, in *renda.Input, env *renda.Env, out *renda.Outcome) error {
				m := &Milestone{ID: renda.NewID(), ProjectID: p.ID, Title: in.Text("title"), Due: in.Date("due")}
				out.Add(m)
				out.Note = m.Title + "（" + m.Due.String() + "）"
				return nil
			}},
		{Rule: renda.Rule{Action: "finish_milestone", Label: "完成节点", From: under, Who: workers,
			Fields: []renda.Field{{Name: "milestone_id", Label: "节点", Kind: renda.FieldLine, Required: true, Max: 40}}},
			Do: func(p *Project, in *renda.Input, env *renda.Env, out *renda.Outcome) error {
				m, ok := env.Facts.(*Milestone)
				if !ok || m == nil || m.ProjectID != p.ID {
					return renda.Errorf(renda.ENOTFOUND, "节点不存在")
				}
				m.Done, m.DoneOn = true, renda.DateOf(env.Now)
				out.Add(m)
				out.Note = "完成节点：" + m.Title
				return nil
			}},
		{Rule: renda.Rule{Action: "report", Label: "报送进度", From: under, To: InProgress, Who: []string{"responsible_unit", "admin", "staff"},
			Fields: []renda.Field{{Name: "percent", Label: "完成进度（%）", Kind: renda.FieldInt, Min: 0, Max: 100},
				{Name: "text", Label: "进展情况", Kind: renda.FieldText, Required: true, Max: 2000},
				{Name: "reported_on", Label: "报送日期", Kind: renda.FieldDate},
				{Name: "photos", Label: "照片", Kind: renda.FieldFiles, Accept: "image/*"}}},
			Do: func(p *Project, in *renda.Input, env *renda.Env, out *renda.Outcome) error {
				r, ok := env.Facts.(*ProgressReport)
				if !ok || r == nil {
					return fmt.Errorf("project: report without its record")
				}
				if err := r.Validate(); err != nil {
					return err
				}
				p.Progress, p.LastReport, p.UpdatedAt = r.Percent, r.ReportedOn, env.Now
				out.Add(r)
				out.Note = fmt.Sprintf("进度 %d%%：%s", r.Percent, r.Text)
				return nil
			}},
		{Rule: renda.Rule{Action: "inspect", Label: "代表视察", From: []string{Adopted, InProgress, Completed}, Who: []string{"deputy", "admin", "staff"},
			Fields: []renda.Field{{Name: "day", Label: "视察日期", Kind: renda.FieldDate, Required: true},
				{Name: "deputies", Label: "参加代表", Kind: renda.FieldLine, Required: true, Max: 300},
				{Name: "notes", Label: "视察意见", Kind: renda.FieldText, Required: true, Max: 3000}}},
			Do: func(p *Project, in *renda.Input, env *renda.Env, out *renda.Outcome) error {
				i, ok := env.Facts.(*Inspection)
				if !ok || i == nil {
					return fmt.Errorf("project: inspection without its record")
				}
				if err := i.Validate(); err != nil {
					return err
				}
				out.Add(i)
				out.Note = i.Day.String() + " " + i.Deputies + "：" + i.Notes
				if env.Actor != nil && env.Actor.Role == renda.RoleDeputy && env.Actor.DeputyID != "" {
					// The deputy who records the inspection joined it: their duty record says so.
					out.Credit(renda.Credit{DeputyID: env.Actor.DeputyID, Kind: "inspection", Title: "视察民生实事项目：" + p.Title,
						At: i.Day.Start().Add(9 * time.Hour), Entity: "project", EntityID: p.ID})
				}
				return nil
			}},
		{Rule: renda.Rule{Action: "complete", Label: "确认完成", From: []string{InProgress}, To: Completed, Who: staff, Tone: "primary",
			Fields: []renda.Field{note}},
			Pre: func(p *Project, env *renda.Env) error {
				if p.Progress < 100 {
					return renda.Errorf(renda.ECONFLICT, "责任单位报送的进度尚未达到 100%%，不能确认完成")
				}
				return nil
			}, Do: noted},
		{Rule: renda.Rule{Action: "rate", Label: "满意度测评", From: []string{Adopted, InProgress, Completed}, To: Rated, Who: []string{"system", "admin", "staff"}, Hidden: true,
			Fields: []renda.Field{{Name: "grade", Label: "测评结果", Kind: renda.FieldLine, Required: true}}},
			Do: func(p *Project, in *renda.Input, env *renda.Env, out *renda.Outcome) error {
				p.Rating, p.UpdatedAt = in.Text("grade"), env.Now
				out.Note = "满意度测评结果：" + p.Rating
				return nil
			}},
	},
})

// Workflow is the project's transition table.
var Workflow = Flow.Table()

// noted takes the action's note (if any) as the audit note.
func noted(p *Project, in *renda.Input, env *renda.Env, out *renda.Outcome) error {
	p.UpdatedAt = env.Now
	out.Note = in.Text("note")
	return nil
}

// plan records an adopted project's plan.
func plan(p *Project, in *renda.Input, env *renda.Env, out *renda.Outcome) error {
	var pr renda.Problems
	if !in.Date("plan_start").IsZero() && !in.Date("plan_deadline").IsZero() && !in.Date("plan_deadline").After(in.Date("plan_start")) {
		pr.Add("plan_deadline", "完成期限须晚于开工日期")
	}
	if err := pr.Err(); err != nil {
		return err
	}
	p.PlanTarget, p.PlanStart, p.PlanDeadline, p.PlanFunds = in.Text("plan_target"), in.Date("plan_start"), in.Date("plan_deadline"), in.Int("plan_funds")
	p.UpdatedAt = env.Now
	return nil
}
