package demo_test

import (
	"context"
	"io"
	"log/slog"
	"testing"
	"time"

	"renda"
	"renda/budget"
	"renda/internal/demo"
	"renda/internal/store"
	"renda/internal/storetest"
)

// TestDemoBudget: the demo shows 常宁's 2024 budget with a year's execution,
// warnings in every state (queried and answered, queried and waiting,
// answered by staff's note, open), and its totals equal their lines.
func TestDemoBudget(t *testing.T) {
	for _, d := range storetest.Dialects(t) {
		t.Run(d.String(), func(t *testing.T) { demoBudget(t, d) })
	}
}

func demoBudget(t *testing.T, d store.Dialect) {
	clock := renda.NewTestClock(time.Date(2026, 11, 24, 10, 0, 0, 0, renda.CST))
	db := storetest.Open(t, d, clock)
	ctx := context.Background()
	w, err := demo.Load(ctx, db, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatal(err)
	}
	ys, err := db.BudgetYears(ctx, w.Leader)
	if err != nil || len(ys) != 2 || ys[0].Year != 2024 || ys[0].Months != 12 || ys[1].Year != 2023 {
		t.Fatalf("years: %v %+v", err, ys)
	}
	_, sum, _ := db.BudgetLines(ctx, w.Leader, store.BudgetLineFilter{Year: 2024, Kind: budget.KindExecution})
	if sum != ys[0].Executed {
		t.Errorf("executed %s, lines sum to %s", ys[0].Executed, sum)
	}
	ws, err := db.BudgetWarnings(ctx, w.Staff, store.BudgetWarningFilter{Year: 2024})
	if err != nil {
		t.Fatal(err)
	}
	var open, answered, queried int
	rules := map[string]int{}
	for _, x := range ws {
		rules[x.Rule]++
		switch {
		case x.State == budget.Answered:
			answered++
		case x.Query != "":
			queried++
		default:
			open++
		}
	}
	if answered != 2 || queried != 1 || open < 1 || rules[budget.RuleOver] != 1 || rules[budget.RuleSlow] < 3 || rules[budget.RuleIdle] != 1 || rules[budget.RuleDebt] != 1 {
		t.Errorf("warnings: %d answered, %d queried, %d open; rules %v", answered, queried, open, rules)
	}
	if ws, _ := db.BudgetWarnings(ctx, w.Staff, store.BudgetWarningFilter{Year: 2023}); len(ws) != 0 {
		t.Errorf("2023, spent evenly, has %d warnings", len(ws))
	}
	ps, _ := db.BudgetProjects(ctx, w.Leader, 2024)
	if len(ps) == 0 || ps[0].PrevBudget == 0 {
		t.Errorf("projects without last year's figures: %+v", ps)
	}
	rs, err := db.BudgetReviews(ctx, w.Staff)
	if err != nil || len(rs) != 4 {
		t.Fatalf("reviews: %v %d", err, len(rs))
	}
	states := map[string]bool{}
	for _, r := range rs {
		states[r.State] = true
		if r.Kind == budget.ReviewAudit {
			if done, all := r.Progress(); done != 2 || all != 5 || r.Due.String() != "2025-12-27" {
				t.Errorf("audit rectification %d/%d due %s", done, all, r.Due)
			}
		}
	}
	if !states[budget.Received] || !states[budget.Closed] || !states[budget.Opinioned] || !states[budget.Rectifying] {
		t.Errorf("review states %v", states)
	}
	qs, _ := db.BudgetQuestions(ctx, w.Deputy1)
	if len(qs) != 2 || qs[0].State == qs[1].State {
		t.Errorf("questions: %d, want one answered and one waiting", len(qs))
	}
	if imps, _ := db.BudgetImports(ctx, w.Staff, 2024); len(imps) != 16 {
		t.Errorf("%d imports, want 16 (budget, 12 months, final, debt, assets)", len(imps))
	}
}
