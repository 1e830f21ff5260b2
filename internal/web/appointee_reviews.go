package web

import (
	"net/http"
	"strconv"

	"renda"
	"renda/appointment"
	"renda/internal/httpx"
	"renda/vote"
)

// 述职评议 of appointed officials: arranged from the appointment's page,
// the report entered and heard at a meeting, rated by the committee's
// members at /rate/{vote}, published. Staff see every review; anyone else
// published ones.
func (s *Server) appointeeReviewRoutes() []route {
	staffOnly := []renda.Role{renda.RoleAdmin, renda.RoleStaff}
	return []route{
		{"POST /appointments/{id}/reviews", staffOnly, s.appointeeReviewCreate},
		{"GET /appointee-reviews/{id}", nil, s.appointeeReviewPage},
		{"POST /appointee-reviews/{id}/{action}", staffOnly, s.appointeeReviewAct},
	}
}

func (s *Server) appointeeReviewCreate(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(r); err != nil {
		return err
	}
	year := r.PostForm.Get("year")
	if year == "" {
		year = strconv.Itoa(renda.DateOf(s.db.Clock().Now()).Year)
	}
	rev, err := s.db.CreateAppointeeReview(r.Context(), httpx.User(r), r.PathValue("id"), renda.Values{"year": {year}})
	if err != nil {
		return err
	}
	return redirect(w, r, "/appointee-reviews/"+rev.ID, "已安排述职评议，请录入述职报告")
}

// AppointeeReviewPage is one review: the report, the members' rating (its
// page while it runs, the result after), the actions and the history.
type AppointeeReviewPage struct {
	Base
	Review  *appointment.Review
	Actions []*ActionForm
	History []renda.AuditRecord
	Turnout *vote.Turnout
}

func (s *Server) appointeeReviewPage(w http.ResponseWriter, r *http.Request) error {
	rev, err := s.db.AppointeeReview(r.Context(), httpx.User(r), r.PathValue("id"))
	if err != nil {
		return err
	}
	return s.renderAppointeeReview(w, r, rev, http.StatusOK, "", nil)
}

func (s *Server) renderAppointeeReview(w http.ResponseWriter, r *http.Request, rev *appointment.Review, status int, failed string, failedErr error) error {
	ctx, u := r.Context(), httpx.User(r)
	p := &AppointeeReviewPage{Base: s.pageBase(r, rev.Name+"述职评议"), Review: rev}
	var err error
	if u.IsStaffSide() {
		if p.History, err = s.db.History(ctx, "appointee_review", rev.ID); err != nil {
			return err
		}
		rules, err := s.db.AppointeeReviewActions(ctx, u, rev)
		if err != nil {
			return err
		}
		set, err := s.db.Settings(ctx)
		if err != nil {
			return err
		}
		fill := map[string]map[string]string{"edit": {"title": rev.Title, "body": rev.Body}}
		ac := actionCtx{post: func(a string) string { return "/appointee-reviews/" + rev.ID + "/" + a }, set: set, fill: fill, scope: true}
		if p.Actions, err = s.itemActions(r, rules, ac, failed, failedErr); err != nil {
			return err
		}
	}
	if rev.VoteID != "" && rev.State == appointment.ReviewRating {
		t, err := s.db.Turnout(ctx, rev.VoteID)
		if err != nil {
			return err
		}
		p.Turnout = &t
	}
	s.renderStatus(w, r, status, "appointee_review", p)
	return nil
}

func (s *Server) appointeeReviewAct(w http.ResponseWriter, r *http.Request) error {
	rev, err := s.db.AppointeeReview(r.Context(), httpx.User(r), r.PathValue("id"))
	if err != nil {
		return err
	}
	action := r.PathValue("action")
	rule, ok := appointment.ReviewFlow.Rule(action)
	if !ok || !rule.Offered() {
		return renda.Errorf(renda.ENOTFOUND, "没有这个操作")
	}
	if err := parseForm(r); err != nil {
		return err
	}
	if _, err := s.db.ActOnAppointeeReview(r.Context(), httpx.User(r), rev.ID, action, actionValues(r, rule)); err != nil {
		switch renda.ErrorCode(err) {
		case renda.EINVALID, renda.ECONFLICT:
			return s.renderAppointeeReview(w, r, rev, httpx.Status(renda.ErrorCode(err)), action, err)
		}
		return err
	}
	return redirect(w, r, "/appointee-reviews/"+rev.ID, "已"+rule.Label)
}
