package store

import (
	"context"
	"database/sql"
	"math"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode"

	"renda"
	"renda/assist"
	"renda/internal/search"
)

// Similar items, unit routing and category proposals (package assist): the
// search index finds candidates within what the viewer may read — the
// readers are part of the query, as in Search — and assist ranks them by
// TF-IDF cosine of their character bigrams, with the county's place names
// recognised.

// SimilarItem is a past item like the one being read, with what became of
// it.
type SimilarItem struct {
	Kind  string  `json:"kind"`
	ID    string  `json:"id"`
	Title string  `json:"title"`
	Score float64 `json:"score"`
	URL   string  `json:"-"`
	Year  int     `json:"-"`
	State string  `json:"-"`
	Label string  `json:"-"` // the state as people say it
	Kinds string  `json:"-"` // the kind as people say it
	Pct   int     `json:"-"` // the score in percent
	Org   string  `json:"-"` // the unit handling it
}

// similarKinds are the doors a problem comes through.
var similarKinds = []string{"suggestion", "opinion", "hotline"}

// assistCandidates is how many candidates the index hands to assist.
const assistCandidates = 300

// assistWindow is how many of the newest matches PostgreSQL scores to
// choose the candidates: the work of a page's similar items stays the same
// at any volume, and what is similar is looked for among recent items
// first, where a repeated complaint or a unit's current remit is.
const assistWindow = 2000

// minSimilarity is the cosine below which an item is not shown as similar.
const minSimilarity = 0.12

type candidate struct {
	SimilarItem
	text string
	org  string
}

// candidates finds the items of kinds that share the most distinctive
// bigrams with text, among those viewer may read (scoreMatches), the best
// assistCandidates of them with their texts.
func (tx *Tx) candidates(viewer *renda.User, text string, kinds []string, skipKind, skipID string) ([]candidate, error) {
	phrases := queryPhrases(text, 30)
	if len(phrases) == 0 {
		return nil, nil
	}
	if err := tx.syncIndex(); err != nil {
		return nil, err
	}
	var towns []string
	if viewer != nil && viewer.DeputyID != "" {
		var err error
		if towns, err = tx.deputyTownships(viewer.DeputyID); err != nil {
			return nil, err
		}
	}
	scored, err := tx.scoreMatches(renda.Principals(viewer, towns), phrases, kinds, skipKind, skipID)
	if err != nil || len(scored) == 0 {
		return nil, err
	}
	return tx.candidateTexts(scored)
}

type scoredDoc struct {
	doc   int64
	score float64 // higher is better
}

// scoreMatches scores the items of kinds matching any of phrases that
// readers may read (not the item itself), best first, at most
// assistCandidates, reading a bounded number of matches at any volume.
func (tx *Tx) scoreMatches(readers []string, phrases [][]string, kinds []string, skipKind, skipID string) ([]scoredDoc, error) {
	var out []scoredDoc
	var err error
	if tx.db.dialect == Postgres {
		// The readers are checked with the phrases, as lexemes of the
		// entries (readerLexemes), as in Search.
		filter, fargs := assistFilter(nil, kinds, skipKind, skipID)
		out, err = tx.scoreMatchesPostgres(phrases, readers, filter, fargs)
	} else {
		out, err = tx.scoreMatchesSQLite(phrases, assistCheck{readers, kinds, skipKind, skipID})
	}
	if err != nil {
		return nil, err
	}
	// Best first; among equals the newer (the order read) first.
	sort.SliceStable(out, func(i, j int) bool { return out[i].score > out[j].score })
	return out[:min(len(out), assistCandidates)], nil
}

// assistFilter is the condition on a candidate d: of kinds, readable by
// readers, not the item itself.
// With readers nil the readers are not checked (the caller checks them).
func assistFilter(readers, kinds []string, skipKind, skipID string) (string, []any) {
	var args []any
	for _, k := range kinds {
		args = append(args, k)
	}
	for _, r := range readers {
		args = append(args, r)
	}
	args = append(args, skipKind, skipID)
	readable := ""
	if readers != nil {
		readable = " AND EXISTS (SELECT 1 FROM search_readers r WHERE r.doc = d.doc AND r.reader IN (" + placeholders(len(readers)) + "))"
	}
	return " AND d.kind IN (" + placeholders(len(kinds)) + ")" + readable + " AND NOT (d.kind = ? AND d.id = ?)", args
}

// scoreMatchesPostgres: the newest assistWindow items matching any phrase,
// scored by ts_rank (computed for those only), of those one of readers
// may read (asked of the GIN index with the phrases).
func (tx *Tx) scoreMatchesPostgres(phrases [][]string, readers []string, filter string, fargs []any) ([]scoredDoc, error) {
	var or []string
	for _, p := range phrases {
		or = append(or, "('"+strings.Join(p, "' <-> '")+"')")
	}
	if len(readers) == 0 {
		return nil, nil
	}
	match, margs := "d.bi @@ (q && ?::tsquery)", []any{strings.Join(or, " | "), readerQuery(readers)}
	scores := map[int64]float64{}
	var order []int64
	// In spans of time newest first (newestFirst: the GIN index gives
	// matches in no order).
	err := tx.newestFirst("", assistWindow, func(window string, wargs []any, n int) (int, error) {
		q := "SELECT d.doc, ts_rank(d.bi, q) FROM search_docs d, to_tsquery('simple', ?) q WHERE " + match + filter + window +
			" ORDER BY d.at DESC, d.doc DESC LIMIT " + strconv.Itoa(n)
		before := len(order)
		err := eachRow(tx, q, slices.Concat(margs, fargs, wargs), func(doc int64, score float64) {
			scores[doc] = score
			order = append(order, doc)
		})
		return len(order) - before, err
	})
	return scoredIn(order, scores), err
}

// assistCheck is what a candidate must be: of kinds, readable by readers,
// not the item skipKind/skipID.
type assistCheck struct {
	readers, kinds   []string
	skipKind, skipID string
}

// assistMemo keeps, for one request, what the assistance read from the
// index (SQLite): each phrase's matches, and which matches readers may
// use with their kind. A page's assistance asks twice about the same text
// (similar items, and the units or handlers proposed, of fewer kinds):
// the second reads nothing again.
type assistMemo struct {
	mu      sync.Mutex
	matches map[string][]int64
	key     string           // the readers and the item skipped, of checked
	checked map[int64]string // doc → its kind if usable (of similarKinds), "" if not
}

type assistMemoKey struct{}

// WithAssistMemo returns a context whose assistance reads (Similar,
// SuggestionRouting, OpinionRouting) share what they read from the
// index: for one request, not longer (the index changes).
func WithAssistMemo(ctx context.Context) context.Context {
	return context.WithValue(ctx, assistMemoKey{}, &assistMemo{matches: map[string][]int64{}})
}

// scoreMatchesSQLite reads each phrase's newest matches (FTS5 reads them
// newest first and stops: its rowids follow the items' time), at most
// assistScan of them whatever their kind, and keeps those of the kinds the
// viewer may read, at most assistPerPhrase; an item is scored by the
// phrases it shares, each weighted by how rare it is (an inverse document
// frequency: a phrase whose matches ran out before the limits has that
// many; otherwise the count is estimated from how far back the matches
// read reach). bm25 would weigh the phrases by reading every match of
// each, at any volume; without assistScan a kind that is a small share of
// the index (suggestions beside millions of opinions) would read every
// match of a phrase to find assistPerPhrase of its own.
//
// The matches of all phrases are read first and the filter checked once
// for each item among them, in the order of the index (neighbouring
// phrases of a text match mostly the same items, and the check reads the
// item's entry and its readers): then each phrase's matches are walked as
// they were read.
//
// With a request's memo (WithAssistMemo) and kinds among similarKinds, it
// reads what the memo holds and adds to it.
func (tx *Tx) scoreMatchesSQLite(phrases [][]string, chk assistCheck) ([]scoredDoc, error) {
	memo, _ := tx.ctx.Value(assistMemoKey{}).(*assistMemo)
	if memo == nil || slices.ContainsFunc(chk.kinds, func(k string) bool { return !slices.Contains(similarKinds, k) }) {
		filter, fargs := assistFilter(chk.readers, chk.kinds, chk.skipKind, chk.skipID)
		return tx.scoreMatchesSQLiteWith(phrases, filter, fargs, nil)
	}
	// With the memo the matches are checked for every kind of similarKinds
	// (the widest any caller asks for) once a request, keeping their kinds.
	memo.mu.Lock()
	defer memo.mu.Unlock()
	if key := strings.Join(chk.readers, " ") + "\x00" + chk.skipKind + "\x00" + chk.skipID; memo.key != key {
		memo.key, memo.checked = key, map[int64]string{}
	}
	filter, fargs := assistFilter(chk.readers, similarKinds, chk.skipKind, chk.skipID)
	return tx.scoreMatchesSQLiteWith(phrases, filter, fargs, &memoUse{memo: memo, kinds: chk.kinds})
}

// memoUse is a memo and the kinds the caller wants of it.
type memoUse struct {
	memo  *assistMemo
	kinds []string
}

func (tx *Tx) scoreMatchesSQLiteWith(phrases [][]string, filter string, fargs []any, mu *memoUse) ([]scoredDoc, error) {
	var oldest, newest int64
	// Two subqueries: SQLite reads a lone MIN or MAX from the end of the
	// key, but both in one SELECT scan every entry.
	if err := tx.queryRow("SELECT COALESCE((SELECT MIN(doc) FROM search_docs), 0), COALESCE((SELECT MAX(doc) FROM search_docs), 0)").Scan(&oldest, &newest); err != nil {
		return nil, err
	}
	total, err := tx.indexedCount()
	if err != nil {
		return nil, err
	}
	matches := make([][]int64, len(phrases))
	seen := map[int64]bool{}
	for i, p := range phrases {
		pk := strings.Join(p, " ")
		if mu != nil {
			if m, ok := mu.memo.matches[pk]; ok {
				matches[i] = m
				for _, d := range m {
					seen[d] = true
				}
				continue
			}
		}
		err := tx.each("SELECT rowid FROM search_fts WHERE search_fts MATCH ? ORDER BY rowid DESC LIMIT "+strconv.Itoa(assistScan),
			[]any{`{t2 b2} : "` + strings.Join(p, " ") + `"`}, func(rows *sql.Rows) error {
				var doc int64
				if err := rows.Scan(&doc); err != nil {
					return err
				}
				matches[i] = append(matches[i], doc)
				seen[doc] = true
				return nil
			})
		if err != nil {
			return nil, err
		}
		if mu != nil {
			mu.memo.matches[pk] = matches[i]
		}
	}
	all := make([]int64, 0, len(seen))
	keep := make(map[int64]bool, len(seen))
	for d := range seen {
		if mu != nil {
			if kind, ok := mu.memo.checked[d]; ok {
				keep[d] = kind != "" && slices.Contains(mu.kinds, kind)
				continue
			}
		}
		all = append(all, d)
	}
	slices.Sort(all)
	for len(all) > 0 {
		batch := all[:min(len(all), 500)]
		all = all[len(batch):]
		args := make([]any, 0, len(batch)+len(fargs))
		for _, d := range batch {
			args = append(args, d)
		}
		// From the index of doc, kind and id (migration 01735), not the
		// rows with their texts.
		err := tx.each("SELECT d.doc, d.kind FROM search_docs d INDEXED BY search_docs_doc_kind WHERE d.doc IN ("+placeholders(len(batch))+")"+filter, append(args, fargs...),
			func(rows *sql.Rows) error {
				var doc int64
				var kind string
				err := rows.Scan(&doc, &kind)
				if mu != nil {
					mu.memo.checked[doc] = kind
					keep[doc] = slices.Contains(mu.kinds, kind)
				} else {
					keep[doc] = true
				}
				return err
			})
		if err != nil {
			return nil, err
		}
		if mu != nil {
			for _, d := range batch {
				if _, ok := mu.memo.checked[d]; !ok {
					mu.memo.checked[d] = ""
				}
			}
		}
	}
	scores := map[int64]float64{}
	var order []int64
	for _, list := range matches {
		var docs []int64
		read, last := 0, int64(0)
		for _, doc := range list {
			read, last = read+1, doc
			if keep[doc] {
				if docs = append(docs, doc); len(docs) == assistPerPhrase {
					break
				}
			}
		}
		if len(docs) == 0 {
			continue
		}
		// Doc numbers follow time (docAlloc): matches read back to a tenth
		// of the index's time span are about a tenth of the matches.
		df := float64(read)
		if read == assistScan || len(docs) == assistPerPhrase {
			df *= float64(newest-oldest+1) / float64(max(1, newest-last+1))
		}
		idf := math.Log(1 + float64(total)/df)
		for _, d := range docs {
			if _, ok := scores[d]; !ok {
				order = append(order, d)
			}
			scores[d] += idf
		}
	}
	// The order read: newest first within each phrase; sort by doc so
	// that equal scores keep the newer item first.
	sort.Slice(order, func(i, j int) bool { return order[i] > order[j] })
	return scoredIn(order, scores), nil
}

// assistPerPhrase is how many of a phrase's newest matches are kept, and
// assistScan how many are read at most to find them.
var (
	assistPerPhrase = 200
	assistScan      = 1000
)

// indexedCount is how many items the search index holds, counted at most
// every ten minutes (a count reads the whole index; the weights it serves
// need its size only roughly).
func (tx *Tx) indexedCount() (int64, error) {
	return remember(tx.db, "search_docs", 10*time.Minute, func() (int64, error) {
		var n int64
		err := tx.queryRow("SELECT COUNT(*) FROM search_docs").Scan(&n)
		return n, err
	})
}

// scoredIn lists docs in order with their scores.
func scoredIn(order []int64, scores map[int64]float64) []scoredDoc {
	out := make([]scoredDoc, len(order))
	for i, d := range order {
		out[i] = scoredDoc{doc: d, score: scores[d]}
	}
	return out
}

// eachRow runs q and hands each row's doc and score to fn.
func eachRow(tx *Tx, q string, args []any, fn func(doc int64, score float64)) error {
	rows, err := tx.query(q, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var doc int64
		var score float64
		if err := rows.Scan(&doc, &score); err != nil {
			return err
		}
		fn(doc, score)
	}
	return rows.Err()
}

// candidateTexts reads the scored items' texts, in the order given.
func (tx *Tx) candidateTexts(scored []scoredDoc) ([]candidate, error) {
	args := make([]any, len(scored))
	at := make(map[int64]int, len(scored))
	for i, s := range scored {
		args[i], at[s.doc] = s.doc, i
	}
	rows, err := tx.query("SELECT d.doc, d.kind, d.id, d.title, d.body, d.url, d.year, d.state, d.org_id FROM search_docs d WHERE d.doc IN ("+placeholders(len(args))+")", args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := make([]candidate, len(scored))
	got := make([]bool, len(scored))
	for rows.Next() {
		var c candidate
		var doc int64
		var body string
		if err := rows.Scan(&doc, &c.Kind, &c.ID, &c.Title, &body, &c.URL, &c.Year, &c.State, &c.org); err != nil {
			return nil, err
		}
		c.text = c.Title + "\n" + c.Title + "\n" + body
		c.Label = renda.StateLabel(renda.SearchKindEntity(c.Kind), c.State)
		out[at[doc]], got[at[doc]] = c, true
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	kept := out[:0]
	for i, c := range out {
		if got[i] {
			kept = append(kept, c)
		}
	}
	return kept, nil
}

// queryPhrases are what the candidates must share with text: runs of
// two neighbouring bigrams (three characters, 路灯坏 as 路灯 灯坏 in a
// row), and the Latin/digit words (G356), at most n, the start of the text
// (its title) first. A three-character run is selective where a bigram is
// not (希望, 问题 are in every other
// complaint), so the index hands over a few hundred candidates instead of
// most of the county's opinions; a near-duplicate shares many of them.
// A text too short for a run asks for its bigrams.
func queryPhrases(text string, n int) [][]string {
	seen := map[string]bool{}
	var out [][]string
	add := func(p []string) bool {
		for _, w := range p {
			if strings.ContainsAny(w, `"'\:(){}*^`) {
				return len(out) < n
			}
		}
		k := strings.Join(p, " ")
		if !seen[k] {
			seen[k] = true
			out = append(out, p)
		}
		return len(out) < n
	}
	var han []rune
	flush := func() bool {
		ok := true
		for i := 0; ok && i+3 <= len(han); i++ {
			ok = add([]string{string(han[i : i+2]), string(han[i+1 : i+3])})
		}
		han = han[:0]
		return ok
	}
	var word []rune
	for _, r := range text + "\n" {
		switch {
		case unicode.Is(unicode.Han, r):
			if len(word) > 0 {
				if !add([]string{strings.ToLower(string(word))}) {
					return out
				}
				word = word[:0]
			}
			han = append(han, r)
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			if !flush() {
				return out
			}
			word = append(word, r)
		default:
			if !flush() {
				return out
			}
			if len(word) > 0 {
				if !add([]string{strings.ToLower(string(word))}) {
					return out
				}
				word = word[:0]
			}
		}
	}
	if len(out) == 0 {
		for _, w := range strings.Fields(search.Tokens(text).Bi) {
			if !add([]string{w}) {
				break
			}
		}
	}
	return out
}

// places recognises the deployment's townships and villages.
func (tx *Tx) places() (*assist.Places, error) {
	rows, err := tx.query("SELECT name FROM regions")
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var names []string
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			return nil, err
		}
		names = append(names, n)
	}
	return assist.NewPlaces(names), rows.Err()
}

// rank puts the candidates in an assist index and returns the n most
// similar to text, with their similarity.
func rankCandidates(places *assist.Places, cands []candidate, text string, n int) []candidate {
	x := assist.NewIndex(places)
	byKey := map[string]candidate{}
	for _, c := range cands {
		k := c.Kind + "/" + c.ID
		x.Add(k, c.text)
		byKey[k] = c
	}
	var out []candidate
	for _, h := range x.Similar(text, n, minSimilarity) {
		c := byKey[h.Key]
		c.Score = float64(int(h.Score*1000+0.5)) / 1000
		c.Pct = int(h.Score*100 + 0.5)
		c.Kinds = renda.SearchKindLabel(c.Kind)
		out = append(out, c)
	}
	return out
}

// docText is the indexed text of an item (title twice: it says most).
func (tx *Tx) docText(kind, id string) (string, bool, error) {
	if err := tx.syncIndex(); err != nil {
		return "", false, err
	}
	var title, body string
	err := tx.queryRow("SELECT title, body FROM search_docs WHERE kind = ? AND id = ?", kind, id).Scan(&title, &body)
	if errNoRows(err) {
		return "", false, nil
	}
	return title + "\n" + title + "\n" + body, err == nil, err
}

// Similar returns the past items (suggestions, opinions, 12345 orders)
// most like the item kind/id, among those viewer may read. The caller has
// checked that viewer may see the item itself.
func (db *DB) Similar(ctx context.Context, viewer *renda.User, kind, id string, n int) ([]SimilarItem, error) {
	var out []SimilarItem
	err := db.read(ctx, func(tx *Tx) error {
		text, ok, err := tx.docText(kind, id)
		if err != nil || !ok {
			return err
		}
		found, err := tx.similar(viewer, text, similarKinds, kind, id, n)
		for _, c := range found {
			out = append(out, c.SimilarItem)
		}
		return err
	})
	return out, err
}

// SimilarText returns the items most like a text being written (a draft).
func (db *DB) SimilarText(ctx context.Context, viewer *renda.User, text string, n int) ([]SimilarItem, error) {
	var out []SimilarItem
	err := db.read(ctx, func(tx *Tx) error {
		found, err := tx.similar(viewer, text, similarKinds, "", "", n)
		for _, c := range found {
			out = append(out, c.SimilarItem)
		}
		return err
	})
	return out, err
}

func (tx *Tx) similar(viewer *renda.User, text string, kinds []string, skipKind, skipID string, n int) ([]candidate, error) {
	cands, err := tx.candidates(viewer, text, kinds, skipKind, skipID)
	if err != nil || len(cands) == 0 {
		return nil, err
	}
	places, err := tx.places()
	if err != nil {
		return nil, err
	}
	found := rankCandidates(places, cands, text, n)
	for i := range found {
		if found[i].org != "" {
			if err := tx.queryRow("SELECT name FROM organizations WHERE id = ?", found[i].org).Scan(&found[i].Org); err != nil && !errNoRows(err) {
				return nil, err
			}
		}
	}
	return found, nil
}

// UnitProposal is a unit proposed to handle a suggestion, with the similar
// past suggestions it handled.
type UnitProposal struct {
	OrganizationID string          `json:"organization_id"`
	Name           string          `json:"name"`
	Score          float64         `json:"score"`
	Because        []assistBecause `json:"because"`
}

type assistBecause struct {
	Kind  string `json:"kind"`
	ID    string `json:"id"`
	Title string `json:"title"`
}

// Routing is what renda proposes for a suggestion: lead units and
// assisting units, learnt from the units that handled similar past
// suggestions (the most frequent lead units break ties). Staff only.
type Routing struct {
	Units     []UnitProposal `json:"units"`
	Assisting []UnitProposal `json:"assisting"`
}

// routingSize is how many units a proposal lists.
const routingSize = 3

// SuggestionRouting proposes units for suggestion id and records the
// proposal, so that the statistics can say how often staff took it.
func (db *DB) SuggestionRouting(ctx context.Context, viewer *renda.User, id string) (*Routing, error) {
	if viewer == nil || !viewer.IsStaffSide() {
		return nil, renda.Errorf(renda.EFORBIDDEN, "只有常委会工作人员可以查看交办建议")
	}
	r := &Routing{}
	var record string
	err := db.read(ctx, func(tx *Tx) error {
		text, ok, err := tx.docText("suggestion", id)
		if err != nil || !ok {
			return err
		}
		found, err := tx.similar(viewer, text, []string{"suggestion"}, "suggestion", id, assist.Neighbours)
		if err != nil {
			return err
		}
		lead, co := map[string][]string{}, map[string][]string{}
		titles := map[string]string{}
		for _, c := range found {
			k := "suggestion/" + c.ID
			titles[k] = c.Title
			rows, err := tx.query("SELECT org_id, role FROM suggestion_units WHERE suggestion_id = ? ORDER BY role, org_id", c.ID)
			if err != nil {
				return err
			}
			for rows.Next() {
				var org, role string
				if err := rows.Scan(&org, &role); err != nil {
					rows.Close()
					return err
				}
				if role == "lead" || role == "joint" || role == "split" {
					lead[k] = append(lead[k], org)
				} else {
					co[k] = append(co[k], org)
				}
			}
			rows.Close()
			if err := rows.Err(); err != nil {
				return err
			}
		}
		prior, err := tx.frequentLeadUnits()
		if err != nil {
			return err
		}
		hits := make([]assist.Hit, len(found))
		for i, c := range found {
			hits[i] = assist.Hit{Key: "suggestion/" + c.ID, Score: c.Score}
		}
		proposals := func(votes []assist.Vote) ([]UnitProposal, error) {
			var out []UnitProposal
			for _, v := range votes {
				if len(out) == routingSize {
					break
				}
				p := UnitProposal{OrganizationID: v.Label, Score: float64(int(v.Score*1000+0.5)) / 1000, Because: []assistBecause{}}
				if err := tx.queryRow("SELECT name FROM organizations WHERE id = ?", v.Label).Scan(&p.Name); err != nil {
					if errNoRows(err) {
						continue
					}
					return nil, err
				}
				for _, k := range v.Because {
					p.Because = append(p.Because, assistBecause{"suggestion", strings.TrimPrefix(k, "suggestion/"), titles[k]})
				}
				out = append(out, p)
			}
			return out, nil
		}
		if r.Units, err = proposals(assist.Rank(hits, func(k string) []string { return lead[k] }, prior)); err != nil {
			return err
		}
		var assisting []assist.Vote
		for _, v := range assist.Rank(hits, func(k string) []string { return co[k] }, nil) {
			if v.Score > 0 {
				assisting = append(assisting, v)
			}
		}
		if r.Assisting, err = proposals(assisting); err != nil {
			return err
		}
		if r.Units == nil {
			r.Units = []UnitProposal{}
		}
		if r.Assisting == nil {
			r.Assisting = []UnitProposal{}
		}
		var ids []string
		for _, u := range r.Units {
			ids = append(ids, u.OrganizationID)
		}
		record = strings.Join(ids, " ")
		if record != "" {
			// Only the first proposal is recorded: a later view writes nothing
			// (a page view need not wait for a durable commit).
			seen, err := tx.exists("SELECT 1 FROM assist_proposals WHERE entity = 'suggestion' AND item_id = ? AND task = 'route'", id)
			if err != nil {
				return err
			}
			if seen {
				record = ""
			}
		}
		return nil
	})
	if err != nil || record == "" {
		return r, err
	}
	// The first proposal shown is the one measured: staff decide after it.
	err = db.write(ctx, nil, func(tx *Tx) error {
		_, err := tx.exec("INSERT INTO assist_proposals (entity, item_id, task, proposed, at) VALUES ('suggestion', ?, 'route', ?, ?) ON CONFLICT (entity, item_id, task) DO NOTHING",
			id, record, ts(db.clock.Now()))
		return err
	})
	return r, err
}

// frequentLeadUnits are the units that led most suggestions, most first.
// They only break ties between proposals, and counting them reads every
// lead unit of every suggestion: they are counted at most every ten minutes.
func (tx *Tx) frequentLeadUnits() ([]string, error) {
	return remember(tx.db, "lead_units", 10*time.Minute, func() ([]string, error) {
		rows, err := tx.query("SELECT org_id FROM suggestion_units WHERE role = 'lead' GROUP BY org_id ORDER BY COUNT(*) DESC, org_id LIMIT 5")
		if err != nil {
			return nil, err
		}
		defer rows.Close()
		var out []string
		for rows.Next() {
			var id string
			if err := rows.Scan(&id); err != nil {
				return nil, err
			}
			out = append(out, id)
		}
		return out, rows.Err()
	})
}

// CategoryProposal is a category proposed for an opinion, with the similar
// past opinions and orders filed under it.
type CategoryProposal struct {
	Category string          `json:"category"`
	Score    float64         `json:"score"`
	Because  []assistBecause `json:"because"`
}

// OpinionCategory proposes categories for opinion id from the categories
// of similar past opinions and 12345 orders viewer may read.
func (db *DB) OpinionCategory(ctx context.Context, viewer *renda.User, id string) ([]CategoryProposal, error) {
	out := []CategoryProposal{}
	err := db.read(ctx, func(tx *Tx) error {
		kind := "opinion"
		if err := tx.queryRow("SELECT kind FROM search_docs WHERE id = ? AND kind IN ('opinion', 'hotline')", id).Scan(&kind); err != nil && !errNoRows(err) {
			return err
		}
		text, ok, err := tx.docText(kind, id)
		if err != nil || !ok {
			return err
		}
		found, err := tx.similar(viewer, text, []string{"opinion", "hotline"}, kind, id, assist.Neighbours)
		if err != nil {
			return err
		}
		cats := map[string][]string{}
		titles := map[string]string{}
		hits := make([]assist.Hit, 0, len(found))
		for _, c := range found {
			var cat string
			if err := tx.queryRow("SELECT category FROM opinions WHERE id = ?", c.ID).Scan(&cat); err != nil {
				return err
			}
			k := c.Kind + "/" + c.ID
			if cat != "" {
				cats[k] = []string{cat}
			}
			titles[k] = c.Title
			hits = append(hits, assist.Hit{Key: k, Score: c.Score})
		}
		for _, v := range assist.Rank(hits, func(k string) []string { return cats[k] }, nil) {
			if len(out) == routingSize {
				break
			}
			p := CategoryProposal{Category: v.Label, Score: float64(int(v.Score*1000+0.5)) / 1000, Because: []assistBecause{}}
			for _, k := range v.Because {
				kind, id, _ := strings.Cut(k, "/")
				p.Because = append(p.Because, assistBecause{kind, id, titles[k]})
			}
			out = append(out, p)
		}
		return nil
	})
	return out, err
}

// RoutingAcceptance is how often the lead unit staff chose was renda's
// first proposal, or among its three, over the suggestions assigned after
// a proposal was shown.
type RoutingAcceptance struct {
	Proposed, Assigned, First, Top3 int
}

// RoutingAcceptance measures the proposals of suggestions of year (0: all).
func (db *DB) RoutingAcceptance(ctx context.Context, year int) (RoutingAcceptance, error) {
	var a RoutingAcceptance
	err := db.read(ctx, func(tx *Tx) error {
		rows, err := tx.query(`SELECT p.proposed, COALESCE(s.lead_unit_id, ''), s.created_at FROM assist_proposals p JOIN suggestions s ON s.id = p.item_id
			WHERE p.entity = 'suggestion' AND p.task = 'route'`)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var proposed, lead string
			var created time.Time
			if err := rows.Scan(&proposed, &lead, tsScan{&created}); err != nil {
				return err
			}
			if year != 0 && renda.DateOf(created).Year != year {
				continue
			}
			a.Proposed++
			if lead == "" {
				continue
			}
			a.Assigned++
			ids := strings.Fields(proposed)
			for i, id := range ids {
				if id == lead {
					if i == 0 {
						a.First++
					}
					if i < 3 {
						a.Top3++
					}
				}
			}
		}
		return rows.Err()
	})
	return a, err
}
