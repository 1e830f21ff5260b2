package store_test

import (
	"context"
	"strings"
	"testing"

	"renda"
	"renda/internal/storetest"
	"renda/supervision"
)

// TestSupervisionResolution: a 决议 on a special report sets its own
// deadline for the body's report (a Saturday runs on to Monday), reminded
// to the body exactly once on the working-day calendar; a past deadline, a
// second 决议 and another body's clerk are refused with nothing changed; the
// answer ends the reminders; each step is in the item's history.
func TestSupervisionResolution(t *testing.T) {
	for _, d := range storetest.Dialects(t) {
		t.Run(d.String(), func(t *testing.T) {
			ctx := context.Background()
			clock := renda.NewTestClock(at(2024, 7, 1))
			db := storetest.Open(t, d, clock)
			fx := storetest.Fixture(t, db)
			it, err := db.CreateSupervisionItem(ctx, fx.Staff, renda.V("year", 2024, "kind", "report", "title", "农村饮水安全工作情况的报告", "org_id", fx.Unit2.ID))
			if err != nil {
				t.Fatal(err)
			}
			if _, err := db.ActOnSupervisionItem(ctx, fx.Staff, it.ID, "resolve", renda.V("resolution", "决议", "due", renda.NewDate(2024, 11, 2))); err == nil {
				t.Errorf("a 决议 on an item not yet reported")
			}
			for _, a := range []struct {
				action string
				in     renda.Values
			}{{"adopt", nil}, {"investigate", nil}, {"report", renda.V("report", "报告全文")}} {
				if it, err = db.ActOnSupervisionItem(ctx, fx.Staff, it.ID, a.action, a.in); err != nil {
					t.Fatalf("%s: %v", a.action, err)
				}
			}
			clock.Set(at(2024, 8, 30))
			if _, err := db.ActOnSupervisionItem(ctx, fx.Staff, it.ID, "resolve", renda.V("resolution", "决议", "due", renda.NewDate(2024, 8, 29))); renda.ErrorCode(err) != renda.EINVALID {
				t.Errorf("a deadline in the past: %v", err)
			}
			if _, err := db.ActOnSupervisionItem(ctx, fx.Staff, it.ID, "answer_resolution", renda.V("answer", "x")); err == nil {
				t.Errorf("an answer without a 决议")
			}
			// Due Saturday 11-02: the last day is Monday 11-04.
			if it, err = db.ActOnSupervisionItem(ctx, fx.Staff, it.ID, "resolve", renda.V("resolution", "限期完成水源保护区划定", "due", renda.NewDate(2024, 11, 2))); err != nil {
				t.Fatal(err)
			}
			if it.ResolutionDue != renda.NewDate(2024, 11, 4) || it.ResolutionOn != renda.NewDate(2024, 8, 30) || it.Resolution != "限期完成水源保护区划定" {
				t.Fatalf("resolution %s %s %q", it.ResolutionDue, it.ResolutionOn, it.Resolution)
			}
			if _, err := db.ActOnSupervisionItem(ctx, fx.Staff, it.ID, "resolve", renda.V("resolution", "另一个", "due", renda.NewDate(2024, 12, 2))); err == nil {
				t.Errorf("a second 决议")
			}
			set, err := db.Settings(ctx)
			if err != nil {
				t.Fatal(err)
			}
			cal, err := db.Calendar(ctx)
			if err != nil {
				t.Fatal(err)
			}
			var found bool
			for _, d := range it.Deadlines(set, cal) {
				if d.Key == "resolution" {
					found = d.Due == renda.NewDate(2024, 11, 4) && d.Body && d.Done.IsZero()
				}
			}
			if !found {
				t.Errorf("deadlines %v", it.Deadlines(set, cal))
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
			// Reminded 3 working days before Monday 11-04: Wednesday 10-30, once.
			base := notices(fx.UnitUser2, renda.NewDate(2024, 10, 29))
			if n := notices(fx.UnitUser2, renda.NewDate(2024, 10, 30)); n != base+1 {
				t.Errorf("resolution reminder: %d, want %d", n, base+1)
			}
			if n := notices(fx.UnitUser2, renda.NewDate(2024, 10, 31)); n != base+1 {
				t.Errorf("reminded twice: %d", n)
			}
			if _, err := db.ActOnSupervisionItem(ctx, fx.UnitUser, it.ID, "answer_resolution", renda.V("answer", "x")); err == nil {
				t.Errorf("another body's clerk answers")
			}
			if it, err = db.ActOnSupervisionItem(ctx, fx.UnitUser2, it.ID, "answer_resolution", renda.V("answer", "已划定水源保护区")); err != nil {
				t.Fatal(err)
			}
			if it.ResolutionAnswer != "已划定水源保护区" || it.ResolutionDoneOn != renda.NewDate(2024, 10, 31) {
				t.Errorf("answer %q %s", it.ResolutionAnswer, it.ResolutionDoneOn)
			}
			if n := notices(fx.UnitUser2, renda.NewDate(2024, 11, 20)); n != base+1 {
				t.Errorf("reminded after the answer: %d", n)
			}
			h, err := db.History(ctx, supervision.Entity, it.ID)
			if err != nil {
				t.Fatal(err)
			}
			var acts []string
			for _, r := range h {
				acts = append(acts, r.Action)
			}
			for _, want := range []string{"resolve", "remind", "answer_resolution"} {
				if !strings.Contains(" "+strings.Join(acts, " ")+" ", " "+want+" ") {
					t.Errorf("history lacks %s: %v", want, acts)
				}
			}
		})
	}
}
