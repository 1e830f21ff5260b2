package store_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"renda"
	"renda/internal/store"
	"renda/internal/storetest"
	"renda/news"
)

// TestMoreListsPageByCursor: the audit log, the published replies and the
// news (staff and public), walked page by page by cursor, list each row
// exactly once and in the list's order (the same rows in the same order as
// one ORDER BY over the table), going back gives the page before, and the
// totals are the tables' counts (the audit log's and the replies' are read
// from what is kept in step, not counted).
func TestMoreListsPageByCursor(t *testing.T) {
	ctx := context.Background()
	for _, d := range storetest.Dialects(t) {
		t.Run(d.String(), func(t *testing.T) {
			db, f, _ := synthetic(t, d, 12)
			raw := store.RawDB(db)
			exec := func(q string, args ...any) {
				t.Helper()
				if d == store.Postgres {
					for i := 1; strings.Contains(q, "?"); i++ {
						q = strings.Replace(q, "?", "$"+itoa(i), 1)
					}
				}
				if _, err := raw.Exec(q, args...); err != nil {
					t.Fatalf("%s: %v", q, err)
				}
			}
			ids := func(q string) []string { return storetest.Column(t, raw, q) }
			// Published replies: publish a share of the replied items, some
			// on the same instant (the id breaks the tie).
			exec("UPDATE suggestions SET published_at = '2026-05-01T02:00:00.000000Z' WHERE status IN ('replied', 'closed') AND id IN (SELECT id FROM suggestions WHERE status IN ('replied', 'closed') ORDER BY id LIMIT 9)")
			exec("UPDATE suggestions SET published_at = updated_at WHERE status = 'closed' AND published_at IS NULL")
			// News: drafts and published articles, some published at the same
			// instant.
			for i := range 23 {
				a, err := db.CreateArticle(ctx, f.Staff, renda.Values{"column": {"要闻"}, "title": {fmt.Sprintf("第%d篇", i)}, "body": {"正文"}}, nil)
				if err != nil {
					t.Fatal(err)
				}
				switch {
				case i%3 == 0:
					exec("UPDATE news_articles SET state = 'published', published_at = '2026-06-01T01:00:00.000000Z' WHERE id = ?", a.ID)
				case i%3 == 1:
					exec("UPDATE news_articles SET state = 'published', published_at = ? WHERE id = ?", fmt.Sprintf("2026-06-%02dT01:00:00.000000Z", 2+i), a.ID)
				}
			}
			type list struct {
				name string
				all  string // the ids in the list's order
				page func(cursor string) ([]string, store.Page)
			}
			var lists []list
			add := func(name, all string, page func(cursor string) ([]string, int, store.Page, error)) {
				lists = append(lists, list{name: name, all: all, page: func(cursor string) ([]string, store.Page) {
					t.Helper()
					got, _, p, err := page(cursor)
					if err != nil {
						t.Fatalf("%s: %v", name, err)
					}
					return got, p
				}})
			}
			totals := map[string]int{}
			add("audit log", "SELECT CAST(seq AS TEXT) AS s FROM audit_log ORDER BY audit_log.seq DESC", func(cursor string) ([]string, int, store.Page, error) {
				items, n, p, err := db.AuditLogPage(ctx, f.Staff, renda.AuditFilter{Limit: 40}, cursor)
				out := make([]string, len(items))
				for i, r := range items {
					out[i] = fmt.Sprint(r.Seq)
				}
				totals["audit log"] = n
				return out, n, p, err
			})
			add("audit log of news", "SELECT CAST(seq AS TEXT) AS s FROM audit_log WHERE entity = 'news' ORDER BY audit_log.seq DESC", func(cursor string) ([]string, int, store.Page, error) {
				items, n, p, err := db.AuditLogPage(ctx, f.Staff, renda.AuditFilter{Entity: "news", Limit: 7}, cursor)
				out := make([]string, len(items))
				for i, r := range items {
					out[i] = fmt.Sprint(r.Seq)
				}
				totals["audit log of news"] = n
				return out, n, p, err
			})
			add("published replies", "SELECT id FROM suggestions WHERE published_at IS NOT NULL ORDER BY published_at DESC, id DESC", func(cursor string) ([]string, int, store.Page, error) {
				items, n, p, err := db.PublishedRepliesPage(ctx, "", 4, cursor)
				out := make([]string, len(items))
				for i, s := range items {
					out[i] = s.ID
				}
				totals["published replies"] = n
				return out, n, p, err
			})
			add("news, staff", "SELECT id FROM news_articles ORDER BY CASE WHEN published_at IS NULL THEN 0 ELSE 1 END, published_at DESC, created_at DESC, id DESC", func(cursor string) ([]string, int, store.Page, error) {
				items, n, p, err := db.ArticlePage(ctx, f.Staff, news.Filter{Limit: 5}, cursor)
				out := make([]string, len(items))
				for i, a := range items {
					out[i] = a.ID
				}
				totals["news, staff"] = n
				return out, n, p, err
			})
			add("news, public", "SELECT id FROM news_articles WHERE state = 'published' ORDER BY published_at DESC, created_at DESC, id DESC", func(cursor string) ([]string, int, store.Page, error) {
				items, n, p, err := db.ArticlePage(ctx, nil, news.Filter{Public: true, Limit: 3}, cursor)
				out := make([]string, len(items))
				for i, a := range items {
					out[i] = a.ID
				}
				totals["news, public"] = n
				return out, n, p, err
			})
			for _, l := range lists {
				all := ids(l.all)
				if len(all) < 8 {
					t.Fatalf("%s: only %d rows to page through", l.name, len(all))
				}
				var order []string
				seen := walk(t, l.name, func(cursor string) ([]string, store.Page) {
					got, p := l.page(cursor)
					order = append(order, got...)
					return got, p
				}, nil)
				// walk goes back from each page too: keep the forward pages.
				order = forward(order, len(all))
				if !equal(order, all) {
					t.Errorf("%s: listed\n%v\nwant\n%v", l.name, order, all)
				}
				for _, id := range all {
					if seen[id] != 1 {
						t.Errorf("%s: %s listed %d times", l.name, id, seen[id])
					}
				}
				if totals[l.name] != len(all) {
					t.Errorf("%s: total %d, %d rows", l.name, totals[l.name], len(all))
				}
			}
			// A cursor of another list is refused.
			_, _, p, err := db.ArticlePage(ctx, f.Staff, news.Filter{Limit: 2}, "")
			if err != nil || p.Next == "" {
				t.Fatalf("news first page: %v %+v", err, p)
			}
			if _, _, _, err := db.AuditLogPage(ctx, f.Staff, renda.AuditFilter{Limit: 2}, p.Next); renda.ErrorCode(err) != renda.EINVALID {
				t.Errorf("a news cursor on the audit log: %v", err)
			}
		})
	}
}

// forward drops the pages walk read going back (each a repeat of the page
// before it) from the ids in the order they were read: the walk reads page
// 1, then for each later page the page itself and then the page before
// again. It returns the first n ids of the forward pages.
func forward(read []string, n int) []string {
	var out []string
	seen := map[string]bool{}
	for _, id := range read {
		if !seen[id] {
			seen[id] = true
			out = append(out, id)
		}
	}
	return out[:min(n, len(out))]
}
