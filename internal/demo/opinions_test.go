package demo_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"renda"
	"renda/internal/demo"
	"renda/internal/store"
	"renda/internal/storetest"
	"renda/opinion"
	"renda/station"
)

// TestDemoStationsAndOpinions loads the demo county and checks the station
// network and the citizens' opinions it tells the story with.
func TestDemoStationsAndOpinions(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		start := time.Now()
		w, err := demo.Load(ctx, db, nil)
		if err != nil {
			t.Fatal(err)
		}
		t.Logf("demo loaded in %s", time.Since(start).Round(time.Millisecond))
		stations, _, err := db.Stations(ctx, station.Filter{Limit: 500})
		if err != nil {
			t.Fatal(err)
		}
		towns := map[string]bool{}
		levels := map[renda.Level]bool{}
		kinds := map[station.Kind]int{}
		sectors := map[string]bool{}
		for _, s := range stations {
			if s.Kind == station.Township {
				towns[s.TownshipID] = true
			}
			kinds[s.Kind]++
			sectors[s.Sector] = true
			for _, m := range s.Members {
				levels[m.Level] = true
			}
		}
		if len(towns) != len(w.Townships) {
			t.Errorf("township stations in %d of %d townships", len(towns), len(w.Townships))
		}
		for _, l := range renda.Levels {
			if !levels[l] {
				t.Errorf("no %s deputy stationed", l)
			}
		}
		if kinds[station.Village] == 0 || !sectors["茶叶产业"] || !sectors["医疗卫生"] {
			t.Errorf("kinds %v sectors %v", kinds, sectors)
		}
		codes, err := db.StationCodesOf(ctx, w.Deputy1.DeputyID)
		if err != nil || !slices.Contains(codes, demo.TashanStation) {
			t.Errorf("demo deputy serves %v (%v), want %s", codes, err, demo.TashanStation)
		}
		all, total, err := db.Opinions(ctx, w.Staff, opinion.Filter{Limit: 1})
		if err != nil {
			t.Fatal(err)
		}
		_ = all
		orders, ordersTotal, err := db.HotlineOrders(ctx, w.Staff, store.HotlineFilter{Limit: 1})
		if err != nil || ordersTotal != 200 || len(orders) != 1 {
			t.Errorf("hotline orders: %d %v", ordersTotal, err)
		}
		if others := total - ordersTotal; others < 450 || others > 560 {
			t.Errorf("%d opinions besides the orders, want about 500", others)
		}
		for _, st := range opinion.Flow.States {
			_, n, err := db.Opinions(ctx, w.Staff, opinion.Filter{State: st.State, Limit: 1})
			if err != nil || n == 0 {
				t.Errorf("no opinion in state %s (%v)", st.State, err)
			}
		}
		for _, ch := range opinion.Channels {
			if _, n, err := db.Opinions(ctx, w.Staff, opinion.Filter{Channel: ch, Limit: 1}); err != nil || n == 0 {
				t.Errorf("no opinion of channel %s (%v)", ch, err)
			}
		}
		_, mine, err := db.Opinions(ctx, w.Deputy1, opinion.Filter{State: "open", Limit: 1})
		if err != nil || mine == 0 {
			t.Errorf("the demo deputy's inbox is empty (%v)", err)
		}
		_, units, err := db.Opinions(ctx, w.Unit1, opinion.Filter{Limit: 1})
		if err != nil || units == 0 {
			t.Errorf("the demo unit has nothing forwarded (%v)", err)
		}
		rec, _, err := db.Receptions(ctx, "", 1, 0)
		if err != nil || len(rec) == 0 {
			t.Errorf("no reception log (%v)", err)
		}
		if n, err := db.VerifyAudit(ctx); err != nil {
			t.Errorf("audit after %d records: %v", n, err)
		}
	})
}
