package web_test

import (
	"context"
	"strings"
	"testing"

	"renda"
	"renda/internal/apptest"
)

// TestUnitSeesDeputiesPhones: the units an item is assigned to see the lead
// deputy's and co-signers' phones on the item and on the 交办函, each reveal
// in the audit trail; others do not (issue 9, point 15).
func TestUnitSeesDeputiesPhones(t *testing.T) {
	apptest.Each(t, apptest.Options{Demo: true}, func(t *testing.T, a *apptest.App) {
		ctx := context.Background()
		w := a.World
		items, _, err := a.DB.Suggestions(ctx, w.Unit1, renda.SuggestionFilter{Status: []string{renda.SugAssigned}, UnitID: w.Unit1.OrgID, Limit: 1})
		if err != nil || len(items) == 0 {
			t.Fatalf("no item assigned to the unit: %v", err)
		}
		sg, err := a.DB.Suggestion(ctx, w.Unit1, items[0].ID)
		if err != nil {
			t.Fatal(err)
		}
		if sg.LeadUnitID != w.Unit1.OrgID {
			t.Skipf("the first item is assisted, not led: %s", sg.ID)
		}
		lead, err := a.DB.Deputy(ctx, w.Admin, sg.ProposerID)
		if err != nil || lead.Phone == "" || strings.Contains(lead.Phone, "*") {
			t.Fatalf("lead deputy's phone: %q %v", lead.Phone, err)
		}
		reveals := func() int {
			h, err := a.DB.History(ctx, "deputy", sg.ProposerID)
			if err != nil {
				t.Fatal(err)
			}
			n := 0
			for _, r := range h {
				if r.Action == "reveal_phone" && r.ActorID == w.Unit1.ID {
					n++
				}
			}
			return n
		}
		before := reveals()
		for i, p := range []string{"/suggestions/" + sg.ID, "/suggestions/" + sg.ID + "/letter"} {
			body := string(a.Browser("unit").Get(p).Body)
			if !strings.Contains(body, `id="deputy-phones"`) || !strings.Contains(body, lead.Phone) {
				t.Errorf("%s: the unit does not see the lead deputy's phone %s", p, lead.Phone)
			}
			if got := reveals(); got != before+i+1 {
				t.Errorf("%s: %d reveals recorded, want %d", p, got, before+i+1)
			}
		}
		// Others see no phone: a deputy, a leader, a unit not on the item.
		others := []string{"deputy2", "leader"}
		if _, on := sg.Unit(w.Unit2.OrgID); !on {
			others = append(others, "unit2")
		}
		for _, user := range others {
			if body := string(a.Browser(user).Get("/suggestions/" + sg.ID).Body); strings.Contains(body, lead.Phone) {
				i := strings.Index(body, lead.Phone)
				t.Errorf("%s sees the lead deputy's phone: %s", user, body[max(0, i-300):i+20])
			}
		}
	})
}
