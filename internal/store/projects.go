package store

import (
	"context"
	"fmt"
	"strings"

	"renda"
	"renda/internal/attach"
	"renda/project"
	"renda/vote"
)

const projectColumns = `p.id, p.congress_id, p.year, p.title, p.description, p.category, p.budget, p.unit_id, p.target, p.deadline,
	p.source, p.proposer, p.status, p.plan_target, p.plan_start, p.plan_deadline, p.plan_funds, p.progress, p.last_report, p.rating,
	p.created_at, p.updated_at, COALESCE(o.name, ''), c.name`

const projectFrom = ` FROM projects p JOIN congresses c ON c.id = p.congress_id LEFT JOIN organizations o ON o.id = p.unit_id`

func scanProject(row interface{ Scan(...any) error }) (*project.Project, error) {
	p := &project.Project{}
	err := row.Scan(&p.ID, &p.CongressID, &p.Year, &p.Title, &p.Description, &p.Category, &p.Budget, strScan{&p.UnitID}, &p.Target,
		dayScan{&p.Deadline}, &p.Source, &p.Proposer, &p.Status, &p.PlanTarget, dayScan{&p.PlanStart}, dayScan{&p.PlanDeadline},
		&p.PlanFunds, &p.Progress, dayScan{&p.LastReport}, &p.Rating, tsScan{&p.CreatedAt}, tsScan{&p.UpdatedAt}, &p.UnitName, &p.CongressName)
	return p, err
}

// publicStates are the states of projects anyone may see: chosen by the deputies.
var publicStates = []string{"adopted", "in_progress", "completed", "rated"}

func (tx *Tx) project(id string) (*project.Project, error) {
	p, err := scanProject(tx.queryRow("SELECT "+projectColumns+projectFrom+" WHERE p.id = ?", id))
	return p, notFound(err, "项目不存在")
}

// canSeeProject: adopted projects are public (the progress board); the
// others — proposals and candidates — are for signed-in users.
func canSeeProject(viewer *renda.User, p *project.Project) bool {
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
func (db *DB) Project(ctx context.Context, viewer *renda.User, id string) (*project.Project, error) {
	var p *project.Project
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
func (db *DB) Projects(ctx context.Context, viewer *renda.User, f project.Filter) ([]*project.Project, int, error) {
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
	var out []*project.Project
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
func (db *DB) SaveProject(ctx context.Context, actor *renda.User, p *project.Project) error {
	return db.write(ctx, actor, func(tx *Tx) error { return tx.SaveProject(p) })
}

// SaveProject is SaveProject in this transaction.
func (tx *Tx) SaveProject(p *project.Project) error {
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
		env, err := tx.env()
		if err != nil {
			return err
		}
		env.Rel = project.Relations(tx.actor, p)
		status := p.Status
		p.Status = ""
		created, out, err := project.Flow.Apply(p, "create", renda.NewInput().Set("status", status), env)
		if err != nil {
			return err
		}
		*p = *created
		p.ID, p.CreatedAt, p.UpdatedAt = renda.NewID(), tx.now, tx.now
		if _, err := tx.exec(`INSERT INTO projects (id, congress_id, year, title, description, category, budget, unit_id, target, deadline, source, proposer,
			status, plan_target, plan_start, plan_deadline, plan_funds, progress, last_report, rating, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			p.ID, p.CongressID, p.Year, p.Title, p.Description, p.Category, p.Budget, nz(p.UnitID), p.Target, day(p.Deadline), p.Source, p.Proposer,
			p.Status, p.PlanTarget, day(p.PlanStart), day(p.PlanDeadline), p.PlanFunds, p.Progress, day(p.LastReport), p.Rating, ts(tx.now), ts(tx.now)); err != nil {
			return err
		}
		tx.Record(renda.Change{Action: "create", Entity: "project", EntityID: p.ID, After: p, From: out.From, To: out.To})
		return nil
	}
	old, err := tx.project(p.ID)
	if err != nil {
		return err
	}
	if _, err := project.Workflow.Step(old.Status, "update", project.Relations(tx.actor, old)); err != nil {
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

// projectFlow runs the project machine (project.Flow): every change of a
// project's state, plan, milestones, reports and inspections goes through it.
var projectFlow = &flow[project.Project]{
	m:  project.Flow,
	id: func(p *project.Project) string { return p.ID },
	rel: func(tx *Tx, p *project.Project) (renda.Rel, error) {
		if tx.actor == nil {
			return renda.Rel{"system"}, nil
		}
		return project.Relations(tx.actor, p), nil
	},
	facts: projectFacts,
	save:  saveProject,
}

// projectFacts builds the record an action adds from its input (a report,
// an inspection) or loads the milestone it finishes.
func projectFacts(tx *Tx, p *project.Project, action string, in *renda.Input) (any, error) {
	switch action {
	case "finish_milestone":
		m := &project.Milestone{}
		err := tx.queryRow("SELECT id, project_id, title, due, done, done_on FROM project_milestones WHERE id = ? AND project_id = ?", in.Text("milestone_id"), p.ID).
			Scan(&m.ID, &m.ProjectID, &m.Title, dayScan{&m.Due}, boolScan{&m.Done}, dayScan{&m.DoneOn})
		return m, notFound(err, "节点不存在")
	case "report":
		r := &project.ProgressReport{ID: renda.NewID(), ProjectID: p.ID, Percent: in.Int("percent"), Text: in.Text("text"),
			ReportedOn: in.Date("reported_on"), ByName: tx.actor.Name(), CreatedAt: tx.now}
		if r.ReportedOn.IsZero() {
			r.ReportedOn = tx.Today()
		}
		return r, nil
	case "inspect":
		return &project.Inspection{ID: renda.NewID(), ProjectID: p.ID, Day: in.Date("day"), Deputies: in.Text("deputies"), Notes: in.Text("notes"),
			ByName: tx.actor.Name(), CreatedAt: tx.now}, nil
	}
	return nil, nil
}

// ActOnProject takes an action offered on a project's page and API, with
// raw input decoded by the action's declaration (project.Flow), and files
// already checked by attach.Check.
func (db *DB) ActOnProject(ctx context.Context, actor *renda.User, id, action string, raw renda.Values, files []*attach.File) error {
	return db.write(ctx, actor, func(tx *Tx) error {
		rule, ok := project.Flow.Rule(action)
		if !ok || !rule.Offered() {
			return renda.Errorf(renda.ENOTFOUND, "没有“%s”这个操作", action)
		}
		p, err := tx.project(id)
		if err != nil {
			return err
		}
		if !canSeeProject(tx.actor, p) {
			return renda.Errorf(renda.ENOTFOUND, "项目不存在")
		}
		_, _, err = projectFlow.run(tx, p, action, raw, files)
		return err
	})
}

// ProjectActions lists the actions the viewer may take on a project now.
func (db *DB) ProjectActions(ctx context.Context, viewer *renda.User, p *project.Project) ([]renda.Rule, error) {
	var out []renda.Rule
	err := db.read(ctx, func(tx *Tx) error {
		tx.actor = viewer
		var err error
		out, err = projectFlow.actions(tx, p)
		return err
	})
	return out, err
}

// saveProject persists what a project action decided: the project's own
// columns, and the milestone, report or inspection it adds.
func saveProject(tx *Tx, before, p *project.Project, out *renda.Outcome, files []*attach.File) error {
	if _, err := tx.exec(`UPDATE projects SET status = ?, plan_target = ?, plan_start = ?, plan_deadline = ?, plan_funds = ?, progress = ?,
		last_report = ?, rating = ?, updated_at = ? WHERE id = ?`, p.Status, p.PlanTarget, day(p.PlanStart), day(p.PlanDeadline), p.PlanFunds,
		p.Progress, day(p.LastReport), p.Rating, ts(tx.now), p.ID); err != nil {
		return err
	}
	for _, rec := range out.Records {
		switch r := rec.(type) {
		case *project.Milestone:
			if r.Done {
				if _, err := tx.exec("UPDATE project_milestones SET done = TRUE, done_on = ? WHERE id = ? AND project_id = ?", day(r.DoneOn), r.ID, p.ID); err != nil {
					return err
				}
				continue
			}
			if _, err := tx.exec("INSERT INTO project_milestones (id, project_id, title, due, done, done_on) VALUES (?, ?, ?, ?, ?, ?)",
				r.ID, p.ID, r.Title, day(r.Due), r.Done, day(r.DoneOn)); err != nil {
				return err
			}
		case *project.ProgressReport:
			if _, err := tx.exec("INSERT INTO project_reports (id, project_id, percent, text, reported_on, by_name, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
				r.ID, p.ID, r.Percent, r.Text, day(r.ReportedOn), r.ByName, ts(tx.now)); err != nil {
				return err
			}
			for _, f := range files {
				a, err := tx.AddAttachment("project_report", r.ID, f)
				if err != nil {
					return err
				}
				r.Attachments = append(r.Attachments, a)
			}
		case *project.Inspection:
			if _, err := tx.exec("INSERT INTO project_inspections (id, project_id, day, deputies, notes, by_name, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
				r.ID, p.ID, day(r.Day), r.Deputies, r.Notes, r.ByName, ts(tx.now)); err != nil {
				return err
			}
		default:
			return fmt.Errorf("store: a project action made a %T", rec)
		}
	}
	return nil
}

// actOnProject runs action on project id for the transaction's actor with
// decoded input in; facts is what the action needs besides the project.
func (tx *Tx) actOnProject(id, action string, in *renda.Input, facts any, files []*attach.File) (*project.Project, error) {
	p, err := tx.project(id)
	if err != nil {
		return nil, err
	}
	env, err := tx.env()
	if err != nil {
		return nil, err
	}
	env.Facts = facts
	if env.Rel, err = projectFlow.rel(tx, p); err != nil {
		return nil, err
	}
	if _, err := project.Flow.Check(p, action, env); err != nil {
		return nil, err
	}
	if in == nil {
		in = renda.NewInput()
	}
	next, _, err := projectFlow.apply(tx, env, p, action, in, files)
	return next, err
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
	_, err := tx.actOnProject(id, action, renda.NewInput().Set("note", note), nil, nil)
	return err
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
	if err := tx.checkProject(id, "plan"); err != nil {
		return err
	}
	var pr renda.Problems
	pl.Target = pr.Text("plan_target", "实施目标", pl.Target, true, 1000)
	if pl.Start.IsZero() {
		pr.Add("plan_start", "请填写开工日期")
	}
	if pl.Deadline.IsZero() {
		pr.Add("plan_deadline", "请填写完成期限")
	}
	if pl.Funds < 0 || pl.Funds > 10000000 {
		pr.Add("plan_funds", "资金（万元）应为 0 到 10000000 之间的整数")
	}
	if err := pr.Err(); err != nil {
		return err
	}
	in := renda.NewInput().Set("plan_target", pl.Target).SetDate("plan_start", pl.Start).SetDate("plan_deadline", pl.Deadline).SetInt("plan_funds", pl.Funds)
	_, err := tx.actOnProject(id, "plan", in, nil, nil)
	return err
}

// checkProject tells whether the actor may take action on project id now
// (so that the table answers before the input is checked).
func (tx *Tx) checkProject(id, action string) error {
	p, err := tx.project(id)
	if err != nil {
		return err
	}
	env, err := tx.env()
	if err != nil {
		return err
	}
	if env.Rel, err = projectFlow.rel(tx, p); err != nil {
		return err
	}
	_, err = project.Flow.Check(p, action, env)
	return err
}

// AddMilestone adds a dated step to a project's plan.
func (db *DB) AddMilestone(ctx context.Context, actor *renda.User, id string, m *project.Milestone) error {
	return db.write(ctx, actor, func(tx *Tx) error { return tx.AddMilestone(id, m) })
}

// AddMilestone is AddMilestone in this transaction (also for seeding).
func (tx *Tx) AddMilestone(id string, m *project.Milestone) error {
	if err := tx.checkProject(id, "milestone"); err != nil {
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
	env, err := tx.env()
	if err != nil {
		return err
	}
	p, err := tx.project(id)
	if err != nil {
		return err
	}
	if env.Rel, err = projectFlow.rel(tx, p); err != nil {
		return err
	}
	_, out, err := projectFlow.apply(tx, env, p, "milestone", renda.NewInput().Set("title", m.Title).SetDate("due", m.Due), nil)
	if err != nil {
		return err
	}
	*m = *out.Records[0].(*project.Milestone)
	return nil
}

// FinishMilestone marks a milestone done today.
func (db *DB) FinishMilestone(ctx context.Context, actor *renda.User, projectID, milestoneID string) error {
	return db.write(ctx, actor, func(tx *Tx) error {
		if err := tx.checkProject(projectID, "finish_milestone"); err != nil {
			return err
		}
		m := &project.Milestone{}
		if err := tx.queryRow("SELECT id, project_id, title, due, done, done_on FROM project_milestones WHERE id = ? AND project_id = ?", milestoneID, projectID).
			Scan(&m.ID, &m.ProjectID, &m.Title, dayScan{&m.Due}, boolScan{&m.Done}, dayScan{&m.DoneOn}); err != nil {
			return notFound(err, "节点不存在")
		}
		_, err := tx.actOnProject(projectID, "finish_milestone", renda.NewInput().Set("milestone_id", milestoneID), m, nil)
		return err
	})
}

// ReportProgress records the responsible unit's progress report, with photos.
func (db *DB) ReportProgress(ctx context.Context, actor *renda.User, id string, r *project.ProgressReport, files []*attach.File) error {
	return db.write(ctx, actor, func(tx *Tx) error { return tx.ReportProgress(id, r, files) })
}

// ReportProgress is ReportProgress in this transaction.
func (tx *Tx) ReportProgress(id string, r *project.ProgressReport, files []*attach.File) error {
	if err := tx.checkProject(id, "report"); err != nil {
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
	in := renda.NewInput().SetInt("percent", r.Percent).Set("text", r.Text)
	_, err := tx.actOnProject(id, "report", in, r, files)
	return err
}

// AddInspection records deputies' inspection of a project.
func (db *DB) AddInspection(ctx context.Context, actor *renda.User, id string, in *project.Inspection) error {
	return db.write(ctx, actor, func(tx *Tx) error { return tx.AddInspection(id, in) })
}

// AddInspection is AddInspection in this transaction.
func (tx *Tx) AddInspection(id string, in *project.Inspection) error {
	if err := tx.checkProject(id, "inspect"); err != nil {
		return err
	}
	if err := in.Validate(); err != nil {
		return err
	}
	in.ID, in.ProjectID, in.CreatedAt, in.ByName = renda.NewID(), id, tx.now, tx.actor.Name()
	vals := renda.NewInput().SetDate("day", in.Day).Set("deputies", in.Deputies).Set("notes", in.Notes)
	_, err := tx.actOnProject(id, "inspect", vals, in, nil)
	return err
}

// CompleteProject confirms a project done (staff).
func (db *DB) CompleteProject(ctx context.Context, actor *renda.User, id, note string) error {
	return db.write(ctx, actor, func(tx *Tx) error { return tx.CompleteProject(id, note) })
}

// CompleteProject is CompleteProject in this transaction (also for seeding).
func (tx *Tx) CompleteProject(id, note string) error {
	_, err := tx.actOnProject(id, "complete", renda.NewInput().Set("note", note), nil, nil)
	return err
}

// The livelihood kinds' ballots are about projects: candidates screened in
// (livelihood) or projects under way (project_rating); the result moves
// them on through the project machine as the system.
func init() {
	registerBallotItems("project", BallotItems{
		describe: func(tx *Tx, c *vote.Candidate) error {
			return tx.queryRow(`SELECT p.title, p.budget, COALESCE(o.name, ''), p.target, p.description
				FROM projects p LEFT JOIN organizations o ON o.id = p.unit_id WHERE p.id = ?`, c.ID).
				Scan(&c.Title, &c.Budget, &c.UnitName, &c.Target, &c.Summary)
		},
		check: func(tx *Tx, v *vote.Vote, c *vote.Candidate, creating bool) error {
			var congress, status, title string
			if err := tx.queryRow("SELECT congress_id, status, title FROM projects WHERE id = ?", c.ID).Scan(&congress, &status, &title); err != nil {
				return &renda.Error{Code: renda.EINVALID, Message: "候选项目不存在", Fields: []renda.FieldError{{Field: "candidates", Message: "候选项目不存在"}}}
			}
			if congress != v.CongressID {
				return &renda.Error{Code: renda.EINVALID, Message: "“" + title + "”不是本级人大的项目", Fields: []renda.FieldError{{Field: "candidates", Message: "项目不属于该人大"}}}
			}
			want := []string{project.Candidate}
			if v.Rating() {
				want = []string{project.Adopted, project.InProgress, project.Completed}
			}
			if !contains(want, status) && (creating || v.Rating()) {
				msg := "“" + title + "”尚未审查入围，不能作为候选项目"
				if v.Rating() {
					msg = "“" + title + "”不是已票决的实施项目，不能测评"
				}
				return &renda.Error{Code: renda.EINVALID, Message: msg, Fields: []renda.FieldError{{Field: "candidates", Message: msg}}}
			}
			c.Title = title
			return nil
		},
		apply: applyProjectResult,
	})
}

// applyProjectResult moves each project on a closed vote to the state the
// result gives it: adopted, not adopted, back to the presidium on a tie
// (livelihood), or rated (project_rating).
func applyProjectResult(tx *Tx, v *vote.Vote, res *vote.Result) error {
	env, err := tx.env()
	if err != nil {
		return err
	}
	env.Rel = renda.Rel{"system"}
	for _, it := range res.Items {
		p, err := tx.project(it.ID)
		if err != nil {
			return err
		}
		env := *env
		if v.Rating() {
			if it.Grade == "" || p.Status == project.Rated {
				continue
			}
			if _, _, err := projectFlow.apply(tx, &env, p, "rate", renda.NewInput().Set("grade", it.Grade), nil); err != nil {
				return err
			}
			continue
		}
		want := project.NotAdopted
		switch {
		case it.Adopted:
			want = project.Adopted
		case it.Tie && it.Decided == "":
			want = project.Candidate // for the presidium
		}
		if p.Status == want || !contains([]string{project.Candidate, project.Adopted, project.NotAdopted}, p.Status) {
			continue
		}
		action := map[string]string{project.Adopted: "adopt", project.NotAdopted: "not_adopt", project.Candidate: "reopen"}[want]
		in := renda.NewInput().Set("note", fmt.Sprintf("%s：赞成 %d，反对 %d，弃权 %d", v.Title, it.Yes, it.No, it.Abstain))
		if _, _, err := projectFlow.apply(tx, &env, p, action, in, nil); err != nil {
			return err
		}
	}
	return nil
}

// ProjectDetail is a project with its plan's milestones, reports and inspections.
type ProjectDetail struct {
	Milestones  []project.Milestone
	Reports     []*project.ProgressReport
	Inspections []project.Inspection
}

// ProjectDetails loads what hangs off a project the viewer may see.
func (db *DB) ProjectDetails(ctx context.Context, viewer *renda.User, id string) (*project.Project, *ProjectDetail, error) {
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
			var m project.Milestone
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
			r := &project.ProgressReport{}
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
			var in project.Inspection
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
		var ps []*project.Project
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
