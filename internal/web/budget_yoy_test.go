package web_test

import (
	"net/url"
	"regexp"
	"strings"
	"testing"

	"renda/internal/apptest"
	"renda/internal/storetest"
)

// followFigures opens every linked figure of a page (amounts in 万元) and
// checks the lines it links to add up to it; it returns how many it followed.
func followFigures(t *testing.T, b *apptest.Browser, page string) int {
	t.Helper()
	p := b.Get(page)
	if p.Status != 200 {
		t.Fatalf("%s: %d", page, p.Status)
	}
	links := regexp.MustCompile(`<a (?:class="[^"]*" )?href="(/budget/lines\?[^"]+)">(-?[0-9.]+)</a>`).FindAllStringSubmatch(string(p.Body), -1)
	for _, l := range links {
		u := strings.ReplaceAll(l[1], "&amp;", "&")
		lp := b.Get(u)
		m := regexp.MustCompile(`<strong>(-?[0-9]+\.[0-9]{2})</strong>`).FindStringSubmatch(string(lp.Body))
		if lp.Status != 200 || m == nil {
			t.Fatalf("%s: %d", u, lp.Status)
		}
		sum, neg := m[1], false
		if strings.HasPrefix(sum, "-") {
			sum, neg = sum[1:], true
		}
		want := wanOf(sum)
		if neg && want != "0.00" {
			want = "-" + want
		}
		if want != l[2] {
			t.Errorf("%s: %s, its lines sum to %s (%s)", page, l[2], m[1], u)
		}
	}
	return len(links)
}

// TestBudgetYearOnYearPages: staff import two years with 三公经费 lines and
// a year's adjustments; the year-on-year and 三公经费 pages show each
// department against last year, every figure adding up to the lines it
// links to, the grown 三公经费 marked and warned; the adjustment plan needing
// approval is on the reviews page and is approved there; transfers are
// flagged on the year page; a review outside the supervision plan says so.
func TestBudgetYearOnYearPages(t *testing.T) {
	apptest.Each(t, apptest.Options{}, func(t *testing.T, a *apptest.App) {
		storetest.Fixture(t, a.DB)
		staff := a.Browser("staff")
		staff.Get("/budget/import")
		for _, f := range []struct {
			kind string
			rows [][]any
		}{
			{"budget", [][]any{
				{2023, "一般公共预算", "住建局", "2120101", "", "", "", "", "100000.00"},
				{2023, "一般公共预算", "住建局", "2010301", "", "30217", "公务接待费", "", "10000.00"},
				{2023, "一般公共预算", "水利局", "2010301", "", "30231", "公务用车运行维护费", "", "8000.00"},
			}},
			{"execution", [][]any{
				{2023, 3, "一般公共预算", "住建局", "2120101", "", "", "", "", "30000.00"},
				{2023, 3, "一般公共预算", "住建局", "2010301", "", "30217", "", "", "3000.00"},
			}},
			{"budget", [][]any{
				{2024, "一般公共预算", "住建局", "2120101", "", "", "", "", "90000.00"},
				{2024, "一般公共预算", "住建局", "2010301", "", "30217", "公务接待费", "", "9000.00"},
				{2024, "一般公共预算", "水利局", "2010301", "", "30231", "公务用车运行维护费", "", "8800.00"},
				{2024, "一般公共预算", "水利局", "2010301", "", "31013", "公务用车购置费", "", "200000.00"},
			}},
			{"execution", [][]any{
				{2024, 3, "一般公共预算", "住建局", "2120101", "", "", "", "", "25000.00"},
				{2024, 3, "一般公共预算", "水利局", "2010301", "", "31013", "", "", "200000.00"},
			}},
			{"adjustment", [][]any{
				{2024, "常财预〔2024〕18号", "部门间调剂", "一般公共预算", "住建局", "2120101", "", "", "", "", "防汛", "-5000.00"},
				{2024, "常财预〔2024〕18号", "部门间调剂", "一般公共预算", "水利局", "2130314", "", "", "", "", "防汛", "5000.00"},
				{2024, "常财预〔2024〕41号", "增加预算总支出", "一般公共预算", "住建局", "2120101", "", "", "", "老旧小区改造", "超出年初预算", "7000.00"},
			}},
		} {
			if r := budgetUpload(t, staff, f.kind, f.rows); r.Status != 303 {
				t.Fatalf("%s: %d %s", f.kind, r.Status, r.Body)
			}
		}
		cmp := staff.Get("/budget/compare?year=2024")
		if !strings.Contains(string(cmp.Body), "-10.00%") || !strings.Contains(string(cmp.Body), "执行（1—3 月）") {
			t.Errorf("year on year: no −10%% for 住建局's budget or no months: %s", cmp.Body)
		}
		if n := followFigures(t, staff, "/budget/compare?year=2024"); n < 12 {
			t.Errorf("year on year: %d linked figures", n)
		}
		sg := staff.Get("/budget/sangong?year=2024")
		if !strings.Contains(string(sg.Body), "↑") || !strings.Contains(string(sg.Body), "-10.00%") {
			t.Errorf("三公经费: 水利局's growth not marked or 住建局's cut not shown")
		}
		if n := followFigures(t, staff, "/budget/sangong?year=2024"); n < 20 {
			t.Errorf("三公经费: %d linked figures", n)
		}
		ws := staff.Get("/budget/warnings?rule=sangong")
		if !strings.Contains(string(ws.Body), "水利局") || strings.Contains(string(ws.Body), "住建局") || !strings.Contains(string(ws.Body), `data-total="2"`) {
			t.Errorf("三公经费 warnings: want 水利局's budget and spending only: %s", ws.Body)
		}
		year := staff.Get("/budget/2024")
		if !strings.Contains(string(year.Body), `class="flag-adjusted"`) || !strings.Contains(string(year.Body), "kind=adjustment") {
			t.Errorf("the year page does not flag adjustments")
		}
		followFigures(t, staff, "/budget/2024")
		adj := staff.Get("/budget/adjustments?year=2024")
		if !strings.Contains(string(adj.Body), "常财预〔2024〕18号") || !strings.Contains(string(adj.Body), "待审查批准") {
			t.Fatalf("adjustments: %s", adj.Body)
		}
		rv := staff.Get("/budget/reviews")
		id := regexp.MustCompile(`href="/budget/adjustments/([0-9a-z]+)"`).FindStringSubmatch(string(rv.Body))
		if id == nil {
			t.Fatalf("the plan awaiting approval is not on the reviews page: %s", rv.Body)
		}
		if p := a.Browser("deputy").Get("/budget/adjustments/" + id[1]); p.Status != 200 || strings.Contains(string(p.Body), "/approve") {
			t.Errorf("a deputy reads the plan (%d) and is offered no action", p.Status)
		}
		if r := a.Browser("unit").Post("/budget/adjustments/"+id[1]+"/approve", url.Values{"date": {"2024-10-28"}, "text": {"x"}}); r.Status != 403 {
			t.Errorf("a unit approves: %d", r.Status)
		}
		staff.Get("/budget/adjustments/" + id[1])
		if r := staff.Post("/budget/adjustments/"+id[1]+"/approve", url.Values{"date": {"2024-10-28"}}); r.Status != 422 || !strings.Contains(string(r.Body), "决议") {
			t.Errorf("approve without the resolution: %d", r.Status)
		}
		if r := staff.Post("/budget/adjustments/"+id[1]+"/approve", url.Values{"date": {"2024-10-28"}, "text": {"批准 2024 年预算调整方案"}}); r.Status != 303 {
			t.Fatalf("approve: %d %s", r.Status, r.Body)
		}
		if p := staff.Get("/budget/adjustments/" + id[1]); !strings.Contains(string(p.Body), "已批准") || !strings.Contains(string(p.Body), "批准 2024 年预算调整方案") {
			t.Errorf("the approved plan: %s", p.Body)
		}
		// A review outside the supervision plan.
		staff.Get("/budget/reviews")
		if r := staff.Post("/budget/reviews", url.Values{"kind": {"midyear"}, "year": {"2024"}, "title": {"2024 年上半年预算执行情况的报告"}, "received_on": {"2024-08-10"}}); r.Status != 303 {
			t.Fatalf("review: %d %s", r.Status, r.Body)
		}
		if p := staff.Get("/budget/reviews"); !strings.Contains(string(p.Body), "计划外") {
			t.Errorf("the review outside the plan is not marked")
		}
	})
}
