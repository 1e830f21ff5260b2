package api_test

import (
	"context"
	"regexp"
	"strings"
	"testing"

	"renda"
	"renda/internal/apptest"
	"renda/internal/store"
	"renda/station"
)

type reportJSON struct {
	ID        string `json:"id"`
	DeputyID  string `json:"deputy_id"`
	Title     string `json:"title"`
	State     string `json:"state"`
	VoteID    string `json:"vote_id"`
	Ballots   int    `json:"ballots"`
	Satisfied int    `json:"satisfied"`
}

// TestDutyReportAPI walks a report to voters through the API on both
// databases: a deputy sees their own and the published ones only, cannot act
// on another deputy's report, submits their own; staff open the rating; a
// voter rates once with an SMS code, no account; the deputy's public page
// shows the report only once published.
func TestDutyReportAPI(t *testing.T) {
	apptest.Each(t, apptest.Options{Demo: true, PageCache: -1}, func(t *testing.T, a *apptest.App) {
		ctx := context.Background()
		dep1, dep2 := a.World.Deputy1.DeputyID, a.World.Deputy2.DeputyID
		if r := a.Call("GET", "/api/v1/duty_reports", "", nil); r.Status != 401 {
			t.Errorf("anonymous list: %d", r.Status)
		}
		var list struct {
			Items []reportJSON `json:"items"`
			Total int          `json:"total"`
		}
		a.Call("GET", "/api/v1/duty_reports?limit=100", a.Token("staff"), nil).JSON(t, &list)
		var draft reportJSON
		for _, r := range list.Items {
			if r.DeputyID == dep1 && r.State == "draft" {
				draft = r
			}
		}
		if draft.ID == "" {
			t.Fatalf("no draft of the demo deputy: %+v", list.Items)
		}
		a.Call("GET", "/api/v1/duty_reports?limit=100", a.Token("deputy2"), nil).JSON(t, &list)
		for _, r := range list.Items {
			if r.DeputyID != dep2 && r.State != "published" {
				t.Errorf("deputy2 sees another deputy's %s report", r.State)
			}
		}
		// Another deputy cannot act on the report: not even see the draft.
		if r := a.Call("POST", "/api/v1/duty_reports/"+draft.ID+"/actions/submit", a.Token("deputy2"), map[string]any{}); r.Status != 404 {
			t.Errorf("deputy2 submits deputy1's draft: %d %s", r.Status, r.Body)
		}
		if r := a.Call("POST", "/api/v1/duty_reports/"+draft.ID+"/actions/edit", a.Token("deputy2"), map[string]any{"title": "x", "body": "y"}); r.Status != 404 {
			t.Errorf("deputy2 edits deputy1's draft: %d %s", r.Status, r.Body)
		}
		if r := a.Call("POST", "/api/v1/deputies/"+dep1+"/duty_reports", a.Token("deputy2"), map[string]any{}); r.Status != 403 {
			t.Errorf("deputy2 drafts deputy1's report: %d %s", r.Status, r.Body)
		}
		var rep reportJSON
		a.Call("POST", "/api/v1/duty_reports/"+draft.ID+"/actions/submit", a.Token("deputy"), map[string]any{}).JSON(t, &rep)
		if rep.State != "submitted" {
			t.Fatalf("submit: %+v", rep)
		}
		if r := a.Call("POST", "/api/v1/duty_reports/"+draft.ID+"/actions/open_rating", a.Token("deputy"), map[string]any{}); r.Status != 403 {
			t.Errorf("the deputy opens their own rating: %d", r.Status)
		}
		sts, _, err := a.DB.Stations(ctx, station.Filter{ActiveOnly: true})
		if err != nil || len(sts) == 0 {
			t.Fatal("no station", err)
		}
		day := renda.DateOf(a.DB.Clock().Now()).String()
		a.Call("POST", "/api/v1/duty_reports/"+draft.ID+"/actions/open_rating", a.Token("staff"),
			map[string]any{"station": sts[0].ID, "day": day, "audience": 55}).JSON(t, &rep)
		if rep.State != "rating" || rep.VoteID == "" {
			t.Fatalf("open_rating: %+v", rep)
		}
		// A voter rates, no token: a code by SMS, then the rating, once.
		phone := "13911112222"
		if r := a.Call("POST", "/api/v1/votes/"+rep.VoteID+"/voter_codes", "", map[string]any{"phone": "123"}); r.Status != 422 {
			t.Errorf("a bad phone: %d", r.Status)
		}
		if r := a.Call("POST", "/api/v1/votes/"+rep.VoteID+"/voter_codes", "", map[string]any{"phone": phone}); r.Status != 204 {
			t.Fatalf("code: %d %s", r.Status, r.Body)
		}
		ms, _, err := a.DB.Outbox(ctx, store.OutboxFilter{Channel: "sms", Limit: 20})
		if err != nil {
			t.Fatal(err)
		}
		code := ""
		for _, m := range ms {
			if g := regexp.MustCompile(`验证码是 (\d{6})`).FindStringSubmatch(m.Body); g != nil && code == "" {
				code = g[1]
			}
		}
		body := map[string]any{"phone": phone, "code": code, "choices": map[string]string{draft.ID: "satisfied"}}
		if r := a.Call("POST", "/api/v1/votes/"+rep.VoteID+"/voter_ballots", "", body); r.Status != 201 {
			t.Fatalf("rate: %d %s", r.Status, r.Body)
		}
		if r := a.Call("POST", "/api/v1/votes/"+rep.VoteID+"/voter_ballots", "", body); r.Status != 409 {
			t.Errorf("rated twice: %d %s", r.Status, r.Body)
		}
		a.Call("POST", "/api/v1/duty_reports/"+draft.ID+"/actions/close_rating", a.Token("staff"), map[string]any{}).JSON(t, &rep)
		if rep.State != "rated" || rep.Ballots != 1 || rep.Satisfied != 1 {
			t.Fatalf("close_rating: %+v", rep)
		}
		d, err := a.DB.Deputy(ctx, a.World.Staff, dep1)
		if err != nil {
			t.Fatal(err)
		}
		if page := a.Browser("").Get("/d/" + d.Code); strings.Contains(string(page.Body), rep.Title) {
			t.Error("the public page shows a report not yet published")
		}
		a.Call("POST", "/api/v1/duty_reports/"+draft.ID+"/actions/publish", a.Token("staff"), map[string]any{}).JSON(t, &rep)
		if rep.State != "published" {
			t.Fatalf("publish: %+v", rep)
		}
		if page := a.Browser("").Get("/d/" + d.Code); !strings.Contains(string(page.Body), rep.Title) {
			t.Errorf("the public page does not show the published report: %d", page.Status)
		}
	})
}
