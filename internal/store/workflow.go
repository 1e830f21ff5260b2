package store

import (
	"context"
	"fmt"
	"time"

	"renda"
	"renda/internal/attach"
)

// flow is how the store runs one kind of item's workflow: it loads the
// item, works out the actor's relations and the facts the action needs,
// lets the domain decide the whole outcome (renda.Machine.Apply), then
// persists what the outcome says and records it — all in the caller's
// transaction. Every workflow's ActOn… goes through run.
type flow[T any] struct {
	m *renda.Machine[T]
	// id returns an item's id, for the audit record.
	id func(*T) string
	// rel returns the actor's relations to the item (roles and ties).
	rel func(tx *Tx, it *T) (renda.Rel, error)
	// facts loads what the action needs besides the item (nil: nothing).
	facts func(tx *Tx, it *T, action string, in *renda.Input) (any, error)
	// save writes the changed item and the outcome's child records; files
	// are the action's uploads, already checked by attach.Check.
	save func(tx *Tx, before, after *T, out *renda.Outcome, files []*attach.File) error
	// audit returns what the trail keeps of an item (nil: the item itself).
	audit func(*T) any
	// doc returns the item's entry in the search index (nil: not indexed),
	// kept in step in the same transaction as each change.
	doc func(*T) *renda.Doc
}

// env returns the transaction's environment for an action: its time and
// actor, and the settings and calendar, read once per transaction.
func (tx *Tx) env() (*renda.Env, error) {
	set, cal, err := tx.config()
	if err != nil {
		return nil, err
	}
	return &renda.Env{Now: tx.now, Actor: tx.actor, Settings: set, Calendar: cal}, nil
}

// config returns the settings and calendar, read once per transaction. The
// store keeps them across transactions while their versions in
// cache_versions stay the same (each change raises its version in its own
// transaction): a transaction reads the versions, one short query, and the
// tables only when they changed. The versions are read before the tables,
// in the same transaction, so a copy is never kept under a newer version
// than its contents; a transaction that changed either (bumpCache) reads
// them afresh and keeps nothing.
func (tx *Tx) config() (*renda.Settings, *renda.Calendar, error) {
	if tx.memo == nil {
		tx.memo = map[string]any{}
	}
	if set, ok := tx.memo["settings"].(*renda.Settings); ok {
		return set, tx.memo["calendar"].(*renda.Calendar), nil
	}
	setVer, calVer, err := tx.configVersions()
	if err != nil {
		return nil, nil, err
	}
	db := tx.db
	db.cacheMu.Lock()
	set, cal := db.settings, db.calendar
	if db.settingsVer != setVer || tx.bumped {
		set = nil
	}
	if db.calendarVer != calVer || tx.bumped {
		cal = nil
	}
	db.cacheMu.Unlock()
	if set == nil {
		if set, err = tx.settings(); err != nil {
			return nil, nil, err
		}
	}
	if cal == nil {
		if cal, err = tx.calendar(); err != nil {
			return nil, nil, err
		}
	}
	if !tx.bumped {
		db.cacheMu.Lock()
		db.settings, db.settingsVer = set, setVer
		db.calendar, db.calendarVer = cal, calVer
		db.cacheMu.Unlock()
	}
	tx.memo["settings"], tx.memo["calendar"] = set, cal
	return set, cal, nil
}

// configVersions reads the versions of the settings and the calendar.
func (tx *Tx) configVersions() (settings, calendar int64, err error) {
	rows, err := tx.query("SELECT name, version FROM cache_versions WHERE name IN ('settings', 'calendar')")
	if err != nil {
		return 0, 0, err
	}
	defer rows.Close()
	for rows.Next() {
		var name string
		var v int64
		if err := rows.Scan(&name, &v); err != nil {
			return 0, 0, err
		}
		if name == "settings" {
			settings = v
		} else {
			calendar = v
		}
	}
	return settings, calendar, rows.Err()
}

// actions lists the actions the transaction's actor may take on it now.
func (f *flow[T]) actions(tx *Tx, it *T) ([]renda.Rule, error) {
	env, err := tx.env()
	if err != nil {
		return nil, err
	}
	if env.Rel, err = f.rel(tx, it); err != nil {
		return nil, err
	}
	return f.m.Available(it, env), nil
}

// run takes action on it for the transaction's actor with raw input: the
// table and the precondition first (so an action the actor may not take
// says so before any input is checked), then the input, the facts, the
// domain's decision, and the outcome persisted and recorded.
func (f *flow[T]) run(tx *Tx, it *T, action string, raw renda.Values, files []*attach.File) (*T, *renda.Outcome, error) {
	return f.runAs(tx, nil, it, action, raw, files)
}

// runAs is run for an actor whose relations the caller knows (nil: work
// them out): the citizen proven by tracking code, the 12345 platform.
func (f *flow[T]) runAs(tx *Tx, rel renda.Rel, it *T, action string, raw renda.Values, files []*attach.File) (*T, *renda.Outcome, error) {
	env, err := tx.env()
	if err != nil {
		return nil, nil, err
	}
	env.Rel = rel
	if env.Rel == nil {
		if env.Rel, err = f.rel(tx, it); err != nil {
			return nil, nil, err
		}
	}
	if _, err := f.m.Check(it, action, env); err != nil {
		return nil, nil, err
	}
	rule, _ := f.m.Rule(action)
	in, err := renda.Decode(rule.Fields, raw, env.Settings, tx.resolve, len(files))
	if err != nil {
		return nil, nil, err
	}
	return f.apply(tx, env, it, action, in, files)
}

// apply runs an action with input already decoded (callers inside renda:
// sweeps, the 12345 link, the citizen's rating).
func (f *flow[T]) apply(tx *Tx, env *renda.Env, it *T, action string, in *renda.Input, files []*attach.File) (*T, *renda.Outcome, error) {
	var err error
	if env.Rel == nil {
		if env.Rel, err = f.rel(tx, it); err != nil {
			return nil, nil, err
		}
	}
	if f.facts != nil && env.Facts == nil {
		if env.Facts, err = f.facts(tx, it, action, in); err != nil {
			return nil, nil, err
		}
	}
	next, out, err := f.m.Apply(it, action, in, env)
	if err != nil {
		return nil, nil, err
	}
	if err := f.save(tx, it, next, out, files); err != nil {
		return nil, nil, err
	}
	if f.doc != nil {
		if err := tx.index(f.doc(next)); err != nil {
			return nil, nil, err
		}
	}
	if err := tx.carry(out); err != nil {
		return nil, nil, err
	}
	if err := tx.credit(out.Credits, out.Uncredits); err != nil {
		return nil, nil, err
	}
	var before, after any = it, next
	if f.audit != nil {
		before, after = f.audit(it), f.audit(next)
	}
	if out.From == "" && out.To != "" {
		before = nil // created
	}
	tx.Record(renda.Change{Action: action, Entity: f.m.Entity, EntityID: f.id(next), From: out.From, To: out.To, Before: before, After: after, Note: out.Note})
	for _, c := range out.Also {
		tx.Record(c)
	}
	if out.From != "" && out.To != out.From {
		if err := tx.noticesDone("/" + f.m.Entity + "s/" + f.id(next)); err != nil {
			return nil, nil, err
		}
	}
	if err := tx.deliver(out); err != nil {
		return nil, nil, err
	}
	return next, out, nil
}

// carry carries out the requests an outcome makes of other workflows, in
// this transaction. Each request type is one case.
func (tx *Tx) carry(out *renda.Outcome) error {
	for _, e := range out.Effects {
		if err := tx.effect(e); err != nil {
			return err
		}
	}
	return nil
}

// deliver writes an outcome's notices and enqueues its messages.
func (tx *Tx) deliver(out *renda.Outcome) error {
	for _, n := range out.Notices {
		var err error
		switch n.To.Kind {
		case "user":
			err = tx.Notify(n.To.ID, n.Title, n.Body, n.Link)
		case "org":
			err = tx.NotifyOrg(n.To.ID, n.Title, n.Body, n.Link)
		case "deputy":
			err = tx.notifyDeputy(n.To.ID, n.Title, n.Body, n.Link)
		case "roles":
			err = tx.NotifyRoles(n.To.Roles, n.Title, n.Body, n.Link)
		case "township":
			err = tx.notifyStationed(n.To.ID, n.Title, n.Body, n.Link)
		default:
			err = fmt.Errorf("notice to unknown audience %q", n.To.Kind)
		}
		if err != nil {
			return err
		}
	}
	for _, m := range out.Messages {
		if err := tx.Enqueue(m); err != nil {
			return err
		}
	}
	return nil
}

// resolvers look up what ref fields name, by the field's Ref and Filter.
var resolvers = map[string]func(tx *Tx, filter, id string) (renda.Ref, bool, error){
	"deputy": func(tx *Tx, filter, id string) (renda.Ref, bool, error) {
		q := "SELECT id, name, COALESCE(region_id, '') FROM deputies WHERE id = ?"
		if filter == "active" {
			q += " AND status = 'active'"
		}
		var r renda.Ref
		var region string
		err := tx.queryRow(q, id).Scan(&r.ID, &r.Name, &region)
		if errNoRows(err) {
			return r, false, nil
		}
		r.Extra = map[string]string{"region_id": region}
		return r, err == nil, err
	},
	"organization": func(tx *Tx, filter, id string) (renda.Ref, bool, error) {
		q := "SELECT id, name FROM organizations WHERE id = ?"
		args := []any{id}
		if filter == "handling_unit" {
			q += " AND handling_unit = ? AND active = ?"
			args = append(args, true, true)
		}
		var r renda.Ref
		err := tx.queryRow(q, args...).Scan(&r.ID, &r.Name)
		if errNoRows(err) {
			return r, false, nil
		}
		return r, err == nil, err
	},
}

// resolve is the renda.Resolver of this transaction.
func (tx *Tx) resolve(f *renda.Field, id string) (renda.Ref, bool, error) {
	r, ok := resolvers[f.Ref]
	if !ok {
		return renda.Ref{}, false, fmt.Errorf("no resolver for %q", f.Ref)
	}
	return r(tx, f.Filter, id)
}

// credit writes deputies' duty records: credits kept once per deputy, kind
// and source, uncredits removed.
func (tx *Tx) credit(add, remove []renda.Credit) error {
	var absent []string
	for _, c := range add {
		if c.Kind == "absence" {
			absent = append(absent, c.DeputyID)
		}
		at := c.At
		if at.IsZero() {
			at = tx.now
		}
		if _, err := tx.exec(`INSERT INTO duty_credits (deputy_id, kind, entity, entity_id, title, at, year) VALUES (?, ?, ?, ?, ?, ?, ?)
			ON CONFLICT (deputy_id, kind, entity, entity_id) DO NOTHING`, c.DeputyID, c.Kind, c.Entity, c.EntityID, c.Title, ts(at), renda.DateOf(at).Year); err != nil {
			return err
		}
	}
	for _, c := range remove {
		if _, err := tx.exec("DELETE FROM duty_credits WHERE deputy_id = ? AND kind = ? AND entity = ? AND entity_id = ?", c.DeputyID, c.Kind, c.Entity, c.EntityID); err != nil {
			return err
		}
	}
	return tx.alertAbsences(absent)
}

// DutyCredit is one entry of a deputy's duty record as stored.
type DutyCredit struct {
	Kind     string    `json:"kind"`
	Title    string    `json:"title"`
	At       time.Time `json:"at"`
	Entity   string    `json:"entity"`
	EntityID string    `json:"entity_id"`
}

// DutyCredits lists what a deputy did in a year (0: every year), newest first.
func (db *DB) DutyCredits(ctx context.Context, deputyID string, year int) ([]DutyCredit, error) {
	q, args := "SELECT kind, title, at, entity, entity_id FROM duty_credits WHERE deputy_id = ?", []any{deputyID}
	if year != 0 {
		q, args = q+" AND year = ?", append(args, year)
	}
	rows, err := db.r.QueryContext(ctx, db.rebind(q+" ORDER BY at DESC, kind, entity_id"), args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []DutyCredit
	for rows.Next() {
		var c DutyCredit
		if err := rows.Scan(&c.Kind, &c.Title, tsScan{&c.At}, &c.Entity, &c.EntityID); err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, rows.Err()
}
