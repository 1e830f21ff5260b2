package web

import (
	"net/http"
	"strconv"

	"renda"
	"renda/internal/httpx"
	"renda/internal/store"
	"renda/supervision"
)

// supervisionRoutes are the pages of supervision (监督): the year's plan
// and each item (public: published items only), staff's forms through the
// workflow, and the rectification list the inspected body's clerk answers.
func (s *Server) supervisionRoutes() []route {
	staffOnly := []renda.Role{renda.RoleAdmin, renda.RoleStaff}
	return []route{
		{"GET /supervision", nil, s.supervisionPage},
		{"GET /supervision/new", staffOnly, s.supervisionNewPage},
		{"GET /supervision/topics", staffSide, s.supervisionTopicsPage},
		{"POST /supervision/new", staffOnly, s.supervisionNewSubmit},
		{"GET /supervision/{id}", nil, s.supervisionItemPage},
		{"POST /supervision/{id}/{action}", []renda.Role{renda.RoleAdmin, renda.RoleStaff, renda.RoleUnit}, s.supervisionAct},
		{"POST /supervision/{id}/rectifications", staffOnly, s.rectificationAdd},
		{"POST /supervision/rectifications/{id}/{action}", []renda.Role{renda.RoleAdmin, renda.RoleStaff, renda.RoleUnit}, s.rectificationAct},
	}
}

// supervisionNav is this workflow's menu entry.
func (s *Server) supervisionNav() []NavItem {
	return []NavItem{{Label: "监督工作", Href: "/supervision", Order: 43}}
}

// supervisionTiles are this workflow's entries on the public home page.
func (s *Server) supervisionTiles() []Tile {
	return []Tile{{Title: "监督工作", Text: "年度监督工作计划、工作评议结果和整改情况", Href: "/supervision", Order: 40}}
}

// SupervisionPage is a year's plan.
type SupervisionPage struct {
	Base
	Year   int
	Kind   string
	Joint  bool // joint activities with higher congresses only
	Kinds  []renda.Option
	Items  []*supervision.Item
	Total  int
	Staff  bool
	Public bool
}

func (s *Server) supervisionPage(w http.ResponseWriter, r *http.Request) error {
	u := httpx.User(r)
	year, _ := strconv.Atoi(r.URL.Query().Get("year"))
	if year < 2000 || year > 2999 {
		year = 0
	}
	kind := r.URL.Query().Get("kind")
	if supervision.KindLabel(kind) == kind {
		kind = ""
	}
	joint := r.URL.Query().Get("joint") == "1"
	items, total, err := s.db.SupervisionItems(r.Context(), u, supervision.Filter{Year: year, Kind: kind, Joint: joint, Limit: 500})
	if err != nil {
		return err
	}
	p := &SupervisionPage{Base: s.base(r, "监督工作"), Year: year, Kind: kind, Joint: joint, Kinds: supervision.Kinds, Items: items, Total: total,
		Staff: u.Is(renda.RoleAdmin, renda.RoleStaff), Public: u == nil}
	if u == nil {
		p.Base = s.citizenBase(r, "监督工作")
	}
	return s.render(w, r, "supervision", p)
}

// SupervisionNewPage is the form for a new plan item.
type SupervisionNewPage struct {
	Base
	Form *Form
}

func (s *Server) supervisionForm(r *http.Request) (*Form, error) {
	set, err := s.db.Settings(r.Context())
	if err != nil {
		return nil, err
	}
	rule, _ := supervision.Flow.Rule("create")
	f, err := s.ruleForm(r, rule, actionCtx{post: func(string) string { return "/supervision/new" }, set: set})
	if err != nil {
		return nil, err
	}
	f.Cancel = "/supervision"
	return f, nil
}

func (s *Server) supervisionNewPage(w http.ResponseWriter, r *http.Request) error {
	f, err := s.supervisionForm(r)
	if err != nil {
		return err
	}
	return s.render(w, r, "supervision_new", &SupervisionNewPage{Base: s.base(r, "新增监督事项"), Form: f})
}

func (s *Server) supervisionNewSubmit(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(r); err != nil {
		return err
	}
	rule, _ := supervision.Flow.Rule("create")
	it, err := s.db.CreateSupervisionItem(r.Context(), httpx.User(r), actionValues(r, rule))
	if err != nil {
		if renda.ErrorCode(err) != renda.EINVALID {
			return err
		}
		form, ferr := s.supervisionForm(r)
		if ferr != nil {
			return ferr
		}
		form.Fill(r)
		form.Fail(err)
		s.renderStatus(w, r, httpx.Status(renda.ErrorCode(err)), "supervision_new", &SupervisionNewPage{Base: s.base(r, "新增监督事项"), Form: form})
		return nil
	}
	return redirect(w, r, "/supervision/"+it.ID, "已列入拟定计划")
}

// RectRow is a line of the rectification list with what the viewer may do.
type RectRow struct {
	*supervision.Rectification
	Overdue bool
	Actions []*ActionForm
}

// SupervisionItemPage is one item: its plan entry, phase, verdict and
// votes, the rectification list and, for staff, the actions and history.
type SupervisionItemPage struct {
	Base
	Item      *supervision.Item
	Rects     []RectRow
	Votes     []string
	Actions   []*ActionForm
	AddRect   []*ActionForm
	History   []renda.AuditRecord
	StaffSee  bool
	Deadlines []supervision.Deadline
	Today     renda.Date
	Subjects  []*supervision.Subject
	Parts     []*supervision.Participant
	Questions []*supervision.Question
}

func (s *Server) supervisionItemPage(w http.ResponseWriter, r *http.Request) error {
	return s.renderSupervisionItem(w, r, http.StatusOK, "", nil)
}

func (s *Server) renderSupervisionItem(w http.ResponseWriter, r *http.Request, status int, failed string, failedErr error) error {
	ctx, u := r.Context(), httpx.User(r)
	it, err := s.db.SupervisionItem(ctx, u, r.PathValue("id"))
	if err != nil {
		return err
	}
	p := &SupervisionItemPage{Base: s.base(r, it.Title), Item: it, StaffSee: u.IsStaffSide()}
	if u == nil {
		p.Base = s.citizenBase(r, it.Title)
	}
	set, err := s.db.Settings(ctx)
	if err != nil {
		return err
	}
	rects, err := s.db.Rectifications(ctx, u, it.ID)
	if err != nil {
		return err
	}
	if p.Votes, err = s.db.SupervisionVotes(ctx, it.ID); err != nil {
		return err
	}
	if p.Subjects, err = s.db.Subjects(ctx, u, it.ID); err != nil {
		return err
	}
	if p.Parts, err = s.db.Participants(ctx, u, it.ID); err != nil {
		return err
	}
	if p.Questions, err = s.db.Questions(ctx, u, it.ID); err != nil {
		return err
	}
	if u != nil {
		acts, err := s.db.RectificationActions(ctx, u, rects)
		if err != nil {
			return err
		}
		cal, _ := s.db.Calendar(ctx)
		today := renda.DateOf(s.db.Clock().Now())
		for _, x := range rects {
			row := RectRow{Rectification: x, Overdue: x.Overdue(today, cal)}
			fill := map[string]map[string]string{"answer": {"measure": x.Measure, "evidence": x.Evidence}}
			ac := actionCtx{post: func(a string) string { return "/supervision/rectifications/" + x.ID + "/" + a }, set: set, fill: fill, scope: true}
			if row.Actions, err = s.actionForms(r, acts[x.ID], ac); err != nil {
				return err
			}
			p.Rects = append(p.Rects, row)
		}
	} else {
		for _, x := range rects {
			p.Rects = append(p.Rects, RectRow{Rectification: x})
		}
	}
	cal, _ := s.db.Calendar(ctx)
	p.Deadlines = it.Deadlines(set, cal)
	p.Today = renda.DateOf(s.db.Clock().Now())
	if p.StaffSee {
		if p.History, err = s.db.History(ctx, supervision.Entity, it.ID); err != nil {
			return err
		}
	}
	if u != nil {
		rules, err := s.db.SupervisionActions(ctx, u, it)
		if err != nil {
			return err
		}
		fill := map[string]map[string]string{"adjust": {"title": it.Title, "committee": it.Committee, "org_id": it.OrgID,
			"year": strconv.Itoa(it.Year), "month": strconv.Itoa(it.Month), "kind": it.Kind, "summary": it.Summary}}
		ac := actionCtx{post: func(a string) string { return "/supervision/" + it.ID + "/" + a }, set: set, fill: fill, scope: true}
		if p.Actions, err = s.actionForms(r, rules, ac); err != nil {
			return err
		}
		if failed != "" && failed != "rectifications" {
			failAction(r, p.Actions, failed, failedErr)
		}
		if u.Is(renda.RoleAdmin, renda.RoleStaff) && it.Status != supervision.Draft && it.Status != supervision.Done {
			rule, _ := supervision.RectFlow.Rule("create")
			rule.Action, rule.Label = "rectifications", "列入整改清单"
			forms, err := s.actionForms(r, []renda.Rule{rule}, actionCtx{post: func(string) string { return "/supervision/" + it.ID + "/rectifications" }, set: set, scope: true})
			if err != nil {
				return err
			}
			p.AddRect = forms
			if failed == "rectifications" {
				failAction(r, forms, failed, failedErr)
			}
		}
	}
	s.renderStatus(w, r, status, "supervision_item", p)
	return nil
}

func (s *Server) supervisionAct(w http.ResponseWriter, r *http.Request) error {
	action := r.PathValue("action")
	rule, ok := supervision.Flow.Rule(action)
	if !ok || !rule.Offered() {
		return renda.Errorf(renda.ENOTFOUND, "没有这个操作")
	}
	if err := parseForm(r); err != nil {
		return err
	}
	id := r.PathValue("id")
	if _, err := s.db.ActOnSupervisionItem(r.Context(), httpx.User(r), id, action, actionValues(r, rule)); err != nil {
		switch renda.ErrorCode(err) {
		case renda.EINVALID, renda.ECONFLICT:
			return s.renderSupervisionItem(w, r, httpx.Status(renda.ErrorCode(err)), action, err)
		}
		return err
	}
	return redirect(w, r, "/supervision/"+id, "已"+rule.Label)
}

func (s *Server) rectificationAdd(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(r); err != nil {
		return err
	}
	rule, _ := supervision.RectFlow.Rule("create")
	id := r.PathValue("id")
	if _, err := s.db.AddRectification(r.Context(), httpx.User(r), id, actionValues(r, rule)); err != nil {
		switch renda.ErrorCode(err) {
		case renda.EINVALID, renda.ECONFLICT:
			return s.renderSupervisionItem(w, r, httpx.Status(renda.ErrorCode(err)), "rectifications", err)
		}
		return err
	}
	return redirect(w, r, "/supervision/"+id+"#rectifications", "已列入整改清单")
}

func (s *Server) rectificationAct(w http.ResponseWriter, r *http.Request) error {
	action := r.PathValue("action")
	rule, ok := supervision.RectFlow.Rule(action)
	if !ok || !rule.Offered() {
		return renda.Errorf(renda.ENOTFOUND, "没有这个操作")
	}
	if err := parseForm(r); err != nil {
		return err
	}
	x, err := s.db.ActOnRectification(r.Context(), httpx.User(r), r.PathValue("id"), action, actionValues(r, rule))
	if err != nil {
		return err
	}
	return redirect(w, r, "/supervision/"+x.ItemID+"#rectifications", "已"+rule.Label)
}

// SupervisionTopicsPage suggests topics for next year's plan from the
// year's citizens' opinions and 12345 orders, by category and township.
type SupervisionTopicsPage struct {
	Base
	Year                   int
	Years                  []int
	From, To               string
	ByCategory, ByTownship []store.Topic
}

func (s *Server) supervisionTopicsPage(w http.ResponseWriter, r *http.Request) error {
	now := renda.DateOf(s.db.Clock().Now()).Year
	year, _ := strconv.Atoi(r.URL.Query().Get("year"))
	if year < now-10 || year > now {
		year = now
	}
	cats, towns, err := s.db.SupervisionTopics(r.Context(), httpx.User(r), year)
	if err != nil {
		return err
	}
	p := &SupervisionTopicsPage{Base: s.base(r, "监督选题建议"), Year: year, ByCategory: cats, ByTownship: towns,
		From: renda.NewDate(year, 1, 1).String(), To: renda.NewDate(year, 12, 31).String()}
	for y := now; y >= now-3; y-- {
		p.Years = append(p.Years, y)
	}
	return s.render(w, r, "supervision_topics", p)
}
