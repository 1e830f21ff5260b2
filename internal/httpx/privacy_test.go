package httpx_test

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"strings"
	"testing"

	"renda"
	"renda/internal/apptest"
	"renda/opinion"
)

// The request log names the signed-in user (Authenticate runs inside Log),
// and reading a citizen's phone or exporting a list leaves an audit record.
func TestRequestLogNamesUserAndPersonalDataReadsAreAudited(t *testing.T) {
	apptest.Each(t, apptest.Options{Demo: true}, func(t *testing.T, a *apptest.App) {
		ctx := context.Background()
		staff := a.Browser("staff")
		if r := staff.Get("/account"); r.Status != 200 {
			t.Fatalf("account: %d", r.Status)
		}
		tok := a.Token("deputy")
		if r := a.Call("GET", "/api/v1/me", tok, nil); r.Status != 200 {
			t.Fatalf("me: %d", r.Status)
		}
		users := map[string]string{} // path → user in its request line
		sc := bufio.NewScanner(bytes.NewReader(a.Log.Bytes()))
		sc.Buffer(make([]byte, 1<<20), 1<<20)
		for sc.Scan() {
			var l struct{ Msg, Path, User string }
			if json.Unmarshal(sc.Bytes(), &l) == nil && l.Msg == "request" {
				users[l.Path] = l.User
			}
		}
		if users["/account"] != "staff" || users["/api/v1/me"] != "deputy" {
			t.Errorf("request log users: /account %q, /api/v1/me %q", users["/account"], users["/api/v1/me"])
		}

		// A citizen's phone shown in full is a read the audit trail records.
		items, _, err := a.DB.Opinions(ctx, a.World.Staff, opinion.Filter{Limit: 200})
		if err != nil {
			t.Fatal(err)
		}
		var o *opinion.Opinion
		for _, x := range items {
			if x.Phone != "" {
				o = x
				break
			}
		}
		if o == nil {
			t.Fatal("no demo opinion with a phone")
		}
		if r := staff.Get("/opinions/" + o.ID); r.Status != 200 || !strings.Contains(string(r.Body), o.Phone) {
			t.Fatalf("opinion page: %d", r.Status)
		}
		admin := a.Token("admin")
		if r := a.Call("GET", "/api/v1/opinions/"+o.ID, admin, nil); r.Status != 200 {
			t.Fatalf("opinion API: %d", r.Status)
		}
		reveals, _, err := a.DB.AuditLog(ctx, a.World.Admin, renda.AuditFilter{Entity: "opinion", EntityID: o.ID, Action: "reveal"})
		if err != nil {
			t.Fatal(err)
		}
		who := map[string]bool{}
		for _, rec := range reveals {
			who[rec.ActorRole] = true
		}
		if len(reveals) != 2 || !who["staff"] || !who["admin"] {
			t.Errorf("reveal records = %+v", reveals)
		}

		// Exports name who exported what.
		if r := staff.Get("/deputies/export.xlsx?level=county"); r.Status != 200 {
			t.Fatalf("export: %d", r.Status)
		}
		exports, _, err := a.DB.AuditLog(ctx, a.World.Admin, renda.AuditFilter{Entity: "export", Action: "export"})
		if err != nil {
			t.Fatal(err)
		}
		if len(exports) != 1 || exports[0].EntityID != "deputies" || exports[0].ActorRole != "staff" || !strings.Contains(exports[0].Note, "level=county") {
			t.Errorf("export records = %+v", exports)
		}
	})
}
