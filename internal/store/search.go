package store

import (
	"context"
	"database/sql"
	"encoding/base64"
	"errors"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"

	"renda"
	"renda/internal/search"
)

// searchVersion is the version of what the index holds: raise it when a
// kind's Doc or the tokens change, and the next start rebuilds the index.
const searchVersion = 3

// indexers rebuild the index of one kind of item: each calls emit with the
// Doc of every item of its kind. Each workflow's store file registers its
// own (from an init function).
var indexers = map[string]func(tx *Tx, emit func(*renda.Doc) error) error{}

// index writes (or replaces) an item's entry in the search index, in the
// transaction of the change that made it. In a group of SQLite
// transactions (commitGroup) the entry waits in the group's queue and is
// written just before the commit, with those of the group's other
// transactions (indexQueue).
func (tx *Tx) index(d *renda.Doc) error {
	if d == nil {
		return nil
	}
	if tx.idx != nil {
		c := *d
		if c.At.IsZero() {
			c.At = tx.now
		}
		tx.idx.job = append(tx.idx.job, &c)
		return nil
	}
	return tx.indexNow(d)
}

// indexQueue holds the search entries of a group of SQLite transactions
// committed together until just before the commit. FTS5 writes the terms it
// holds in memory to disk whenever a savepoint begins or ends, and the
// group runs each transaction in its own savepoint: entries written as each
// transaction ran cost a flush each, written together one flush a commit.
// An entry is in the index before the commit makes any of the group's
// changes visible, and the entries of a transaction rolled back to its
// savepoint are dropped with it.
type indexQueue struct {
	done []*renda.Doc // of the transactions released, not written yet
	job  []*renda.Doc // of the transaction running, not written yet
	redo []*renda.Doc // of the transactions released, written during the one running: queued again if it is rolled back
}

// start begins a transaction of the group.
func (q *indexQueue) start() { q.job, q.redo = nil, nil }

// release keeps the entries of the transaction that ran.
func (q *indexQueue) release() {
	q.done = append(q.done, q.job...)
	q.job, q.redo = nil, nil
}

// rollback drops the entries of the transaction that ran, and queues again
// those of the others it wrote (its savepoint undid them).
func (q *indexQueue) rollback() {
	q.done = append(q.redo, q.done...)
	q.job, q.redo = nil, nil
}

// syncIndex writes the entries waiting in the group's queue: before the
// transaction reads or removes entries of the index itself.
func (tx *Tx) syncIndex() error {
	q := tx.idx
	if q == nil || len(q.done)+len(q.job) == 0 {
		return nil
	}
	if err := tx.indexDocs(append(slicesClone(q.done), q.job...)); err != nil {
		return err
	}
	q.redo = append(q.redo, q.done...)
	q.done, q.job = nil, nil
	return nil
}

// indexDocs writes entries in the order given (an item's last entry wins):
// the items not in the index yet together (indexMany), the others one by one.
func (tx *Tx) indexDocs(docs []*renda.Doc) error {
	last := make(map[string]int, len(docs))
	for i, d := range docs {
		last[d.Kind+"|"+d.ID] = i
	}
	var fresh []*renda.Doc
	for i, d := range docs {
		if last[d.Kind+"|"+d.ID] != i {
			continue
		}
		ok, err := tx.exists("SELECT 1 FROM search_docs WHERE kind = ? AND id = ?", d.Kind, d.ID)
		if err != nil {
			return err
		}
		if !ok {
			fresh = append(fresh, d)
		} else if err := tx.indexNow(d); err != nil {
			return err
		}
	}
	return tx.indexMany(fresh)
}

// indexNow writes (or replaces) an item's entry in the search index.
func (tx *Tx) indexNow(d *renda.Doc) error {
	title, body := search.Tokens(d.Title), search.Tokens(d.Body)
	at := d.At
	if at.IsZero() {
		at = tx.now
	}
	var doc int64
	fresh := false // a new entry: no readers to delete
	switch tx.db.dialect {
	case Postgres:
		rd := readerLexemes(d.Readers)
		err := tx.queryRow(`INSERT INTO search_docs (kind, id, title, body, url, year, township_id, org_id, state, at, uni, bi)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, `+pgStreams+`, `+pgStreams+`)
			ON CONFLICT (kind, id) DO UPDATE SET title = excluded.title, body = excluded.body, url = excluded.url, year = excluded.year,
				township_id = excluded.township_id, org_id = excluded.org_id, state = excluded.state, at = excluded.at, uni = excluded.uni, bi = excluded.bi
			RETURNING doc, (xmax = 0)`,
			d.Kind, d.ID, d.Title, d.Body, d.URL, d.Year, d.TownshipID, d.OrgID, d.State, ts(at),
			title.Uni, body.Uni, rd, title.Bi, body.Bi, rd).Scan(&doc, &fresh)
		if err != nil {
			return err
		}
	default:
		// A new item's doc number follows its time (newDocs); an indexed
		// item keeps its number.
		err := tx.queryRow("SELECT doc FROM search_docs WHERE kind = ? AND id = ?", d.Kind, d.ID).Scan(&doc)
		if errNoRows(err) {
			if doc, err = tx.newDocs().next(at); err != nil {
				return err
			}
			fresh = true
		} else if err != nil {
			return err
		}
		if fresh {
			_, err = tx.exec(`INSERT INTO search_docs (doc, kind, id, title, body, url, year, township_id, org_id, state, at)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
				doc, d.Kind, d.ID, d.Title, d.Body, d.URL, d.Year, d.TownshipID, d.OrgID, d.State, ts(at))
		} else {
			_, err = tx.exec(`UPDATE search_docs SET title = ?, body = ?, url = ?, year = ?, township_id = ?, org_id = ?, state = ?, at = ?
				WHERE doc = ?`, d.Title, d.Body, d.URL, d.Year, d.TownshipID, d.OrgID, d.State, ts(at), doc)
		}
		if err != nil {
			return err
		}
		if !fresh {
			if _, err := tx.exec("DELETE FROM search_fts WHERE rowid = ?", doc); err != nil {
				return err
			}
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

// docSerialBits: on SQLite a doc number is the item's time in seconds
// times 2^docSerialBits plus a serial within that second, so that the FTS5
// rowids — which a match reads in order, and can stop reading — are in the
// order of the items' time whatever order they were indexed in (a rebuild
// goes kind by kind). Search reads the newest matches first this way. More
// than 2^16 items of one second (an import with dates only, say) spill
// over to the next free number above all: still unique, merely out of
// order.
const docSerialBits = 16

// pgStreams is one of an entry's tsvectors on PostgreSQL (uni or bi): the
// title's tokens (weight A), the body's (B) and the readers' lexemes
// (readerLexemes), three arguments.
const pgStreams = "setweight(to_tsvector('simple', ?), 'A') || setweight(to_tsvector('simple', ?), 'B') || ?::tsvector"

// readerLexemes are an entry's readers as lexemes of its tsvectors on
// PostgreSQL ('@' and the reader: no token of a text starts with '@'), a
// tsvector's text. A search asks the GIN index for its terms and any of
// the viewer's readers in one query (readerQuery): for someone who may
// read few items the index intersects the term's matches with them,
// instead of every match of a common term being read and each checked (a
// unit's 水: 1.57 million matches at a province's volume); for the staff
// each match is checked on its own row, not by a probe of search_readers.
// search_readers still holds the same readers, for SQLite's checks and
// for the migration that wrote the lexemes of the entries before them.
func readerLexemes(readers []string) string {
	var b strings.Builder
	for i, r := range search.Unique(append([]string(nil), readers...)) {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(quoteLexeme("@" + r))
	}
	return b.String()
}

// readerQuery is the tsquery's text matching an entry any of readers may
// read (readerLexemes).
func readerQuery(readers []string) string {
	parts := make([]string, len(readers))
	for i, r := range readers {
		parts[i] = quoteLexeme("@" + r)
	}
	return strings.Join(parts, " | ")
}

// quoteLexeme quotes a lexeme for tsvector and tsquery input.
func quoteLexeme(s string) string {
	return "'" + strings.NewReplacer(`\`, `\\`, "'", "''").Replace(s) + "'"
}

// docAlloc hands out new doc numbers (SQLite), remembering those it gave
// that are not written yet.
type docAlloc struct {
	tx   *Tx
	free map[int64]int64 // second's base → the next free number in it
	top  int64           // the highest number handed out
}

func (tx *Tx) newDocs() *docAlloc { return &docAlloc{tx: tx, free: map[int64]int64{}} }

func (a *docAlloc) next(at time.Time) (int64, error) {
	base := max(at.Unix(), 1) << docSerialBits
	end := base + 1<<docSerialBits
	n, ok := a.free[base]
	if !ok {
		var m sql.NullInt64
		if err := a.tx.queryRow("SELECT MAX(doc) FROM search_docs WHERE doc >= ? AND doc < ?", base, end).Scan(&m); err != nil {
			return 0, err
		}
		n = base
		if m.Valid {
			n = m.Int64 + 1
		}
	}
	if n >= end {
		var m int64
		if err := a.tx.queryRow("SELECT COALESCE(MAX(doc), 0) + 1 FROM search_docs").Scan(&m); err != nil {
			return 0, err
		}
		n = max(m, a.top+1)
	}
	a.free[base] = n + 1
	a.top = max(a.top, n)
	return n, nil
}

// unindex removes an item from the index.
func (tx *Tx) unindex(kind, id string) error {
	if err := tx.syncIndex(); err != nil {
		return err
	}
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

// SearchCap is how many matches a search ranks and counts at most: a term
// found in more items (路灯 in one opinion of fifteen) is ranked among its
// SearchCap newest matches, and its total is given as "more than
// SearchCap". The work of a search is bounded by it, not by how common the
// term is. Facets likewise count the newest SearchCap matches.
const SearchCap = 1000

// searchCap is SearchCap (tests lower it).
var searchCap = SearchCap

// SearchFilter selects what a search looks for.
type SearchFilter struct {
	Q          string
	Kind       string
	Year       int
	TownshipID string
	OrgID      string
	State      string
	Limit      int
	Offset     int        // rows into the batch
	After      SearchMark // the batch: the matches older than After (zero: the newest)
}

// SearchMark is where a batch of matches starts: after the oldest match of
// the batch before (its doc number and time), with how many hits came in
// the batches before. A search that finds more than SearchCap items gives
// them in batches of SearchCap, newest first, each ranked by itself.
type SearchMark struct {
	Doc    int64
	At     string
	Before int
}

// SearchCursor is the position of f's page as a cursor: "o" and the offset
// in the first batch (as before batches), or "c" and the batch's mark and
// the offset, base64url-encoded.
func (f SearchFilter) SearchCursor() string {
	if f.After.Doc == 0 {
		return "o" + strconv.Itoa(f.Offset)
	}
	return "c" + base64.RawURLEncoding.EncodeToString(fmt.Appendf(nil, "%d|%d|%s|%d", f.After.Before, f.After.Doc, f.After.At, f.Offset))
}

// ParseSearchCursor sets f's position from a cursor of SearchCursor.
func ParseSearchCursor(c string, f *SearchFilter) error {
	bad := errors.New("store: invalid search cursor")
	if n, err := strconv.Atoi(strings.TrimPrefix(c, "o")); strings.HasPrefix(c, "o") {
		if err != nil || n < 0 || n > 100000 {
			return bad
		}
		f.Offset, f.After = n, SearchMark{}
		return nil
	}
	raw, err := base64.RawURLEncoding.DecodeString(strings.TrimPrefix(c, "c"))
	parts := strings.Split(string(raw), "|")
	if !strings.HasPrefix(c, "c") || err != nil || len(parts) != 4 {
		return bad
	}
	before, e1 := strconv.Atoi(parts[0])
	doc, e2 := strconv.ParseInt(parts[1], 10, 64)
	_, e3 := time.Parse(tsFormat, parts[2])
	off, e4 := strconv.Atoi(parts[3])
	if e1 != nil || e2 != nil || e3 != nil || e4 != nil || before < 0 || before > 1<<30 || doc <= 0 || off < 0 || off > SearchCap {
		return bad
	}
	f.Offset, f.After = off, SearchMark{Doc: doc, At: parts[2], Before: before}
	return nil
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
	Items []SearchHit
	// Total is the number of items found; when TotalIsLowerBound, there
	// are more (the count stopped at the cap).
	Total             int
	TotalIsLowerBound bool
	// Next is where the next page starts (nil: this is the last page).
	Next *SearchFilter
	// FacetsCapped: the facets count the newest SearchCap matches only.
	FacetsCapped bool
	Facets       map[string][]Facet // kind, year, township, unit, state
	Terms        []search.Term
}

// searchCand is a match read for ranking: its keys and facet values.
type searchCand struct {
	doc                        int64
	at, kind, town, org, state string
	year                       int
	inTitle                    bool
}

// Search finds what viewer may see: the readers are part of the query, so
// neither the items nor the counts include anything viewer may not open.
// Items matching in the title come first, then the rest, newest first.
//
// The work is bounded: the matches are read newest first from an index
// (SQLite: the FTS5 rowids, which are doc numbers in the order of the
// items' time; PostgreSQL: search_docs_at) up to SearchCap+1; up to the cap
// the total is exact and every match is ranked; beyond it the newest
// SearchCap are ranked and the total is a lower bound. The page's rows are
// then read by their doc numbers.
func (db *DB) Search(ctx context.Context, viewer *renda.User, f SearchFilter) (*SearchResult, error) {
	res := &SearchResult{Terms: search.Parse(f.Q), Facets: map[string][]Facet{}}
	if len(res.Terms) == 0 {
		return res, nil
	}
	limit := f.Limit
	if limit <= 0 || limit > 100 {
		limit = 20
	}
	offset := max(f.Offset, 0)
	err := db.read(ctx, func(tx *Tx) error {
		var towns []string
		if viewer != nil && viewer.DeputyID != "" {
			var err error
			if towns, err = tx.deputyTownships(viewer.DeputyID); err != nil {
				return err
			}
		}
		readers := renda.Principals(viewer, towns)
		var filters []string
		var fargs []any
		for _, c := range []struct {
			col string
			v   any
			set bool
		}{{"d.kind", f.Kind, f.Kind != ""}, {"d.year", f.Year, f.Year != 0}, {"d.township_id", f.TownshipID, f.TownshipID != ""},
			{"d.org_id", f.OrgID, f.OrgID != ""}, {"d.state", f.State, f.State != ""}} {
			if c.set {
				filters, fargs = append(filters, c.col+" = ?"), append(fargs, c.v)
			}
		}
		cands, err := tx.searchCands(viewer, readers, res.Terms, filters, fargs, f.After, true)
		if err != nil {
			return err
		}
		capped := len(cands) > searchCap
		if capped {
			cands = cands[:searchCap]
		}
		batchEnd := len(cands)
		res.Total, res.TotalIsLowerBound = f.After.Before+len(cands), capped
		// Oldest match of the batch: where the next batch starts.
		var last searchCand
		if len(cands) > 0 {
			last = cands[len(cands)-1]
		}
		sort.SliceStable(cands, func(i, j int) bool {
			a, b := cands[i], cands[j]
			if a.inTitle != b.inTitle {
				return a.inTitle
			}
			if a.at != b.at {
				return a.at > b.at
			}
			return a.doc > b.doc
		})
		page := cands[min(offset, len(cands)):min(offset+limit, len(cands))]
		if err := tx.searchPage(res, page); err != nil {
			return err
		}
		switch {
		case offset+len(page) < batchEnd:
			next := f
			next.Offset = offset + len(page)
			res.Next = &next
		case capped:
			next := f
			next.Offset = 0
			next.After = SearchMark{Doc: last.doc, At: last.at, Before: f.After.Before + batchEnd}
			res.Next = &next
		}
		// Facets count the matches under the other filters' freedom: what
		// choosing a value would give.
		var ffilters []string
		var ffargs []any
		if f.Kind != "" {
			// States mean something within one kind of item only.
			ffilters, ffargs = []string{"d.kind = ?"}, []any{f.Kind}
		}
		fc := cands
		if len(filters) != len(ffilters) || f.After.Doc != 0 {
			if fc, err = tx.searchCands(viewer, readers, res.Terms, ffilters, ffargs, SearchMark{}, false); err != nil {
				return err
			}
		} else if capped {
			fc = append(fc, searchCand{}) // more than the cap, as read
		}
		if len(fc) > searchCap {
			fc, res.FacetsCapped = fc[:searchCap], true
		}
		res.Facets = searchFacets(fc, f.Kind != "")
		return tx.labelFacets(res.Facets, f.Kind)
	})
	return res, err
}

// searchCands reads the matches viewer may read under the filters, newest
// first, older than after (when set), searchCap+1 at most.
func (tx *Tx) searchCands(viewer *renda.User, readers []string, terms []search.Term, filters []string, fargs []any, after SearchMark, withTitle bool) ([]searchCand, error) {
	if err := tx.syncIndex(); err != nil {
		return nil, err
	}
	var out []searchCand
	read := func(window string, wargs []any, n int) (int, error) {
		q, args := tx.db.searchCandsQuery(viewer, readers, terms, filters, fargs, after, withTitle, window, wargs, n)
		rows, err := tx.query(q, args...)
		if err != nil {
			return 0, err
		}
		defer rows.Close()
		before := len(out)
		for rows.Next() {
			var c searchCand
			if tx.db.dialect == Postgres {
				if err := rows.Scan(&c.doc, &c.at, &c.kind, &c.year, &c.town, &c.org, &c.state, &c.inTitle); err != nil {
					return 0, err
				}
			} else {
				var title string
				if err := rows.Scan(&c.doc, &c.at, &c.kind, &c.year, &c.town, &c.org, &c.state, &title); err != nil {
					return 0, err
				}
				// The title tier from the title's own tokens (search.Holds:
				// what the index's title columns hold).
				c.inTitle = withTitle && search.Holds(title, terms)
			}
			out = append(out, c)
		}
		return len(out) - before, rows.Err()
	}
	var err error
	if tx.db.dialect == Postgres {
		err = tx.newestFirst(after.At, searchCap+1, read)
	} else {
		_, err = read("", nil, searchCap+1)
	}
	return out, err
}

// newestFirst reads the newest matches of a query on PostgreSQL, need at
// most, in spans of time (newestSpans) from top (an item's time; "" for
// the newest item's) back: read gets a condition on d.at limiting the rows
// to one span, with its arguments and how many rows are still wanted, and
// says how many it read.
//
// PostgreSQL's GIN index gives a term's matches in no order: for the
// newest matches of a common term it would read every match and sort them
// (路灯: 13,738 rows, 691 ms at 206,000 items). Within a span it combines
// the GIN index with search_docs_at (BitmapAnd) and reads that span's
// matches only (27 ms); a rare term costs a few cheap queries.
func (tx *Tx) newestFirst(top string, need int, read func(window string, args []any, n int) (int, error)) error {
	if top == "" {
		var newest sql.NullString
		if err := tx.queryRow("SELECT MAX(at) FROM search_docs").Scan(&newest); err != nil || !newest.Valid {
			return err
		}
		top = newest.String
	}
	at, err := time.Parse(tsFormat, top)
	if err != nil {
		return err
	}
	upper := ""
	for _, days := range newestSpans {
		lower := at.AddDate(0, 0, -days).UTC().Format(tsFormat)
		window, args := " AND d.at >= ?", []any{lower}
		if upper != "" {
			window, args = window+" AND d.at < ?", append(args, upper)
		}
		n, err := read(window, args, need)
		if err != nil || n >= need {
			return err
		}
		need -= n
		upper = lower
	}
	_, err = read(" AND d.at < ?", []any{upper}, need)
	return err
}

// newestSpans are the spans of newestFirst in days back from the top, each
// four times the one before; the rest is the last span.
var newestSpans = []int{7, 28, 112, 448, 1792}

func (db *DB) searchCandsQuery(viewer *renda.User, readers []string, terms []search.Term, filters []string, fargs []any, after SearchMark, withTitle bool,
	window string, wargs []any, limit int) (string, []any) {
	staffSide := viewer != nil && viewer.IsStaffSide()
	cond, args := searchCond(db.dialect, terms, false)
	// The staff side may read nearly everything, so the matches are few
	// beside the items they may read: check each match's readers (index
	// search_readers_doc). Others may read few items: list those.
	readable := "d.doc IN (SELECT doc FROM search_readers WHERE reader IN (" + placeholders(len(readers)) + "))"
	if db.dialect == Postgres {
		// The readers are lexemes of the entries' tsvectors
		// (readerLexemes), checked with the terms: the GIN index
		// intersects the terms' matches with what the viewer may read (a
		// unit's 水 at 630,000 items: 2.7 s → 50 ms), and for the staff,
		// who may read nearly everything, each match is checked on its own
		// row instead of by a probe of search_readers (路灯 in a span of
		// 2,000,000 items: 12.3 s → 140 ms, the newest first by time).
		cond, args = searchCondFor(Postgres, terms, false, readers)
		readable = ""
	}
	if db.dialect == SQLite {
		// Checked on the FTS5 row, before its search_docs row is read (a
		// unit's few readable items among a common term's 126,000 matches
		// at 20,000 suggestions: 135 → 30 ms). The unary + keeps SQLite
		// from handing the list to FTS5 as rowid constraints, which probes
		// the index once per readable item (330 ms).
		readable = "+search_fts.rowid IN (SELECT doc FROM search_readers WHERE reader IN (" + placeholders(len(readers)) + "))"
	}
	if staffSide && db.dialect == SQLite {
		readable = "EXISTS (SELECT 1 FROM search_readers r WHERE r.doc = d.doc AND r.reader IN (" + placeholders(len(readers)) + "))"
	}
	var q strings.Builder
	q.WriteString("SELECT d.doc, d.at, d.kind, d.year, d.township_id, d.org_id, d.state")
	if db.dialect == Postgres {
		tcond, targs := searchCond(Postgres, terms, true)
		if !withTitle {
			tcond, targs = "false", nil
		}
		q.WriteString(", " + tcond + " FROM search_docs d WHERE " + cond)
		args = append(targs, args...)
		if after.Doc != 0 {
			q.WriteString(" AND (d.at, d.doc) < (?, ?)")
			args = append(args, after.At, after.Doc)
		}
		q.WriteString(window)
		args = append(args, wargs...)
	} else {
		// The FTS5 table leads: its rowids (the doc numbers, in the order
		// of the items' time) are read newest first and stop at the limit.
		// With each match its title, to tell the title tier in Go: the
		// row is read anyway. (FTS5 could tell it: bm25 with the bodies'
		// weights 0 reads every match of the term once more for its
		// weights, 60 ms for a unit's 水 at the full volume; a second
		// query on the title columns walks the candidates' range of
		// rowids, the whole index for a unit's few items.)
		q.WriteString(", d.title FROM search_fts CROSS JOIN search_docs d ON d.doc = search_fts.rowid WHERE search_fts MATCH ?")
		if after.Doc != 0 {
			q.WriteString(" AND search_fts.rowid < ?")
			args = append(args, after.Doc)
		}
	}
	if readable != "" {
		q.WriteString(" AND " + readable)
		for _, r := range readers {
			args = append(args, r)
		}
	}
	for _, c := range filters {
		q.WriteString(" AND " + c)
	}
	args = append(args, fargs...)
	if db.dialect == Postgres {
		q.WriteString(" ORDER BY d.at DESC, d.doc DESC")
	} else {
		q.WriteString(" ORDER BY search_fts.rowid DESC")
	}
	q.WriteString(fmt.Sprintf(" LIMIT %d", limit))
	return q.String(), args
}

// searchPage reads the page's items by their doc numbers, in the page's order.
func (tx *Tx) searchPage(res *SearchResult, page []searchCand) error {
	if len(page) == 0 {
		return nil
	}
	args := make([]any, len(page))
	place := map[int64]int{}
	for i, c := range page {
		args[i], place[c.doc] = c.doc, i
	}
	rows, err := tx.query("SELECT doc, kind, id, title, body, url, year, state, at FROM search_docs WHERE doc IN ("+placeholders(len(page))+")", args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	hits := make([]SearchHit, len(page))
	for rows.Next() {
		var h SearchHit
		var doc int64
		var body string
		if err := rows.Scan(&doc, &h.Kind, &h.ID, &h.Title, &body, &h.URL, &h.Year, &h.State, tsScan{&h.At}); err != nil {
			return err
		}
		h.Snippet = search.Snippet(body, res.Terms, 90)
		h.Marked = search.Highlight(h.Title, res.Terms)
		hits[place[doc]] = h
	}
	if err := rows.Err(); err != nil {
		return err
	}
	res.Items = hits
	return nil
}

// searchFacets counts the values of the facets among the matches, the 30
// most frequent of each (states only within one kind).
func searchFacets(cands []searchCand, withState bool) map[string][]Facet {
	counts := map[string]map[string]int{"kind": {}, "year": {}, "township": {}, "unit": {}}
	if withState {
		counts["state"] = map[string]int{}
	}
	for _, c := range cands {
		for name, v := range map[string]string{"kind": c.kind, "township": c.town, "unit": c.org, "state": c.state} {
			if m := counts[name]; m != nil && v != "" {
				m[v]++
			}
		}
		if c.year != 0 {
			counts["year"][fmt.Sprint(c.year)]++
		}
	}
	out := map[string][]Facet{}
	for name, m := range counts {
		var vals []Facet
		for v, n := range m {
			vals = append(vals, Facet{Value: v, Count: n})
		}
		sort.Slice(vals, func(i, j int) bool {
			if vals[i].Count != vals[j].Count {
				return vals[i].Count > vals[j].Count
			}
			return vals[i].Value < vals[j].Value
		})
		if len(vals) > 30 {
			vals = vals[:30]
		}
		if len(vals) > 0 {
			out[name] = vals
		}
	}
	return out
}

// searchCond is the condition matching every term, as the database's
// full-text machinery reads it; on PostgreSQL in the title only if
// titleOnly (SQLite tells the title tier from the titles, searchCands).
func searchCond(dialect Dialect, terms []search.Term, titleOnly bool) (string, []any) {
	return searchCondFor(dialect, terms, titleOnly, nil)
}

// searchCondFor is searchCond, on PostgreSQL also matching only entries
// that one of readers may read (readerLexemes), if readers is not nil.
func searchCondFor(dialect Dialect, terms []search.Term, titleOnly bool, readers []string) (string, []any) {
	if dialect == Postgres {
		if readers != nil && len(readers) == 0 {
			return "false", nil // who may read nothing finds nothing
		}
		var conds []string
		var args []any
		for i, t := range terms {
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
			if i == 0 && readers != nil {
				// One GIN scan of the term and the readers.
				conds = append(conds, col+" @@ (to_tsquery('simple', ?) && ?::tsquery)")
				args = append(args, strings.Join(parts, " <-> "), readerQuery(readers))
				continue
			}
			conds = append(conds, col+" @@ to_tsquery('simple', ?)")
			args = append(args, strings.Join(parts, " <-> "))
		}
		return "(" + strings.Join(conds, " AND ") + ")", args
	}
	// No column filter: a term's tokens are in one stream only (a Han
	// character in the unigrams, Han pairs in the bigrams; a Latin word in
	// both), so every column finds what its own stream's would
	// (search.TestStreamsApart), and FTS5 then reads no position lists to
	// tell the columns apart (a unit's 水 at the full volume: 125 → 100
	// ms). The title tier is told from the titles (searchCands), not here.
	var parts []string
	for _, t := range terms {
		parts = append(parts, `"`+strings.Join(t.Tokens, " ")+`"`)
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
