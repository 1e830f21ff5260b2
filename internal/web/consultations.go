package web

import (
	"net/http"

	"renda"
	"renda/consultation"
	"renda/internal/httpx"
)

// consultationRoutes are the pages of public consultation on drafts: staff
// prepare, open, close and report; anyone comments on a phone at /c/{id}.
func (s *Server) consultationRoutes() []route {
	staffOnly := []renda.Role{renda.RoleAdmin, renda.RoleStaff}
	return []route{
		{"GET /consultations", staffSide, s.consultationsPage},
		{"GET /consultations/new", staffOnly, s.consultationNewPage},
		{"POST /consultations/new", staffOnly, s.consultationNewSubmit},
		{"GET /consultations/{id}", staffSide, s.consultationPage},
		{"POST /consultations/{id}/{action}", staffOnly, s.consultationAct},
		{"GET /consultations/comments/{id}", staffSide, s.commentPage},
		{"POST /consultations/comments/{id}/{action}", staffOnly, s.commentAct},

		{"GET /c", nil, s.consultationsPublic},
		{"GET /c/{id}", nil, s.consultationPublic},
		{"POST /c/{id}", nil, s.consultationComment},
	}
}

// consultationTiles are this workflow's entries on the public home page.
func (s *Server) consultationTiles() []Tile {
	return []Tile{
		{Title: "草案征求意见", Text: "对法律法规和本级决定草案逐条提出意见建议", Href: "/c", Order: 30},
		{Title: "规范性文件审查建议", Text: "认为政府等机关的文件违法或不当，可提出审查建议", Href: "/review", Order: 31},
	}
}

// ConsultationsPage lists consultations.
type ConsultationsPage struct {
	Base
	Items  []*consultation.Consultation
	Today  renda.Date
	Public bool
}

func (s *Server) consultationsPage(w http.ResponseWriter, r *http.Request) error {
	items, _, err := s.db.Consultations(r.Context(), httpx.User(r), consultation.Filter{Limit: 200})
	if err != nil {
		return err
	}
	return s.render(w, r, "consultations", &ConsultationsPage{Base: s.base(r, "草案征求意见"), Items: items, Today: renda.DateOf(s.db.Clock().Now())})
}

func (s *Server) consultationsPublic(w http.ResponseWriter, r *http.Request) error {
	items, _, err := s.db.Consultations(r.Context(), nil, consultation.Filter{Public: true, Limit: 200})
	if err != nil {
		return err
	}
	return s.render(w, r, "consultations", &ConsultationsPage{Base: s.citizenBase(r, "草案征求意见"), Items: items, Today: renda.DateOf(s.db.Clock().Now()), Public: true})
}

// ConsultationNewPage is the form for a new consultation.
type ConsultationNewPage struct {
	Base
	Form *Form
}

func (s *Server) consultationForm(r *http.Request) (*Form, error) {
	set, err := s.db.Settings(r.Context())
	if err != nil {
		return nil, err
	}
	rule, _ := consultation.Flow.Rule("create")
	f, err := s.ruleForm(r, rule, actionCtx{post: func(string) string { return "/consultations/new" }, set: set})
	if err != nil {
		return nil, err
	}
	f.Cancel = "/consultations"
	return f, nil
}

func (s *Server) consultationNewPage(w http.ResponseWriter, r *http.Request) error {
	f, err := s.consultationForm(r)
	if err != nil {
		return err
	}
	return s.render(w, r, "consultation_new", &ConsultationNewPage{Base: s.base(r, "新建征求意见"), Form: f})
}

func (s *Server) consultationNewSubmit(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(r); err != nil {
		return err
	}
	rule, _ := consultation.Flow.Rule("create")
	c, err := s.db.CreateConsultation(r.Context(), httpx.User(r), actionValues(r, rule))
	if err != nil {
		if renda.ErrorCode(err) != renda.EINVALID {
			return err
		}
		form, ferr := s.consultationForm(r)
		if ferr != nil {
			return ferr
		}
		form.Fill(r)
		form.Fail(err)
		s.renderStatus(w, r, httpx.Status(renda.ErrorCode(err)), "consultation_new", &ConsultationNewPage{Base: s.base(r, "新建征求意见"), Form: form})
		return nil
	}
	return redirect(w, r, "/consultations/"+c.ID, "已保存草案，公布后即可征求意见")
}

// ConsultationPage is one consultation for staff: the draft, the comments
// grouped, the actions and the history.
type ConsultationPage struct {
	Base
	Consultation *consultation.Consultation
	Groups       []consultation.Group
	Comments     []*consultation.Comment
	History      []renda.AuditRecord
	Actions      []*ActionForm
	Today        renda.Date
}

func (s *Server) consultationPage(w http.ResponseWriter, r *http.Request) error {
	c, err := s.db.Consultation(r.Context(), httpx.User(r), r.PathValue("id"))
	if err != nil {
		return err
	}
	return s.renderConsultation(w, r, c, http.StatusOK, "", nil)
}

func (s *Server) renderConsultation(w http.ResponseWriter, r *http.Request, c *consultation.Consultation, status int, failed string, failedErr error) error {
	ctx, u := r.Context(), httpx.User(r)
	p := &ConsultationPage{Base: s.base(r, c.Title), Consultation: c, Today: renda.DateOf(s.db.Clock().Now())}
	var err error
	if p.Comments, err = s.db.Comments(ctx, u, c.ID); err != nil {
		return err
	}
	p.Groups = consultation.Groups(c, p.Comments)
	if p.History, err = s.db.History(ctx, "consultation", c.ID); err != nil {
		return err
	}
	rules, err := s.db.ConsultationActions(ctx, u, c)
	if err != nil {
		return err
	}
	set, err := s.db.Settings(ctx)
	if err != nil {
		return err
	}
	ac := actionCtx{post: func(a string) string { return "/consultations/" + c.ID + "/" + a }, set: set, scope: true}
	if p.Actions, err = s.itemActions(r, rules, ac, failed, failedErr); err != nil {
		return err
	}
	s.renderStatus(w, r, status, "consultation", p)
	return nil
}

func (s *Server) consultationAct(w http.ResponseWriter, r *http.Request) error {
	c, err := s.db.Consultation(r.Context(), httpx.User(r), r.PathValue("id"))
	if err != nil {
		return err
	}
	action := r.PathValue("action")
	rule, ok := consultation.Flow.Rule(action)
	if !ok || !rule.Offered() {
		return renda.Errorf(renda.ENOTFOUND, "没有这个操作")
	}
	if err := parseForm(r); err != nil {
		return err
	}
	if _, err := s.db.ActOnConsultation(r.Context(), httpx.User(r), c.ID, action, actionValues(r, rule)); err != nil {
		switch renda.ErrorCode(err) {
		case renda.EINVALID, renda.ECONFLICT:
			return s.renderConsultation(w, r, c, httpx.Status(renda.ErrorCode(err)), action, err)
		}
		return err
	}
	return redirect(w, r, "/consultations/"+c.ID, "已"+rule.Label)
}

// CommentPage is one comment, for staff to adopt or decline.
type CommentPage struct {
	Base
	Comment      *consultation.Comment
	Consultation *consultation.Consultation
	History      []renda.AuditRecord
	Actions      []*ActionForm
}

func (s *Server) commentPage(w http.ResponseWriter, r *http.Request) error {
	return s.renderComment(w, r, http.StatusOK, "", nil)
}

func (s *Server) renderComment(w http.ResponseWriter, r *http.Request, status int, failed string, failedErr error) error {
	ctx, u := r.Context(), httpx.User(r)
	m, c, err := s.db.Comment(ctx, u, r.PathValue("id"))
	if err != nil {
		return err
	}
	p := &CommentPage{Base: s.base(r, "草案意见"), Comment: m, Consultation: c}
	if p.History, err = s.db.History(ctx, "consultation_comment", m.ID); err != nil {
		return err
	}
	rules, err := s.db.CommentActions(ctx, u, m)
	if err != nil {
		return err
	}
	set, err := s.db.Settings(ctx)
	if err != nil {
		return err
	}
	group := m.Group
	if group == "" {
		group = m.Article
	}
	fill := map[string]map[string]string{"adopt": {"group": group, "reason": m.Reason}, "decline": {"group": group, "reason": m.Reason}}
	ac := actionCtx{post: func(a string) string { return "/consultations/comments/" + m.ID + "/" + a }, set: set, fill: fill, scope: true}
	if p.Actions, err = s.itemActions(r, rules, ac, failed, failedErr); err != nil {
		return err
	}
	s.renderStatus(w, r, status, "consultation_comment", p)
	return nil
}

func (s *Server) commentAct(w http.ResponseWriter, r *http.Request) error {
	action := r.PathValue("action")
	rule, ok := consultation.CommentFlow.Rule(action)
	if !ok || !rule.Offered() {
		return renda.Errorf(renda.ENOTFOUND, "没有这个操作")
	}
	if err := parseForm(r); err != nil {
		return err
	}
	m, err := s.db.ActOnComment(r.Context(), httpx.User(r), r.PathValue("id"), action, actionValues(r, rule))
	if err != nil {
		switch renda.ErrorCode(err) {
		case renda.EINVALID, renda.ECONFLICT:
			return s.renderComment(w, r, httpx.Status(renda.ErrorCode(err)), action, err)
		}
		return err
	}
	return redirect(w, r, "/consultations/"+m.ConsultationID+"#comments", "已"+rule.Label)
}

// ConsultationPublicPage is a draft on a phone: its articles, the comment
// form while open, the feedback report once published.
type ConsultationPublicPage struct {
	Base
	Consultation *consultation.Consultation
	Form         *Form
	Sent         bool
	Accepting    bool
}

func (s *Server) commentForm(r *http.Request, c *consultation.Consultation) *Form {
	f := newForm(r, "/c/"+c.ID, "提交意见",
		&Field{Name: "article", Label: "针对哪一条", Type: "select", Options: options(c.Articles()...), Help: "可不选，即对草案总体提意见"},
		&Field{Name: "text", Label: "您的意见和建议", Type: "textarea", Required: true, Max: 3000, Wide: true, Rows: 5},
		&Field{Name: "name", Label: "姓名或单位", Max: 60, Help: "可不填"},
	)
	return f
}

func (s *Server) consultationPublic(w http.ResponseWriter, r *http.Request) error {
	c, err := s.db.Consultation(r.Context(), nil, r.PathValue("id"))
	if err != nil {
		return err
	}
	p := &ConsultationPublicPage{Base: s.citizenBase(r, c.Title), Consultation: c, Sent: r.URL.Query().Get("sent") == "1",
		Accepting: c.Accepting(renda.DateOf(s.db.Clock().Now()))}
	if p.Accepting {
		p.Form = s.commentForm(r, c)
	}
	return s.render(w, r, "consultation_public", p)
}

func (s *Server) consultationComment(w http.ResponseWriter, r *http.Request) error {
	c, err := s.db.Consultation(r.Context(), nil, r.PathValue("id"))
	if err != nil {
		return err
	}
	if err := parseForm(r); err != nil {
		return err
	}
	rule, _ := consultation.CommentFlow.Rule("submit")
	if _, err := s.db.CommentOn(r.Context(), httpx.User(r), c.ID, actionValues(r, rule), httpx.ClientIP(r)); err != nil {
		switch renda.ErrorCode(err) {
		case renda.EINVALID, renda.ECONFLICT, renda.ETOOMANY:
		default:
			return err
		}
		p := &ConsultationPublicPage{Base: s.citizenBase(r, c.Title), Consultation: c, Accepting: c.Accepting(renda.DateOf(s.db.Clock().Now()))}
		p.Form = s.commentForm(r, c)
		p.Form.Fill(r)
		p.Form.Fail(err)
		s.renderStatus(w, r, httpx.Status(renda.ErrorCode(err)), "consultation_public", p)
		return nil
	}
	http.Redirect(w, r, "/c/"+c.ID+"?sent=1#sent", http.StatusSeeOther)
	return nil
}
