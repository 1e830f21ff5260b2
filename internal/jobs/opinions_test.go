package jobs_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"renda"
	"renda/internal/apptest"
	"renda/internal/store"
	"renda/internal/storetest"
	"renda/opinion"
	"renda/station"
)

// opinionApp is a small county with a station and a clock on Monday
// 2024-05-06 09:00 (China time).
func opinionApp(t *testing.T, a *apptest.App) (*storetest.Fix, *station.Station) {
	t.Helper()
	ctx := context.Background()
	f := storetest.Fixture(t, a.DB)
	s := &station.Station{Code: "sbaifang", Name: "柏坊镇人大代表联络站", Kind: station.Township, RegionID: f.Town1.ID, Address: "柏坊镇政府", Active: true}
	if err := a.DB.SaveStation(ctx, f.Staff, s); err != nil {
		t.Fatal(err)
	}
	if err := a.DB.SetStationDeputies(ctx, f.Staff, s.ID, []string{f.Deputy1.ID, f.Deputy2.ID}, f.Deputy1.ID); err != nil {
		t.Fatal(err)
	}
	return f, s
}

func opinionNotes(t *testing.T, a *apptest.App, u *renda.User) []string {
	t.Helper()
	list, _, _, err := a.DB.Notifications(context.Background(), u.ID, 100, 0)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, n := range list {
		out = append(out, n.Title)
	}
	return out
}

func countOf(list []string, s string) int {
	n := 0
	for _, x := range list {
		if x == s {
			n++
		}
	}
	return n
}

// TestOpinionDeadlineReminders: a deputy is reminded before the deadline,
// on it and when it passes, each once however often the sweep runs; the
// staff are told after the overdue days of the settings; a unit is reminded
// of what was forwarded to it. The deadline counts working days (the May
// holiday is not one).
func TestOpinionDeadlineReminders(t *testing.T) {
	apptest.Each(t, apptest.Options{Start: time.Date(2024, 4, 28, 9, 0, 0, 0, renda.CST)}, func(t *testing.T, a *apptest.App) {
		ctx := context.Background()
		f, s := opinionApp(t, a)
		o, err := a.DB.SubmitOpinion(ctx, nil, opinion.Submission{Channel: opinion.ChannelQR, StationCode: s.Code, Content: "村里的水渠被泥沙堵塞了。", Consent: true}, nil)
		if err != nil {
			t.Fatal(err)
		}
		// Sunday 2024-04-28 is a make-up working day (调休); the 5 working
		// days after it skip the May holiday: 29, 30 April, 6, 7, 8 May.
		if o.Due.String() != "2024-05-08" {
			t.Fatalf("due %s", o.Due)
		}
		sweep := func() {
			t.Helper()
			for range 2 { // twice: nothing fires twice
				if err := a.Jobs.SweepAll(ctx); err != nil {
					t.Fatal(err)
				}
			}
		}
		sweep()
		if n := countOf(opinionNotes(t, a, f.DeputyUser), "群众意见即将到期"); n != 0 {
			t.Errorf("reminded %d times 10 days ahead", n)
		}
		a.Clock.Set(time.Date(2024, 5, 6, 9, 0, 0, 0, renda.CST)) // 2 days before
		sweep()
		a.Clock.Set(time.Date(2024, 5, 8, 9, 0, 0, 0, renda.CST)) // the day
		sweep()
		if n := countOf(opinionNotes(t, a, f.DeputyUser), "群众意见即将到期"); n != 2 {
			t.Errorf("before-deadline reminders: %d, want 2 (2 days before, and on the day)", n)
		}
		a.Clock.Set(time.Date(2024, 5, 9, 9, 0, 0, 0, renda.CST))
		sweep()
		if n := countOf(opinionNotes(t, a, f.DeputyUser), "群众意见已逾期"); n != 1 {
			t.Errorf("overdue reminders: %d, want 1", n)
		}
		if n := countOf(opinionNotes(t, a, f.Staff), "群众意见逾期督办"); n != 0 {
			t.Errorf("staff told after 1 day: %d", n)
		}
		a.Clock.Set(time.Date(2024, 5, 11, 9, 0, 0, 0, renda.CST)) // 3 days overdue
		sweep()
		if n := countOf(opinionNotes(t, a, f.Staff), "群众意见逾期督办"); n != 1 {
			t.Errorf("staff escalation: %d, want 1", n)
		}
		if n := countOf(opinionNotes(t, a, f.Leader), "群众意见逾期督办"); n != 1 {
			t.Errorf("leader escalation: %d, want 1", n)
		}
		// Forwarded: the unit is reminded of its own deadline.
		if _, err := a.DB.ActOnOpinion(ctx, f.DeputyUser, o.ID, "forward", renda.V("to", opinion.ForwardUnit, "org_id", f.Unit1.ID)); err != nil {
			t.Fatal(err)
		}
		if n := countOf(opinionNotes(t, a, f.UnitUser), "代表转办的群众意见"); n != 1 {
			t.Errorf("unit told of the forward: %d", n)
		}
		a.Clock.Set(time.Date(2024, 5, 30, 9, 0, 0, 0, renda.CST))
		sweep()
		if n := countOf(opinionNotes(t, a, f.UnitUser), "群众意见已逾期"); n != 1 {
			t.Errorf("unit overdue reminder: %d", n)
		}
		if n := countOf(opinionNotes(t, a, f.UnitUser2), "群众意见已逾期"); n != 0 {
			t.Errorf("another unit reminded: %d", n)
		}
	})
}

// TestOpinionArchiveAndRetention: an answer left unrated closes after the
// rating days; the citizen's name and phone are erased once the retention
// period after closing has passed, and the tracking code then works without
// a phone tail.
func TestOpinionArchiveAndRetention(t *testing.T) {
	apptest.Each(t, apptest.Options{Start: time.Date(2024, 5, 6, 9, 0, 0, 0, renda.CST)}, func(t *testing.T, a *apptest.App) {
		ctx := context.Background()
		f, s := opinionApp(t, a)
		o, err := a.DB.SubmitOpinion(ctx, nil, opinion.Submission{Channel: opinion.ChannelQR, StationCode: s.Code, Content: "集镇农贸市场雨棚破损。",
			Name: "李大姐", Phone: "13700002222", Consent: true}, nil)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := a.DB.ActOnOpinion(ctx, f.DeputyUser, o.ID, "answer", renda.V("text", "已请镇政府维修雨棚。")); err != nil {
			t.Fatal(err)
		}
		a.Clock.Advance(14 * 24 * time.Hour)
		if err := a.Jobs.SweepAll(ctx); err != nil {
			t.Fatal(err)
		}
		got, _ := a.DB.Opinion(ctx, f.Staff, o.ID)
		if got.State != opinion.Answered {
			t.Errorf("closed before the rating days: %s", got.State)
		}
		a.Clock.Advance(2 * 24 * time.Hour)
		if err := a.Jobs.SweepAll(ctx); err != nil {
			t.Fatal(err)
		}
		got, _ = a.DB.Opinion(ctx, f.Staff, o.ID)
		if got.State != opinion.Closed || got.Phone != "13700002222" {
			t.Fatalf("after the rating days: %s %q", got.State, got.Phone)
		}
		a.Clock.Advance(364 * 24 * time.Hour)
		if err := a.Jobs.SweepAll(ctx); err != nil {
			t.Fatal(err)
		}
		if got, _ = a.DB.Opinion(ctx, f.Staff, o.ID); got.Phone == "" {
			t.Errorf("erased before the retention period")
		}
		a.Clock.Advance(2 * 24 * time.Hour)
		if err := a.Jobs.SweepAll(ctx); err != nil {
			t.Fatal(err)
		}
		got, _ = a.DB.Opinion(ctx, f.Staff, o.ID)
		if got.Phone != "" || got.Name != "" || got.ErasedAt.IsZero() || got.Content == "" {
			t.Errorf("after retention: name %q phone %q erased %v", got.Name, got.Phone, got.ErasedAt)
		}
		q := "SELECT phone_enc || name_enc, phone_index FROM opinions WHERE id = ?"
		if a.DB.Dialect() == store.Postgres {
			q = strings.Replace(q, "?", "$1", 1)
		}
		var enc, idx string
		if err := store.RawDB(a.DB).QueryRowContext(ctx, q, o.ID).Scan(&enc, &idx); err != nil || enc != "" || idx != "" {
			t.Errorf("stored after erasure: %q %q %v", enc, idx, err)
		}
		h, _ := a.DB.History(ctx, "opinion", o.ID)
		if last := h[len(h)-1]; last.Action != "erase" {
			t.Errorf("history ends with %s", last.Action)
		}
		if _, err := a.DB.TrackOpinion(ctx, o.TrackingCode, "", ""); err != nil {
			t.Errorf("tracking after erasure: %v", err)
		}
	})
}

// TestRecurringAndDutyReminders: the third report of one problem in one
// township tells the stationed deputies and the staff, once; the deputies of
// tomorrow's reception day are reminded, once.
func TestRecurringAndDutyReminders(t *testing.T) {
	apptest.Each(t, apptest.Options{Start: time.Date(2024, 5, 6, 9, 0, 0, 0, renda.CST)}, func(t *testing.T, a *apptest.App) {
		ctx := context.Background()
		f, s := opinionApp(t, a)
		for i, text := range []string{"自来水又停了。", "停水三天了没人管。"} {
			if _, err := a.DB.SubmitOpinion(ctx, nil, opinion.Submission{Channel: opinion.ChannelQR, StationCode: s.Code, Category: "饮水水利", Content: text + strings.Repeat("！", i+1), Consent: true}, nil); err != nil {
				t.Fatal(err)
			}
		}
		if err := a.Jobs.SweepAll(ctx); err != nil {
			t.Fatal(err)
		}
		if n := countOf(opinionNotes(t, a, f.Staff), "发现重复反映的问题"); n != 0 {
			t.Fatalf("candidate after 2 reports: %d", n)
		}
		// The third comes through 12345.
		h := &opinion.HotlineOrder{Number: "HX1", Channel: "电话", ReceivedAt: a.Clock.Now(), RegionCode: f.Town1.Code, Type: "求助", Content: "来电反映停水。", Due: a.Clock.Now().Add(72 * time.Hour)}
		if _, _, err := a.DB.ReceiveHotlineOrder(ctx, h); err != nil {
			t.Fatal(err)
		}
		for range 2 {
			if err := a.Jobs.SweepAll(ctx); err != nil {
				t.Fatal(err)
			}
		}
		for _, u := range []*renda.User{f.Staff, f.DeputyUser, f.DeputyUser2} {
			if n := countOf(opinionNotes(t, a, u), "发现重复反映的问题"); n != 1 {
				t.Errorf("%s told %d times of the candidate", u.Username, n)
			}
		}
		if n := countOf(opinionNotes(t, a, f.UnitUser), "发现重复反映的问题"); n != 0 {
			t.Errorf("a unit told of the candidate")
		}
		// A reception day tomorrow.
		d := &station.Duty{StationID: s.ID, Day: renda.NewDate(2024, 5, 10), Start: "09:00", End: "11:30", DeputyIDs: []string{f.Deputy1.ID}}
		if err := a.DB.ScheduleDuty(ctx, f.Staff, &station.Duty{StationID: s.ID, Day: renda.NewDate(2024, 5, 7), Start: "09:00", End: "11:30", DeputyIDs: []string{f.Deputy1.ID}}); renda.ErrorCode(err) != renda.EINVALID {
			t.Errorf("a day announced 1 day ahead: %v", err)
		}
		if err := a.DB.ScheduleDuty(ctx, f.Staff, d); err != nil {
			t.Fatal(err)
		}
		a.Clock.Set(time.Date(2024, 5, 9, 8, 0, 0, 0, renda.CST))
		for range 2 {
			if err := a.Jobs.SweepAll(ctx); err != nil {
				t.Fatal(err)
			}
		}
		if n := countOf(opinionNotes(t, a, f.DeputyUser), "接待日提醒"); n != 1 {
			t.Errorf("duty reminders: %d", n)
		}
		if n := countOf(opinionNotes(t, a, f.DeputyUser2), "接待日提醒"); n != 0 {
			t.Errorf("a deputy not on duty reminded")
		}
	})
}
