package web_test

import (
	"bytes"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"renda"
	"renda/internal/apptest"
	"renda/internal/storetest"
)

var idInPath = regexp.MustCompile(`/suggestions/([0-9a-z]{26})`)

func mustStatus(t *testing.T, what string, r *apptest.Response, want int) *apptest.Response {
	t.Helper()
	if r.Status != want {
		t.Fatalf("%s: %d, want %d: %.600s", what, r.Status, want, r.Body)
	}
	return r
}

// TestSuggestionPagesWholePath walks one suggestion through every role on
// the pages, as a browser without JavaScript would.
func TestSuggestionPagesWholePath(t *testing.T) {
	apptest.Each(t, apptest.Options{Start: time.Date(2024, 1, 10, 9, 0, 0, 0, renda.CST)}, func(t *testing.T, a *apptest.App) {
		f := storetest.Fixture(t, a.DB)
		deputy, deputy2, staff, unit := a.Browser("deputy"), a.Browser("deputy2"), a.Browser("staff"), a.Browser("unit")
		mustStatus(t, "new form", deputy.Get("/suggestions/new"), 200)
		// A bad draft re-renders the form with the field's message.
		r := mustStatus(t, "bad draft", deputy.Post("/suggestions", url.Values{"kind": {"suggestion"}, "title": {""}, "body": {"内容"}}), 422)
		if !strings.Contains(string(r.Body), "请填写案由（标题）") {
			t.Errorf("bad draft page lacks the field error")
		}
		r = mustStatus(t, "draft", deputy.Post("/suggestions", url.Values{"kind": {"suggestion"}, "title": {"关于加快城区背街小巷改造的建议"},
			"body": {"背街小巷路面破损。"}, "category": {"城乡建设"}, "cosigners": {f.Deputy2.ID}}), 303)
		m := idInPath.FindStringSubmatch(r.Header.Get("Location"))
		if m == nil {
			t.Fatalf("redirect to %q", r.Header.Get("Location"))
		}
		id := m[1]
		page := "/suggestions/" + id
		act := func(b *apptest.Browser, action string, form url.Values) {
			t.Helper()
			b.Get(page)
			mustStatus(t, action, b.Post(page+"/actions/"+action, form), 303)
		}
		act(deputy2, "cosign", nil)
		act(deputy, "submit", nil)
		act(staff, "register", url.Values{"category": {"城乡建设"}})
		act(staff, "assign", url.Values{"lead_unit_id": {f.Unit1.ID}, "co_unit_ids": {f.Unit2.ID}, "co_role": {"assist"}})
		// Reply before contact: the page says why, with 409.
		unit.Get(page)
		r = mustStatus(t, "reply before contact", unit.Post(page+"/actions/reply", url.Values{"category": {"A"}, "text": {"已解决"}}), 409)
		if !strings.Contains(string(r.Body), "答复前须先与领衔代表沟通") {
			t.Errorf("409 page does not say why")
		}
		act(unit, "contact", url.Values{"method": {"phone"}, "note": {"电话沟通"}})
		act(unit, "reply", url.Values{"category": {"B"}, "text": {"已列入年度计划"}})
		act(deputy, "feedback", url.Values{"rating": {"unsatisfied"}, "comment": {"没有完成时间"}})
		act(unit, "contact", url.Values{"method": {"visit"}, "note": {"上门走访"}})
		act(unit, "reply", url.Values{"category": {"A"}, "text": {"已于4月完工"}})
		act(deputy, "feedback", url.Values{"rating": {"satisfied"}, "consent": {"on"}})
		act(staff, "close", nil)
		act(staff, "publish", url.Values{"public_text": {"已于4月完工"}})
		pub := mustStatus(t, "public reply", a.Browser("").Get("/replies/"+id), 200)
		if !strings.Contains(string(pub.Body), "已于4月完工") {
			t.Errorf("public page lacks the reply")
		}
		body := string(mustStatus(t, "page", deputy.Get(page), 200).Body)
		for _, step := range []string{"提交", "登记编号", "交办", "与代表沟通", "答复", "代表反馈", "办结", "公开答复"} {
			if !strings.Contains(body, `<span class="tl-action">`+step+`</span>`) {
				t.Errorf("history lacks %s", step)
			}
		}
		for _, p := range []string{"/suggestions", "/suggestions?view=done", "/suggestions/stats", "/suggestions/summary", page + "/letter"} {
			mustStatus(t, p, staff.Get(p), 200)
		}
		mustStatus(t, "letter for the deputy", deputy.Get(page+"/letter"), 403)
		mustStatus(t, "home", staff.Get("/"), 200)
		mustStatus(t, "public list", a.Browser("").Get("/replies"), 200)
	})
}

// TestUnitSeesOnlyItsOwnOnEveryRoute checks every page route that shows
// items, as a unit, against another unit's item.
func TestUnitSeesOnlyItsOwnOnEveryRoute(t *testing.T) {
	apptest.Each(t, apptest.Options{Start: time.Date(2024, 1, 10, 9, 0, 0, 0, renda.CST)}, func(t *testing.T, a *apptest.App) {
		f := storetest.Fixture(t, a.DB)
		deputyTok, staffTok := a.Token("deputy"), a.Token("staff")
		mk := func(title, lead string) string {
			r := a.Call("POST", "/api/v1/suggestions", deputyTok, map[string]any{"kind": "suggestion", "title": title, "body": "内容"})
			id := r.Map(t)["id"].(string)
			for _, s := range []struct {
				tok, action string
				body        any
			}{{deputyTok, "submit", nil}, {staffTok, "register", map[string]any{"category": "水利"}}, {staffTok, "assign", map[string]any{"lead_unit_id": lead}}} {
				mustStatus(t, s.action, a.Call("POST", "/api/v1/suggestions/"+id+"/actions/"+s.action, s.tok, s.body), 200)
			}
			return id
		}
		mine := mk("关于住建局自己的事项的建议", f.Unit1.ID)
		theirs := mk("关于水利局秘密事项的建议", f.Unit2.ID)
		// A file on the other unit's item (a supervision note with a document).
		sup := a.Call("POST", "/api/v1/suggestions/"+theirs+"/actions/supervise", staffTok, map[string]any{"text": "督办", "files": []map[string]any{{"name": "督办记录.txt", "content": []byte("水利局秘密事项的督办记录")}}})
		mustStatus(t, "supervise with a file", sup, 200)
		var withFile struct {
			Records []struct {
				AttachmentID string `json:"attachment_id"`
			}
		}
		sup.JSON(t, &withFile)
		fileID := withFile.Records[len(withFile.Records)-1].AttachmentID
		if fileID == "" {
			t.Fatal("no attachment recorded")
		}
		mustStatus(t, "unit 2 gets its file", a.Browser("unit2").Get("/suggestions/"+theirs+"/files/"+fileID), 200)
		unit := a.Browser("unit")
		secret := "水利局秘密事项"
		for _, p := range []string{"/suggestions", "/suggestions?view=all", "/suggestions?view=all&q=" + url.QueryEscape("秘密"), "/suggestions?view=overdue",
			"/suggestions?view=all&unit=" + f.Unit2.ID, "/suggestions/summary", "/suggestions/summary?year=2024", "/suggestions/stats", "/"} {
			r := mustStatus(t, p, unit.Get(p), 200)
			if strings.Contains(string(r.Body), secret) || strings.Contains(string(r.Body), "常宁市水利局") && p == "/suggestions/stats" {
				t.Errorf("%s shows the other unit's item", p)
			}
		}
		if r := unit.Get("/suggestions/?view=all"); strings.Contains(string(r.Body), secret) {
			t.Errorf("list shows it")
		}
		for _, p := range []string{"/suggestions/" + theirs, "/suggestions/" + theirs + "/letter", "/suggestions/" + theirs + "/files/" + fileID, "/suggestions/" + mine + "/files/" + fileID} {
			mustStatus(t, p, unit.Get(p), 404)
		}
		unit.Get("/suggestions/" + mine)
		mustStatus(t, "action on theirs", unit.Post("/suggestions/"+theirs+"/actions/contact", url.Values{"method": {"phone"}}), 404)
		mustStatus(t, "own item", unit.Get("/suggestions/"+mine), 200)
		x := mustStatus(t, "export", unit.Get("/suggestions/export.xlsx?year=2024"), 200)
		wb, err := excelize.OpenReader(bytes.NewReader(x.Body))
		if err != nil {
			t.Fatal(err)
		}
		found := false
		for _, sh := range wb.GetSheetList() {
			rows, _ := wb.GetRows(sh)
			for _, row := range rows {
				for _, c := range row {
					if strings.Contains(c, secret) || strings.Contains(c, "常宁市水利局") {
						t.Errorf("export sheet %s shows %q", sh, c)
					}
					if strings.Contains(c, "住建局自己的事项") {
						found = true
					}
				}
			}
		}
		if !found {
			t.Error("the unit's own item is not in its export")
		}
		// Deputies: export and statistics are not theirs.
		d := a.Browser("deputy")
		for _, p := range []string{"/suggestions/export.xlsx", "/suggestions/stats", "/suggestions/summary"} {
			if r := d.Get(p); r.Status != http.StatusForbidden {
				t.Errorf("deputy %s: %d", p, r.Status)
			}
		}
	})
}
