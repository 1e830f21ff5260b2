package store_test

import (
	"context"
	"testing"
	"time"

	"renda"
	"renda/internal/storetest"
	"renda/opinion"
)

// TestSupervisionUnitTopics: the year's opinions and 12345 orders grouped
// by the handling unit they were forwarded to, with a row for those not
// forwarded; each count (and its 12345 part) is the count of the opinions
// list filtered by the same unit and year, which a unit's clerk sees only
// for their own unit.
func TestSupervisionUnitTopics(t *testing.T) {
	for _, d := range storetest.Dialects(t) {
		t.Run(d.String(), func(t *testing.T) {
			ctx := context.Background()
			clock := renda.NewTestClock(at(2023, 12, 28))
			db := storetest.Open(t, d, clock)
			f := storetest.Fixture(t, db)
			s := stationFixture(t, db, f)
			submit := func(text string) *opinion.Opinion {
				t.Helper()
				o, err := db.SubmitOpinion(ctx, nil, opinion.Submission{Channel: opinion.ChannelQR, StationCode: s.Code, Content: text, Consent: true}, nil)
				if err != nil {
					t.Fatal(err)
				}
				return o
			}
			forward := func(o *opinion.Opinion, orgID string) {
				t.Helper()
				if _, err := db.ActOnOpinion(ctx, f.DeputyUser, o.ID, "forward", renda.V("to", "unit", "org_id", orgID)); err != nil {
					t.Fatal(err)
				}
			}
			// Last year's, forwarded to Unit1: not this year's topic.
			forward(submit("去年的意见：小区路灯不亮。"), f.Unit1.ID)
			clock.Set(at(2024, 5, 6))
			forward(submit("小区楼道灯坏了，物业不管。"), f.Unit1.ID)
			forward(submit("小区门口道路破损严重。"), f.Unit1.ID)
			forward(submit("村里自来水浑浊。"), f.Unit2.ID)
			submit("希望多组织代表接待活动。")
			h := &opinion.HotlineOrder{Number: "HX20240506001", Channel: "电话", ReceivedAt: at(2024, 5, 6), RegionCode: f.Town1.Code, Type: "求助",
				Content: "自来水停水两天了", Due: at(2024, 5, 13).Add(8 * time.Hour)}
			order, _, err := db.ReceiveHotlineOrder(ctx, h)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := db.ActOnOpinion(ctx, f.DeputyUser, order.OpinionID, "claim", renda.V()); err != nil {
				t.Fatal(err)
			}
			forward(&opinion.Opinion{ID: order.OpinionID}, f.Unit1.ID)

			topics, err := db.SupervisionUnitTopics(ctx, f.Staff, 2024)
			if err != nil {
				t.Fatal(err)
			}
			got := map[string][2]int{}
			for _, tp := range topics {
				got[tp.Key] = [2]int{tp.Count, tp.Hotline}
				if tp.Example == "" || (tp.Key != "-") != (tp.Name != "") {
					t.Errorf("row %+v: no example, or a name where there is no unit", tp)
				}
				from, to := renda.NewDate(2024, 1, 1), renda.NewDate(2024, 12, 31)
				n, err := db.CountOpinions(ctx, f.Staff, opinion.Filter{UnitID: tp.Key, From: from, To: to})
				if err != nil || n != tp.Count {
					t.Errorf("unit %q: %d, its list %d %v", tp.Name, tp.Count, n, err)
				}
				_, n, err = db.Opinions(ctx, f.Staff, opinion.Filter{UnitID: tp.Key, Channel: opinion.ChannelHotline, From: from, To: to, Limit: 50})
				if err != nil || n != tp.Hotline {
					t.Errorf("unit %q: %d 12345 orders, its list %d %v", tp.Name, tp.Hotline, n, err)
				}
			}
			want := map[string][2]int{f.Unit1.ID: {3, 1}, f.Unit2.ID: {1, 0}, "-": {1, 0}}
			if len(got) != len(want) {
				t.Errorf("rows %v, want %v", got, want)
			}
			for k, w := range want {
				if got[k] != w {
					t.Errorf("unit %s: %v, want %v", k, got[k], w)
				}
			}
			if len(topics) > 0 && topics[0].Key != f.Unit1.ID {
				t.Errorf("the most forwarded first: %+v", topics[0])
			}
			// The list is authorised as it is: Unit2's clerk sees none of Unit1's.
			if _, n, err := db.Opinions(ctx, f.UnitUser2, opinion.Filter{UnitID: f.Unit1.ID, Limit: 50}); err != nil || n != 0 {
				t.Errorf("Unit2's clerk lists Unit1's: %d %v", n, err)
			}
			if _, n, err := db.Opinions(ctx, f.UnitUser, opinion.Filter{UnitID: f.Unit1.ID, Limit: 50}); err != nil || n != 4 {
				t.Errorf("Unit1's clerk lists its own (of every year): %d %v", n, err)
			}
		})
	}
}
