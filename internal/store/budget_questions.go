package store

import (
	"context"

	"renda"
	"renda/budget"
	"renda/internal/attach"
)

var budgetQuestionFlow = &flow[budget.Question]{
	m:  budget.QuestionFlow,
	id: func(q *budget.Question) string { return q.ID },
	rel: func(tx *Tx, q *budget.Question) (renda.Rel, error) {
		return budget.QuestionRelations(tx.actor, q), nil
	},
	save: func(tx *Tx, before, q *budget.Question, out *renda.Outcome, _ []*attach.File) error {
		var err error
		if out.From == "" {
			_, err = tx.exec(`INSERT INTO budget_questions (id, year, org_id, asker_id, asker_name, text, answer, answered_by, state, created_at)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, q.ID, q.Year, q.OrgID, q.AskerID, q.AskerName, q.Text, q.Answer, q.AnsweredBy, q.State, ts(q.CreatedAt))
		} else {
			_, err = tx.exec("UPDATE budget_questions SET answer = ?, answered_by = ?, state = ? WHERE id = ?", q.Answer, q.AnsweredBy, q.State, q.ID)
		}
		return err
	},
}

// budgetQuestionScope: the committee's side sees every question, a deputy
// their own, a department those put to it.
func budgetQuestionScope(viewer *renda.User) (string, []any) {
	switch {
	case viewer.IsStaffSide():
		return "1 = 1", nil
	case viewer != nil && viewer.Role == renda.RoleDeputy:
		return "q.asker_id = ?", []any{viewer.ID}
	case viewer != nil && viewer.Role == renda.RoleUnit && viewer.OrgID != "":
		return "q.org_id = ?", []any{viewer.OrgID}
	}
	return "1 = 0", nil
}

const budgetQuestionSelect = `SELECT q.id, q.year, q.org_id, o.name, q.asker_id, q.asker_name, q.text, q.answer, q.answered_by, q.state, q.created_at
	FROM budget_questions q JOIN organizations o ON o.id = q.org_id`

func scanBudgetQuestion(row interface{ Scan(...any) error }) (*budget.Question, error) {
	var q budget.Question
	err := row.Scan(&q.ID, &q.Year, &q.OrgID, &q.OrgName, &q.AskerID, &q.AskerName, &q.Text, &q.Answer, &q.AnsweredBy, &q.State, tsScan{&q.CreatedAt})
	return &q, err
}

// AskBudgetQuestion records a deputy's question to a department.
func (db *DB) AskBudgetQuestion(ctx context.Context, actor *renda.User, in renda.Values) (*budget.Question, error) {
	var out *budget.Question
	err := db.write(ctx, actor, func(tx *Tx) error {
		var err error
		out, _, err = budgetQuestionFlow.run(tx, &budget.Question{ID: renda.NewID()}, "ask", in, nil)
		return err
	})
	return out, err
}

// BudgetQuestions lists the questions viewer may see, newest first.
func (db *DB) BudgetQuestions(ctx context.Context, viewer *renda.User) ([]*budget.Question, error) {
	if viewer == nil {
		return nil, renda.Errorf(renda.EUNAUTHORIZED, "请先登录")
	}
	var out []*budget.Question
	err := db.read(ctx, func(tx *Tx) error {
		cond, args := budgetQuestionScope(viewer)
		rows, err := tx.query(budgetQuestionSelect+" WHERE "+cond+" ORDER BY q.created_at DESC, q.id DESC", args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			q, err := scanBudgetQuestion(rows)
			if err != nil {
				return err
			}
			out = append(out, q)
		}
		return rows.Err()
	})
	return out, err
}

func (tx *Tx) budgetQuestion(viewer *renda.User, id string) (*budget.Question, error) {
	cond, args := budgetQuestionScope(viewer)
	q, err := scanBudgetQuestion(tx.queryRow(budgetQuestionSelect+" WHERE q.id = ? AND "+cond, append([]any{id}, args...)...))
	if err != nil {
		return nil, notFound(err, "询问不存在")
	}
	return q, nil
}

// BudgetQuestion returns one question with the actions viewer may take.
func (db *DB) BudgetQuestion(ctx context.Context, viewer *renda.User, id string) (q *budget.Question, acts []renda.Rule, err error) {
	if viewer == nil {
		return nil, nil, renda.Errorf(renda.EUNAUTHORIZED, "请先登录")
	}
	err = db.read(ctx, func(tx *Tx) error {
		if q, err = tx.budgetQuestion(viewer, id); err != nil {
			return err
		}
		tx.actor = viewer
		acts, err = budgetQuestionFlow.actions(tx, q)
		return err
	})
	return q, acts, err
}

// ActOnBudgetQuestion answers a question (the department, or staff).
func (db *DB) ActOnBudgetQuestion(ctx context.Context, actor *renda.User, id, action string, in renda.Values) (*budget.Question, error) {
	if r, ok := budget.QuestionFlow.Rule(action); !ok || !r.Offered() {
		return nil, renda.Errorf(renda.ENOTFOUND, "没有“%s”这个操作", trunc(action, 20))
	}
	var out *budget.Question
	err := db.write(ctx, actor, func(tx *Tx) error {
		q, err := tx.budgetQuestion(actor, id)
		if err != nil {
			return err
		}
		out, _, err = budgetQuestionFlow.run(tx, q, action, in, nil)
		return err
	})
	return out, err
}
