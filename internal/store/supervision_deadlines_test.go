package store_test

import (
	"context"
	"testing"

	"renda"
	"renda/internal/storetest"
	"renda/supervision"
)

// TestSupervisionDeadlines: a special report's deadlines on the working-day
// calendar (20 and 7 days before the meeting, moved back over holidays;
// 研究处理情况 two months after the opinions, moved on over a weekend), each
// reminded exactly once, to the body or to the staff.
func TestSupervisionDeadlines(t *testing.T) {
	for _, d := range storetest.Dialects(t) {
		t.Run(d.String(), func(t *testing.T) {
			ctx := context.Background()
			clock := renda.NewTestClock(at(2024, 7, 1))
			db := storetest.Open(t, d, clock)
			fx := storetest.Fixture(t, db)
			set, err := db.Settings(ctx)
			if err != nil {
				t.Fatal(err)
			}
			cal, err := db.Calendar(ctx)
			if err != nil {
				t.Fatal(err)
			}
			// 20 days before 2024-10-24 is 10-04, in the National Day holiday: the last day is Monday 09-30.
			hol := &supervision.Item{MeetingOn: renda.NewDate(2024, 10, 24)}
			if ds := hol.Deadlines(set, cal); ds[0].Due != renda.NewDate(2024, 9, 30) || ds[1].Due != renda.NewDate(2024, 10, 17) {
				t.Errorf("deadlines over the holiday: %v", ds)
			}

			it, err := db.CreateSupervisionItem(ctx, fx.Staff, renda.V("year", 2024, "kind", "report", "title", "农村饮水安全工作情况的报告", "org_id", fx.Unit2.ID))
			if err != nil {
				t.Fatal(err)
			}
			for _, a := range []struct {
				action string
				in     renda.Values
			}{{"adopt", nil}, {"schedule", renda.V("meeting_on", renda.NewDate(2024, 8, 28))}} {
				if it, err = db.ActOnSupervisionItem(ctx, fx.Staff, it.ID, a.action, a.in); err != nil {
					t.Fatalf("%s: %v", a.action, err)
				}
			}
			ds := it.Deadlines(set, cal)
			if len(ds) != 2 || ds[0].Due != renda.NewDate(2024, 8, 8) || ds[1].Due != renda.NewDate(2024, 8, 21) {
				t.Fatalf("deadlines %v", ds)
			}
			notices := func(u *renda.User, day renda.Date) int {
				clock.Set(at(day.Year, day.Month, day.Day))
				if err := db.RemindSupervisionDeadlines(ctx); err != nil {
					t.Fatal(err)
				}
				_, n, _, err := db.Notifications(ctx, u.ID, 100, 0)
				if err != nil {
					t.Fatal(err)
				}
				return n
			}
			// The report (due Thursday 08-08) is reminded 3 working days before: Monday 08-05, once.
			base := notices(fx.UnitUser2, renda.NewDate(2024, 8, 2))
			if n := notices(fx.UnitUser2, renda.NewDate(2024, 8, 5)); n != base+1 {
				t.Errorf("report reminder: %d, want %d", n, base+1)
			}
			if n := notices(fx.UnitUser2, renda.NewDate(2024, 8, 6)); n != base+1 {
				t.Errorf("reminded twice: %d", n)
			}
			if _, err := db.ActOnSupervisionItem(ctx, fx.UnitUser, it.ID, "receive_report", renda.V("report", "x")); err == nil {
				t.Errorf("another body's clerk sends the report")
			}
			if it, err = db.ActOnSupervisionItem(ctx, fx.UnitUser2, it.ID, "receive_report", renda.V("report", "报告全文")); err != nil || it.ReportOn != renda.NewDate(2024, 8, 6) {
				t.Fatalf("receive_report: %v %v", err, it)
			}
			// The members' copies (due Wednesday 08-21) are the staff's: reminded Friday 08-16.
			sbase := notices(fx.Staff, renda.NewDate(2024, 8, 15))
			if n := notices(fx.Staff, renda.NewDate(2024, 8, 16)); n != sbase+1 {
				t.Errorf("members reminder: %d, want %d", n, sbase+1)
			}
			if n := notices(fx.Staff, renda.NewDate(2024, 8, 19)); n != sbase+1 {
				t.Errorf("members reminded twice: %d", n)
			}
			for _, a := range []struct {
				action string
				in     renda.Values
			}{{"send_members", nil}, {"investigate", nil}, {"report", renda.V("report", "报告全文")}} {
				if it, err = db.ActOnSupervisionItem(ctx, fx.Staff, it.ID, a.action, a.in); err != nil {
					t.Fatalf("%s: %v", a.action, err)
				}
			}
			// Opinions sent Friday 2024-08-30: two months is Wednesday 10-30.
			clock.Set(at(2024, 8, 30))
			if it, err = db.ActOnSupervisionItem(ctx, fx.Staff, it.ID, "send_opinions", renda.V("opinions", "加强水源保护")); err != nil {
				t.Fatal(err)
			}
			if it.ResponseDue != renda.NewDate(2024, 10, 30) {
				t.Errorf("response due %s", it.ResponseDue)
			}
			base = notices(fx.UnitUser2, renda.NewDate(2024, 10, 24))
			if n := notices(fx.UnitUser2, renda.NewDate(2024, 10, 25)); n != base+1 {
				t.Errorf("response reminder: %d, want %d", n, base+1)
			}
			if n := notices(fx.UnitUser2, renda.NewDate(2024, 11, 5)); n != base+1 {
				t.Errorf("response reminded twice: %d", n)
			}
			if it, err = db.ActOnSupervisionItem(ctx, fx.UnitUser2, it.ID, "answer_opinions", renda.V("response", "已划定水源保护区")); err != nil || it.Response == "" {
				t.Fatalf("answer_opinions: %v", err)
			}
		})
	}
}
