package api

import (
	"net/http"
	"slices"
	"strconv"
	"time"

	"renda"
	"renda/consultation"
	"renda/filing"
	"renda/internal/httpx"
	"renda/internal/store"
)

// filingRoutes are the API routes of filing review (备案审查) and public
// consultation on drafts (征求意见).
func (a *API) filingRoutes() []Route {
	pageQ := []Param{{Name: "limit", Type: "integer"}, {Name: "offset", Type: "integer"}}
	filers := []renda.Role{renda.RoleAdmin, renda.RoleStaff, renda.RoleLeader, renda.RoleUnit}
	staffOnly := []renda.Role{renda.RoleAdmin, renda.RoleStaff}
	return []Route{
		{Method: "GET", Path: "/api/v1/filings", Summary: "Filed normative documents: all for the standing committee's people, their own for a filer's clerk", Tag: "filings", Roles: filers,
			Query: append([]Param{{Name: "status", Description: "a state (registered, reviewing, no_issue, issue_found, corrected, annulled, …), or open, overdue"},
				{Name: "flag", Enum: []string{"late", "ontime", "reviewed", "issue", "returned"}}, {Name: "year", Type: "integer", Description: "filed in the year"},
				{Name: "filer_id"}, {Name: "q"}}, pageQ...),
			Response: filingList{}, Handler: a.listFilings},
		{Method: "POST", Path: "/api/v1/filings", Summary: "File a normative document (a filer's clerk for their own body; staff name filer_id)", Tag: "filings",
			Roles: []renda.Role{renda.RoleAdmin, renda.RoleStaff, renda.RoleUnit}, Request: filingRequest{}, Response: filing.Filing{}, Status: 201, Errors: []int{403, 409},
			Handler: a.createFiling},
		{Method: "GET", Path: "/api/v1/filings/report", Summary: "The year's figures of filing review (备案审查工作情况报告) and its draft", Tag: "filings", Roles: staffSide,
			Query: []Param{{Name: "year", Type: "integer"}}, Response: filingReport{}, Handler: a.filingReport},
		{Method: "GET", Path: "/api/v1/filings/{id}", Summary: "One filed document with its review and history", Tag: "filings", Roles: filers,
			Response: filingResponse{}, Errors: []int{404}, Handler: a.getFiling},
		{Method: "POST", Path: "/api/v1/filings/{id}/actions/{action}", Summary: "Act on a filing: register, return, resubmit, assign, check, pass, find_issue, send_opinion, correct, annul, cite", Tag: "filings",
			Roles: filers, Request: actionBody{filing.Flow.Table()}, Response: filing.Filing{}, Errors: []int{403, 404, 409}, Handler: a.filingAction},

		{Method: "POST", Path: "/api/v1/review-requests", Summary: "Ask for the review of a normative document (public, no token); returns the tracking code", Tag: "filings", Public: true,
			Request: reviewRequestBody{}, Response: reviewRequestCreated{}, Status: 201, Errors: []int{429}, Handler: a.createReviewRequest},
		{Method: "GET", Path: "/api/v1/review-requests/track/{tracking_code}", Summary: "Follow a review request by its tracking code and phone tail (public)", Tag: "filings", Public: true,
			Query: []Param{{Name: "phone_tail", Description: "last 4 digits of the phone left with it (omit if none)"}}, Response: store.RequestTrack{}, Errors: []int{404, 429}, Handler: a.trackReviewRequest},
		{Method: "GET", Path: "/api/v1/review-requests", Summary: "Review requests received", Tag: "filings", Roles: staffSide,
			Query: []Param{{Name: "state"}, {Name: "year", Type: "integer"}}, Response: List[filing.Request]{}, Handler: a.listReviewRequests},
		{Method: "POST", Path: "/api/v1/review-requests/{id}/actions/{action}", Summary: "Act on a review request: accept, transfer, notify", Tag: "filings", Roles: staffOnly,
			Request: actionBody{filing.RequestFlow.Table()}, Response: filing.Request{}, Errors: []int{403, 404, 409}, Handler: a.reviewRequestAction},

		{Method: "GET", Path: "/api/v1/consultations", Summary: "Drafts open (or once open) for public comment (public; staff also see drafts in preparation)", Tag: "consultations", Public: true,
			Query:    append([]Param{{Name: "status", Enum: []string{consultation.Draft, consultation.Open, consultation.Closed, consultation.Published}}}, pageQ...),
			Response: consultationList{}, Handler: a.listConsultations},
		{Method: "POST", Path: "/api/v1/consultations", Summary: "Prepare a consultation (staff)", Tag: "consultations", Roles: staffOnly,
			Request: actionBody{&renda.Workflow{Rules: []renda.Rule{createRule()}}}, Response: consultationItem{}, Status: 201, Handler: a.createConsultation},
		{Method: "GET", Path: "/api/v1/consultations/{id}", Summary: "One consultation: the draft, and the feedback report once published (public)", Tag: "consultations", Public: true,
			Response: consultationResponse{}, Errors: []int{404}, Handler: a.getConsultation},
		{Method: "POST", Path: "/api/v1/consultations/{id}/comments", Summary: "Comment on a draft (public, no token): 201 while open, 409 once closed", Tag: "consultations", Public: true,
			Request: commentBody{}, Response: commentCreated{}, Status: 201, Errors: []int{404, 409, 429}, Handler: a.commentOn},
		{Method: "GET", Path: "/api/v1/consultations/{id}/comments", Summary: "The comments on a draft (staff side)", Tag: "consultations", Roles: staffSide,
			Response: List[consultation.Comment]{}, Errors: []int{404}, Handler: a.listComments},
		{Method: "POST", Path: "/api/v1/consultations/{id}/actions/{action}", Summary: "Act on a consultation: open, close, publish", Tag: "consultations", Roles: staffOnly,
			Request: actionBody{consultation.Flow.Table()}, Response: consultationItem{}, Errors: []int{403, 404, 409}, Handler: a.consultationAction},
		{Method: "POST", Path: "/api/v1/consultation-comments/{id}/actions/{action}", Summary: "Adopt or decline a comment", Tag: "consultations", Roles: staffOnly,
			Request: actionBody{consultation.CommentFlow.Table()}, Response: consultation.Comment{}, Errors: []int{403, 404, 409}, Handler: a.commentAction},
	}
}

// --- filings ---

// filingItem is a filing in a list.
type filingItem struct {
	ID          string     `json:"id"`
	Title       string     `json:"title"`
	Number      string     `json:"number"`
	Filer       string     `json:"filer"`
	PublishedOn renda.Date `json:"published_on"`
	FiledOn     renda.Date `json:"filed_on"`
	Status      string     `json:"status"`
	Late        bool       `json:"late"`
	Due         renda.Date `json:"due,omitzero"`
	Citations   int        `json:"citations"`
}

type filingList struct {
	Items []filingItem `json:"items"`
	Total int          `json:"total"`
}

type filingResponse struct {
	*filing.Filing
	Status  string              `json:"status"`
	Files   []*renda.Attachment `json:"files"`
	Actions []string            `json:"actions"`
	History []historyEntry      `json:"history"`
}

// filingRequest documents POST /api/v1/filings (decoded by the "file"
// action's fields).
type filingRequest struct {
	FilerID     string     `json:"filer_id,omitempty"`
	Title       string     `json:"title"`
	Number      string     `json:"number"`
	IssuedOn    renda.Date `json:"issued_on,omitzero"`
	PublishedOn renda.Date `json:"published_on"`
	Text        string     `json:"text"`
	Explanation string     `json:"explanation,omitempty"`
	Basis       string     `json:"basis,omitempty"`
}

func yearParam(r *http.Request) (int, error) {
	v := r.URL.Query().Get("year")
	if v == "" {
		return 0, nil
	}
	y, err := strconv.Atoi(v)
	if err != nil || y < 2000 || y > 2999 {
		return 0, &renda.Error{Code: renda.EINVALID, Message: "year 应为四位年份", Fields: []renda.FieldError{{Field: "year", Message: "应为年份"}}}
	}
	return y, nil
}

func (a *API) listFilings(w http.ResponseWriter, r *http.Request) error {
	pg, err := page(r)
	if err != nil {
		return err
	}
	q, err := query(r, "q", 50)
	if err != nil {
		return err
	}
	f := filing.Filter{Q: q, Limit: pg.Limit, Offset: pg.Offset}
	var p renda.Problems
	st := r.URL.Query().Get("status")
	if st != "" && st != "open" && st != "overdue" && !slices.Contains(filing.States, st) {
		p.Add("status", "未知的状态“%s”", trunc(st, 20))
	}
	f.State = st
	f.Flag = p.OneOf("flag", "flag", r.URL.Query().Get("flag"), false, "late", "ontime", "reviewed", "issue", "returned")
	idParam(&p, r, "filer_id", &f.FilerID)
	if err := p.Err(); err != nil {
		return err
	}
	if f.Year, err = yearParam(r); err != nil {
		return err
	}
	items, total, err := a.db.Filings(r.Context(), httpx.User(r), f)
	if err != nil {
		return err
	}
	out := filingList{Items: []filingItem{}, Total: total}
	for _, it := range items {
		out.Items = append(out.Items, filingItem{ID: it.ID, Title: it.Title, Number: it.Number, Filer: it.FilerName, PublishedOn: it.PublishedOn,
			FiledOn: it.FiledOn, Status: it.State, Late: it.Late, Due: it.Due, Citations: it.Citations})
	}
	return writeJSON(w, http.StatusOK, out)
}

func (a *API) getFiling(w http.ResponseWriter, r *http.Request) error {
	u := httpx.User(r)
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	f, err := a.db.Filing(r.Context(), u, id)
	if err != nil {
		return err
	}
	files, err := a.db.Attachments(r.Context(), "filing", id)
	if err != nil {
		return err
	}
	if files == nil {
		files = []*renda.Attachment{}
	}
	h, err := a.history(r, "filing", id)
	if err != nil {
		return err
	}
	rules, err := a.db.FilingActions(r.Context(), u, f)
	if err != nil {
		return err
	}
	names := []string{}
	for _, rule := range rules {
		names = append(names, rule.Action)
	}
	return writeJSON(w, http.StatusOK, filingResponse{Filing: f, Status: f.State, Files: files, Actions: names, History: h})
}

func (a *API) createFiling(w http.ResponseWriter, r *http.Request) error {
	rule, _ := filing.Flow.Rule("file")
	in, err := actionValues(r, rule)
	if err != nil {
		return err
	}
	f, err := a.db.FileDocument(r.Context(), httpx.User(r), in, nil)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusCreated, f)
}

func (a *API) filingAction(w http.ResponseWriter, r *http.Request) error {
	u := httpx.User(r)
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	rule, err := offeredRule(filing.Flow.Table(), r.PathValue("action"))
	if err != nil {
		return err
	}
	if _, err := a.db.Filing(r.Context(), u, id); err != nil {
		return err
	}
	in, err := actionValues(r, rule)
	if err != nil {
		return err
	}
	f, err := a.db.ActOnFiling(r.Context(), u, id, rule.Action, in)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, f)
}

type filingReport struct {
	*filing.Report
	Draft string `json:"draft"`
}

func (a *API) filingReport(w http.ResponseWriter, r *http.Request) error {
	y, err := yearParam(r)
	if err != nil {
		return err
	}
	if y == 0 {
		y = renda.DateOf(a.db.Clock().Now()).Year
	}
	rep, err := a.db.FilingReport(r.Context(), httpx.User(r), y)
	if err != nil {
		return err
	}
	set, err := a.db.Settings(r.Context())
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, filingReport{Report: rep, Draft: rep.Draft(renda.DeploymentOf(set))})
}

// --- review requests ---

type reviewRequestBody struct {
	Document string `json:"document"`
	Reason   string `json:"reason"`
	Name     string `json:"name,omitempty"`
	Phone    string `json:"phone,omitempty"`
}

type reviewRequestCreated struct {
	TrackingCode string `json:"tracking_code"`
	TrackURL     string `json:"track_url"`
}

func (a *API) createReviewRequest(w http.ResponseWriter, r *http.Request) error {
	var in reviewRequestBody
	if err := decode(r, &in); err != nil {
		return err
	}
	rq, err := a.db.SubmitReviewRequest(r.Context(), httpx.User(r), filing.RequestSubmission{Document: in.Document, Reason: in.Reason, Name: in.Name, Phone: in.Phone}, httpx.ClientIP(r))
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusCreated, reviewRequestCreated{TrackingCode: rq.TrackingCode, TrackURL: a.cfg.BaseURL + "/review/track"})
}

func (a *API) trackReviewRequest(w http.ResponseWriter, r *http.Request) error {
	code := store.NormalizeTrackingCode(r.PathValue("tracking_code"))
	if code == "" {
		return renda.Errorf(renda.ENOTFOUND, "查询码应为 8 位字母和数字")
	}
	tail, err := query(r, "phone_tail", 4)
	if err != nil {
		return err
	}
	t, err := a.db.TrackReviewRequest(r.Context(), code, tail, httpx.ClientIP(r))
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, t)
}

func (a *API) listReviewRequests(w http.ResponseWriter, r *http.Request) error {
	y, err := yearParam(r)
	if err != nil {
		return err
	}
	var p renda.Problems
	state := p.OneOf("state", "state", r.URL.Query().Get("state"), false, filing.ReqReceived, filing.ReqAccepted, filing.ReqTransferred, filing.ReqNotified)
	if err := p.Err(); err != nil {
		return err
	}
	items, err := a.db.ReviewRequests(r.Context(), httpx.User(r), state, y)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, newList(items, len(items), Page{Limit: len(items)}))
}

func (a *API) reviewRequestAction(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	rule, err := offeredRule(filing.RequestFlow.Table(), r.PathValue("action"))
	if err != nil {
		return err
	}
	if _, err := a.db.ReviewRequest(r.Context(), httpx.User(r), id); err != nil {
		return err
	}
	in, err := actionValues(r, rule)
	if err != nil {
		return err
	}
	rq, err := a.db.ActOnReviewRequest(r.Context(), httpx.User(r), id, rule.Action, in)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, rq)
}

// --- consultations ---

type consultationItem struct {
	ID       string     `json:"id"`
	Title    string     `json:"title"`
	Kind     string     `json:"kind"`
	OpensOn  renda.Date `json:"opens_on"`
	ClosesOn renda.Date `json:"closes_on"`
	Status   string     `json:"status"`
	Comments int        `json:"comments"`
}

type consultationList struct {
	Items []consultationItem `json:"items"`
	Total int                `json:"total"`
}

type consultationResponse struct {
	consultationItem
	Source      string    `json:"source,omitempty"`
	Body        string    `json:"body"`
	Articles    []string  `json:"articles"`
	Report      string    `json:"report,omitempty"`
	PublishedAt time.Time `json:"published_at,omitzero"`
}

func itemOf(c *consultation.Consultation) consultationItem {
	return consultationItem{ID: c.ID, Title: c.Title, Kind: c.Kind, OpensOn: c.OpensOn, ClosesOn: c.ClosesOn, Status: c.State, Comments: c.Comments}
}

func createRule() renda.Rule {
	r, _ := consultation.Flow.Rule("create")
	r.Hidden = false // documented as the body of POST /api/v1/consultations
	return r
}

func (a *API) listConsultations(w http.ResponseWriter, r *http.Request) error {
	pg, err := page(r)
	if err != nil {
		return err
	}
	var p renda.Problems
	st := p.OneOf("status", "status", r.URL.Query().Get("status"), false, consultation.Draft, consultation.Open, consultation.Closed, consultation.Published)
	if err := p.Err(); err != nil {
		return err
	}
	items, total, err := a.db.Consultations(r.Context(), httpx.User(r), consultation.Filter{State: st, Limit: pg.Limit, Offset: pg.Offset})
	if err != nil {
		return err
	}
	out := consultationList{Items: []consultationItem{}, Total: total}
	for _, c := range items {
		out.Items = append(out.Items, itemOf(c))
	}
	return writeJSON(w, http.StatusOK, out)
}

func (a *API) getConsultation(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	c, err := a.db.Consultation(r.Context(), httpx.User(r), id)
	if err != nil {
		return err
	}
	arts := c.Articles()
	if arts == nil {
		arts = []string{}
	}
	return writeJSON(w, http.StatusOK, consultationResponse{consultationItem: itemOf(c), Source: c.Source, Body: c.Body, Articles: arts, Report: c.Report, PublishedAt: c.PublishedAt})
}

func (a *API) createConsultation(w http.ResponseWriter, r *http.Request) error {
	in, err := actionValues(r, createRule())
	if err != nil {
		return err
	}
	c, err := a.db.CreateConsultation(r.Context(), httpx.User(r), in)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusCreated, itemOf(c))
}

type commentBody struct {
	Article string `json:"article,omitempty"`
	Text    string `json:"text"`
	Name    string `json:"name,omitempty"`
}

type commentCreated struct {
	ID    string `json:"id"`
	State string `json:"state"`
}

func (a *API) commentOn(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	var in commentBody
	if err := decode(r, &in); err != nil {
		return err
	}
	m, err := a.db.CommentOn(r.Context(), httpx.User(r), id, renda.V("article", in.Article, "text", in.Text, "name", in.Name), httpx.ClientIP(r))
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusCreated, commentCreated{ID: m.ID, State: m.State})
}

func (a *API) listComments(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if _, err := a.db.Consultation(r.Context(), httpx.User(r), id); err != nil {
		return err
	}
	items, err := a.db.Comments(r.Context(), httpx.User(r), id)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, newList(items, len(items), Page{Limit: len(items)}))
}

func (a *API) consultationAction(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	rule, err := offeredRule(consultation.Flow.Table(), r.PathValue("action"))
	if err != nil {
		return err
	}
	if _, err := a.db.Consultation(r.Context(), httpx.User(r), id); err != nil {
		return err
	}
	in, err := actionValues(r, rule)
	if err != nil {
		return err
	}
	c, err := a.db.ActOnConsultation(r.Context(), httpx.User(r), id, rule.Action, in)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, itemOf(c))
}

func (a *API) commentAction(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	rule, err := offeredRule(consultation.CommentFlow.Table(), r.PathValue("action"))
	if err != nil {
		return err
	}
	in, err := actionValues(r, rule)
	if err != nil {
		return err
	}
	m, err := a.db.ActOnComment(r.Context(), httpx.User(r), id, rule.Action, in)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, m)
}
