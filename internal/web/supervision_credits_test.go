package web_test

import (
	"context"
	"strconv"
	"strings"
	"testing"

	"renda/internal/apptest"
	"renda/supervision"
)

// TestSupervisionCreditsOnTheCard: in the demo the deputy account is on the
// 安全生产 inspection's team (it recorded a finding) and signed the 质询案;
// both are entries on its card, each linking to its source: the 质询案's
// page, and the finding, which leads to the finding on its item's page for
// the deputy and staff, and for nobody off the team.
func TestSupervisionCreditsOnTheCard(t *testing.T) {
	a := apptest.New(t, apptest.Options{Demo: true})
	dep := a.World.Deputy1.DeputyID
	credits, err := a.DB.DutyCredits(context.Background(), dep, 0)
	if err != nil {
		t.Fatal(err)
	}
	found := map[string]bool{}
	d := a.Browser("deputy")
	for _, c := range credits {
		if c.Kind != "finding" && c.Kind != "interpellation" {
			continue
		}
		found[c.Kind] = true
		card := d.Get("/deputies/" + dep + "/record?year=" + strconv.Itoa(c.At.Year()))
		href := map[string]string{"finding": "/supervision/findings/" + c.EntityID, "interpellation": "/supervision/" + c.EntityID}[c.Kind]
		if card.Status != 200 || !strings.Contains(string(card.Body), `href="`+href+`"`) {
			t.Errorf("%s %q: the card has no link %s (%d)", c.Kind, c.Title, href, card.Status)
		}
		if c.Kind == "interpellation" {
			if c.Entity != supervision.Entity {
				t.Errorf("a signature credited under %s", c.Entity)
			}
			if r := d.Get(href); r.Status != 200 || !strings.Contains(string(r.Body), "质询案") {
				t.Errorf("the 质询案 from the card: %d", r.Status)
			}
			continue
		}
		for _, who := range []string{"deputy", "staff"} {
			r := a.Browser(who).Get(href)
			loc := r.Header.Get("Location")
			if r.Status != 303 || !strings.HasPrefix(loc, "/supervision/") || !strings.HasSuffix(loc, "#finding-"+c.EntityID) {
				t.Errorf("%s follows the finding: %d %q", who, r.Status, loc)
				continue
			}
			if page := a.Browser(who).Get(strings.TrimSuffix(loc, "#finding-"+c.EntityID)); page.Status != 200 || !strings.Contains(string(page.Body), `id="finding-`+c.EntityID+`"`) {
				t.Errorf("%s: the item page has no finding %s (%d)", who, c.EntityID, page.Status)
			}
		}
		// deputy2 is a member but not on that team; a unit and the public are not the staff side.
		for who, want := range map[string]int{"deputy2": 404, "unit": 403} {
			if r := a.Browser(who).Get(href); r.Status != want {
				t.Errorf("%s follows the finding: %d, want %d", who, r.Status, want)
			}
		}
		if r := a.Browser("").Get(href); r.Status == 200 || strings.HasPrefix(r.Header.Get("Location"), "/supervision/") {
			t.Errorf("the public follows the finding: %d %q", r.Status, r.Header.Get("Location"))
		}
	}
	if !found["finding"] || !found["interpellation"] {
		t.Fatalf("the demo deputy's record lacks a finding or a signature: %v", found)
	}
}
