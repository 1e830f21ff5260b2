package store_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"renda"
	"renda/internal/storetest"
	"renda/opinion"
)

// TestStaffUrgeOverdueOpinion: staff can 督办 an overdue opinion, which
// tells the deputy and is on the record; not before it is overdue
// (issue 9, point 22).
func TestStaffUrgeOverdueOpinion(t *testing.T) {
	for _, d := range storetest.Dialects(t) {
		t.Run(fmt.Sprint(d), func(t *testing.T) {
			ctx := context.Background()
			clock := renda.NewTestClock(time.Date(2025, 3, 3, 9, 0, 0, 0, time.Local))
			db := storetest.Open(t, d, clock)
			f := storetest.Fixture(t, db)
			s := stationFixture(t, db, f)
			o, err := db.SubmitOpinion(ctx, nil, opinion.Submission{Channel: opinion.ChannelQR, StationCode: s.Code, Content: "村口路灯坏了。", Consent: true, IP: "10.0.0.3"}, nil)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := db.ActOnOpinion(ctx, f.Staff, o.ID, "urge", renda.V("text", "请尽快答复")); renda.ErrorCode(err) != renda.ECONFLICT {
				t.Errorf("urged before overdue: %v", err)
			}
			clock.Advance(40 * 24 * time.Hour)
			if _, err := db.ActOnOpinion(ctx, f.DeputyUser, o.ID, "urge", renda.V("text", "x")); err == nil {
				t.Error("a deputy urged")
			}
			_, before, _, err := db.Notifications(ctx, f.DeputyUser.ID, 50, 0)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := db.ActOnOpinion(ctx, f.Staff, o.ID, "urge", renda.V("text", "请三日内答复群众")); err != nil {
				t.Fatal(err)
			}
			list, after, _, err := db.Notifications(ctx, f.DeputyUser.ID, 50, 0)
			if err != nil {
				t.Fatal(err)
			}
			if after != before+1 || list[0].Title != "群众意见督办" {
				t.Errorf("the deputy was not told: %d → %d", before, after)
			}
			h, _ := db.History(ctx, "opinion", o.ID)
			if last := h[len(h)-1]; last.Action != "urge" || last.Note != "请三日内答复群众" {
				t.Errorf("history: %+v", last)
			}
		})
	}
}
