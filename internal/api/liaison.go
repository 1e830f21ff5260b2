package api

import (
	"net/http"

	"renda"
	"renda/internal/httpx"
	"renda/liaison"
)

// The "two contacts" (两个联系): committee members' links to deputies and
// their contacts.
func (a *API) liaisonRoutes() []Route {
	who := []renda.Role{renda.RoleAdmin, renda.RoleStaff, renda.RoleLeader}
	return []Route{
		{Method: "GET", Path: "/api/v1/liaison", Summary: "A committee member's deputies (staff: every member's) with this year's contacts against the minimum and each deputy's contacts with voters from the duty record",
			Tag: "records", Roles: who, Query: []Param{{Name: "year", Type: "integer", Description: "default: this year"}, {Name: "member_id"}},
			Response: List[liaison.Link]{}, Errors: []int{403}, Handler: a.liaisonLinks},
		{Method: "POST", Path: "/api/v1/liaison/contacts", Summary: "Log a contact of the calling committee member with a deputy linked to them (credited to the deputy's record)",
			Tag: "records", Roles: []renda.Role{renda.RoleLeader}, Request: contactBody{}, Response: liaison.Contact{}, Status: 201, Errors: []int{403}, Handler: a.logContact},
		{Method: "POST", Path: "/api/v1/liaison/links", Summary: "Link a committee member to deputies (staff)",
			Tag: "records", Roles: []renda.Role{renda.RoleAdmin, renda.RoleStaff}, Request: linkBody{}, Status: 204, Errors: []int{403}, Handler: a.linkMember},
	}
}

type contactBody struct {
	DeputyID string     `json:"deputy_id"`
	Kind     string     `json:"kind"` // visit, call, meeting
	Day      renda.Date `json:"day"`
	Note     string     `json:"note"`
}

type linkBody struct {
	MemberID  string   `json:"member_id"`
	DeputyIDs []string `json:"deputy_ids"`
}

func (a *API) liaisonLinks(w http.ResponseWriter, r *http.Request) error {
	year, err := a.year(r)
	if err != nil {
		return err
	}
	ls, err := a.db.LiaisonLinks(r.Context(), httpx.User(r), r.URL.Query().Get("member_id"), year)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, List[liaison.Link]{Items: ls, Total: len(ls)})
}

func (a *API) logContact(w http.ResponseWriter, r *http.Request) error {
	var in contactBody
	if err := decode(r, &in); err != nil {
		return err
	}
	c := &liaison.Contact{DeputyID: in.DeputyID, Kind: in.Kind, Day: in.Day, Note: in.Note}
	if err := a.db.LogContact(r.Context(), httpx.User(r), c); err != nil {
		return err
	}
	return writeJSON(w, http.StatusCreated, c)
}

func (a *API) linkMember(w http.ResponseWriter, r *http.Request) error {
	var in linkBody
	if err := decode(r, &in); err != nil {
		return err
	}
	if err := a.db.LinkMember(r.Context(), httpx.User(r), in.MemberID, in.DeputyIDs); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}
