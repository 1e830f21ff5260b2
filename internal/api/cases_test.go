package api_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"renda"
	"renda/assist"
	"renda/internal/apptest"
	"renda/opinion"
)

// TestRecurringCases: near-duplicate 12345 orders and opinions of one
// township are grouped into one case across doors; the case closes when
// every item is dealt with, a new order about it reopens it, and at the
// settable size it is proposed to the township's deputies. Deputies see the
// cases of their townships only, and of a case's items those they may open.
func TestRecurringCases(t *testing.T) {
	apptest.Each(t, apptest.Options{Demo: true}, func(t *testing.T, a *apptest.App) {
		ctx := context.Background()
		if err := a.DB.SweepRecurringCases(ctx); err != nil {
			t.Fatal(err)
		}
		town := a.World.Townships[len(a.World.Townships)-1]
		texts := []string{
			"王家冲组门前的排水沟堵塞多年，一下大雨污水就漫进村民家里，请尽快组织疏通排水沟。",
			"王家冲组排水沟堵塞多年，下大雨时污水漫进村民家里，希望尽快疏通排水沟。",
			"又反映一次：王家冲组门前排水沟堵塞，大雨后污水漫进村民家里，请尽快疏通。",
			"王家冲组的排水沟还是堵塞，一下雨污水就漫进家里，请疏通排水沟。",
			"王家冲组门前排水沟堵塞多年，污水漫进村民家里，请组织疏通排水沟。",
		}
		n := 0
		order := func(i int) string {
			n++
			now := time.Now()
			h, created, err := a.DB.ReceiveHotlineOrder(ctx, &opinion.HotlineOrder{Number: fmt.Sprintf("CASE-%s-%d", a.DB.Dialect(), n), Channel: "电话",
				ReceivedAt: now, RegionCode: town.Code, Type: opinion.HotlineTypes[0], Content: texts[i], Due: now.Add(7 * 24 * time.Hour)})
			if err != nil || !created {
				t.Fatalf("order %d: %v %v", i, created, err)
			}
			return h.OpinionID
		}
		sweep := func() {
			if err := a.DB.SweepRecurringCases(ctx); err != nil {
				t.Fatal(err)
			}
		}
		staff := a.Token("staff")
		caseOf := func(opinionID string) *assist.Case {
			var list struct{ Items []*assist.Case }
			a.Call("GET", "/api/v1/cases", staff, nil).JSON(t, &list)
			for _, c := range list.Items {
				var k assist.Case
				a.Call("GET", "/api/v1/cases/"+c.ID, staff, nil).JSON(t, &k)
				for _, it := range k.Items {
					if it.ID == opinionID {
						return &k
					}
				}
			}
			return nil
		}

		first, second := order(0), order(1)
		sweep()
		k := caseOf(second)
		if k == nil || k.State != assist.CaseOpen || k.Size != 2 || len(k.Items) != 2 || k.Items[0].ID != first || k.Items[0].Kind != "hotline" {
			t.Fatalf("two near-duplicate orders make no open case of 2: %+v", k)
		}

		// Both are dealt with: the case closes.
		set, err := a.DB.Settings(ctx)
		if err != nil {
			t.Fatal(err)
		}
		for _, id := range []string{first, second} {
			if _, err := a.DB.ActOnOpinion(ctx, a.World.Staff, id, "close", renda.V("reason", set.Strings("opinion.close_reasons")[0], "text", "已由村里组织疏通。")); err != nil {
				t.Fatal(err)
			}
		}
		sweep()
		if k = caseOf(second); k == nil || k.State != assist.CaseClosed {
			t.Fatalf("a case whose items are all closed stays %+v", k)
		}

		// A new order about the same problem reopens it.
		third := order(2)
		sweep()
		if k = caseOf(third); k == nil || k.State != assist.CaseOpen || k.Size != 3 {
			t.Fatalf("a new order about a closed case does not reopen it: %+v", k)
		}
		hist, err := a.DB.History(ctx, "assist_case", k.ID)
		if err != nil {
			t.Fatal(err)
		}
		reopened := false
		for _, h := range hist {
			reopened = reopened || (h.Action == "reopen" && h.From == assist.CaseClosed && h.To == assist.CaseOpen)
		}
		if !reopened {
			t.Errorf("the case's history does not show it reopened: %+v", hist)
		}

		// At the settable size (5) it is proposed to the township's deputies.
		order(3)
		order(4)
		sweep()
		if k = caseOf(third); k == nil || k.State != assist.CaseProposed || k.Size != 5 || k.ProposedAt.IsZero() {
			t.Fatalf("a case of 5 is not proposed: %+v", k)
		}

		// Who sees what.
		if r := a.Call("GET", "/api/v1/cases", a.Token("unit"), nil); r.Status != 403 {
			t.Errorf("a unit clerk lists cases: %d", r.Status)
		}
		for _, user := range []string{"deputy", "deputy2"} {
			tok := a.Token(user)
			var list struct{ Items []*assist.Case }
			a.Call("GET", "/api/v1/cases", tok, nil).JSON(t, &list)
			listed := false
			for _, c := range list.Items {
				listed = listed || c.ID == k.ID
			}
			r := a.Call("GET", "/api/v1/cases/"+k.ID, tok, nil)
			if listed != (r.Status == 200) || (!listed && r.Status != 404) {
				t.Errorf("%s: case listed %v but opens with %d", user, listed, r.Status)
			}
			var mine assist.Case
			if r.Status == 200 {
				r.JSON(t, &mine)
			}
			for _, it := range mine.Items {
				if got := a.Call("GET", "/api/v1/opinions/"+it.ID, tok, nil).Status; got != 200 {
					t.Errorf("%s: the case shows %s, which they may not open (%d)", user, it.ID, got)
				}
			}
		}
	})
}
