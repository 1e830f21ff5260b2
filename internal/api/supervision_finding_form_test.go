package api_test

import (
	"bytes"
	"mime/multipart"
	"strings"
	"testing"
	"time"

	"renda"
	"renda/internal/apptest"
	"renda/internal/storetest"
)

// TestFindingForMemberOnThePage: on an inspection's page staff record a
// finding on a team member's behalf, choosing among the team only; a
// choice off the team is refused on the page (422) with the form open,
// filled and saying why; a member's own form has no choice of member. The
// finding is on the member's duty record, linking to it.
func TestFindingForMemberOnThePage(t *testing.T) {
	apptest.Each(t, apptest.Options{Start: time.Date(2024, 7, 8, 10, 0, 0, 0, renda.CST)}, func(t *testing.T, a *apptest.App) {
		fx := storetest.Fixture(t, a.DB)
		staff := a.Token("staff")
		r := a.Call("POST", "/api/v1/supervision/items", staff, map[string]any{"year": 2024, "kind": "inspection", "title": "安全生产执法检查", "org_id": fx.Unit2.ID})
		id, _ := r.Map(t)["id"].(string)
		for _, x := range []struct {
			action string
			body   map[string]any
		}{{"adopt", nil}, {"investigate", nil}, {"appoint", map[string]any{"deputy_ids": []string{fx.Deputy1.ID}}}} {
			if r := a.Call("POST", "/api/v1/supervision/items/"+id+"/actions/"+x.action, staff, x.body); r.Status != 200 {
				t.Fatalf("%s: %d %s", x.action, r.Status, r.Body)
			}
		}
		page := "/supervision/" + id
		sb := a.Browser("staff")
		body := string(sb.Get(page).Body)
		form := body[strings.Index(body, `id="act-record_finding"`):]
		form = form[:strings.Index(form, "</details>")]
		if !strings.Contains(form, `name="deputy_id"`) || !strings.Contains(form, `name="with_ids"`) || !strings.Contains(form, `value="`+fx.Deputy1.ID+`"`) || strings.Contains(form, `value="`+fx.Deputy2.ID+`"`) {
			t.Errorf("staff's finding form does not offer the team only:\n%s", form)
		}
		own := string(a.Browser("deputy").Get(page).Body)
		if i := strings.Index(own, `id="act-record_finding"`); i < 0 || strings.Contains(own[i:i+strings.Index(own[i:], "</details>")], `name="deputy_id"`) {
			t.Errorf("the member's own finding form: found %v, or it offers a choice of member", i >= 0)
		}
		post := func(deputyID, text string) *apptest.Response {
			var mb bytes.Buffer
			mw := multipart.NewWriter(&mb)
			_ = mw.WriteField("csrf", sb.CSRF())
			_ = mw.WriteField("text", text)
			_ = mw.WriteField("deputy_id", deputyID)
			mw.Close()
			return sb.PostRaw(page+"/record_finding", mw.FormDataContentType(), &mb)
		}
		bad := post(fx.Deputy2.ID, "边坡过陡未分台阶")
		b := string(bad.Body)
		if bad.Status != 422 || !strings.Contains(b, "不是本事项检查组（调研组）的成员") || !strings.Contains(b, "边坡过陡未分台阶") ||
			!strings.Contains(b, `id="act-record_finding" open`) {
			t.Errorf("a finding for someone off the team: %d", bad.Status)
		}
		if ok := post(fx.Deputy1.ID, "边坡过陡未分台阶"); ok.Status != 303 {
			t.Fatalf("a finding for a member: %d %s", ok.Status, ok.Body)
		}
		var rec struct {
			Entries []struct {
				Kind   string `json:"kind"`
				Source struct {
					Entity string `json:"entity"`
					ID     string `json:"id"`
				} `json:"source"`
			} `json:"entries"`
		}
		a.Call("GET", "/api/v1/deputies/"+fx.Deputy1.ID+"/record?year=2024", staff, nil).JSON(t, &rec)
		found := 0
		for _, e := range rec.Entries {
			if e.Kind == "finding" && e.Source.Entity == "supervision_finding" && e.Source.ID != "" {
				found++
			}
		}
		if found != 1 {
			t.Errorf("the member's record has %d findings: %+v", found, rec.Entries)
		}
	})
}
