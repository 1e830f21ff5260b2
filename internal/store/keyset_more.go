package store

import (
	"context"
	"strings"

	"renda"
	"renda/news"
)

// More lists that can grow large page by keyset (see keyset.go): the audit
// log (every change), the published replies (a province publishes tens of
// thousands a year) and the news. Their totals are read from what is kept in
// step where there is no filter (the audit head's sequence number, the
// suggestions' summary table), so neither a deep page nor the total walks
// the table.

var (
	auditKeyset   = keyset{name: "a", segs: []segment{{keys: []keyCol{{"seq", true}}}}}
	repliesKeyset = keyset{name: "r", segs: []segment{{keys: []keyCol{{"s.published_at", true}, {"s.id", true}}}}}
	// Drafts (not yet published) first, newest first; then the published
	// articles, the last published first (as Articles).
	newsKeyset = keyset{name: "n", segs: []segment{
		{cond: " AND a.published_at IS NULL", keys: []keyCol{{"a.created_at", true}, {"a.id", true}}},
		{cond: " AND a.published_at IS NOT NULL", keys: []keyCol{{"a.published_at", true}, {"a.created_at", true}, {"a.id", true}}},
	}}
)

// AuditLogPage is one page of AuditLog at cursor ("" for the first),
// f.Limit records (f.Offset is ignored), with the total and the page's place.
func (db *DB) AuditLogPage(ctx context.Context, actor *renda.User, f renda.AuditFilter, cursor string) ([]renda.AuditRecord, int, Page, error) {
	if !renda.CanReadAuditLog(actor) {
		return nil, 0, Page{}, renda.Errorf(renda.EFORBIDDEN, "只有管理员和工作人员可以查阅审计日志")
	}
	cond, args := auditWhere(f)
	var out []renda.AuditRecord
	var total int
	var p Page
	err := db.read(ctx, func(tx *Tx) error {
		var err error
		if total, err = tx.auditTotal(cond, args); err != nil {
			return err
		}
		if cond == "" {
			cond = " WHERE 1 = 1"
		}
		out, p, err = keysetPage(tx, auditKeyset, auditColumns, " FROM audit_log", cond, args, cursor, f.Limit, func(row interface{ Scan(...any) error }) (renda.AuditRecord, error) {
			return scanAudit(row)
		})
		return err
	})
	return out, total, p, err
}

// PublishedRepliesPage is one page of PublishedReplies at cursor ("" for
// the first), with the total and the page's place.
func (db *DB) PublishedRepliesPage(ctx context.Context, q string, limit int, cursor string) ([]*SuggestionPublic, int, Page, error) {
	var out []*SuggestionPublic
	var total int
	var p Page
	err := db.read(ctx, func(tx *Tx) error {
		set, _, err := tx.sugConfig()
		if err != nil {
			return err
		}
		where, args := " WHERE s.published_at IS NOT NULL", []any{}
		if q = strings.TrimSpace(q); q != "" {
			where += " AND (" + like("s.title") + " OR " + like("s.number") + ")"
			args = append(args, likeArg(q), likeArg(q))
			total, err = tx.count("SELECT COUNT(*) FROM suggestions s"+where, args...)
		} else {
			// Published items, from the summary kept in step (migration 01720).
			total, err = tx.count("SELECT COALESCE(SUM(published), 0) FROM suggestion_stat_categories")
		}
		if err != nil {
			return err
		}
		out, p, err = keysetPage(tx, repliesKeyset, sugColumns, sugFrom, where, args, cursor, limit, func(row interface{ Scan(...any) error }) (*SuggestionPublic, error) {
			s, err := scanSuggestion(row)
			if err != nil {
				return nil, err
			}
			return publicView(s, set), nil
		})
		return err
	})
	return out, total, p, err
}

// ArticlePage is one page of Articles at cursor ("" for the first), f.Limit
// rows (f.Offset is ignored), with the total and the page's place.
func (db *DB) ArticlePage(ctx context.Context, viewer *renda.User, f news.Filter, cursor string) ([]*news.Article, int, Page, error) {
	cond, args := newsWhere(viewer, f)
	var out []*news.Article
	var total int
	var p Page
	err := db.read(ctx, func(tx *Tx) error {
		var err error
		if total, err = tx.count("SELECT COUNT(*) FROM news_articles a"+cond, args...); err != nil {
			return err
		}
		out, p, err = keysetPage(tx, newsKeyset, newsColumns, " FROM news_articles a", cond, args, cursor, f.Limit, func(row interface{ Scan(...any) error }) (*news.Article, error) {
			return scanArticle(row)
		})
		return err
	})
	return out, total, p, err
}
