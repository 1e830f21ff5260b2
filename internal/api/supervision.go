package api

import (
	"net/http"
	"strconv"
	"strings"

	"renda"
	"renda/internal/httpx"
	"renda/internal/store"
	"renda/supervision"
)

// supervisionRoutes are the API routes of supervision (监督): the plan's
// items (public: published ones), their actions, rectification lists and
// the reproducible draw of 两官评议.
func (a *API) supervisionRoutes() []Route {
	staffOnly := []renda.Role{renda.RoleAdmin, renda.RoleStaff}
	withUnits := []renda.Role{renda.RoleAdmin, renda.RoleStaff, renda.RoleUnit}
	// Deputies act on items too: a team member records findings, a signer of a 质询案 gives a view.
	actors := []renda.Role{renda.RoleAdmin, renda.RoleStaff, renda.RoleUnit, renda.RoleDeputy}
	return []Route{
		{Method: "GET", Path: "/api/v1/supervision/items", Summary: "Items of the supervision plan (public: published items only; a unit also sees its own body's)", Tag: "supervision", Public: true,
			Query:    []Param{{Name: "year", Type: "integer"}, {Name: "kind", Enum: supervision.KindValues()}, {Name: "limit", Type: "integer"}, {Name: "offset", Type: "integer"}},
			Response: supList{}, Handler: a.listSupervision},
		{Method: "POST", Path: "/api/v1/supervision/items", Summary: "Add an item to a year's supervision plan (staff)", Tag: "supervision", Roles: staffOnly,
			Request: actionBody{&renda.Workflow{Rules: []renda.Rule{supCreateRule()}}}, Response: supervision.Item{}, Status: 201, Handler: a.createSupervision},
		{Method: "GET", Path: "/api/v1/supervision/items/{id}", Summary: "One supervision item with its rectification list and the ids of its votes (kind evaluation or official_rating)", Tag: "supervision", Public: true,
			Response: supDetail{}, Errors: []int{404}, Handler: a.getSupervision},
		{Method: "POST", Path: "/api/v1/supervision/items/{id}/actions/{action}", Summary: "Act on a supervision item: adjust, adopt, publish, schedule, receive_report, send_members, appoint, recuse, draw, question, self_check, investigate, record_finding (photos as files: [{name, content}]), draft_report, edit_draft, report (empty: adopt the draft), start_rating, rectify, report_again, follow_up, finish, send_opinions, answer_opinions, resolve, answer_resolution, mark_joint; on a 质询案 hand_over, answer_interpellation, assess, conclude (the body's clerk: receive_report, answer_opinions, answer_resolution, answer_interpellation; a signer: assess; a team member: record_finding)", Tag: "supervision",
			Roles: actors, Request: actionBody{supervision.Flow.Table()}, Response: supervision.Item{}, Errors: []int{403, 404, 409}, Handler: a.supervisionAction},
		{Method: "POST", Path: "/api/v1/supervision/interpellations", Summary: "Register a 质询案 (kind inquiry, form interpellation) signed by members of the standing committee — at least supervision.interpellation_signers of them (staff)", Tag: "supervision", Roles: staffOnly,
			Request: actionBody{&renda.Workflow{Rules: []renda.Rule{supRule("file")}}}, Response: supervision.Item{}, Status: 201, Errors: []int{422}, Handler: a.fileInterpellation},
		{Method: "POST", Path: "/api/v1/supervision/items/{id}/rectifications", Summary: "Put a line on an item's rectification list (staff)", Tag: "supervision", Roles: staffOnly,
			Request: actionBody{&renda.Workflow{Rules: []renda.Rule{rectCreateRule()}}}, Response: supervision.Rectification{}, Status: 201, Errors: []int{404, 409}, Handler: a.addRectification},
		{Method: "POST", Path: "/api/v1/supervision/rectifications/{id}/actions/{action}", Summary: "Act on a rectification: answer (the body's clerk), close, reopen (staff)", Tag: "supervision",
			Roles: withUnits, Request: actionBody{supervision.RectFlow.Table()}, Response: supervision.Rectification{}, Errors: []int{403, 404, 409}, Handler: a.rectificationAction},
		{Method: "POST", Path: "/api/v1/supervision/draws", Summary: "Draw count names from pool with seed, reproducibly (SHA-256 of the seed drives a partial Fisher-Yates shuffle; see supervision.Draw)", Tag: "supervision",
			Roles: staffOnly, Request: drawBody{}, Response: drawResult{}, Handler: a.draw},
	}
}

func supRule(action string) renda.Rule {
	r, _ := supervision.Flow.Rule(action)
	return r
}

func supCreateRule() renda.Rule {
	r, _ := supervision.Flow.Rule("create")
	return r
}

func rectCreateRule() renda.Rule {
	r, _ := supervision.RectFlow.Rule("create")
	return r
}

// supItem is an item in the list (the fixed interface).
type supItem struct {
	ID     string `json:"id"`
	Kind   string `json:"kind"`
	Title  string `json:"title"`
	Body   string `json:"body"`
	Status string `json:"status"`
	Year   int    `json:"year"`
}

type supList struct {
	Items []supItem `json:"items"`
	Total int       `json:"total"`
}

// supRect is a line of a rectification list.
type supRect struct {
	ID       string     `json:"id"`
	Text     string     `json:"text"`
	Owner    string     `json:"owner"`
	Due      renda.Date `json:"due"`
	Status   string     `json:"status"`
	Measure  string     `json:"measure"`
	Evidence string     `json:"evidence"`
}

type supDetail struct {
	supItem
	Committee      string                     `json:"committee"`
	Month          int                        `json:"month"`
	Summary        string                     `json:"summary"`
	Published      bool                       `json:"published"`
	Verdict        string                     `json:"verdict"`
	Report         string                     `json:"report"`
	MeetingOn      renda.Date                 `json:"meeting_on,omitzero"`
	Opinions       string                     `json:"opinions,omitempty"`
	ResponseDue    renda.Date                 `json:"response_due,omitzero"`
	Response       string                     `json:"response,omitempty"`
	Resolution     string                     `json:"resolution,omitempty"`
	JointWith      string                     `json:"joint_with,omitempty"`
	JointOrganiser string                     `json:"joint_organiser,omitempty"`
	JointLevels    []string                   `json:"joint_levels,omitempty"`
	ResolutionDue  renda.Date                 `json:"resolution_due,omitzero"`
	ResolutionDone renda.Date                 `json:"resolution_done_on,omitzero"`
	ResolutionText string                     `json:"resolution_answer,omitempty"`
	Rectifications []supRect                  `json:"rectifications"`
	Votes          []string                   `json:"votes"`
	Subjects       []*supervision.Subject     `json:"subjects"`
	Participants   []*supervision.Participant `json:"participants"`
	Questions      []*supervision.Question    `json:"questions"`
	// A 质询案: form "interpellation", its signers, answers and stances.
	Form           string                `json:"form,omitempty"`
	Round          int                   `json:"round,omitempty"`
	AnswerDue      renda.Date            `json:"answer_due,omitzero"`
	Interpellation *store.Interpellation `json:"interpellation,omitempty"`
	// Findings (the staff side and the item's team only) and the report
	// drafted from them (the staff side only).
	Findings    []*supervision.Finding `json:"findings,omitempty"`
	ReportDraft string                 `json:"report_draft,omitempty"`
}

func supItemOf(it *supervision.Item) supItem {
	return supItem{ID: it.ID, Kind: it.Kind, Title: it.Title, Body: it.Body, Status: it.Status, Year: it.Year}
}

func (a *API) listSupervision(w http.ResponseWriter, r *http.Request) error {
	pg, err := page(r)
	if err != nil {
		return err
	}
	var p renda.Problems
	kind := p.OneOf("kind", "kind", r.URL.Query().Get("kind"), false, supervision.KindValues()...)
	if err := p.Err(); err != nil {
		return err
	}
	year, err := yearParam(r)
	if err != nil {
		return err
	}
	items, total, err := a.db.SupervisionItems(r.Context(), httpx.User(r), supervision.Filter{Year: year, Kind: kind, Limit: pg.Limit, Offset: pg.Offset})
	if err != nil {
		return err
	}
	out := supList{Items: []supItem{}, Total: total}
	for _, it := range items {
		out.Items = append(out.Items, supItemOf(it))
	}
	return writeJSON(w, http.StatusOK, out)
}

func (a *API) getSupervision(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	ctx, u := r.Context(), httpx.User(r)
	it, err := a.db.SupervisionItem(ctx, u, id)
	if err != nil {
		return err
	}
	rs, err := a.db.Rectifications(ctx, u, id)
	if err != nil {
		return err
	}
	votes, err := a.db.SupervisionVotes(ctx, id)
	if err != nil {
		return err
	}
	subjects, err := a.db.Subjects(ctx, u, id)
	if err != nil {
		return err
	}
	parts, err := a.db.Participants(ctx, u, id)
	if err != nil {
		return err
	}
	questions, err := a.db.Questions(ctx, u, id)
	if err != nil {
		return err
	}
	out := supDetail{Subjects: subjects, Participants: parts, Questions: questions, supItem: supItemOf(it), Committee: it.Committee, Month: it.Month, Summary: it.Summary, Published: it.Published,
		Verdict: it.Verdict, Report: it.Report, MeetingOn: it.MeetingOn, Opinions: it.Opinions, ResponseDue: it.ResponseDue, Response: it.Response,
		JointWith: it.JointWith, JointOrganiser: it.JointOrganiser, JointLevels: it.JointLevels,
		Resolution: it.Resolution, ResolutionDue: it.ResolutionDue, ResolutionDone: it.ResolutionDoneOn, ResolutionText: it.ResolutionAnswer,
		Rectifications: []supRect{}, Votes: votes}
	if it.Interpellation() {
		out.Form, out.Round, out.AnswerDue = it.Form, it.Round, it.AnswerDue
		if out.Interpellation, err = a.db.Interpellation(ctx, u, id); err != nil {
			return err
		}
	}
	if out.Findings, err = a.db.Findings(ctx, u, id); err != nil {
		return err
	}
	if u.IsStaffSide() {
		out.ReportDraft = it.ReportDraft
	}
	for _, x := range rs {
		out.Rectifications = append(out.Rectifications, supRect{ID: x.ID, Text: x.Text, Owner: x.Owner, Due: x.Due, Status: x.Status, Measure: x.Measure, Evidence: x.Evidence})
	}
	return writeJSON(w, http.StatusOK, out)
}

func (a *API) createSupervision(w http.ResponseWriter, r *http.Request) error {
	in, err := actionValues(r, supCreateRule())
	if err != nil {
		return err
	}
	it, err := a.db.CreateSupervisionItem(r.Context(), httpx.User(r), in)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusCreated, it)
}

func (a *API) supervisionAction(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	rule, err := offeredRule(supervision.Flow.Table(), r.PathValue("action"))
	if err != nil {
		return err
	}
	if _, err := a.db.SupervisionItem(r.Context(), httpx.User(r), id); err != nil {
		return err
	}
	files, err := actionFiles(r, rule)
	if err != nil {
		return err
	}
	for i, f := range files {
		if !strings.HasPrefix(f.ContentType, "image/") {
			return &renda.Error{Code: renda.EINVALID, Message: "输入有误：只能上传照片", Fields: []renda.FieldError{{Field: "files[" + strconv.Itoa(i) + "]", Message: "只能上传照片"}}}
		}
	}
	in, err := actionValues(r, rule)
	if err != nil {
		return err
	}
	it, err := a.db.ActOnSupervisionItemFiles(r.Context(), httpx.User(r), id, rule.Action, in, files)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, it)
}

func (a *API) addRectification(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	in, err := actionValues(r, rectCreateRule())
	if err != nil {
		return err
	}
	x, err := a.db.AddRectification(r.Context(), httpx.User(r), id, in)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusCreated, x)
}

func (a *API) rectificationAction(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	rule, err := offeredRule(supervision.RectFlow.Table(), r.PathValue("action"))
	if err != nil {
		return err
	}
	in, err := actionValues(r, rule)
	if err != nil {
		return err
	}
	x, err := a.db.ActOnRectification(r.Context(), httpx.User(r), id, rule.Action, in)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, x)
}

type drawBody struct {
	Pool  []string `json:"pool"`
	Count int      `json:"count"`
	Seed  string   `json:"seed"`
}

type drawResult struct {
	ID    string   `json:"id"`
	Seed  string   `json:"seed"`
	Count int      `json:"count"`
	Drawn []string `json:"drawn"`
}

func (a *API) draw(w http.ResponseWriter, r *http.Request) error {
	var b drawBody
	if err := decode(r, &b); err != nil {
		return err
	}
	d, err := a.db.SaveDraw(r.Context(), httpx.User(r), b.Pool, b.Count, b.Seed)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, drawResult{ID: d.ID, Seed: d.Seed, Count: d.Count, Drawn: d.Drawn})
}

func (a *API) fileInterpellation(w http.ResponseWriter, r *http.Request) error {
	in, err := actionValues(r, supRule("file"))
	if err != nil {
		return err
	}
	it, err := a.db.FileInterpellation(r.Context(), httpx.User(r), in)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusCreated, it)
}
