package web_test

import (
	"context"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"renda"
	"renda/dutyreport"
	"renda/internal/apptest"
	"renda/internal/store"
	"renda/station"
)

// TestDutyReportPages walks a report to voters through the pages: the
// deputy submits the draft made from their record, another deputy cannot
// open it, staff present it and open the rating, a voter on a phone rates
// it by QR with an SMS code (once), staff close and publish it, and the
// deputy's public page shows it.
func TestDutyReportPages(t *testing.T) {
	a := apptest.New(t, apptest.Options{Dialect: store.SQLite, Demo: true, PageCache: -1})
	ctx := context.Background()
	dep := a.World.Deputy1.DeputyID
	list, _, err := a.DB.DutyReports(ctx, a.World.Staff, dutyreport.Filter{DeputyID: dep})
	if err != nil || len(list) == 0 {
		t.Fatalf("no report of the demo deputy: %v", err)
	}
	rep := list[0]
	deputy := a.Browser("deputy")
	if r := deputy.Get("/duty_reports/" + rep.ID); r.Status != 200 || !strings.Contains(string(r.Body), "各位选民代表") {
		t.Fatalf("the deputy's draft: %d", r.Status)
	}
	if r := a.Browser("deputy2").Get("/duty_reports/" + rep.ID); r.Status != 404 {
		t.Errorf("another deputy opens the draft: %d", r.Status)
	}
	if r := deputy.Post("/duty_reports/"+rep.ID+"/submit", url.Values{}); r.Status != 422 {
		t.Errorf("submit without confirming: %d", r.Status)
	}
	if r := deputy.Post("/duty_reports/"+rep.ID+"/submit", url.Values{"confirm": {"1"}}); r.Status != 303 {
		t.Fatalf("submit: %d %s", r.Status, r.Body)
	}
	sts, _, _ := a.DB.Stations(ctx, station.Filter{ActiveOnly: true})
	staff := a.Browser("staff")
	staff.Get("/duty_reports/" + rep.ID)
	if r := staff.Post("/duty_reports/"+rep.ID+"/open_rating", url.Values{"station": {sts[0].ID}, "day": {renda.DateOf(a.DB.Clock().Now()).String()}, "audience": {"3"}}); r.Status != 422 || !strings.Contains(string(r.Body), "不少于") {
		t.Errorf("too few voters' representatives: %d", r.Status)
	}
	if r := staff.Post("/duty_reports/"+rep.ID+"/open_rating", url.Values{"station": {sts[0].ID}, "day": {renda.DateOf(a.DB.Clock().Now()).String()}, "audience": {"60"}}); r.Status != 303 {
		t.Fatalf("open_rating: %d %s", r.Status, r.Body)
	}
	rep, err = a.DB.DutyReport(ctx, a.World.Staff, rep.ID)
	if err != nil || rep.VoteID == "" {
		t.Fatal(err)
	}
	if r := staff.Get("/duty_reports/" + rep.ID); !strings.Contains(string(r.Body), "/rate/"+rep.VoteID+"/qr.svg") {
		t.Error("no QR code on the report while it is rated")
	}
	// A voter on a phone, no account.
	voter := a.Browser("")
	if r := voter.Get("/rate/" + rep.VoteID); r.Status != 200 {
		t.Fatalf("rating page: %d", r.Status)
	}
	if r := voter.Post("/rate/"+rep.VoteID+"/code", url.Values{"phone": {"13955556666"}}); r.Status != 200 || !strings.Contains(string(r.Body), "验证码已发送") {
		t.Fatalf("code: %d %s", r.Status, r.Body)
	}
	ms, _, _ := a.DB.Outbox(ctx, store.OutboxFilter{Channel: "sms", Limit: 20})
	code := ""
	for _, m := range ms {
		if g := regexp.MustCompile(`验证码是 (\d{6})`).FindStringSubmatch(m.Body); g != nil && code == "" {
			code = g[1]
		}
	}
	form := url.Values{"phone": {"13955556666"}, "code": {code}, "c_" + rep.ID: {"basic"}}
	if r := voter.Post("/rate/"+rep.VoteID, form); r.Status != 303 {
		t.Fatalf("rate: %d %s", r.Status, r.Body)
	}
	if r := voter.Post("/rate/"+rep.VoteID, form); r.Status != 409 {
		t.Errorf("rated twice: %d", r.Status)
	}
	if r := staff.Post("/duty_reports/"+rep.ID+"/close_rating", url.Values{"confirm": {"1"}}); r.Status != 303 {
		t.Fatalf("close: %d %s", r.Status, r.Body)
	}
	d, _ := a.DB.Deputy(ctx, a.World.Staff, dep)
	if r := voter.Get("/d/" + d.Code); strings.Contains(string(r.Body), rep.Title) {
		t.Error("the public page shows the report before it is published")
	}
	if r := staff.Post("/duty_reports/"+rep.ID+"/publish", url.Values{"confirm": {"1"}}); r.Status != 303 {
		t.Fatalf("publish: %d %s", r.Status, r.Body)
	}
	if r := voter.Get("/d/" + d.Code); !strings.Contains(string(r.Body), rep.Title) || !strings.Contains(string(r.Body), "基本满意 1") {
		t.Error("the public page does not show the published report and its rating")
	}
}
