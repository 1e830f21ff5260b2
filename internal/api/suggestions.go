package api

// suggestionRoutes are the API routes of this workflow.
func (a *API) suggestionRoutes() []Route { return nil }
