package store_test

import (
	"context"
	"crypto/sha256"
	"fmt"
	"sort"
	"strings"
	"testing"

	"renda"
	"renda/internal/store"
	"renda/internal/storetest"
	"renda/opinion"
	"renda/station"
)

// synthetic fills a fresh database of dialect d (the small fixture county
// with one station) with the synthetic data of n and returns a fingerprint
// of what was made: ids, texts, states and dates of every item.
func synthetic(t *testing.T, d store.Dialect, n int) (*store.DB, *storetest.Fix, string) {
	t.Helper()
	ctx := context.Background()
	db := storetest.Open(t, d, nil)
	f := storetest.Fixture(t, db)
	st := &station.Station{Code: "sbaifang", Name: "柏坊镇人大代表联络站", Kind: station.Township, RegionID: f.Town1.ID, Address: "柏坊镇政府", Active: true}
	if err := db.SaveStation(ctx, f.Staff, st); err != nil {
		t.Fatal(err)
	}
	if err := db.SetStationDeputies(ctx, f.Staff, st.ID, []string{f.Deputy1.ID}, ""); err != nil {
		t.Fatal(err)
	}
	c, err := db.SeedSynthetic(ctx, n, nil)
	if err != nil {
		t.Fatal(err)
	}
	if c.Suggestions != n || c.Opinions+c.Hotline != store.SyntheticPerSuggestion*n || c.Hotline == 0 || c.Opinions == 0 {
		t.Fatalf("counts: %+v", c)
	}
	return db, f, fingerprint(t, db)
}

func fingerprint(t *testing.T, db *store.DB) string {
	t.Helper()
	raw := store.RawDB(db)
	var lines []string
	for _, q := range []string{
		`SELECT id || '|' || kind || '|' || number || '|' || title || '|' || body || '|' || status || '|' || category || '|' || COALESCE(due_on, '') || '|' || created_at || '|' || updated_at FROM suggestions`,
		`SELECT id || '|' || tracking_code || '|' || channel || '|' || state || '|' || content || '|' || COALESCE(due, '') || '|' || answer || '|' || unit_reply || '|' || created_at FROM opinions`,
		`SELECT number || '|' || content || '|' || due_at FROM hotline_orders`,
		`SELECT kind || '|' || id || '|' || title || '|' || body FROM search_docs WHERE kind IN ('opinion', 'hotline', 'suggestion')`,
	} {
		rows, err := raw.Query(q)
		if err != nil {
			t.Fatal(err)
		}
		for rows.Next() {
			var s string
			if err := rows.Scan(&s); err != nil {
				t.Fatal(err)
			}
			lines = append(lines, s)
		}
		rows.Close()
	}
	sort.Strings(lines)
	h := sha256.New()
	for _, l := range lines {
		fmt.Fprintln(h, l)
	}
	return fmt.Sprintf("%d lines %x", len(lines), h.Sum(nil))
}

// TestSyntheticSeed: renda seed --synthetic N adds N suggestions and 20×N
// opinions and 12345 orders, indexed for search, the same for the same N
// (on either database), different for another N; the same N twice is
// refused.
func TestSyntheticSeed(t *testing.T) {
	ctx := context.Background()
	prints := map[store.Dialect]string{}
	for _, d := range storetest.Dialects(t) {
		t.Run(d.String(), func(t *testing.T) {
			db, f, print := synthetic(t, d, 40)
			prints[d] = print
			count := func(q string, args ...any) int {
				var n int
				if d == store.Postgres {
					q = strings.Replace(q, "?", "$1", 1)
				}
				if err := store.RawDB(db).QueryRow(q, args...).Scan(&n); err != nil {
					t.Fatal(err)
				}
				return n
			}
			if n := count("SELECT COUNT(*) FROM suggestions"); n != 40 {
				t.Errorf("suggestions: %d", n)
			}
			ops, orders := count("SELECT COUNT(*) FROM opinions"), count("SELECT COUNT(*) FROM hotline_orders")
			if ops != 800 || orders == 0 || count("SELECT COUNT(*) FROM opinions WHERE channel = 'hotline'") != orders {
				t.Errorf("opinions %d, orders %d", ops, orders)
			}
			if n := count("SELECT COUNT(*) FROM search_docs WHERE kind IN ('opinion', 'hotline')"); n != 800 {
				t.Errorf("indexed: %d", n)
			}
			sugs := count("SELECT COUNT(*) FROM suggestions")
			if n := count("SELECT COUNT(*) FROM search_docs d JOIN suggestions s ON s.id = d.id AND d.kind = 'suggestion'"); n != sugs {
				t.Errorf("suggestions indexed: %d of %d", n, sugs)
			}
			if n := count("SELECT COUNT(*) FROM suggestions WHERE lead_unit_id IS NOT NULL AND status IN ('assigned','replied','rehandling','closed')"); n == 0 {
				t.Error("no suggestion is being handled")
			}
			// Search finds what a scan finds, for staff: opinions, orders and
			// suggestions past the draft (路灯 is in opinions, 建议 in every
			// suggestion's title).
			searched := func() {
				t.Helper()
				for _, term := range []string{"路灯", "建议"} {
					like := "'%" + term + "%'"
					sugHas := "(s.title LIKE " + like + " OR s.grounds LIKE " + like + " OR s.body LIKE " + like + ")"
					want := count("SELECT COUNT(*) FROM opinions WHERE content LIKE " + like + " OR answer LIKE " + like + " OR unit_reply LIKE " + like)
					wantSugs := count("SELECT COUNT(*) FROM suggestions s WHERE s.status <> 'draft' AND " + sugHas)
					res, err := db.Search(ctx, f.Staff, store.SearchFilter{Q: term})
					if err != nil {
						t.Fatal(err)
					}
					if res.Total != want+wantSugs || term == "路灯" && want == 0 || term == "建议" && wantSugs == 0 {
						t.Errorf("search %s: %d, scan: %d opinions and orders, %d suggestions", term, res.Total, want, wantSugs)
					}
					// A unit finds only what was forwarded or assigned to it.
					res, err = db.Search(ctx, f.UnitUser, store.SearchFilter{Q: term})
					if err != nil {
						t.Fatal(err)
					}
					w := count("SELECT COUNT(*) FROM opinions WHERE content LIKE "+like+" AND forward_org_id = ?", f.Unit1.ID) +
						count("SELECT COUNT(*) FROM suggestions s WHERE s.status <> 'draft' AND "+sugHas+" AND s.id IN (SELECT suggestion_id FROM suggestion_units WHERE org_id = ?)", f.Unit1.ID)
					if res.Total != w {
						t.Errorf("unit's search %s: %d, want %d", term, res.Total, w)
					}
				}
			}
			searched()
			// A database seeded by an earlier generator, whose suggestions
			// were not indexed: the next seeding indexes them.
			raw := store.RawDB(db)
			for _, q := range []string{"DELETE FROM search_fts WHERE rowid IN (SELECT doc FROM search_docs WHERE kind = 'suggestion')",
				"DELETE FROM search_readers WHERE doc IN (SELECT doc FROM search_docs WHERE kind = 'suggestion')",
				"DELETE FROM search_docs WHERE kind = 'suggestion'"} {
				if d == store.Postgres && strings.Contains(q, "search_fts") {
					continue
				}
				if _, err := raw.Exec(q); err != nil {
					t.Fatal(err)
				}
			}
			if _, err := db.SeedSynthetic(ctx, 3, nil); err != nil {
				t.Fatal(err)
			}
			sugs = count("SELECT COUNT(*) FROM suggestions")
			if n := count("SELECT COUNT(*) FROM search_docs d JOIN suggestions s ON s.id = d.id AND d.kind = 'suggestion'"); n != sugs || sugs != 43 {
				t.Errorf("after reseeding, suggestions indexed: %d of %d", n, sugs)
			}
			searched()
			// The same N again is refused and adds nothing.
			if _, err := db.SeedSynthetic(ctx, 40, nil); renda.ErrorCode(err) != renda.ECONFLICT {
				t.Errorf("same N twice: %v", err)
			}
			if n := count("SELECT COUNT(*) FROM suggestions"); n != 43 {
				t.Errorf("after the refusal: %d", n)
			}
			// Deterministic: the same N on a fresh database makes the same
			// items; another N other items.
			if _, _, again := synthetic(t, d, 40); again != print {
				t.Errorf("same N, different content:\n%s\n%s", print, again)
			}
			if _, _, other := synthetic(t, d, 41); other == print {
				t.Error("another N, same content")
			}
		})
	}
	if len(prints) == 2 && prints[store.SQLite] != prints[store.Postgres] {
		t.Errorf("SQLite and PostgreSQL differ:\n%s\n%s", prints[store.SQLite], prints[store.Postgres])
	}
}

// BenchmarkSyntheticSeed measures the generator: b.N batches of 100
// suggestions and 2,000 opinions and orders on SQLite.
func BenchmarkSyntheticSeed(b *testing.B) {
	ctx := context.Background()
	db := storetest.Open(b, store.SQLite, nil)
	storetest.Fixture(b, db)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := db.SeedSynthetic(ctx, 100+i, nil); err != nil {
			b.Fatal(err)
		}
	}
}

// TestOpinionListOrderAndPages: the opinion list gives open items first,
// soonest due first, then the rest newest first — and page by page it
// gives the same items as one long page (the two halves are two queries).
func TestOpinionListOrderAndPages(t *testing.T) {
	ctx := context.Background()
	for _, d := range storetest.Dialects(t) {
		t.Run(d.String(), func(t *testing.T) {
			db, f, _ := synthetic(t, d, 12) // 240 opinions and orders
			// The staff's totals come from opinion_counts: the same as a count,
			// also after a change of state made outside the store.
			raw := store.RawDB(db)
			q := func(s string) string {
				if d == store.Postgres {
					return strings.Replace(s, "?", "$1", 1)
				}
				return s
			}
			check := func(when string) {
				t.Helper()
				for _, state := range []string{"", "open", opinion.Closed, opinion.Submitted} {
					_, total, err := db.Opinions(ctx, f.Staff, opinion.Filter{State: state, Limit: 1})
					if err != nil {
						t.Fatal(err)
					}
					cond, args := "", []any{}
					switch state {
					case "":
						cond = "1 = 1"
					case "open":
						cond = "state IN ('submitted','received','forwarded','handling','replied')"
					default:
						cond, args = "state = ?", []any{state}
					}
					var want int
					if err := raw.QueryRow(q("SELECT COUNT(*) FROM opinions WHERE "+cond), args...).Scan(&want); err != nil {
						t.Fatal(err)
					}
					if total != want || (state == "" && want == 0) {
						t.Errorf("%s: total of %q %d, count %d", when, state, total, want)
					}
					// The home page's figure (CountOpinions) alike.
					if n, err := db.CountOpinions(ctx, f.Staff, opinion.Filter{State: state}); err != nil || n != want {
						t.Errorf("%s: figure of %q %d, count %d (%v)", when, state, n, want, err)
					}
				}
			}
			check("after seeding")
			var id string
			if err := raw.QueryRow("SELECT id FROM opinions WHERE state = 'submitted' ORDER BY id LIMIT 1").Scan(&id); err != nil {
				t.Fatal(err)
			}
			if _, err := raw.Exec(q("UPDATE opinions SET state = 'closed' WHERE id = ?"), id); err != nil {
				t.Fatal(err)
			}
			if _, err := raw.Exec(q("UPDATE opinions SET category = '其他' WHERE id = ?"), id); err != nil {
				t.Fatal(err)
			}
			check("after a change of state")
			for _, viewer := range []*renda.User{f.Staff, f.UnitUser} {
				all, total, err := db.Opinions(ctx, viewer, opinion.Filter{Limit: 500})
				if err != nil {
					t.Fatal(err)
				}
				if len(all) != total || total == 0 {
					t.Fatalf("%s: %d items, total %d", viewer.Username, len(all), total)
				}
				seenClosed := false
				for i, o := range all {
					if !o.Open() {
						seenClosed = true
						if i > 0 && !all[i-1].Open() && all[i-1].CreatedAt.Before(o.CreatedAt) {
							t.Errorf("%s: closed items not newest first at %d", viewer.Username, i)
						}
						continue
					}
					if seenClosed {
						t.Fatalf("%s: open item %d after a closed one", viewer.Username, i)
					}
					if i > 0 && all[i-1].Open() && o.Due.Before(all[i-1].Due) {
						t.Errorf("%s: open items not soonest due first at %d", viewer.Username, i)
					}
				}
				var paged []string
				for off := 0; off < total; off += 7 {
					page, n, err := db.Opinions(ctx, viewer, opinion.Filter{Limit: 7, Offset: off})
					if err != nil {
						t.Fatal(err)
					}
					if n != total {
						t.Fatalf("total %d on a page, %d in all", n, total)
					}
					for _, o := range page {
						paged = append(paged, o.ID)
					}
				}
				if len(paged) != len(all) {
					t.Fatalf("%s: %d paged, %d in one page", viewer.Username, len(paged), len(all))
				}
				for i := range all {
					if paged[i] != all[i].ID {
						t.Fatalf("%s: item %d differs between pages and one page", viewer.Username, i)
					}
				}
				// Overdue: open and past due only.
				over, _, err := db.Opinions(ctx, viewer, opinion.Filter{State: "overdue", Limit: 500})
				if err != nil {
					t.Fatal(err)
				}
				for _, o := range over {
					if !o.Open() {
						t.Errorf("overdue list holds a %s item", o.State)
					}
				}
			}
		})
	}
}
