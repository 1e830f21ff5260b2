package store

import (
	"context"
	"encoding/json"
	"strings"

	"renda"
	"renda/budget"
	"renda/internal/attach"
)

var budgetReviewFlow = &flow[budget.Review]{
	m:  budget.ReviewFlow,
	id: func(r *budget.Review) string { return r.ID },
	rel: func(tx *Tx, r *budget.Review) (renda.Rel, error) {
		return budget.ReviewRelations(tx.actor, r), nil
	},
	facts: func(tx *Tx, r *budget.Review, action string, in *renda.Input) (any, error) {
		if action != "add_items" {
			return nil, nil
		}
		orgs := map[string]string{}
		rows, err := tx.query("SELECT id, name, short_name FROM organizations")
		if err != nil {
			return nil, err
		}
		defer rows.Close()
		for rows.Next() {
			var id, name, short string
			if err := rows.Scan(&id, &name, &short); err != nil {
				return nil, err
			}
			orgs[name] = id
			if short != "" {
				orgs[short] = id
			}
		}
		return &budget.ReviewFacts{Orgs: orgs}, rows.Err()
	},
	save: func(tx *Tx, before, r *budget.Review, out *renda.Outcome, _ []*attach.File) error {
		items, err := json.Marshal(r.Items)
		if err != nil {
			return err
		}
		if r.Items == nil {
			items = []byte("[]")
		}
		var plan any
		if r.PlanItemID != "" {
			plan = r.PlanItemID
		}
		if out.From == "" {
			_, err = tx.exec(`INSERT INTO budget_reviews (id, kind, year, title, received_on, session_on, due, opinion, opinion_on, items, plan_item_id, state, created_at)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, r.ID, r.Kind, r.Year, r.Title, day(r.ReceivedOn), day(r.SessionOn), day(r.Due), r.Opinion, day(r.OpinionOn),
				string(items), plan, r.State, ts(r.CreatedAt))
		} else {
			_, err = tx.exec("UPDATE budget_reviews SET due = ?, opinion = ?, opinion_on = ?, items = ?, plan_item_id = ?, state = ? WHERE id = ?",
				day(r.Due), r.Opinion, day(r.OpinionOn), string(items), plan, r.State, r.ID)
		}
		return err
	},
}

func init() {
	// A review names the supervision plan's item it carries out.
	resolvers["supervision_item"] = func(tx *Tx, filter, id string) (renda.Ref, bool, error) {
		var r renda.Ref
		err := tx.queryRow("SELECT id, title FROM supervision_items WHERE id = ?", id).Scan(&r.ID, &r.Name)
		if errNoRows(err) {
			return r, false, nil
		}
		return r, err == nil, err
	}
}

// budgetReviewScope: the committee's side sees all; a department the
// reviews that name it in an audit finding.
func budgetReviewScope(viewer *renda.User) (string, []any) {
	switch {
	case viewer.IsStaffSide():
		return "1 = 1", nil
	case viewer != nil && viewer.Role == renda.RoleUnit && viewer.OrgID != "":
		return "r.items LIKE ?", []any{"%\"organization_id\":\"" + strings.NewReplacer("%", "", "_", "", "\"", "").Replace(viewer.OrgID) + "\"%"}
	}
	return "1 = 0", nil
}

const budgetReviewSelect = `SELECT r.id, r.kind, r.year, r.title, r.received_on, r.session_on, r.due, r.opinion, r.opinion_on, r.items,
	COALESCE(r.plan_item_id, ''), COALESCE(s.title, ''), r.state, r.created_at FROM budget_reviews r LEFT JOIN supervision_items s ON s.id = r.plan_item_id`

func scanBudgetReview(row interface{ Scan(...any) error }) (*budget.Review, error) {
	var r budget.Review
	var items string
	if err := row.Scan(&r.ID, &r.Kind, &r.Year, &r.Title, dayScan{&r.ReceivedOn}, dayScan{&r.SessionOn}, dayScan{&r.Due}, &r.Opinion, dayScan{&r.OpinionOn},
		&items, &r.PlanItemID, &r.PlanItem, &r.State, tsScan{&r.CreatedAt}); err != nil {
		return nil, err
	}
	if err := json.Unmarshal([]byte(items), &r.Items); err != nil {
		return nil, err
	}
	return &r, nil
}

// CreateBudgetReview registers a report or draft received from the government (staff).
func (db *DB) CreateBudgetReview(ctx context.Context, actor *renda.User, in renda.Values) (*budget.Review, error) {
	var out *budget.Review
	err := db.write(ctx, actor, func(tx *Tx) error {
		var err error
		out, _, err = budgetReviewFlow.run(tx, &budget.Review{ID: renda.NewID()}, "create", in, nil)
		return err
	})
	return out, err
}

// BudgetReviews lists the reviews viewer may see, newest year first.
func (db *DB) BudgetReviews(ctx context.Context, viewer *renda.User) ([]*budget.Review, error) {
	if viewer == nil {
		return nil, renda.Errorf(renda.EUNAUTHORIZED, "请先登录")
	}
	var out []*budget.Review
	err := db.read(ctx, func(tx *Tx) error {
		cond, args := budgetReviewScope(viewer)
		rows, err := tx.query(budgetReviewSelect+" WHERE "+cond+" ORDER BY r.year DESC, r.received_on DESC, r.id DESC", args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			r, err := scanBudgetReview(rows)
			if err != nil {
				return err
			}
			out = append(out, r)
		}
		return rows.Err()
	})
	return out, err
}

func (tx *Tx) budgetReview(viewer *renda.User, id string) (*budget.Review, error) {
	cond, args := budgetReviewScope(viewer)
	r, err := scanBudgetReview(tx.queryRow(budgetReviewSelect+" WHERE r.id = ? AND "+cond, append([]any{id}, args...)...))
	if err != nil {
		return nil, notFound(err, "审查事项不存在")
	}
	return r, nil
}

// BudgetReview returns one review with the actions viewer may take.
func (db *DB) BudgetReview(ctx context.Context, viewer *renda.User, id string) (r *budget.Review, acts []renda.Rule, err error) {
	if viewer == nil {
		return nil, nil, renda.Errorf(renda.EUNAUTHORIZED, "请先登录")
	}
	err = db.read(ctx, func(tx *Tx) error {
		if r, err = tx.budgetReview(viewer, id); err != nil {
			return err
		}
		tx.actor = viewer
		acts, err = budgetReviewFlow.actions(tx, r)
		return err
	})
	return r, acts, err
}

// ActOnBudgetReview takes an action on a review.
func (db *DB) ActOnBudgetReview(ctx context.Context, actor *renda.User, id, action string, in renda.Values) (*budget.Review, error) {
	if r, ok := budget.ReviewFlow.Rule(action); !ok || !r.Offered() {
		return nil, renda.Errorf(renda.ENOTFOUND, "没有“%s”这个操作", trunc(action, 20))
	}
	var out *budget.Review
	err := db.write(ctx, actor, func(tx *Tx) error {
		r, err := tx.budgetReview(actor, id)
		if err != nil {
			return err
		}
		out, _, err = budgetReviewFlow.run(tx, r, action, in, nil)
		return err
	})
	return out, err
}
