package web_test

import (
	"bytes"
	"fmt"
	"mime/multipart"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"renda/internal/apptest"
	"renda/internal/store"
	"renda/internal/storetest"
	"renda/internal/xlsx"
)

func budgetUpload(t *testing.T, b *apptest.Browser, kind string, rows [][]any) *apptest.Response {
	t.Helper()
	var book bytes.Buffer
	if err := xlsx.Write(&book, xlsx.Sheet{Name: "数据", Columns: store.BudgetColumns(kind), Rows: rows}); err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	_ = mw.WriteField("csrf", b.CSRF())
	_ = mw.WriteField("kind", kind)
	fw, _ := mw.CreateFormFile("file", "data.xlsx")
	fw.Write(book.Bytes())
	mw.Close()
	return b.PostRaw("/budget/import", mw.FormDataContentType(), &buf)
}

// TestBudgetWalk is issue 15's walk on pages: staff import the budget and a
// month's execution from Excel (a bad file first: every fault by row and
// column, nothing stored); a warning appears; staff query the department;
// its clerk answers; every figure links to lines that add up to it.
func TestBudgetWalk(t *testing.T) {
	apptest.Each(t, apptest.Options{}, func(t *testing.T, a *apptest.App) {
		storetest.Fixture(t, a.DB)
		staff := a.Browser("staff")
		staff.Get("/budget/import")
		// year, fund, department, function code, …, amount (budget has no month column)
		r := budgetUpload(t, staff, "budget", [][]any{
			{2024, "一般公共预算", "住建局", "2120101", "", "", "", "", "120000.00"},
			{2024, "一般公共预算", "水利局", "2130301", "", "", "", "", "bad"},
		})
		if r.Status != 422 || !strings.Contains(string(r.Body), "金额“bad”不是数字") || !strings.Contains(string(r.Body), `<td class="num">3</td>`) {
			t.Fatalf("bad file: %d %s", r.Status, r.Body)
		}
		if p := staff.Get("/budget"); !strings.Contains(string(p.Body), "尚未导入财政数据") {
			t.Errorf("a bad file stored something")
		}
		r = budgetUpload(t, staff, "budget", [][]any{
			{2024, "一般公共预算", "住建局", "2120101", "", "", "", "", "120000.00"},
			{2024, "一般公共预算", "水利局", "2130301", "", "", "", "", "120000.00"},
		})
		if r.Status != 303 {
			t.Fatalf("budget: %d %s", r.Status, r.Body)
		}
		staff.Get("/budget/import")
		r = budgetUpload(t, staff, "execution", [][]any{
			{2024, 6, "一般公共预算", "住建局", "2120101", "", "", "", "", "60000.00"},
			{2024, 6, "一般公共预算", "水利局", "2130301", "", "", "", "", "1000.00"},
		})
		if r.Status != 303 {
			t.Fatalf("execution: %d %s", r.Status, r.Body)
		}
		year := staff.Get("/budget/2024")
		if year.Status != 200 || !strings.Contains(string(year.Body), "50.00%") {
			t.Fatalf("year page: %d", year.Status)
		}
		// Every figure links to lines that add up to it (amounts in 万元 on the year page).
		links := regexp.MustCompile(`<a href="(/budget/lines\?[^"]+)">([0-9.]+)</a>`).FindAllStringSubmatch(string(year.Body), -1)
		if len(links) < 6 {
			t.Fatalf("%d linked figures", len(links))
		}
		for _, l := range links[:6] {
			u := strings.ReplaceAll(l[1], "&amp;", "&")
			p := staff.Get(u)
			m := regexp.MustCompile(`<strong>(-?[0-9]+\.[0-9]{2})</strong>`).FindStringSubmatch(string(p.Body))
			if p.Status != 200 || m == nil {
				t.Fatalf("%s: %d", u, p.Status)
			}
			if wan := wanOf(m[1]); wan != l[2] {
				t.Errorf("%s: figure %s, lines sum to %s (%s)", u, l[2], m[1], wan)
			}
		}
		if p := staff.Get("/budget/projects?year=2024"); p.Status != 200 {
			t.Errorf("projects: %d", p.Status)
		}
		ws := staff.Get("/budget/warnings?status=open")
		id := regexp.MustCompile(`href="/budget/warnings/([0-9a-z]+)"`).FindStringSubmatch(string(ws.Body))
		if id == nil || !strings.Contains(string(ws.Body), "执行偏慢") || !strings.Contains(string(ws.Body), "水利局") {
			t.Fatalf("no slow warning for 水利局: %s", ws.Body)
		}
		staff.Get("/budget/warnings/" + id[1])
		if r := staff.Post("/budget/warnings/"+id[1]+"/query", url.Values{"text": {"请说明支出缓慢的原因"}}); r.Status != 303 {
			t.Fatalf("query: %d %s", r.Status, r.Body)
		}
		clerk := a.Browser("unit2")
		page := clerk.Get("/budget/warnings/" + id[1])
		if page.Status != 200 || !strings.Contains(string(page.Body), "请说明支出缓慢的原因") {
			t.Fatalf("the clerk's page: %d", page.Status)
		}
		if r := clerk.Post("/budget/warnings/"+id[1]+"/answer", url.Values{"text": {"项目 7 月开工，支出将加快"}}); r.Status != 303 {
			t.Fatalf("answer: %d %s", r.Status, r.Body)
		}
		if p := a.Browser("unit").Get("/budget/warnings/" + id[1]); p.Status != 404 {
			t.Errorf("another department sees the warning: %d", p.Status)
		}
		done := staff.Get("/budget/warnings?status=answered")
		if !strings.Contains(string(done.Body), id[1]) {
			t.Errorf("the answered warning is not listed as answered")
		}
	})
}

// wanOf turns 元 with two decimals into 万元 with two decimals, rounded half up.
func wanOf(yuan string) string {
	fen, _ := strconv.ParseInt(strings.Replace(yuan, ".", "", 1), 10, 64)
	y := (fen + 50) / 100
	c := (y + 50) / 100
	return fmt.Sprintf("%d.%02d", c/100, c%100)
}
