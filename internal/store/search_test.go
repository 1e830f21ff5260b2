package store_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"

	"renda"
	"renda/internal/store"
	"renda/internal/storetest"
	"renda/opinion"
)

func found(t *testing.T, db *store.DB, viewer *renda.User, q string) ([]string, int) {
	t.Helper()
	res, err := db.Search(context.Background(), viewer, store.SearchFilter{Q: q, Limit: 100})
	if err != nil {
		t.Fatalf("search %q: %v", q, err)
	}
	var ids []string
	for _, h := range res.Items {
		ids = append(ids, h.Kind+":"+h.ID)
	}
	return ids, res.Total
}

// TestSearch: short Chinese words and Latin/digit words are found; an edit
// is searchable at once; readers are part of the query, so a unit never
// finds another unit's item, not even in the count; the public find only
// public items.
func TestSearch(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := storetest.Fixture(t, db)
		s := stationFixture(t, db, f)
		submit := func(content string) *opinion.Opinion {
			o, err := db.SubmitOpinion(ctx, nil, opinion.Submission{Channel: opinion.ChannelQR, StationCode: s.Code, Content: content, Consent: true}, nil)
			if err != nil {
				t.Fatal(err)
			}
			return o
		}
		lamp := submit("村口的路灯坏了三个月，晚上看不见路。")
		water := submit("G356 旁边的水库堤坝渗水，请尽快处理。")
		other := submit("小学门口早晚上学时段交通拥堵。")

		for _, c := range []struct {
			q    string
			want []string
		}{
			{"路灯", []string{lamp.ID}},
			{"水", []string{water.ID}},
			{"水库", []string{water.ID}},
			{"g356", []string{water.ID}},
			{"G356 渗水", []string{water.ID}},
			{"路灯坏了", []string{lamp.ID}},
			{"灯坏路", nil},
			{"上学", []string{other.ID}},
			{"晚上", []string{lamp.ID, other.ID}},
		} {
			ids, total := found(t, db, f.Staff, c.q)
			var want []string
			for _, id := range c.want {
				want = append(want, "opinion:"+id)
			}
			slices.Sort(ids)
			slices.Sort(want)
			if !slices.Equal(ids, want) || total != len(want) {
				t.Errorf("%q: found %v (total %d), want %v", c.q, ids, total, want)
			}
		}
		// The station is public.
		if ids, _ := found(t, db, nil, "柏坊"); !slices.Contains(ids, "station:"+s.ID) {
			t.Errorf("public search for the station: %v", ids)
		}
		if ids, total := found(t, db, nil, "路灯"); len(ids) != 0 || total != 0 {
			t.Errorf("the public find an opinion: %v (%d)", ids, total)
		}

		// Forwarded to unit 1: its users find it, unit 2's do not, not even counted.
		if _, err := db.ActOnOpinion(ctx, f.DeputyUser, lamp.ID, "forward", renda.V("to", "unit", "org_id", f.Unit1.ID)); err != nil {
			t.Fatal(err)
		}
		if ids, _ := found(t, db, f.UnitUser, "路灯"); !slices.Equal(ids, []string{"opinion:" + lamp.ID}) {
			t.Errorf("unit 1: %v", ids)
		}
		if ids, total := found(t, db, f.UnitUser2, "路灯"); len(ids) != 0 || total != 0 {
			t.Errorf("unit 2 finds %v (total %d)", ids, total)
		}
		if ids, _ := found(t, db, f.UnitUser, "水库"); len(ids) != 0 {
			t.Errorf("unit 1 finds what was not forwarded to it: %v", ids)
		}
		// An edit is searchable at once: the unit's reply.
		for _, step := range []struct{ action, text string }{{"sign", ""}, {"reply", "已更换为太阳能路灯并加装感应开关。"}} {
			if _, err := db.ActOnOpinion(ctx, f.UnitUser, lamp.ID, step.action, renda.V("text", step.text)); err != nil {
				t.Fatal(err)
			}
		}
		if ids, _ := found(t, db, f.DeputyUser, "太阳能"); !slices.Equal(ids, []string{"opinion:" + lamp.ID}) {
			t.Errorf("the reply is not searchable: %v", ids)
		}
		// Matches in the title come before matches in the body.
		res, err := db.Search(ctx, f.Staff, store.SearchFilter{Q: "柏坊", Limit: 10})
		if err != nil {
			t.Fatal(err)
		}
		if len(res.Items) == 0 || res.Items[0].Kind != "station" || !strings.Contains(res.Items[0].Marked, "<mark>柏坊</mark>") {
			t.Errorf("ranking or highlight: %+v", res.Items)
		}
		if res.Facets["kind"] == nil {
			t.Errorf("no kind facet: %+v", res.Facets)
		}
		// A rebuilt index finds the same.
		if err := db.ReindexSearch(ctx); err != nil {
			t.Fatal(err)
		}
		if ids, _ := found(t, db, f.UnitUser, "太阳能"); !slices.Equal(ids, []string{"opinion:" + lamp.ID}) {
			t.Errorf("after reindex: %v", ids)
		}
	})
}

// TestCreditsAccrueInTheSameTransaction: answering a citizen credits the
// handling deputy's duty record at once; a reception day credits each
// deputy who received.
func TestCreditsAccrueInTheSameTransaction(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := storetest.Fixture(t, db)
		s := stationFixture(t, db, f)
		o, err := db.SubmitOpinion(ctx, nil, opinion.Submission{Channel: opinion.ChannelQR, StationCode: s.Code, Content: "桥头护栏松动，小孩上学危险。", Consent: true}, nil)
		if err != nil {
			t.Fatal(err)
		}
		before, _ := db.DutyCredits(ctx, f.Deputy1.ID, 0)
		if _, err := db.ActOnOpinion(ctx, f.DeputyUser, o.ID, "answer", renda.V("text", "已请镇政府加固。")); err != nil {
			t.Fatal(err)
		}
		after, err := db.DutyCredits(ctx, f.Deputy1.ID, 0)
		if err != nil {
			t.Fatal(err)
		}
		if len(after) != len(before)+1 || after[0].Kind != "opinion" || after[0].EntityID != o.ID {
			t.Errorf("credits after answering: %+v (before %d)", after, len(before))
		}
		if other, _ := db.DutyCredits(ctx, f.Deputy2.ID, 0); len(other) != 0 {
			t.Errorf("deputy 2 credited: %+v", other)
		}
	})
}

// TestSearchCapped: a term found in more items than the cap is ranked in
// batches of the cap, newest first; its total is a lower bound until the
// last batch; walking the pages gives every hit once; a unit's capped
// search never counts or shows another unit's item.
func TestSearchCapped(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := storetest.Fixture(t, db)
		s := stationFixture(t, db, f)
		defer store.SetSearchCap(5)()
		units := map[string][]string{} // org → its opinions
		all := map[string]bool{}
		for i := range 14 {
			content := fmt.Sprintf("第%d处路灯坏了，晚上看不见路。", i)
			if i%3 == 2 { // 路灯 only in the body, past the title's 30 characters
				content = fmt.Sprintf("第%d处：村口那条新修的水泥路两边的照明设施已经好几个月不亮了，附近的路灯杆也歪了。", i)
			}
			o, err := db.SubmitOpinion(ctx, nil, opinion.Submission{Channel: opinion.ChannelQR, StationCode: s.Code, Content: content, Consent: true}, nil)
			if err != nil {
				t.Fatal(err)
			}
			all["opinion:"+o.ID] = true
			org := map[bool]string{true: f.Unit1.ID, false: f.Unit2.ID}[i%2 == 0]
			if i >= 12 {
				continue // not forwarded
			}
			if _, err := db.ActOnOpinion(ctx, f.DeputyUser, o.ID, "forward", renda.V("to", "unit", "org_id", org)); err != nil {
				t.Fatal(err)
			}
			units[org] = append(units[org], "opinion:"+o.ID)
		}
		// walk reads every page by Next and checks each batch's ranking.
		walk := func(viewer *renda.User, limit int) (hits []string, totals []int, bounds []bool) {
			t.Helper()
			fl := store.SearchFilter{Q: "路灯", Limit: limit}
			for range 100 {
				res, err := db.Search(ctx, viewer, fl)
				if err != nil {
					t.Fatal(err)
				}
				for _, h := range res.Items {
					hits = append(hits, h.Kind+":"+h.ID)
				}
				totals, bounds = append(totals, res.Total), append(bounds, res.TotalIsLowerBound)
				if res.TotalIsLowerBound && (res.Total != fl.After.Before+5 || !res.FacetsCapped) {
					t.Errorf("capped page: total %d after %d, facets capped %v", res.Total, fl.After.Before, res.FacetsCapped)
				}
				if res.Next == nil {
					return
				}
				fl = *res.Next
			}
			t.Fatal("pages do not end")
			return
		}
		// Staff: 14 hits in batches of 5, 5 and 4, each hit once.
		hits, totals, bounds := walk(f.Staff, 2)
		seen := map[string]bool{}
		for _, h := range hits {
			if seen[h] || !all[h] {
				t.Errorf("hit %s twice or unexpected", h)
			}
			seen[h] = true
		}
		if len(seen) != len(all) {
			t.Errorf("walked %d hits, want %d: %v", len(seen), len(all), hits)
		}
		if !bounds[0] || totals[0] != 5 || bounds[len(bounds)-1] || totals[len(totals)-1] != len(all) {
			t.Errorf("totals %v, lower bounds %v", totals, bounds)
		}
		// The same walk with another page size gives the same order.
		if again, _, _ := walk(f.Staff, 3); !slices.Equal(again, hits) {
			t.Errorf("pages of 3 give %v, pages of 2 %v", again, hits)
		}
		// Within the first batch, title matches come first.
		first, err := db.Search(ctx, f.Staff, store.SearchFilter{Q: "路灯", Limit: 5})
		if err != nil {
			t.Fatal(err)
		}
		inTitle := true
		for _, h := range first.Items {
			has := strings.Contains(h.Title, "路灯")
			if has && !inTitle {
				t.Errorf("a title match after a body match: %+v", first.Items)
			}
			inTitle = has
		}
		// Units: only their own items, in every count.
		for _, c := range []struct {
			user *renda.User
			org  string
		}{{f.UnitUser, f.Unit1.ID}, {f.UnitUser2, f.Unit2.ID}} {
			hits, totals, _ := walk(c.user, 2)
			want := slicesClone(units[c.org])
			slices.Sort(want)
			got := slicesClone(hits)
			slices.Sort(got)
			if !slices.Equal(got, want) {
				t.Errorf("unit %s finds %v, want %v", c.org, got, want)
			}
			for _, n := range totals {
				if n > len(want) {
					t.Errorf("unit %s counts %d, has %d", c.org, n, len(want))
				}
			}
			res, err := db.Search(ctx, c.user, store.SearchFilter{Q: "路灯"})
			if err != nil {
				t.Fatal(err)
			}
			for _, fc := range res.Facets["unit"] {
				if fc.Value != c.org {
					t.Errorf("unit %s's facets count another unit: %+v", c.org, res.Facets["unit"])
				}
			}
		}
		// Under the cap, as before: exact totals.
		if res, err := db.Search(ctx, f.Staff, store.SearchFilter{Q: "第3处"}); err != nil || res.Total != 1 || res.TotalIsLowerBound || res.Next != nil {
			t.Errorf("selective term: %+v, %v", res, err)
		}
	})
}

func slicesClone(s []string) []string { return append([]string(nil), s...) }

// TestSearchTitleTier: an item is in the title tier when every term is in
// its title, for the staff and for a unit (whose search reads its readable
// items another way): one term in the title and another only in the body
// ranks with the body matches, below an older item holding both terms in
// its title.
func TestSearchTitleTier(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := storetest.Fixture(t, db)
		s := stationFixture(t, db, f)
		var ids []string
		for _, content := range []string{
			"路灯和水泥路都坏了，请尽快修好。",                          // both terms in the title (older)
			"第1处：村口那条新修的水泥路两边的照明设施已经好几个月不亮了，附近的路灯杆也歪了。", // 水泥 in the title, 路灯 in the body
			"第2处：村口那条新修的水泥路两边的照明设施已经好几个月不亮了，附近的路灯杆也歪了。",
		} {
			o, err := db.SubmitOpinion(ctx, nil, opinion.Submission{Channel: opinion.ChannelQR, StationCode: s.Code, Content: content, Consent: true}, nil)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := db.ActOnOpinion(ctx, f.DeputyUser, o.ID, "forward", renda.V("to", "unit", "org_id", f.Unit1.ID)); err != nil {
				t.Fatal(err)
			}
			ids = append(ids, o.ID)
		}
		for _, viewer := range []*renda.User{f.Staff, f.UnitUser} {
			for _, q := range []string{"路灯 水泥", "路灯"} {
				res, err := db.Search(ctx, viewer, store.SearchFilter{Q: q, Limit: 10})
				if err != nil {
					t.Fatal(err)
				}
				var got []string
				for _, h := range res.Items {
					got = append(got, h.ID)
				}
				// One term (路灯): only the first has it in the title.
				if want := []string{ids[0], ids[2], ids[1]}; !slices.Equal(got, want) {
					t.Errorf("%s searching %q: %v, want %v (title tier first, then newest first)", viewer.Role, q, got, want)
				}
			}
		}
	})
}

// TestSearchReaderLexemesMigrated: on PostgreSQL the readers are lexemes of
// the entries' tsvectors, and a unit's search asks the GIN index for them.
// Migration 01743 gives the entries indexed before it exactly the lexemes
// indexing writes: stripped of them and migrated, every entry is as it was,
// and each unit again finds what it may read and nothing else.
func TestSearchReaderLexemesMigrated(t *testing.T) {
	if !slices.Contains(storetest.Dialects(t), store.Postgres) {
		t.Skip("PostgreSQL only (set RENDA_TEST_POSTGRES): SQLite keeps its readers beside the FTS5 rows")
	}
	ctx := context.Background()
	db := storetest.Open(t, store.Postgres, nil)
	f := storetest.Fixture(t, db)
	s := stationFixture(t, db, f)
	o, err := db.SubmitOpinion(ctx, nil, opinion.Submission{Channel: opinion.ChannelQR, StationCode: s.Code, Content: "村口的路灯坏了三个月，水沟也堵了。", Consent: true}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.ActOnOpinion(ctx, f.DeputyUser, o.ID, "forward", renda.V("to", "unit", "org_id", f.Unit1.ID)); err != nil {
		t.Fatal(err)
	}
	raw := store.RawDB(db)
	snapshot := func() string {
		var sum string
		if err := raw.QueryRow("SELECT string_agg(doc || ':' || uni::text || '|' || bi::text, ';' ORDER BY doc) FROM search_docs").Scan(&sum); err != nil {
			t.Fatal(err)
		}
		return sum
	}
	check := func(when string) {
		t.Helper()
		if ids, total := found(t, db, f.UnitUser, "路灯"); !slices.Equal(ids, []string{"opinion:" + o.ID}) || total != 1 {
			t.Errorf("%s: unit 1 finds %v (%d)", when, ids, total)
		}
		if ids, total := found(t, db, f.UnitUser2, "水"); len(ids) != 0 || total != 0 {
			t.Errorf("%s: unit 2 finds %v (%d)", when, ids, total)
		}
		if ids, _ := found(t, db, nil, "柏坊"); !slices.Contains(ids, "station:"+s.ID) {
			t.Errorf("%s: the public do not find the station: %v", when, ids)
		}
	}
	check("indexed")
	before := snapshot()
	if !strings.Contains(before, "'@org:"+f.Unit1.ID+"'") || !strings.Contains(before, "'@public'") {
		t.Fatalf("no reader lexemes in the index: %.300s", before)
	}
	if _, err := raw.Exec("UPDATE search_docs SET uni = ts_filter(uni, '{a,b}'), bi = ts_filter(bi, '{a,b}')"); err != nil {
		t.Fatal(err)
	}
	if ids, _ := found(t, db, f.UnitUser, "路灯"); len(ids) != 0 {
		t.Errorf("without lexemes unit 1 still finds %v: the test does not reach the lexemes", ids)
	}
	up, err := store.MigrationUp(store.Postgres, "01743_search_reader_lexemes")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := raw.Exec(up); err != nil {
		t.Fatal(err)
	}
	if after := snapshot(); after != before {
		t.Errorf("migrated entries differ from indexed ones:\n%.400s\n%.400s", after, before)
	}
	check("migrated")
}
