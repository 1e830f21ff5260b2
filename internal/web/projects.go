package web

import (
	"net/http"
	"strconv"
	"strings"

	"renda"
	"renda/internal/attach"
	"renda/internal/httpx"
	"renda/internal/store"
	"renda/project"
)

// ProjectsPage is the progress board of livelihood projects (public: the
// adopted ones) and, for signed-in users, the list of proposals too.
type ProjectsPage struct {
	Base
	Items      []*project.Project
	Behind     map[string]bool
	Pager      Pager
	Filter     project.Filter
	Years      []int
	Congresses []Option
	States     []renda.StateDef
	OnlyLag    bool
	CanEdit    bool
	CanPropose bool
	Stats      ProjectStats
}

// ProjectStats sums up the board.
type ProjectStats struct {
	Total, Running, Completed, Behind, Funds int
}

func (s *Server) projectsPage(w http.ResponseWriter, r *http.Request) error {
	u := httpx.User(r)
	q := r.URL.Query()
	pg := pager(r, 30)
	f := project.Filter{Q: strings.TrimSpace(q.Get("q")), Public: u == nil || q.Get("all") == "" && !u.IsStaffSide()}
	if y, err := strconv.Atoi(q.Get("year")); err == nil && y > 2000 && y < 2100 {
		f.Year = y
	}
	if st := q.Get("status"); project.Workflow.StateLabel(st) != st {
		f.Status = st
	}
	if c := q.Get("congress"); renda.ValidID(c) {
		f.CongressID = c
	}
	if c := q.Get("unit"); renda.ValidID(c) {
		f.UnitID = c
	}
	all, _, err := s.db.Projects(r.Context(), u, project.Filter{Q: f.Q, Public: f.Public, Year: f.Year, Status: f.Status, CongressID: f.CongressID, UnitID: f.UnitID, Limit: 2000})
	if err != nil {
		return err
	}
	set, err := s.db.Settings(r.Context())
	if err != nil {
		return err
	}
	today := renda.DateOf(s.db.Clock().Now())
	p := &ProjectsPage{Base: s.base(r, "民生实事项目"), Behind: map[string]bool{}, Filter: f, States: project.Workflow.States,
		OnlyLag: q.Get("behind") != "", CanEdit: u.Is(renda.RoleAdmin, renda.RoleStaff), CanPropose: u.Is(renda.RoleDeputy)}
	var shown []*project.Project
	years := map[int]bool{}
	for _, pr := range all {
		years[pr.Year] = true
		lag := pr.Behind(today, set.Int("project.behind_points"))
		p.Behind[pr.ID] = lag
		if p.OnlyLag && !lag {
			continue
		}
		shown = append(shown, pr)
		p.Stats.Total++
		p.Stats.Funds += max(pr.PlanFunds, pr.Budget)
		switch {
		case lag:
			p.Stats.Behind++
		}
		switch pr.Status {
		case "adopted", "in_progress":
			p.Stats.Running++
		case "completed", "rated":
			p.Stats.Completed++
		}
	}
	if cs, err := s.db.Congresses(r.Context()); err == nil {
		for _, c := range cs {
			if c.Level == renda.LevelCounty || c.Level == renda.LevelTownship {
				p.Congresses = append(p.Congresses, Option{Value: c.ID, Label: c.Name})
			}
		}
	}
	for y := range years {
		p.Years = append(p.Years, y)
	}
	slicesSortDesc(p.Years)
	pg.Total = len(shown)
	p.Items = shown[min(pg.Offset, len(shown)):min(pg.Offset+pg.Limit, len(shown))]
	p.Pager = pg
	return s.render(w, r, "projects", p)
}

func slicesSortDesc(a []int) {
	for i := 1; i < len(a); i++ {
		for j := i; j > 0 && a[j] > a[j-1]; j-- {
			a[j], a[j-1] = a[j-1], a[j]
		}
	}
}

func (s *Server) project(r *http.Request) (*project.Project, *store.ProjectDetail, error) {
	id := r.PathValue("id")
	if !renda.ValidID(id) {
		return nil, nil, renda.Errorf(renda.ENOTFOUND, "项目不存在")
	}
	return s.db.ProjectDetails(r.Context(), httpx.User(r), id)
}

// ProjectPage shows one project with its plan, milestones, reports with
// photos, inspections and history, and the forms the viewer may use.
type ProjectPage struct {
	Base
	Project       *project.Project
	Detail        *store.ProjectDetail
	Behind        bool
	History       []renda.AuditRecord
	CanScreen     bool
	CanEdit       bool
	CanComplete   bool
	CanMilestone  bool
	PlanForm      *Form
	MilestoneForm *Form
	ReportForm    *Form
	InspectForm   *Form
	Error         string
}

func (s *Server) projectPage(w http.ResponseWriter, r *http.Request) error {
	return s.renderProject(w, r, http.StatusOK, "", nil)
}

// renderProject shows the project page; failed names the form that failed
// ("plan", "milestone", "report", "inspect") so it is shown filled with its errors.
func (s *Server) renderProject(w http.ResponseWriter, r *http.Request, status int, failed string, ferr error) error {
	u := httpx.User(r)
	pr, d, err := s.project(r)
	if err != nil {
		return err
	}
	set, err := s.db.Settings(r.Context())
	if err != nil {
		return err
	}
	p := &ProjectPage{Base: s.base(r, pr.Title), Project: pr, Detail: d, Behind: pr.Behind(renda.DateOf(s.db.Clock().Now()), set.Int("project.behind_points"))}
	rel := project.Relations(u, pr)
	can := func(action string) bool {
		_, err := project.Workflow.Step(pr.Status, action, rel)
		return u != nil && err == nil
	}
	p.CanScreen = can("screen_in") || can("screen_out")
	p.CanEdit = can("update")
	p.CanComplete = can("complete") && pr.Progress >= 100
	p.CanMilestone = can("milestone")
	if u != nil {
		if p.History, err = s.db.History(r.Context(), "project", pr.ID); err != nil {
			return err
		}
	}
	base := "/projects/" + pr.ID
	if can("plan") {
		funds := ""
		if pr.PlanFunds > 0 {
			funds = strconv.Itoa(pr.PlanFunds)
		}
		p.PlanForm = newForm(r, base+"/plan", "保存实施计划",
			&Field{Name: "plan_target", Label: "实施目标", Type: "textarea", Required: true, Rows: 2, Max: 1000, Value: firstNonEmpty(pr.PlanTarget, pr.Target), Wide: true},
			&Field{Name: "plan_start", Label: "开工日期", Type: "date", Required: true, Value: pr.PlanStart.String()},
			&Field{Name: "plan_deadline", Label: "完成期限", Type: "date", Required: true, Value: firstNonEmpty(pr.PlanDeadline.String(), pr.Deadline.String())},
			&Field{Name: "plan_funds", Label: "安排资金（万元）", Type: "number", Value: funds})
	}
	if p.CanMilestone {
		p.MilestoneForm = newForm(r, base+"/milestones", "添加节点",
			&Field{Name: "title", Label: "节点名称", Required: true, Max: 100},
			&Field{Name: "due", Label: "计划完成日期", Type: "date", Required: true})
	}
	if can("report") {
		p.ReportForm = newForm(r, base+"/reports", "报送进度",
			&Field{Name: "percent", Label: "完成进度（%）", Type: "number", Required: true, Value: strconv.Itoa(pr.Progress)},
			&Field{Name: "reported_on", Label: "报送日期", Type: "date", Value: renda.DateOf(s.db.Clock().Now()).String()},
			&Field{Name: "text", Label: "进展情况", Type: "textarea", Required: true, Max: 2000, Rows: 4, Wide: true},
			&Field{Name: "photos", Label: "现场照片", Type: "file", Accept: "image/*", Multiple: true, Wide: true, Help: "可选多张，每张最大 10 MB；自动去除拍摄地点等信息"})
		p.ReportForm.Multipart = true
	}
	if can("inspect") {
		who := ""
		if u.Is(renda.RoleDeputy) {
			who = u.Name()
		}
		p.InspectForm = newForm(r, base+"/inspections", "记录视察",
			&Field{Name: "day", Label: "视察日期", Type: "date", Required: true, Value: renda.DateOf(s.db.Clock().Now()).String()},
			&Field{Name: "deputies", Label: "参加代表", Required: true, Max: 300, Value: who, Help: "多名代表用顿号分隔"},
			&Field{Name: "notes", Label: "视察意见", Type: "textarea", Required: true, Max: 3000, Rows: 4, Wide: true})
	}
	forms := map[string]*Form{"plan": p.PlanForm, "milestone": p.MilestoneForm, "report": p.ReportForm, "inspect": p.InspectForm}
	if f := forms[failed]; f != nil && ferr != nil {
		f.Fill(r)
		f.Fail(ferr)
	} else if ferr != nil {
		p.Error = renda.ErrorMessage(ferr)
	}
	s.renderStatus(w, r, status, "project", p)
	return nil
}

func firstNonEmpty(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// projectPost runs a project action from a form and re-renders the page
// with the form's errors, or redirects with a message.
func (s *Server) projectPost(w http.ResponseWriter, r *http.Request, form, done string, fn func(u *renda.User, id string) error) error {
	id := r.PathValue("id")
	if !renda.ValidID(id) {
		return renda.Errorf(renda.ENOTFOUND, "项目不存在")
	}
	if err := parseForm(r); err != nil {
		return err
	}
	if err := fn(httpx.User(r), id); err != nil {
		code := renda.ErrorCode(err)
		if code == renda.ENOTFOUND || code == renda.EINTERNAL {
			return err
		}
		return s.renderProject(w, r, httpx.Status(code), form, err)
	}
	return redirect(w, r, "/projects/"+id, done)
}

// projectAct takes a project action from its page's form, decoded by the
// action's declaration (project.Flow).
func (s *Server) projectAct(w http.ResponseWriter, r *http.Request, action, form, done string, extra renda.Values, files func() ([]*attach.File, error)) error {
	return s.projectPost(w, r, form, done, func(u *renda.User, id string) error {
		rule, ok := project.Flow.Rule(action)
		if !ok {
			return renda.Errorf(renda.ENOTFOUND, "没有“%s”这个操作", action)
		}
		vals := actionValues(r, rule)
		for k, v := range extra {
			vals[k] = v
		}
		var fs []*attach.File
		if files != nil {
			var err error
			if fs, err = files(); err != nil {
				return err
			}
		}
		return s.db.ActOnProject(r.Context(), u, id, action, vals, fs)
	})
}

func (s *Server) projectScreen(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(r); err != nil {
		return err
	}
	action := r.PostFormValue("action")
	if action != "screen_in" && action != "screen_out" {
		action = "screen_" + action // refused as an unknown action
	}
	return s.projectAct(w, r, action, "", "已记录审查结果", nil, nil)
}

func (s *Server) projectPlan(w http.ResponseWriter, r *http.Request) error {
	return s.projectAct(w, r, "plan", "plan", "实施计划已保存", nil, nil)
}

func (s *Server) projectMilestone(w http.ResponseWriter, r *http.Request) error {
	return s.projectAct(w, r, "milestone", "milestone", "已添加节点", nil, nil)
}

func (s *Server) projectMilestoneDone(w http.ResponseWriter, r *http.Request) error {
	mid := r.PathValue("mid")
	if !renda.ValidID(mid) {
		return renda.Errorf(renda.ENOTFOUND, "节点不存在")
	}
	return s.projectAct(w, r, "finish_milestone", "", "节点已完成", renda.Values{"milestone_id": {mid}}, nil)
}

func (s *Server) projectReport(w http.ResponseWriter, r *http.Request) error {
	return s.projectAct(w, r, "report", "report", "进度已报送", nil, func() ([]*attach.File, error) {
		var files []*attach.File
		if r.MultipartForm != nil {
			for _, fh := range r.MultipartForm.File["photos"] {
				if len(files) >= 9 {
					return nil, &renda.Error{Code: renda.EINVALID, Message: "一次最多上传 9 张照片", Fields: []renda.FieldError{{Field: "photos", Message: "最多 9 张"}}}
				}
				f, err := fh.Open()
				if err != nil {
					return nil, err
				}
				file, err := attach.Check(fh.Filename, f, attach.Image)
				f.Close()
				if err != nil {
					return nil, &renda.Error{Code: renda.ErrorCode(err), Message: renda.ErrorMessage(err), Fields: []renda.FieldError{{Field: "photos", Message: renda.ErrorMessage(err)}}}
				}
				files = append(files, file)
			}
		}
		return files, nil
	})
}

func (s *Server) projectInspect(w http.ResponseWriter, r *http.Request) error {
	return s.projectAct(w, r, "inspect", "inspect", "视察记录已保存", nil, nil)
}

func (s *Server) projectComplete(w http.ResponseWriter, r *http.Request) error {
	return s.projectAct(w, r, "complete", "", "已确认项目完成", nil, nil)
}

// projectFile serves a file of a project, or of one of its progress reports,
// to whoever may see the project.
func (s *Server) projectFile(w http.ResponseWriter, r *http.Request) error {
	return httpx.ServeAttachment(w, r, s.db, "project", r.PathValue("id"), r.PathValue("aid"))
}

// ProjectFormPage adds or changes a project.
type ProjectFormPage struct {
	Base
	Form    *Form
	Project *project.Project
}

func (s *Server) projectForm(r *http.Request, p *project.Project) (*Form, error) {
	ctx := r.Context()
	cs, err := s.db.Congresses(ctx)
	if err != nil {
		return nil, err
	}
	var congresses []Option
	for _, c := range cs {
		if c.Level == renda.LevelCounty || c.Level == renda.LevelTownship {
			congresses = append(congresses, Option{Value: c.ID, Label: c.Name})
		}
	}
	orgs, _, err := s.db.Organizations(ctx, httpx.User(r), renda.OrgFilter{HandlingOnly: true, ActiveOnly: true, Limit: 500})
	if err != nil {
		return nil, err
	}
	var units []Option
	for _, o := range orgs {
		units = append(units, Option{Value: o.ID, Label: o.Name})
	}
	action, cancel := "/projects", "/projects"
	if p.ID != "" {
		action, cancel = "/projects/"+p.ID, "/projects/"+p.ID
	}
	year, budget := "", ""
	if p.Year > 0 {
		year = strconv.Itoa(p.Year)
	}
	if p.Budget > 0 {
		budget = strconv.Itoa(p.Budget)
	}
	f := newForm(r, action, "保存",
		&Field{Name: "title", Label: "项目名称", Required: true, Max: 80, Value: p.Title, Wide: true},
		&Field{Name: "congress_id", Label: "人民代表大会", Type: "select", Required: true, Options: congresses, Value: p.CongressID},
		&Field{Name: "year", Label: "实施年度", Type: "number", Required: true, Value: year},
		&Field{Name: "category", Label: "类别", Type: "select", Value: p.Category, Options: options(projectCategories...)},
		&Field{Name: "budget", Label: "预算（万元）", Type: "number", Value: budget},
		&Field{Name: "unit_id", Label: "责任单位", Type: "select", Options: units, Value: p.UnitID},
		&Field{Name: "deadline", Label: "完成期限", Type: "date", Value: p.Deadline.String()},
		&Field{Name: "source", Label: "来源", Type: "select", Required: true, Value: firstNonEmpty(p.Source, "government"),
			Options: []Option{{Value: "government", Label: "政府提出"}, {Value: "deputy", Label: "代表提出"}, {Value: "citizen", Label: "群众建议"}}},
		&Field{Name: "proposer", Label: "提出人", Max: 60, Value: p.Proposer, Help: "代表或群众提出时填写"},
		&Field{Name: "target", Label: "目标", Type: "textarea", Max: 500, Rows: 2, Value: p.Target, Wide: true},
		&Field{Name: "description", Label: "项目内容", Type: "textarea", Max: 2000, Rows: 5, Value: p.Description, Wide: true},
	)
	f.Cancel = cancel
	return f, nil
}

var projectCategories = []string{"医疗卫生", "教育", "养老托育", "城乡建设", "交通", "水利", "饮水安全", "社会保障", "就业", "文化体育", "生态环境", "其他"}

func (s *Server) projectNewPage(w http.ResponseWriter, r *http.Request) error {
	p := &project.Project{Year: renda.DateOf(s.db.Clock().Now()).Year + 1}
	if cs, err := s.db.Congresses(r.Context()); err == nil {
		for _, c := range cs {
			if c.Level == renda.LevelCounty {
				p.CongressID = c.ID
			}
		}
	}
	f, err := s.projectForm(r, p)
	if err != nil {
		return err
	}
	return s.render(w, r, "project_form", &ProjectFormPage{Base: s.base(r, "登记民生实事项目"), Form: f, Project: p})
}

func (s *Server) projectEditPage(w http.ResponseWriter, r *http.Request) error {
	pr, _, err := s.project(r)
	if err != nil {
		return err
	}
	f, err := s.projectForm(r, pr)
	if err != nil {
		return err
	}
	return s.render(w, r, "project_form", &ProjectFormPage{Base: s.base(r, "修改项目"), Form: f, Project: pr})
}

func (s *Server) projectSave(w http.ResponseWriter, r *http.Request, id string) error {
	if err := parseForm(r); err != nil {
		return err
	}
	var pr renda.Problems
	p := &project.Project{ID: id, Title: r.PostFormValue("title"), CongressID: r.PostFormValue("congress_id"), Category: r.PostFormValue("category"),
		UnitID: r.PostFormValue("unit_id"), Source: r.PostFormValue("source"), Proposer: r.PostFormValue("proposer"),
		Target: r.PostFormValue("target"), Description: r.PostFormValue("description")}
	p.Year = intValue(&pr, r, "year", "实施年度")
	p.Budget = intValue(&pr, r, "budget", "预算")
	p.Deadline = dateValue(&pr, r, "deadline", "完成期限")
	err := pr.Err()
	if err == nil {
		err = s.db.SaveProject(r.Context(), httpx.User(r), p)
	}
	if err != nil {
		f, ferr := s.projectForm(r, &project.Project{ID: id})
		if ferr != nil {
			return ferr
		}
		f.Fill(r)
		f.Fail(err)
		s.renderStatus(w, r, httpx.Status(renda.ErrorCode(err)), "project_form", &ProjectFormPage{Base: s.base(r, "登记民生实事项目"), Form: f, Project: p})
		return nil
	}
	return redirect(w, r, "/projects/"+p.ID, "已保存项目“"+p.Title+"”")
}

func (s *Server) projectCreate(w http.ResponseWriter, r *http.Request) error {
	return s.projectSave(w, r, "")
}

func (s *Server) projectUpdate(w http.ResponseWriter, r *http.Request) error {
	pr, _, err := s.project(r)
	if err != nil {
		return err
	}
	return s.projectSave(w, r, pr.ID)
}

// proposeForm is the deputy's form to propose a livelihood project.
func (s *Server) proposeForm(r *http.Request) (*Form, error) {
	u := httpx.User(r)
	d, err := s.db.Deputy(r.Context(), u, u.DeputyID)
	if err != nil {
		return nil, err
	}
	f := newForm(r, "/projects/propose", "提交项目建议",
		&Field{Name: "title", Label: "项目名称", Required: true, Max: 80, Wide: true},
		&Field{Name: "category", Label: "类别", Type: "select", Options: options(projectCategories...)},
		&Field{Name: "year", Label: "建议实施年度", Type: "number", Required: true, Value: strconv.Itoa(renda.DateOf(s.db.Clock().Now()).Year + 1)},
		&Field{Name: "target", Label: "目标", Type: "textarea", Max: 500, Rows: 2, Wide: true, Help: "例如：改造某村通组道路 5 公里"},
		&Field{Name: "description", Label: "理由和内容", Type: "textarea", Required: true, Max: 2000, Rows: 6, Wide: true, Help: "群众反映的问题、涉及范围、建议做法"},
	)
	f.Hidden = map[string]string{"congress_id": d.CongressID}
	f.Cancel = "/projects"
	return f, nil
}

func (s *Server) projectProposePage(w http.ResponseWriter, r *http.Request) error {
	f, err := s.proposeForm(r)
	if err != nil {
		return err
	}
	return s.render(w, r, "project_form", &ProjectFormPage{Base: s.base(r, "提出民生实事项目建议"), Form: f, Project: &project.Project{}})
}

func (s *Server) projectPropose(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(r); err != nil {
		return err
	}
	var pr renda.Problems
	p := &project.Project{Title: r.PostFormValue("title"), Category: r.PostFormValue("category"), Target: r.PostFormValue("target"),
		Description: r.PostFormValue("description"), CongressID: r.PostFormValue("congress_id")}
	p.Year = intValue(&pr, r, "year", "建议实施年度")
	if strings.TrimSpace(p.Description) == "" {
		pr.Add("description", "请填写理由和内容")
	}
	err := pr.Err()
	if err == nil {
		err = s.db.SaveProject(r.Context(), httpx.User(r), p)
	}
	if err != nil {
		f, ferr := s.proposeForm(r)
		if ferr != nil {
			return ferr
		}
		f.Fill(r)
		f.Fail(err)
		s.renderStatus(w, r, httpx.Status(renda.ErrorCode(err)), "project_form", &ProjectFormPage{Base: s.base(r, "提出民生实事项目建议"), Form: f, Project: p})
		return nil
	}
	return redirect(w, r, "/projects/"+p.ID, "项目建议已提交，工作人员审查后将告知结果")
}
