package store_test

import (
	"context"
	"slices"
	"testing"

	"renda"
	"renda/internal/storetest"
	"renda/supervision"
)

// TestSupervisionJoint: an item marked joint with 衡阳市人大 keeps with
// whom, who organised and which levels' deputies took part, in the levels'
// order; an organiser other than this congress or the joint one, and a
// deputy, are refused with nothing changed; the mark is in the history.
func TestSupervisionJoint(t *testing.T) {
	for _, d := range storetest.Dialects(t) {
		t.Run(d.String(), func(t *testing.T) {
			ctx := context.Background()
			db := storetest.Open(t, d, renda.NewTestClock(at(2024, 3, 1)))
			fx := storetest.Fixture(t, db)
			it, err := db.CreateSupervisionItem(ctx, fx.Staff, renda.V("year", 2024, "kind", "inspection", "title", "安全生产执法检查", "org_id", fx.Unit2.ID))
			if err != nil {
				t.Fatal(err)
			}
			bad := renda.Values{"joint_with": {"city"}, "organiser": {"province"}, "levels": {"county"}}
			if _, err := db.ActOnSupervisionItem(ctx, fx.Staff, it.ID, "mark_joint", bad); renda.ErrorCode(err) != renda.EINVALID {
				t.Errorf("organised by a congress it is not joint with: %v", err)
			}
			good := renda.Values{"joint_with": {"city"}, "organiser": {"city"}, "levels": {"city", "county"}}
			if _, err := db.ActOnSupervisionItem(ctx, fx.DeputyUser, it.ID, "mark_joint", good); err == nil {
				t.Errorf("a deputy marks an item joint")
			}
			if got, err := db.SupervisionItem(ctx, fx.Staff, it.ID); err != nil || got.JointWith != "" {
				t.Fatalf("changed by a refused action: %+v %v", got, err)
			}
			if it, err = db.ActOnSupervisionItem(ctx, fx.Staff, it.ID, "mark_joint", good); err != nil {
				t.Fatal(err)
			}
			got, err := db.SupervisionItem(ctx, fx.Staff, it.ID)
			if err != nil {
				t.Fatal(err)
			}
			if got.JointWith != "city" || got.JointOrganiser != "city" || !slices.Equal(got.JointLevels, []string{"county", "city"}) ||
				got.JointLabel() != "衡阳市人大常委会" || got.LevelsLabel() != "县级、市级" {
				t.Errorf("joint %+v", got)
			}
			h, err := db.History(ctx, supervision.Entity, it.ID)
			if err != nil || len(h) == 0 || h[len(h)-1].Action != "mark_joint" && h[0].Action != "mark_joint" {
				t.Errorf("history %v %v", h, err)
			}
		})
	}
}
