package store

import (
	"context"
	"database/sql"
	"slices"

	"renda"
	"renda/budget"
	"renda/internal/attach"
)

// Budget adjustments and transfers (预算调整和调剂): lines of kind
// adjustment grouped by document; a document that needs the standing
// committee's approval has an item on budget.AdjustmentFlow, raised by the
// import that brings its lines. Everyone who reads the budget reads them;
// the committee's side acts.

var budgetAdjustmentFlow = &flow[budget.Adjustment]{
	m:  budget.AdjustmentFlow,
	id: func(a *budget.Adjustment) string { return a.ID },
	rel: func(tx *Tx, a *budget.Adjustment) (renda.Rel, error) {
		return renda.RoleRel(tx.actor), nil
	},
	save: func(tx *Tx, before, a *budget.Adjustment, out *renda.Outcome, _ []*attach.File) error {
		var err error
		if out.From == "" {
			_, err = tx.exec(`INSERT INTO budget_adjustments (id, year, doc, summary, state, meeting_on, due, decision, decided_on, created_at)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, a.ID, a.Year, a.Doc, a.Summary, a.State, day(a.MeetingOn), day(a.Due), a.Decision, day(a.DecidedOn), ts(a.CreatedAt))
		} else {
			_, err = tx.exec("UPDATE budget_adjustments SET summary = ?, state = ?, meeting_on = ?, due = ?, decision = ?, decided_on = ? WHERE id = ?",
				a.Summary, a.State, day(a.MeetingOn), day(a.Due), a.Decision, day(a.DecidedOn), a.ID)
		}
		return err
	},
}

const budgetAdjustmentSelect = `SELECT id, year, doc, summary, state, meeting_on, due, decision, decided_on, created_at FROM budget_adjustments`

func scanBudgetAdjustment(row interface{ Scan(...any) error }) (*budget.Adjustment, error) {
	var a budget.Adjustment
	err := row.Scan(&a.ID, &a.Year, &a.Doc, &a.Summary, &a.State, dayScan{&a.MeetingOn}, dayScan{&a.Due}, &a.Decision, dayScan{&a.DecidedOn}, tsScan{&a.CreatedAt})
	return &a, err
}

// raiseBudgetAdjustments raises, for the documents of year an import just
// brought, the approval item of each that needs the committee's approval,
// and brings a returned one back for review (a revised plan).
func (tx *Tx) raiseBudgetAdjustments(year int, docs map[any]bool) error {
	ds, err := tx.budgetAdjustmentDocs(year, "")
	if err != nil {
		return err
	}
	env, err := tx.env()
	if err != nil {
		return err
	}
	env.Rel = renda.Rel{"system"}
	for _, d := range ds {
		if !docs[d.Doc] || !d.Approval() {
			continue
		}
		in := renda.NewInput().Set("text", budget.AdjustmentSummary(d))
		switch d.State {
		case "":
			a := &budget.Adjustment{ID: renda.NewID(), Year: d.Year, Doc: d.Doc}
			_, _, err = budgetAdjustmentFlow.apply(tx, env, a, "raise", in, nil)
		case budget.Returned:
			var a *budget.Adjustment
			if a, err = scanBudgetAdjustment(tx.queryRow(budgetAdjustmentSelect+" WHERE id = ?", d.ID)); err == nil {
				_, _, err = budgetAdjustmentFlow.apply(tx, env, a, "resubmit", in, nil)
			}
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// budgetAdjustmentDocs sums a year's current adjustment lines by document
// (one document: doc), with each one's approval item, in order of 文号.
func (tx *Tx) budgetAdjustmentDocs(year int, doc string) ([]*budget.AdjustmentDoc, error) {
	q := `SELECT l.doc, l.item, COALESCE(o.name, ''), SUM(CASE WHEN l.amount > 0 THEN l.amount ELSE 0 END), SUM(CASE WHEN l.amount < 0 THEN l.amount ELSE 0 END), COUNT(*)
		FROM budget_lines l LEFT JOIN organizations o ON o.id = l.org_id WHERE l.kind = ? AND l.year = ? AND l.replaced_by IS NULL`
	args := []any{budget.KindAdjustment, year}
	if doc != "" {
		q, args = q+" AND l.doc = ?", append(args, doc)
	}
	type part struct {
		doc, item, org string
		inc, dec       budget.Fen
		n              int
	}
	parts, err := budgetQuery(tx, func(r *sql.Rows) (p part, err error) {
		return p, r.Scan(&p.doc, &p.item, &p.org, &p.inc, &p.dec, &p.n)
	}, q+" GROUP BY l.doc, l.item, COALESCE(o.name, '') ORDER BY l.doc", args...)
	if err != nil {
		return nil, err
	}
	var out []*budget.AdjustmentDoc
	idx := map[string]*budget.AdjustmentDoc{}
	for _, p := range parts {
		d := idx[p.doc]
		if d == nil {
			d = &budget.AdjustmentDoc{Year: year, Doc: p.doc}
			idx[p.doc] = d
			out = append(out, d)
		}
		if !slices.Contains(d.Items, p.item) {
			d.Items = append(d.Items, p.item)
		}
		if p.org != "" && !slices.Contains(d.Orgs, p.org) {
			d.Orgs = append(d.Orgs, p.org)
		}
		d.Increase, d.Decrease, d.Lines = d.Increase+p.inc, d.Decrease+p.dec, d.Lines+p.n
	}
	order := budget.AdjustItemNames()
	for _, d := range out {
		slices.SortFunc(d.Items, func(a, b string) int { return slices.Index(order, a) - slices.Index(order, b) })
	}
	items, err := budgetQuery(tx, func(r *sql.Rows) (a [3]string, err error) { return a, r.Scan(&a[0], &a[1], &a[2]) },
		"SELECT id, doc, state FROM budget_adjustments WHERE year = ?", year)
	if err != nil {
		return nil, err
	}
	for _, a := range items {
		if d := idx[a[1]]; d != nil {
			d.ID, d.State = a[0], a[2]
		}
	}
	return out, nil
}

// BudgetAdjustmentDocs lists a year's adjustments and transfers by document.
func (db *DB) BudgetAdjustmentDocs(ctx context.Context, viewer *renda.User, year int) ([]*budget.AdjustmentDoc, error) {
	if !CanReadBudget(viewer) {
		return nil, renda.Errorf(renda.EUNAUTHORIZED, "请先登录")
	}
	var out []*budget.AdjustmentDoc
	err := db.read(ctx, func(tx *Tx) error {
		var err error
		out, err = tx.budgetAdjustmentDocs(year, "")
		return err
	})
	return out, err
}

// BudgetAdjustmentFilter picks adjustments awaiting (or past) approval.
type BudgetAdjustmentFilter struct {
	Year  int    // 0: all
	State string // pending, approved, returned, exempt; "" all
}

// BudgetAdjustments lists the adjustment plans that need the committee's
// approval, pending ones first, then newest.
func (db *DB) BudgetAdjustments(ctx context.Context, viewer *renda.User, f BudgetAdjustmentFilter) ([]*budget.Adjustment, error) {
	if !CanReadBudget(viewer) {
		return nil, renda.Errorf(renda.EUNAUTHORIZED, "请先登录")
	}
	q, args := budgetAdjustmentSelect+" WHERE 1 = 1", []any{}
	if f.Year != 0 {
		q, args = q+" AND year = ?", append(args, f.Year)
	}
	if f.State != "" {
		q, args = q+" AND state = ?", append(args, f.State)
	}
	var out []*budget.Adjustment
	err := db.read(ctx, func(tx *Tx) error {
		var err error
		out, err = budgetQuery(tx, func(r *sql.Rows) (*budget.Adjustment, error) { return scanBudgetAdjustment(r) },
			q+" ORDER BY CASE WHEN state = ? THEN 0 ELSE 1 END, year DESC, created_at DESC, id DESC", append(args, budget.Pending)...)
		return err
	})
	return out, err
}

func (tx *Tx) budgetAdjustment(id string) (*budget.Adjustment, error) {
	a, err := scanBudgetAdjustment(tx.queryRow(budgetAdjustmentSelect+" WHERE id = ?", id))
	if err != nil {
		return nil, notFound(err, "预算调整方案不存在")
	}
	return a, nil
}

// BudgetAdjustment returns one adjustment plan, its document's figures and
// the actions viewer may take.
func (db *DB) BudgetAdjustment(ctx context.Context, viewer *renda.User, id string) (a *budget.Adjustment, doc *budget.AdjustmentDoc, acts []renda.Rule, err error) {
	if !CanReadBudget(viewer) {
		return nil, nil, nil, renda.Errorf(renda.EUNAUTHORIZED, "请先登录")
	}
	err = db.read(ctx, func(tx *Tx) error {
		if a, err = tx.budgetAdjustment(id); err != nil {
			return err
		}
		ds, err := tx.budgetAdjustmentDocs(a.Year, a.Doc)
		if err != nil {
			return err
		}
		doc = &budget.AdjustmentDoc{Year: a.Year, Doc: a.Doc, ID: a.ID, State: a.State}
		if len(ds) > 0 {
			doc = ds[0]
		}
		tx.actor = viewer
		acts, err = budgetAdjustmentFlow.actions(tx, a)
		return err
	})
	return a, doc, acts, err
}

// ActOnBudgetAdjustment takes an action on an adjustment plan (the committee's side).
func (db *DB) ActOnBudgetAdjustment(ctx context.Context, actor *renda.User, id, action string, in renda.Values) (*budget.Adjustment, error) {
	if r, ok := budget.AdjustmentFlow.Rule(action); !ok || !r.Offered() {
		return nil, renda.Errorf(renda.ENOTFOUND, "没有“%s”这个操作", trunc(action, 20))
	}
	var out *budget.Adjustment
	err := db.write(ctx, actor, func(tx *Tx) error {
		a, err := tx.budgetAdjustment(id)
		if err != nil {
			return err
		}
		out, _, err = budgetAdjustmentFlow.run(tx, a, action, in, nil)
		return err
	})
	return out, err
}
