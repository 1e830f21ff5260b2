package store

import (
	"context"
	"database/sql"
	"sort"
	"strings"

	"renda"
	"renda/budget"
)

// BudgetComparison is a year's figures by department against the year
// before (同比): the budgets, and execution through the same month (同期).
// It is what the year-on-year page, the 三公经费 page and the 三公经费
// warning read.
type BudgetComparison struct {
	Year  int
	Month int // execution is compared through this month (the year's last with data; 0: none)
	// Whether the year before has a budget, and execution through Month:
	// without them there is nothing to compare with.
	PrevBudget, PrevExecuted bool
	Rows                     []*BudgetCompareRow // largest budget first
	Total                    *BudgetCompareRow
}

// BudgetCompareRow is one department's figures (Key: its id, "" for lines
// without one), with, when compared by economic codes, each code's.
type BudgetCompareRow struct {
	Key, Name        string
	Budget, Executed budget.YearPair
	Items            map[string]*BudgetCompareRow // by economic code
}

// Item returns the row's figures of one economic code (zero if none).
func (r *BudgetCompareRow) Item(code string) *BudgetCompareRow {
	if it := r.Items[code]; it != nil {
		return it
	}
	return &BudgetCompareRow{Key: code}
}

// Rate is this year's execution rate; PrevRate last year's through the same month.
func (r *BudgetCompareRow) Rate() string { return budget.Rate(r.Executed.Cur, r.Budget.Cur) }

// PrevRate is last year's execution rate through the same month.
func (r *BudgetCompareRow) PrevRate() string { return budget.Rate(r.Executed.Prev, r.Budget.Prev) }

func (r *BudgetCompareRow) add(year, cur int, kind, econ string, amt budget.Fen) {
	p := &r.Budget
	if kind == budget.KindExecution {
		p = &r.Executed
	}
	if year == cur {
		p.Cur += amt
	} else {
		p.Prev += amt
	}
	if econ != "" {
		if r.Items == nil {
			r.Items = map[string]*BudgetCompareRow{}
		}
		it := r.Items[econ]
		if it == nil {
			it = &BudgetCompareRow{Key: econ}
			r.Items[econ] = it
		}
		it.add(year, cur, kind, "", amt)
	}
}

// BudgetCompare compares a year's budget and execution by department with
// the year before; with econ, only the lines of those economic codes (e.g.
// budget.SanGongCodes()), each code's figures kept apart too.
func (db *DB) BudgetCompare(ctx context.Context, viewer *renda.User, year int, econ []string) (*BudgetComparison, error) {
	if !CanReadBudget(viewer) {
		return nil, renda.Errorf(renda.EUNAUTHORIZED, "请先登录")
	}
	var out *BudgetComparison
	err := db.read(ctx, func(tx *Tx) error {
		months, err := tx.budgetExecutionMonths()
		if err != nil {
			return err
		}
		out, err = tx.budgetCompared(year, months, econ)
		return err
	})
	return out, err
}

// budgetCompared loads a comparison; months is the last month with
// execution data by year (budgetExecutionMonths).
func (tx *Tx) budgetCompared(year int, months map[int]int, econ []string) (*BudgetComparison, error) {
	c := &BudgetComparison{Year: year, Month: months[year], Total: &BudgetCompareRow{Name: "合计"}}
	c.PrevExecuted = c.Month > 0 && months[year-1] >= c.Month
	var err error
	if c.PrevBudget, err = tx.exists("SELECT 1 FROM budget_lines WHERE kind = ? AND year = ? AND replaced_by IS NULL", budget.KindBudget, year-1); err != nil {
		return nil, err
	}
	code, group := "''", ""
	q := `SELECT COALESCE(l.org_id, ''), COALESCE(MAX(o.name), ''), l.year, l.kind, %s, SUM(l.amount)
		FROM budget_lines l LEFT JOIN organizations o ON o.id = l.org_id
		WHERE l.replaced_by IS NULL AND l.year IN (?, ?) AND (l.kind = ? OR (l.kind = ? AND l.month BETWEEN 1 AND ?))`
	args := []any{year, year - 1, budget.KindBudget, budget.KindExecution, c.Month}
	if len(econ) > 0 {
		code, group = "l.econ_code", ", l.econ_code"
		q += " AND l.econ_code IN (" + strings.Repeat("?, ", len(econ)-1) + "?)"
		for _, e := range econ {
			args = append(args, e)
		}
	}
	type cell struct {
		org, name, kind, econ string
		year                  int
		amt                   budget.Fen
	}
	cells, err := budgetQuery(tx, func(r *sql.Rows) (x cell, err error) {
		return x, r.Scan(&x.org, &x.name, &x.year, &x.kind, &x.econ, &x.amt)
	}, strings.Replace(q, "%s", code, 1)+" GROUP BY COALESCE(l.org_id, ''), l.year, l.kind"+group, args...)
	if err != nil {
		return nil, err
	}
	idx := map[string]*BudgetCompareRow{}
	for _, x := range cells {
		r := idx[x.org]
		if r == nil {
			r = &BudgetCompareRow{Key: x.org, Name: x.name}
			if r.Name == "" {
				r.Name = "（未列部门）"
			}
			idx[x.org] = r
			c.Rows = append(c.Rows, r)
		}
		r.add(x.year, year, x.kind, x.econ, x.amt)
		c.Total.add(x.year, year, x.kind, x.econ, x.amt)
	}
	sort.SliceStable(c.Rows, func(i, j int) bool {
		a, b := c.Rows[i], c.Rows[j]
		if a.Budget.Cur != b.Budget.Cur {
			return a.Budget.Cur > b.Budget.Cur
		}
		if a.Budget.Prev != b.Budget.Prev {
			return a.Budget.Prev > b.Budget.Prev
		}
		return a.Key < b.Key
	})
	return c, nil
}
