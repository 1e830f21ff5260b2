package api_test

import (
	"net/url"
	"strings"
	"testing"
	"time"

	"renda"
	"renda/internal/apptest"
	"renda/internal/storetest"
)

// TestSupervisionResolutionAndJoint walks a 决议 through the API and marks
// an item joint with 衡阳市人大 on the pages, on both databases: bad input is
// refused (problem+json, or a Chinese error on the page) with nothing
// changed; a deputy may not act; the item page shows both.
func TestSupervisionResolutionAndJoint(t *testing.T) {
	apptest.Each(t, apptest.Options{Start: time.Date(2024, 8, 30, 10, 0, 0, 0, renda.CST)}, func(t *testing.T, a *apptest.App) {
		storetest.Fixture(t, a.DB)
		staff := a.Token("staff")
		resp := a.Call("POST", "/api/v1/supervision/items", staff, map[string]any{"year": 2024, "kind": "report", "title": "农村饮水安全工作情况的报告", "month": 8})
		if resp.Status != 201 && resp.Status != 200 {
			t.Fatalf("create: %d %s", resp.Status, resp.Body)
		}
		id, _ := resp.Map(t)["id"].(string)
		body := func(act string) map[string]any {
			if act == "report" {
				return map[string]any{"report": "报告全文"}
			}
			return map[string]any{}
		}
		for _, act := range []string{"adopt", "publish", "investigate", "report"} {
			if r := a.Call("POST", "/api/v1/supervision/items/"+id+"/actions/"+act, staff, body(act)); r.Status != 200 {
				t.Fatalf("%s: %d %s", act, r.Status, r.Body)
			}
		}
		path := "/api/v1/supervision/items/" + id + "/actions/resolve"
		if r := a.Call("POST", path, staff, map[string]any{"resolution": "决议", "due": "2024-08-01"}); r.Status != 422 && r.Status != 400 ||
			!strings.Contains(r.Header.Get("Content-Type"), "problem+json") {
			t.Errorf("a past deadline: %d %s", r.Status, r.Body)
		}
		if r := a.Call("GET", "/api/v1/supervision/items/"+id, staff, nil); r.Map(t)["resolution"] != nil {
			t.Errorf("changed by a refused action: %s", r.Body)
		}
		if r := a.Call("POST", path, a.Token("deputy"), map[string]any{"resolution": "决议", "due": "2024-11-02"}); r.Status != 403 && r.Status != 404 {
			t.Errorf("a deputy resolves: %d", r.Status)
		}
		r := a.Call("POST", path, staff, map[string]any{"resolution": "限期完成水源保护区划定", "due": "2024-11-02"})
		if r.Status != 200 || r.Map(t)["resolution_due"] != "2024-11-04" {
			t.Fatalf("resolve: %d %s", r.Status, r.Body)
		}

		b := a.Browser("staff")
		page := "/supervision/" + id
		if p := b.Get(page); p.Status != 200 || !strings.Contains(string(p.Body), `id="resolution"`) || !strings.Contains(string(p.Body), "2024年11月4日") {
			t.Fatalf("item page: %d", p.Status)
		}
		bad := url.Values{"joint_with": {"city"}, "organiser": {"province"}, "levels": {"county"}}
		if p := b.Post(page+"/mark_joint", bad); p.Status != 422 || !strings.Contains(string(p.Body), "组织方应为本级或联合开展的上级人大常委会") {
			t.Errorf("bad organiser on the page: %d", p.Status)
		}
		b.Get(page)
		good := url.Values{"joint_with": {"city"}, "organiser": {"city"}, "levels": {"county", "city"}}
		if p := b.Post(page+"/mark_joint", good); p.Status != 303 && p.Status != 200 {
			t.Fatalf("mark_joint: %d %s", p.Status, p.Body)
		}
		if p := b.Get(page); !strings.Contains(string(p.Body), `id="joint"`) || !strings.Contains(string(p.Body), "衡阳市人大常委会") {
			t.Errorf("the page does not show the joint activity")
		}
		if r := a.Call("GET", "/api/v1/supervision/items/"+id, "", nil); r.Map(t)["joint_with"] != "city" {
			t.Errorf("joint in the API: %s", r.Body)
		}
	})
}
