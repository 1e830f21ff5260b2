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
	if answered != 2 || queried != 1 || open < 1 || rules[budget.RuleOver] != 1 || rules[budget.RuleSlow] < 3 || rules[budget.RuleIdle] != 1 || rules[budget.RuleDebt] != 1 ||
		rules[budget.RuleSanGong] != 2 {
		t.Errorf("warnings: %d answered, %d queried, %d open; rules %v", answered, queried, open, rules)
	}
	// One department's 三公经费 grew (交通运输局): warned on its budget and its spending; the others were cut or held.
	sg, _ := db.BudgetWarnings(ctx, w.Staff, store.BudgetWarningFilter{Rule: budget.RuleSanGong})
	for _, x := range sg {
		if x.OrgID != w.Orgs["jtj"].ID || x.State != budget.Open {
			t.Errorf("三公经费 warning: %+v", x)
		}
	}
	c, err := db.BudgetCompare(ctx, w.Leader, 2024, budget.SanGongCodes())
	if err != nil || !c.PrevBudget || !c.PrevExecuted || len(c.Rows) != 5 {
		t.Fatalf("三公经费: %v %+v", err, c)
	}
	for _, r := range c.Rows {
		if grew := r.Budget.Cur > r.Budget.Prev; grew != (r.Key == w.Orgs["jtj"].ID) {
			t.Errorf("%s: 三公经费 %s against %s", r.Name, r.Budget.Cur, r.Budget.Prev)
		}
	}
	yoy, _ := db.BudgetCompare(ctx, w.Leader, 2024, nil)
	if yoy.Month != 12 || yoy.Total.Budget.Prev == 0 || yoy.Total.Executed.Prev == 0 {
		t.Errorf("year on year: %+v", yoy.Total)
	}
	// Adjustments and transfers: two transfers, one plan approved, one awaiting the committee.
	docs, _ := db.BudgetAdjustmentDocs(ctx, w.Leader, 2024)
	states := map[string]int{}
	for _, d := range docs {
		states[d.State]++
	}
	if len(docs) != 4 || states[""] != 2 || states[budget.Approved] != 1 || states[budget.Pending] != 1 {
		t.Errorf("adjustments: %d documents, states %v", len(docs), states)
	}
	if ws, _ := db.BudgetWarnings(ctx, w.Staff, store.BudgetWarningFilter{Year: 2023}); len(ws) != 0 {
		t.Errorf("2023, spent evenly, has %d warnings", len(ws))
	}
	ps, _ := db.BudgetProjects(ctx, w.Leader, 2024)
	if len(ps) == 0 || ps[0].PrevBudget == 0 {
		t.Errorf("projects without last year's figures: %+v", ps)
	}
	rs, err := db.BudgetReviews(ctx, w.Staff)
	if err != nil || len(rs) != 5 {
		t.Fatalf("reviews: %v %d", err, len(rs))
	}
	reviewStates, inPlan := map[string]bool{}, 0
	for _, r := range rs {
		reviewStates[r.State] = true
		if r.InPlan() {
			inPlan++
		}
		if r.Kind == budget.ReviewAudit {
			if done, all := r.Progress(); done != 2 || all != 5 || r.Due.String() != "2025-12-27" {
				t.Errorf("audit rectification %d/%d due %s", done, all, r.Due)
			}
		}
	}
	if !reviewStates[budget.Received] || !reviewStates[budget.Closed] || !reviewStates[budget.Opinioned] || !reviewStates[budget.Rectifying] {
		t.Errorf("review states %v", reviewStates)
	}
	if inPlan != 1 {
		t.Errorf("%d reviews in the supervision plan, want 1 (the debt report; the others outside it)", inPlan)
	}
	qs, _ := db.BudgetQuestions(ctx, w.Deputy1)
	if len(qs) != 2 || qs[0].State == qs[1].State {
		t.Errorf("questions: %d, want one answered and one waiting", len(qs))
	}
	if imps, _ := db.BudgetImports(ctx, w.Staff, 2024); len(imps) != 17 {
		t.Errorf("%d imports, want 17 (budget, 12 months, final, debt, assets, adjustments)", len(imps))
	}
}
