package api

import (
	"net/http"

	"renda"
	"renda/internal/httpx"
	"renda/vote"
)

// voteStaffRoutes are the vote's staff actions besides open and close that
// need more than a form: the paper ballots' totals, entered by one member of
// staff and confirmed by another, and the presidium's decision on a tie.
// They are declared actions of vote.Flow (paper, paper_confirm, decide); the
// store checks each on the vote.
func (a *API) voteStaffRoutes() []Route {
	staffOnly := []renda.Role{renda.RoleAdmin, renda.RoleStaff}
	return []Route{
		{Method: "PUT", Path: "/api/v1/votes/{id}/paper", Summary: "Enter the paper ballots' totals (per item and choice; a rating's blank or multiple marks under \"invalid\"); another member of staff confirms them", Tag: "votes", Roles: staffOnly,
			Request: paperInput{}, Response: vote.PaperTotals{}, Errors: []int{403, 404, 409, 422}, Handler: a.votePaper},
		{Method: "POST", Path: "/api/v1/votes/{id}/paper/confirm", Summary: "Confirm the paper totals (by staff other than who entered them); they then count in the result", Tag: "votes", Roles: staffOnly,
			Response: vote.PaperTotals{}, Errors: []int{403, 404, 409}, Handler: a.votePaperConfirm},
		{Method: "POST", Path: "/api/v1/votes/{id}/decide", Summary: "Record the presidium's decision on an item the count left open (a tie, or too few passing)", Tag: "votes", Roles: staffOnly,
			Request: decideInput{}, Response: vote.Vote{}, Errors: []int{404, 409, 422}, Handler: a.voteDecide},
	}
}

type paperInput struct {
	Ballots int                       `json:"ballots"`
	Counts  map[string]map[string]int `json:"counts"` // item id → choice → ballots
}

type decideInput struct {
	ProjectID string `json:"project_id"` // the item (candidate) decided
	Adopt     bool   `json:"adopt"`
	Note      string `json:"note"` // the decision's grounds
}

func (a *API) votePaper(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	var in paperInput
	if err := decode(r, &in); err != nil {
		return err
	}
	v, err := a.db.Vote(r.Context(), id)
	if err != nil {
		return err
	}
	for cid := range in.Counts {
		if !v.HasCandidate(cid) {
			return renda.Errorf(renda.EINVALID, "counts 中的“%s”不是本次表决的事项", trunc(cid, 30))
		}
	}
	if in.Counts == nil {
		in.Counts = map[string]map[string]int{}
	}
	if err := a.db.EnterPaper(r.Context(), httpx.User(r), id, &vote.PaperTotals{Ballots: in.Ballots, Counts: in.Counts}); err != nil {
		return err
	}
	p, err := a.db.Paper(r.Context(), id)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, p)
}

func (a *API) votePaperConfirm(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if err := a.db.ConfirmPaper(r.Context(), httpx.User(r), id); err != nil {
		return err
	}
	p, err := a.db.Paper(r.Context(), id)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, p)
}

func (a *API) voteDecide(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	var in decideInput
	if err := decode(r, &in); err != nil {
		return err
	}
	if err := a.db.Decide(r.Context(), httpx.User(r), id, in.ProjectID, in.Adopt, in.Note); err != nil {
		return err
	}
	v, err := a.db.Vote(r.Context(), id)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, v)
}
