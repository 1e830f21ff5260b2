package store_test

import (
	"context"
	"strconv"
	"strings"
	"testing"

	"renda"
	"renda/budget"
	"renda/internal/store"
	"renda/internal/storetest"
	"renda/internal/xlsx"
)

// TestBudgetRevisedAfterApproval: a revised budget file replaces the year's
// budget until the session its draft went to opens; from then on it is
// refused with an error that says to import the change as an adjustment,
// and nothing is stored (the first budget file of such a year, and
// execution, still come in). An adjustment plan the committee approved (or
// found exempt) whose document comes in again with other lines goes back
// to the committee through the adjustment flow, the earlier decision in its
// history; the same lines again change nothing.
func TestBudgetRevisedAfterApproval(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		fx := storetest.Fixture(t, db)
		today := renda.DateOf(db.Clock().Now())
		year := today.Year
		y := itoaT(year)
		imp := func(kind string, rows ...xlsx.Row) (*budget.Import, error) {
			i, _, err := db.ImportBudget(ctx, fx.Staff, store.BudgetImportInput{Kind: kind, Source: "excel", Rows: rows})
			return i, err
		}
		plan := func(amount string) []xlsx.Row {
			return []xlsx.Row{spend(2, y, "住建局", "2120101", amount), spend(3, y, "水利局", "2130301", "800000.00")}
		}
		budgetTotal := func() string {
			_, sum, err := db.BudgetLines(ctx, fx.Staff, store.BudgetLineFilter{Year: year, Kind: budget.KindBudget})
			if err != nil {
				t.Fatal(err)
			}
			return sum.String()
		}
		review := func(y int, session renda.Date) {
			t.Helper()
			if _, err := db.CreateBudgetReview(ctx, fx.Staff, renda.V("kind", budget.ReviewPreliminary, "year", itoaT(y), "title", "预算草案",
				"received_on", session.AddDays(-40).String(), "session_on", session.String())); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := imp(budget.KindBudget, plan("1000000.00")...); err != nil {
			t.Fatal(err)
		}
		// Before the session: the revised draft replaces the first.
		review(year, today.AddDays(5))
		if i, err := imp(budget.KindBudget, plan("1100000.00")...); err != nil || i.Replaced != 2 || budgetTotal() != "1900000.00" {
			t.Fatalf("a revised draft before the session: %v", err)
		}
		// The session has opened (a second draft's record, as the session moved earlier).
		review(year, today.AddDays(-1))
		var before int
		imports, _ := db.BudgetImports(ctx, fx.Staff, year)
		before = len(imports)
		_, err := imp(budget.KindBudget, plan("1200000.00")...)
		if renda.ErrorCode(err) != renda.ECONFLICT || !strings.Contains(err.Error(), "预算调整") || !strings.Contains(err.Error(), "人民代表大会") {
			t.Fatalf("a revised budget after the session opened: %v", err)
		}
		if imports, _ = db.BudgetImports(ctx, fx.Staff, year); len(imports) != before || budgetTotal() != "1900000.00" {
			t.Fatalf("the refused file stored something: %d imports (was %d), total %s", len(imports), before, budgetTotal())
		}
		if _, err := imp(budget.KindExecution, spend(2, y, "住建局", "2120101", "100000.00", 1)); err != nil {
			t.Fatalf("execution after approval: %v", err)
		}
		// A year whose session has opened but which has no budget yet takes its first file.
		review(year-1, today.AddDays(-300))
		last := itoaT(year - 1)
		if _, err := imp(budget.KindBudget, spend(2, last, "住建局", "2120101", "900000.00")); err != nil {
			t.Fatalf("the first budget of an approved year: %v", err)
		}
		if _, err := imp(budget.KindBudget, spend(2, last, "住建局", "2120101", "950000.00")); renda.ErrorCode(err) != renda.ECONFLICT {
			t.Fatalf("its revision: %v", err)
		}

		// An approved adjustment plan revised: back to the committee.
		adj := func(line int, doc, item, org, amount string) xlsx.Row {
			r := adjust(line, doc, item, org, amount)
			r.Values[budget.ColYear] = y
			return r
		}
		const doc, doc2 = "常财预〔调〕41号", "常财预〔调〕42号"
		first := []xlsx.Row{adj(2, doc, "增加预算总支出", "住建局", "700000.00"), adj(3, doc, "增加举借债务", "", "700000.00"), adj(4, doc2, "调减重点支出", "水利局", "-30000.00")}
		if _, err := imp(budget.KindAdjustment, first...); err != nil {
			t.Fatal(err)
		}
		pending, _ := db.BudgetAdjustments(ctx, fx.Staff, store.BudgetAdjustmentFilter{Year: year, State: budget.Pending})
		if len(pending) != 2 {
			t.Fatalf("pending plans: %+v", pending)
		}
		byDoc := map[string]*budget.Adjustment{}
		for _, a := range pending {
			byDoc[a.Doc] = a
		}
		a, ex := byDoc[doc], byDoc[doc2]
		if _, err := db.ActOnBudgetAdjustment(ctx, fx.Staff, a.ID, "approve", renda.V("date", today.String(), "text", "批准预算调整方案。")); err != nil {
			t.Fatal(err)
		}
		if _, err := db.ActOnBudgetAdjustment(ctx, fx.Staff, ex.ID, "exempt", renda.V("text", "实为项目间调剂。")); err != nil {
			t.Fatal(err)
		}
		if _, err := db.ActOnBudgetAdjustment(ctx, fx.Staff, a.ID, "revise", renda.V("text", "x")); err == nil {
			t.Error("staff revised a plan by hand")
		}
		// The same file again: nothing reopens.
		if _, err := imp(budget.KindAdjustment, first...); err != nil {
			t.Fatal(err)
		}
		state := func(id string) *budget.Adjustment {
			t.Helper()
			x, _, _, err := db.BudgetAdjustment(ctx, fx.Staff, id)
			if err != nil {
				t.Fatal(err)
			}
			return x
		}
		if s1, s2 := state(a.ID), state(ex.ID); s1.State != budget.Approved || s2.State != budget.Exempt {
			t.Fatalf("the same lines again: %s, %s", s1.State, s2.State)
		}
		// Other lines for both documents: each goes back to the committee.
		if _, err := imp(budget.KindAdjustment, adj(2, doc, "增加预算总支出", "住建局", "900000.00"), adj(3, doc, "增加举借债务", "", "700000.00"),
			adj(4, doc2, "调减重点支出", "水利局", "-40000.00")); err != nil {
			t.Fatal(err)
		}
		for _, id := range []string{a.ID, ex.ID} {
			back := state(id)
			if back.State != budget.Pending || back.Decision != "" || !back.DecidedOn.IsZero() {
				t.Errorf("%s revised after the decision: %+v", back.Doc, back)
			}
			h, err := db.History(ctx, "budget_adjustment", id)
			if err != nil || len(h) == 0 {
				t.Fatalf("history: %v", err)
			}
			lastRec := h[len(h)-1]
			if lastRec.Action != "revise" || lastRec.From == lastRec.To || lastRec.To != budget.Pending {
				t.Errorf("%s: the last record %+v", back.Doc, lastRec)
			}
			if id == a.ID && (!strings.Contains(lastRec.Note, "批准预算调整方案。") || !strings.Contains(back.Summary, "1600000.00")) {
				t.Errorf("the reopened plan's note %q, summary %q", lastRec.Note, back.Summary)
			}
		}
		// Reopened, it is decided again as any plan is.
		if ok, err := db.ActOnBudgetAdjustment(ctx, fx.Staff, a.ID, "approve", renda.V("date", today.String(), "text", "批准修改后的方案。")); err != nil || ok.State != budget.Approved {
			t.Fatalf("approving the revised plan: %v", err)
		}
	})
}

func itoaT(n int) string { return strconv.Itoa(n) }
