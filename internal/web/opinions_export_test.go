package web_test

import (
	"bytes"
	"context"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"renda"
	"renda/internal/apptest"
	"renda/internal/store"
	"renda/internal/web"
	"renda/opinion"
)

// The opinions' export is streamed page by page into the sheet: every
// opinion of the list as filtered once, in the list's order, and the audit
// log records how many; an export larger than the limit is refused with
// what to do, and nothing is recorded.
func TestOpinionExportHasEveryOpinion(t *testing.T) {
	a := apptest.New(t, apptest.Options{Dialect: store.SQLite, Demo: true})
	defer web.SetOpinionExportPage(7)()
	ctx := context.Background()
	staff := a.World.Staff
	var list []*opinion.Opinion
	total := 0
	for {
		page, n, err := a.DB.Opinions(ctx, staff, opinion.Filter{Limit: 50, Offset: len(list)})
		if err != nil {
			t.Fatal(err)
		}
		list, total = append(list, page...), n
		if len(page) == 0 || len(list) >= total {
			break
		}
	}
	if total != len(list) || total <= 7 {
		t.Fatalf("the staff's opinions: %d of %d", len(list), total)
	}
	r := a.Browser("staff").Get("/opinions/export.xlsx")
	if r.Status != 200 {
		t.Fatalf("export: %d", r.Status)
	}
	x, err := excelize.OpenReader(bytes.NewReader(r.Body))
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	rows, err := x.GetRows("群众意见")
	if err != nil {
		t.Fatal(err)
	}
	data := rows[2:] // below the title and the header
	if len(data) != total {
		t.Fatalf("%d rows exported, the list has %d", len(data), total)
	}
	for i, o := range list {
		if data[i][5] != o.Content {
			t.Fatalf("row %d: %q, the list's item %d is %q", i+1, data[i][5], i+1, o.Content)
		}
	}
	log, _, err := a.DB.AuditLog(ctx, a.World.Admin, renda.AuditFilter{Entity: "export", Limit: 10})
	if err != nil {
		t.Fatal(err)
	}
	want := "群众意见 " + strconv.Itoa(total) + " 条"
	if len(log) == 0 || !strings.HasPrefix(log[0].Note, want) {
		t.Errorf("audit of the export: %+v, want %q", log, want)
	}

	// The list's export link keeps its filter, and the export holds that list.
	b := a.Browser("staff")
	page := string(b.Get("/opinions?state=open").Body)
	if !strings.Contains(page, `href="/opinions/export.xlsx?state=open"`) {
		t.Error("the open items' list does not export the open items")
	}
	_, open, err := a.DB.Opinions(ctx, staff, opinion.Filter{State: "open", Limit: 1})
	if err != nil || open == 0 || open == total {
		t.Fatalf("open items: %d of %d, %v", open, total, err)
	}
	r = b.Get("/opinions/export.xlsx?state=open")
	y, err := excelize.OpenReader(bytes.NewReader(r.Body))
	if err != nil {
		t.Fatal(err)
	}
	defer y.Close()
	if rows, _ := y.GetRows("群众意见"); len(rows)-2 != open {
		t.Errorf("the open items' export has %d rows, the list %d", len(rows)-2, open)
	}

	defer web.SetOpinionExportMax(open - 1)()
	r = b.Get("/opinions/export.xlsx?state=open")
	if r.Status < 400 || !strings.Contains(string(r.Body), "一次最多导出") {
		t.Errorf("an export over the limit: %d %.300s", r.Status, r.Body)
	}
	after, _, err := a.DB.AuditLog(ctx, a.World.Admin, renda.AuditFilter{Entity: "export", Limit: 10})
	if err != nil || len(after) != 2 {
		t.Errorf("exports recorded: %d, want the two done (%v)", len(after), err)
	}
}
