package web

import (
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"renda"
	"renda/filing"
	"renda/internal/httpx"
	"renda/internal/store"
)

// filingRoutes are the pages of filing review (备案审查): filers' clerks
// file and keep their register, staff register, review and report; the
// public ask for a review and follow it.
func (s *Server) filingRoutes() []route {
	filers := []renda.Role{renda.RoleAdmin, renda.RoleStaff, renda.RoleLeader, renda.RoleUnit}
	staffOnly := []renda.Role{renda.RoleAdmin, renda.RoleStaff}
	return []route{
		{"GET /filings", filers, s.filingsPage},
		{"GET /filings/new", []renda.Role{renda.RoleAdmin, renda.RoleStaff, renda.RoleUnit}, s.filingNewPage},
		{"POST /filings/new", []renda.Role{renda.RoleAdmin, renda.RoleStaff, renda.RoleUnit}, s.filingNewSubmit},
		{"GET /filings/register", filers, s.filingRegisterPage},
		{"POST /filings/register", []renda.Role{renda.RoleAdmin, renda.RoleStaff, renda.RoleUnit}, s.filingRegisterAdd},
		{"GET /filings/report", staffSide, s.filingReportPage},
		{"GET /filings/{id}", filers, s.filingPage},
		{"GET /filings/{id}/files/{aid}", filers, s.filingFile},
		{"POST /filings/{id}/{action}", filers, s.filingAct},
		{"GET /review-requests", staffSide, s.reviewRequestsPage},
		{"GET /review-requests/{id}", staffSide, s.reviewRequestPage},
		{"POST /review-requests/{id}/{action}", staffOnly, s.reviewRequestAct},

		{"GET /review", nil, s.reviewFormPage},
		{"POST /review", nil, s.reviewSubmit},
		{"GET /review/track", nil, s.reviewTrackPage},
		{"POST /review/track", nil, s.reviewTrack},
	}
}

// filingNav are this workflow's entries in the main menu.
func (s *Server) filingNav() []NavItem {
	return []NavItem{
		{Label: "备案审查", Href: "/filings", Order: 40, Roles: []renda.Role{renda.RoleAdmin, renda.RoleStaff, renda.RoleLeader, renda.RoleUnit}},
		{Label: "征求意见", Href: "/consultations", Order: 42, Roles: staffSide},
		{Label: "草案征求意见", Href: "/c", Order: 42, Roles: []renda.Role{renda.RoleDeputy, renda.RoleUnit}},
	}
}

func init() {
	refOptionSources["filer"] = func(s *Server, r *http.Request, f *renda.Field) ([]Option, error) {
		refs, err := s.db.Filers(r.Context())
		return refOptionsOf(refs), err
	}
	refOptionSources["user"] = func(s *Server, r *http.Request, f *renda.Field) ([]Option, error) {
		refs, err := s.db.Reviewers(r.Context())
		return refOptionsOf(refs), err
	}
	refOptionSources["filing"] = func(s *Server, r *http.Request, f *renda.Field) ([]Option, error) {
		items, _, err := s.db.Filings(r.Context(), httpx.User(r), filing.Filter{Limit: 500})
		var out []Option
		for _, it := range items {
			out = append(out, Option{Value: it.ID, Label: it.Title + "（" + it.Number + "）"})
		}
		return out, err
	}
}

func refOptionsOf(refs []renda.Ref) []Option {
	out := make([]Option, len(refs))
	for i, r := range refs {
		out[i] = Option{Value: r.ID, Label: r.Name}
	}
	return out
}

// --- the list ---

// FilingsPage lists filed documents.
type FilingsPage struct {
	Base
	Items   []*filing.Filing
	Pager   Pager
	Filter  filing.Filter
	Tabs    []Tab
	Today   renda.Date
	CanFile bool
	Staff   bool
}

func (s *Server) filingsPage(w http.ResponseWriter, r *http.Request) error {
	u := httpx.User(r)
	q := r.URL.Query()
	pg := pager(r, 30)
	f := filing.Filter{Q: strings.TrimSpace(q.Get("q")), Limit: pg.Limit, Offset: pg.Offset}
	if len([]rune(f.Q)) > 50 {
		f.Q = string([]rune(f.Q)[:50])
	}
	if st := q.Get("status"); st == "open" || st == "overdue" || slices.Contains(filing.States, st) {
		f.State = st
	}
	if fl := q.Get("flag"); slices.Contains(append(filing.Flags, "ontime", "returned"), fl) {
		f.Flag = fl
	}
	if y, err := strconv.Atoi(q.Get("year")); err == nil && y > 2000 && y < 3000 {
		f.Year = y
	}
	if v := q.Get("filer"); renda.ValidID(v) {
		f.FilerID = v
	}
	items, total, err := s.db.Filings(r.Context(), u, f)
	if err != nil {
		return err
	}
	pg.Total = total
	p := &FilingsPage{Base: s.base(r, "规范性文件备案审查"), Items: items, Pager: pg, Filter: f, Today: renda.DateOf(s.db.Clock().Now()), Staff: u.IsStaffSide()}
	p.CanFile = u.Is(renda.RoleAdmin, renda.RoleStaff)
	if u.Role == renda.RoleUnit {
		if p.CanFile, err = s.db.IsFiler(r.Context(), u.OrgID); err != nil {
			return err
		}
	}
	for _, t := range []struct{ label, state string }{{"待办", "open"}, {"逾期", "overdue"}, {"待登记", filing.Filed}, {"审查中", filing.Reviewing},
		{"已发审查意见", filing.OpinionSent}, {"已纠正", filing.Corrected}, {"已撤销", filing.Annulled}, {"全部", ""}} {
		p.Tabs = append(p.Tabs, Tab{Label: t.label, Href: "/filings?status=" + t.state, Active: f.State == t.state && f.Flag == "" && f.Year == 0})
	}
	return s.render(w, r, "filings", p)
}

// --- filing a document ---

// FilingNewPage is the form a filer's clerk files a document with.
type FilingNewPage struct {
	Base
	Form *Form
}

func (s *Server) filingForm(r *http.Request) (*Form, error) {
	set, err := s.db.Settings(r.Context())
	if err != nil {
		return nil, err
	}
	rule, _ := filing.Flow.Rule("file")
	u := httpx.User(r)
	if u.Role == renda.RoleUnit {
		rule.Fields = slices.DeleteFunc(slices.Clone(rule.Fields), func(f renda.Field) bool { return f.Name == "filer_id" })
	}
	f, err := s.ruleForm(r, rule, actionCtx{post: func(string) string { return "/filings/new" }, set: set})
	if err != nil {
		return nil, err
	}
	f.Cancel = "/filings"
	return f, nil
}

func (s *Server) filingNewPage(w http.ResponseWriter, r *http.Request) error {
	f, err := s.filingForm(r)
	if err != nil {
		return err
	}
	return s.render(w, r, "filing_new", &FilingNewPage{Base: s.base(r, "报送备案"), Form: f})
}

func (s *Server) filingNewSubmit(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(r); err != nil {
		return err
	}
	rule, _ := filing.Flow.Rule("file")
	files, err := uploadedFiles(r, "files")
	var f *filing.Filing
	if err == nil {
		f, err = s.db.FileDocument(r.Context(), httpx.User(r), actionValues(r, rule), files)
	}
	if err != nil {
		if c := renda.ErrorCode(err); c != renda.EINVALID && c != renda.ECONFLICT {
			return err
		}
		form, ferr := s.filingForm(r)
		if ferr != nil {
			return ferr
		}
		form.Fill(r)
		form.Fail(err)
		s.renderStatus(w, r, httpx.Status(renda.ErrorCode(err)), "filing_new", &FilingNewPage{Base: s.base(r, "报送备案"), Form: form})
		return nil
	}
	msg := "已报送备案"
	if f.Late {
		msg += "（逾期报备）"
	}
	return redirect(w, r, "/filings/"+f.ID, msg)
}

// --- one filing ---

// FilingPage is one filed document with its review.
type FilingPage struct {
	Base
	Filing     *filing.Filing
	Provisions []filing.Provision
	Removed    []string
	HintCount  int
	Context    *store.FilingContext
	Checklist  []filing.Check
	Files      []*renda.Attachment
	History    []renda.AuditRecord
	Actions    []*ActionForm
	Today      renda.Date
	Staff      bool
}

func (s *Server) filingByID(r *http.Request) (*filing.Filing, error) {
	return s.db.Filing(r.Context(), httpx.User(r), r.PathValue("id"))
}

func (s *Server) filingPage(w http.ResponseWriter, r *http.Request) error {
	f, err := s.filingByID(r)
	if err != nil {
		return err
	}
	return s.renderFiling(w, r, f, http.StatusOK, "", nil)
}

func (s *Server) renderFiling(w http.ResponseWriter, r *http.Request, f *filing.Filing, status int, failed string, failedErr error) error {
	u, ctx := httpx.User(r), r.Context()
	p := &FilingPage{Base: s.base(r, f.Title), Filing: f, Checklist: filing.Checklist, Today: renda.DateOf(s.db.Clock().Now()), Staff: u.IsStaffSide()}
	var err error
	if p.Context, err = s.db.FilingContext(ctx, u, f); err != nil {
		return err
	}
	prev := ""
	if p.Context.Previous != nil && slices.Contains(filing.ReviewedStates, p.Context.Previous.State) {
		prev = p.Context.Previous.Text
	}
	p.Provisions, p.Removed = filing.Provisions(f.Text, prev)
	for _, pr := range p.Provisions {
		if pr.Hinted() {
			p.HintCount++
		}
	}
	if p.Files, err = s.db.Attachments(ctx, "filing", f.ID); err != nil {
		return err
	}
	if p.History, err = s.db.History(ctx, "filing", f.ID); err != nil {
		return err
	}
	rules, err := s.db.FilingActions(ctx, u, f)
	if err != nil {
		return err
	}
	set, err := s.db.Settings(ctx)
	if err != nil {
		return err
	}
	fill := map[string]map[string]string{"check": {}}
	for k, v := range f.Checks {
		fill["check"][k] = v
	}
	fill["check"]["text"] = f.CheckNote
	if f.Issue != "" {
		fill["send_opinion"] = map[string]string{"text": "经审查，" + f.Title + "存在以下问题：" + f.Issue + "\n请于收到本意见之日起 " + set.Period("filing.correction_period").Label() + "内自行修改或者废止，并书面回复。"}
	}
	if u.Role != renda.RoleUnit {
		fill["assign"] = map[string]string{"reviewer_id": u.ID}
	}
	c := actionCtx{post: func(a string) string { return "/filings/" + f.ID + "/" + a }, set: set, fill: fill, scope: true}
	if p.Actions, err = s.itemActions(r, rules, c, failed, failedErr); err != nil {
		return err
	}
	s.renderStatus(w, r, status, "filing", p)
	return nil
}

func (s *Server) filingAct(w http.ResponseWriter, r *http.Request) error {
	f, err := s.filingByID(r)
	if err != nil {
		return err
	}
	action := r.PathValue("action")
	rule, ok := filing.Flow.Rule(action)
	if !ok || !rule.Offered() {
		return renda.Errorf(renda.ENOTFOUND, "没有这个操作")
	}
	if err := parseForm(r); err != nil {
		return err
	}
	if _, err := s.db.ActOnFiling(r.Context(), httpx.User(r), f.ID, action, actionValues(r, rule)); err != nil {
		switch renda.ErrorCode(err) {
		case renda.EINVALID, renda.ECONFLICT:
			return s.renderFiling(w, r, f, httpx.Status(renda.ErrorCode(err)), action, err)
		}
		return err
	}
	return redirect(w, r, "/filings/"+f.ID, "已"+rule.Label)
}

func (s *Server) filingFile(w http.ResponseWriter, r *http.Request) error {
	return httpx.ServeAttachment(w, r, s.db, "filing", r.PathValue("id"), r.PathValue("aid"))
}

// --- filers' registers ---

// FilingRegisterPage is a filer's list of issued documents, each with what
// became of it: filed on time, late, or not filed.
type FilingRegisterPage struct {
	Base
	Entries []*filing.RegisterEntry
	Form    *Form
	Today   renda.Date
	Unfiled int
}

func (s *Server) registerForm(r *http.Request) (*Form, error) {
	fields := []*Field{
		{Name: "title", Label: "文件名称", Required: true, Max: 200, Wide: true},
		{Name: "number", Label: "文号", Required: true, Max: 60},
		{Name: "published_on", Label: "公布日期", Type: "date", Required: true},
	}
	if httpx.User(r).Is(renda.RoleAdmin, renda.RoleStaff) {
		refs, err := s.db.Filers(r.Context())
		if err != nil {
			return nil, err
		}
		fields = append([]*Field{{Name: "filer_id", Label: "制定机关", Type: "select", Required: true, Options: refOptionsOf(refs), Wide: true}}, fields...)
	}
	return newForm(r, "/filings/register", "登记发文", fields...), nil
}

func (s *Server) filingRegisterPage(w http.ResponseWriter, r *http.Request) error {
	return s.renderRegister(w, r, nil, http.StatusOK, nil)
}

func (s *Server) renderRegister(w http.ResponseWriter, r *http.Request, form *Form, status int, failed error) error {
	u := httpx.User(r)
	filer := r.URL.Query().Get("filer")
	if !renda.ValidID(filer) {
		filer = ""
	}
	year, _ := strconv.Atoi(r.URL.Query().Get("year"))
	entries, err := s.db.RegisterEntries(r.Context(), u, filer, year)
	if err != nil {
		return err
	}
	p := &FilingRegisterPage{Base: s.base(r, "发文目录与报备核对"), Entries: entries, Today: renda.DateOf(s.db.Clock().Now()), Form: form}
	for _, e := range entries {
		if e.Unfiled(p.Today) {
			p.Unfiled++
		}
	}
	if p.Form == nil && u.Is(renda.RoleAdmin, renda.RoleStaff, renda.RoleUnit) {
		if p.Form, err = s.registerForm(r); err != nil {
			return err
		}
	}
	if failed != nil {
		p.Form.Fail(failed)
	}
	s.renderStatus(w, r, status, "filing_register", p)
	return nil
}

func (s *Server) filingRegisterAdd(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(r); err != nil {
		return err
	}
	var p renda.Problems
	e := &filing.RegisterEntry{Title: r.PostFormValue("title"), Number: r.PostFormValue("number"), FilerID: r.PostFormValue("filer_id")}
	e.PublishedOn = dateValue(&p, r, "published_on", "公布日期")
	err := p.Err()
	if err == nil {
		err = s.db.AddRegisterEntry(r.Context(), httpx.User(r), e)
	}
	if err != nil {
		if c := renda.ErrorCode(err); c != renda.EINVALID && c != renda.ECONFLICT {
			return err
		}
		form, ferr := s.registerForm(r)
		if ferr != nil {
			return ferr
		}
		form.Fill(r)
		return s.renderRegister(w, r, form, httpx.Status(renda.ErrorCode(err)), err)
	}
	return redirect(w, r, "/filings/register", "已登记发文")
}

// --- the year's report ---

// FilingReportPage is the year's report with its figures, each linking to
// its list, and the catalogue of documents filed.
type FilingReportPage struct {
	Base
	Report    *filing.Report
	Draft     string
	Years     []int
	Catalogue []*filing.Filing
	Figures   []Figure
	// CatalogueDue is when filers send the year's catalogue (next year).
	CatalogueDue renda.Date
}

// Figure is one number of a report, with the list it counts.
type Figure struct {
	Label string
	Value int
	Href  string
}

func (s *Server) filingReportPage(w http.ResponseWriter, r *http.Request) error {
	u := httpx.User(r)
	now := renda.DateOf(s.db.Clock().Now())
	year := now.Year
	if y, err := strconv.Atoi(r.URL.Query().Get("year")); err == nil && y > 2000 && y <= now.Year {
		year = y
	}
	rep, err := s.db.FilingReport(r.Context(), u, year)
	if err != nil {
		return err
	}
	set, err := s.db.Settings(r.Context())
	if err != nil {
		return err
	}
	cat, _, err := s.db.Filings(r.Context(), u, filing.Filter{Year: year, Limit: 1000})
	if err != nil {
		return err
	}
	slices.SortStableFunc(cat, func(a, b *filing.Filing) int { return strings.Compare(a.FiledOn.String(), b.FiledOn.String()) })
	y := strconv.Itoa(year)
	md := set.Int("filing.catalogue_month_day")
	p := &FilingReportPage{Base: s.base(r, y+" 年度备案审查工作情况"), Report: rep, Draft: rep.Draft(renda.DeploymentOf(set)), Catalogue: cat,
		CatalogueDue: renda.NewDate(year+1, time.Month(md/100), md%100)}
	p.Figures = []Figure{
		{"报备文件", rep.Filed, "/filings?year=" + y}, {"按期报备", rep.OnTime, "/filings?year=" + y + "&flag=ontime"},
		{"逾期报备", rep.Late, "/filings?year=" + y + "&flag=late"}, {"逾期未报备", rep.Unfiled, "/filings/register?year=" + y},
		{"退回补正", rep.Returned, "/filings?year=" + y + "&flag=returned"}, {"已审查", rep.Reviewed, "/filings?year=" + y + "&flag=reviewed"},
		{"未发现问题", rep.NoIssue, "/filings?year=" + y + "&status=no_issue"}, {"发现问题", rep.Issues, "/filings?year=" + y + "&flag=issue"},
		{"制定机关纠正", rep.Corrected, "/filings?year=" + y + "&status=corrected"}, {"依法撤销", rep.Annulled, "/filings?year=" + y + "&status=annulled"},
		{"收到审查建议", rep.Requests, "/review-requests?year=" + y}, {"移送有关机关", rep.Transferred, "/review-requests?year=" + y + "&state=transferred"},
	}
	for i := now.Year; i >= now.Year-4; i-- {
		p.Years = append(p.Years, i)
	}
	return s.render(w, r, "filing_report", p)
}

// --- review requests, staff side ---

// ReviewRequestsPage lists review requests.
type ReviewRequestsPage struct {
	Base
	Items []*filing.Request
	State string
}

func (s *Server) reviewRequestsPage(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	state := q.Get("state")
	if !slices.ContainsFunc(filing.RequestFlow.States, func(d renda.StateDef) bool { return d.State == state }) {
		state = ""
	}
	year, _ := strconv.Atoi(q.Get("year"))
	items, err := s.db.ReviewRequests(r.Context(), httpx.User(r), state, year)
	if err != nil {
		return err
	}
	return s.render(w, r, "review_requests", &ReviewRequestsPage{Base: s.base(r, "审查建议"), Items: items, State: state})
}

// ReviewRequestPage is one review request.
type ReviewRequestPage struct {
	Base
	Request *filing.Request
	History []renda.AuditRecord
	Actions []*ActionForm
}

func (s *Server) reviewRequestPage(w http.ResponseWriter, r *http.Request) error {
	rq, err := s.db.ReviewRequest(r.Context(), httpx.User(r), r.PathValue("id"))
	if err != nil {
		return err
	}
	return s.renderReviewRequest(w, r, rq, http.StatusOK, "", nil)
}

func (s *Server) renderReviewRequest(w http.ResponseWriter, r *http.Request, rq *filing.Request, status int, failed string, failedErr error) error {
	ctx, u := r.Context(), httpx.User(r)
	p := &ReviewRequestPage{Base: s.base(r, "审查建议"), Request: rq}
	var err error
	if p.History, err = s.db.History(ctx, "review_request", rq.ID); err != nil {
		return err
	}
	rules, err := s.db.ReviewRequestActions(ctx, u, rq)
	if err != nil {
		return err
	}
	set, err := s.db.Settings(ctx)
	if err != nil {
		return err
	}
	c := actionCtx{post: func(a string) string { return "/review-requests/" + rq.ID + "/" + a }, set: set, scope: true}
	if p.Actions, err = s.actionForms(r, rules, c); err != nil {
		return err
	}
	if failed != "" {
		failAction(r, p.Actions, failed, failedErr)
	}
	s.renderStatus(w, r, status, "review_request", p)
	return nil
}

func (s *Server) reviewRequestAct(w http.ResponseWriter, r *http.Request) error {
	rq, err := s.db.ReviewRequest(r.Context(), httpx.User(r), r.PathValue("id"))
	if err != nil {
		return err
	}
	action := r.PathValue("action")
	rule, ok := filing.RequestFlow.Rule(action)
	if !ok || !rule.Offered() {
		return renda.Errorf(renda.ENOTFOUND, "没有这个操作")
	}
	if err := parseForm(r); err != nil {
		return err
	}
	if _, err := s.db.ActOnReviewRequest(r.Context(), httpx.User(r), rq.ID, action, actionValues(r, rule)); err != nil {
		switch renda.ErrorCode(err) {
		case renda.EINVALID, renda.ECONFLICT:
			return s.renderReviewRequest(w, r, rq, httpx.Status(renda.ErrorCode(err)), action, err)
		}
		return err
	}
	return redirect(w, r, "/review-requests/"+rq.ID, "已"+rule.Label)
}

// --- the public's side ---

// ReviewPublicPage is the public form for a review request, its receipt,
// and the tracking page.
type ReviewPublicPage struct {
	Base
	Form  *Form
	Code  string
	Track *store.RequestTrack
}

func (s *Server) reviewForm(r *http.Request) *Form {
	f := newForm(r, "/review", "提交审查建议",
		&Field{Name: "document", Label: "文件名称或文号", Required: true, Max: 200, Wide: true, Help: "如 常政发〔2026〕3号"},
		&Field{Name: "reason", Label: "认为该文件存在什么问题", Type: "textarea", Required: true, Max: 5000, Wide: true, Rows: 6,
			Help: "如与法律法规相抵触、违法设定许可处罚收费、限制公民权利等"},
		&Field{Name: "name", Label: "姓名或组织名称", Max: 60, Help: "可不填；加密保存"},
		&Field{Name: "phone", Label: "手机号", Type: "tel", Max: 20, Help: "可不填；有审查结果时短信通知"},
	)
	return f
}

func (s *Server) reviewFormPage(w http.ResponseWriter, r *http.Request) error {
	return s.render(w, r, "review_public", &ReviewPublicPage{Base: s.citizenBase(r, "提出审查建议"), Form: s.reviewForm(r)})
}

func (s *Server) reviewSubmit(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(r); err != nil {
		return err
	}
	sub := filing.RequestSubmission{Document: r.PostFormValue("document"), Reason: r.PostFormValue("reason"), Name: r.PostFormValue("name"), Phone: r.PostFormValue("phone")}
	rq, err := s.db.SubmitReviewRequest(r.Context(), httpx.User(r), sub, httpx.ClientIP(r))
	p := &ReviewPublicPage{Base: s.citizenBase(r, "提出审查建议")}
	if err != nil {
		if c := renda.ErrorCode(err); c != renda.EINVALID && c != renda.ETOOMANY {
			return err
		}
		p.Form = s.reviewForm(r)
		p.Form.Fill(r)
		p.Form.Fail(err)
		s.renderStatus(w, r, httpx.Status(renda.ErrorCode(err)), "review_public", p)
		return nil
	}
	p.Code = rq.TrackingCode
	return s.render(w, r, "review_public", p)
}

func (s *Server) reviewTrackForm(r *http.Request) *Form {
	return newForm(r, "/review/track", "查询",
		&Field{Name: "code", Label: "查询码", Required: true, Max: 12},
		&Field{Name: "tail", Label: "手机号后四位", Type: "tel", Max: 4, Help: "提交时未留手机号的，请留空"})
}

func (s *Server) reviewTrackPage(w http.ResponseWriter, r *http.Request) error {
	return s.render(w, r, "review_public", &ReviewPublicPage{Base: s.citizenBase(r, "查询审查建议"), Form: s.reviewTrackForm(r)})
}

func (s *Server) reviewTrack(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(r); err != nil {
		return err
	}
	p := &ReviewPublicPage{Base: s.citizenBase(r, "查询审查建议")}
	t, err := s.db.TrackReviewRequest(r.Context(), r.PostFormValue("code"), r.PostFormValue("tail"), httpx.ClientIP(r))
	if err != nil {
		if renda.ErrorCode(err) == renda.EINTERNAL {
			return err
		}
		p.Form = s.reviewTrackForm(r)
		p.Form.Fill(r)
		p.Form.Fail(err)
		s.renderStatus(w, r, httpx.Status(renda.ErrorCode(err)), "review_public", p)
		return nil
	}
	p.Track = t
	return s.render(w, r, "review_public", p)
}
