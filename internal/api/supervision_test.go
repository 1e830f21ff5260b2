package api_test

import (
	"net/url"
	"strings"
	"testing"
	"time"

	"renda"
	"renda/internal/apptest"
	"renda/supervision"
)

// TestSupervisionAPI checks the fixed interfaces of issue 11 on the demo
// county, on both databases, and the pages a browser walks.
func TestSupervisionAPI(t *testing.T) {
	apptest.Each(t, apptest.Options{Demo: true, Start: time.Date(2026, 11, 24, 10, 0, 0, 0, renda.CST)}, func(t *testing.T, a *apptest.App) {
		type item struct {
			ID     string `json:"id"`
			Kind   string `json:"kind"`
			Title  string `json:"title"`
			Body   string `json:"body"`
			Status string `json:"status"`
			Year   int    `json:"year"`
		}
		var list struct {
			Items []item `json:"items"`
			Total int    `json:"total"`
		}
		resp := a.Call("GET", "/api/v1/supervision/items?year=2024&kind=evaluation", "", nil)
		if resp.Status != 200 {
			t.Fatalf("list: %d %s", resp.Status, resp.Body)
		}
		resp.JSON(t, &list)
		var czj, slj string
		for _, it := range list.Items {
			if it.Kind != "evaluation" || it.Year != 2024 {
				t.Errorf("filtered list has %+v", it)
			}
			if strings.Contains(it.Body, "财政局") {
				czj = it.ID
			}
			if strings.Contains(it.Body, "水利局") {
				slj = it.ID
			}
		}
		if czj == "" || slj == "" || list.Total != len(list.Items) {
			t.Fatalf("evaluations: %+v", list)
		}
		var detail struct {
			item
			Verdict        string `json:"verdict"`
			Rectifications []struct {
				ID     string `json:"id"`
				Text   string `json:"text"`
				Owner  string `json:"owner"`
				Due    string `json:"due"`
				Status string `json:"status"`
			} `json:"rectifications"`
			Votes []string `json:"votes"`
		}
		a.Call("GET", "/api/v1/supervision/items/"+czj, "", nil).JSON(t, &detail)
		if detail.Verdict != "基本满意" || len(detail.Votes) != 1 || len(detail.Rectifications) == 0 || detail.Rectifications[0].Due == "" {
			t.Fatalf("财政局: %+v", detail)
		}
		v := a.Call("GET", "/api/v1/votes/"+detail.Votes[0], "", nil).Map(t)
		if v["kind"] != "evaluation" {
			t.Errorf("vote kind %v", v["kind"])
		}

		// The public sees published items only; staff see the drafts too.
		staff := a.Token("staff")
		var pub, all struct{ Total int }
		a.Call("GET", "/api/v1/supervision/items", "", nil).JSON(t, &pub)
		a.Call("GET", "/api/v1/supervision/items", staff, nil).JSON(t, &all)
		if pub.Total == 0 || pub.Total >= all.Total {
			t.Errorf("public %d, staff %d", pub.Total, all.Total)
		}
		resp = a.Call("POST", "/api/v1/supervision/items", staff, map[string]any{"year": 2027, "kind": "inquiry", "title": "关于城区停车的专题询问", "month": 3})
		if resp.Status != 201 {
			t.Fatalf("create: %d %s", resp.Status, resp.Body)
		}
		id, _ := resp.Map(t)["id"].(string)
		if r := a.Call("GET", "/api/v1/supervision/items/"+id, "", nil); r.Status != 404 {
			t.Errorf("the public sees a draft: %d", r.Status)
		}
		if r := a.Call("POST", "/api/v1/supervision/items", a.Token("unit"), map[string]any{"year": 2027, "kind": "inquiry", "title": "x"}); r.Status != 403 {
			t.Errorf("a unit adds to the plan: %d", r.Status)
		}
		if r := a.Call("POST", "/api/v1/supervision/items/"+id+"/actions/adopt", staff, map[string]any{"note": "主任会议"}); r.Status != 200 || r.Map(t)["status"] != supervision.Planned {
			t.Errorf("adopt: %d %s", r.Status, r.Body)
		}
		if r := a.Call("POST", "/api/v1/supervision/items/"+id+"/actions/self_check", staff, nil); r.Status != 409 {
			t.Errorf("self-check of an inquiry: %d", r.Status)
		}

		// Only 水利局's clerk answers 水利局's rectifications.
		var sl struct {
			Rectifications []struct{ ID, Status string } `json:"rectifications"`
		}
		a.Call("GET", "/api/v1/supervision/items/"+slj, "", nil).JSON(t, &sl)
		open := ""
		for _, x := range sl.Rectifications {
			if x.Status == supervision.RectOpen {
				open = x.ID
			}
		}
		if open == "" {
			t.Fatalf("no open 水利局 rectification: %+v", sl)
		}
		answer := map[string]any{"measure": "建立三级管护机制", "evidence": "管护制度文件"}
		if r := a.Call("POST", "/api/v1/supervision/rectifications/"+open+"/actions/answer", a.Token("sup-czj"), answer); r.Status != 403 && r.Status != 404 {
			t.Errorf("财政局's clerk answers 水利局's: %d", r.Status)
		}
		if r := a.Call("POST", "/api/v1/supervision/rectifications/"+open+"/actions/answer", a.Token("unit2"), answer); r.Status != 200 || r.Map(t)["status"] != supervision.RectAnswered {
			t.Errorf("水利局's clerk answers: %d %s", r.Status, r.Body)
		}

		// The draw.
		body := map[string]any{"pool": []string{"a", "b", "c", "d", "e"}, "count": 3, "seed": "seed"}
		for range 2 {
			r := a.Call("POST", "/api/v1/supervision/draws", staff, body)
			if r.Status != 200 {
				t.Fatalf("draw: %d %s", r.Status, r.Body)
			}
			if d, _ := r.Map(t)["drawn"].([]any); len(d) != 3 || d[0] != "c" || d[1] != "a" || d[2] != "e" {
				t.Errorf("drawn %v", d)
			}
		}
		if r := a.Call("POST", "/api/v1/supervision/draws", a.Token("deputy"), body); r.Status != 403 {
			t.Errorf("a deputy draws: %d", r.Status)
		}
		body["count"] = 9
		if r := a.Call("POST", "/api/v1/supervision/draws", staff, body); r.Status != 422 {
			t.Errorf("count over the pool: %d", r.Status)
		}

		// Pages: the public plan and item; staff's item page with its actions; the clerk's answer form.
		anon := a.Browser("")
		if r := anon.Get("/supervision?year=2024"); r.Status != 200 || !strings.Contains(string(r.Body), "财政局专项工作评议") {
			t.Errorf("/supervision: %d", r.Status)
		}
		if r := anon.Get("/supervision/" + czj); r.Status != 200 || !strings.Contains(string(r.Body), "基本满意") {
			t.Errorf("public item page: %d", r.Status)
		}
		if r := anon.Get("/supervision/" + id); r.Status != 404 {
			t.Errorf("public draft page: %d", r.Status)
		}
		sb := a.Browser("staff")
		if r := sb.Get("/supervision/" + id); r.Status != 200 || !strings.Contains(string(r.Body), "/supervision/"+id+"/publish") {
			t.Errorf("staff item page: %d", r.Status)
		}
		if r := sb.Get("/supervision/topics"); r.Status != 200 || !strings.Contains(string(r.Body), "/opinions?category=") {
			t.Errorf("topics page: %d", r.Status)
		}
		if r := sb.Post("/supervision/"+id+"/publish", url.Values{}); r.Status != 303 {
			t.Errorf("publish: %d %s", r.Status, r.Body)
		}
		if r := anon.Get("/supervision/" + id); r.Status != 200 {
			t.Errorf("published page: %d", r.Status)
		}
		// Members rate on the vote pages: the open 卫健局 rating links back to its item.
		var ev struct{ Items []item }
		a.Call("GET", "/api/v1/supervision/items?kind=evaluation", "", nil).JSON(t, &ev)
		for _, it := range ev.Items {
			if it.Status != supervision.Rating {
				continue
			}
			var d struct {
				Votes []string `json:"votes"`
			}
			a.Call("GET", "/api/v1/supervision/items/"+it.ID, "", nil).JSON(t, &d)
			if len(d.Votes) != 1 {
				t.Fatalf("rating votes %v", d.Votes)
			}
			db := a.Browser("deputy")
			if r := db.Get("/votes/" + d.Votes[0]); r.Status != 200 || !strings.Contains(string(r.Body), "/supervision/"+it.ID) {
				t.Errorf("vote page: %d", r.Status)
			}
			if r := db.Get("/votes/" + d.Votes[0] + "/ballot"); r.Status != 200 {
				t.Errorf("ballot page: %d", r.Status)
			}
		}
		ub := a.Browser("sup-yjj")
		var ins struct{ Items []item }
		a.Call("GET", "/api/v1/supervision/items?kind=inspection&year=2024", "", nil).JSON(t, &ins)
		for _, it := range ins.Items {
			if strings.Contains(it.Title, "安全生产") {
				if r := ub.Get("/supervision/" + it.ID); r.Status != 200 || !strings.Contains(string(r.Body), "/actions/answer") && !strings.Contains(string(r.Body), "/answer") {
					t.Errorf("the clerk's page lacks the answer form: %d", r.Status)
				}
			}
		}
	})
}
