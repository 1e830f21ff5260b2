package store

import (
	"context"
	"database/sql"
	"errors"
	"math"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"renda"
	"renda/internal/search"
)

// SetSearchCap lowers how many matches a search ranks and counts, so that
// tests reach the capped path with few items; it returns a function that
// restores it.
func SetSearchCap(n int) (restore func()) {
	old := searchCap
	searchCap = n
	return func() { searchCap = old }
}

// SearchCandsQuery is the query that reads a search's candidates (for
// plans in benchmarks), with its arguments, placeholders rebound.
func SearchCandsQuery(db *DB, viewer *renda.User, q string) (string, []any) {
	readers := renda.Principals(viewer, nil)
	sql, args := db.searchCandsQuery(viewer, readers, search.Parse(q), nil, nil, SearchMark{}, true, "", nil, searchCap+1)
	return db.rebind(sql), args
}

// Rebind exposes placeholder rebinding to tests.
func Rebind(db *DB, q string) string { return db.rebind(q) }

// SetSealTimeout bounds one attempt to seal a vote (tests make it short),
// and how long a close waits for the seal; it returns a function that
// restores both.
func SetSealTimeout(d time.Duration) (restore func()) {
	oldT, oldW := sealTimeout, sealWait
	sealTimeout, sealWait = d, 2*d
	return func() { sealTimeout, sealWait = oldT, oldW }
}

// HoldReader opens a read transaction that reads the vote's ballots and
// keeps its snapshot (and, on PostgreSQL, its lock) until release is called:
// a long report or backup running while a vote is closed.
func HoldReader(t testing.TB, db *DB, voteID string) (release func()) {
	t.Helper()
	tx, err := db.r.BeginTx(context.Background(), nil)
	if err != nil {
		t.Fatal(err)
	}
	var n int
	if err := tx.QueryRow(db.rebind("SELECT COUNT(*) FROM vote_ballots WHERE vote_id = ?"), voteID).Scan(&n); err != nil {
		t.Fatal(err)
	}
	var once sync.Once
	return func() { once.Do(func() { _ = tx.Rollback() }) }
}

// RecomputeAuditChain is what someone with write access to the database but
// without the audit key can do after editing or deleting records: recompute
// every hash from the first record on and point the head at the last one
// (the head's signature they cannot make, so it is left as it was).
func RecomputeAuditChain(db *DB) error {
	rows, err := db.w.Query("SELECT " + auditColumns + " FROM audit_log ORDER BY seq")
	if err != nil {
		return err
	}
	var recs []renda.AuditRecord
	for rows.Next() {
		r, err := scanAudit(rows)
		if err != nil {
			rows.Close()
			return err
		}
		recs = append(recs, r)
	}
	rows.Close()
	prev := ""
	for i := range recs {
		r := &recs[i]
		r.PrevHash = prev
		r.Hash = auditHash(r)
		if _, err := db.w.Exec(db.rebind("UPDATE audit_log SET prev_hash = ?, hash = ? WHERE seq = ?"), r.PrevHash, r.Hash, r.Seq); err != nil {
			return err
		}
		prev = r.Hash
	}
	last := recs[len(recs)-1]
	_, err = db.w.Exec(db.rebind("UPDATE audit_head SET seq = ?, hash = ? WHERE id = 1"), last.Seq, last.Hash)
	return err
}

// SetAuditHead is an attacker putting back a head (with its signature) they
// saw earlier.
func SetAuditHead(db *DB, c AuditCheckpoint) error {
	_, err := db.w.Exec(db.rebind("UPDATE audit_head SET seq = ?, hash = ?, mac = ? WHERE id = 1"), c.Seq, c.Hash, c.MAC)
	return err
}

// DSNOf returns the address the database was opened with.
func DSNOf(db *DB) string { return db.dsn }

// ForgetMigration undoes one migration by hand (its statement) and removes
// its row from goose's table, as a database that never had it would be: a
// release that brings a migration numbered below the newest applied one.
func ForgetMigration(t testing.TB, db *DB, version int64, undo string) {
	t.Helper()
	ctx := context.Background()
	if _, err := db.w.ExecContext(ctx, undo); err != nil {
		t.Fatal(err)
	}
	if _, err := db.w.ExecContext(ctx, db.rebind("DELETE FROM goose_db_version WHERE version_id = ?"), version); err != nil {
		t.Fatal(err)
	}
}

// ReadPool exposes the pool of readers (on PostgreSQL the one pool).
func ReadPool(db *DB) *sql.DB { return db.r }

// WriteDocs indexes docs in a write transaction of their own, which then
// looks each up in the index when look is set (found: all were there), and
// fails when fail is set.
func WriteDocs(ctx context.Context, db *DB, docs []*renda.Doc, look, fail bool) (found bool, err error) {
	err = db.write(ctx, nil, func(tx *Tx) error {
		for _, d := range docs {
			if err := tx.index(d); err != nil {
				return err
			}
		}
		found = look
		for _, d := range docs {
			if !look {
				break
			}
			_, ok, err := tx.docText(d.Kind, d.ID)
			if err != nil {
				return err
			}
			found = found && ok
		}
		if fail {
			return errors.New("failed on purpose")
		}
		return nil
	})
	return found, err
}

// SetSummaryChunk lowers how many items of the summary table are read at
// once, so that tests cross chunks with few items; it returns a function
// that restores it.
func SetSummaryChunk(n int) (restore func()) {
	old := summaryChunk
	summaryChunk = n
	return func() { summaryChunk = old }
}

// SetSummaryMax lowers how many items one summary table may hold; it
// returns a function that restores it.
func SetSummaryMax(n int) (restore func()) {
	old := summaryMax
	summaryMax = n
	return func() { summaryMax = old }
}

// AssistScoring scores the matches of text's phrases for viewer both ways:
// as scoreMatchesSQLite does (the filter checked once an item) and, as a
// reference, with the filter checked on each phrase's rows as they are
// read. SQLite only.
func AssistScoring(ctx context.Context, db *DB, viewer *renda.User, text string, kinds []string) (batched, rowwise map[int64]float64, err error) {
	err = db.read(ctx, func(tx *Tx) error {
		readers := renda.Principals(viewer, nil)
		filter, fargs := assistFilter(readers, kinds, "", "")
		phrases := queryPhrases(text, 30)
		a, err := tx.scoreMatchesSQLite(phrases, assistCheck{readers: readers, kinds: kinds}) // with ctx's memo if any
		if err != nil {
			return err
		}
		b, err := tx.scoreMatchesRowwise(phrases, filter, fargs)
		batched, rowwise = map[int64]float64{}, map[int64]float64{}
		for _, s := range a {
			batched[s.doc] = s.score
		}
		for _, s := range b {
			rowwise[s.doc] = s.score
		}
		return err
	})
	return batched, rowwise, err
}

// scoreMatchesRowwise is scoreMatchesSQLite as it was first written: each
// phrase's rows read with the filter checked on each.
func (tx *Tx) scoreMatchesRowwise(phrases [][]string, filter string, fargs []any) ([]scoredDoc, error) {
	var oldest, newest int64
	if err := tx.queryRow("SELECT COALESCE(MIN(doc), 0), COALESCE(MAX(doc), 0) FROM search_docs").Scan(&oldest, &newest); err != nil {
		return nil, err
	}
	total, err := tx.indexedCount()
	if err != nil {
		return nil, err
	}
	q := "SELECT m.rowid, EXISTS (SELECT 1 FROM search_docs d WHERE d.doc = m.rowid" + filter + ")" +
		" FROM (SELECT rowid FROM search_fts WHERE search_fts MATCH ? ORDER BY rowid DESC LIMIT " + strconv.Itoa(assistScan) + ") m ORDER BY m.rowid DESC"
	scores := map[int64]float64{}
	var order []int64
	for _, p := range phrases {
		var docs []int64
		read, last := 0, int64(0)
		rows, err := tx.query(q, append(append([]any{}, fargs...), `{t2 b2} : "`+strings.Join(p, " ")+`"`)...)
		if err != nil {
			return nil, err
		}
		for rows.Next() {
			var doc int64
			var keep bool
			if err := rows.Scan(&doc, &keep); err != nil {
				rows.Close()
				return nil, err
			}
			read, last = read+1, doc
			if keep {
				if docs = append(docs, doc); len(docs) == assistPerPhrase {
					break
				}
			}
		}
		rows.Close()
		if len(docs) == 0 {
			continue
		}
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
	return scoredIn(order, scores), nil
}

// SetAssistLimits lowers how many matches of a phrase the assistance reads
// and keeps; it returns a function that restores them.
func SetAssistLimits(scan, perPhrase int) (restore func()) {
	oldScan, oldPer := assistScan, assistPerPhrase
	assistScan, assistPerPhrase = scan, perPhrase
	return func() { assistScan, assistPerPhrase = oldScan, oldPer }
}

// SetUnitOpenCounts turns the unit's counts from its open items on or off
// (off: the list's general count), for a test to compare the two.
func SetUnitOpenCounts(t testing.TB, on bool) {
	old := unitOpenCounts
	unitOpenCounts = on
	t.Cleanup(func() { unitOpenCounts = old })
}

// MigrationUp is the Up part of a migration of dialect d (its file name
// from the number on, without .sql), as goose runs it.
func MigrationUp(d Dialect, name string) (string, error) {
	b, err := migrations.ReadFile("migrations/" + d.String() + "/" + name + ".sql")
	if err != nil {
		return "", err
	}
	_, up, _ := strings.Cut(string(b), "-- +goose Up")
	up, _, _ = strings.Cut(up, "-- +goose Down")
	return up, nil
}

// HoldSyncs makes the SQLite writer's syncs of its log wait: each sync
// waits until release is called (once, for all later syncs too), then
// syncs as it would. synced counts the syncs done.
func HoldSyncs(db *DB) (release func(), synced func() int) {
	gate := make(chan struct{})
	var once sync.Once
	var mu sync.Mutex
	n := 0
	real := db.sync
	db.sync = func() error {
		<-gate
		err := real()
		mu.Lock()
		n++
		mu.Unlock()
		return err
	}
	return func() { once.Do(func() { close(gate) }) }, func() int { mu.Lock(); defer mu.Unlock(); return n }
}
