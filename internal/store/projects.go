package store

import (
	"context"
	"fmt"
	"strings"

	"renda"
	"renda/internal/attach"
)

const projectColumns = `p.id, p.congress_id, p.year, p.title, p.description, p.category, p.budget, p.unit_id, p.target, p.deadline,
	p.source, p.proposer, p.status, p.plan_target, p.plan_start, p.plan_deadline, p.plan_funds, p.progress, p.last_report, p.rating,
	p.created_at, p.updated_at, COALESCE(o.name, ''), c.name`

const projectFrom = ` FROM projects p JOIN congresses c ON c.id = p.congress_id LEFT JOIN organizations o ON o.id = p.unit_id`

func scanProject(row interface{ Scan(...any) error }) (*renda.Project, error) {
	p := &renda.Project{}
	err := row.Scan(&p.ID, &p.CongressID, &p.Year, &p.Title, &p.Description, &p.Category, &p.Budget, strScan{&p.UnitID}, &p.Target,
		dayScan{&p.Deadline}, &p.Source, &p.Proposer, &p.Status, &p.PlanTarget, dayScan{&p.PlanStart}, dayScan{&p.PlanDeadline},
		&p.PlanFunds, &p.Progress, dayScan{&p.LastReport}, &p.Rating, tsScan{&p.CreatedAt}, tsScan{&p.UpdatedAt}, &p.UnitName, &p.CongressName)
	return p, err
}

// publicStates are the states of projects anyone may see: chosen by the deputies.
var publicStates = []string{"adopted", "in_progress", "completed", "rated"}

func (tx *Tx) project(id string) (*renda.Project, error) {
	p, err := scanProject(tx.queryRow("SELECT "+projectColumns+projectFrom+" WHERE p.id = ?", id))
	return p, notFound(err, "项目不存在")
}

// canSeeProject: adopted projects are public (the progress board); the
// others — proposals and candidates — are for signed-in users.
func canSeeProject(viewer *renda.User, p *renda.Project) bool {
	return viewer != nil || contains(publicStates, p.Status)
}

// A project's files are seen by whoever may see the project; the photos of
// a progress report are shown under its project.
func init() {
	registerAttachmentOwner("project", func(tx *Tx, viewer *renda.User, id string) (bool, error) {
		p, err := tx.project(id)
		if err != nil {
			return seen(err)
		}
		return canSeeProject(viewer, p), nil
	})
	registerAttachmentChild("project_report", "project", func(tx *Tx, id string) (string, error) {
		var projectID string
		err := tx.queryRow("SELECT project_id FROM project_reports WHERE id = ?", id).Scan(&projectID)
		return projectID, err
	})
}

// Project returns one project the viewer may see.
func (db *DB) Project(ctx context.Context, viewer *renda.User, id string) (*renda.Project, error) {
	var p *renda.Project
	err := db.read(ctx, func(tx *Tx) error {
		var err error
		p, err = tx.project(id)
		if err == nil && !canSeeProject(viewer, p) {
			err = renda.Errorf(renda.ENOTFOUND, "项目不存在")
		}
		return err
	})
	return p, err
}

// Projects lists projects. The public see only adopted ones.
func (db *DB) Projects(ctx context.Context, viewer *renda.User, f renda.ProjectFilter) ([]*renda.Project, int, error) {
	var where []string
	var args []any
	if viewer == nil || f.Public {
		where = append(where, "p.status IN ('adopted','in_progress','completed','rated')")
	}
	if f.CongressID != "" {
		where, args = append(where, "p.congress_id = ?"), append(args, f.CongressID)
	}
	if f.Year != 0 {
		where, args = append(where, "p.year = ?"), append(args, f.Year)
	}
	if f.Status != "" {
		where, args = append(where, "p.status = ?"), append(args, f.Status)
	}
	if f.UnitID != "" {
		where, args = append(where, "p.unit_id = ?"), append(args, f.UnitID)
	}
	if f.Q != "" {
		where, args = append(where, like("p.title")), append(args, likeArg(f.Q))
	}
	cond := ""
	if len(where) > 0 {
		cond = " WHERE " + strings.Join(where, " AND ")
	}
	var out []*renda.Project
	var total int
	err := db.read(ctx, func(tx *Tx) error {
		var err error
		if total, err = tx.count("SELECT COUNT(*)"+projectFrom+cond, args...); err != nil {
			return err
		}
		rows, err := tx.query("SELECT "+projectColumns+projectFrom+cond+
			" ORDER BY p.year DESC, CASE c.level WHEN 'county' THEN 0 ELSE 1 END, c.name, p.created_at, p.id"+limitOffset(f.Limit, f.Offset), args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			p, err := scanProject(rows)
			if err != nil {
				return err
			}
			out = append(out, p)
		}
		return rows.Err()
	})
	return out, total, err
}

// SaveProject creates (empty ID: proposed) or changes a project (staff).
func (db *DB) SaveProject(ctx context.Context, actor *renda.User, p *renda.Project) error {
	return db.write(ctx, actor, func(tx *Tx) error { return tx.SaveProject(p) })
}

// SaveProject is SaveProject in this transaction.
func (tx *Tx) SaveProject(p *renda.Project) error {
	switch {
	case tx.actor.Is(renda.RoleAdmin, renda.RoleStaff):
	case tx.actor.Is(renda.RoleDeputy) && p.ID == "":
		// A deputy proposes a project; staff screen it like the government's.
		p.Source, p.Proposer, p.Status, p.UnitID = "deputy", tx.actor.Name(), "proposed", ""
		if err := tx.queryRow("SELECT congress_id FROM deputies WHERE id = ?", tx.actor.DeputyID).Scan(&p.CongressID); err != nil {
			return notFound(err, "代表不存在")
		}
	default:
		return renda.Errorf(renda.EFORBIDDEN, "只有工作人员可以登记和修改民生实事项目；代表可以提出项目建议")
	}
	if err := p.Validate(); err != nil {
		return err
	}
	if ok, err := tx.exists("SELECT 1 FROM congresses WHERE id = ?", p.CongressID); err != nil || !ok {
		return &renda.Error{Code: renda.EINVALID, Message: "所选人大不存在", Fields: []renda.FieldError{{Field: "congress_id", Message: "不存在"}}}
	}
	if p.UnitID != "" {
		if ok, err := tx.exists("SELECT 1 FROM organizations WHERE id = ?", p.UnitID); err != nil || !ok {
			return &renda.Error{Code: renda.EINVALID, Message: "所选责任单位不存在", Fields: []renda.FieldError{{Field: "unit_id", Message: "不存在"}}}
		}
	}
	if p.ID == "" {
		p.ID, p.CreatedAt, p.UpdatedAt = renda.NewID(), tx.now, tx.now
		if p.Status == "" {
			p.Status = "proposed"
		}
		if _, err := tx.exec(`INSERT INTO projects (id, congress_id, year, title, description, category, budget, unit_id, target, deadline, source, proposer,
			status, plan_target, plan_start, plan_deadline, plan_funds, progress, last_report, rating, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			p.ID, p.CongressID, p.Year, p.Title, p.Description, p.Category, p.Budget, nz(p.UnitID), p.Target, day(p.Deadline), p.Source, p.Proposer,
			p.Status, p.PlanTarget, day(p.PlanStart), day(p.PlanDeadline), p.PlanFunds, p.Progress, day(p.LastReport), p.Rating, ts(tx.now), ts(tx.now)); err != nil {
			return err
		}
		tx.Record(renda.Change{Action: "create", Entity: "project", EntityID: p.ID, After: p, To: p.Status})
		return nil
	}
	old, err := tx.project(p.ID)
	if err != nil {
		return err
	}
	if _, err := renda.ProjectWorkflow.Step(old.Status, "update", renda.ProjectRel(tx.actor, old)); err != nil {
		return err
	}
	if _, err := tx.exec(`UPDATE projects SET congress_id = ?, year = ?, title = ?, description = ?, category = ?, budget = ?, unit_id = ?, target = ?,
		deadline = ?, source = ?, proposer = ?, updated_at = ? WHERE id = ?`, p.CongressID, p.Year, p.Title, p.Description, p.Category, p.Budget,
		nz(p.UnitID), p.Target, day(p.Deadline), p.Source, p.Proposer, ts(tx.now), p.ID); err != nil {
		return err
	}
	tx.Record(renda.Change{Action: "update", Entity: "project", EntityID: p.ID, Before: old, After: p})
	return nil
}

// ScreenProject takes a screening decision (screen_in / screen_out).
func (db *DB) ScreenProject(ctx context.Context, actor *renda.User, id, action, note string) error {
	return db.write(ctx, actor, func(tx *Tx) error { return tx.ScreenProject(id, action, note) })
}

// ScreenProject is ScreenProject in this transaction (also for seeding).
func (tx *Tx) ScreenProject(id, action, note string) error {
	if action != "screen_in" && action != "screen_out" {
		return renda.Errorf(renda.ENOTFOUND, "没有“%s”这个操作", action)
	}
	p, err := tx.project(id)
	if err != nil {
		return err
	}
	to, err := renda.ProjectWorkflow.Step(p.Status, action, renda.ProjectRel(tx.actor, p))
	if err != nil {
		return err
	}
	if _, err := tx.exec("UPDATE projects SET status = ?, updated_at = ? WHERE id = ?", to, ts(tx.now), id); err != nil {
		return err
	}
	tx.Record(renda.Change{Action: action, Entity: "project", EntityID: id, From: p.Status, To: to, Note: note})
	return nil
}

// Plan is a project's implementation plan.
type Plan struct {
	Target   string
	Start    renda.Date
	Deadline renda.Date
	Funds    int
}

// SetPlan records an adopted project's plan (staff or the responsible unit).
func (db *DB) SetPlan(ctx context.Context, actor *renda.User, id string, pl Plan) error {
	return db.write(ctx, actor, func(tx *Tx) error { return tx.SetPlan(id, pl) })
}

// SetPlan is SetPlan in this transaction (also for seeding).
func (tx *Tx) SetPlan(id string, pl Plan) error {
	p, err := tx.project(id)
	if err != nil {
		return err
	}
	if _, err := renda.ProjectWorkflow.Step(p.Status, "plan", renda.ProjectRel(tx.actor, p)); err != nil {
		return err
	}
	var pr renda.Problems
	pl.Target = pr.Text("plan_target", "实施目标", pl.Target, true, 1000)
	if pl.Start.IsZero() {
		pr.Add("plan_start", "请填写开工日期")
	}
	if pl.Deadline.IsZero() {
		pr.Add("plan_deadline", "请填写完成期限")
	} else if !pl.Start.IsZero() && !pl.Deadline.After(pl.Start) {
		pr.Add("plan_deadline", "完成期限须晚于开工日期")
	}
	if pl.Funds < 0 || pl.Funds > 10000000 {
		pr.Add("plan_funds", "资金（万元）应为 0 到 10000000 之间的整数")
	}
	if err := pr.Err(); err != nil {
		return err
	}
	if _, err := tx.exec("UPDATE projects SET plan_target = ?, plan_start = ?, plan_deadline = ?, plan_funds = ?, updated_at = ? WHERE id = ?",
		pl.Target, day(pl.Start), day(pl.Deadline), pl.Funds, ts(tx.now), id); err != nil {
		return err
	}
	after := *p
	after.PlanTarget, after.PlanStart, after.PlanDeadline, after.PlanFunds = pl.Target, pl.Start, pl.Deadline, pl.Funds
	tx.Record(renda.Change{Action: "plan", Entity: "project", EntityID: id, Before: p, After: &after})
	return nil
}

// AddMilestone adds a dated step to a project's plan.
func (db *DB) AddMilestone(ctx context.Context, actor *renda.User, id string, m *renda.Milestone) error {
	return db.write(ctx, actor, func(tx *Tx) error { return tx.AddMilestone(id, m) })
}

// AddMilestone is AddMilestone in this transaction (also for seeding).
func (tx *Tx) AddMilestone(id string, m *renda.Milestone) error {
	p, err := tx.project(id)
	if err != nil {
		return err
	}
	if _, err := renda.ProjectWorkflow.Step(p.Status, "milestone", renda.ProjectRel(tx.actor, p)); err != nil {
		return err
	}
	var pr renda.Problems
	m.Title = pr.Line("title", "节点名称", m.Title, true, 100)
	if m.Due.IsZero() {
		pr.Add("due", "请填写计划完成日期")
	}
	if err := pr.Err(); err != nil {
		return err
	}
	m.ID, m.ProjectID = renda.NewID(), id
	if _, err := tx.exec("INSERT INTO project_milestones (id, project_id, title, due, done, done_on) VALUES (?, ?, ?, ?, ?, ?)",
		m.ID, id, m.Title, day(m.Due), m.Done, day(m.DoneOn)); err != nil {
		return err
	}
	tx.Record(renda.Change{Action: "milestone", Entity: "project", EntityID: id, After: m, Note: m.Title + "（" + m.Due.String() + "）"})
	return nil
}

// FinishMilestone marks a milestone done today.
func (db *DB) FinishMilestone(ctx context.Context, actor *renda.User, projectID, milestoneID string) error {
	return db.write(ctx, actor, func(tx *Tx) error {
		p, err := tx.project(projectID)
		if err != nil {
			return err
		}
		if _, err := renda.ProjectWorkflow.Step(p.Status, "milestone", renda.ProjectRel(tx.actor, p)); err != nil {
			return err
		}
		var title string
		if err := tx.queryRow("SELECT title FROM project_milestones WHERE id = ? AND project_id = ?", milestoneID, projectID).Scan(&title); err != nil {
			return notFound(err, "节点不存在")
		}
		if _, err := tx.exec("UPDATE project_milestones SET done = TRUE, done_on = ? WHERE id = ?", day(tx.Today()), milestoneID); err != nil {
			return err
		}
		tx.Record(renda.Change{Action: "milestone", Entity: "project", EntityID: projectID, Note: "完成节点：" + title})
		return nil
	})
}

// ReportProgress records the responsible unit's progress report, with photos.
func (db *DB) ReportProgress(ctx context.Context, actor *renda.User, id string, r *renda.ProgressReport, files []*attach.File) error {
	return db.write(ctx, actor, func(tx *Tx) error { return tx.ReportProgress(id, r, files) })
}

// ReportProgress is ReportProgress in this transaction.
func (tx *Tx) ReportProgress(id string, r *renda.ProgressReport, files []*attach.File) error {
	p, err := tx.project(id)
	if err != nil {
		return err
	}
	to, err := renda.ProjectWorkflow.Step(p.Status, "report", renda.ProjectRel(tx.actor, p))
	if err != nil {
		return err
	}
	if err := r.Validate(); err != nil {
		return err
	}
	r.ID, r.ProjectID, r.CreatedAt = renda.NewID(), id, tx.now
	if r.ReportedOn.IsZero() {
		r.ReportedOn = tx.Today()
	}
	r.ByName = tx.actor.Name()
	if _, err := tx.exec("INSERT INTO project_reports (id, project_id, percent, text, reported_on, by_name, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
		r.ID, id, r.Percent, r.Text, day(r.ReportedOn), r.ByName, ts(tx.now)); err != nil {
		return err
	}
	if _, err := tx.exec("UPDATE projects SET status = ?, progress = ?, last_report = ?, updated_at = ? WHERE id = ?", to, r.Percent, day(r.ReportedOn), ts(tx.now), id); err != nil {
		return err
	}
	for _, f := range files {
		a, err := tx.AddAttachment("project_report", r.ID, f)
		if err != nil {
			return err
		}
		r.Attachments = append(r.Attachments, a)
	}
	tx.Record(renda.Change{Action: "report", Entity: "project", EntityID: id, From: p.Status, To: to,
		Note: fmt.Sprintf("进度 %d%%：%s", r.Percent, r.Text)})
	return nil
}

// AddInspection records deputies' inspection of a project.
func (db *DB) AddInspection(ctx context.Context, actor *renda.User, id string, in *renda.Inspection) error {
	return db.write(ctx, actor, func(tx *Tx) error { return tx.AddInspection(id, in) })
}

// AddInspection is AddInspection in this transaction.
func (tx *Tx) AddInspection(id string, in *renda.Inspection) error {
	p, err := tx.project(id)
	if err != nil {
		return err
	}
	if _, err := renda.ProjectWorkflow.Step(p.Status, "inspect", renda.ProjectRel(tx.actor, p)); err != nil {
		return err
	}
	if err := in.Validate(); err != nil {
		return err
	}
	in.ID, in.ProjectID, in.CreatedAt, in.ByName = renda.NewID(), id, tx.now, tx.actor.Name()
	if _, err := tx.exec("INSERT INTO project_inspections (id, project_id, day, deputies, notes, by_name, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
		in.ID, id, day(in.Day), in.Deputies, in.Notes, in.ByName, ts(tx.now)); err != nil {
		return err
	}
	tx.Record(renda.Change{Action: "inspect", Entity: "project", EntityID: id, Note: in.Day.String() + " " + in.Deputies + "：" + in.Notes})
	return nil
}

// CompleteProject confirms a project done (staff).
func (db *DB) CompleteProject(ctx context.Context, actor *renda.User, id, note string) error {
	return db.write(ctx, actor, func(tx *Tx) error { return tx.CompleteProject(id, note) })
}

// CompleteProject is CompleteProject in this transaction (also for seeding).
func (tx *Tx) CompleteProject(id, note string) error {
	p, err := tx.project(id)
	if err != nil {
		return err
	}
	to, err := renda.ProjectWorkflow.Step(p.Status, "complete", renda.ProjectRel(tx.actor, p))
	if err != nil {
		return err
	}
	if p.Progress < 100 {
		return renda.Errorf(renda.ECONFLICT, "责任单位报送的进度尚未达到 100%%，不能确认完成")
	}
	if _, err := tx.exec("UPDATE projects SET status = ?, updated_at = ? WHERE id = ?", to, ts(tx.now), id); err != nil {
		return err
	}
	tx.Record(renda.Change{Action: "complete", Entity: "project", EntityID: id, From: p.Status, To: to, Note: note})
	return nil
}

// ProjectDetail is a project with its plan's milestones, reports and inspections.
type ProjectDetail struct {
	Milestones  []renda.Milestone
	Reports     []*renda.ProgressReport
	Inspections []renda.Inspection
}

// ProjectDetails loads what hangs off a project the viewer may see.
func (db *DB) ProjectDetails(ctx context.Context, viewer *renda.User, id string) (*renda.Project, *ProjectDetail, error) {
	p, err := db.Project(ctx, viewer, id)
	if err != nil {
		return nil, nil, err
	}
	d := &ProjectDetail{}
	err = db.read(ctx, func(tx *Tx) error {
		rows, err := tx.query("SELECT id, project_id, title, due, done, done_on FROM project_milestones WHERE project_id = ? ORDER BY due, id", id)
		if err != nil {
			return err
		}
		for rows.Next() {
			var m renda.Milestone
			if err := rows.Scan(&m.ID, &m.ProjectID, &m.Title, dayScan{&m.Due}, boolScan{&m.Done}, dayScan{&m.DoneOn}); err != nil {
				rows.Close()
				return err
			}
			d.Milestones = append(d.Milestones, m)
		}
		rows.Close()
		rows, err = tx.query("SELECT id, project_id, percent, text, reported_on, by_name, created_at FROM project_reports WHERE project_id = ? ORDER BY reported_on DESC, created_at DESC", id)
		if err != nil {
			return err
		}
		for rows.Next() {
			r := &renda.ProgressReport{}
			if err := rows.Scan(&r.ID, &r.ProjectID, &r.Percent, &r.Text, dayScan{&r.ReportedOn}, &r.ByName, tsScan{&r.CreatedAt}); err != nil {
				rows.Close()
				return err
			}
			d.Reports = append(d.Reports, r)
		}
		rows.Close()
		rows, err = tx.query("SELECT id, project_id, day, deputies, notes, by_name, created_at FROM project_inspections WHERE project_id = ? ORDER BY day DESC, created_at DESC", id)
		if err != nil {
			return err
		}
		for rows.Next() {
			var in renda.Inspection
			if err := rows.Scan(&in.ID, &in.ProjectID, dayScan{&in.Day}, &in.Deputies, &in.Notes, &in.ByName, tsScan{&in.CreatedAt}); err != nil {
				rows.Close()
				return err
			}
			d.Inspections = append(d.Inspections, in)
		}
		rows.Close()
		return rows.Err()
	})
	if err != nil {
		return nil, nil, err
	}
	for _, r := range d.Reports {
		if r.Attachments, err = db.Attachments(ctx, "project_report", r.ID); err != nil {
			return nil, nil, err
		}
	}
	return p, d, nil
}

// RemindProjects is the sweep of adopted projects: it reminds the
// responsible unit when no progress report came within project.report_days,
// and tells staff once a month about each project behind schedule.
func (db *DB) RemindProjects(ctx context.Context) error {
	return db.Sweep(ctx, func(tx *Tx) error {
		set, err := tx.settings()
		if err != nil {
			return err
		}
		days, points := set.Int("project.report_days"), set.Int("project.behind_points")
		rows, err := tx.query("SELECT " + projectColumns + projectFrom + " WHERE p.status IN ('adopted','in_progress')")
		if err != nil {
			return err
		}
		var ps []*renda.Project
		for rows.Next() {
			p, err := scanProject(rows)
			if err != nil {
				rows.Close()
				return err
			}
			ps = append(ps, p)
		}
		rows.Close()
		today := tx.Today()
		for _, p := range ps {
			last := p.LastReport
			if last.IsZero() {
				last = p.PlanStart
			}
			if last.IsZero() {
				last = renda.DateOf(p.UpdatedAt)
			}
			if p.UnitID != "" && today.After(last.AddDays(days)) {
				first, err := tx.Once(fmt.Sprintf("project-report:%s:%s", p.ID, last))
				if err != nil {
					return err
				}
				if first {
					if err := tx.NotifyOrg(p.UnitID, "请报送民生实事项目进度："+p.Title,
						fmt.Sprintf("上次报送为 %s，已超过 %d 天。", last, days), "/projects/"+p.ID); err != nil {
						return err
					}
				}
			}
			if p.Behind(today, points) {
				first, err := tx.Once(fmt.Sprintf("project-behind:%s:%d-%02d", p.ID, today.Year, today.Month))
				if err != nil {
					return err
				}
				if first {
					if err := tx.NotifyRoles([]renda.Role{renda.RoleStaff}, "民生实事项目进度滞后："+p.Title,
						fmt.Sprintf("当前进度 %d%%，完成期限 %s。", p.Progress, p.PlanDeadline), "/projects/"+p.ID); err != nil {
						return err
					}
				}
			}
		}
		return nil
	})
}
