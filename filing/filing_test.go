package filing_test

import (
	"testing"
	"time"

	"renda"
	"renda/filing"
)

var cal = renda.NewCalendar(renda.ChinaHolidays())

func env(day renda.Date, rel ...string) *renda.Env {
	return &renda.Env{Now: day.Start().Add(10 * time.Hour), Actor: &renda.User{ID: "u1", Role: renda.RoleStaff, OrgID: "org1"},
		Rel: rel, Settings: renda.NewSettings(nil), Calendar: cal,
		Facts: &filing.Facts{Filer: &renda.Ref{ID: "org1", Name: "常宁市人民政府办公室"}}}
}

func fileOn(t *testing.T, published, filed renda.Date) *filing.Filing {
	t.Helper()
	in := renda.NewInput().Set("title", "关于印发《城区停车管理办法》的通知").Set("number", "常政办发〔2026〕9号").
		SetDate("published_on", published).Set("text", "第一条 为了加强停车管理，制定本办法。")
	f, _, err := filing.Flow.Apply(&filing.Filing{ID: "f1"}, "file", in, env(filed, "filer"))
	if err != nil {
		t.Fatal(err)
	}
	return f
}

// TestFilingPeriodBoundary: 30 days from publication, counted in calendar
// days even when the last day is a holiday: filed on the 30th day it is on
// time, on the 31st it is late.
func TestFilingPeriodBoundary(t *testing.T) {
	pub := renda.NewDate(2026, 9, 1)
	onTime := fileOn(t, pub, renda.NewDate(2026, 10, 1)) // 国庆节, the 30th day
	if onTime.Late || onTime.FilingDue != renda.NewDate(2026, 10, 1) {
		t.Errorf("filed on the 30th day: late %v, due %s; want on time, due 2026-10-01", onTime.Late, onTime.FilingDue)
	}
	late := fileOn(t, pub, renda.NewDate(2026, 10, 2))
	if !late.Late {
		t.Error("filed on the 31st day: not flagged late")
	}
}

// TestRegistryAndResubmitPeriodsAcrossHoliday: the registry check's 5
// working days and the resubmission's 10 skip 国庆节 and count the make-up
// Saturday (2026-10-10).
func TestRegistryAndResubmitPeriodsAcrossHoliday(t *testing.T) {
	day := renda.NewDate(2026, 9, 30)
	f := fileOn(t, renda.NewDate(2026, 9, 20), day)
	if want := renda.NewDate(2026, 10, 13); f.Due != want {
		t.Errorf("registry check due %s, want %s", f.Due, want)
	}
	back, _, err := filing.Flow.Apply(f, "return", renda.NewInput().Set("text", "缺少起草说明"), env(day, "staff"))
	if err != nil {
		t.Fatal(err)
	}
	if want := renda.NewDate(2026, 10, 20); back.Due != want {
		t.Errorf("resubmission due %s, want %s", back.Due, want)
	}
	// One working day earlier the period would end on the holiday's eve.
	if d := cal.Due(renda.NewDate(2026, 9, 30), renda.Period{N: 1, Unit: renda.UnitWorkingDays}); d != renda.NewDate(2026, 10, 8) {
		t.Errorf("1 working day after 2026-09-30 = %s, want 2026-10-08", d)
	}
}

// TestReviewPath: the checklist gates the conclusions, the opinion gives
// the filer two months, and an illegal action changes nothing.
func TestReviewPath(t *testing.T) {
	day := renda.NewDate(2026, 9, 30)
	f := fileOn(t, renda.NewDate(2026, 9, 20), day)
	step := func(f *filing.Filing, action string, in *renda.Input, rel ...string) (*filing.Filing, error) {
		next, _, err := filing.Flow.Apply(f, action, in, env(day, rel...))
		return next, err
	}
	if _, err := step(f, "pass", renda.NewInput(), "staff"); renda.ErrorCode(err) != renda.ECONFLICT {
		t.Fatalf("pass before registration: %v, want ECONFLICT", err)
	}
	if f.State != filing.Filed {
		t.Fatalf("a refused action changed the state to %s", f.State)
	}
	f, err := step(f, "register", renda.NewInput(), "staff")
	if err != nil {
		t.Fatal(err)
	}
	if want := renda.NewDate(2026, 10, 30); f.Due != want {
		t.Errorf("review due %s, want %s (30 days)", f.Due, want)
	}
	f, err = step(f, "assign", renda.NewInput().SetRef("reviewer_id", renda.Ref{ID: "u1", Name: "审查员"}), "staff")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := step(f, "find_issue", renda.NewInput().Set("text", "x"), "reviewer"); renda.ErrorCode(err) != renda.ECONFLICT {
		t.Errorf("find_issue without a faulty point: %v, want ECONFLICT", err)
	}
	in := renda.NewInput()
	for _, c := range filing.Checklist {
		in.Set(c.Key, filing.CheckOK)
	}
	in.Set("conflict", filing.CheckIssue)
	if f, err = step(f, "check", in, "reviewer"); err != nil {
		t.Fatal(err)
	}
	if _, err := step(f, "pass", renda.NewInput(), "reviewer"); renda.ErrorCode(err) != renda.ECONFLICT {
		t.Errorf("pass with a faulty point: %v, want ECONFLICT", err)
	}
	if f, err = step(f, "find_issue", renda.NewInput().Set("text", "设定罚款超出上位法规定"), "reviewer"); err != nil {
		t.Fatal(err)
	}
	if _, err := step(f, "send_opinion", renda.NewInput().Set("text", "请修改"), "reviewer"); renda.ErrorCode(err) != renda.EFORBIDDEN {
		t.Errorf("reviewer sends the opinion: %v, want EFORBIDDEN (the committee's staff send it)", err)
	}
	if f, err = step(f, "send_opinion", renda.NewInput().Set("text", "请修改第五条"), "staff"); err != nil {
		t.Fatal(err)
	}
	if want := renda.NewDate(2026, 11, 30); f.Due != want {
		t.Errorf("correction due %s, want %s (2 months)", f.Due, want)
	}
	if f, err = step(f, "correct", renda.NewInput().Set("how", filing.Amended).Set("text", "已修改"), "filer"); err != nil {
		t.Fatal(err)
	}
	if f.State != filing.Corrected || !f.Due.IsZero() {
		t.Errorf("after correction: %s, due %s", f.State, f.Due)
	}
}

func TestProvisionHints(t *testing.T) {
	prev := "第一条 为了加强停车管理，制定本办法。\n第二条 违反本办法的，处以二百元罚款。"
	text := prev + "\n第三条 未经批准不得占道停车。"
	ps, removed := filing.Provisions(text, prev)
	if len(ps) != 3 || len(removed) != 0 {
		t.Fatalf("provisions %d, removed %d", len(ps), len(removed))
	}
	if ps[0].Hinted() || !ps[1].Reviewed || ps[1].Hinted() {
		t.Errorf("unchanged provisions: %+v %+v", ps[0], ps[1])
	}
	if !ps[2].New || !ps[2].Hinted() || len(ps[2].Hints) < 2 {
		t.Errorf("new provision with 许可 and 限制: %+v", ps[2])
	}
	if n := filing.HintCount(text, ""); n != 2 {
		t.Errorf("hints without an earlier version = %d, want 2", n)
	}
	if s := filing.Subject("常宁市人民政府办公室关于印发《常宁市城区停车管理办法》的通知"); s != "城区停车" {
		t.Errorf("Subject = %q", s)
	}
}
