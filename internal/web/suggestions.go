package web

import (
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"renda"
	"renda/internal/attach"
	"renda/internal/httpx"
	"renda/internal/store"
	"renda/suggestion"
)

var (
	deputyOnly    = []renda.Role{renda.RoleDeputy}
	sugReporters  = []renda.Role{renda.RoleAdmin, renda.RoleStaff, renda.RoleLeader, renda.RoleUnit}
	sugAttachment = attach.Image | attach.Document
)

// suggestionRoutes are the pages of motions and suggestions.
func (s *Server) suggestionRoutes() []route {
	return []route{
		{"GET /suggestions", signedIn, s.suggestionsPage},
		{"GET /suggestions/new", deputyOnly, s.suggestionNewPage},
		{"POST /suggestions", deputyOnly, s.suggestionCreate},
		{"GET /suggestions/stats", sugReporters, s.suggestionStatsPage},
		{"GET /suggestions/summary", sugReporters, s.suggestionSummaryPage},
		{"GET /suggestions/export.xlsx", sugReporters, s.suggestionsExport},
		{"GET /suggestions/{id}", signedIn, s.suggestionPage},
		{"GET /suggestions/{id}/edit", deputyOnly, s.suggestionEditPage},
		{"GET /suggestions/{id}/assist", signedIn, s.suggestionAssist},
		{"POST /suggestions/{id}", deputyOnly, s.suggestionUpdate},
		{"POST /suggestions/{id}/actions/{action}", signedIn, s.suggestionAction},
		{"GET /suggestions/{id}/letter", sugReporters, s.suggestionLetter},
		{"GET /suggestions/{id}/files/{file}", signedIn, s.suggestionFile},
		{"GET /replies", nil, s.repliesPage},
		{"GET /replies/{id}", nil, s.replyPage},
	}
}

// suggestionNav are this workflow's entries in the main menu.
func (s *Server) suggestionNav() []NavItem {
	return []NavItem{
		{Label: "议案建议", Href: "/suggestions", Order: 10},
		{Label: "办理统计", Href: "/suggestions/stats", Order: 11, Roles: sugReporters},
		{Label: "答复公开", Href: "/replies", Order: 19},
	}
}

// suggestionWidgets are the to-do figures on the home page.
func (s *Server) suggestionWidgets(r *http.Request, u *renda.User) ([]Widget, error) {
	c, err := s.db.SuggestionCounts(r.Context(), u)
	if err != nil {
		return nil, err
	}
	todo := Widget{Label: "待我处理的议案建议", Value: c.Todo, Href: "/suggestions?view=todo", Tone: "blue", Order: 10}
	due := Widget{Label: "15天内到期", Value: c.DueSoon, Href: "/suggestions?view=due&mine=1", Tone: "amber", Order: 12, Note: "尚未答复"}
	over := Widget{Label: "已逾期未答复", Value: c.Overdue, Href: "/suggestions?view=overdue&mine=1", Tone: "red", Order: 13}
	switch {
	case u.Is(renda.RoleDeputy):
		todo.Note = "待确认联名、待反馈意见、草稿"
		return []Widget{todo, {Label: "我的议案建议", Value: c.Mine, Href: "/suggestions?view=mine", Order: 11},
			{Label: "草稿", Value: c.Drafts, Href: "/suggestions?view=drafts", Order: 14}}, nil
	case u.Is(renda.RoleUnit):
		todo.Label, todo.Note = "待办理的建议", "待答复或待提出协办意见"
		return []Widget{todo, due, over}, nil
	case u.Is(renda.RoleLeader):
		return []Widget{{Label: "我领办的重点建议", Value: c.Mine, Href: "/suggestions?view=mine", Tone: "blue", Order: 10}, due, over}, nil
	case u.IsStaffSide():
		todo.Note = "待登记、交办、审批、办结、公开"
		return []Widget{todo, due, over}, nil
	}
	return nil, nil
}

// suggestionTiles are this workflow's entries on the public home page.
func (s *Server) suggestionTiles() []Tile {
	return []Tile{{Title: "代表建议答复公开", Text: "经代表同意公开的议案建议办理答复", Href: "/replies", Order: 10}}
}

// --- list ---

// ViewTab is one tab above a list.
type ViewTab struct {
	Key, Label string
	Href       string
	Active     bool
}

// SuggestionsPage lists motions and suggestions.
type SuggestionsPage struct {
	Base
	Items      []*suggestion.Suggestion
	Pager      Pager
	View       string
	Tabs       []ViewTab
	Filter     suggestion.Filter
	Status     string
	Statuses   []Option
	Categories []string
	Units      []Option
	Sessions   []Option
	Today      renda.Date
	CanCreate  bool
	CanExport  bool
}

// views are the list's tabs per role: key, label, and the filter it sets.
func sugViews(u *renda.User) []ViewTab {
	switch {
	case u.Is(renda.RoleDeputy):
		return []ViewTab{{Key: "todo", Label: "待我处理"}, {Key: "mine", Label: "全部"}, {Key: "drafts", Label: "草稿"}, {Key: "open", Label: "办理中"}, {Key: "done", Label: "已答复、办结"}}
	case u.Is(renda.RoleUnit):
		return []ViewTab{{Key: "todo", Label: "待办理"}, {Key: "due", Label: "即将到期"}, {Key: "overdue", Label: "已逾期"}, {Key: "done", Label: "已答复、办结"}, {Key: "all", Label: "全部"}}
	case u.Is(renda.RoleLeader):
		return []ViewTab{{Key: "mine", Label: "我领办的"}, {Key: "priority", Label: "重点建议"}, {Key: "overdue", Label: "已逾期"}, {Key: "all", Label: "全部"}}
	default:
		return []ViewTab{{Key: "todo", Label: "待处理"}, {Key: "submitted", Label: "待登记"}, {Key: "registered", Label: "待交办"}, {Key: "open", Label: "办理中"},
			{Key: "overdue", Label: "已逾期"}, {Key: "done", Label: "已答复、办结"}, {Key: "all", Label: "全部"}}
	}
}

// extraViews are views a home page's figure may open although they are not
// a tab of the role's list.
var extraViews = []string{"due", "overdue", "mine", "drafts", "done"}

func applyView(f *suggestion.Filter, view string) {
	switch view {
	case "todo":
		f.Todo = true
	case "mine":
		f.Mine = true
	case "drafts":
		f.Status = []string{suggestion.Draft}
	case "open":
		f.Status = []string{suggestion.Assigned, suggestion.Rehandling}
		f.Sort = "due"
	case "done":
		f.Status = []string{suggestion.Replied, suggestion.Closed}
	case "due":
		f.DueWithin, f.Sort = 15, "due"
	case "overdue":
		f.Overdue, f.Sort = true, "due"
	case "priority":
		f.Priority = true
	case "submitted":
		f.Status = []string{suggestion.Submitted}
	case "registered":
		f.Status = []string{suggestion.Registered, suggestion.Listed, suggestion.Referred}
	}
}

func (s *Server) suggestionsPage(w http.ResponseWriter, r *http.Request) error {
	u := httpx.User(r)
	q := r.URL.Query()
	pg := pager(r, 30)
	tabs := sugViews(u)
	view := q.Get("view")
	if !slices.ContainsFunc(tabs, func(t ViewTab) bool { return t.Key == view }) && !slices.Contains(extraViews, view) {
		view = tabs[0].Key
		if q.Get("q") != "" || q.Get("status") != "" {
			view = tabs[len(tabs)-1].Key
			if u.Is(renda.RoleDeputy) {
				view = "mine"
			}
		}
	}
	for i := range tabs {
		tabs[i].Active = tabs[i].Key == view
		v := url.Values{"view": {tabs[i].Key}}
		tabs[i].Href = "/suggestions?" + v.Encode()
	}
	f := suggestion.Filter{Q: strings.TrimSpace(q.Get("q")), Limit: pg.Limit, Offset: pg.Offset}
	if len([]rune(f.Q)) > 50 || !utf8Valid(f.Q) {
		f.Q = ""
	}
	applyView(&f, view)
	f.Mine = f.Mine || q.Get("mine") == "1" // a home figure's list: as the figure counts it
	status := q.Get("status")
	if suggestion.ValidStatus(status) {
		f.Status = []string{status}
	} else {
		status = ""
	}
	if status == "" && q.Get("counted") == "1" { // a year's figure: the items received
		f.Status = suggestion.StatusesCounted
	}
	if k := q.Get("kind"); k == suggestion.KindMotion || k == suggestion.KindSuggestion {
		f.Kind = k
	}
	if v := q.Get("unit"); renda.ValidID(v) {
		f.UnitID = v
	}
	if v := q.Get("session"); renda.ValidID(v) {
		f.SessionID = v
	}
	if y, _ := strconv.Atoi(q.Get("year")); y >= 2000 && y <= 2100 { // submitted that year (the topics page's counts)
		f.Year = y
	}
	set, err := s.db.Settings(r.Context())
	if err != nil {
		return err
	}
	if c := q.Get("category"); slices.Contains(set.Strings("suggestions.categories"), c) {
		f.Category = c
	}
	items, total, kp, err := s.db.SuggestionPage(r.Context(), u, f, pg.Cursor)
	if err != nil {
		return err
	}
	pg.Total = total
	pg.setPage(kp)
	p := &SuggestionsPage{Base: s.base(r, "议案建议"), Items: items, Pager: pg, View: view, Tabs: tabs, Filter: f, Status: status,
		Categories: set.Strings("suggestions.categories"), Today: renda.DateOf(s.db.Clock().Now()),
		CanCreate: u.Is(renda.RoleDeputy), CanExport: u.Is(sugReporters...)}
	for _, st := range suggestion.Flow.States {
		if st.State == suggestion.Draft && !u.Is(renda.RoleDeputy) {
			continue
		}
		p.Statuses = append(p.Statuses, Option{Value: st.State, Label: st.Label})
	}
	if u.IsStaffSide() {
		if p.Units, err = s.unitOptions(r); err != nil {
			return err
		}
	}
	if p.Sessions, err = s.sessionOptions(r); err != nil {
		return err
	}
	return s.render(w, r, "suggestions", p)
}

func utf8Valid(s string) bool { return strings.ToValidUTF8(s, "\uFFFD") == s }

func (s *Server) unitOptions(r *http.Request) ([]Option, error) {
	orgs, _, err := s.db.Organizations(r.Context(), httpx.User(r), renda.OrgFilter{HandlingOnly: true, ActiveOnly: true, Limit: 500})
	if err != nil {
		return nil, err
	}
	out := make([]Option, 0, len(orgs))
	for _, o := range orgs {
		out = append(out, Option{Value: o.ID, Label: o.Name})
	}
	return out, nil
}

// sessionOptions lists the county congress's sessions, newest first.
func (s *Server) sessionOptions(r *http.Request) ([]Option, error) {
	cs, err := s.db.Congresses(r.Context())
	if err != nil {
		return nil, err
	}
	var out []Option
	for _, c := range cs {
		if c.Level != renda.LevelCounty {
			continue
		}
		for _, t := range c.Terms {
			for i := len(t.Sessions) - 1; i >= 0; i-- {
				se := t.Sessions[i]
				se.TermNumber = t.Number
				out = append(out, Option{Value: se.ID, Label: se.ShortName()})
			}
		}
	}
	return out, nil
}

// --- drafting ---

// SuggestionFormPage is the deputy's draft form.
type SuggestionFormPage struct {
	Base
	Form       *Form
	Suggestion *suggestion.Suggestion // nil for a new draft
	Checked    bool                   // the writer asked for similar items before saving
	Similar    []store.SimilarItem
}

func (s *Server) suggestionForm(r *http.Request, sg *suggestion.Suggestion, cosigners []string) (*Form, error) {
	u := httpx.User(r)
	set, err := s.db.Settings(r.Context())
	if err != nil {
		return nil, err
	}
	me, err := s.db.Deputy(r.Context(), u, u.DeputyID)
	if err != nil {
		return nil, err
	}
	deps, _, err := s.db.Deputies(r.Context(), u, renda.DeputyFilter{CongressID: me.CongressID, Status: renda.DeputyActive, Limit: 500})
	if err != nil {
		return nil, err
	}
	var people []Option
	for _, d := range deps {
		if d.ID != me.ID {
			detail := d.Occupation
			if d.RegionName != "" && !strings.Contains(detail, d.RegionName) {
				detail = strings.TrimPrefix(d.RegionName+" · "+detail, " · ")
			}
			people = append(people, Option{Value: d.ID, Label: d.Name, Group: d.DelegationName, Detail: detail})
		}
	}
	kind := sg.Kind
	if kind == "" {
		kind = suggestion.KindSuggestion
	}
	action, submit := "/suggestions", "保存草稿"
	if sg.ID != "" {
		action = "/suggestions/" + sg.ID
	}
	byDeleg := ""
	if sg.ByDelegation {
		byDeleg = "on"
	}
	f := newForm(r, action, submit,
		&Field{Name: "kind", Label: "类型", Type: "select", Required: true, Value: kind,
			Options: []Option{{Value: suggestion.KindSuggestion, Label: "建议（建议、批评和意见）"}, {Value: suggestion.KindMotion, Label: "议案（须大会期间、" + strconv.Itoa(suggestion.MotionCosigners(set, me.Level)) + "名以上代表联名或代表团提出）"}}},
		&Field{Name: "category", Label: "类别", Type: "select", Options: options(set.Strings("suggestions.categories")...), Value: sg.Category},
		&Field{Name: "title", Label: "案由（标题）", Required: true, Max: 100, Value: sg.Title, Wide: true, Help: "例如：关于加快城区背街小巷改造的建议"},
		&Field{Name: "grounds", Label: "案据（理由和依据）", Type: "textarea", Max: 5000, Value: sg.Grounds, Wide: true, Rows: 4, Help: "议案必填：存在的问题、原因和法律政策依据"},
		&Field{Name: "body", Label: "方案（具体建议）", Type: "textarea", Required: true, Max: 20000, Value: sg.Body, Wide: true, Rows: 8},
		&Field{Name: "cosigners", Label: "联名（附议）代表", Type: "picker", Options: people, Values: cosigners, Wide: true,
			Help: "可多选；被邀请的代表在平台上确认后才计入联名"},
		&Field{Name: "by_delegation", Label: "以代表团名义提出（议案）", Type: "checkbox", Value: byDeleg},
		&Field{Name: "files", Label: "附件", Type: "file", Multiple: true, Accept: "image/*,.pdf,.doc,.docx,.xls,.xlsx,.txt", Wide: true, Help: "照片、调研材料等；可不传"},
	)
	f.Multipart = true
	f.Cancel = "/suggestions"
	if sg.ID != "" {
		f.Cancel = "/suggestions/" + sg.ID
	}
	return f, nil
}

func (s *Server) suggestionNewPage(w http.ResponseWriter, r *http.Request) error {
	sg := &suggestion.Suggestion{}
	if id := r.URL.Query().Get("case"); id != "" {
		// Drafted from a problem that keeps coming back: its items are the grounds.
		k, err := s.db.RecurringCase(r.Context(), httpx.User(r), id)
		if err != nil {
			return err
		}
		sg.Title, sg.Grounds = k.Proposal(s.cfg.BaseURL)
	}
	f, err := s.suggestionForm(r, sg, nil)
	if err != nil {
		return err
	}
	f.Check = "先查相似事项"
	return s.render(w, r, "suggestion_form", &SuggestionFormPage{Base: s.base(r, "起草议案建议"), Form: f})
}

// readDraft reads the draft form and its files.
func readDraft(r *http.Request) (store.SuggestionDraft, error) {
	d := store.SuggestionDraft{Kind: r.PostFormValue("kind"), Title: r.PostFormValue("title"), Grounds: r.PostFormValue("grounds"),
		Body: r.PostFormValue("body"), Category: r.PostFormValue("category"), CoSignerIDs: r.PostForm["cosigners"],
		ByDelegation: r.PostForm.Has("by_delegation")}
	files, err := uploadedFiles(r, "files")
	d.Files = files
	return d, err
}

// uploadedFiles checks the files of a multipart field.
func uploadedFiles(r *http.Request, name string) ([]*attach.File, error) {
	if r.MultipartForm == nil {
		return nil, nil
	}
	var out []*attach.File
	for _, fh := range r.MultipartForm.File[name] {
		if fh.Size == 0 && fh.Filename == "" {
			continue
		}
		fl, err := fh.Open()
		if err != nil {
			return nil, err
		}
		f, err := attach.Check(fh.Filename, fl, sugAttachment)
		fl.Close()
		if err != nil {
			return nil, &renda.Error{Code: renda.ErrorCode(err), Message: renda.ErrorMessage(err), Fields: []renda.FieldError{{Field: name, Message: renda.ErrorMessage(err)}}}
		}
		out = append(out, f)
	}
	if len(out) > 10 {
		return nil, &renda.Error{Code: renda.EINVALID, Message: "一次最多上传 10 个文件", Fields: []renda.FieldError{{Field: name, Message: "最多 10 个"}}}
	}
	return out, nil
}

func (s *Server) suggestionCreate(w http.ResponseWriter, r *http.Request) error {
	u := httpx.User(r)
	if err := parseForm(r); err != nil {
		return err
	}
	if r.PostFormValue("check") != "" {
		return s.draftSimilar(w, r)
	}
	d, err := readDraft(r)
	var sg *suggestion.Suggestion
	if err == nil {
		sg, err = s.db.CreateSuggestion(r.Context(), u, d)
	}
	if err != nil {
		return s.draftFailed(w, r, &suggestion.Suggestion{}, err, "起草议案建议")
	}
	return redirect(w, r, "/suggestions/"+sg.ID, "草稿已保存。请检查无误后点击“提交”；联名代表确认后姓名才计入。")
}

// draftSimilar shows the draft as written, unsaved, with the past items
// most like it: a suggestion already made, a reply that exists, a problem
// being handled.
func (s *Server) draftSimilar(w http.ResponseWriter, r *http.Request) error {
	u := httpx.User(r)
	f, err := s.suggestionForm(r, &suggestion.Suggestion{}, r.PostForm["cosigners"])
	if err != nil {
		return err
	}
	f.Fill(r)
	f.Check = "先查相似事项"
	text := r.PostFormValue("title") + "\n" + r.PostFormValue("title") + "\n" + r.PostFormValue("grounds") + "\n" + r.PostFormValue("body")
	sim, err := s.db.SimilarText(r.Context(), u, text, 8)
	if err != nil {
		return err
	}
	return s.render(w, r, "suggestion_form", &SuggestionFormPage{Base: s.base(r, "起草议案建议"), Form: f, Checked: true, Similar: sim})
}

func (s *Server) draftFailed(w http.ResponseWriter, r *http.Request, sg *suggestion.Suggestion, err error, title string) error {
	code := renda.ErrorCode(err)
	if code != renda.EINVALID && code != renda.ETOOLARGE {
		return err
	}
	f, ferr := s.suggestionForm(r, sg, r.PostForm["cosigners"])
	if ferr != nil {
		return ferr
	}
	f.Fill(r)
	f.Fail(err)
	s.renderStatus(w, r, httpx.Status(code), "suggestion_form", &SuggestionFormPage{Base: s.base(r, title), Form: f, Suggestion: sg})
	return nil
}

func (s *Server) suggestion(r *http.Request) (*suggestion.Suggestion, error) {
	id := r.PathValue("id")
	if !renda.ValidID(id) {
		return nil, renda.Errorf(renda.ENOTFOUND, "议案建议不存在")
	}
	return s.db.Suggestion(r.Context(), httpx.User(r), id)
}

func (s *Server) suggestionEditPage(w http.ResponseWriter, r *http.Request) error {
	sg, err := s.suggestion(r)
	if err != nil {
		return err
	}
	if _, err := suggestion.Flow.Table().Step(sg.Status, "edit", sg.Relations(httpx.User(r))); err != nil {
		return err
	}
	var cos []string
	for _, g := range sg.Signers {
		if !g.Lead {
			cos = append(cos, g.DeputyID)
		}
	}
	f, err := s.suggestionForm(r, sg, cos)
	if err != nil {
		return err
	}
	f.Submit = "保存修改"
	return s.render(w, r, "suggestion_form", &SuggestionFormPage{Base: s.base(r, "修改草稿"), Form: f, Suggestion: sg})
}

func (s *Server) suggestionUpdate(w http.ResponseWriter, r *http.Request) error {
	sg, err := s.suggestion(r)
	if err != nil {
		return err
	}
	if err := parseForm(r); err != nil {
		return err
	}
	d, err := readDraft(r)
	if err == nil {
		_, err = s.db.UpdateSuggestionDraft(r.Context(), httpx.User(r), sg.ID, d)
	}
	if err != nil {
		return s.draftFailed(w, r, sg, err, "修改草稿")
	}
	return redirect(w, r, "/suggestions/"+sg.ID, "草稿已保存")
}

// --- one item ---

// SuggestionPage shows one item to whoever may see it.
type SuggestionPage struct {
	Base
	S            *suggestion.Suggestion
	Deadlines    suggestion.Deadlines
	Today        renda.Date
	Actions      []*ActionForm
	History      []renda.AuditRecord
	Files        []*renda.Attachment
	Replies      []suggestion.Record
	Records      []suggestion.Record // everything but replies and feedback
	Feedback     []suggestion.Record
	Pending      []suggestion.Record // return and extension requests awaiting staff
	ReplyLabels  map[string]string
	CanEdit      bool
	CanLetter    bool
	Expect       string // what the viewer is expected to do now, in a sentence
	SourceLabel  string
	SourceHref   string
	Overdue      bool
	DaysLeft     int
	ShowDeadline bool
	Error        string                // why the last action failed
	Contacts     []store.DeputyContact // the deputies' phones, for the units handling it (each reveal audited)
}

// AttachmentName returns the file name of an attachment id.
func (p *SuggestionPage) AttachmentName(id string) string {
	for _, a := range p.Files {
		if a.ID == id {
			return a.Name
		}
	}
	return ""
}

func (s *Server) suggestionPage(w http.ResponseWriter, r *http.Request) error {
	sg, err := s.suggestion(r)
	if err != nil {
		return err
	}
	p, err := s.suggestionPageData(r, sg, "", nil)
	if err != nil {
		return err
	}
	return s.render(w, r, "suggestion", p)
}

func (s *Server) suggestionPageData(r *http.Request, sg *suggestion.Suggestion, failed string, failErr error) (*SuggestionPage, error) {
	u := httpx.User(r)
	ctx := r.Context()
	set, cal, err := s.db.SettingsAndCalendar(ctx)
	if err != nil {
		return nil, err
	}
	today := renda.DateOf(s.db.Clock().Now())
	title := sg.Title
	if sg.Number != "" {
		title = sg.Number
	}
	p := &SuggestionPage{Base: s.base(r, title), S: sg, Deadlines: suggestion.DeadlinesOf(sg, set, cal), Today: today, ReplyLabels: map[string]string{},
		Overdue: sg.Overdue(today), DaysLeft: sg.DaysLeft(today), ShowDeadline: sg.Open() && !sg.Due.IsZero()}
	for _, c := range suggestion.ReplyCategories(set) {
		p.ReplyLabels[c.Code] = suggestion.ReplyCategoryLabel(set, c.Code)
	}
	for _, rec := range sg.Records {
		switch {
		case rec.Kind == suggestion.RecReply || rec.Kind == suggestion.RecFollowUp:
			p.Replies = append(p.Replies, rec)
		case rec.Kind == suggestion.RecFeedback:
			p.Feedback = append(p.Feedback, rec)
		default:
			p.Records = append(p.Records, rec)
		}
		if rec.Status == "pending" {
			p.Pending = append(p.Pending, rec)
		}
	}
	if p.History, err = s.db.History(ctx, "suggestion", sg.ID); err != nil {
		return nil, err
	}
	if p.Files, err = s.db.Attachments(ctx, "suggestion", sg.ID); err != nil {
		return nil, err
	}
	rel := sg.Relations(u)
	p.CanEdit = rel.Has("proposer") && sg.Status == suggestion.Draft
	p.CanLetter = (u.IsStaffSide() || rel.Has("lead_unit", "split_unit", "co_unit")) && sg.LeadUnitID != ""
	if p.Contacts, err = s.db.SuggestionContacts(ctx, u, sg, "建议页面"); err != nil {
		return nil, err
	}
	if sg.SourceEntity != "" {
		p.SourceLabel = renda.EntityLabel(sg.SourceEntity)
		if renda.ValidID(sg.SourceID) {
			p.SourceHref = "/" + sg.SourceEntity + "s/" + sg.SourceID
		}
	}
	if p.Actions, err = s.suggestionForms(r, sg, set, today); err != nil {
		return nil, err
	}
	if failed != "" {
		failAction(r, p.Actions, failed, failErr)
	}
	p.Expect = expectation(sg, rel, p)
	return p, nil
}

// AssistSlot is the place of an item's assistance on its page: its
// address, and whether it proposes units (staff, an item awaiting them).
type AssistSlot struct {
	Href    string
	Routing bool
}

// Assist is the suggestion's assistance slot.
func (p *SuggestionPage) Assist() AssistSlot {
	return AssistSlot{Href: "/suggestions/" + p.S.ID + "/assist", Routing: proposesUnits(p.User, p.S)}
}

// proposesUnits says whether the assistance proposes units to u for sg:
// staff, while the suggestion awaits assignment.
func proposesUnits(u *renda.User, sg *suggestion.Suggestion) bool {
	return u != nil && u.IsStaffSide() && (sg.Status == suggestion.Submitted || sg.Status == suggestion.Registered)
}

// AssistPage is an item's assistance: similar past items, and what renda
// proposes to staff (units, a category). Shown in the item's page once it
// is read (assist.js), or as a page of its own.
type AssistPage struct {
	Base
	Item       string // the item's title
	Back       string // the item's page
	Similar    []store.SimilarItem
	Routing    *store.Routing
	Categories []store.CategoryProposal
}

// renderAssist writes an item's assistance: only its panels when asked
// for them (?part=1, by assist.js), else as a page.
func (s *Server) renderAssist(w http.ResponseWriter, r *http.Request, p *AssistPage) error {
	if r.URL.Query().Get("part") == "1" {
		return s.renderPart(w, r, "assist", "assist_panels", p)
	}
	return s.render(w, r, "assist", p)
}

// suggestionAssist is a suggestion's assistance: similar past items for
// whoever reads it (only what they may read); units for staff while the
// suggestion awaits assignment.
func (s *Server) suggestionAssist(w http.ResponseWriter, r *http.Request) error {
	sg, err := s.suggestion(r)
	if err != nil {
		return err
	}
	u := httpx.User(r)
	p := &AssistPage{Base: s.base(r, "相似事项"), Item: sg.Title, Back: "/suggestions/" + sg.ID}
	ctx := store.WithAssistMemo(r.Context()) // the two reads share what they read of the index
	if p.Similar, err = s.db.Similar(ctx, u, "suggestion", sg.ID, 6); err != nil {
		return err
	}
	if proposesUnits(u, sg) {
		if p.Routing, err = s.db.SuggestionRouting(ctx, u, sg.ID); err != nil {
			return err
		}
	}
	return s.renderAssist(w, r, p)
}

// expectation says in one sentence what the viewer should do now.
func expectation(sg *suggestion.Suggestion, rel renda.Rel, p *SuggestionPage) string {
	switch {
	case rel.Has("cosigner_pending"):
		return sg.ProposerName + "代表邀请您联名。请阅读内容后确认是否联名。"
	case rel.Has("proposer") && sg.Status == suggestion.Draft:
		if sg.Kind == suggestion.KindMotion {
			return "草稿尚未提交。议案须在大会期间、联名人数达到规定后提交。"
		}
		return "草稿尚未提交。检查无误后请点击“提交”。"
	case rel.Has("proposer") && sg.Status == suggestion.Replied && !sg.FeedbackGiven():
		return "承办单位已答复。请在 " + p.Deadlines.Feedback.String() + " 前提出反馈意见。"
	case rel.Has("lead_unit", "split_unit") && sg.Open():
		return "请与领衔代表沟通后，在 " + sg.Due.String() + " 前答复。"
	case rel.Has("co_unit") && sg.Open():
		return "本单位为协办（会办）单位，请在 " + p.Deadlines.AssistOpinion.String() + " 前向主办单位提出办理意见。"
	case rel.Has("staff", "admin") && sg.Status == suggestion.Submitted:
		return "请审查后登记编号，或说明理由不予立案、并案。"
	case rel.Has("staff", "admin") && (sg.Status == suggestion.Registered && sg.Kind == suggestion.KindSuggestion || sg.Status == suggestion.Listed || sg.Status == suggestion.Referred):
		return "请确定主办、协办单位并交办。"
	case rel.Has("staff", "admin") && len(p.Pending) > 0:
		return "有待审批的" + p.Pending[0].KindLabel() + "。"
	}
	return ""
}

// suggestionForms makes the forms of the actions the viewer may take now
// (suggestion.Flow's declaration, its table and preconditions), prefilled
// from the item; the store decides again on submit.
func (s *Server) suggestionForms(r *http.Request, sg *suggestion.Suggestion, set *renda.Settings, today renda.Date) ([]*ActionForm, error) {
	rules, err := s.db.SuggestionActions(r.Context(), httpx.User(r), sg)
	if err != nil {
		return nil, err
	}
	fill := map[string]map[string]string{
		"register": {"category": sg.Category}, "assign": {"co_role": suggestion.UnitAssist},
		"contact": {"on": today.String()}, "supervise": {"on": today.String()}, "procuratorate": {"on": today.String()},
		"prioritize": {"inspection_required": "on"}, "inspect": {"passed": "on"},
		"publish": {"public_text": suggestion.RedactPersonalData(sg.LastReply())},
	}
	if sg.PublishConsent {
		fill["consent"] = map[string]string{"consent": "on"}
	}
	for _, rec := range sg.Records {
		if rec.Kind == suggestion.RecExtension && rec.Status == "pending" {
			fill["approve_extension"] = map[string]string{"until": rec.Until.String()}
		}
	}
	return s.actionForms(r, rules, actionCtx{post: func(action string) string { return "/suggestions/" + sg.ID + "/actions/" + action },
		set: set, fill: fill, near: map[string]string{"kind": sg.Kind, "id": sg.ID}, scope: true})
}

func (s *Server) suggestionAction(w http.ResponseWriter, r *http.Request) error {
	u := httpx.User(r)
	sg, err := s.suggestion(r)
	if err != nil {
		return err
	}
	action := r.PathValue("action")
	rule, ok := suggestion.Flow.Rule(action)
	if !ok || !rule.Offered() {
		return renda.Errorf(renda.ENOTFOUND, "没有这个操作")
	}
	if err := parseForm(r); err != nil {
		return err
	}
	files, err := uploadedFiles(r, "files")
	if err == nil {
		_, err = s.db.ActOnSuggestion(r.Context(), u, sg.ID, action, actionValues(r, rule), files)
	}
	if err != nil {
		code := renda.ErrorCode(err)
		if code != renda.EINVALID && code != renda.ECONFLICT && code != renda.ETOOLARGE {
			return err
		}
		if sg, err2 := s.suggestion(r); err2 == nil {
			pg, err2 := s.suggestionPageData(r, sg, action, err)
			if err2 != nil {
				return err2
			}
			pg.Flash = ""
			pg.Error = renda.ErrorMessage(err)
			s.renderStatus(w, r, httpx.Status(code), "suggestion", pg)
			return nil
		}
		return err
	}
	if _, err := s.db.Suggestion(r.Context(), u, sg.ID); err != nil {
		return redirect(w, r, "/suggestions", suggestion.Flow.ActionLabel(action)+"：已完成")
	}
	return redirect(w, r, "/suggestions/"+sg.ID, suggestion.Flow.ActionLabel(action)+"：已完成")
}

// suggestionFile serves a file of a suggestion to whoever may see it.
func (s *Server) suggestionFile(w http.ResponseWriter, r *http.Request) error {
	return httpx.ServeAttachment(w, r, s.db, "suggestion", r.PathValue("id"), r.PathValue("file"))
}

// LetterPage is the printable assignment letter (交办函).
type LetterPage struct {
	Base
	S         *suggestion.Suggestion
	Issuer    string
	Deadlines suggestion.Deadlines
	Today     renda.Date
	Contacts  []store.DeputyContact
}

func (s *Server) suggestionLetter(w http.ResponseWriter, r *http.Request) error {
	sg, err := s.suggestion(r)
	if err != nil {
		return err
	}
	u := httpx.User(r)
	rel := sg.Relations(u)
	if sg.LeadUnitID == "" || !(u.IsStaffSide() || rel.Has("lead_unit", "split_unit", "co_unit")) {
		return renda.Errorf(renda.ENOTFOUND, "本件尚未交办，没有交办函")
	}
	set, err := s.db.Settings(r.Context())
	if err != nil {
		return err
	}
	cal, err := s.db.Calendar(r.Context())
	if err != nil {
		return err
	}
	p := &LetterPage{Base: s.base(r, "交办函"), S: sg, Issuer: renda.DeploymentOf(set).Office, Deadlines: suggestion.DeadlinesOf(sg, set, cal), Today: sg.AssignedOn}
	p.BodyClass = "print"
	if p.Contacts, err = s.db.SuggestionContacts(r.Context(), u, sg, "交办函"); err != nil {
		return err
	}
	return s.render(w, r, "suggestion_letter", p)
}

// --- statistics and summary ---

// SuggestionStatsPage shows the handling figures.
type SuggestionStatsPage struct {
	Base
	Stats    *store.SuggestionStatistics
	Year     int
	Years    []int
	Session  string
	Sessions []Option
	RawQuery string // the filter, for the summary and export links
	Routing  store.RoutingAcceptance
}

// Href returns path with the page's filter.
func (p *SuggestionStatsPage) Href(path string) string { return withQuery(path, p.RawQuery) }

func withQuery(path, q string) string {
	if q == "" {
		return path
	}
	return path + "?" + q
}

func (s *Server) statsFilter(r *http.Request) (store.SuggestionStatsFilter, int) {
	q := r.URL.Query()
	var f store.SuggestionStatsFilter
	if v := q.Get("session"); renda.ValidID(v) {
		f.SessionID = v
	}
	y, _ := strconv.Atoi(q.Get("year"))
	if q.Get("year") == "" && f.SessionID == "" {
		y = renda.DateOf(s.db.Clock().Now()).Year
	}
	if y >= 2000 && y <= 2100 {
		f.Year = y
	}
	if k := q.Get("kind"); k == suggestion.KindMotion || k == suggestion.KindSuggestion {
		f.Kind = k
	}
	return f, f.Year
}

func (s *Server) years() []int {
	now := renda.DateOf(s.db.Clock().Now()).Year
	var out []int
	for y := now; y >= now-5; y-- {
		out = append(out, y)
	}
	return out
}

func (s *Server) suggestionStatsPage(w http.ResponseWriter, r *http.Request) error {
	f, year := s.statsFilter(r)
	st, err := s.db.SuggestionStatistics(r.Context(), httpx.User(r), f)
	if err != nil {
		return err
	}
	p := &SuggestionStatsPage{Base: s.base(r, "议案建议办理统计"), Stats: st, Year: year, Years: s.years(), Session: f.SessionID, RawQuery: r.URL.RawQuery}
	if httpx.User(r).IsStaffSide() {
		if p.Routing, err = s.db.RoutingAcceptance(r.Context(), year); err != nil {
			return err
		}
	}
	if p.Sessions, err = s.sessionOptions(r); err != nil {
		return err
	}
	return s.render(w, r, "suggestion_stats", p)
}

// SummaryPage is the printable 办理情况汇总表.
type SummaryPage struct {
	Base
	Heading  string
	Rows     []store.SummaryRow
	Stats    *store.SuggestionStatistics
	RawQuery string
	Today    renda.Date
}

// Href returns path with the page's filter.
func (p *SummaryPage) Href(path string) string { return withQuery(path, p.RawQuery) }

func (s *Server) summaryTitle(r *http.Request, f store.SuggestionStatsFilter) string {
	title := "代表议案建议办理情况汇总表"
	if f.SessionID != "" {
		if opts, err := s.sessionOptions(r); err == nil {
			for _, o := range opts {
				if o.Value == f.SessionID {
					return "市" + o.Label + "代表议案建议办理情况汇总表"
				}
			}
		}
	}
	if f.Year > 0 {
		title = strconv.Itoa(f.Year) + "年" + title
	}
	return title
}

func (s *Server) suggestionSummaryPage(w http.ResponseWriter, r *http.Request) error {
	u := httpx.User(r)
	f, _ := s.statsFilter(r)
	rows, err := s.db.SuggestionSummary(r.Context(), u, f)
	if err != nil {
		return err
	}
	st, err := s.db.SuggestionStatistics(r.Context(), u, f)
	if err != nil {
		return err
	}
	p := &SummaryPage{Base: s.base(r, "办理情况汇总表"), Heading: s.summaryTitle(r, f), Rows: rows, Stats: st, RawQuery: r.URL.RawQuery, Today: renda.DateOf(s.db.Clock().Now())}
	return s.render(w, r, "suggestion_summary", p)
}

func (s *Server) suggestionsExport(w http.ResponseWriter, r *http.Request) error {
	f, _ := s.statsFilter(r)
	title := s.summaryTitle(r, f)
	b, err := s.db.SuggestionSummaryBook(r.Context(), httpx.User(r), f, title)
	if err != nil {
		return err
	}
	defer b.Close()
	if err := s.db.NoteExport(r.Context(), httpx.User(r), "suggestions", title+exportFilterNote(r)); err != nil {
		return err
	}
	return sendBook(w, title+".xlsx", b)
}

// --- public ---

// RepliesPage lists the published replies for everyone.
type RepliesPage struct {
	Base
	Items []*store.SuggestionPublic
	Pager Pager
	Q     string
}

func (s *Server) repliesPage(w http.ResponseWriter, r *http.Request) error {
	pg := pager(r, 20)
	q := strings.TrimSpace(r.URL.Query().Get("q"))
	if len([]rune(q)) > 50 || !utf8Valid(q) {
		q = ""
	}
	items, total, kp, err := s.db.PublishedRepliesPage(r.Context(), q, pg.Limit, pg.Cursor)
	if err != nil {
		return err
	}
	pg.Total = total
	pg.setPage(kp)
	return s.render(w, r, "replies", &RepliesPage{Base: s.base(r, "代表建议答复公开"), Items: items, Pager: pg, Q: q})
}

// ReplyPage shows one published reply.
type ReplyPage struct {
	Base
	P *store.SuggestionPublic
}

func (s *Server) replyPage(w http.ResponseWriter, r *http.Request) error {
	id := r.PathValue("id")
	if !renda.ValidID(id) {
		return renda.Errorf(renda.ENOTFOUND, "该答复不存在或尚未公开")
	}
	p, err := s.db.PublishedReply(r.Context(), id)
	if err != nil {
		if renda.ErrorCode(err) == renda.ENOTFOUND {
			return renda.Errorf(renda.ENOTFOUND, "该答复不存在或尚未公开")
		}
		return err
	}
	return s.render(w, r, "reply", &ReplyPage{Base: s.base(r, p.Title), P: p})
}
