package api

import (
	"net/http"
	"strconv"

	"renda"
	"renda/internal/httpx"
	"renda/internal/store"
	"renda/record"
)

// Deputies' duty records (履职档案).
func (a *API) recordRoutes() []Route {
	return []Route{
		{Method: "GET", Path: "/api/v1/deputies/{id}/record", Summary: "A deputy's duty record, computed from the work, with points under the scale in force; the deputy and staff only",
			Tag: "records", Roles: signedIn, Query: []Param{{Name: "year", Type: "integer", Description: "default: this year"}},
			Response: record.Record{}, Errors: []int{403, 404}, Handler: a.getRecord},
		{Method: "POST", Path: "/api/v1/deputies/{id}/record/entries", Summary: "Add what a deputy did outside renda, with its evidence (staff)",
			Tag: "records", Roles: adminStaff, Request: recordEntryInput{}, Response: recordEntryCreated{}, Status: 201, Errors: []int{403, 404}, Handler: a.addRecordEntry},
		{Method: "POST", Path: "/api/v1/deputies/{id}/record/notes", Summary: "The deputy's context on an entry of their record, or a request to correct it",
			Tag: "records", Roles: deputyOnly, Request: recordNoteInput{}, Status: 204, Errors: []int{403, 404}, Handler: a.noteRecordEntry},
		{Method: "GET", Path: "/api/v1/groups", Summary: "Groups of deputies: professional groups, special liaison stations and practice bases, with their members",
			Tag: "records", Roles: signedIn, Response: List[store.GroupListItem]{}, Handler: a.listGroups},
		{Method: "GET", Path: "/api/v1/records/rankings", Summary: "Deputies ranked by duty points in a year (staff side only)",
			Tag: "records", Roles: staffSide, Query: []Param{{Name: "year", Type: "integer", Description: "default: this year"}},
			Response: List[store.DutyRanking]{}, Handler: a.recordRankings},
	}
}

// year reads ?year= (default: this year).
func (a *API) year(r *http.Request) (int, error) {
	s := r.URL.Query().Get("year")
	if s == "" {
		return renda.DateOf(a.db.Clock().Now()).Year, nil
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 2000 || n > 2100 {
		var p renda.Problems
		p.Add("year", "year 应为年份，如 2024")
		return 0, p.Err()
	}
	return n, nil
}

func (a *API) getRecord(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	year, err := a.year(r)
	if err != nil {
		return err
	}
	rec, err := a.db.DutyRecord(r.Context(), httpx.User(r), id, year)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, rec)
}

type recordEntryInput struct {
	Kind     string     `json:"kind"`
	Title    string     `json:"title"`
	Date     renda.Date `json:"date"`
	Evidence string     `json:"evidence"`
}

type recordEntryCreated struct {
	Source record.Source `json:"source"`
}

func (a *API) addRecordEntry(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	var in recordEntryInput
	if err := decode(r, &in); err != nil {
		return err
	}
	eid, err := a.db.AddDutyEntry(r.Context(), httpx.User(r), id, record.Addition{Kind: in.Kind, Title: in.Title, Date: in.Date, Evidence: in.Evidence})
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusCreated, recordEntryCreated{Source: record.Source{Entity: "external", ID: eid}})
}

type recordNoteInput struct {
	Kind       string        `json:"kind"`
	Source     record.Source `json:"source"`
	Text       string        `json:"text"`
	Correction bool          `json:"correction"`
}

func (a *API) noteRecordEntry(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	var in recordNoteInput
	if err := decode(r, &in); err != nil {
		return err
	}
	key := in.Kind + ":" + in.Source.Entity + ":" + in.Source.ID
	if err := a.db.NoteDutyEntry(r.Context(), httpx.User(r), id, key, in.Text, in.Correction); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

func (a *API) recordRankings(w http.ResponseWriter, r *http.Request) error {
	year, err := a.year(r)
	if err != nil {
		return err
	}
	rs, err := a.db.DutyRankings(r.Context(), httpx.User(r), year)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, List[store.DutyRanking]{Items: rs, Total: len(rs)})
}

func (a *API) listGroups(w http.ResponseWriter, r *http.Request) error {
	gs, err := a.db.GroupList(r.Context())
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, List[store.GroupListItem]{Items: gs, Total: len(gs)})
}
