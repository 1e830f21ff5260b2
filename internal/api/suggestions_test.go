package api_test

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"renda"
	"renda/internal/apptest"
	"renda/internal/storetest"
)

// TestSuggestionAPIContract walks the fixed interface of issue 3: create,
// get, list with filters, and the actions with their 403/404/409 answers.
func TestSuggestionAPIContract(t *testing.T) {
	apptest.Each(t, apptest.Options{Start: time.Date(2024, 1, 10, 9, 0, 0, 0, renda.CST)}, func(t *testing.T, a *apptest.App) {
		f := storetest.Fixture(t, a.DB)
		deputy, deputy2, staff, unit, unit2 := a.Token("deputy"), a.Token("deputy2"), a.Token("staff"), a.Token("unit"), a.Token("unit2")
		call := func(tok, method, path string, body any, want int) map[string]any {
			t.Helper()
			r := a.Call(method, path, tok, body)
			if r.Status != want {
				t.Fatalf("%s %s: %d, want %d: %s", method, path, r.Status, want, r.Body)
			}
			if want >= 400 && !strings.HasPrefix(r.Header.Get("Content-Type"), "application/problem+json") {
				t.Fatalf("%s %s: %d is not problem+json", method, path, want)
			}
			if len(r.Body) == 0 {
				return nil
			}
			return r.Map(t)
		}
		created := call(deputy, "POST", "/api/v1/suggestions", map[string]any{"kind": "suggestion", "title": "关于加快城区背街小巷改造的建议", "body": "路面破损", "category": "城乡建设"}, 201)
		id, _ := created["id"].(string)
		if created["status"] != "draft" || id == "" {
			t.Fatalf("created: %v", created)
		}
		// Wrong input: 422 with field errors; wrong role: 403; no token: 401.
		bad := call(deputy, "POST", "/api/v1/suggestions", map[string]any{"kind": "petition", "title": "", "body": 5}, 422)
		if bad["errors"] == nil {
			t.Errorf("422 without errors: %v", bad)
		}
		call(deputy, "POST", "/api/v1/suggestions", map[string]any{"kind": "suggestion", "title": "", "body": ""}, 422)
		call(deputy, "POST", "/api/v1/suggestions", "{\"title\":\"\xff\"}", 422)
		call(staff, "POST", "/api/v1/suggestions", map[string]any{"kind": "suggestion", "title": "x", "body": "y"}, 403)
		call("", "POST", "/api/v1/suggestions", map[string]any{}, 401)

		act := func(tok, action string, body any, want int) map[string]any {
			t.Helper()
			return call(tok, "POST", "/api/v1/suggestions/"+id+"/actions/"+action, body, want)
		}
		call(staff, "GET", "/api/v1/suggestions/"+id, nil, 404) // a draft is the deputy's own
		act(staff, "register", nil, 404)
		act(deputy, "register", nil, 403)
		act(deputy, "fly", nil, 404)
		act(deputy, "submit", nil, 200)
		act(deputy, "submit", nil, 409)
		act(staff, "assign", map[string]any{"lead_unit_id": f.Unit1.ID}, 409) // not registered yet
		act(staff, "register", map[string]any{"category": "城乡建设"}, 200)
		act(staff, "assign", map[string]any{"lead_unit_id": "nope"}, 422)
		got := act(staff, "assign", map[string]any{"lead_unit_id": f.Unit1.ID, "co_unit_ids": []string{f.Unit2.ID}}, 200)
		if got["due"] != "2024-04-10" || got["lead_unit_id"] != f.Unit1.ID || got["status"] != "assigned" {
			t.Errorf("assigned: due %v lead %v status %v", got["due"], got["lead_unit_id"], got["status"])
		}
		act(unit, "reply", map[string]any{"category": "A", "text": "已解决"}, 409) // no contact yet
		act(unit2, "reply", map[string]any{"category": "A", "text": "已解决"}, 403)
		act(unit, "contact", map[string]any{"method": "fax"}, 422)
		act(unit, "contact", map[string]any{"method": "phone", "note": "电话沟通"}, 200)
		act(unit, "reply", map[string]any{"category": "A", "text": "已解决", "extra": 1}, 422)
		act(unit, "reply", map[string]any{"category": "A", "text": "已解决"}, 200)
		act(deputy2, "feedback", map[string]any{"rating": "satisfied"}, 404) // not a signer: the item does not exist for them
		act(unit2, "feedback", map[string]any{"rating": "satisfied"}, 403)   // the assisting unit sees it but may not rate
		got = act(deputy, "feedback", map[string]any{"rating": "unsatisfied", "comment": "未解决"}, 200)
		if got["status"] != "rehandling" {
			t.Errorf("after unsatisfied: %v", got["status"])
		}
		act(unit, "contact", map[string]any{"method": "visit"}, 200)
		act(unit, "reply", map[string]any{"category": "A", "text": "已重新办理"}, 200)
		act(deputy, "feedback", map[string]any{"rating": "satisfied", "comment": "满意", "consent": true}, 200)
		act(staff, "close", nil, 200)
		act(staff, "close", nil, 409)

		one := call(deputy, "GET", "/api/v1/suggestions/"+id, nil, 200)
		for _, k := range []string{"id", "number", "kind", "title", "status", "lead_unit_id", "due", "priority", "history"} {
			if _, ok := one[k]; !ok {
				t.Errorf("GET lacks %q", k)
			}
		}
		if one["number"] != "十八届四次会议第1号" || one["status"] != "closed" || one["priority"] != false {
			t.Errorf("GET: number %v status %v priority %v", one["number"], one["status"], one["priority"])
		}
		hist, _ := one["history"].([]any)
		var steps []string
		for _, h := range hist {
			m := h.(map[string]any)
			for _, k := range []string{"at", "actor", "action", "from", "to"} {
				if _, ok := m[k]; !ok {
					t.Fatalf("history entry lacks %q: %v", k, m)
				}
			}
			if m["from"] != m["to"] {
				steps = append(steps, m["to"].(string))
			}
		}
		if got := strings.Join(steps, ">"); got != "draft>submitted>registered>assigned>replied>rehandling>replied>closed" {
			t.Errorf("states in history: %s", got)
		}

		// Lists: only what the caller may see, with the filters.
		list := call(unit, "GET", "/api/v1/suggestions?status=closed&unit="+f.Unit1.ID, nil, 200)
		if list["total"] != float64(1) {
			t.Errorf("unit's list: %v", list["total"])
		}
		list = call(unit2, "GET", "/api/v1/suggestions?overdue=true", nil, 200)
		if list["total"] != float64(0) {
			t.Errorf("overdue list: %v", list["total"])
		}
		call(unit, "GET", "/api/v1/suggestions?status=nonsense", nil, 422)
		call(unit, "GET", "/api/v1/suggestions?overdue=maybe", nil, 422)

		// The export is a spreadsheet for staff and units, refused to deputies.
		r := a.Call("GET", "/api/v1/suggestions/export.xlsx", staff, nil)
		if r.Status != http.StatusOK || !strings.HasPrefix(string(r.Body), "PK") {
			t.Errorf("export: %d %.40q", r.Status, r.Body)
		}
		call(deputy, "GET", "/api/v1/suggestions/export.xlsx", nil, 403)
	})
}

// TestSuggestionAPIOverdueAndUnitScope checks ?overdue=true and that a unit
// never gets another unit's item through the API.
func TestSuggestionAPIOverdueAndUnitScope(t *testing.T) {
	apptest.Each(t, apptest.Options{Start: time.Date(2024, 1, 10, 9, 0, 0, 0, renda.CST)}, func(t *testing.T, a *apptest.App) {
		f := storetest.Fixture(t, a.DB)
		deputy, staff, unit, unit2 := a.Token("deputy"), a.Token("staff"), a.Token("unit"), a.Token("unit2")
		mk := func(lead string) string {
			r := a.Call("POST", "/api/v1/suggestions", deputy, map[string]any{"kind": "suggestion", "title": "关于某事的建议", "body": "内容"})
			id := r.Map(t)["id"].(string)
			for _, step := range []struct {
				tok, action string
				body        any
			}{{deputy, "submit", nil}, {staff, "register", map[string]any{"category": "水利"}}, {staff, "assign", map[string]any{"lead_unit_id": lead}}} {
				if r := a.Call("POST", "/api/v1/suggestions/"+id+"/actions/"+step.action, step.tok, step.body); r.Status != 200 {
					t.Fatalf("%s: %d %s", step.action, r.Status, r.Body)
				}
			}
			return id
		}
		mine, theirs := mk(f.Unit1.ID), mk(f.Unit2.ID)
		a.Clock.Advance(100 * 24 * time.Hour)
		staff, unit, unit2 = a.Token("staff"), a.Token("unit"), a.Token("unit2") // sessions expire while time moves
		var l struct {
			Items []struct{ ID string }
			Total int
		}
		a.Call("GET", "/api/v1/suggestions?overdue=true", staff, nil).JSON(t, &l)
		if l.Total != 2 {
			t.Errorf("staff sees %d overdue", l.Total)
		}
		a.Call("GET", "/api/v1/suggestions?overdue=true", unit, nil).JSON(t, &l)
		if l.Total != 1 || l.Items[0].ID != mine {
			t.Errorf("unit sees %+v overdue", l)
		}
		for _, p := range []string{"/api/v1/suggestions/" + theirs} {
			if r := a.Call("GET", p, unit, nil); r.Status != 404 {
				t.Errorf("unit GET %s: %d", p, r.Status)
			}
		}
		if r := a.Call("POST", "/api/v1/suggestions/"+theirs+"/actions/contact", unit, map[string]any{"method": "phone"}); r.Status != 404 {
			t.Errorf("unit acts on another unit's item: %d", r.Status)
		}
		a.Call("GET", "/api/v1/suggestions?unit="+f.Unit2.ID, unit, nil).JSON(t, &l)
		if l.Total != 0 {
			t.Errorf("unit filters by another unit and gets %d", l.Total)
		}
		var st struct{ Units []struct{ Key string } }
		a.Call("GET", "/api/v1/suggestions/stats", unit, nil).JSON(t, &st)
		if len(st.Units) != 1 || st.Units[0].Key != f.Unit1.ID {
			t.Errorf("unit's stats: %+v", st.Units)
		}
		if r := a.Call("GET", "/api/v1/suggestions/"+theirs, unit2, nil); r.Status != 200 {
			t.Errorf("unit 2 cannot see its own item: %d", r.Status)
		}
		_ = unit2
	})
}
