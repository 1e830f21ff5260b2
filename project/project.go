// Package project is the livelihood-projects workflow (民生实事项目): a
// project is proposed, screened, put to the deputies' vote (package vote,
// kind livelihood), and when adopted planned, reported on, inspected,
// completed and rated (kind project_rating).
package project

import (
	"time"

	"renda"
)

// settings are the per-deployment settings of this workflow (domain.md §3).
var settings = renda.RegisterSettings([]renda.SettingDef{
	{Key: "project.report_days", Group: "民生实事票决", Label: "项目进度报送周期（天）",
		Help: "已票决项目的责任单位每隔此天数至少报送一次进度，逾期提醒。", Kind: renda.KindInt, Default: 30, Min: 7, Max: 180},
	{Key: "project.behind_points", Group: "民生实事票决", Label: "进度滞后判定（百分点）",
		Help: "按计划开始到完成期限线性推算，实际进度落后此百分点以上即视为滞后；超过完成期限未完成也视为滞后。", Kind: renda.KindInt, Default: 15, Min: 1, Max: 100},
}...)

// Project is a livelihood project: proposed, screened, put to the deputies'
// vote, and when adopted planned, reported on, inspected and rated.
type Project struct {
	ID          string     `json:"id"`
	CongressID  string     `json:"congress_id"`
	Year        int        `json:"year"`
	Title       string     `json:"title"`
	Description string     `json:"description,omitempty"`
	Category    string     `json:"category,omitempty"`
	Budget      int        `json:"budget"` // 万元
	UnitID      string     `json:"unit_id,omitempty"`
	Target      string     `json:"target,omitempty"`
	Deadline    renda.Date `json:"deadline"`
	Source      string     `json:"source"` // government, deputy, citizen
	Proposer    string     `json:"proposer,omitempty"`
	Status      string     `json:"status"`
	// The plan once adopted.
	PlanTarget   string     `json:"plan_target,omitempty"`
	PlanStart    renda.Date `json:"plan_start"`
	PlanDeadline renda.Date `json:"plan_deadline"`
	PlanFunds    int        `json:"plan_funds"` // 万元
	Progress     int        `json:"progress"`   // last reported percentage
	LastReport   renda.Date `json:"last_report"`
	Rating       string     `json:"rating,omitempty"` // 满意, 基本满意, 不满意
	CreatedAt    time.Time  `json:"created_at"`
	UpdatedAt    time.Time  `json:"updated_at"`

	UnitName     string `json:"unit_name,omitempty"`
	CongressName string `json:"congress_name,omitempty"`
}

// Sources are who may propose a project.
var Sources = []string{"government", "deputy", "citizen"}

// SourceLabel names the project's source.
func (p *Project) SourceLabel() string {
	return map[string]string{"government": "政府提出", "deputy": "代表提出", "citizen": "群众建议"}[p.Source]
}

// StatusLabel names the project's state.
func (p *Project) StatusLabel() string { return Flow.StateLabel(p.Status) }

// Validate checks a project before it is saved.
func (p *Project) Validate() error {
	var pr renda.Problems
	if !renda.ValidID(p.CongressID) {
		pr.Add("congress_id", "请选择人大")
	}
	if p.Year < 2000 || p.Year > 2100 {
		pr.Add("year", "年度应为 2000 到 2100 之间")
	}
	p.Title = pr.Line("title", "项目名称", p.Title, true, 80)
	p.Description = pr.Text("description", "项目内容", p.Description, false, 2000)
	p.Category = pr.Line("category", "类别", p.Category, false, 20)
	if p.Budget < 0 || p.Budget > 10000000 {
		pr.Add("budget", "预算（万元）应为 0 到 10000000 之间的整数")
	}
	if p.UnitID != "" && !renda.ValidID(p.UnitID) {
		pr.Add("unit_id", "所选责任单位不存在")
	}
	p.Target = pr.Text("target", "目标", p.Target, false, 500)
	if p.Source == "" {
		p.Source = "government"
	}
	pr.OneOf("source", "来源", p.Source, true, Sources...)
	p.Proposer = pr.Line("proposer", "提出人", p.Proposer, false, 60)
	return pr.Err()
}

// Relations is the actor's relations to a project: its role, and
// "responsible_unit" for the clerk of the unit that carries it out.
func Relations(u *renda.User, p *Project) renda.Rel {
	rel := renda.RoleRel(u)
	if u != nil && u.Role == renda.RoleUnit && u.OrgID != "" && u.OrgID == p.UnitID {
		rel = append(rel, "responsible_unit")
	}
	return rel
}

// Behind reports whether an adopted project lags its plan on day today:
// past its deadline and not complete, or behind a straight line from its
// start to its deadline by more than points percentage points.
func (p *Project) Behind(today renda.Date, points int) bool {
	if p.Status != "adopted" && p.Status != "in_progress" {
		return false
	}
	end := p.PlanDeadline
	if end.IsZero() {
		end = p.Deadline
	}
	if end.IsZero() {
		return false
	}
	if today.After(end) {
		return p.Progress < 100
	}
	start := p.PlanStart
	if start.IsZero() || !today.After(start) {
		return false
	}
	total := end.Start().Sub(start.Start()).Hours()
	done := today.Start().Sub(start.Start()).Hours()
	if total <= 0 {
		return false
	}
	expected := int(100 * done / total)
	return expected-p.Progress > points
}

// Milestone is a dated step of a project's plan.
type Milestone struct {
	ID        string     `json:"id"`
	ProjectID string     `json:"project_id"`
	Title     string     `json:"title"`
	Due       renda.Date `json:"due"`
	Done      bool       `json:"done"`
	DoneOn    renda.Date `json:"done_on"`
}

// ProgressReport is a responsible unit's report on a project.
type ProgressReport struct {
	ID          string              `json:"id"`
	ProjectID   string              `json:"project_id"`
	Percent     int                 `json:"percent"`
	Text        string              `json:"text"`
	ReportedOn  renda.Date          `json:"reported_on"`
	ByName      string              `json:"by_name"`
	CreatedAt   time.Time           `json:"created_at"`
	Attachments []*renda.Attachment `json:"attachments,omitempty"`
}

// Validate checks a report.
func (r *ProgressReport) Validate() error {
	var p renda.Problems
	if r.Percent < 0 || r.Percent > 100 {
		p.Add("percent", "完成进度应为 0 到 100 之间的整数")
	}
	r.Text = p.Text("text", "进展情况", r.Text, true, 2000)
	return p.Err()
}

// Inspection is deputies' inspection (视察) of a project, with notes.
type Inspection struct {
	ID        string     `json:"id"`
	ProjectID string     `json:"project_id"`
	Day       renda.Date `json:"day"`
	Deputies  string     `json:"deputies"` // names of the deputies who took part
	Notes     string     `json:"notes"`
	ByName    string     `json:"by_name"`
	CreatedAt time.Time  `json:"created_at"`
}

// Validate checks an inspection.
func (i *Inspection) Validate() error {
	var p renda.Problems
	if i.Day.IsZero() {
		p.Add("day", "请填写视察日期")
	}
	i.Deputies = p.Line("deputies", "参加代表", i.Deputies, true, 300)
	i.Notes = p.Text("notes", "视察意见", i.Notes, true, 3000)
	return p.Err()
}

// Filter selects projects.
type Filter struct {
	CongressID string
	Year       int
	Status     string
	UnitID     string
	Q          string
	Public     bool // only projects past the vote: adopted and later
	Limit      int
	Offset     int
}
