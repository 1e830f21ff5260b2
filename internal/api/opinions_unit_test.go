package api_test

import (
	"context"
	"testing"

	"renda/internal/apptest"
	"renda/opinion"
)

// TestOpinionsByUnit: GET /api/v1/opinions?unit_id= lists the opinions
// forwarded to a handling unit ("-": those not forwarded to one), as many
// as the store counts for the caller; a unit's clerk lists only their own
// unit's; a malformed id is refused.
func TestOpinionsByUnit(t *testing.T) {
	a := apptest.New(t, apptest.Options{Demo: true})
	ctx := context.Background()
	unit := a.World.Unit1.OrgID
	type List struct {
		Items []opinion.Opinion `json:"items"`
		Total int               `json:"total"`
	}
	var list List
	for _, id := range []string{unit, a.World.Unit2.OrgID, "-"} {
		list = List{}
		a.Call("GET", "/api/v1/opinions?limit=100&unit_id="+id, a.Token("staff"), nil).JSON(t, &list)
		want, err := a.DB.CountOpinions(ctx, a.World.Staff, opinion.Filter{UnitID: id})
		if err != nil || list.Total != want {
			t.Errorf("unit %s: %d listed, %d counted %v", id, list.Total, want, err)
		}
		for _, o := range list.Items {
			if (id == "-") != (o.ForwardTo != opinion.ForwardUnit) || id != "-" && o.ForwardOrgID != id {
				t.Errorf("unit %s lists %s (forwarded to %s %s)", id, o.ID, o.ForwardTo, o.ForwardOrgID)
			}
		}
		if id == unit && list.Total == 0 {
			t.Errorf("the demo forwards nothing to %s", a.World.Unit1.Name())
		}
	}
	list = List{}
	a.Call("GET", "/api/v1/opinions?unit_id="+unit, a.Token("unit2"), nil).JSON(t, &list)
	if list.Total != 0 {
		t.Errorf("another unit's clerk lists %d of %s's", list.Total, a.World.Unit1.Name())
	}
	if r := a.Call("GET", "/api/v1/opinions?unit_id=x*1", a.Token("staff"), nil); r.Status != 422 {
		t.Errorf("a malformed unit_id: %d", r.Status)
	}
}
