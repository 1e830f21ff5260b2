package store_test

import (
	"context"
	"testing"

	"renda"
	"renda/internal/storetest"
	"renda/supervision"
)

// TestSupervisionRecusal: a member with an interest in a 特定问题调查 is
// recorded as recused and may not be appointed to its committee; recusing
// an appointed member takes them off it.
func TestSupervisionRecusal(t *testing.T) {
	for _, d := range storetest.Dialects(t) {
		t.Run(d.String(), func(t *testing.T) {
			ctx := context.Background()
			db := storetest.Open(t, d, renda.NewTestClock(at(2026, 3, 2)))
			fx := storetest.Fixture(t, db)
			it, err := db.CreateSupervisionItem(ctx, fx.Staff, renda.V("year", 2026, "kind", "special", "title", "城区停车设施建设特定问题调查", "org_id", fx.Unit1.ID))
			if err != nil {
				t.Fatal(err)
			}
			if _, err := db.ActOnSupervisionItem(ctx, fx.Staff, it.ID, "recuse", renda.V("deputy_id", fx.Deputy2.ID, "reason", "配偶在涉及的停车场建设企业任职")); err != nil {
				t.Fatal(err)
			}
			if _, err := db.ActOnSupervisionItem(ctx, fx.Staff, it.ID, "adopt", nil); err != nil {
				t.Fatal(err)
			}
			_, err = db.ActOnSupervisionItem(ctx, fx.Staff, it.ID, "appoint", renda.Values{"deputy_ids": {fx.Deputy1.ID, fx.Deputy2.ID}})
			if renda.ErrorCode(err) != renda.EINVALID {
				t.Fatalf("appointing a recused member: %v", err)
			}
			ps, _ := db.Participants(ctx, fx.Staff, it.ID)
			if len(ps) != 1 || !ps[0].Recused {
				t.Fatalf("after the refused appointment: %+v", ps)
			}
			if _, err := db.ActOnSupervisionItem(ctx, fx.Staff, it.ID, "appoint", renda.Values{"deputy_ids": {fx.Deputy1.ID}}); err != nil {
				t.Fatal(err)
			}
			// Taking part is on the deputy's duty record, linked to the item;
			// recusal takes it back.
			credited := func() int {
				t.Helper()
				cs, err := db.DutyCredits(ctx, fx.Deputy1.ID, 0)
				if err != nil {
					t.Fatal(err)
				}
				n := 0
				for _, c := range cs {
					if c.Entity == supervision.Entity && c.EntityID == it.ID && c.Kind == "inspection" {
						n++
					}
				}
				return n
			}
			if n := credited(); n != 1 {
				t.Errorf("the appointed member's duty record has %d entries for the investigation", n)
			}
			if _, err := db.ActOnSupervisionItem(ctx, fx.Staff, it.ID, "recuse", renda.V("deputy_id", fx.Deputy1.ID, "reason", "本人为涉事企业股东")); err != nil {
				t.Fatal(err)
			}
			ps, _ = db.Participants(ctx, fx.Staff, it.ID)
			members := 0
			for _, p := range ps {
				if !p.Recused {
					members++
				}
			}
			if len(ps) != 2 || members != 0 {
				t.Errorf("participants %+v", ps)
			}
			if n := credited(); n != 0 {
				t.Errorf("a recused member keeps %d duty record entries for the investigation", n)
			}
			if _, err := db.ActOnSupervisionItem(ctx, fx.UnitUser, it.ID, "appoint", renda.Values{"deputy_ids": {fx.Deputy1.ID}}); renda.ErrorCode(err) != renda.EFORBIDDEN && renda.ErrorCode(err) != renda.ENOTFOUND {
				t.Errorf("a clerk appoints: %v", err)
			}
			_ = supervision.Entity
		})
	}
}
