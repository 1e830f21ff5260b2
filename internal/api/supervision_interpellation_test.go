package api_test

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/png"
	"mime/multipart"
	"net/url"
	"strings"
	"testing"
	"time"

	"renda"
	"renda/internal/apptest"
	"renda/internal/storetest"
)

func pngBytes(t *testing.T) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := png.Encode(&b, image.NewRGBA(image.Rect(0, 0, 24, 16))); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// TestSupervisionInterpellationAPI files a 质询案 through the API (too few
// signers refused as problem+json, nothing written), answers it and takes
// the signers' views on the pages (a signer's form has no choice of
// signer), and records an inspection's findings with photos through the
// API (a text file refused) and the page's multipart form; the item's
// detail lists the findings for staff only, the list keeps kind inquiry.
func TestSupervisionInterpellationAPI(t *testing.T) {
	apptest.Each(t, apptest.Options{Start: time.Date(2024, 9, 20, 10, 0, 0, 0, renda.CST)}, func(t *testing.T, a *apptest.App) {
		fx := storetest.Fixture(t, a.DB)
		ctx := context.Background()
		root := &renda.User{ID: "system", Username: "system", DisplayName: "测试", Role: renda.RoleAdmin}
		signers := []string{fx.Deputy1.ID, fx.Deputy2.ID}
		for i := 3; i <= 4; i++ {
			d := &renda.Deputy{Name: fmt.Sprintf("委员%02d", i), Gender: "男", Ethnicity: "汉族", Occupation: "委员", Sector: "党政干部",
				CongressID: fx.Congress.ID, TermID: fx.Term.ID, DelegationID: fx.Delegation.ID, RegionID: fx.Town1.ID}
			if err := a.DB.SaveDeputy(ctx, root, d); err != nil {
				t.Fatal(err)
			}
			signers = append(signers, d.ID)
		}
		staff := a.Token("staff")
		body := map[string]any{"title": "关于老旧小区改造工程质量问题的质询案", "org_id": fx.Unit1.ID, "question": "质量监管责任如何落实？", "signer_ids": signers[:2]}
		r := a.Call("POST", "/api/v1/supervision/interpellations", staff, body)
		if r.Status != 422 && r.Status != 400 || !strings.Contains(r.Header.Get("Content-Type"), "problem+json") || !strings.Contains(string(r.Body), "3 人以上") {
			t.Errorf("two signers: %d %s", r.Status, r.Body)
		}
		if l := a.Call("GET", "/api/v1/supervision/items?kind=inquiry", staff, nil); l.Map(t)["total"] != float64(0) {
			t.Errorf("a refused filing wrote: %s", l.Body)
		}
		body["signer_ids"] = signers[:3]
		r = a.Call("POST", "/api/v1/supervision/interpellations", staff, body)
		if r.Status != 201 {
			t.Fatalf("file: %d %s", r.Status, r.Body)
		}
		id, _ := r.Map(t)["id"].(string)
		if l := a.Call("GET", "/api/v1/supervision/items?kind=inquiry", staff, nil); !strings.Contains(string(l.Body), `"kind":"inquiry"`) || l.Map(t)["total"] != float64(1) {
			t.Errorf("list: %s", l.Body)
		}
		act := func(token, action string, in map[string]any) *apptest.Response {
			return a.Call("POST", "/api/v1/supervision/items/"+id+"/actions/"+action, token, in)
		}
		if r := act(staff, "hand_over", map[string]any{"mode": "letter"}); r.Status != 422 && r.Status != 400 {
			t.Errorf("a bad answer mode: %d", r.Status)
		}
		if r := act(staff, "hand_over", map[string]any{"mode": "written"}); r.Status != 200 || r.Map(t)["answer_due"] != "2024-10-16" {
			t.Fatalf("hand_over: %d %s", r.Status, r.Body)
		}
		if r := act(a.Token("unit2"), "answer_interpellation", map[string]any{"answer": "x"}); r.Status != 403 && r.Status != 404 {
			t.Errorf("another body's clerk answers: %d", r.Status)
		}
		if r := act(a.Token("unit"), "answer_interpellation", map[string]any{"answer": "已责成施工单位维修", "official": "局长"}); r.Status != 200 {
			t.Fatalf("answer: %d %s", r.Status, r.Body)
		}
		// On the page: the signer says what they think, without choosing a signer.
		b := a.Browser("deputy")
		page := "/supervision/" + id
		p := b.Get(page)
		if p.Status != 200 || !strings.Contains(string(p.Body), `id="interpellation"`) || !strings.Contains(string(p.Body), "/assess") ||
			strings.Contains(string(p.Body), `name="deputy_id"`) {
			t.Fatalf("signer's page: %d", p.Status)
		}
		if p := b.Post(page+"/assess", url.Values{"stance": {"dissatisfied"}, "reason": {"没有整改时限"}}); p.Status != 303 && p.Status != 200 {
			t.Fatalf("assess on the page: %d %s", p.Status, p.Body)
		}
		if p := b.Post(page+"/assess", url.Values{"stance": {"satisfied"}}); p.Status != 409 && p.Status != 403 {
			t.Errorf("a second view on the page: %d", p.Status)
		}
		if r := act(a.Token("deputy2"), "assess", map[string]any{"stance": "dissatisfied"}); r.Status != 200 || r.Map(t)["status"] != "awaiting_answer" || r.Map(t)["round"] != float64(2) {
			t.Fatalf("2 of 3 not satisfied: %d %s", r.Status, r.Body)
		}
		sp := a.Browser("staff").Get(page)
		if !strings.Contains(string(sp.Body), "第 2 次答复质询案") && !strings.Contains(string(sp.Body), "答复质询案") {
			t.Errorf("the staff page does not show the second deadline")
		}

		// Findings with photos through the API.
		r = a.Call("POST", "/api/v1/supervision/items", staff, map[string]any{"year": 2024, "kind": "inspection", "title": "安全生产执法检查", "org_id": fx.Unit2.ID})
		insp, _ := r.Map(t)["id"].(string)
		for _, x := range []string{"adopt", "publish", "investigate"} {
			if r := a.Call("POST", "/api/v1/supervision/items/"+insp+"/actions/"+x, staff, map[string]any{}); r.Status != 200 {
				t.Fatalf("%s: %d %s", x, r.Status, r.Body)
			}
		}
		fpath := "/api/v1/supervision/items/" + insp + "/actions/record_finding"
		if r := a.Call("POST", fpath, staff, map[string]any{"text": "台账不全", "files": []map[string]any{{"name": "a.txt", "content": []byte("hello")}}}); r.Status < 400 {
			t.Errorf("a text file as a photo: %d", r.Status)
		}
		if r := a.Call("POST", fpath, staff, map[string]any{"text": "边坡过陡", "topic": "安全隐患", "place": "某石料厂",
			"files": []map[string]any{{"name": "a.png", "content": pngBytes(t)}}}); r.Status != 200 {
			t.Fatalf("record_finding: %d %s", r.Status, r.Body)
		}
		// And on the page, a multipart form with a photo.
		var mb bytes.Buffer
		mw := multipart.NewWriter(&mb)
		_ = mw.WriteField("csrf", a.Browser("staff").CSRF())
		_ = mw.WriteField("text", "救援装备不足")
		fw, _ := mw.CreateFormFile("files", "b.png")
		_, _ = fw.Write(pngBytes(t))
		mw.Close()
		sb := a.Browser("staff")
		if p := sb.PostRaw("/supervision/"+insp+"/record_finding", mw.FormDataContentType(), &mb); p.Status != 303 && p.Status != 200 {
			t.Fatalf("record_finding on the page: %d %s", p.Status, p.Body)
		}
		d := a.Call("GET", "/api/v1/supervision/items/"+insp, staff, nil).Map(t)
		fs, _ := d["findings"].([]any)
		if len(fs) != 2 {
			t.Fatalf("findings in the detail: %v", d["findings"])
		}
		f0 := fs[0].(map[string]any)
		photos, _ := f0["photos"].([]any)
		if len(photos) != 1 {
			t.Fatalf("photos: %v", f0)
		}
		photo := "/supervision/findings/" + f0["id"].(string) + "/files/" + photos[0].(map[string]any)["id"].(string)
		if p := sb.Get(photo); p.Status != 200 || !strings.HasPrefix(p.Header.Get("Content-Type"), "image/") {
			t.Errorf("staff photo: %d", p.Status)
		}
		if p := a.Browser("deputy2").Get(photo); p.Status != 404 {
			t.Errorf("a deputy off the team gets the photo: %d", p.Status)
		}
		if pub := a.Call("GET", "/api/v1/supervision/items/"+insp, "", nil).Map(t); pub["findings"] != nil {
			t.Errorf("the public sees findings: %v", pub["findings"])
		}
		if r := a.Call("POST", "/api/v1/supervision/items/"+insp+"/actions/draft_report", staff, map[string]any{}); r.Status != 200 {
			t.Fatalf("draft_report: %d %s", r.Status, r.Body)
		}
		if d := a.Call("GET", "/api/v1/supervision/items/"+insp, staff, nil).Map(t); !strings.Contains(fmt.Sprint(d["report_draft"]), "一、安全隐患") {
			t.Errorf("draft: %v", d["report_draft"])
		}
		if p := sb.Get("/supervision/" + insp); !strings.Contains(string(p.Body), `id="findings"`) || !strings.Contains(string(p.Body), `id="report-draft"`) {
			t.Errorf("the item page lacks the findings or the draft")
		}
	})
}
