package store_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"renda"
	"renda/budget"
	"renda/internal/store"
	"renda/internal/storetest"
	"renda/internal/xlsx"
)

// bRow makes a row of a budget file: header → value, at line.
func bRow(line int, kv ...string) xlsx.Row {
	v := map[string]string{}
	for i := 0; i+1 < len(kv); i += 2 {
		v[kv[i]] = kv[i+1]
	}
	return xlsx.Row{Line: line, Values: v}
}

func spend(line int, year, org, code, amount string, month ...int) xlsx.Row {
	r := bRow(line, budget.ColYear, year, budget.ColFund, "一般公共预算", budget.ColOrg, org, budget.ColFuncCode, code, budget.ColAmount, amount)
	if len(month) > 0 {
		r.Values[budget.ColMonth] = fmt.Sprint(month[0])
	}
	return r
}

// TestBudgetImportAllOrNothing: a file with bad rows stores nothing and names
// every bad row and column; a good file stores every line exactly (no fen
// lost), a revised file replaces the lines with history kept, and the
// totals equal the sum of their lines.
func TestBudgetImportAllOrNothing(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		fx := storetest.Fixture(t, db)
		bad := []xlsx.Row{
			spend(2, "2024", "住建局", "2120101", "1000000.01"),
			spend(3, "2024", "不存在的局", "2120101", "12.345"),
			spend(4, "2023", "水利局", "99", "abc"),
			bRow(5, budget.ColYear, "2024", budget.ColOrg, "水利局", budget.ColFuncCode, "2130301", budget.ColAmount, "5"),
		}
		_, _, err := db.ImportBudget(ctx, fx.Staff, store.BudgetImportInput{Kind: budget.KindBudget, Source: "excel", Rows: bad})
		ie, ok := err.(*xlsx.ImportError)
		if !ok {
			t.Fatalf("bad file: %v, want an import error", err)
		}
		want := map[string]bool{"3/" + budget.ColOrg: true, "3/" + budget.ColAmount: true, "4/" + budget.ColYear: true, "4/" + budget.ColFuncCode: true,
			"4/" + budget.ColAmount: true, "5/" + budget.ColFund: true}
		got := map[string]bool{}
		for _, r := range ie.Rows {
			got[fmt.Sprintf("%d/%s", r.Line, r.Column)] = true
			if r.Message == "" {
				t.Errorf("row %d column %s without a message", r.Line, r.Column)
			}
		}
		for k := range want {
			if !got[k] {
				t.Errorf("fault %s not named; got %v", k, ie.Rows)
			}
		}
		if len(got) != len(want) {
			t.Errorf("faults %v, want exactly %v", got, want)
		}
		if ys, _ := db.BudgetYears(ctx, fx.Staff); len(ys) != 0 {
			t.Fatalf("a bad file stored something: %+v", ys)
		}
		if imps, _ := db.BudgetImports(ctx, fx.Staff, 0); len(imps) != 0 {
			t.Fatalf("a bad file left an import: %+v", imps)
		}
		if _, _, err := db.ImportBudget(ctx, fx.UnitUser, store.BudgetImportInput{Kind: budget.KindBudget, Source: "excel", Rows: bad[:1]}); renda.ErrorCode(err) != renda.EFORBIDDEN {
			t.Errorf("a unit imports: %v", err)
		}

		good := []xlsx.Row{
			spend(2, "2024", "住建局", "2120101", "1,000,000.01"),
			spend(3, "2024", "常宁市住房和城乡建设局", "2210201", "0.02"),
			spend(4, "2024", "水利局", "2130301", "600000.10"),
		}
		imp, created, err := db.ImportBudget(ctx, fx.Staff, store.BudgetImportInput{Kind: budget.KindBudget, Source: "excel", FileName: "2024预算.xlsx", Rows: good})
		if err != nil || !created {
			t.Fatalf("good file: %v", err)
		}
		if imp.Total != "1600000.13" || imp.Rows != 3 {
			t.Errorf("import total %s rows %d, want 1600000.13 and 3", imp.Total, imp.Rows)
		}
		exec := []xlsx.Row{
			spend(2, "2024", "住建局", "2120101", "100000.00", 1),
			spend(3, "2024", "水利局", "2130301", "0.01", 1),
		}
		if _, _, err := db.ImportBudget(ctx, fx.Staff, store.BudgetImportInput{Kind: budget.KindExecution, Source: "excel", Rows: exec}); err != nil {
			t.Fatal(err)
		}
		// A revised January replaces January only; February adds.
		rev := []xlsx.Row{spend(2, "2024", "住建局", "2120101", "200000.00", 1)}
		imp2, _, err := db.ImportBudget(ctx, fx.Staff, store.BudgetImportInput{Kind: budget.KindExecution, Source: "excel", Rows: rev})
		if err != nil || imp2.Replaced != 2 {
			t.Fatalf("revised January: %v, replaced %d, want 2", err, imp2.Replaced)
		}
		feb := []xlsx.Row{spend(2, "2024", "水利局", "2130301", "33.33", 2)}
		if _, _, err := db.ImportBudget(ctx, fx.Staff, store.BudgetImportInput{Kind: budget.KindExecution, Source: "excel", Rows: feb}); err != nil {
			t.Fatal(err)
		}
		ys, err := db.BudgetYears(ctx, fx.Staff)
		if err != nil || len(ys) != 1 {
			t.Fatalf("years: %v %+v", err, ys)
		}
		if ys[0].Budget.String() != "1600000.13" || ys[0].Executed.String() != "200033.33" {
			t.Errorf("2024: budget %s executed %s, want 1600000.13 and 200033.33", ys[0].Budget, ys[0].Executed)
		}
		rows, total, err := db.BudgetBy(ctx, fx.Staff, 2024, "org")
		if err != nil {
			t.Fatal(err)
		}
		var sb, se budget.Fen
		for _, r := range rows {
			sb += r.Budget
			se += r.Executed
			ls, sum, err := db.BudgetLines(ctx, fx.Staff, store.BudgetLineFilter{Year: 2024, Kind: budget.KindBudget, OrgID: r.Key})
			if err != nil || sum != r.Budget {
				t.Errorf("%s: budget %s, its lines sum to %s (%d lines, %v)", r.Name, r.Budget, sum, len(ls), err)
			}
			if _, sum, _ := db.BudgetLines(ctx, fx.Staff, store.BudgetLineFilter{Year: 2024, Kind: budget.KindExecution, OrgID: r.Key}); sum != r.Executed {
				t.Errorf("%s: executed %s, its lines sum to %s", r.Name, r.Executed, sum)
			}
		}
		if sb != total.Budget || se != total.Executed || total.Budget != ys[0].Budget {
			t.Errorf("total %s/%s, rows add to %s/%s", total.Budget, total.Executed, sb, se)
		}
		if rows[0].Name != fx.Unit1.Name || rows[0].Budget.String() != "1000000.03" || rows[0].Rate() != "20.00" {
			t.Errorf("first department %s %s rate %s", rows[0].Name, rows[0].Budget, rows[0].Rate())
		}
		fr, ftotal, _ := db.BudgetBy(ctx, fx.Staff, 2024, "function")
		if len(fr) != 3 || ftotal.Budget != total.Budget {
			t.Errorf("by function: %d classes, total %s", len(fr), ftotal.Budget)
		}
		if imps, _ := db.BudgetImports(ctx, fx.Staff, 2024); len(imps) != 4 {
			t.Errorf("history: %d imports, want 4", len(imps))
		}
	})
}

// TestBudgetWarningsAtThresholds: with a budget of 12,000.00 at month 6
// (schedule 50%) and the default gaps (15 and 25 points), 4,200.00 (35%)
// is no warning and 4,199.99 is "slow"; 9,000.00 (75%) none, 9,000.01
// "fast"; 12,000.01 "over" (and in December exactly 12,000.00 nothing). A warning is raised once; staff query the
// department, whose clerk answers; another department cannot see it.
func TestBudgetWarningsAtThresholds(t *testing.T) {
	c := func(e int64) []string {
		return budget.Judge(budget.Check{Year: 2024, Month: 6, Budget: 1200000, Executed: budget.Fen(e)}, 15, 25, 3)
	}
	for _, tc := range []struct {
		e    int64
		want string
	}{{420000, ""}, {419999, "slow"}, {900000, ""}, {900001, "fast"}, {1200000, "fast"}, {1200001, "over"}} {
		if got := fmt.Sprint(c(tc.e)); got != fmt.Sprint(splitRules(tc.want)) {
			t.Errorf("executed %d: %v, want %v", tc.e, got, tc.want)
		}
	}
	if got := budget.Judge(budget.Check{Year: 2024, Month: 12, Budget: 1200000, Executed: 1200000}, 15, 25, 3); len(got) != 0 {
		t.Errorf("December, all spent: %v", got)
	}
	if got := budget.Judge(budget.Check{Year: 2024, Month: 12, Budget: 1200000, Executed: 1200001}, 15, 25, 3); fmt.Sprint(got) != "[over]" {
		t.Errorf("December, one fen over: %v", got)
	}
	if got := budget.Judge(budget.Check{Year: 2024, Month: 2, Budget: 1200000, Executed: 0}, 15, 25, 3); len(got) != 0 {
		t.Errorf("month 2, before warnings start: %v", got)
	}
	// A project idle since March: at June, three months without spending (4, 5, 6) is a warning, at May not.
	if budget.Idle(100, 3, 5, 3) || !budget.Idle(100, 3, 6, 3) || budget.Idle(0, 0, 12, 3) {
		t.Error("idle project boundary")
	}
	// Debt at exactly 90% of its limit is no warning; one fen more is.
	if budget.DebtHigh(900000, 1000000, 90) || !budget.DebtHigh(900001, 1000000, 90) {
		t.Error("debt ratio boundary")
	}
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		fx := storetest.Fixture(t, db)
		imp := func(kind string, rows ...xlsx.Row) {
			t.Helper()
			if _, _, err := db.ImportBudget(ctx, fx.Staff, store.BudgetImportInput{Kind: kind, Source: "excel", Rows: rows}); err != nil {
				t.Fatal(err)
			}
		}
		imp(budget.KindBudget, spend(2, "2024", "住建局", "2120101", "12000.00"), spend(3, "2024", "水利局", "2130301", "12000.00"))
		// 住建局 exactly at the slow boundary over six months; 水利局 one fen below.
		imp(budget.KindExecution, spend(2, "2024", "住建局", "2120101", "4200.00", 6), spend(3, "2024", "水利局", "2130301", "4199.99", 6))
		// A project budgeted with no spending through June (idle_months 3) and debt above 90% of its limit.
		imp(budget.KindBudget, spend(2, "2024", "住建局", "2120101", "12000.00"), spend(3, "2024", "水利局", "2130301", "12000.00"),
			bRow(4, budget.ColYear, "2024", budget.ColFund, "一般公共预算", budget.ColOrg, "水利局", budget.ColFuncCode, "2130306", budget.ColProject, "堤防加固", budget.ColAmount, "1.00"))
		imp(budget.KindDebt, bRow(2, budget.ColYear, "2024", budget.ColProject, "一般债务", budget.ColItem, "债务限额", budget.ColAmount, "1000.00"),
			bRow(3, budget.ColYear, "2024", budget.ColProject, "一般债务", budget.ColItem, "期末余额", budget.ColAmount, "900.01"),
			bRow(4, budget.ColYear, "2024", budget.ColProject, "专项债务", budget.ColItem, "债务限额", budget.ColAmount, "1000.00"),
			bRow(5, budget.ColYear, "2024", budget.ColProject, "专项债务", budget.ColItem, "期末余额", budget.ColAmount, "900.00"))
		for _, rule := range []string{budget.RuleIdle, budget.RuleDebt} {
			ws, _ := db.BudgetWarnings(ctx, fx.Staff, store.BudgetWarningFilter{Rule: rule})
			if len(ws) != 1 {
				t.Errorf("%s warnings: %d, want 1", rule, len(ws))
			}
		}
		// The import judged the new figures at once; the sweep finds nothing new.
		if n, err := db.SweepBudgetWarnings(ctx); err != nil || n != 0 {
			t.Errorf("sweep after the import raised %d again (%v)", n, err)
		}
		ws, err := db.BudgetWarnings(ctx, fx.Staff, store.BudgetWarningFilter{State: budget.Open, Rule: budget.RuleSlow})
		if err != nil || len(ws) != 1 || ws[0].OrgID != fx.Unit2.ID || ws[0].Rule != budget.RuleSlow {
			t.Fatalf("open warnings: %v %+v", err, ws)
		}
		w := ws[0]
		if mine, _ := db.BudgetWarnings(ctx, fx.UnitUser, store.BudgetWarningFilter{}); len(mine) != 0 {
			t.Errorf("another department sees %d warnings", len(mine))
		}
		if _, err := db.ActOnBudgetWarning(ctx, fx.UnitUser, w.ID, "answer", renda.V("text", "x")); renda.ErrorCode(err) != renda.ENOTFOUND {
			t.Errorf("another department answers: %v, want ENOTFOUND", err)
		}
		if _, err := db.ActOnBudgetWarning(ctx, fx.UnitUser2, w.ID, "query", renda.V("text", "x")); renda.ErrorCode(err) != renda.EFORBIDDEN {
			t.Errorf("the department queries itself: %v, want EFORBIDDEN", err)
		}
		q, err := db.ActOnBudgetWarning(ctx, fx.Staff, w.ID, "query", renda.V("text", "请说明水利项目支出缓慢的原因"))
		if err != nil || q.State != budget.Open || q.Query == "" {
			t.Fatalf("query: %v %+v", err, q)
		}
		a, err := db.ActOnBudgetWarning(ctx, fx.UnitUser2, w.ID, "answer", renda.V("text", "项目招标延后，7 月起集中支付"))
		if err != nil || a.State != budget.Answered {
			t.Fatalf("answer: %v %+v", err, a)
		}
		if ws, _ := db.BudgetWarnings(ctx, fx.Staff, store.BudgetWarningFilter{State: budget.Answered}); len(ws) != 1 {
			t.Errorf("answered warnings: %d", len(ws))
		}
		if _, err := db.ActOnBudgetWarning(ctx, fx.Staff, w.ID, "respond", renda.V("text", "x")); renda.ErrorCode(err) != renda.ECONFLICT {
			t.Errorf("respond after the answer: %v, want ECONFLICT", err)
		}
	})
}

func splitRules(s string) []string {
	if s == "" {
		return nil
	}
	return []string{s}
}

// TestBudgetLateData: this year's budget is in; May's execution is due by
// 15 June (budget.data_due_day): on the 15th no warning, on the 16th one,
// raised once; none once May is in.
func TestBudgetLateData(t *testing.T) {
	if budget.LateMonth(renda.NewDate(2026, 6, 15), 4, 15) != 0 || budget.LateMonth(renda.NewDate(2026, 6, 16), 4, 15) != 5 ||
		budget.LateMonth(renda.NewDate(2026, 6, 16), 5, 15) != 0 || budget.LateMonth(renda.NewDate(2026, 1, 20), 0, 15) != 0 {
		t.Error("late month boundaries")
	}
	for _, d := range storetest.Dialects(t) {
		t.Run(d.String(), func(t *testing.T) {
			ctx := context.Background()
			clock := renda.NewTestClock(time.Date(2026, 6, 15, 10, 0, 0, 0, renda.CST))
			db := storetest.Open(t, d, clock)
			fx := storetest.Fixture(t, db)
			if _, _, err := db.ImportBudget(ctx, fx.Staff, store.BudgetImportInput{Kind: budget.KindBudget, Source: "excel",
				Rows: []xlsx.Row{spend(2, "2026", "住建局", "2120101", "12000.00")}}); err != nil {
				t.Fatal(err)
			}
			if _, _, err := db.ImportBudget(ctx, fx.Staff, store.BudgetImportInput{Kind: budget.KindExecution, Source: "excel",
				Rows: []xlsx.Row{spend(2, "2026", "住建局", "2120101", "5000.00", 4)}}); err != nil {
				t.Fatal(err)
			}
			late := func() int {
				ws, _ := db.BudgetWarnings(ctx, fx.Staff, store.BudgetWarningFilter{Rule: budget.RuleLate})
				return len(ws)
			}
			if n, _ := db.SweepBudgetWarnings(ctx); n != 0 || late() != 0 {
				t.Errorf("on the due day: %d late warnings", late())
			}
			clock.Set(time.Date(2026, 6, 16, 10, 0, 0, 0, renda.CST))
			db.SweepBudgetWarnings(ctx)
			db.SweepBudgetWarnings(ctx)
			if late() != 1 {
				t.Errorf("the day after: %d late warnings, want 1", late())
			}
		})
	}
}
