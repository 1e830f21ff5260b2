package store

import (
	"context"
	"database/sql"
	"time"

	"renda"
	"renda/assist"
	"renda/internal/attach"
	"renda/opinion"
)

// Problems that keep coming back (assist/cases.go): the assist-cases sweep
// reads the opinions and 12345 orders received since it last ran, in the
// order they came, and groups each with its nearest earlier neighbour of
// the same township when their texts are near-duplicates.

// caseWindow is how far back a new item's neighbours are looked for.
const caseWindow = 365 * 24 * time.Hour

// caseNeighbours is the most items of a township compared with a new one.
const caseNeighbours = 3000

// caseBatch is the most new items one sweep reads.
const caseBatch = 500

var caseFlow = &flow[assist.Case]{
	m:  assist.CaseFlow,
	id: func(c *assist.Case) string { return c.ID },
	// Only the sweep acts on a case.
	rel: func(tx *Tx, c *assist.Case) (renda.Rel, error) { return renda.Rel{"system"}, nil },
	save: func(tx *Tx, before, c *assist.Case, out *renda.Outcome, _ []*attach.File) error {
		var err error
		if out.From == "" {
			_, err = tx.exec(`INSERT INTO assist_cases (id, township_id, title, state, size, proposed_at, created_at, updated_at)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, c.ID, c.TownshipID, c.Title, c.State, c.Size, ts(c.ProposedAt), ts(c.CreatedAt), ts(c.UpdatedAt))
		} else {
			_, err = tx.exec("UPDATE assist_cases SET state = ?, size = ?, proposed_at = ?, updated_at = ? WHERE id = ?",
				c.State, c.Size, ts(c.ProposedAt), ts(c.UpdatedAt), c.ID)
		}
		if err != nil {
			return err
		}
		for _, it := range c.Added {
			if _, err := tx.exec("INSERT INTO assist_case_items (case_id, kind, item_id, score, added_at) VALUES (?, ?, ?, ?, ?)",
				c.ID, it.Kind, it.ID, it.Score, ts(tx.now)); err != nil {
				return err
			}
		}
		return nil
	},
	audit: func(c *assist.Case) any {
		return map[string]any{"title": c.Title, "township_id": c.TownshipID, "state": c.State, "size": c.Size}
	},
}

// caseItem is an opinion or order as the sweep reads it.
type caseItem struct {
	assist.CaseItem
	township string
	text     string
}

func scanCaseItem(rows *sql.Rows) (caseItem, error) {
	var c caseItem
	var channel string
	err := rows.Scan(&c.ID, &channel, &c.township, &c.text, tsScan{&c.At}, &c.State)
	c.Kind = "opinion"
	if channel == opinion.ChannelHotline {
		c.Kind = "hotline"
	}
	c.Title = (&opinion.Opinion{Content: c.text}).Title()
	c.URL = "/opinions/" + c.ID
	return c, err
}

const caseItemColumns = "o.id, o.channel, COALESCE(o.township_id, ''), o.content, o.created_at, o.state"

// GroupRecurringCases runs the sweep once: it reads up to caseBatch new
// opinions and orders and groups them. It returns how many it read.
func (db *DB) GroupRecurringCases(ctx context.Context) (int, error) {
	var n int
	err := db.Sweep(ctx, func(tx *Tx) error {
		var err error
		n, err = tx.groupCases(caseBatch)
		if err != nil {
			return err
		}
		return tx.closeCases()
	})
	return n, err
}

// SweepRecurringCases groups every item received since the last sweep,
// a batch per transaction.
func (db *DB) SweepRecurringCases(ctx context.Context) error {
	for {
		n, err := db.GroupRecurringCases(ctx)
		if err != nil || n < caseBatch {
			return err
		}
	}
}

func (tx *Tx) groupCases(limit int) (int, error) {
	var lastAt, lastID string
	if err := tx.queryRow("SELECT last_at, last_id FROM assist_sweep WHERE id = 1").Scan(&lastAt, &lastID); err != nil {
		return 0, err
	}
	rows, err := tx.query("SELECT "+caseItemColumns+" FROM opinions o WHERE o.created_at > ? OR (o.created_at = ? AND o.id > ?) ORDER BY o.created_at, o.id LIMIT ?",
		lastAt, lastAt, lastID, limit)
	if err != nil {
		return 0, err
	}
	var fresh []caseItem
	for rows.Next() {
		c, err := scanCaseItem(rows)
		if err != nil {
			rows.Close()
			return 0, err
		}
		fresh = append(fresh, c)
	}
	rows.Close()
	if err := rows.Err(); err != nil || len(fresh) == 0 {
		return 0, err
	}
	set, _, err := tx.config()
	if err != nil {
		return 0, err
	}
	places, err := tx.places()
	if err != nil {
		return 0, err
	}
	byTown := map[string][]caseItem{}
	var towns []string
	for _, c := range fresh {
		if c.township == "" || c.text == "" {
			continue
		}
		if byTown[c.township] == nil {
			towns = append(towns, c.township)
		}
		byTown[c.township] = append(byTown[c.township], c)
	}
	for _, town := range towns {
		if err := tx.groupTownship(town, byTown[town], places, assist.CaseSimilarity(set)); err != nil {
			return 0, err
		}
	}
	last := fresh[len(fresh)-1]
	_, err = tx.exec("UPDATE assist_sweep SET last_at = ?, last_id = ? WHERE id = 1", ts(last.At), last.ID)
	return len(fresh), err
}

// groupTownship groups a township's new items, oldest first, each with its
// most similar earlier item of the township.
func (tx *Tx) groupTownship(town string, fresh []caseItem, places *assist.Places, min float64) error {
	first, last := fresh[0].At, fresh[len(fresh)-1].At
	rows, err := tx.query("SELECT "+caseItemColumns+" FROM opinions o WHERE o.township_id = ? AND o.created_at >= ? AND o.created_at <= ? ORDER BY o.created_at DESC, o.id DESC LIMIT ?",
		town, ts(first.Add(-caseWindow)), ts(last), caseNeighbours)
	if err != nil {
		return err
	}
	items := map[string]caseItem{}
	x := assist.NewIndex(places)
	for rows.Next() {
		c, err := scanCaseItem(rows)
		if err != nil {
			rows.Close()
			return err
		}
		items[c.ID] = c
		x.Add(c.ID, c.text)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	var townName string
	if err := tx.queryRow("SELECT name FROM regions WHERE id = ?", town).Scan(&townName); err != nil {
		return err
	}
	caseOf := map[string]string{}
	rows, err = tx.query("SELECT i.item_id, i.case_id FROM assist_case_items i JOIN assist_cases c ON c.id = i.case_id WHERE c.township_id = ?", town)
	if err != nil {
		return err
	}
	for rows.Next() {
		var item, cs string
		if err := rows.Scan(&item, &cs); err != nil {
			rows.Close()
			return err
		}
		caseOf[item] = cs
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	for _, c := range fresh {
		if caseOf[c.ID] != "" {
			continue
		}
		var best *assist.Hit
		where := places.Find(c.text)
		for _, h := range x.Similar(c.text, 20, min, c.ID) {
			o, ok := items[h.Key]
			if ok && (o.At.Before(c.At) || (o.At.Equal(c.At) && o.ID < c.ID)) && assist.SamePlace(where, places.Find(o.text), townName) {
				best = &h
				break
			}
		}
		if best == nil {
			continue
		}
		score := float64(int(best.Score*1000+0.5)) / 1000
		c.Score = score
		if cs := caseOf[best.Key]; cs != "" {
			k, err := tx.assistCase(cs)
			if err != nil {
				return err
			}
			action := "add"
			if k.State == assist.CaseClosed {
				action = "reopen"
			}
			if err := tx.actOnCase(k, action, c.CaseItem); err != nil {
				return err
			}
			caseOf[c.ID] = cs
			continue
		}
		nb := items[best.Key]
		nb.Score = score
		k := &assist.Case{ID: renda.NewID(), TownshipID: town, TownshipName: townName}
		if err := tx.actOnCase(k, "group", nb.CaseItem, c.CaseItem); err != nil {
			return err
		}
		caseOf[c.ID], caseOf[nb.ID] = k.ID, k.ID
	}
	return nil
}

func (tx *Tx) actOnCase(k *assist.Case, action string, items ...assist.CaseItem) error {
	env, err := tx.env()
	if err != nil {
		return err
	}
	env.Rel = renda.Rel{"system"}
	env.Facts = &assist.CaseFacts{Items: items}
	_, _, err = caseFlow.apply(tx, env, k, action, nil, nil)
	return err
}

// closeCases closes the open cases all of whose items are answered or
// closed.
func (tx *Tx) closeCases() error {
	rows, err := tx.query(`SELECT c.id FROM assist_cases c WHERE c.state IN (?, ?) AND NOT EXISTS (SELECT 1 FROM assist_case_items i
		JOIN opinions o ON o.id = i.item_id WHERE i.case_id = c.id AND o.state NOT IN (?, ?)) ORDER BY c.id`,
		assist.CaseOpen, assist.CaseProposed, opinion.Answered, opinion.Closed)
	if err != nil {
		return err
	}
	ids, err := collectStrings(rows)
	if err != nil {
		return err
	}
	for _, id := range ids {
		k, err := tx.assistCase(id)
		if err != nil {
			return err
		}
		env, err := tx.env()
		if err != nil {
			return err
		}
		env.Rel = renda.Rel{"system"}
		if _, _, err := caseFlow.apply(tx, env, k, "close", nil, nil); err != nil {
			return err
		}
	}
	return nil
}

const caseColumns = "c.id, c.township_id, COALESCE(r.name, ''), c.title, c.state, c.size, c.proposed_at, c.created_at, c.updated_at"

func scanCase(row interface{ Scan(...any) error }) (*assist.Case, error) {
	var k assist.Case
	err := row.Scan(&k.ID, &k.TownshipID, &k.TownshipName, &k.Title, &k.State, &k.Size, tsScan{&k.ProposedAt}, tsScan{&k.CreatedAt}, tsScan{&k.UpdatedAt})
	return &k, err
}

func (tx *Tx) assistCase(id string) (*assist.Case, error) {
	k, err := scanCase(tx.queryRow("SELECT "+caseColumns+" FROM assist_cases c LEFT JOIN regions r ON r.id = c.township_id WHERE c.id = ?", id))
	if errNoRows(err) {
		return nil, renda.Errorf(renda.ENOTFOUND, "没有这个问题")
	}
	return k, err
}

// CanReadCases reports whether u may read the recurring cases: staff and
// leaders all of them, deputies those of the townships they are stationed in.
func canReadCases(u *renda.User) bool {
	return u.IsStaffSide() || (u != nil && u.DeputyID != "")
}

// RecurringCases lists the cases viewer may read, most recently grown
// first: staff side all of them, a deputy those of their townships.
func (db *DB) RecurringCases(ctx context.Context, viewer *renda.User, state string) ([]*assist.Case, error) {
	if !canReadCases(viewer) {
		return nil, renda.Errorf(renda.EFORBIDDEN, "您无权查看重复反映的问题")
	}
	var out []*assist.Case
	err := db.read(ctx, func(tx *Tx) error {
		q := "SELECT " + caseColumns + " FROM assist_cases c LEFT JOIN regions r ON r.id = c.township_id WHERE 1 = 1"
		var args []any
		if state != "" {
			q += " AND c.state = ?"
			args = append(args, state)
		}
		if !viewer.IsStaffSide() {
			towns, err := tx.deputyTownships(viewer.DeputyID)
			if err != nil {
				return err
			}
			if len(towns) == 0 {
				return nil
			}
			q += " AND c.township_id IN (" + placeholders(len(towns)) + ")"
			for _, t := range towns {
				args = append(args, t)
			}
		}
		rows, err := tx.query(q+" ORDER BY c.updated_at DESC, c.id LIMIT 500", args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			k, err := scanCase(rows)
			if err != nil {
				return err
			}
			out = append(out, k)
		}
		return rows.Err()
	})
	return out, err
}

// RecurringCase returns a case with its items, if viewer may read it.
func (db *DB) RecurringCase(ctx context.Context, viewer *renda.User, id string) (*assist.Case, error) {
	if !canReadCases(viewer) {
		return nil, renda.Errorf(renda.ENOTFOUND, "没有这个问题")
	}
	var k *assist.Case
	err := db.read(ctx, func(tx *Tx) error {
		var err error
		if k, err = tx.assistCase(id); err != nil {
			return err
		}
		q := "SELECT " + caseItemColumns + ", i.score FROM assist_case_items i JOIN opinions o ON o.id = i.item_id WHERE i.case_id = ?"
		args := []any{id}
		if !viewer.IsStaffSide() {
			// A deputy sees the case of a township they are stationed in,
			// and of its items those they may open.
			towns, err := tx.deputyTownships(viewer.DeputyID)
			if err != nil {
				return err
			}
			if !containsString(towns, k.TownshipID) {
				return renda.Errorf(renda.ENOTFOUND, "没有这个问题")
			}
			readers := renda.Principals(viewer, towns)
			q += " AND EXISTS (SELECT 1 FROM search_docs d JOIN search_readers r ON r.doc = d.doc WHERE d.kind IN ('opinion', 'hotline') AND d.id = o.id AND r.reader IN (" + placeholders(len(readers)) + "))"
			for _, r := range readers {
				args = append(args, r)
			}
		}
		rows, err := tx.query(q+" ORDER BY o.created_at, o.id", args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var c caseItem
			var channel string
			if err := rows.Scan(&c.ID, &channel, &c.township, &c.text, tsScan{&c.At}, &c.State, &c.Score); err != nil {
				return err
			}
			c.Kind = "opinion"
			if channel == opinion.ChannelHotline {
				c.Kind = "hotline"
			}
			c.Title = (&opinion.Opinion{Content: c.text}).Title()
			c.URL = "/opinions/" + c.ID
			k.Items = append(k.Items, c.CaseItem)
		}
		return rows.Err()
	})
	return k, err
}

func containsString(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
