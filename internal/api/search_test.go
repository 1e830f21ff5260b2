package api_test

import (
	"net/url"
	"strings"
	"testing"

	"renda/internal/apptest"
	"renda/internal/store"
)

// TestSearchAPI: GET /api/v1/search's shape; the public find public items
// only; staff find citizens' opinions; a bad cursor or a NUL byte is 422.
func TestSearchAPI(t *testing.T) {
	a := apptest.New(t, apptest.Options{Dialect: store.SQLite, Demo: true})
	type result struct {
		Items []struct {
			Kind, ID, Title, Snippet, URL string
		} `json:"items"`
		Total      int    `json:"total"`
		NextCursor string `json:"next_cursor"`
	}
	var pub result
	r := a.Call("GET", "/api/v1/search?limit=5&q="+url.QueryEscape("塔山"), "", nil)
	if r.Status != 200 {
		t.Fatalf("public search: %d %s", r.Status, r.Body)
	}
	r.JSON(t, &pub)
	if pub.Total == 0 || len(pub.Items) == 0 || pub.Items[0].URL == "" || pub.Items[0].Title == "" {
		t.Fatalf("public search: %+v", pub)
	}
	for _, it := range pub.Items {
		if it.Kind != "station" && it.Kind != "deputy" {
			t.Errorf("the public find a %s: %+v", it.Kind, it)
		}
	}
	var staff result
	a.Call("GET", "/api/v1/search?kind=opinion&q="+url.QueryEscape("路灯"), a.Token("staff"), nil).JSON(t, &staff)
	if staff.Total == 0 || staff.Items[0].Kind != "opinion" || !strings.Contains(staff.Items[0].Snippet, "<mark>路灯</mark>") {
		t.Errorf("staff search: %+v", staff)
	}
	var none result
	a.Call("GET", "/api/v1/search?kind=opinion&q="+url.QueryEscape("路灯"), "", nil).JSON(t, &none)
	if none.Total != 0 || len(none.Items) != 0 {
		t.Errorf("the public find opinions: %+v", none)
	}
	if pub.Total > 5 && pub.NextCursor == "" {
		t.Errorf("no next cursor: %+v", pub)
	}
	if pub.NextCursor != "" {
		var next result
		a.Call("GET", "/api/v1/search?limit=5&q="+url.QueryEscape("塔山")+"&cursor="+pub.NextCursor, "", nil).JSON(t, &next)
		if len(next.Items) == 0 || next.Items[0].ID == pub.Items[0].ID {
			t.Errorf("second page: %+v", next)
		}
	}
	for _, bad := range []string{"q=%00", "q=x&cursor=zz", "q=x&kind=nothing", ""} {
		if r := a.Call("GET", "/api/v1/search?"+bad, "", nil); r.Status != 422 {
			t.Errorf("%s: %d %s", bad, r.Status, r.Body)
		}
	}
}
