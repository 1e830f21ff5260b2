package web_test

import (
	"html"
	"regexp"
	"strings"
	"testing"

	"renda/internal/apptest"
)

var (
	unitSection = regexp.MustCompile(`(?s)<section class="card" id="by-unit">.*?</section>`)
	countLink   = regexp.MustCompile(`<a href="(/opinions\?[^"]*)">(\d+)</a>`)
	pagerTotal  = regexp.MustCompile(`data-total="(\d+)"`)
)

// TestSupervisionTopicsByUnit: on the topics page every count of the
// opinions and 12345 orders by handling unit links to the opinions list
// filtered by that unit (and the year, and for 12345 the channel), and the
// list counts exactly as many; the list names the unit it is filtered by.
func TestSupervisionTopicsByUnit(t *testing.T) {
	a := apptest.New(t, apptest.Options{Demo: true})
	s := a.Browser("staff")
	page := s.Get("/supervision/topics")
	sec := unitSection.Find(page.Body)
	if page.Status != 200 || sec == nil {
		t.Fatalf("topics page %d: no section by unit", page.Status)
	}
	links := countLink.FindAllSubmatch(sec, -1)
	units := 0
	for _, m := range links {
		href, want := html.UnescapeString(string(m[1])), string(m[2])
		if !strings.Contains(href, "unit=") || !strings.Contains(href, "from=") {
			t.Errorf("a count by unit links to %s", href)
		}
		if !strings.Contains(href, "unit=-") {
			units++
		}
		list := s.Get(href)
		tot := pagerTotal.FindSubmatch(list.Body)
		if list.Status != 200 || tot == nil || string(tot[1]) != want {
			t.Errorf("%s: the page counts %s, the list %d %q", href, want, list.Status, tot)
		}
		if !strings.Contains(string(list.Body), `id="unit-filter"`) || !strings.Contains(string(list.Body), `name="unit"`) {
			t.Errorf("%s: the list does not say, or keep, its unit", href)
		}
	}
	if units < 2 {
		t.Fatalf("the demo's topics name %d counts by unit; want rows of units (links %d)", units, len(links))
	}
}
