package api

import (
	"net/http"

	"renda"
	"renda/dutyreport"
	"renda/internal/httpx"
	"renda/vote"
)

// Deputies' reports to voters (述职) and the voters' rating of them on the
// ballot engine (one-time SMS codes, no account).
func (a *API) dutyReportRoutes() []Route {
	states := []string{dutyreport.Draft, dutyreport.Submitted, dutyreport.Rating, dutyreport.Rated, dutyreport.Published}
	return []Route{
		{Method: "GET", Path: "/api/v1/duty_reports", Summary: "Deputies' reports to voters: staff see all, a deputy their own and the published ones, others the published ones",
			Tag: "records", Roles: signedIn, Query: []Param{{Name: "deputy_id"}, {Name: "status", Enum: states}, {Name: "limit", Type: "integer"}, {Name: "offset", Type: "integer"}},
			Response: List[dutyreport.Report]{}, Handler: a.listDutyReports},
		{Method: "GET", Path: "/api/v1/duty_reports/{id}", Summary: "One report to voters, with its rating once closed", Tag: "records", Roles: signedIn,
			Response: dutyreport.Report{}, Errors: []int{404}, Handler: a.getDutyReport},
		{Method: "POST", Path: "/api/v1/deputies/{id}/duty_reports", Summary: "Draft a deputy's report to voters from their duty record (the deputy, or staff)",
			Tag: "records", Roles: signedIn, Request: dutyReportCreate{}, Response: dutyreport.Report{}, Status: 201, Errors: []int{403, 404}, Handler: a.createDutyReport},
		{Method: "POST", Path: "/api/v1/duty_reports/{id}/actions/{action}", Summary: "Act on a report: edit, submit (the deputy); return, open_rating, close_rating, publish (staff)",
			Tag: "records", Roles: signedIn, Request: actionBody{dutyreport.Flow.Table()}, Response: dutyreport.Report{}, Errors: []int{403, 404, 409}, Handler: a.dutyReportAction},
		{Method: "POST", Path: "/api/v1/votes/{id}/voter_codes", Summary: "A voter asks for a one-time code by SMS to rate (votes rated by voters, e.g. 述职; public, no token)",
			Tag: "votes", Public: true, Request: voterCodeBody{}, Status: 204, Errors: []int{404, 409}, Handler: a.voterCode},
		{Method: "POST", Path: "/api/v1/votes/{id}/voter_ballots", Summary: "A voter rates with the code sent to their phone, once per phone (public, no token)",
			Tag: "votes", Public: true, Request: voterBallotBody{}, Response: receiptBody{}, Status: 201, Errors: []int{404, 409}, Handler: a.voterBallot},
	}
}

type dutyReportCreate struct {
	Year int `json:"year"`
}

func (a *API) listDutyReports(w http.ResponseWriter, r *http.Request) error {
	pg, err := page(r)
	if err != nil {
		return err
	}
	q := r.URL.Query()
	var p renda.Problems
	st := p.OneOf("status", "status", q.Get("status"), false, dutyreport.Draft, dutyreport.Submitted, dutyreport.Rating, dutyreport.Rated, dutyreport.Published)
	if d := q.Get("deputy_id"); d != "" && !renda.ValidID(d) {
		p.Add("deputy_id", "deputy_id 无效")
	}
	if err := p.Err(); err != nil {
		return err
	}
	items, total, err := a.db.DutyReports(r.Context(), httpx.User(r), dutyreport.Filter{DeputyID: q.Get("deputy_id"), State: st, Limit: pg.Limit, Offset: pg.Offset})
	if err != nil {
		return err
	}
	if items == nil {
		items = []*dutyreport.Report{}
	}
	return writeJSON(w, http.StatusOK, newList(items, total, pg))
}

func (a *API) getDutyReport(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	rep, err := a.db.DutyReport(r.Context(), httpx.User(r), id)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, rep)
}

func (a *API) createDutyReport(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	var in dutyReportCreate
	if err := decode(r, &in); err != nil {
		return err
	}
	if in.Year == 0 {
		in.Year = renda.DateOf(a.db.Clock().Now()).Year
	}
	if in.Year < 2000 || in.Year > 2100 {
		var p renda.Problems
		p.Add("year", "year 应为年份，如 2026")
		return p.Err()
	}
	rep, err := a.db.CreateDutyReport(r.Context(), httpx.User(r), id, in.Year)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusCreated, rep)
}

func (a *API) dutyReportAction(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	rule, err := offeredRule(dutyreport.Flow.Table(), r.PathValue("action"))
	if err != nil {
		return err
	}
	if _, err := a.db.DutyReport(r.Context(), httpx.User(r), id); err != nil {
		return err
	}
	in, err := actionValues(r, rule)
	if err != nil {
		return err
	}
	rep, err := a.db.ActOnDutyReport(r.Context(), httpx.User(r), id, rule.Action, in)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, rep)
}

type voterCodeBody struct {
	Phone string `json:"phone"`
}

type voterBallotBody struct {
	Phone   string            `json:"phone"`
	Code    string            `json:"code"`
	Choices map[string]string `json:"choices"` // item id → satisfied | basic | dissatisfied
}

type receiptBody struct {
	Receipt string `json:"receipt"`
}

func (a *API) voterCode(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	var in voterCodeBody
	if err := decode(r, &in); err != nil {
		return err
	}
	if err := a.db.RequestVoterCode(r.Context(), id, in.Phone); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

func (a *API) voterBallot(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	var in voterBallotBody
	if err := decode(r, &in); err != nil {
		return err
	}
	receipt, err := a.db.CastVoterBallot(r.Context(), id, in.Phone, in.Code, vote.Ballot(in.Choices))
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusCreated, receiptBody{Receipt: receipt})
}
