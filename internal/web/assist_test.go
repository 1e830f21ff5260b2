package web_test

import (
	"context"
	"net/url"
	"slices"
	"strings"
	"testing"

	"renda/assist"
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
	// The item's page holds a slot for its assistance, with a link to it;
	// the panels come from that address (as a page, or alone with ?part=1).
	page := string(s.Get(href).Body)
	if !strings.Contains(page, `data-assist="`+href+`/assist?part=1"`) || !strings.Contains(page, `href="`+href+`/assist"`) {
		t.Errorf("%s has no assistance slot", href)
	}
	for _, p := range []string{href + "/assist", href + "/assist?part=1"} {
		got := s.Get(p)
		body := string(got.Body)
		if got.Status != 200 || !strings.Contains(body, `id="routing"`) || !strings.Contains(body, "交办建议") {
			t.Errorf("no proposed units on %s: %d", p, got.Status)
		}
		if whole := strings.Contains(body, "<html"); whole != !strings.HasSuffix(p, "part=1") {
			t.Errorf("%s is a whole page: %v", p, whole)
		}
	}
	if r := a.Browser("deputy").Get(href + "/assist"); r.Status == 200 && strings.Contains(string(r.Body), `id="routing"`) {
		t.Errorf("a deputy is shown proposed units on %s", href)
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
				p := b.Get(item + "/assist?part=1")
				if p.Status != 200 {
					if page := b.Get(item); page.Status == 200 {
						t.Errorf("%s: %s opens, its assistance answers %d", who, item, p.Status)
					}
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

// TestDraftSimilarAndCaseDraft: a deputy writing a suggestion asks for
// similar items before saving — nothing is saved and the form keeps what
// they wrote; a deputy drafts a suggestion from a recurring case of their
// township with the case's items as the grounds, and another deputy cannot.
func TestDraftSimilarAndCaseDraft(t *testing.T) {
	a := apptest.New(t, apptest.Options{Demo: true})
	ctx := context.Background()
	d := a.Browser("deputy")
	before := string(d.Get("/suggestions?mine=1").Body)
	title := "关于解决农村饮水安全问题的建议"
	r := d.Post("/suggestions", url.Values{"kind": {"suggestion"}, "title": {title}, "body": {"自来水夏天经常停水，高处几户一停就是好几天，希望解决饮水问题。"}, "check": {"1"}})
	body := string(r.Body)
	if r.Status != 200 || !strings.Contains(body, `id="similar"`) || !strings.Contains(body, title) || !strings.Contains(body, "草稿尚未保存") {
		t.Fatalf("asking for similar items: %d, similar panel %v, title kept %v", r.Status, strings.Contains(body, `id="similar"`), strings.Contains(body, title))
	}
	if after := string(d.Get("/suggestions?mine=1").Body); strings.Count(after, title) != strings.Count(before, title) {
		t.Error("asking for similar items saved a draft")
	}

	cases, err := a.DB.RecurringCases(ctx, a.World.Staff, "")
	if err != nil || len(cases) == 0 {
		t.Fatalf("the demo county has no recurring case: %v", err)
	}
	for _, who := range []string{"deputy", "deputy2"} {
		u := a.World.Users[who]
		mine, err := a.DB.RecurringCases(ctx, u, "")
		if err != nil {
			t.Fatal(err)
		}
		b := a.Browser(who)
		if len(mine) > 0 {
			p := b.Get("/suggestions/new?case=" + mine[0].ID)
			if p.Status != 200 || !strings.Contains(string(p.Body), "群众通过多种渠道反复反映同一问题") {
				t.Errorf("%s: drafting from their case %s: %d", who, mine[0].ID, p.Status)
			}
		}
		for _, c := range cases {
			if !slices.ContainsFunc(mine, func(m *assist.Case) bool { return m.ID == c.ID }) {
				if p := b.Get("/suggestions/new?case=" + c.ID); p.Status != 404 {
					t.Errorf("%s: drafts from a case of another township: %d", who, p.Status)
				}
				break
			}
		}
	}
}
