package store

import (
	"context"
	"database/sql"
	"slices"

	"renda"
	"renda/budget"
	"renda/internal/attach"
)

// Budget warnings (监测预警): the follow-up of each on budget.WarningFlow,
// and the sweep that raises them. The rules are package budget's; the sweep
// has one small loader per rule that reads the figures the rule judges.

var budgetWarningFlow = &flow[budget.Warning]{
	m:  budget.WarningFlow,
	id: func(w *budget.Warning) string { return w.ID },
	rel: func(tx *Tx, w *budget.Warning) (renda.Rel, error) {
		return budget.Relations(tx.actor, w), nil
	},
	save: func(tx *Tx, before, w *budget.Warning, out *renda.Outcome, _ []*attach.File) error {
		var err error
		if out.From == "" {
			var org any
			if w.OrgID != "" {
				org = w.OrgID
			}
			_, err = tx.exec(`INSERT INTO budget_warnings (id, key, rule, year, month, org_id, message, state, query, answer, answered_by, created_at)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, w.ID, w.Key, w.Rule, w.Year, w.Month, org,
				w.Message, w.State, w.Query, w.Answer, w.AnsweredBy, ts(tx.now))
		} else {
			_, err = tx.exec("UPDATE budget_warnings SET state = ?, query = ?, answer = ?, answered_by = ? WHERE id = ?", w.State, w.Query, w.Answer, w.AnsweredBy, w.ID)
		}
		return err
	},
}

// budgetWarningScope is who sees which warnings: the committee's side all,
// a unit its own, nobody else.
func budgetWarningScope(viewer *renda.User) (string, []any) {
	switch {
	case viewer.IsStaffSide():
		return "1 = 1", nil
	case viewer != nil && viewer.Role == renda.RoleUnit && viewer.OrgID != "":
		return "w.org_id = ?", []any{viewer.OrgID}
	}
	return "1 = 0", nil
}

const budgetWarningSelect = `SELECT w.id, w.rule, w.year, w.month, COALESCE(w.org_id, ''), COALESCE(o.name, ''), w.message, w.state, w.query, w.answer, w.answered_by, w.created_at
	FROM budget_warnings w LEFT JOIN organizations o ON o.id = w.org_id`

func scanBudgetWarning(row interface{ Scan(...any) error }) (*budget.Warning, error) {
	var w budget.Warning
	err := row.Scan(&w.ID, &w.Rule, &w.Year, &w.Month, &w.OrgID, &w.OrgName, &w.Message, &w.State, &w.Query, &w.Answer, &w.AnsweredBy, tsScan{&w.CreatedAt})
	return &w, err
}

// BudgetWarningFilter picks warnings.
type BudgetWarningFilter struct {
	State string // open, answered; "" all
	Year  int
	OrgID string
	Rule  string
}

// BudgetWarnings lists the warnings viewer may see, newest first.
func (db *DB) BudgetWarnings(ctx context.Context, viewer *renda.User, f BudgetWarningFilter) ([]*budget.Warning, error) {
	if viewer == nil {
		return nil, renda.Errorf(renda.EUNAUTHORIZED, "请先登录")
	}
	var out []*budget.Warning
	err := db.read(ctx, func(tx *Tx) error {
		cond, args := budgetWarningScope(viewer)
		q := budgetWarningSelect + " WHERE " + cond
		if f.State != "" {
			q += " AND w.state = ?"
			args = append(args, f.State)
		}
		if f.Year != 0 {
			q += " AND w.year = ?"
			args = append(args, f.Year)
		}
		if f.OrgID != "" {
			q += " AND w.org_id = ?"
			args = append(args, f.OrgID)
		}
		if f.Rule != "" {
			q += " AND w.rule = ?"
			args = append(args, f.Rule)
		}
		rows, err := tx.query(q+" ORDER BY w.created_at DESC, w.id DESC", args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			w, err := scanBudgetWarning(rows)
			if err != nil {
				return err
			}
			out = append(out, w)
		}
		return rows.Err()
	})
	return out, err
}

func (tx *Tx) budgetWarning(viewer *renda.User, id string) (*budget.Warning, error) {
	cond, args := budgetWarningScope(viewer)
	w, err := scanBudgetWarning(tx.queryRow(budgetWarningSelect+" WHERE w.id = ? AND "+cond, append([]any{id}, args...)...))
	if err != nil {
		return nil, notFound(err, "预警不存在")
	}
	return w, nil
}

// BudgetWarning returns one warning with the actions viewer may take on it.
func (db *DB) BudgetWarning(ctx context.Context, viewer *renda.User, id string) (w *budget.Warning, acts []renda.Rule, err error) {
	if viewer == nil {
		return nil, nil, renda.Errorf(renda.EUNAUTHORIZED, "请先登录")
	}
	err = db.read(ctx, func(tx *Tx) error {
		if w, err = tx.budgetWarning(viewer, id); err != nil {
			return err
		}
		tx.actor = viewer
		acts, err = budgetWarningFlow.actions(tx, w)
		return err
	})
	return w, acts, err
}

// ActOnBudgetWarning takes an action on a warning: query the department,
// the department's answer, or staff's note of a response.
func (db *DB) ActOnBudgetWarning(ctx context.Context, actor *renda.User, id, action string, in renda.Values) (*budget.Warning, error) {
	if r, ok := budget.WarningFlow.Rule(action); !ok || !r.Offered() {
		return nil, renda.Errorf(renda.ENOTFOUND, "没有“%s”这个操作", trunc(action, 20))
	}
	var out *budget.Warning
	err := db.write(ctx, actor, func(tx *Tx) error {
		w, err := tx.budgetWarning(actor, id)
		if err != nil {
			return err
		}
		out, _, err = budgetWarningFlow.run(tx, w, action, in, nil)
		return err
	})
	return out, err
}

// SweepBudgetWarnings raises the warnings the current data call for: each
// loader reads the figures of one rule, package budget judges them, and
// each finding is raised once (budget.Finding.Key).
func (tx *Tx) SweepBudgetWarnings() (int, error) {
	set, _, err := tx.config()
	if err != nil {
		return 0, err
	}
	s := &budgetSweep{tx: tx, t: budget.ThresholdsOf(set)}
	if s.months, err = tx.budgetExecutionMonths(); err != nil {
		return 0, err
	}
	raised := 0
	for _, load := range budgetWarningLoaders {
		fs, err := load(s)
		if err != nil {
			return raised, err
		}
		for i := range fs {
			ok, err := tx.raiseBudgetWarning(&fs[i])
			if err != nil {
				return raised, err
			}
			if ok {
				raised++
			}
		}
	}
	return raised, nil
}

// budgetSweep is one run of the sweep: the thresholds, and the last month
// with execution data by year, read once for every loader.
type budgetSweep struct {
	tx     *Tx
	t      budget.Thresholds
	months map[int]int
}

// years are the years with execution data, in order.
func (s *budgetSweep) years() []int {
	var ys []int
	for y := range s.months {
		ys = append(ys, y)
	}
	slices.Sort(ys)
	return ys
}

// budgetWarningLoaders load the figures of one rule each and return what
// package budget finds in them.
var budgetWarningLoaders = []func(*budgetSweep) ([]budget.Finding, error){
	(*budgetSweep).execution, (*budgetSweep).idle, (*budgetSweep).late, (*budgetSweep).debt, (*budgetSweep).sanGong,
}

// budgetExecutionMonths is, by year, the last month with execution data.
func (tx *Tx) budgetExecutionMonths() (map[int]int, error) {
	ms, err := budgetQuery(tx, func(r *sql.Rows) (v [2]int, err error) { return v, r.Scan(&v[0], &v[1]) },
		"SELECT year, MAX(month) FROM budget_lines WHERE kind = ? AND replaced_by IS NULL GROUP BY year", budget.KindExecution)
	out := map[int]int{}
	for _, m := range ms {
		out[m[0]] = m[1]
	}
	return out, err
}

// execution: each department's budget and execution through the last month
// with data (over budget, too slow, too fast).
func (s *budgetSweep) execution() ([]budget.Finding, error) {
	var out []budget.Finding
	for _, y := range s.years() {
		ds, err := budgetQuery(s.tx, func(r *sql.Rows) (d budget.DeptFigures, err error) {
			return d, r.Scan(&d.OrgID, &d.OrgName, &d.Budget, &d.Executed)
		}, `SELECT l.org_id, MAX(o.name), SUM(CASE WHEN l.kind = ? THEN l.amount ELSE 0 END), SUM(CASE WHEN l.kind = ? THEN l.amount ELSE 0 END)
			FROM budget_lines l JOIN organizations o ON o.id = l.org_id WHERE l.year = ? AND l.replaced_by IS NULL AND l.kind IN (?, ?)
			GROUP BY l.org_id ORDER BY l.org_id`, budget.KindBudget, budget.KindExecution, y, budget.KindBudget, budget.KindExecution)
		if err != nil {
			return nil, err
		}
		out = append(out, budget.ExecutionFindings(y, s.months[y], ds, s.t)...)
	}
	return out, nil
}

// idle: each budgeted project and the last month it spent.
func (s *budgetSweep) idle() ([]budget.Finding, error) {
	var out []budget.Finding
	for _, y := range s.years() {
		ps, err := budgetQuery(s.tx, func(r *sql.Rows) (p budget.ProjectFigures, err error) {
			return p, r.Scan(&p.OrgID, &p.OrgName, &p.Project, &p.Budget, &p.LastSpent)
		}, `SELECT l.org_id, MAX(o.name), l.project, SUM(CASE WHEN l.kind = ? THEN l.amount ELSE 0 END),
			MAX(CASE WHEN l.kind = ? AND l.amount > 0 THEN l.month ELSE 0 END)
			FROM budget_lines l JOIN organizations o ON o.id = l.org_id WHERE l.year = ? AND l.replaced_by IS NULL AND l.kind IN (?, ?) AND l.project <> ''
			GROUP BY l.org_id, l.project ORDER BY l.org_id, l.project`, budget.KindBudget, budget.KindExecution, y, budget.KindBudget, budget.KindExecution)
		if err != nil {
			return nil, err
		}
		out = append(out, budget.IdleFindings(y, s.months[y], ps, s.t)...)
	}
	return out, nil
}

// late: whether this year's budget is in, and its last month of execution.
func (s *budgetSweep) late() ([]budget.Finding, error) {
	today := renda.DateOf(s.tx.now)
	in, err := s.tx.exists("SELECT 1 FROM budget_lines WHERE kind = ? AND year = ? AND replaced_by IS NULL", budget.KindBudget, today.Year)
	if err != nil {
		return nil, err
	}
	return budget.LateFindings(today, in, s.months[today.Year], s.t), nil
}

// debt: each kind of debt's balance and limit.
func (s *budgetSweep) debt() ([]budget.Finding, error) {
	ds, err := budgetQuery(s.tx, func(r *sql.Rows) (d budget.DebtFigures, err error) {
		return d, r.Scan(&d.Year, &d.Name, &d.Balance, &d.Limit)
	}, `SELECT year, project, SUM(CASE WHEN item = ? THEN amount ELSE 0 END), SUM(CASE WHEN item = ? THEN amount ELSE 0 END)
		FROM budget_lines WHERE kind = ? AND replaced_by IS NULL GROUP BY year, project ORDER BY year, project`, "期末余额", "债务限额", budget.KindDebt)
	if err != nil {
		return nil, err
	}
	return budget.DebtFindings(ds, s.t), nil
}

// sanGong: each department's 三公经费 in each year with a budget against the
// year before (budgetCompared: the budgets, and execution through the same month).
func (s *budgetSweep) sanGong() ([]budget.Finding, error) {
	ys, err := budgetQuery(s.tx, func(r *sql.Rows) (y int, err error) { return y, r.Scan(&y) },
		"SELECT DISTINCT year FROM budget_lines WHERE kind = ? AND replaced_by IS NULL ORDER BY year", budget.KindBudget)
	if err != nil {
		return nil, err
	}
	var out []budget.Finding
	for _, y := range ys {
		c, err := s.tx.budgetCompared(y, s.months, budget.SanGongCodes())
		if err != nil {
			return nil, err
		}
		var ds []budget.SanGongFigures
		for _, r := range c.Rows {
			if r.Key != "" {
				ds = append(ds, budget.SanGongFigures{OrgID: r.Key, OrgName: r.Name, Budget: r.Budget, Executed: r.Executed})
			}
		}
		out = append(out, budget.SanGongFindings(y, c.Month, ds, c.PrevBudget, c.PrevExecuted, s.t)...)
	}
	return out, nil
}

// raiseBudgetWarning raises a finding's warning once: false if it was raised before.
func (tx *Tx) raiseBudgetWarning(f *budget.Finding) (bool, error) {
	w := f.Warning()
	seen, err := tx.exists("SELECT 1 FROM budget_warnings WHERE key = ?", w.Key)
	if err != nil || seen {
		return false, err
	}
	w.ID = renda.NewID()
	env, err := tx.env()
	if err != nil {
		return false, err
	}
	env.Rel = renda.Rel{"system"}
	if _, _, err := budgetWarningFlow.apply(tx, env, w, "raise", renda.NewInput().Set("text", f.Message), nil); err != nil {
		return false, err
	}
	return true, nil
}

// budgetQuery runs q and scans each row with scan.
func budgetQuery[T any](tx *Tx, scan func(*sql.Rows) (T, error), q string, args ...any) ([]T, error) {
	rows, err := tx.query(q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []T
	for rows.Next() {
		v, err := scan(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, rows.Err()
}

// SweepBudgetWarnings runs the sweep in its own transaction.
func (db *DB) SweepBudgetWarnings(ctx context.Context) (n int, err error) {
	err = db.write(ctx, nil, func(tx *Tx) error {
		n, err = tx.SweepBudgetWarnings()
		return err
	})
	return n, err
}
