package web_test

import (
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"renda"
	"renda/internal/apptest"
	"renda/internal/store"
	"renda/internal/web"
)

// manualStepURL resolves a step's page as the demo's account sees it:
// its Page, or the first item link on it that starts with Follow.
func manualStepURL(t *testing.T, b *apptest.Browser, st web.ManualStep) (string, *apptest.Response) {
	t.Helper()
	resp := b.Get(st.Page)
	if st.Follow == "" || resp.Status != 200 {
		return st.Page, resp
	}
	before, after, _ := strings.Cut(st.Follow, "{id}")
	re := regexp.MustCompile(`href="(` + regexp.QuoteMeta(before) + `([0-9a-z]+)` + regexp.QuoteMeta(after) + `)"`)
	for _, m := range re.FindAllStringSubmatch(string(resp.Body), -1) {
		if renda.ValidID(m[2]) {
			return m[1], b.Get(m[1])
		}
	}
	t.Fatalf("manual: no link to %s… on %s for %q", st.Follow, st.Page, st.User)
	return "", nil
}

// TestManualSteps: every step of every role's manual happens on a page the
// demo account of that role can open, and the words the step tells the
// reader to look for are on it; every screenshot the manual shows exists; the
// manuals are served to anyone (issue 16, point 6).
func TestManualSteps(t *testing.T) {
	a := apptest.New(t, apptest.Options{Dialect: store.SQLite, Demo: true})
	browsers := map[string]*apptest.Browser{}
	anon := a.Browser("")
	for _, m := range web.Manuals {
		if r := anon.Get("/help/" + m.Role); r.Status != 200 || !strings.Contains(string(r.Body), m.Title) {
			t.Errorf("/help/%s: %d", m.Role, r.Status)
		}
		if r := anon.Get("/help"); !strings.Contains(string(r.Body), `href="/help/`+m.Role+`"`) {
			t.Errorf("/help does not list %s", m.Role)
		}
		for _, sec := range m.Sections {
			for _, st := range sec.Steps {
				b, ok := browsers[st.User]
				if !ok {
					b = a.Browser(st.User)
					browsers[st.User] = b
				}
				path, resp := manualStepURL(t, b, st)
				if resp.Status != 200 {
					t.Errorf("%s manual, %q: %s is %d for %q", m.Role, sec.Title, path, resp.Status, st.User)
					continue
				}
				for _, w := range st.Look {
					if !strings.Contains(string(resp.Body), w) {
						t.Errorf("%s manual, %q: %s has no %q", m.Role, sec.Title, path, w)
					}
				}
				if st.Shot != "" {
					if _, err := os.Stat(filepath.Join("static", "manual", st.Shot+".jpg")); err != nil {
						t.Errorf("%s manual: screenshot %s missing (RENDA_UPDATE_MANUAL=1 go test ./internal/web -run TestBrowserManualScreenshots makes it)", m.Role, st.Shot)
					}
				}
			}
		}
	}
	if r := anon.Get("/help/" + url.PathEscape("nobody")); r.Status != 404 {
		t.Errorf("an unknown manual: %d", r.Status)
	}
	if r := anon.Get("/help/staff?lang=en"); r.Status != 200 || !strings.Contains(string(r.Body), "Staff manual") {
		t.Errorf("the staff manual in English: %d", r.Status)
	}
}
