package api

// voteRoutes are the API routes of this workflow.
func (a *API) voteRoutes() []Route { return nil }
