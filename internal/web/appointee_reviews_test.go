package web_test

import (
	"net/url"
	"regexp"
	"strings"
	"testing"

	"renda/internal/apptest"
	"renda/internal/store"
)

// TestAppointeeReviewPages: on the demo, staff reach the 述职评议 of the
// appointed finance director from his appointment's page and may hear it;
// the public cannot open a review before it is published; arranging a
// second review of the same year says why it is refused and changes nothing.
func TestAppointeeReviewPages(t *testing.T) {
	a := apptest.New(t, apptest.Options{Dialect: store.SQLite, Demo: true})
	staff := a.Browser("staff")
	list := string(staff.Get("/appointments").Body)
	m := regexp.MustCompile(`href="/appointments/([0-9a-z]+)"[^>]*>[^<]*陈立新`).FindStringSubmatch(list)
	if m == nil {
		m = regexp.MustCompile(`href="/appointments/([0-9a-z]+)"`).FindStringSubmatch(list[strings.Index(list, "陈立新")-400:])
	}
	if m == nil {
		t.Fatal("no appointment of 陈立新 on /appointments")
	}
	page := string(staff.Get("/appointments/" + m[1]).Body)
	rv := regexp.MustCompile(`href="/appointee-reviews/([0-9a-z]+)"`).FindStringSubmatch(page)
	if rv == nil || !strings.Contains(page, "安排述职评议") {
		t.Fatalf("the appointment's page has no review section")
	}
	review := staff.Get("/appointee-reviews/" + rv[1])
	if review.Status != 200 || !strings.Contains(string(review.Body), "听取述职并开始测评") || !strings.Contains(string(review.Body), "准备中") {
		t.Fatalf("review page: %d", review.Status)
	}
	if r := a.Browser("").Get("/appointee-reviews/" + rv[1]); r.Status != 404 {
		t.Errorf("the public opens an unpublished review: %d", r.Status)
	}
	if r := a.Browser("deputy").Get("/appointee-reviews/" + rv[1]); r.Status != 404 {
		t.Errorf("a deputy opens an unpublished review: %d", r.Status)
	}
	staff.Get("/appointments/" + m[1])
	year := regexp.MustCompile(`name="year"[^>]*value="(\d+)"`).FindStringSubmatch(page)
	if year == nil {
		t.Fatal("no year on the form")
	}
	r := staff.Post("/appointments/"+m[1]+"/reviews", url.Values{"year": {year[1]}})
	if r.Status != 409 || !strings.Contains(string(r.Body), "已安排述职评议") {
		t.Errorf("a second review of the year: %d", r.Status)
	}
	if n := strings.Count(string(staff.Get("/appointments/"+m[1]).Body), `href="/appointee-reviews/`); n != 1 {
		t.Errorf("%d reviews after the refused one, want 1", n)
	}
	if r := a.Browser("leader").Post("/appointments/"+m[1]+"/reviews", url.Values{"year": {"2020"}}); r.Status != 403 {
		t.Errorf("a leader arranges a review: %d", r.Status)
	}
}
