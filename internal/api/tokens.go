package api

import (
	"net/http"

	"renda/internal/httpx"
	"renda/internal/store"
)

// API tokens: users list and revoke their own, admins anyone's.
func (a *API) tokenRoutes() []Route {
	return []Route{
		{Method: "GET", Path: "/api/v1/me/tokens", Summary: "The signed-in user's API tokens", Tag: "auth", Roles: signedIn, Response: tokenList{}, Handler: a.myTokens},
		{Method: "DELETE", Path: "/api/v1/me/tokens/{id}", Summary: "Revoke one of the signed-in user's API tokens", Tag: "auth", Roles: signedIn, Status: 204, Errors: []int{404}, Handler: a.revokeMyToken},
		{Method: "GET", Path: "/api/v1/users/{id}/tokens", Summary: "An account's API tokens", Tag: "users", Roles: adminOnly, Response: tokenList{}, Errors: []int{404}, Handler: a.userTokens},
		{Method: "DELETE", Path: "/api/v1/users/{id}/tokens/{token}", Summary: "Revoke an account's API token", Tag: "users", Roles: adminOnly, Status: 204, Errors: []int{404}, Handler: a.revokeUserToken},
	}
}

type tokenList struct {
	Items []store.Token `json:"items"`
}

func (a *API) myTokens(w http.ResponseWriter, r *http.Request) error {
	u := httpx.User(r)
	items, err := a.db.Tokens(r.Context(), u, u.ID)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, tokenList{Items: items})
}

func (a *API) revokeMyToken(w http.ResponseWriter, r *http.Request) error {
	u := httpx.User(r)
	if err := a.db.RevokeToken(r.Context(), u, u.ID, r.PathValue("id")); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

func (a *API) userTokens(w http.ResponseWriter, r *http.Request) error {
	if _, err := a.db.User(r.Context(), r.PathValue("id")); err != nil {
		return err
	}
	items, err := a.db.Tokens(r.Context(), httpx.User(r), r.PathValue("id"))
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, tokenList{Items: items})
}

func (a *API) revokeUserToken(w http.ResponseWriter, r *http.Request) error {
	if err := a.db.RevokeToken(r.Context(), httpx.User(r), r.PathValue("id"), r.PathValue("token")); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}
