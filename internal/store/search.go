package store

import (
	"context"
	"database/sql"
	"fmt"
	"sort"
	"strings"
	"time"

	"renda"
	"renda/internal/search"
)

// searchVersion is the version of what the index holds: raise it when a
// kind's Doc or the tokens change, and the next start rebuilds the index.
const searchVersion = 2

// indexers rebuild the index of one kind of item: each calls emit with the
// Doc of every item of its kind. Each workflow's store file registers its
// own (from an init function).
var indexers = map[string]func(tx *Tx, emit func(*renda.Doc) error) error{}

// index writes (or replaces) an item's entry in the search index, in the
// transaction of the change that made it.
func (tx *Tx) index(d *renda.Doc) error {
	if d == nil {
		return nil
	}
	title, body := search.Tokens(d.Title), search.Tokens(d.Body)
	at := d.At
	if at.IsZero() {
		at = tx.now
	}
	var doc int64
	fresh := false // a new entry: no readers to delete
	switch tx.db.dialect {
	case Postgres:
		err := tx.queryRow(`INSERT INTO search_docs (kind, id, title, body, url, year, township_id, org_id, state, at, uni, bi)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?,
				setweight(to_tsvector('simple', ?), 'A') || setweight(to_tsvector('simple', ?), 'B'),
				setweight(to_tsvector('simple', ?), 'A') || setweight(to_tsvector('simple', ?), 'B'))
			ON CONFLICT (kind, id) DO UPDATE SET title = excluded.title, body = excluded.body, url = excluded.url, year = excluded.year,
				township_id = excluded.township_id, org_id = excluded.org_id, state = excluded.state, at = excluded.at, uni = excluded.uni, bi = excluded.bi
			RETURNING doc, (xmax = 0)`,
			d.Kind, d.ID, d.Title, d.Body, d.URL, d.Year, d.TownshipID, d.OrgID, d.State, ts(at),
			title.Uni, body.Uni, title.Bi, body.Bi).Scan(&doc, &fresh)
		if err != nil {
			return err
		}
	default:
		err := tx.queryRow(`INSERT INTO search_docs (kind, id, title, body, url, year, township_id, org_id, state, at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
			ON CONFLICT (kind, id) DO UPDATE SET title = excluded.title, body = excluded.body, url = excluded.url, year = excluded.year,
				township_id = excluded.township_id, org_id = excluded.org_id, state = excluded.state, at = excluded.at
			RETURNING doc`,
			d.Kind, d.ID, d.Title, d.Body, d.URL, d.Year, d.TownshipID, d.OrgID, d.State, ts(at)).Scan(&doc)
		if err != nil {
			return err
		}
		if _, err := tx.exec("DELETE FROM search_fts WHERE rowid = ?", doc); err != nil {
			return err
		}
		if _, err := tx.exec("INSERT INTO search_fts (rowid, t1, t2, b1, b2) VALUES (?, ?, ?, ?, ?)", doc, title.Uni, title.Bi, body.Uni, body.Bi); err != nil {
			return err
		}
	}
	if !fresh {
		if _, err := tx.exec("DELETE FROM search_readers WHERE doc = ?", doc); err != nil {
			return err
		}
	}
	readers := search.Unique(append([]string(nil), d.Readers...))
	rows := make([][]any, len(readers))
	for i, r := range readers {
		rows[i] = []any{r, doc}
	}
	return tx.insertMany("search_readers", "reader, doc", rows)
}

// unindex removes an item from the index.
func (tx *Tx) unindex(kind, id string) error {
	var doc int64
	err := tx.queryRow("SELECT doc FROM search_docs WHERE kind = ? AND id = ?", kind, id).Scan(&doc)
	if errNoRows(err) {
		return nil
	}
	if err != nil {
		return err
	}
	if tx.db.dialect == SQLite {
		if _, err := tx.exec("DELETE FROM search_fts WHERE rowid = ?", doc); err != nil {
			return err
		}
	}
	if _, err := tx.exec("DELETE FROM search_readers WHERE doc = ?", doc); err != nil {
		return err
	}
	_, err = tx.exec("DELETE FROM search_docs WHERE doc = ?", doc)
	return err
}

// EnsureSearchIndex rebuilds the search index when it was built by an
// older version of renda (or never): after a migration, on start.
func (db *DB) EnsureSearchIndex(ctx context.Context) error {
	var v int
	if err := db.r.QueryRowContext(ctx, "SELECT version FROM search_meta WHERE id = 1").Scan(&v); err != nil {
		return err
	}
	if v == searchVersion {
		return nil
	}
	return db.ReindexSearch(ctx)
}

// ReindexSearch rebuilds the whole search index from the items, in one
// transaction.
func (db *DB) ReindexSearch(ctx context.Context) error {
	start := time.Now()
	n := 0
	err := db.write(ctx, nil, func(tx *Tx) error {
		for _, q := range []string{"DELETE FROM search_readers", "DELETE FROM search_docs"} {
			if _, err := tx.exec(q); err != nil {
				return err
			}
		}
		if db.dialect == SQLite {
			if _, err := tx.exec("DELETE FROM search_fts"); err != nil {
				return err
			}
		}
		kinds := make([]string, 0, len(indexers))
		for k := range indexers {
			kinds = append(kinds, k)
		}
		sort.Strings(kinds)
		// The index is empty: the items go in a few multi-row statements a
		// batch (indexMany), not several statements each.
		var batch []*renda.Doc
		at := map[string]int{} // kind|id → place in batch: the last Doc of an item wins
		seen := map[string]bool{}
		flush := func() error {
			err := tx.indexMany(batch)
			batch, at = batch[:0], map[string]int{}
			return err
		}
		for _, k := range kinds {
			err := indexers[k](tx, func(d *renda.Doc) error {
				if d == nil {
					return nil
				}
				if i, ok := at[d.Kind+"|"+d.ID]; ok {
					batch[i] = d
					return nil
				}
				if seen[d.Kind+"|"+d.ID] { // indexed in an earlier batch
					return tx.index(d)
				}
				seen[d.Kind+"|"+d.ID] = true
				n++
				at[d.Kind+"|"+d.ID] = len(batch)
				batch = append(batch, d)
				if len(batch) >= 2000 {
					return flush()
				}
				return nil
			})
			if err == nil {
				err = flush()
			}
			if err != nil {
				return fmt.Errorf("reindex %s: %w", k, err)
			}
		}
		_, err := tx.exec("UPDATE search_meta SET version = ? WHERE id = 1", searchVersion)
		return err
	})
	if err == nil {
		db.log.Info("search index rebuilt", "docs", n, "took", time.Since(start).Round(time.Millisecond))
	}
	return err
}

// SearchFilter selects what a search looks for.
type SearchFilter struct {
	Q          string
	Kind       string
	Year       int
	TownshipID string
	OrgID      string
	State      string
	Limit      int
	Offset     int
}

// SearchHit is one item found.
type SearchHit struct {
	Kind    string    `json:"kind"`
	ID      string    `json:"id"`
	Title   string    `json:"title"`
	Snippet string    `json:"snippet"` // HTML: escaped, matches in <mark>
	Marked  string    `json:"-"`       // the title as HTML, matches in <mark>
	URL     string    `json:"url"`
	Year    int       `json:"-"`
	State   string    `json:"-"`
	At      time.Time `json:"-"`
}

// Facet is one value of a facet with how many items found have it.
type Facet struct {
	Value string
	Label string
	Count int
}

// SearchResult is a page of items found, their total and the facets.
type SearchResult struct {
	Items  []SearchHit
	Total  int
	Facets map[string][]Facet // kind, year, township, unit, state
	Terms  []search.Term
}

// Search finds what viewer may see: the readers are part of the query, so
// neither the items nor the counts include anything viewer may not open.
// Items matching in the title come first, then the rest, newest first.
func (db *DB) Search(ctx context.Context, viewer *renda.User, f SearchFilter) (*SearchResult, error) {
	res := &SearchResult{Terms: search.Parse(f.Q), Facets: map[string][]Facet{}}
	if len(res.Terms) == 0 {
		return res, nil
	}
	err := db.read(ctx, func(tx *Tx) error {
		var towns []string
		if viewer != nil && viewer.DeputyID != "" {
			var err error
			if towns, err = tx.deputyTownships(viewer.DeputyID); err != nil {
				return err
			}
		}
		cond, args := searchCond(tx.db.dialect, res.Terms, false)
		readers := renda.Principals(viewer, towns)
		// The staff side may read nearly everything, so the matches are few
		// beside the items they may read: check each match's readers (index
		// search_readers_doc). Others may read few items: list those.
		readable := "d.doc IN (SELECT doc FROM search_readers WHERE reader IN (" + placeholders(len(readers)) + "))"
		if viewer != nil && viewer.IsStaffSide() {
			readable = "EXISTS (SELECT 1 FROM search_readers r WHERE r.doc = d.doc AND r.reader IN (" + placeholders(len(readers)) + "))"
		}
		where := []string{cond, readable}
		for _, r := range readers {
			args = append(args, r)
		}
		facetWhere, facetArgs := slicesClone(where), slicesClone(args)
		for _, c := range []struct {
			col string
			v   any
			set bool
		}{{"d.kind", f.Kind, f.Kind != ""}, {"d.year", f.Year, f.Year != 0}, {"d.township_id", f.TownshipID, f.TownshipID != ""},
			{"d.org_id", f.OrgID, f.OrgID != ""}, {"d.state", f.State, f.State != ""}} {
			if c.set {
				where, args = append(where, c.col+" = ?"), append(args, c.v)
			}
		}
		from := " FROM search_docs d WHERE " + strings.Join(where, " AND ")
		if err := tx.queryRow("SELECT COUNT(*)"+from, args...).Scan(&res.Total); err != nil {
			return err
		}
		titleCond, titleArgs := searchCond(tx.db.dialect, res.Terms, true)
		limit := f.Limit
		if limit <= 0 || limit > 100 {
			limit = 20
		}
		rows, err := tx.query("SELECT d.kind, d.id, d.title, d.body, d.url, d.year, d.state, d.at, CASE WHEN "+titleCond+" THEN 0 ELSE 1 END AS tier"+
			from+" ORDER BY tier, d.at DESC, d.doc DESC"+limitOffset(limit, f.Offset), append(titleArgs, args...)...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var h SearchHit
			var body string
			var tier int
			if err := rows.Scan(&h.Kind, &h.ID, &h.Title, &body, &h.URL, &h.Year, &h.State, tsScan{&h.At}, &tier); err != nil {
				return err
			}
			h.Snippet = search.Snippet(body, res.Terms, 90)
			h.Marked = search.Highlight(h.Title, res.Terms)
			res.Items = append(res.Items, h)
		}
		if err := rows.Err(); err != nil {
			return err
		}
		rows.Close()
		// Facets count the matches under the other filters' freedom: what
		// choosing a value would give.
		ffrom := " FROM search_docs d WHERE " + strings.Join(facetWhere, " AND ")
		facets := []struct{ name, col string }{{"kind", "d.kind"}, {"year", "d.year"}, {"township", "d.township_id"}, {"unit", "d.org_id"}}
		if f.Kind != "" {
			// States mean something within one kind of item only.
			facets = append(facets, struct{ name, col string }{"state", "d.state"})
			facetWhere, facetArgs = append(facetWhere, "d.kind = ?"), append(facetArgs, f.Kind)
		}
		for _, fc := range facets {
			blank := "''"
			if fc.name == "year" {
				blank = "0"
			}
			rows, err := tx.query("SELECT "+fc.col+", COUNT(*)"+ffrom+" AND "+fc.col+" <> "+blank+" GROUP BY "+fc.col+" ORDER BY COUNT(*) DESC LIMIT 30", facetArgs...)
			if err != nil {
				return err
			}
			for rows.Next() {
				var v Facet
				if err := rows.Scan(&v.Value, &v.Count); err != nil {
					rows.Close()
					return err
				}
				res.Facets[fc.name] = append(res.Facets[fc.name], v)
			}
			rows.Close()
			if err := rows.Err(); err != nil {
				return err
			}
		}
		return tx.labelFacets(res.Facets, f.Kind)
	})
	return res, err
}

// searchCond is the condition matching every term (in the title only, if
// titleOnly), as the database's full-text machinery reads it.
func searchCond(dialect Dialect, terms []search.Term, titleOnly bool) (string, []any) {
	if dialect == Postgres {
		var conds []string
		var args []any
		for _, t := range terms {
			col, weight := "d.bi", ""
			if t.Uni {
				col = "d.uni"
			}
			if titleOnly {
				weight = ":A"
			}
			parts := make([]string, len(t.Tokens))
			for i, tok := range t.Tokens {
				parts[i] = "'" + tok + "'" + weight
			}
			conds = append(conds, col+" @@ to_tsquery('simple', ?)")
			args = append(args, strings.Join(parts, " <-> "))
		}
		return "(" + strings.Join(conds, " AND ") + ")", args
	}
	var parts []string
	for _, t := range terms {
		cols := "{t2 b2}"
		if t.Uni {
			cols = "{t1 b1}"
		}
		if titleOnly {
			cols = map[bool]string{true: "{t1}", false: "{t2}"}[t.Uni]
		}
		parts = append(parts, cols+` : "`+strings.Join(t.Tokens, " ")+`"`)
	}
	return "d.doc IN (SELECT rowid FROM search_fts WHERE search_fts MATCH ?)", []any{strings.Join(parts, " AND ")}
}

// labelFacets names the facets' values for people.
func (tx *Tx) labelFacets(facets map[string][]Facet, kind string) error {
	for name, vals := range facets {
		for i := range vals {
			v := &vals[i]
			switch name {
			case "kind":
				v.Label = renda.SearchKindLabel(v.Value)
			case "year":
				v.Label = v.Value + "年"
			case "township":
				if err := tx.queryRow("SELECT name FROM regions WHERE id = ?", v.Value).Scan(&v.Label); err != nil && !errNoRows(err) {
					return err
				}
			case "unit":
				if err := tx.queryRow("SELECT name FROM organizations WHERE id = ?", v.Value).Scan(&v.Label); err != nil && !errNoRows(err) {
					return err
				}
			case "state":
				v.Label = renda.StateLabel(renda.SearchKindEntity(kind), v.Value)
			}
			if v.Label == "" {
				v.Label = v.Value
			}
		}
	}
	return nil
}

// matchIn is the condition "col is the id of an item of the kinds that
// matches q", for the q= filters of lists (which add their own scope);
// false if q holds no term to search for.
func (db *DB) matchIn(col, q string, kinds ...string) (string, []any, bool) {
	terms := search.Parse(q)
	if len(terms) == 0 {
		return "", nil, false
	}
	cond, cargs := searchCond(db.dialect, terms, false)
	var args []any
	for _, k := range kinds {
		args = append(args, k)
	}
	return col + " IN (SELECT d.id FROM search_docs d WHERE d.kind IN (" + placeholders(len(kinds)) + ") AND " + cond + ")", append(args, cargs...), true
}

func slicesClone[T any](s []T) []T { return append([]T(nil), s...) }

// eachBatch reads rows in batches by key — q takes the last key read and
// returns the next rows in key order — and calls fn with each row once its
// batch is read, so fn may write in the same transaction.
func eachBatch[T any](tx *Tx, q string, scan func(*sql.Rows) (T, string, error), fn func(T) error) error {
	last := ""
	for {
		rows, err := tx.query(q, last)
		if err != nil {
			return err
		}
		var batch []T
		for rows.Next() {
			v, key, err := scan(rows)
			if err != nil {
				rows.Close()
				return err
			}
			batch, last = append(batch, v), key
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		if len(batch) == 0 {
			return nil
		}
		for _, v := range batch {
			if err := fn(v); err != nil {
				return err
			}
		}
	}
}
