package web_test

import (
	"strings"
	"testing"

	"renda/internal/apptest"
)

// TestAssistPanels: staff see proposed units on a suggestion awaiting
// assignment, and every page lists similar items only as links the reader
// may open.
func TestAssistPanels(t *testing.T) {
	a := apptest.New(t, apptest.Options{Demo: true})
	s := a.Browser("staff")
	list := string(s.Get("/suggestions?status=submitted,registered").Body)
	i := strings.Index(list, `href="/suggestions/01`)
	if i < 0 {
		t.Fatal("the demo county has no suggestion awaiting assignment")
	}
	href := list[i+6 : i+6+strings.Index(list[i+6:], `"`)]
	page := string(s.Get(href).Body)
	if !strings.Contains(page, `id="routing"`) || !strings.Contains(page, "交办建议") {
		t.Errorf("no proposed units on %s", href)
	}
	checked := 0
	for _, who := range []string{"staff", "deputy", "unit"} {
		b := a.Browser(who)
		for _, list := range []string{"/suggestions", "/opinions"} {
			body := string(b.Get(list).Body)
			for n, rest := 0, body; n < 4; n++ {
				j := strings.Index(rest, `href="`+list+`/01`)
				if j < 0 {
					break
				}
				rest = rest[j+6:]
				item := rest[:strings.Index(rest, `"`)]
				p := b.Get(item)
				if p.Status != 200 {
					continue
				}
				sec := string(p.Body)
				k := strings.Index(sec, `id="similar"`)
				if k < 0 {
					continue
				}
				sec = sec[k:]
				sec = sec[:strings.Index(sec, "</section>")]
				for _, part := range strings.Split(sec, `<a href="`)[1:] {
					link := part[:strings.Index(part, `"`)]
					checked++
					if r := b.Get(link); r.Status != 200 {
						t.Errorf("%s: %s lists %s as similar, which answers %d", who, item, link, r.Status)
					}
				}
			}
		}
	}
	if checked == 0 {
		t.Fatal("no page of the demo county lists a similar item")
	}
}
