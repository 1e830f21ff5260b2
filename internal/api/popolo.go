package api

import (
	"net/http"

	"renda/internal/store"
)

// popolo is the deputies, their congresses, delegations and groups and
// their memberships in the Popolo specification's terms (public, no token;
// no personal data: see store.Popolo).
func (a *API) popolo(w http.ResponseWriter, r *http.Request) error {
	p, err := a.db.Popolo(r.Context())
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, p)
}

// popoloRoute is the Popolo export's route, among the open data's.
func (a *API) popoloRoute() Route {
	return Route{Method: "GET", Path: "/api/v1/popolo", Tag: "open", Public: true, Response: store.Popolo{}, Handler: a.popolo,
		Summary: "Serving deputies (persons: name, photo, links; gender only if the settings make it public), congresses, delegations and groups (organizations), memberships, terms and sessions (events) and the public closed votes (vote_events: counts by option; votes by member only of a named vote) as Popolo JSON (public, no token)"}
}
