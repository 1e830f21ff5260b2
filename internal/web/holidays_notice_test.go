package web_test

import (
	"net/url"
	"strings"
	"testing"
	"time"

	"renda"
	"renda/internal/apptest"
	"renda/internal/demo"
)

// Issue 9 point 31: while next year's State Council holiday notice is not
// entered, admins see it on their home from 1 November, and deadlines that
// run into that year are marked 暂定.
func TestMissingHolidayNotice(t *testing.T) {
	apptest.Each(t, apptest.Options{Demo: true, Start: time.Date(2026, 10, 30, 9, 0, 0, 0, renda.CST)}, func(t *testing.T, a *apptest.App) {
		const notice = "尚未录入 2027 年节假日安排"
		admin := a.Browser("admin")
		if home := admin.Get("/"); home.Status != 200 || strings.Contains(string(home.Body), notice) {
			t.Errorf("notice before 1 November: %d", home.Status)
		}
		a.Clock.Advance(3 * 24 * time.Hour) // 2 November
		admin = a.Browser("admin")
		home := admin.Get("/")
		if !strings.Contains(string(home.Body), notice) || !strings.Contains(string(home.Body), `href="/calendar"`) {
			t.Errorf("admin home on 2 November lacks the notice:\n%s", home.Body)
		}
		if en := admin.Get("/?lang=en"); !strings.Contains(string(en.Body), "The public holidays of 2027") {
			t.Errorf("English home lacks the notice")
		}
		if dep := a.Browser("deputy").Get("/"); strings.Contains(string(dep.Body), notice) {
			t.Error("a deputy sees the admins' notice")
		}

		// An opinion filed on 28 December runs into 2027: its deadline is provisional.
		a.Clock.Advance(56 * 24 * time.Hour)
		resp := a.Call("POST", "/api/v1/opinions", "", map[string]any{"station": demo.TashanStation, "content": "村口路灯坏了三个月没人修", "consent": true})
		if resp.Status != 201 {
			t.Fatalf("submit: %d %s", resp.Status, resp.Body)
		}
		var list struct {
			Items []struct {
				ID      string `json:"id"`
				Content string `json:"content"`
				Due     string `json:"due"`
			} `json:"items"`
		}
		a.Call("GET", "/api/v1/opinions?limit=500", a.Token("staff"), nil).JSON(t, &list)
		var o struct{ ID, Due string }
		for _, it := range list.Items {
			if it.Content == "村口路灯坏了三个月没人修" {
				o.ID, o.Due = it.ID, it.Due
			}
		}
		if !strings.HasPrefix(o.Due, "2027-") {
			t.Fatalf("due %q does not run into 2027", o.Due)
		}
		page := a.Browser("staff").Get("/opinions/" + o.ID)
		if page.Status != 200 || !strings.Contains(string(page.Body), "（暂定）") {
			t.Errorf("opinion page: %d, no 暂定 by the deadline %s", page.Status, o.Due)
		}
		if page := a.Browser("staff").Get("/opinions?q=" + url.QueryEscape("村口路灯坏了三个月没人修")); !strings.Contains(string(page.Body), "（暂定）") {
			t.Errorf("opinion list: no 暂定 (item listed: %v)", strings.Contains(string(page.Body), o.ID))
		}
		// The deadline is marked once on the item page.
		if strings.Count(string(page.Body), "（暂定）") != 1 {
			t.Errorf("暂定 %d times on the opinion page", strings.Count(string(page.Body), "（暂定）"))
		}
		// Once 2027 is entered, the notice and the marks go.
		admin = a.Browser("admin")
		admin.Get("/calendar")
		if r := admin.Post("/calendar", url.Values{"date": {"2027-01-01"}, "kind": {"off"}, "name": {"元旦"}}); r.Status >= 400 {
			t.Fatalf("enter 2027: %d %s", r.Status, r.Body)
		}
		if home := admin.Get("/"); strings.Contains(string(home.Body), notice) {
			t.Error("notice stays after 2027 was entered")
		}
		if page := a.Browser("staff").Get("/opinions/" + o.ID); strings.Contains(string(page.Body), "（暂定）") {
			t.Error("暂定 stays after 2027 was entered")
		}
	})
}
