package store_test

import (
	"context"
	"testing"

	"renda"
	"renda/internal/store"
	"renda/internal/storetest"
	"renda/opinion"
)

// TestUnsatisfiedReopens: a citizen's 不满意 sends an answered opinion back
// to the deputy; a second goes to the staff's supervision, who answer; a
// third closes it (issue 9, point 16).
func TestUnsatisfiedReopens(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := storetest.Fixture(t, db)
		s := stationFixture(t, db, f)
		o, err := db.SubmitOpinion(ctx, nil, opinion.Submission{Channel: opinion.ChannelQR, StationCode: s.Code, Content: "村口的路灯坏了三个月。",
			Phone: "13900001234", Consent: true, IP: "10.0.0.1"}, nil)
		if err != nil {
			t.Fatal(err)
		}
		answerAndRate := func(who *renda.User, action string, rating string) *opinion.Opinion {
			t.Helper()
			if _, err := db.ActOnOpinion(ctx, who, o.ID, action, renda.V("text", "已处理。")); err != nil {
				t.Fatalf("%s: %v", action, err)
			}
			tr, err := db.RateOpinion(ctx, o.TrackingCode, "1234", "", rating, "路灯还是不亮")
			if err != nil {
				t.Fatal(err)
			}
			return tr.Opinion
		}
		got := answerAndRate(f.DeputyUser, "answer", renda.RatingUnsatisfied)
		if got.State != opinion.Received {
			t.Fatalf("after the first 不满意: %s, want back with the deputy (received)", got.State)
		}
		mine, _, err := db.Opinions(ctx, f.DeputyUser, opinion.Filter{State: "open", Mine: true})
		if err != nil || len(mine) != 1 {
			t.Fatalf("the deputy's open items: %d %v", len(mine), err)
		}
		got = answerAndRate(f.DeputyUser, "answer", renda.RatingUnsatisfied)
		if got.State != opinion.Supervised {
			t.Fatalf("after the second 不满意: %s, want supervised", got.State)
		}
		if _, err := db.ActOnOpinion(ctx, f.DeputyUser, o.ID, "answer", renda.V("text", "x")); err == nil {
			t.Error("the deputy answers an item under supervision")
		}
		acts, err := db.OpinionActions(ctx, f.Staff, got)
		if err != nil {
			t.Fatal(err)
		}
		offered := false
		for _, a := range acts {
			offered = offered || a.Action == "settle"
		}
		if !offered {
			t.Errorf("staff are not offered the supervision's answer: %v", acts)
		}
		got = answerAndRate(f.Staff, "settle", renda.RatingUnsatisfied)
		if got.State != opinion.Closed {
			t.Errorf("after the third 不满意: %s, want closed", got.State)
		}
		hist, err := db.History(ctx, "opinion", o.ID)
		if err != nil {
			t.Fatal(err)
		}
		var tos []string
		for _, h := range hist {
			if h.Action == "rate" {
				tos = append(tos, h.To)
			}
		}
		if len(tos) != 3 || tos[0] != opinion.Received || tos[1] != opinion.Supervised || tos[2] != opinion.Closed {
			t.Errorf("history of ratings: %v", tos)
		}
	})
}
