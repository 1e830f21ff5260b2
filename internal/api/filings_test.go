package api_test

import (
	"testing"
	"time"

	"renda"
	"renda/internal/apptest"
)

// TestFilingsAndConsultationsAPI checks the fixed interfaces of issue 14 on
// the demo county, on both databases.
func TestFilingsAndConsultationsAPI(t *testing.T) {
	apptest.Each(t, apptest.Options{Demo: true, Start: time.Date(2026, 11, 24, 10, 0, 0, 0, renda.CST)}, func(t *testing.T, a *apptest.App) {
		staff := a.Token("staff")
		var list struct {
			Items []map[string]any `json:"items"`
			Total int              `json:"total"`
		}
		resp := a.Call("GET", "/api/v1/filings?status=corrected", staff, nil)
		if resp.Status != 200 {
			t.Fatalf("filings: %d %s", resp.Status, resp.Body)
		}
		resp.JSON(t, &list)
		if list.Total < 1 || len(list.Items) != list.Total {
			t.Fatalf("corrected filings: %+v", list)
		}
		for _, k := range []string{"id", "title", "number", "filer", "published_on", "filed_on", "status"} {
			if _, ok := list.Items[0][k]; !ok {
				t.Errorf("a filing lacks %q: %v", k, list.Items[0])
			}
		}
		if list.Items[0]["status"] != "corrected" {
			t.Errorf("status %v", list.Items[0]["status"])
		}
		if r := a.Call("GET", "/api/v1/filings", "", nil); r.Status != 401 {
			t.Errorf("filings without a token: %d", r.Status)
		}
		// A filer's clerk sees only their own body's filings.
		resp = a.Call("GET", "/api/v1/filings", a.Token("filer"), nil)
		resp.JSON(t, &list)
		for _, it := range list.Items {
			if it["filer"] != "常宁市人民政府办公室" {
				t.Errorf("the office's clerk sees %v", it["filer"])
			}
		}

		resp = a.Call("POST", "/api/v1/review-requests", "", map[string]string{"document": "常政发〔2026〕2号", "reason": "罚款过高"})
		if resp.Status != 201 {
			t.Fatalf("review request: %d %s", resp.Status, resp.Body)
		}
		if code, _ := resp.Map(t)["tracking_code"].(string); len(code) != 8 {
			t.Errorf("tracking code %q", code)
		}

		var cs struct {
			Items []struct {
				ID       string `json:"id"`
				Title    string `json:"title"`
				OpensOn  string `json:"opens_on"`
				ClosesOn string `json:"closes_on"`
				Status   string `json:"status"`
				Comments int    `json:"comments"`
			} `json:"items"`
			Total int `json:"total"`
		}
		resp = a.Call("GET", "/api/v1/consultations", "", nil)
		if resp.Status != 200 {
			t.Fatalf("consultations: %d %s", resp.Status, resp.Body)
		}
		resp.JSON(t, &cs)
		var open, closed string
		for _, c := range cs.Items {
			switch c.Status {
			case "draft":
				t.Errorf("the public see a draft in preparation: %s", c.Title)
			case "open":
				open = c.ID
				if c.Comments == 0 || c.OpensOn == "" || c.ClosesOn == "" {
					t.Errorf("open consultation %+v", c)
				}
			case "closed", "published":
				closed = c.ID
			}
		}
		if open == "" || closed == "" || cs.Total != len(cs.Items) {
			t.Fatalf("consultations %+v", cs)
		}
		if r := a.Call("POST", "/api/v1/consultations/"+open+"/comments", "", map[string]string{"article": "第四条", "text": "建议写入油茶产业"}); r.Status != 201 {
			t.Errorf("comment while open: %d %s", r.Status, r.Body)
		}
		if r := a.Call("POST", "/api/v1/consultations/"+open+"/comments", "", map[string]string{"text": "只有正文"}); r.Status != 201 {
			t.Errorf("comment without an article: %d %s", r.Status, r.Body)
		}
		if r := a.Call("POST", "/api/v1/consultations/"+closed+"/comments", "", map[string]string{"text": "晚了"}); r.Status != 409 {
			t.Errorf("comment after closing: %d %s", r.Status, r.Body)
		}
		// The open one closes: comments are refused from then on.
		if r := a.Call("POST", "/api/v1/consultations/"+open+"/actions/close", staff, nil); r.Status != 200 {
			t.Fatalf("close: %d %s", r.Status, r.Body)
		}
		if r := a.Call("POST", "/api/v1/consultations/"+open+"/comments", "", map[string]string{"text": "晚了"}); r.Status != 409 {
			t.Errorf("comment after closing: %d %s", r.Status, r.Body)
		}
		if r := a.Call("POST", "/api/v1/consultations/"+open+"/actions/publish", "", nil); r.Status != 401 {
			t.Errorf("the public act on a consultation: %d", r.Status)
		}
	})
}
