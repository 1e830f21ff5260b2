package web_test

import (
	"regexp"
	"strings"
	"testing"

	"renda/internal/apptest"
)

// A user sees their API tokens on /account and revokes one there; an admin
// sees and revokes them on the user's page.
func TestTokensOnAccountAndUserPages(t *testing.T) {
	apptest.Each(t, apptest.Options{Demo: true}, func(t *testing.T, a *apptest.App) {
		tok := a.Token("staff")
		b := a.Browser("staff")
		page := b.Get("/account")
		m := regexp.MustCompile(`action="/account/tokens/([0-9a-f]{16})/revoke"`).FindSubmatch(page.Body)
		if page.Status != 200 || m == nil {
			t.Fatalf("account page: %d, no revoke form", page.Status)
		}
		if r := b.Post("/account/tokens/"+string(m[1])+"/revoke", nil); r.Status != 303 {
			t.Fatalf("revoke: %d %s", r.Status, r.Body)
		}
		if r := a.Call("GET", "/api/v1/me", tok, nil); r.Status != 401 {
			t.Errorf("token revoked on /account: %d", r.Status)
		}
		tok = a.Token("staff")
		staffID := a.World.Staff.ID
		admin := a.Browser("admin")
		up := admin.Get("/users/" + staffID)
		m = regexp.MustCompile(`action="/users/` + staffID + `/tokens/([0-9a-f]{16})/revoke"`).FindSubmatch(up.Body)
		if up.Status != 200 || m == nil || !strings.Contains(string(up.Body), "API") {
			t.Fatalf("user page: %d, no revoke form", up.Status)
		}
		if r := admin.Post("/users/"+staffID+"/tokens/"+string(m[1])+"/revoke", nil); r.Status != 303 {
			t.Fatalf("admin revoke: %d %s", r.Status, r.Body)
		}
		if r := a.Call("GET", "/api/v1/me", tok, nil); r.Status != 401 {
			t.Errorf("token revoked by an admin: %d", r.Status)
		}
	})
}
