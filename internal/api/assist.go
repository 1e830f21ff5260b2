package api

import (
	"net/http"

	"renda"
	"renda/assist"
	"renda/internal/httpx"
	"renda/internal/store"
)

// similarSize is how many similar items the API lists.
const similarSize = 10

type similarResponse struct {
	Items []store.SimilarItem `json:"items"`
}

type categoryResponse struct {
	Categories []store.CategoryProposal `json:"categories"`
}

// assistRoutes are the proposals of package assist: similar items (only
// what the caller may read), units for a suggestion, a category for an
// opinion.
func (a *API) assistRoutes() []Route {
	const opinionSub = "GET /api/v1/opinions/{id}/{sub}"
	inside := []renda.Role{renda.RoleAdmin, renda.RoleStaff, renda.RoleLeader, renda.RoleDeputy}
	staff := []renda.Role{renda.RoleAdmin, renda.RoleStaff, renda.RoleLeader}
	return []Route{
		{Method: "GET", Path: "/api/v1/suggestions/{id}/similar", Summary: "Past suggestions, opinions and 12345 orders most like this suggestion (only what the caller may read)",
			Tag: "assist", Roles: signedIn, Response: similarResponse{}, Errors: []int{404}, Handler: a.similarSuggestion},
		{Method: "GET", Path: "/api/v1/opinions/{id}/similar", Summary: "Past suggestions, opinions and 12345 orders most like this opinion (only what the caller may read)",
			Tag: "assist", Roles: signedIn, Response: similarResponse{}, Errors: []int{404}, Handler: a.similarOpinion, Mux: opinionSub},
		{Method: "GET", Path: "/api/v1/suggestions/{id}/routing", Summary: "Units proposed to handle a suggestion, learnt from the units of similar past suggestions",
			Tag: "assist", Roles: staff, Response: store.Routing{}, Errors: []int{404}, Handler: a.suggestionRouting},
		{Method: "GET", Path: "/api/v1/opinions/{id}/category", Summary: "Categories proposed for an opinion, from similar past opinions and orders",
			Tag: "assist", Roles: signedIn, Response: categoryResponse{}, Errors: []int{404}, Handler: a.opinionCategory, Mux: opinionSub},
		{Method: "GET", Path: "/api/v1/cases", Summary: "Problems that keep coming back: near-duplicate opinions and 12345 orders of one township grouped into cases (staff side: all; a deputy: the townships they are stationed in)",
			Tag: "assist", Roles: inside, Query: []Param{{Name: "state", Type: "string", Description: "open, proposed or closed", Enum: []string{assist.CaseOpen, assist.CaseProposed, assist.CaseClosed}}},
			Response: casesResponse{}, Errors: []int{403}, Handler: a.recurringCases},
		{Method: "GET", Path: "/api/v1/cases/{id}", Summary: "A recurring case with its opinions and orders (a deputy sees those they may open)",
			Tag: "assist", Roles: inside, Response: assist.Case{}, Errors: []int{404}, Handler: a.recurringCase},
	}
}

type casesResponse struct {
	Items []*assist.Case `json:"items"`
	Total int            `json:"total"`
}

func (a *API) recurringCases(w http.ResponseWriter, r *http.Request) error {
	state := r.URL.Query().Get("state")
	if state != "" && assist.CaseFlow.StateLabel(state) == state {
		return renda.Errorf(renda.EINVALID, "state 只能是 open、proposed 或 closed")
	}
	items, err := a.db.RecurringCases(r.Context(), httpx.User(r), state)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, casesResponse{Items: nonNil(items), Total: len(items)})
}

func (a *API) recurringCase(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	k, err := a.db.RecurringCase(r.Context(), httpx.User(r), id)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, k)
}

func (a *API) similarSuggestion(w http.ResponseWriter, r *http.Request) error {
	u := httpx.User(r)
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if _, err := a.db.Suggestion(r.Context(), u, id); err != nil {
		return err
	}
	items, err := a.db.Similar(r.Context(), u, "suggestion", id, similarSize)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, similarResponse{Items: nonNil(items)})
}

func (a *API) similarOpinion(w http.ResponseWriter, r *http.Request) error {
	u := httpx.User(r)
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	o, err := a.db.Opinion(r.Context(), u, id)
	if err != nil {
		return err
	}
	kind := "opinion"
	if o.HotlineNumber != "" {
		kind = "hotline"
	}
	items, err := a.db.Similar(r.Context(), u, kind, id, similarSize)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, similarResponse{Items: nonNil(items)})
}

func (a *API) suggestionRouting(w http.ResponseWriter, r *http.Request) error {
	u := httpx.User(r)
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if _, err := a.db.Suggestion(r.Context(), u, id); err != nil {
		return err
	}
	rt, err := a.db.SuggestionRouting(r.Context(), u, id)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, rt)
}

func (a *API) opinionCategory(w http.ResponseWriter, r *http.Request) error {
	u := httpx.User(r)
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if _, err := a.db.Opinion(r.Context(), u, id); err != nil {
		return err
	}
	cats, err := a.db.OpinionCategory(r.Context(), u, id)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, categoryResponse{Categories: cats})
}

func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}
