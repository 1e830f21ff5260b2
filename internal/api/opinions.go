package api

import "net/http"

// opinionRoutes are the API routes of this workflow.
func (a *API) opinionRoutes() []Route { return nil }

// stationCodes returns the codes of the liaison stations a deputy serves,
// for GET /api/v1/me.
func (a *API) stationCodes(r *http.Request, deputyID string) ([]string, error) { return nil, nil }
