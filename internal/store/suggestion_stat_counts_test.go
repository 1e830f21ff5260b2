package store_test

import (
	"context"
	"database/sql"
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"

	"renda"
	"renda/internal/store"
	"renda/internal/storetest"
	"renda/suggestion"
)

// statMargins are the narrow summary tables of the statistics (migration
// 01720), each with its rows read and recounted from the items.
var statMargins = func() []struct{ table, read, recount string } {
	year := "COALESCE(CAST(substr(s.submitted_at, 1, 4) AS INTEGER) + CASE WHEN substr(s.submitted_at, 6) >= '12-31T16:00:00.000000Z' THEN 1 ELSE 0 END, 0)"
	sums := `COUNT(*), SUM(CASE WHEN s.due_on IS NOT NULL OR s.first_replied_on IS NOT NULL THEN 1 ELSE 0 END),
		SUM(CASE WHEN s.first_replied_on IS NOT NULL THEN 1 ELSE 0 END),
		SUM(CASE WHEN s.first_replied_on IS NOT NULL AND s.replied_on_time THEN 1 ELSE 0 END),
		SUM(CASE WHEN s.rehandled > 0 THEN 1 ELSE 0 END), SUM(CASE WHEN s.priority THEN 1 ELSE 0 END)`
	nonzero := " WHERE n <> 0 OR assigned <> 0 OR replied <> 0 OR on_time <> 0 OR rehandled <> 0 OR priority <> 0"
	return []struct{ table, read, recount string }{
		{"suggestion_stat_categories",
			"SELECT year, session_id, kind, status, category, reply_category, rating, n, assigned, replied, on_time, rehandled, priority, published, during FROM suggestion_stat_categories" +
				nonzero + " OR published <> 0 OR during <> 0 ORDER BY 1, 2, 3, 4, 5, 6, 7",
			"SELECT " + year + ", COALESCE(s.session_id, ''), s.kind, s.status, s.category, s.reply_category, s.rating, " + sums + `,
				SUM(CASE WHEN s.published_at IS NOT NULL THEN 1 ELSE 0 END), SUM(CASE WHEN s.during_session THEN 1 ELSE 0 END)
				FROM suggestions s GROUP BY 1, 2, 3, 4, 5, 6, 7 ORDER BY 1, 2, 3, 4, 5, 6, 7`},
		{"suggestion_stat_delegations",
			"SELECT year, session_id, kind, status, delegation_id, reply_category, rating, n, assigned, replied, on_time, rehandled, priority FROM suggestion_stat_delegations" +
				nonzero + " ORDER BY 1, 2, 3, 4, 5, 6, 7",
			"SELECT " + year + ", COALESCE(s.session_id, ''), s.kind, s.status, COALESCE(s.delegation_id, ''), s.reply_category, s.rating, " + sums + `
				FROM suggestions s GROUP BY 1, 2, 3, 4, 5, 6, 7 ORDER BY 1, 2, 3, 4, 5, 6, 7`},
		{"suggestion_stat_units",
			"SELECT year, session_id, org_id, lead, kind, status, reply_category, rating, n, assigned, replied, on_time, rehandled, priority FROM suggestion_stat_units" +
				nonzero + " ORDER BY 1, 2, 3, 4, 5, 6, 7, 8",
			"SELECT " + year + ", COALESCE(s.session_id, ''), u.org_id, CASE WHEN u.role IN ('lead', 'split') THEN 1 ELSE 0 END, s.kind, s.status, s.reply_category, s.rating, " + sums + `
				FROM suggestion_units u JOIN suggestions s ON s.id = u.suggestion_id GROUP BY 1, 2, 3, 4, 5, 6, 7, 8 ORDER BY 1, 2, 3, 4, 5, 6, 7, 8`},
		{"suggestion_stat_units_all",
			"SELECT org_id, lead, kind, status, reply_category, rating, n, assigned, replied, on_time, rehandled, priority FROM suggestion_stat_units_all" +
				nonzero + " ORDER BY 1, 2, 3, 4, 5, 6",
			"SELECT u.org_id, CASE WHEN u.role IN ('lead', 'split') THEN 1 ELSE 0 END, s.kind, s.status, s.reply_category, s.rating, " + sums + `
				FROM suggestion_units u JOIN suggestions s ON s.id = u.suggestion_id GROUP BY 1, 2, 3, 4, 5, 6 ORDER BY 1, 2, 3, 4, 5, 6`},
		{"suggestion_org_stat_categories",
			"SELECT org_id, kind, category, status, reply_category, rating, year, n, published, during, assigned, replied, on_time, rehandled, priority FROM suggestion_org_stat_categories" +
				nonzero + " OR published <> 0 OR during <> 0 ORDER BY 1, 2, 3, 4, 5, 6, 7",
			`SELECT org_id, kind, category, status, reply_category, rating, year, SUM(n), SUM(published * n), SUM(during * n), SUM(assigned * n), SUM(replied * n),
				SUM(replied * on_time * n), SUM(rehandled * n), SUM(priority * n) FROM suggestion_org_stat_counts GROUP BY 1, 2, 3, 4, 5, 6, 7
				HAVING SUM(n) <> 0 OR SUM(published * n) <> 0 OR SUM(during * n) <> 0 OR SUM(assigned * n) <> 0 OR SUM(replied * n) <> 0 OR SUM(rehandled * n) <> 0 OR SUM(priority * n) <> 0
				ORDER BY 1, 2, 3, 4, 5, 6, 7`},
		{"suggestion_org_stat_delegations",
			"SELECT org_id, kind, delegation_id, status, reply_category, rating, year, n, assigned, replied, on_time, rehandled, priority FROM suggestion_org_stat_delegations" +
				nonzero + " ORDER BY 1, 2, 3, 4, 5, 6, 7",
			`SELECT org_id, kind, delegation_id, status, reply_category, rating, year, SUM(n), SUM(assigned * n), SUM(replied * n),
				SUM(replied * on_time * n), SUM(rehandled * n), SUM(priority * n) FROM suggestion_org_stat_counts GROUP BY 1, 2, 3, 4, 5, 6, 7
				HAVING SUM(n) <> 0 OR SUM(assigned * n) <> 0 OR SUM(replied * n) <> 0 OR SUM(replied * on_time * n) <> 0 OR SUM(rehandled * n) <> 0 OR SUM(priority * n) <> 0
				ORDER BY 1, 2, 3, 4, 5, 6, 7`},
		{"suggestion_org_items",
			"SELECT org_id, created_at, suggestion_id, is_open, COALESCE(due_on, '-') FROM suggestion_org_items ORDER BY 1, 2, 3",
			`SELECT v.org_id, s.created_at, s.id, CASE WHEN s.status IN ('assigned', 'rehandling') THEN 1 ELSE 0 END,
				CASE WHEN s.status IN ('assigned', 'rehandling') THEN COALESCE(s.due_on, '-') ELSE '-' END
				FROM (SELECT suggestion_id, org_id FROM suggestion_units UNION SELECT id, procuratorate_id FROM suggestions WHERE procuratorate_id IS NOT NULL) v
				JOIN suggestions s ON s.id = v.suggestion_id ORDER BY 1, 2, 3`},
	}
}()

// rowStrings is every row of q, each as its values printed.
func rowStrings(t *testing.T, raw *sql.DB, d store.Dialect, q string) []string {
	t.Helper()
	rows, err := raw.Query(q)
	if err != nil {
		t.Fatalf("%s: %s: %v", d, q, err)
	}
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for rows.Next() {
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			t.Fatal(err)
		}
		for i, v := range vals {
			if b, ok := v.([]byte); ok {
				vals[i] = string(b)
			}
		}
		out = append(out, fmt.Sprint(vals))
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// TestAllYearsStatisticsFromSummary: the statistics of all years, of each
// year and of each session, the staff's and each handling unit's own, read from the summary
// tables kept in step by triggers, equal a full recount of the items after a
// series of changes: items added in bulk, actions of the workflow (closing,
// publishing), and changes of state, rating, category, lead unit,
// deadline, submission day (across the turn of a year) and procuratorate
// copies made directly in the tables.
func TestAllYearsStatisticsFromSummary(t *testing.T) {
	ctx := context.Background()
	for _, d := range storetest.Dialects(t) {
		t.Run(d.String(), func(t *testing.T) {
			db, f, _ := synthetic(t, d, 30)
			raw := store.RawDB(db)
			exec := func(q string, args ...any) int64 {
				t.Helper()
				if d == store.Postgres {
					for i := 1; strings.Contains(q, "?"); i++ {
						q = strings.Replace(q, "?", "$"+itoa(i), 1)
					}
				}
				res, err := raw.Exec(q, args...)
				if err != nil {
					t.Fatalf("%s: %v", q, err)
				}
				n, err := res.RowsAffected()
				if err != nil {
					t.Fatal(err)
				}
				return n
			}
			// execSome is exec of a change that must change something.
			execSome := func(q string, args ...any) {
				t.Helper()
				if exec(q, args...) == 0 {
					t.Fatalf("nothing changed: %s", q)
				}
			}
			var unitFigures [3]int // to do, due soon, overdue: summed over the steps, none may stay 0
			check := func(step string) {
				t.Helper()
				// Each summary table (migration 01720) holds what a
				// grouping of the items gives, row by row.
				for _, m := range statMargins {
					got, want := rowStrings(t, raw, d, m.read), rowStrings(t, raw, d, m.recount)
					if !reflect.DeepEqual(got, want) || len(want) == 0 {
						t.Errorf("%s: %s holds\n%v\nrecounted\n%v", step, m.table, got, want)
					}
				}
				// All years, and each year (the synthetic items span five
				// years before the anchor day; 2027 has only the items moved
				// there below).
				yearsSeen := 0
				for _, fl := range []store.SuggestionStatsFilter{{}, {Kind: suggestion.KindMotion},
					{Year: 2022}, {Year: 2023}, {Year: 2024}, {Year: 2025}, {Year: 2026}, {Year: 2026, Kind: suggestion.KindMotion}, {Year: 2027}} {
					kind := fl.Kind
					got, err := db.SuggestionStatistics(ctx, f.Staff, fl)
					if err != nil {
						t.Fatal(err)
					}
					fl.Recount = true
					want, err := db.SuggestionStatistics(ctx, f.Staff, fl)
					if err != nil {
						t.Fatal(err)
					}
					if fl.Year > 0 {
						if want.Total.Total > 0 {
							yearsSeen++
						}
						if !reflect.DeepEqual(got, want) {
							t.Errorf("%s (year %d, kind %q): from the summary\n%+v\nrecounted\n%+v", step, fl.Year, kind, got.Total, want.Total)
						}
						continue
					}
					if !reflect.DeepEqual(got, want) {
						t.Errorf("%s (kind %q): from the summary\n%+v\nrecounted\n%+v", step, kind, got.Total, want.Total)
						for i := range min(len(got.Units), len(want.Units)) {
							if !reflect.DeepEqual(got.Units[i], want.Units[i]) {
								t.Errorf("unit %d: %+v\nwant %+v", i, got.Units[i], want.Units[i])
							}
						}
					}
					if want.Total.Total == 0 || (kind == "" && (len(want.Units) == 0 || want.Total.Overdue == 0)) {
						t.Errorf("%s: too little to compare: %+v", step, want.Total)
					}
				}
				if yearsSeen < 3 {
					t.Errorf("%s: items in only %d years", step, yearsSeen)
				}
				// Each session's statistics (the summary's session key), of
				// a year too.
				sessions := rowStrings(t, raw, d, "SELECT DISTINCT session_id FROM suggestions WHERE session_id IS NOT NULL ORDER BY 1")
				if len(sessions) == 0 {
					t.Errorf("%s: items in %d sessions", step, len(sessions))
				}
				for _, sid := range sessions {
					sid = strings.Trim(sid, "[]")
					for _, fl := range []store.SuggestionStatsFilter{{SessionID: sid}, {SessionID: sid, Year: 2025}, {SessionID: sid, Kind: suggestion.KindMotion}} {
						got, err := db.SuggestionStatistics(ctx, f.Staff, fl)
						if err != nil {
							t.Fatal(err)
						}
						fl.Recount = true
						want, err := db.SuggestionStatistics(ctx, f.Staff, fl)
						if err != nil {
							t.Fatal(err)
						}
						if !reflect.DeepEqual(got, want) || fl.Year == 0 && fl.Kind == "" && want.Total.Total == 0 {
							t.Errorf("%s (session %s, year %d, kind %q): from the summary\n%+v\n%+v\nrecounted\n%+v\n%+v", step, sid, fl.Year, fl.Kind, got.Total, got.Units, want.Total, want.Units)
						}
					}
				}
				// The whole lists' totals (from the summary tables) equal
				// the items counted.
				for _, c := range []struct {
					u     *renda.User
					count string
				}{
					{f.Staff, "SELECT COUNT(*) FROM suggestions WHERE status <> 'draft'"},
					{f.UnitUser, "SELECT COUNT(*) FROM suggestions s WHERE s.status <> 'draft' AND (s.id IN (SELECT suggestion_id FROM suggestion_units WHERE org_id = '" + f.Unit1.ID + "') OR s.procuratorate_id = '" + f.Unit1.ID + "')"},
					{f.UnitUser2, "SELECT COUNT(*) FROM suggestions s WHERE s.status <> 'draft' AND (s.id IN (SELECT suggestion_id FROM suggestion_units WHERE org_id = '" + f.Unit2.ID + "') OR s.procuratorate_id = '" + f.Unit2.ID + "')"},
				} {
					var want int
					if err := raw.QueryRow(c.count).Scan(&want); err != nil {
						t.Fatal(err)
					}
					_, got, err := db.Suggestions(ctx, c.u, suggestion.Filter{Limit: 1})
					if err != nil {
						t.Fatal(err)
					}
					_, paged, _, err := db.SuggestionPage(ctx, c.u, suggestion.Filter{Limit: 1, Mine: true}, "")
					if err != nil {
						t.Fatal(err)
					}
					if got != want || paged != want || want == 0 {
						t.Errorf("%s, %s: list total %d, page total %d, counted %d", step, c.u.Username, got, paged, want)
					}
				}
				// A unit's home figures (from its open items in
				// suggestion_org_items) equal its lists' counts.
				for _, uu := range []*renda.User{f.UnitUser, f.UnitUser2} {
					got, err := db.SuggestionCounts(ctx, uu)
					if err != nil {
						t.Fatal(err)
					}
					store.SetUnitOpenCounts(t, false)
					want, err := db.SuggestionCounts(ctx, uu)
					store.SetUnitOpenCounts(t, true)
					if err != nil {
						t.Fatal(err)
					}
					if got != want {
						t.Errorf("%s, %s's home figures: from its open items %+v, counted %+v", step, uu.Username, got, want)
					}
					unitFigures[0] += want.Todo
					unitFigures[1] += want.DueSoon
					unitFigures[2] += want.Overdue
				}
				// The staff's lists filtered by kind, state, category, session
				// or year (summed from suggestion_stat_categories) equal the
				// items counted.
				sessionOf := ""
				if len(sessions) > 0 {
					sessionOf = strings.Trim(sessions[0], "[]")
				}
				for _, c := range []struct {
					f    suggestion.Filter
					cond string
				}{
					{suggestion.Filter{Kind: suggestion.KindMotion}, "kind = 'motion'"},
					{suggestion.Filter{Status: suggestion.StatusesCounted, Kind: suggestion.KindSuggestion}, "status IN ('" + strings.Join(suggestion.StatusesCounted, "', '") + "') AND kind = 'suggestion'"},
					{suggestion.Filter{Status: []string{suggestion.Replied, suggestion.Closed}, SessionID: sessionOf}, "status IN ('replied', 'closed') AND session_id = '" + sessionOf + "'"},
					{suggestion.Filter{SessionID: sessionOf, Kind: suggestion.KindSuggestion, Status: suggestion.StatusesCounted}, "session_id = '" + sessionOf + "' AND kind = 'suggestion' AND status IN ('" + strings.Join(suggestion.StatusesCounted, "', '") + "')"},
					{suggestion.Filter{Year: 2025}, "submitted_at >= '2024-12-31T16:00:00.000000Z' AND submitted_at < '2025-12-31T16:00:00.000000Z'"},
					{suggestion.Filter{Category: "水利", Year: 2026}, "category = '水利' AND submitted_at >= '2025-12-31T16:00:00.000000Z' AND submitted_at < '2026-12-31T16:00:00.000000Z'"},
				} {
					var want int
					if err := raw.QueryRow("SELECT COUNT(*) FROM suggestions WHERE status <> 'draft' AND " + c.cond).Scan(&want); err != nil {
						t.Fatal(err)
					}
					c.f.Limit = 1
					_, got, err := db.Suggestions(ctx, f.Staff, c.f)
					if err != nil {
						t.Fatal(err)
					}
					if got != want || want == 0 {
						t.Errorf("%s, staff's list %+v: total %d, counted %d", step, c.f, got, want)
					}
				}
				// A unit's list newest first (from suggestion_org_items),
				// whole and page by page, is its items in that order.
				for _, c := range []struct {
					u   *renda.User
					org string
				}{{f.UnitUser, f.Unit1.ID}, {f.UnitUser2, f.Unit2.ID}} {
					want := rowStrings(t, raw, d, "SELECT s.id FROM suggestions s WHERE s.status <> 'draft' AND (s.id IN (SELECT suggestion_id FROM suggestion_units WHERE org_id = '"+c.org+"') OR s.procuratorate_id = '"+c.org+"') ORDER BY s.created_at DESC, s.id DESC")
					items, _, err := db.Suggestions(ctx, c.u, suggestion.Filter{Limit: 500})
					if err != nil {
						t.Fatal(err)
					}
					var listed, paged []string
					for _, s := range items {
						listed = append(listed, fmt.Sprint([]any{s.ID}))
					}
					for cursor := ""; ; {
						page, _, p, err := db.SuggestionPage(ctx, c.u, suggestion.Filter{Limit: 7}, cursor)
						if err != nil {
							t.Fatal(err)
						}
						for _, s := range page {
							paged = append(paged, fmt.Sprint([]any{s.ID}))
						}
						if cursor = p.Next; cursor == "" || len(paged) > len(want) {
							break
						}
					}
					if !reflect.DeepEqual(listed, want) || !reflect.DeepEqual(paged, want) || len(want) == 0 {
						t.Errorf("%s, %s: listed %v\npaged %v\nwant %v", step, c.u.Username, listed, paged, want)
					}
				}
				// A handling unit's own statistics (suggestion_org_stat_counts
				// and its row of suggestion_stat_units), of all years
				// and of each year.
				for _, uu := range []*renda.User{f.UnitUser, f.UnitUser2} {
					for _, fl := range []store.SuggestionStatsFilter{{}, {Kind: suggestion.KindMotion},
						{Year: 2022}, {Year: 2024}, {Year: 2025}, {Year: 2026}, {Year: 2026, Kind: suggestion.KindSuggestion}, {Year: 2027}} {
						got, err := db.SuggestionStatistics(ctx, uu, fl)
						if err != nil {
							t.Fatal(err)
						}
						all := fl == store.SuggestionStatsFilter{}
						fl.Recount = true
						want, err := db.SuggestionStatistics(ctx, uu, fl)
						if err != nil {
							t.Fatal(err)
						}
						if !reflect.DeepEqual(got, want) {
							t.Errorf("%s, %s (year %d, kind %q): from the summary\n%+v\n%+v\nrecounted\n%+v\n%+v", step, uu.Username, fl.Year, fl.Kind, got.Total, got.Units, want.Total, want.Units)
						}
						if all && (want.Total.Total == 0 || len(want.Units) != 1 || want.Units[0].Total == 0) {
							t.Errorf("%s, %s: too little to compare: %+v %+v", step, uu.Username, want.Total, want.Units)
						}
					}
				}
			}
			check("after the bulk load")
			// Workflow actions: close and publish the replied items.
			items, _, err := db.Suggestions(ctx, f.Staff, suggestion.Filter{Status: []string{suggestion.Replied}, Limit: 500})
			if err != nil {
				t.Fatal(err)
			}
			acted := 0
			for i, s := range items {
				action, in := "close", renda.Values{}
				if i%2 == 1 {
					action, in = "publish", renda.Values{"public_text": {"答复内容"}}
				}
				if _, err := db.ActOnSuggestion(ctx, f.Staff, s.ID, action, in, nil); err == nil {
					acted++
				}
			}
			if acted == 0 {
				t.Error("no action went through")
			}
			check("after the actions")
			// Direct changes of what the figures depend on.
			exec("UPDATE suggestions SET rating = 'satisfied' WHERE rating = '' AND status = 'closed'")
			exec("UPDATE suggestions SET category = 'x-new' WHERE id IN (SELECT id FROM suggestions WHERE status <> 'draft' ORDER BY id LIMIT 3)")
			exec("UPDATE suggestions SET due_on = NULL WHERE id IN (SELECT id FROM suggestions WHERE due_on IS NOT NULL ORDER BY id LIMIT 2)")
			exec("UPDATE suggestions SET priority = ?, rehandled = rehandled + 1 WHERE id IN (SELECT id FROM suggestions ORDER BY id DESC LIMIT 4)", true)
			exec("UPDATE suggestion_units SET role = 'assist' WHERE suggestion_id IN (SELECT suggestion_id FROM suggestion_units WHERE role = 'lead' ORDER BY suggestion_id LIMIT 2)")
			exec("UPDATE suggestion_units SET org_id = ? WHERE suggestion_id IN (SELECT suggestion_id FROM suggestion_units WHERE org_id <> ? ORDER BY suggestion_id DESC LIMIT 2)", f.Unit2.ID, f.Unit2.ID)
			exec("DELETE FROM suggestion_units WHERE suggestion_id IN (SELECT suggestion_id FROM suggestion_units ORDER BY suggestion_id LIMIT 1)")
			exec("UPDATE suggestions SET status = 'withdrawn' WHERE id IN (SELECT id FROM suggestions WHERE status = 'registered' ORDER BY id LIMIT 1)")
			// Items moved out of their session, and others into it.
			execSome("UPDATE suggestions SET session_id = NULL WHERE id IN (SELECT id FROM suggestions WHERE session_id IS NOT NULL ORDER BY id LIMIT 2)")
			execSome("UPDATE suggestions SET session_id = (SELECT MIN(session_id) FROM suggestions) WHERE id IN (SELECT id FROM suggestions WHERE session_id IS NULL ORDER BY id DESC LIMIT 3)")
			// Items copied to a unit as the procuratorate: some it handles
			// too (counted once), some it does not; then an assignment of
			// such an item removed and added (the item stays seen once),
			// and a copy withdrawn.
			execSome("UPDATE suggestions SET procuratorate_id = ? WHERE id IN (SELECT id FROM suggestions WHERE status NOT IN ('draft', 'withdrawn') ORDER BY id DESC LIMIT 4)", f.Unit2.ID)
			execSome("UPDATE suggestions SET procuratorate_id = ? WHERE id IN (SELECT suggestion_id FROM suggestion_units WHERE org_id = ? ORDER BY suggestion_id LIMIT 3)", f.Unit1.ID, f.Unit1.ID)
			check("after copies to the procuratorate")
			copied := "SELECT id FROM suggestions WHERE procuratorate_id = ? AND id NOT IN (SELECT suggestion_id FROM suggestion_units WHERE org_id = ?) ORDER BY id LIMIT 1"
			execSome("DELETE FROM suggestion_units WHERE org_id = ? AND suggestion_id IN (SELECT id FROM suggestions WHERE procuratorate_id = ? ORDER BY id LIMIT 1)", f.Unit1.ID, f.Unit1.ID)
			execSome("INSERT INTO suggestion_units (suggestion_id, org_id, role, assigned_on) SELECT id, procuratorate_id, 'assist', '2026-01-05' FROM suggestions WHERE id IN ("+copied+")", f.Unit1.ID, f.Unit1.ID)
			execSome("UPDATE suggestion_units SET org_id = ? WHERE org_id = ? AND suggestion_id IN (SELECT id FROM suggestions WHERE procuratorate_id = ? AND id NOT IN (SELECT suggestion_id FROM suggestion_units WHERE org_id = ?))", f.Unit2.ID, f.Unit1.ID, f.Unit1.ID, f.Unit2.ID)
			execSome("UPDATE suggestion_units SET org_id = ? WHERE org_id = ? AND suggestion_id IN ("+copied+")", f.Unit1.ID, f.Unit2.ID, f.Unit1.ID, f.Unit1.ID)
			execSome("UPDATE suggestions SET procuratorate_id = NULL WHERE id IN (SELECT id FROM suggestions WHERE procuratorate_id = ? ORDER BY id LIMIT 1)", f.Unit2.ID)
			execSome("UPDATE suggestions SET procuratorate_id = ? WHERE id IN (SELECT id FROM suggestions WHERE procuratorate_id = ? ORDER BY id LIMIT 1)", f.Unit1.ID, f.Unit2.ID)
			// Items moved across the turn of a year (midnight in China is
			// 16:00 UTC), to a year of their own, and back to no submission.
			exec("UPDATE suggestions SET submitted_at = '2025-12-31T16:00:00.000000Z' WHERE id IN (SELECT id FROM suggestions WHERE status = 'closed' ORDER BY id LIMIT 2)")
			exec("UPDATE suggestions SET submitted_at = '2025-12-31T15:59:59.999999Z' WHERE id IN (SELECT id FROM suggestions WHERE status = 'assigned' ORDER BY id LIMIT 2)")
			exec("UPDATE suggestions SET submitted_at = '2027-03-01T02:00:00.000000Z' WHERE id IN (SELECT id FROM suggestions WHERE status = 'assigned' ORDER BY id DESC LIMIT 1)")
			exec("UPDATE suggestions SET submitted_at = NULL WHERE id IN (SELECT id FROM suggestions WHERE status = 'replied' ORDER BY id DESC LIMIT 1)")
			// States and due days changed: items reopened, closed, due
			// again, and a unit's answer given.
			execSome("UPDATE suggestions SET status = 'rehandling', round = round + 1 WHERE id IN (SELECT id FROM suggestions WHERE status = 'closed' ORDER BY id LIMIT 2)")
			execSome("UPDATE suggestions SET status = 'replied' WHERE id IN (SELECT id FROM suggestions WHERE status = 'assigned' ORDER BY id DESC LIMIT 1)")
			execSome("UPDATE suggestions SET due_on = '2021-06-01' WHERE id IN (SELECT id FROM suggestions WHERE status IN ('assigned', 'rehandling') ORDER BY id LIMIT 3)")
			execSome("UPDATE suggestions SET due_on = ? WHERE id IN (SELECT s.id FROM suggestions s JOIN suggestion_units u ON u.suggestion_id = s.id WHERE u.org_id IN (?, ?) AND s.status IN ('assigned', 'rehandling') ORDER BY s.id LIMIT 2)",
				renda.DateOf(time.Now()).AddDays(5).String(), f.Unit1.ID, f.Unit2.ID)
			exec("UPDATE suggestion_units SET opinion = '同意' WHERE role IN ('assist', 'joint') AND opinion = '' AND suggestion_id IN (SELECT id FROM suggestions WHERE status = 'assigned')")
			execSome("UPDATE suggestion_units SET replied_round = (SELECT s.round FROM suggestions s WHERE s.id = suggestion_units.suggestion_id) WHERE role = 'lead' AND suggestion_id IN (SELECT id FROM suggestions WHERE status = 'assigned' ORDER BY id LIMIT 2)")
			check("after direct changes")
			for i, n := range unitFigures {
				if n == 0 {
					t.Errorf("the units' home figure %d was 0 at every step: nothing compared", i)
				}
			}
			// More items on top of the changed ones.
			if _, err := db.SeedSynthetic(ctx, 7, nil); err != nil {
				t.Fatal(err)
			}
			check("after more items")
			// A reply category not in the settings (removed since the
			// reply): the units' panel is then summed row by row
			// (statUnitsPivot gives way), still equal to the recount.
			execSome("UPDATE suggestions SET reply_category = 'Z' WHERE id IN (SELECT s.id FROM suggestions s JOIN suggestion_units u ON u.suggestion_id = s.id AND u.role = 'lead' WHERE s.reply_category <> '' ORDER BY s.id LIMIT 1)")
			check("with a reply category not in the settings")
		})
	}
}
