package web_test

import (
	"regexp"
	"strings"
	"testing"

	"renda/internal/apptest"
	"renda/internal/store"
)

var (
	tags     = regexp.MustCompile(`(?s)<script.*?</script>|<style.*?</style>|<[^>]*>`)
	internal = regexp.MustCompile(`domain\.md|\[I\]|\[P S\d+|working_days|\d+ (months|days)\b|。的|\brenda\b`)
)

// TestNoInternalTextOnPages: what users read has no notes of the makers,
// no raw field names or units, no software name, and periods in Chinese
// (issue 9, point 24).
func TestNoInternalTextOnPages(t *testing.T) {
	a := apptest.New(t, apptest.Options{Dialect: store.SQLite, Demo: true})
	w := a.World
	pages := map[string][]string{
		"admin":  {"/", "/settings", "/audit", "/users", "/integrations", "/calendar"},
		"staff":  {"/", "/opinions", "/opinions/stats", "/suggestions", "/suggestions/stats", "/votes", "/projects", "/stations"},
		"deputy": {"/", "/opinions", "/suggestions", "/votes", "/deputies/" + w.Deputy1.DeputyID},
		"unit":   {"/", "/opinions", "/suggestions"},
		"":       {"/", "/login", "/password/forgot", "/track", "/replies", "/s"},
	}
	for user, paths := range pages {
		b := a.Browser(user)
		for _, p := range paths {
			resp := b.Get(p)
			if resp.Status != 200 {
				t.Errorf("%s %s: %d", user, p, resp.Status)
				continue
			}
			text := tags.ReplaceAllString(string(resp.Body), " ")
			text = strings.ReplaceAll(text, "renda-demo", "")
			for _, m := range internal.FindAllStringIndex(text, 3) {
				t.Errorf("%s %s: %q", user, p, text[max(0, m[0]-30):min(len(text), m[1]+30)])
			}
		}
	}
	if body := string(a.Browser("admin").Get("/settings").Body); !strings.Contains(body, "个工作日") {
		t.Error("the settings page does not show periods in Chinese")
	}
}
