package api

import (
	"net/http"

	"renda"
	"renda/appointment"
	"renda/internal/httpx"
)

// appointeeReviewRoutes are 述职评议 of appointed officials: arranged for an
// appointment, acted on as every workflow; staff see every review, anyone
// else published ones.
func (a *API) appointeeReviewRoutes() []Route {
	staffOnly := []renda.Role{renda.RoleAdmin, renda.RoleStaff}
	return []Route{
		{Method: "GET", Path: "/api/v1/appointments/{id}/reviews", Summary: "An appointed official's reviews of duties (述职评议), newest year first (public: published ones)", Tag: "appointments", Public: true,
			Response: []appointment.Review{}, Errors: []int{404}, Handler: a.listAppointeeReviews},
		{Method: "POST", Path: "/api/v1/appointments/{id}/reviews", Summary: "Arrange a review of duties of an official voted through, once a year (staff)", Tag: "appointments", Roles: staffOnly,
			Request: actionBody{&renda.Workflow{Rules: []renda.Rule{shown(appointment.ReviewFlow.Rule("create"))}}}, Response: appointment.Review{}, Status: 201, Errors: []int{403, 404, 409}, Handler: a.createAppointeeReview},
		{Method: "GET", Path: "/api/v1/appointee-reviews/{id}", Summary: "One review of duties with its rating's result; its vote (kind appointee_review) is on /api/v1/votes", Tag: "appointments", Public: true,
			Response: appointment.Review{}, Errors: []int{404}, Handler: a.getAppointeeReview},
		{Method: "POST", Path: "/api/v1/appointee-reviews/{id}/actions/{action}", Summary: "Act on a review of duties: edit, open_rating, close_rating, publish", Tag: "appointments", Roles: staffOnly,
			Request: actionBody{appointment.ReviewFlow.Table()}, Response: appointment.Review{}, Errors: []int{403, 404, 409}, Handler: a.appointeeReviewAction},
	}
}

func (a *API) listAppointeeReviews(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if _, err := a.db.Appointment(r.Context(), httpx.User(r), id); err != nil {
		return err
	}
	items, err := a.db.AppointeeReviews(r.Context(), httpx.User(r), id)
	if err != nil {
		return err
	}
	if items == nil {
		items = []*appointment.Review{}
	}
	return writeJSON(w, http.StatusOK, items)
}

func (a *API) createAppointeeReview(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	rule, _ := appointment.ReviewFlow.Rule("create")
	in, err := actionValues(r, shown(rule, true))
	if err != nil {
		return err
	}
	x, err := a.db.CreateAppointeeReview(r.Context(), httpx.User(r), id, in)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusCreated, x)
}

func (a *API) getAppointeeReview(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	x, err := a.db.AppointeeReview(r.Context(), httpx.User(r), id)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, x)
}

func (a *API) appointeeReviewAction(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	rule, err := offeredRule(appointment.ReviewFlow.Table(), r.PathValue("action"))
	if err != nil {
		return err
	}
	if _, err := a.db.AppointeeReview(r.Context(), httpx.User(r), id); err != nil {
		return err
	}
	in, err := actionValues(r, rule)
	if err != nil {
		return err
	}
	x, err := a.db.ActOnAppointeeReview(r.Context(), httpx.User(r), id, rule.Action, in)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, x)
}
