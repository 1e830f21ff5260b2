package web

import (
	"net/http"
	"net/url"
	"strconv"

	"renda"
	"renda/internal/attach"
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
		{"GET /supervision/interpellations/new", staffOnly, s.interpellationNewPage},
		{"POST /supervision/interpellations/new", staffOnly, s.interpellationNewSubmit},
		// Findings are for the staff side and the item's team (deputies); the store checks the tie.
		{"GET /supervision/findings/{fid}/files/{aid}", []renda.Role{renda.RoleAdmin, renda.RoleStaff, renda.RoleLeader, renda.RoleDeputy}, s.findingFile},
		{"GET /supervision/findings/{fid}", []renda.Role{renda.RoleAdmin, renda.RoleStaff, renda.RoleLeader, renda.RoleDeputy}, s.findingPage},
		{"GET /supervision/{id}", nil, s.supervisionItemPage},
		// Deputies act too: a team member records findings, a signer of a 质询案 gives a view (the store checks the tie).
		{"POST /supervision/{id}/{action}", []renda.Role{renda.RoleAdmin, renda.RoleStaff, renda.RoleUnit, renda.RoleDeputy}, s.supervisionAct},
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
	p := &SupervisionPage{Base: s.base(r, "监督工作"), Year: year, Kind: kind, Joint: joint, Kinds: supervision.ListKinds, Items: items, Total: total,
		Staff: u.Is(renda.RoleAdmin, renda.RoleStaff), Public: u == nil}
	if u == nil {
		p.Base = s.citizenBase(r, "监督工作")
	}
	return s.render(w, r, "supervision", p)
}

// SupervisionNewPage is the form for a new plan item.
type SupervisionNewPage struct {
	Base
	Form           *Form
	Interpellation bool // a 质询案, not a plan item
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
	// A 质询案's signers, answers and stances; an inspection's findings
	// (the staff side and the team) and the report drafted from them.
	Interp   *store.Interpellation
	Findings []*supervision.Finding
	Draft    string
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
	if it.Interpellation() {
		if p.Interp, err = s.db.Interpellation(ctx, u, it.ID); err != nil {
			return err
		}
	}
	if p.Findings, err = s.db.Findings(ctx, u, it.ID); err != nil {
		return err
	}
	if p.StaffSee {
		p.Draft = it.ReportDraft
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
			"year": strconv.Itoa(it.Year), "month": strconv.Itoa(it.Month), "kind": it.Kind, "summary": it.Summary},
			"edit_draft": {"draft": it.ReportDraft}, "report": {"report": it.ReportDraft}}
		ac := actionCtx{post: func(a string) string { return "/supervision/" + it.ID + "/" + a }, set: set, fill: fill, scope: true}
		itemFailed := failed
		if failed == "rectifications" { // the list's own form failed, below
			itemFailed = ""
		}
		if p.Actions, err = s.itemActions(r, rules, ac, itemFailed, failedErr); err != nil {
			return err
		}
		if p.Interp != nil {
			assessForm(p.Actions, u, p.Interp)
		}
		findingForm(p.Actions, u, p.Parts)
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
	var files []*attach.File
	if rule.HasFiles() {
		var err error
		if files, err = photos(r, "files", 9); err != nil {
			return s.renderSupervisionItem(w, r, httpx.Status(renda.ErrorCode(err)), action, err)
		}
	}
	if _, err := s.db.ActOnSupervisionItemFiles(r.Context(), httpx.User(r), id, action, actionValues(r, rule), files); err != nil {
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
	// The same by the handling unit they were forwarded to.
	ByUnit []store.Topic
	// The deputies' motions and suggestions of the year, by category and
	// by handling unit.
	SugByCategory, SugByUnit []store.SuggestionTopic
}

// SugHref is the suggestions list a count of the topics page counts: the
// year's items received, of a kind ("" both), in a category or unit.
func (p *SupervisionTopicsPage) SugHref(kind, by, key string) string {
	v := url.Values{"view": {"all"}, "counted": {"1"}, "year": {strconv.Itoa(p.Year)}}
	if kind != "" {
		v.Set("kind", kind)
	}
	if key != "" {
		v.Set(by, key)
	}
	return "/suggestions?" + v.Encode()
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
	if p.SugByCategory, p.SugByUnit, err = s.db.SupervisionSuggestionTopics(r.Context(), httpx.User(r), year); err != nil {
		return err
	}
	if p.ByUnit, err = s.db.SupervisionUnitTopics(r.Context(), httpx.User(r), year); err != nil {
		return err
	}
	for y := now; y >= now-3; y-- {
		p.Years = append(p.Years, y)
	}
	return s.render(w, r, "supervision_topics", p)
}

// assessForm fits the stance form of a 质询案 to its viewer: a signer
// speaks for themselves (no choice of signer); staff recording a written
// stance choose among the signers only.
func assessForm(forms []*ActionForm, u *renda.User, in *store.Interpellation) {
	for _, af := range forms {
		if af.Action != "assess" {
			continue
		}
		var keep []*Field
		for _, fl := range af.Form.Fields {
			if fl.Name == "deputy_id" {
				if u.Is(renda.RoleDeputy) {
					continue
				}
				fl.Options, fl.Required = nil, true
				stated := map[string]bool{}
				for _, st := range in.Stances {
					if len(in.Answers) > 0 && st.Round == in.Answers[len(in.Answers)-1].Round {
						stated[st.DeputyID] = true
					}
				}
				for _, sg := range in.Signers {
					if !stated[sg.DeputyID] {
						fl.Options = append(fl.Options, Option{Value: sg.DeputyID, Label: sg.Name})
					}
				}
			}
			keep = append(keep, fl)
		}
		af.Form.Fields = keep
	}
}

// photos checks the pictures of a multipart field (at most max).
func photos(r *http.Request, name string, max int) ([]*attach.File, error) {
	if r.MultipartForm == nil {
		return nil, nil
	}
	var out []*attach.File
	for _, fh := range r.MultipartForm.File[name] {
		if fh.Size == 0 && fh.Filename == "" {
			continue
		}
		if len(out) >= max {
			return nil, &renda.Error{Code: renda.EINVALID, Message: "输入有误：照片太多", Fields: []renda.FieldError{{Field: name, Message: "最多 " + strconv.Itoa(max) + " 张"}}}
		}
		fl, err := fh.Open()
		if err != nil {
			return nil, err
		}
		f, err := attach.Check(fh.Filename, fl, attach.Image)
		fl.Close()
		if err != nil {
			return nil, &renda.Error{Code: renda.ErrorCode(err), Message: renda.ErrorMessage(err), Fields: []renda.FieldError{{Field: name, Message: renda.ErrorMessage(err)}}}
		}
		out = append(out, f)
	}
	return out, nil
}

// findingFile serves a finding's photo to whoever may see the findings.
func (s *Server) findingFile(w http.ResponseWriter, r *http.Request) error {
	return httpx.ServeAttachment(w, r, s.db, supervision.EntityFinding, r.PathValue("fid"), r.PathValue("aid"))
}

// findingPage sends a link to a finding (a duty record entry's source) to
// the finding on its item's page, for whoever may see the findings.
func (s *Server) findingPage(w http.ResponseWriter, r *http.Request) error {
	fid := r.PathValue("fid")
	itemID, err := s.db.FindingItem(r.Context(), httpx.User(r), fid)
	if err != nil {
		return err
	}
	http.Redirect(w, r, "/supervision/"+itemID+"#finding-"+fid, http.StatusSeeOther)
	return nil
}

// interpellationForm is the form for a new 质询案: the signers are chosen
// among the standing committee's members.
func (s *Server) interpellationForm(r *http.Request) (*Form, error) {
	set, err := s.db.Settings(r.Context())
	if err != nil {
		return nil, err
	}
	rule, _ := supervision.Flow.Rule("file")
	f, err := s.ruleForm(r, rule, actionCtx{post: func(string) string { return "/supervision/interpellations/new" }, set: set})
	if err != nil {
		return nil, err
	}
	members, err := s.db.SupervisionMembers(r.Context())
	if err != nil {
		return nil, err
	}
	if members != nil {
		for _, fl := range f.Fields {
			if fl.Name == "signer_ids" {
				fl.Options = nil
				for _, m := range members {
					fl.Options = append(fl.Options, Option{Value: m.ID, Label: m.Name})
				}
			}
		}
	}
	f.Cancel = "/supervision?kind=inquiry"
	return f, nil
}

func (s *Server) interpellationNewPage(w http.ResponseWriter, r *http.Request) error {
	f, err := s.interpellationForm(r)
	if err != nil {
		return err
	}
	return s.render(w, r, "supervision_new", &SupervisionNewPage{Base: s.base(r, "提出质询案"), Form: f, Interpellation: true})
}

func (s *Server) interpellationNewSubmit(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(r); err != nil {
		return err
	}
	rule, _ := supervision.Flow.Rule("file")
	it, err := s.db.FileInterpellation(r.Context(), httpx.User(r), actionValues(r, rule))
	if err != nil {
		if renda.ErrorCode(err) != renda.EINVALID {
			return err
		}
		form, ferr := s.interpellationForm(r)
		if ferr != nil {
			return ferr
		}
		form.Fill(r)
		form.Fail(err)
		s.renderStatus(w, r, httpx.Status(renda.ErrorCode(err)), "supervision_new", &SupervisionNewPage{Base: s.base(r, "提出质询案"), Form: form, Interpellation: true})
		return nil
	}
	return redirect(w, r, "/supervision/"+it.ID, "质询案已登记")
}

// AnswerModeLabel names how a 质询案 is answered.
func (p *SupervisionItemPage) AnswerModeLabel(m string) string { return supervision.AnswerModeLabel(m) }
