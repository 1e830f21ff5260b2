package web_test

import (
	"regexp"
	"strings"
	"testing"

	"renda/internal/apptest"
	"renda/internal/store"
)

var (
	labelRE = regexp.MustCompile(`(?s)<(th|dt|label|button|summary|legend|div class="note"|p class="small"|span class="badge[^"]*")[^>]*>(.*?)</(?:th|dt|label|button|summary|legend|div|span)>`)
	tagRE   = regexp.MustCompile(`(?s)<[^>]*>`)
	hanRE   = regexp.MustCompile(`\p{Han}+`)
)

// TestEnglishPagesLabels: with ?lang=en, the labels of each role's main
// pages (table headers, field names, buttons, summaries) carry no Chinese:
// labels are the site's own text, never user data (issue 9, point 25).
func TestEnglishPagesLabels(t *testing.T) {
	a := apptest.New(t, apptest.Options{Dialect: store.SQLite, Demo: true})
	pages := map[string][]string{
		"":       {"/", "/s", "/track", "/login", "/news", "/supervision"},
		"staff":  {"/", "/suggestions", "/opinions", "/votes", "/screen", "/meetings", "/supervision", "/budget", "/account", "/notifications"},
		"deputy": {"/", "/votes", "/duty_reports", "/opinions", "/suggestions"},
		"unit":   {"/", "/opinions", "/suggestions"},
		// a township's staff: their township's screen
		"staff-bs": {"/screen"},
	}
	for user, paths := range pages {
		b := a.Browser(user)
		for _, p := range paths {
			resp := b.Get(p + "?lang=en")
			if resp.Status != 200 {
				t.Errorf("%s %s: %d", user, p, resp.Status)
				continue
			}
			body := string(resp.Body)
			if !strings.Contains(body, `<html lang="en"`) {
				t.Errorf("%s %s: not English", user, p)
			}
			for _, m := range labelRE.FindAllStringSubmatch(body, -1) {
				text := strings.Join(strings.Fields(tagRE.ReplaceAllString(m[2], " ")), " ")
				if p == "/news" && strings.HasPrefix(m[1], "span") {
					continue // a news column is typed by staff (the usual ones are translated)
				}
				if hanRE.MatchString(text) {
					t.Errorf("%s %s: <%s> %q is not translated", user, p, m[1], text)
				}
			}
		}
	}
}
