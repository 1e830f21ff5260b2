package web

import (
	"net/http"
	"strconv"

	"renda"
	"renda/dutyreport"
	"renda/internal/httpx"
	"renda/station"
	"renda/vote"
)

// Deputies' reports to voters (述职): the deputy drafts a report from their
// duty record and submits it; staff present it at a station and open the
// voters' rating; voters rate on their phones at /rate/{vote} with a
// one-time SMS code (no account); the result is published on /d/{code}.
func (s *Server) dutyReportRoutes() []route {
	return []route{
		{"GET /duty_reports", signedIn, s.dutyReportsPage},
		{"POST /deputies/{id}/duty_reports", signedIn, s.dutyReportCreate},
		{"GET /duty_reports/{id}", signedIn, s.dutyReportPage},
		{"POST /duty_reports/{id}/{action}", signedIn, s.dutyReportAct},

		{"GET /rate/{vote}", nil, s.ratePage},
		{"POST /rate/{vote}/code", nil, s.rateCode},
		{"POST /rate/{vote}", nil, s.rateSubmit},
		{"POST /rate/{vote}/member", []renda.Role{renda.RoleLeader}, s.rateMember},
		{"GET /rate/{vote}/qr.svg", nil, s.rateQR},
	}
}

func init() {
	refOptionSources["station"] = func(s *Server, r *http.Request, f *renda.Field) ([]Option, error) {
		sts, _, err := s.db.Stations(r.Context(), station.Filter{ActiveOnly: true})
		if err != nil {
			return nil, err
		}
		var out []Option
		for _, st := range sts {
			out = append(out, Option{Value: st.ID, Label: st.Name})
		}
		return out, nil
	}
}

// dutyReportNav: the staff's list of reports; a deputy's own.
func dutyReportNav(u *renda.User) []NavItem {
	return []NavItem{{Label: "代表述职", Href: "/duty_reports", Order: 53, Roles: []renda.Role{renda.RoleAdmin, renda.RoleStaff, renda.RoleLeader, renda.RoleDeputy}}}
}

// DutyReportsPage lists reports: staff all, a deputy their own.
type DutyReportsPage struct {
	Base
	Items  []*dutyreport.Report
	Deputy string // the viewer's deputy id: may draft a report
	Year   int
}

func (s *Server) dutyReportsPage(w http.ResponseWriter, r *http.Request) error {
	u := httpx.User(r)
	f := dutyreport.Filter{State: r.URL.Query().Get("state"), Limit: 500}
	if !u.IsStaffSide() {
		f.DeputyID = u.DeputyID
		if f.DeputyID == "" {
			return renda.Errorf(renda.EFORBIDDEN, "只有代表和人大常委会工作人员可以查看述职报告")
		}
	}
	items, _, err := s.db.DutyReports(r.Context(), u, f)
	if err != nil {
		return err
	}
	p := &DutyReportsPage{Base: s.base(r, "代表向选民述职"), Items: items, Year: renda.DateOf(s.db.Clock().Now()).Year}
	if u.Is(renda.RoleDeputy) {
		p.Deputy = u.DeputyID
	}
	return s.render(w, r, "duty_reports", p)
}

func (s *Server) dutyReportCreate(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(r); err != nil {
		return err
	}
	year, err := strconv.Atoi(r.PostForm.Get("year"))
	if err != nil || year < 2000 || year > 2100 {
		year = renda.DateOf(s.db.Clock().Now()).Year
	}
	rep, err := s.db.CreateDutyReport(r.Context(), httpx.User(r), r.PathValue("id"), year)
	if err != nil {
		return err
	}
	return redirect(w, r, "/duty_reports/"+rep.ID, "已由履职档案生成述职报告草稿，可修改后提交")
}

// DutyReportPage is one report: its text, where and when it was given, the
// voters' rating (the QR code while it runs, the result after), the actions
// and the history.
type DutyReportPage struct {
	Base
	Report  *dutyreport.Report
	Actions []*ActionForm
	History []renda.AuditRecord
	RateURL string
	Turnout *vote.Turnout
}

func (s *Server) dutyReportPage(w http.ResponseWriter, r *http.Request) error {
	rep, err := s.db.DutyReport(r.Context(), httpx.User(r), r.PathValue("id"))
	if err != nil {
		return err
	}
	return s.renderDutyReport(w, r, rep, http.StatusOK, "", nil)
}

func (s *Server) renderDutyReport(w http.ResponseWriter, r *http.Request, rep *dutyreport.Report, status int, failed string, failedErr error) error {
	ctx, u := r.Context(), httpx.User(r)
	p := &DutyReportPage{Base: s.base(r, rep.Title), Report: rep}
	var err error
	if p.History, err = s.db.History(ctx, "duty_report", rep.ID); err != nil {
		return err
	}
	rules, err := s.db.DutyReportActions(ctx, u, rep)
	if err != nil {
		return err
	}
	set, err := s.db.Settings(ctx)
	if err != nil {
		return err
	}
	fill := map[string]map[string]string{"edit": {"title": rep.Title, "body": rep.Body},
		"open_rating": {"day": renda.DateOf(s.db.Clock().Now()).String(), "audience": strconv.Itoa(set.Int("dutyreport.min_audience"))}}
	ac := actionCtx{post: func(a string) string { return "/duty_reports/" + rep.ID + "/" + a }, set: set, fill: fill, scope: true}
	if p.Actions, err = s.itemActions(r, rules, ac, failed, failedErr); err != nil {
		return err
	}
	if rep.VoteID != "" {
		p.RateURL = s.cfg.BaseURL + "/rate/" + rep.VoteID
		if rep.State == dutyreport.Rating {
			t, err := s.db.Turnout(ctx, rep.VoteID)
			if err != nil {
				return err
			}
			p.Turnout = &t
		}
	}
	s.renderStatus(w, r, status, "duty_report", p)
	return nil
}

func (s *Server) dutyReportAct(w http.ResponseWriter, r *http.Request) error {
	rep, err := s.db.DutyReport(r.Context(), httpx.User(r), r.PathValue("id"))
	if err != nil {
		return err
	}
	action := r.PathValue("action")
	rule, ok := dutyreport.Flow.Rule(action)
	if !ok || !rule.Offered() {
		return renda.Errorf(renda.ENOTFOUND, "没有这个操作")
	}
	if err := parseForm(r); err != nil {
		return err
	}
	if err := confirmed(r, rule); err != nil {
		return s.renderDutyReport(w, r, rep, http.StatusUnprocessableEntity, action, err)
	}
	if _, err := s.db.ActOnDutyReport(r.Context(), httpx.User(r), rep.ID, action, actionValues(r, rule)); err != nil {
		switch renda.ErrorCode(err) {
		case renda.EINVALID, renda.ECONFLICT:
			return s.renderDutyReport(w, r, rep, httpx.Status(renda.ErrorCode(err)), action, err)
		}
		return err
	}
	return redirect(w, r, "/duty_reports/"+rep.ID, "已"+rule.Label)
}

// RatePage is the voters' rating on a phone: a phone number for a code,
// then the code and the rating.
type RatePage struct {
	Base
	Vote      *vote.Vote
	CodeForm  *Form
	RateForm  *Form
	Sent      bool
	Done      bool
	Accepting bool
	Members   bool  // rated by committee members, signed in
	Member    *Form // a signed-in member's rating
}

func (s *Server) rateForms(r *http.Request, v *vote.Vote, p *RatePage) {
	p.CodeForm = newForm(r, "/rate/"+v.ID+"/code", "获取验证码",
		&Field{Name: "phone", Label: "手机号码", Type: "tel", Required: true, Max: 20, Help: "每个手机号码只能测评一次；号码只用于发送验证码，不与测评结果关联"})
	opts := voterRatingOptions()
	var fields []*Field
	fields = append(fields, &Field{Name: "phone", Label: "手机号码", Type: "tel", Required: true, Max: 20, Value: r.FormValue("phone")},
		&Field{Name: "code", Label: "短信验证码", Required: true, Max: 6})
	for _, c := range v.Candidates {
		fields = append(fields, &Field{Name: "c_" + c.ID, Label: c.Title + "：" + c.Summary, Type: "select", Options: opts, Required: true, Wide: true})
	}
	p.RateForm = newForm(r, "/rate/"+v.ID, "提交测评", fields...)
}

func (s *Server) ratePageOf(r *http.Request) (*RatePage, error) {
	v, err := s.db.VoterVote(r.Context(), r.PathValue("vote"))
	if err != nil {
		return nil, err
	}
	p := &RatePage{Base: s.citizenBase(r, v.Title), Vote: v, Accepting: v.Effective(s.db.Clock().Now()) == vote.Open}
	if k, _ := vote.KindOf(v.Kind); k != nil && k.Members {
		p.Members = true
		if httpx.User(r).Is(renda.RoleLeader) {
			var fields []*Field
			for _, c := range v.Candidates {
				fields = append(fields, &Field{Name: "c_" + c.ID, Label: c.Title + "：" + c.Summary, Type: "select", Options: voterRatingOptions(), Required: true, Wide: true})
			}
			p.Member = newForm(r, "/rate/"+v.ID+"/member", "提交测评", fields...)
		}
		return p, nil
	}
	s.rateForms(r, v, p)
	return p, nil
}

func (s *Server) ratePage(w http.ResponseWriter, r *http.Request) error {
	p, err := s.ratePageOf(r)
	if err != nil {
		return err
	}
	p.Done = r.URL.Query().Get("done") == "1"
	return s.render(w, r, "rate", p)
}

func (s *Server) rateCode(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(r); err != nil {
		return err
	}
	p, err := s.ratePageOf(r)
	if err != nil {
		return err
	}
	if err := s.db.RequestVoterCode(r.Context(), p.Vote.ID, r.PostForm.Get("phone")); err != nil {
		switch renda.ErrorCode(err) {
		case renda.EINVALID, renda.ECONFLICT:
		default:
			return err
		}
		p.CodeForm.Fill(r)
		p.CodeForm.Fail(err)
		s.renderStatus(w, r, httpx.Status(renda.ErrorCode(err)), "rate", p)
		return nil
	}
	p.Sent = true
	return s.render(w, r, "rate", p)
}

func (s *Server) rateSubmit(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(r); err != nil {
		return err
	}
	p, err := s.ratePageOf(r)
	if err != nil {
		return err
	}
	b := vote.Ballot{}
	for _, c := range p.Vote.Candidates {
		b[c.ID] = r.PostForm.Get("c_" + c.ID)
	}
	if _, err := s.db.CastVoterBallot(r.Context(), p.Vote.ID, r.PostForm.Get("phone"), r.PostForm.Get("code"), b); err != nil {
		switch renda.ErrorCode(err) {
		case renda.EINVALID, renda.ECONFLICT:
		default:
			return err
		}
		p.Sent = true
		p.RateForm.Fill(r)
		p.RateForm.Fail(err)
		s.renderStatus(w, r, httpx.Status(renda.ErrorCode(err)), "rate", p)
		return nil
	}
	http.Redirect(w, r, "/rate/"+p.Vote.ID+"?done=1", http.StatusSeeOther)
	return nil
}

func (s *Server) rateQR(w http.ResponseWriter, r *http.Request) error {
	v, err := s.db.VoterVote(r.Context(), r.PathValue("vote"))
	if err != nil {
		return err
	}
	return writeQR(w, s.cfg.BaseURL+"/rate/"+v.ID, "svg")
}

// voterRatingOptions are the choices of a rating: 满意, 基本满意, 不满意.
func voterRatingOptions() []Option {
	var opts []Option
	for _, c := range []string{vote.ChoiceSatisfied, vote.ChoiceBasic, vote.ChoiceDissatisfied} {
		opts = append(opts, Option{Value: c, Label: vote.ChoiceLabel(c)})
	}
	return opts
}

func (s *Server) rateMember(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(r); err != nil {
		return err
	}
	p, err := s.ratePageOf(r)
	if err != nil {
		return err
	}
	b := vote.Ballot{}
	for _, c := range p.Vote.Candidates {
		b[c.ID] = r.PostForm.Get("c_" + c.ID)
	}
	if _, err := s.db.CastMemberBallot(r.Context(), httpx.User(r), p.Vote.ID, b); err != nil {
		switch renda.ErrorCode(err) {
		case renda.EINVALID, renda.ECONFLICT:
		default:
			return err
		}
		if p.Member != nil {
			p.Member.Fill(r)
			p.Member.Fail(err)
		}
		s.renderStatus(w, r, httpx.Status(renda.ErrorCode(err)), "rate", p)
		return nil
	}
	http.Redirect(w, r, "/rate/"+p.Vote.ID+"?done=1", http.StatusSeeOther)
	return nil
}
