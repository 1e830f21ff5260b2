package store

import (
	"context"
	"database/sql"

	"renda"
	"renda/internal/attach"
	"renda/news"
)

// The public portal's articles: see news.Flow. The public see published
// articles only; drafts, reviewed and withdrawn articles are the staff side's.

const newsColumns = `a.id, a.col, a.title, a.summary, a.body, a.state, COALESCE(a.author_id, ''), COALESCE(a.reviewer_id, ''), a.created_at, a.updated_at, a.published_at`

func scanArticle(row interface{ Scan(...any) error }) (*news.Article, error) {
	a := &news.Article{}
	err := row.Scan(&a.ID, &a.Column, &a.Title, &a.Summary, &a.Body, &a.State, &a.AuthorID, &a.ReviewerID,
		tsScan{&a.CreatedAt}, tsScan{&a.UpdatedAt}, tsScan{&a.PublishedAt})
	return a, err
}

func newsScope(viewer *renda.User) string {
	if viewer.IsStaffSide() {
		return "1 = 1"
	}
	return "a.state = 'published'"
}

func (tx *Tx) articleFor(viewer *renda.User, id string, lock bool) (*news.Article, error) {
	if !renda.ValidID(id) {
		return nil, renda.Errorf(renda.ENOTFOUND, "文章不存在")
	}
	if lock && tx.db.dialect == Postgres {
		if _, err := tx.exec("SELECT 1 FROM news_articles WHERE id = ? FOR UPDATE", id); err != nil {
			return nil, err
		}
	}
	a, err := scanArticle(tx.queryRow("SELECT "+newsColumns+" FROM news_articles a WHERE a.id = ? AND "+newsScope(viewer), id))
	return a, notFound(err, "文章不存在")
}

// Article returns one article as viewer may see it (nil: the public).
func (db *DB) Article(ctx context.Context, viewer *renda.User, id string) (*news.Article, error) {
	var a *news.Article
	err := db.read(ctx, func(tx *Tx) error {
		var err error
		a, err = tx.articleFor(viewer, id, false)
		return err
	})
	return a, err
}

// Articles lists articles, the newest published first, and their total.
func (db *DB) Articles(ctx context.Context, viewer *renda.User, f news.Filter) ([]*news.Article, int, error) {
	cond, args := newsWhere(viewer, f)
	var out []*news.Article
	var total int
	err := db.read(ctx, func(tx *Tx) error {
		var err error
		if total, err = tx.count("SELECT COUNT(*) FROM news_articles a"+cond, args...); err != nil {
			return err
		}
		rows, err := tx.query("SELECT "+newsColumns+" FROM news_articles a"+cond+
			" ORDER BY CASE WHEN a.published_at IS NULL THEN 0 ELSE 1 END, a.published_at DESC, a.created_at DESC, a.id DESC"+limitOffset(f.Limit, f.Offset), args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			a, err := scanArticle(rows)
			if err != nil {
				return err
			}
			out = append(out, a)
		}
		return rows.Err()
	})
	return out, total, err
}

// newsWhere is the condition (" WHERE …") of the articles f selects.
func newsWhere(viewer *renda.User, f news.Filter) (string, []any) {
	cond, args := " WHERE "+newsScope(viewer), []any{}
	if f.Public {
		cond += " AND a.state = 'published'"
	}
	if f.State != "" {
		cond, args = cond+" AND a.state = ?", append(args, f.State)
	}
	if f.Column != "" {
		cond, args = cond+" AND a.col = ?", append(args, f.Column)
	}
	return cond, args
}

// NewsColumn is a column (专栏) of the portal.
type NewsColumn struct {
	Name     string `json:"name"`
	Articles int    `json:"articles"`
}

// NewsColumns lists the columns (专栏) that have a published article, each
// with its number of published articles, in order of their first article.
func (db *DB) NewsColumns(ctx context.Context) ([]NewsColumn, error) {
	var out []NewsColumn
	err := db.read(ctx, func(tx *Tx) error {
		rows, err := tx.query("SELECT a.col, COUNT(*) FROM news_articles a WHERE a.state = 'published' GROUP BY a.col ORDER BY MIN(a.published_at), a.col")
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var c NewsColumn
			if err := rows.Scan(&c.Name, &c.Articles); err != nil {
				return err
			}
			out = append(out, c)
		}
		return rows.Err()
	})
	return out, err
}

var newsFlow = &flow[news.Article]{
	m:   news.Flow,
	id:  func(a *news.Article) string { return a.ID },
	rel: func(tx *Tx, a *news.Article) (renda.Rel, error) { return news.Relations(tx.actor, a), nil },
	save: func(tx *Tx, before, a *news.Article, out *renda.Outcome, files []*attach.File) error {
		a.UpdatedAt = tx.now
		var err error
		if out.From == "" {
			_, err = tx.exec(`INSERT INTO news_articles (id, col, title, summary, body, state, author_id, created_at, updated_at)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, a.ID, a.Column, a.Title, a.Summary, a.Body, a.State, nz(a.AuthorID), ts(a.CreatedAt), ts(a.UpdatedAt))
			if err != nil {
				return err
			}
		} else {
			_, err = tx.exec("UPDATE news_articles SET col = ?, title = ?, summary = ?, body = ?, state = ?, reviewer_id = ?, updated_at = ?, published_at = ? WHERE id = ?",
				a.Column, a.Title, a.Summary, a.Body, a.State, nz(a.ReviewerID), ts(a.UpdatedAt), ts(a.PublishedAt), a.ID)
			if err != nil {
				return err
			}
		}
		for _, f := range files {
			if _, err := tx.AddAttachment("news", a.ID, f); err != nil {
				return err
			}
		}
		return nil
	},
	doc: news.Doc,
}

func init() {
	// An article's pictures and attachments are seen by whoever may see it:
	// the public once it is published.
	registerAttachmentOwner("news", func(tx *Tx, viewer *renda.User, id string) (bool, error) {
		_, err := tx.articleFor(viewer, id, false)
		return seen(err)
	})
	indexers["news"] = func(tx *Tx, emit func(*renda.Doc) error) error {
		return eachBatch(tx, "SELECT "+newsColumns+" FROM news_articles a WHERE a.id > ? ORDER BY a.id LIMIT 1000",
			func(rows *sql.Rows) (*news.Article, string, error) {
				a, err := scanArticle(rows)
				if err != nil {
					return nil, "", err
				}
				return a, a.ID, nil
			},
			func(a *news.Article) error { return emit(news.Doc(a)) })
	}
}

// CreateArticle drafts an article (staff).
func (db *DB) CreateArticle(ctx context.Context, actor *renda.User, in renda.Values, files []*attach.File) (*news.Article, error) {
	var a *news.Article
	err := db.write(ctx, actor, func(tx *Tx) error {
		var err error
		a, err = tx.CreateArticle(in, files)
		return err
	})
	return a, err
}

// CreateArticle drafts an article in this transaction, as its actor.
func (tx *Tx) CreateArticle(in renda.Values, files []*attach.File) (*news.Article, error) {
	a, _, err := newsFlow.runAs(tx, renda.RoleRel(tx.actor), &news.Article{ID: renda.NewID()}, "create", in, files)
	return a, err
}

// ActOnArticle applies an action for actor.
func (db *DB) ActOnArticle(ctx context.Context, actor *renda.User, id, action string, in renda.Values, files []*attach.File) (*news.Article, error) {
	var a *news.Article
	err := db.write(ctx, actor, func(tx *Tx) error {
		var err error
		a, err = tx.ActOnArticle(id, action, in, files)
		return err
	})
	return a, err
}

// ActOnArticle applies an action in this transaction, as its actor.
func (tx *Tx) ActOnArticle(id, action string, in renda.Values, files []*attach.File) (*news.Article, error) {
	if r, ok := news.Flow.Rule(action); !ok || !r.Offered() {
		return nil, renda.Errorf(renda.ENOTFOUND, "没有“%s”这个操作", trunc(action, 20))
	}
	cur, err := tx.articleFor(tx.actor, id, true)
	if err != nil {
		return nil, err
	}
	a, _, err := newsFlow.run(tx, cur, action, in, files)
	return a, err
}

// ArticleActions lists the actions viewer may take now.
func (db *DB) ArticleActions(ctx context.Context, viewer *renda.User, a *news.Article) ([]renda.Rule, error) {
	var out []renda.Rule
	err := db.read(ctx, func(tx *Tx) error {
		tx.actor = viewer
		var err error
		out, err = newsFlow.actions(tx, a)
		return err
	})
	return out, err
}
