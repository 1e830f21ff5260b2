package api_test

import (
	"testing"

	"renda/internal/apptest"
)

// After a password change, an API token issued before it → 401; tokens are
// listed and revoked through the API.
func TestTokensAPI(t *testing.T) {
	apptest.Each(t, apptest.Options{Demo: true}, func(t *testing.T, a *apptest.App) {
		old := a.Token("staff")
		other := a.Token("staff")
		var list struct {
			Items []struct {
				ID string `json:"id"`
			} `json:"items"`
		}
		resp := a.Call("GET", "/api/v1/me/tokens", old, nil)
		if resp.Status != 200 {
			t.Fatalf("list: %d %s", resp.Status, resp.Body)
		}
		resp.JSON(t, &list)
		if len(list.Items) < 2 {
			t.Fatalf("tokens = %s", resp.Body)
		}
		if resp := a.Call("DELETE", "/api/v1/me/tokens/"+list.Items[0].ID, old, nil); resp.Status != 204 {
			t.Fatalf("revoke: %d %s", resp.Status, resp.Body)
		}
		if resp := a.Call("DELETE", "/api/v1/me/tokens/"+list.Items[0].ID, old, nil); resp.Status != 404 && resp.Status != 401 {
			t.Errorf("revoke twice: %d", resp.Status)
		}
		_ = other
		tok := a.Token("staff")
		b := a.Browser("staff")
		b.Post("/account/password", map[string][]string{"current": {a.Password()}, "next": {"a-new-password-2026"}, "again": {"a-new-password-2026"}})
		if resp := a.Call("GET", "/api/v1/me", tok, nil); resp.Status != 401 {
			t.Errorf("token issued before a password change: %d", resp.Status)
		}
		// An admin lists and revokes another's tokens.
		admin := a.Token("admin")
		fresh := a.Call("POST", "/api/v1/auth/login", "", map[string]string{"username": "staff", "password": "a-new-password-2026"})
		if fresh.Status != 200 {
			t.Fatalf("login with the new password: %d %s", fresh.Status, fresh.Body)
		}
		var me struct {
			Token string
			User  struct{ ID string }
		}
		fresh.JSON(t, &me)
		resp = a.Call("GET", "/api/v1/users/"+me.User.ID+"/tokens", admin, nil)
		resp.JSON(t, &list)
		if resp.Status != 200 || len(list.Items) != 1 {
			t.Fatalf("admin's list: %d %s", resp.Status, resp.Body)
		}
		if resp := a.Call("GET", "/api/v1/users/"+me.User.ID+"/tokens", me.Token, nil); resp.Status != 403 {
			t.Errorf("staff listed via the admin route: %d", resp.Status)
		}
		if resp := a.Call("DELETE", "/api/v1/users/"+me.User.ID+"/tokens/"+list.Items[0].ID, admin, nil); resp.Status != 204 {
			t.Fatalf("admin revoke: %d %s", resp.Status, resp.Body)
		}
		if resp := a.Call("GET", "/api/v1/me", me.Token, nil); resp.Status != 401 {
			t.Errorf("token revoked by an admin: %d", resp.Status)
		}
	})
}
