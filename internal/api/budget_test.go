package api_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"mime/multipart"
	"net/http"
	"testing"
	"time"

	"renda/internal/apptest"
	"renda/internal/storetest"
	"renda/opinion"
)

// multipartPost uploads a file with a kind to path.
func multipartPost(t *testing.T, a *apptest.App, path, token, kind, name string, content []byte) *apptest.Response {
	t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	_ = mw.WriteField("kind", kind)
	fw, _ := mw.CreateFormFile("file", name)
	fw.Write(content)
	mw.Close()
	req, _ := http.NewRequest("POST", a.URL+path, &buf)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var b bytes.Buffer
	b.ReadFrom(resp.Body)
	return &apptest.Response{Status: resp.StatusCode, Header: resp.Header, Body: b.Bytes()}
}

// TestBudgetAPI: the fixed interfaces of issue 15 — an upload with bad rows
// is 422 naming each row and column and stores nothing; a good one is 201;
// years and departments answer amounts as decimal strings; the signed push
// is refused with a wrong signature, stored once per batch, and 409 for a
// batch sent again with other rows.
func TestBudgetAPI(t *testing.T) {
	apptest.Each(t, apptest.Options{}, func(t *testing.T, a *apptest.App) {
		ctx := context.Background()
		fx := storetest.Fixture(t, a.DB)
		staff := a.Token("staff")
		bad := []byte("年度,预算类别,部门,功能分类编码,金额（元）\n2024,一般公共预算,住建局,2120101,100.00\n2024,一般公共预算,不存在局,2120101,1.234\n")
		r := multipartPost(t, a, "/api/v1/budget/imports", staff, "budget", "b.csv", bad)
		if r.Status != 422 {
			t.Fatalf("bad file: %d %s", r.Status, r.Body)
		}
		var p struct {
			Rows []struct {
				Row    int    `json:"row"`
				Column string `json:"column"`
			} `json:"rows"`
		}
		json.Unmarshal(r.Body, &p)
		named := map[string]bool{}
		for _, x := range p.Rows {
			named[fmt.Sprint(x.Row, x.Column)] = true
		}
		if len(p.Rows) != 2 || !named["3部门"] || !named["3金额（元）"] {
			t.Errorf("faults: %s", r.Body)
		}
		var years struct {
			Items []map[string]any `json:"items"`
			Total int              `json:"total"`
		}
		a.Call("GET", "/api/v1/budget/years", staff, nil).JSON(t, &years)
		if years.Total != 0 {
			t.Fatalf("a bad file stored: %+v", years)
		}
		if r := multipartPost(t, a, "/api/v1/budget/imports", a.Token("unit"), "budget", "b.csv", bad); r.Status != 403 {
			t.Errorf("a unit imports: %d", r.Status)
		}
		good := []byte("\xef\xbb\xbf年度,预算类别,部门,功能分类编码,金额（元）\n2024,一般公共预算,住建局,2120101,\"1,000.10\"\n2024,一般公共预算,水利局,2130301,0.20\n")
		if r := multipartPost(t, a, "/api/v1/budget/imports", staff, "budget", "b.csv", good); r.Status != 201 {
			t.Fatalf("good file: %d %s", r.Status, r.Body)
		}

		secret, err := a.DB.CreateIntegration(ctx, fx.Admin, &opinion.Integration{Kind: opinion.IntegrationFinance, Name: "财政预算一体化系统"})
		if err != nil {
			t.Fatal(err)
		}
		hot, _ := a.DB.CreateIntegration(ctx, fx.Admin, &opinion.Integration{Kind: opinion.IntegrationHotline, Name: "12345"})
		body := []byte(`{"batch":"2024-01","kind":"execution","rows":[{"year":2024,"month":1,"fund":"一般公共预算","department":"住建局","function_code":"2120101","amount":"500.05"}]}`)
		now := time.Now()
		if r := postWith(t, a, "/api/v1/budget/push", body, signed("wrong-secret", now, "nonce-budget-wrong-01", body)); r.Status != 401 {
			t.Errorf("wrong secret: %d %s", r.Status, r.Body)
		}
		if r := postWith(t, a, "/api/v1/budget/push", body, signed(hot, now, "nonce-budget-hotline1", body)); r.Status != 401 {
			t.Errorf("the 12345 platform's secret pushes budget data: %d %s", r.Status, r.Body)
		}
		if r := postWith(t, a, "/api/v1/budget/push", body, signed(secret, now, "nonce-budget-good-001", body)); r.Status != 201 {
			t.Fatalf("signed push: %d %s", r.Status, r.Body)
		}
		if r := postWith(t, a, "/api/v1/budget/push", body, signed(secret, now, "nonce-budget-good-002", body)); r.Status != 200 {
			t.Errorf("the same batch again: %d %s", r.Status, r.Body)
		}
		other := bytes.Replace(body, []byte("500.05"), []byte("500.06"), 1)
		if r := postWith(t, a, "/api/v1/budget/push", other, signed(secret, now, "nonce-budget-good-003", other)); r.Status != 409 {
			t.Errorf("the batch with other rows: %d %s", r.Status, r.Body)
		}
		badPush := []byte(`{"batch":"2024-02","kind":"execution","rows":[{"year":2024,"month":13,"department":"住建局","function_code":"2120101","amount":"5"}]}`)
		if r := postWith(t, a, "/api/v1/budget/push", badPush, signed(secret, now, "nonce-budget-bad-0001", badPush)); r.Status != 422 {
			t.Errorf("a bad push: %d %s", r.Status, r.Body)
		}

		a.Call("GET", "/api/v1/budget/years", staff, nil).JSON(t, &years)
		if years.Total != 1 || years.Items[0]["budget_total"] != "1000.30" || years.Items[0]["executed_total"] != "500.05" || years.Items[0]["year"] != float64(2024) {
			t.Errorf("years: %+v", years)
		}
		var deps struct {
			Items []map[string]any `json:"items"`
		}
		a.Call("GET", "/api/v1/budget/2024/departments", a.Token("deputy"), nil).JSON(t, &deps)
		if len(deps.Items) != 2 || deps.Items[0]["organization"] != "常宁市住房和城乡建设局" || deps.Items[0]["budget"] != "1000.10" ||
			deps.Items[0]["executed"] != "500.05" || deps.Items[0]["rate"] != "50.00" {
			t.Errorf("departments: %+v", deps.Items)
		}
		rv := a.Call("POST", "/api/v1/budget/reviews", staff, map[string]any{"kind": "audit", "year": 2024, "title": "2024 年度审计工作报告", "received_on": "2025-08-20"})
		if rv.Status != 201 {
			t.Fatalf("review: %d %s", rv.Status, rv.Body)
		}
		id := rv.Map(t)["id"].(string)
		if r := a.Call("POST", "/api/v1/budget/reviews/"+id+"/actions/add_items", staff, map[string]any{"text": "水利局：资金闲置"}); r.Status != 200 {
			t.Fatalf("add_items: %d %s", r.Status, r.Body)
		}
		op := a.Call("POST", "/api/v1/budget/reviews/"+id+"/actions/opinion", staff, map[string]any{"text": "请整改", "date": "2025-08-31"})
		if op.Status != 200 || op.Map(t)["due"] != "2026-02-28" || op.Map(t)["state"] != "rectifying" {
			t.Errorf("opinion: %d %s", op.Status, op.Body)
		}
		if r := a.Call("POST", "/api/v1/budget/reviews/"+id+"/actions/rectify", a.Token("unit2"), map[string]any{"item": 1, "text": "已统筹使用"}); r.Status != 200 {
			t.Errorf("rectify by the department: %d %s", r.Status, r.Body)
		}
		qa := a.Call("POST", "/api/v1/budget/questions", a.Token("deputy"), map[string]any{"organization_id": fx.Unit2.ID, "year": 2024, "text": "防汛资金执行多少？"})
		if qa.Status != 201 {
			t.Fatalf("question: %d %s", qa.Status, qa.Body)
		}
		qid := qa.Map(t)["id"].(string)
		if r := a.Call("POST", "/api/v1/budget/questions/"+qid+"/actions/answer", a.Token("unit2"), map[string]any{"text": "已执行 76%"}); r.Status != 200 || r.Map(t)["status"] != "answered" {
			t.Errorf("answer: %d %s", r.Status, r.Body)
		}
		var ws struct {
			Items []map[string]any `json:"items"`
			Total int              `json:"total"`
		}
		if r := a.Call("GET", "/api/v1/budget/warnings?status=open", staff, nil); r.Status != 200 {
			t.Errorf("warnings: %d %s", r.Status, r.Body)
		} else {
			r.JSON(t, &ws)
		}
	})
}

// TestBudgetYearOnYearAPI: year on year and 三公经费 by department as
// decimal strings, with growth; adjustments pushed by the finance system
// (signed, by document), the plan that needs approval listed and approved
// by staff only, the transfer not listed for approval.
func TestBudgetYearOnYearAPI(t *testing.T) {
	apptest.Each(t, apptest.Options{}, func(t *testing.T, a *apptest.App) {
		ctx := context.Background()
		fx := storetest.Fixture(t, a.DB)
		staff := a.Token("staff")
		for _, f := range []string{
			"年度,预算类别,部门,功能分类编码,经济分类编码,金额（元）\n2023,一般公共预算,住建局,2010301,30217,1000.00\n2023,一般公共预算,住建局,2120101,,5000.00\n",
			"年度,预算类别,部门,功能分类编码,经济分类编码,金额（元）\n2024,一般公共预算,住建局,2010301,30217,1100.01\n2024,一般公共预算,住建局,2120101,,4000.00\n",
		} {
			if r := multipartPost(t, a, "/api/v1/budget/imports", staff, "budget", "b.csv", []byte(f)); r.Status != 201 {
				t.Fatalf("budget: %d %s", r.Status, r.Body)
			}
		}
		var c struct {
			PrevBudget bool             `json:"prev_budget_in"`
			Items      []map[string]any `json:"items"`
			Sum        map[string]any   `json:"sum"`
		}
		a.Call("GET", "/api/v1/budget/2024/compare", a.Token("deputy"), nil).JSON(t, &c)
		if !c.PrevBudget || len(c.Items) != 1 || c.Items[0]["budget"] != "5100.01" || c.Items[0]["prev_budget"] != "6000.00" || c.Items[0]["budget_growth"] != "-15.00" {
			t.Errorf("compare: %+v", c)
		}
		a.Call("GET", "/api/v1/budget/2024/sangong", staff, nil).JSON(t, &c)
		by, _ := c.Items[0]["by_economic_code"].(map[string]any)
		reception, _ := by["30217"].(map[string]any)
		if c.Items[0]["budget"] != "1100.01" || c.Items[0]["budget_growth"] != "10.00" || reception["budget"] != "1100.01" || reception["economic_name"] != "公务接待费" {
			t.Errorf("sangong: %+v", c.Items)
		}
		var ws struct{ Items []map[string]any }
		a.Call("GET", "/api/v1/budget/warnings", staff, nil).JSON(t, &ws)
		if len(ws.Items) != 1 || ws.Items[0]["rule"] != "sangong" {
			t.Errorf("warnings: %+v", ws.Items)
		}

		secret, err := a.DB.CreateIntegration(ctx, fx.Admin, &opinion.Integration{Kind: opinion.IntegrationFinance, Name: "财政预算一体化系统"})
		if err != nil {
			t.Fatal(err)
		}
		body := []byte(`{"batch":"adj-2024-1","kind":"adjustment","rows":[` +
			`{"year":2024,"document":"常财预〔2024〕18号","adjustment":"部门间调剂","fund":"一般公共预算","department":"住建局","amount":"-100.00"},` +
			`{"year":2024,"document":"常财预〔2024〕18号","adjustment":"部门间调剂","fund":"一般公共预算","department":"水利局","amount":"100.00"},` +
			`{"year":2024,"document":"常财预〔2024〕41号","adjustment":"增加举借债务","fund":"一般公共预算","department":"住建局","reason":"新增专项债券","amount":"900.00"}]}`)
		if r := postWith(t, a, "/api/v1/budget/push", body, signed(secret, time.Now(), "nonce-budget-adj-0001", body)); r.Status != 201 {
			t.Fatalf("push: %d %s", r.Status, r.Body)
		}
		bad := []byte(`{"batch":"adj-2024-2","kind":"adjustment","rows":[{"year":2024,"adjustment":"挪用","fund":"一般公共预算","amount":"1.00"}]}`)
		if r := postWith(t, a, "/api/v1/budget/push", bad, signed(secret, time.Now(), "nonce-budget-adj-0002", bad)); r.Status != 422 ||
			!bytes.Contains(r.Body, []byte("文号")) || !bytes.Contains(r.Body, []byte("调整事项")) {
			t.Errorf("a bad push: %d %s", r.Status, r.Body)
		}
		var docs struct {
			Items []map[string]any `json:"items"`
		}
		a.Call("GET", "/api/v1/budget/2024/adjustments", a.Token("deputy"), nil).JSON(t, &docs)
		if len(docs.Items) != 2 || docs.Items[0]["needs_approval"] != false || docs.Items[1]["needs_approval"] != true || docs.Items[1]["state"] != "pending" || docs.Items[1]["net"] != "900.00" {
			t.Fatalf("documents: %+v", docs.Items)
		}
		var pending struct {
			Items []map[string]any `json:"items"`
			Total int              `json:"total"`
		}
		a.Call("GET", "/api/v1/budget/adjustments?status=pending", staff, nil).JSON(t, &pending)
		if pending.Total != 1 || pending.Items[0]["document"] != "常财预〔2024〕41号" {
			t.Fatalf("pending: %+v", pending)
		}
		id := pending.Items[0]["id"].(string)
		if r := a.Call("GET", "/api/v1/budget/adjustments?status=lost", staff, nil); r.Status != 422 {
			t.Errorf("a bad status: %d", r.Status)
		}
		if r := a.Call("POST", "/api/v1/budget/adjustments/"+id+"/actions/approve", a.Token("unit"), map[string]any{"date": "2024-10-28", "text": "x"}); r.Status != 403 {
			t.Errorf("a unit approves: %d %s", r.Status, r.Body)
		}
		if r := a.Call("POST", "/api/v1/budget/adjustments/"+id+"/actions/approve", staff, map[string]any{"date": "2024-10-28"}); r.Status != 422 {
			t.Errorf("approve without the resolution: %d %s", r.Status, r.Body)
		}
		r := a.Call("POST", "/api/v1/budget/adjustments/"+id+"/actions/approve", staff, map[string]any{"date": "2024-10-28", "text": "批准"})
		if r.Status != 200 || r.Map(t)["state"] != "approved" {
			t.Errorf("approve: %d %s", r.Status, r.Body)
		}
		var lines struct {
			Sum   string `json:"sum"`
			Total int    `json:"total"`
		}
		a.Call("GET", "/api/v1/budget/2024/lines?kind=adjustment&document="+urlEscape("常财预〔2024〕41号"), staff, nil).JSON(t, &lines)
		if lines.Total != 1 || lines.Sum != "900.00" {
			t.Errorf("the document's lines: %+v", lines)
		}
	})
}
