package store_test

import (
	"context"
	"testing"

	"renda"
	"renda/budget"
	"renda/internal/store"
	"renda/internal/storetest"
	"renda/internal/xlsx"
	"renda/supervision"
)

// econ is a spending row with an economic code: year, department, code, amount[, month].
func econ(line int, year, org, code, amount string, month ...int) xlsx.Row {
	r := spend(line, year, org, "2010301", amount, month...)
	r.Values[budget.ColEconCode] = code
	return r
}

// TestBudgetSanGong: the 三公经费 are the lines of their four economic
// codes; by department and year against the year before, every figure the
// sum of its lines; a department whose 三公经费 grows by more than the set
// percentage (10 here: exactly 10% is no warning, one fen more is) is
// warned once on its budget, and on its spending against the same months
// of last year from the first month judged on.
func TestBudgetSanGong(t *testing.T) {
	if budget.GrowthAbove(110, 100, 10) || !budget.GrowthAbove(111, 100, 10) || budget.GrowthAbove(100, 100, 0) || !budget.GrowthAbove(101, 100, 0) ||
		!budget.GrowthAbove(1, 0, 0) || budget.GrowthAbove(0, 0, 0) {
		t.Error("growth boundaries")
	}
	if g := budget.Growth(90, 100); g != "-10.00" {
		t.Errorf("growth %s, want -10.00", g)
	}
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		fx := storetest.Fixture(t, db)
		if err := db.UpdateSettings(ctx, fx.Admin, map[string]string{"budget.sangong_growth": "10"}); err != nil {
			t.Fatal(err)
		}
		imp := func(kind string, rows ...xlsx.Row) {
			t.Helper()
			if _, _, err := db.ImportBudget(ctx, fx.Staff, store.BudgetImportInput{Kind: kind, Source: "excel", Rows: rows}); err != nil {
				t.Fatal(err)
			}
		}
		sanGong := func(what string) []*budget.Warning {
			ws, err := db.BudgetWarnings(ctx, fx.Staff, store.BudgetWarningFilter{Rule: budget.RuleSanGong})
			if err != nil {
				t.Fatal(err)
			}
			var out []*budget.Warning
			for _, w := range ws {
				if what == "" || (what == "budget") == (w.Month == 0) {
					out = append(out, w)
				}
			}
			return out
		}
		imp(budget.KindBudget, econ(2, "2023", "住建局", "30217", "10000.00"), econ(3, "2023", "住建局", "30231", "20000.00"),
			econ(4, "2023", "住建局", "30201", "1000000.00"), econ(5, "2023", "水利局", "30217", "5000.00"))
		imp(budget.KindBudget, econ(2, "2024", "住建局", "30217", "11000.01"), econ(3, "2024", "住建局", "30231", "20000.00"),
			econ(4, "2024", "住建局", "30201", "900000.00"), econ(5, "2024", "水利局", "30217", "5500.00"))
		// 住建局: 31000.01 against 30000.00 is 3.33%: no warning; 水利局 exactly 10%: none either.
		if ws := sanGong(""); len(ws) != 0 {
			t.Fatalf("warned at or under the threshold: %+v", ws[0])
		}
		imp(budget.KindBudget, econ(2, "2024", "住建局", "30217", "13000.01"), econ(3, "2024", "住建局", "30231", "20000.00"),
			econ(4, "2024", "住建局", "30201", "900000.00"), econ(5, "2024", "水利局", "30217", "5500.00"))
		ws := sanGong("budget")
		if len(ws) != 1 || ws[0].OrgID != fx.Unit1.ID || ws[0].Year != 2024 {
			t.Fatalf("budget growth: %+v", ws)
		}
		c, err := db.BudgetCompare(ctx, fx.Leader, 2024, budget.SanGongCodes())
		if err != nil {
			t.Fatal(err)
		}
		if !c.PrevBudget || c.PrevExecuted || len(c.Rows) != 2 || c.Rows[0].Key != fx.Unit1.ID {
			t.Fatalf("comparison: %+v", c)
		}
		zj := c.Rows[0]
		if zj.Budget.Cur.String() != "33000.01" || zj.Budget.Prev.String() != "30000.00" || zj.Budget.Growth() != "10.00" ||
			zj.Item("30217").Budget.Cur.String() != "13000.01" || zj.Item("31013").Budget.Cur != 0 {
			t.Errorf("住建局 %s/%s (%s), 30217 %s", zj.Budget.Cur, zj.Budget.Prev, zj.Budget.Growth(), zj.Item("30217").Budget.Cur)
		}
		for _, y := range []struct {
			year int
			want budget.Fen
		}{{2024, zj.Budget.Cur}, {2023, zj.Budget.Prev}} {
			if _, sum, _ := db.BudgetLines(ctx, fx.Leader, store.BudgetLineFilter{Year: y.year, Kind: budget.KindBudget, OrgID: fx.Unit1.ID, Econ: budget.SanGongCodes()}); sum != y.want {
				t.Errorf("%d: lines sum to %s, the figure is %s", y.year, sum, y.want)
			}
		}
		if c.Total.Budget.Cur != c.Rows[0].Budget.Cur+c.Rows[1].Budget.Cur {
			t.Errorf("total %s", c.Total.Budget.Cur)
		}
		// Spending: 1,000.00 a month last year; this year 1,100.01 in January and February (before the
		// first month judged, no warning), then March.
		for m := 1; m <= 4; m++ {
			imp(budget.KindExecution, econ(2, "2023", "住建局", "30217", "1000.00", m))
		}
		imp(budget.KindExecution, econ(2, "2024", "住建局", "30217", "1100.01", 1))
		imp(budget.KindExecution, econ(2, "2024", "住建局", "30217", "1100.01", 2))
		if ws := sanGong("execution"); len(ws) != 0 {
			t.Fatalf("warned before the first month judged: %+v", ws)
		}
		imp(budget.KindExecution, econ(2, "2024", "住建局", "30217", "1100.01", 3))
		if ws := sanGong("execution"); len(ws) != 1 || ws[0].Month != 3 {
			t.Fatalf("spending growth: %+v", ws)
		}
		if n, _ := db.SweepBudgetWarnings(ctx); n != 0 {
			t.Errorf("the sweep raised %d again", n)
		}
		c, _ = db.BudgetCompare(ctx, fx.Leader, 2024, budget.SanGongCodes())
		if c.Month != 3 || !c.PrevExecuted || c.Rows[0].Executed.Cur.String() != "3300.03" || c.Rows[0].Executed.Prev.String() != "3000.00" {
			t.Errorf("through March: %d %v %+v", c.Month, c.PrevExecuted, c.Rows[0].Executed)
		}
		// Last year's lines through the same month are what the figure sums (April's are not).
		if _, sum, _ := db.BudgetLines(ctx, fx.Leader, store.BudgetLineFilter{Year: 2023, Kind: budget.KindExecution, OrgID: fx.Unit1.ID,
			Econ: budget.SanGongCodes(), Through: 3}); sum != c.Rows[0].Executed.Prev {
			t.Errorf("2023 through March: lines sum to %s, the figure is %s", sum, c.Rows[0].Executed.Prev)
		}
	})
}

// TestBudgetCompare: each department's budget and execution against the
// year before, execution through the same month; totals add up; a year
// without a year before says so.
func TestBudgetCompare(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		fx := storetest.Fixture(t, db)
		imp := func(kind string, rows ...xlsx.Row) {
			t.Helper()
			if _, _, err := db.ImportBudget(ctx, fx.Staff, store.BudgetImportInput{Kind: kind, Source: "excel", Rows: rows}); err != nil {
				t.Fatal(err)
			}
		}
		imp(budget.KindBudget, spend(2, "2023", "住建局", "2120101", "10000.00"), spend(3, "2023", "水利局", "2130301", "8000.00"))
		imp(budget.KindExecution, spend(2, "2023", "住建局", "2120101", "4000.00", 5), spend(3, "2023", "住建局", "2120101", "6000.00", 7))
		imp(budget.KindBudget, spend(2, "2024", "住建局", "2120101", "12000.00"), spend(3, "2024", "水利局", "2130301", "7000.00"))
		imp(budget.KindExecution, spend(2, "2024", "住建局", "2120101", "5000.00", 6))
		c, err := db.BudgetCompare(ctx, fx.DeputyUser, 2024, nil)
		if err != nil {
			t.Fatal(err)
		}
		if c.Month != 6 || !c.PrevBudget || !c.PrevExecuted || len(c.Rows) != 2 {
			t.Fatalf("comparison: %+v", c)
		}
		zj, sl := c.Rows[0], c.Rows[1]
		if zj.Budget.Cur.String() != "12000.00" || zj.Budget.Prev.String() != "10000.00" || zj.Budget.Growth() != "20.00" ||
			zj.Executed.Cur.String() != "5000.00" || zj.Executed.Prev.String() != "4000.00" || zj.Executed.Growth() != "25.00" || zj.PrevRate() != "40.00" {
			t.Errorf("住建局: %+v %+v", zj.Budget, zj.Executed)
		}
		if sl.Budget.Growth() != "-12.50" || sl.Executed.Prev != 0 || sl.Executed.Growth() != "" {
			t.Errorf("水利局: %+v %+v", sl.Budget, sl.Executed)
		}
		if c.Total.Budget.Cur.String() != "19000.00" || c.Total.Executed.Prev.String() != "4000.00" {
			t.Errorf("total: %+v %+v", c.Total.Budget, c.Total.Executed)
		}
		c, _ = db.BudgetCompare(ctx, fx.DeputyUser, 2023, nil)
		if c.PrevBudget || c.PrevExecuted || c.Rows[0].Budget.Prev != 0 {
			t.Errorf("2023 has a year before: %+v", c)
		}
		if _, err := db.BudgetCompare(ctx, nil, 2024, nil); renda.ErrorCode(err) != renda.EUNAUTHORIZED {
			t.Errorf("the public compares: %v", err)
		}
	})
}

// adjust is a row of an adjustment file.
func adjust(line int, doc, item, org, amount string) xlsx.Row {
	r := bRow(line, budget.ColYear, "2024", budget.ColDoc, doc, budget.ColAdjust, item, budget.ColFund, "一般公共预算", budget.ColAmount, amount)
	if org != "" {
		r.Values[budget.ColOrg] = org
	}
	return r
}

// TestBudgetAdjustments: adjustments and transfers come in by document;
// a bad row stores nothing; a transfer needs no approval, an increase of
// total spending or of debt does and waits for the committee on its own
// workflow (scheduled with the plan due the set days before the meeting,
// then approved or returned); a revised file replaces its document's lines
// with history kept and brings a returned plan back; the year's view and
// the projects flag the adjustments.
func TestBudgetAdjustments(t *testing.T) {
	if !budget.NeedsApproval([]string{"部门间调剂", "增加举借债务"}) || budget.NeedsApproval([]string{"科目间调剂", "动用预备费"}) {
		t.Error("which adjustments need approval")
	}
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		fx := storetest.Fixture(t, db)
		imp := func(rows ...xlsx.Row) (*budget.Import, error) {
			i, _, err := db.ImportBudget(ctx, fx.Staff, store.BudgetImportInput{Kind: budget.KindAdjustment, Source: "excel", Rows: rows})
			return i, err
		}
		_, err := imp(adjust(2, "常财预〔2024〕41号", "增加预算总支出", "住建局", "700000.00"), adjust(3, "", "挪用", "水利局", "1"))
		ie, ok := err.(*xlsx.ImportError)
		if !ok || len(ie.Rows) != 2 || ie.Rows[0].Line != 3 {
			t.Fatalf("bad file: %v", err)
		}
		if _, _, err := db.ImportBudget(ctx, fx.Staff, store.BudgetImportInput{Kind: budget.KindBudget, Source: "excel",
			Rows: []xlsx.Row{spend(2, "2024", "住建局", "2120101", "1000000.00"), spend(3, "2024", "水利局", "2130301", "800000.00")}}); err != nil {
			t.Fatal(err)
		}
		if _, err := imp(
			adjust(2, "常财预〔2024〕18号", "部门间调剂", "住建局", "-50000.00"), adjust(3, "常财预〔2024〕18号", "部门间调剂", "水利局", "50000.00"),
			adjust(4, "常财预〔2024〕41号", "增加预算总支出", "住建局", "700000.00"), adjust(5, "常财预〔2024〕41号", "增加举借债务", "", "700000.00"),
		); err != nil {
			t.Fatal(err)
		}
		docs, err := db.BudgetAdjustmentDocs(ctx, fx.DeputyUser, 2024)
		if err != nil || len(docs) != 2 {
			t.Fatalf("documents: %v %+v", err, docs)
		}
		tr, adj := docs[0], docs[1]
		if tr.Approval() || tr.State != "" || tr.Net() != 0 || tr.Increase.String() != "50000.00" || len(tr.Orgs) != 2 {
			t.Errorf("transfer: %+v", tr)
		}
		if !adj.Approval() || adj.State != budget.Pending || adj.Net().String() != "1400000.00" || len(adj.Items) != 2 || adj.Items[0] != "增加预算总支出" {
			t.Errorf("adjustment: %+v", adj)
		}
		pending, _ := db.BudgetAdjustments(ctx, fx.Staff, store.BudgetAdjustmentFilter{State: budget.Pending})
		if len(pending) != 1 || pending[0].Doc != "常财预〔2024〕41号" {
			t.Fatalf("pending: %+v", pending)
		}
		a := pending[0]
		rows, total, _ := db.BudgetBy(ctx, fx.Staff, 2024, "org")
		if rows[0].Key != fx.Unit1.ID || rows[0].Adjusted.String() != "650000.00" || total.Adjusted.String() != "1400000.00" {
			t.Errorf("flagged by department: %s, total %s", rows[0].Adjusted, total.Adjusted)
		}
		if _, sum, _ := db.BudgetLines(ctx, fx.Staff, store.BudgetLineFilter{Year: 2024, Kind: budget.KindAdjustment, Doc: a.Doc}); sum.String() != "1400000.00" {
			t.Errorf("the document's lines sum to %s", sum)
		}
		if _, err := db.ActOnBudgetAdjustment(ctx, fx.UnitUser, a.ID, "approve", renda.V("date", "2024-09-20", "text", "x")); renda.ErrorCode(err) != renda.EFORBIDDEN {
			t.Errorf("a unit approves: %v", err)
		}
		// The plan arrived (created) on the test clock's day; a meeting in 10 days is too soon for 30 days.
		s, err := db.ActOnBudgetAdjustment(ctx, fx.Staff, a.ID, "schedule", renda.V("meeting_on", renda.DateOf(db.Clock().Now()).AddDays(10).String()))
		if err != nil || s.Due != s.MeetingOn.AddDays(-30) || s.State != budget.Pending {
			t.Fatalf("schedule: %v %+v", err, s)
		}
		hist, _ := db.History(ctx, "budget_adjustment", a.ID)
		if len(hist) != 2 || hist[1].Note == "" {
			t.Errorf("history: %+v", hist)
		}
		r, err := db.ActOnBudgetAdjustment(ctx, fx.Staff, a.ID, "return", renda.V("date", "2024-09-20", "text", "举借债务的项目和偿还计划不明确，请补充后重新提交。"))
		if err != nil || r.State != budget.Returned {
			t.Fatalf("return: %v %+v", err, r)
		}
		// The revised plan replaces the document's lines (the transfer's stay) and comes back for review.
		imp2, err := imp(adjust(2, "常财预〔2024〕41号", "增加预算总支出", "住建局", "600000.00"), adjust(3, "常财预〔2024〕41号", "增加举借债务", "", "600000.00"))
		if err != nil || imp2.Replaced != 2 {
			t.Fatalf("revised: %v replaced %d", err, imp2.Replaced)
		}
		back, _, _, err := db.BudgetAdjustment(ctx, fx.Staff, a.ID)
		if err != nil || back.State != budget.Pending || back.Decision != "" {
			t.Fatalf("the revised plan: %v %+v", err, back)
		}
		docs, _ = db.BudgetAdjustmentDocs(ctx, fx.Staff, 2024)
		if len(docs) != 2 || docs[1].Net().String() != "1200000.00" || docs[0].Lines != 2 {
			t.Errorf("after the revision: %+v %+v", docs[0], docs[1])
		}
		_, _, acts, _ := db.BudgetAdjustment(ctx, fx.Staff, a.ID)
		if len(acts) != 4 {
			t.Errorf("staff may take %d actions on a pending plan, want 4 (schedule, approve, return, exempt)", len(acts))
		}
		ok2, err := db.ActOnBudgetAdjustment(ctx, fx.Staff, a.ID, "approve", renda.V("date", "2024-10-28", "text", "批准 2024 年市级预算调整方案。"))
		if err != nil || ok2.State != budget.Approved || ok2.DecidedOn.String() != "2024-10-28" {
			t.Fatalf("approve: %v %+v", err, ok2)
		}
		if _, err := db.ActOnBudgetAdjustment(ctx, fx.Staff, a.ID, "return", renda.V("date", "2024-10-28", "text", "x")); renda.ErrorCode(err) != renda.ECONFLICT {
			t.Errorf("return after approval: %v", err)
		}
	})
}

// TestBudgetReviewOutsidePlan: a review may carry out an item of the
// supervision plan or none; staff link it and unlink it, on the record.
func TestBudgetReviewOutsidePlan(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		fx := storetest.Fixture(t, db)
		it, err := db.CreateSupervisionItem(ctx, fx.Staff, renda.V("year", "2024", "kind", supervision.KindReport, "title", "政府债务管理情况的报告", "org_id", fx.Unit1.ID, "month", "10"))
		if err != nil {
			t.Fatal(err)
		}
		in, err := db.CreateBudgetReview(ctx, fx.Staff, renda.V("kind", budget.ReviewDebt, "year", "2024", "title", "2024 年政府债务管理情况的报告", "received_on", "2024-10-08", "plan_item", it.ID))
		if err != nil || in.PlanItemID != it.ID || !in.InPlan() {
			t.Fatalf("in the plan: %v %+v", err, in)
		}
		out, err := db.CreateBudgetReview(ctx, fx.Staff, renda.V("kind", budget.ReviewMidyear, "year", "2024", "title", "2024 年上半年预算执行情况", "received_on", "2024-08-01"))
		if err != nil || out.InPlan() {
			t.Fatalf("outside the plan: %v %+v", err, out)
		}
		if _, err := db.CreateBudgetReview(ctx, fx.Staff, renda.V("kind", budget.ReviewDebt, "year", "2024", "title", "x", "received_on", "2024-10-08", "plan_item", "01jzzzzzzzzzzzzzzzzzzzzzzz")); renda.ErrorCode(err) != renda.EINVALID {
			t.Errorf("an unknown plan item: %v", err)
		}
		rs, _ := db.BudgetReviews(ctx, fx.Leader)
		plans := map[string]string{}
		for _, r := range rs {
			plans[r.ID] = r.PlanItem
		}
		if plans[in.ID] != "政府债务管理情况的报告" || plans[out.ID] != "" {
			t.Errorf("listed plans: %v", plans)
		}
		linked, err := db.ActOnBudgetReview(ctx, fx.Staff, out.ID, "link", renda.V("plan_item", it.ID))
		if err != nil || linked.PlanItemID != it.ID || linked.State != budget.Received {
			t.Fatalf("link: %v %+v", err, linked)
		}
		unlinked, err := db.ActOnBudgetReview(ctx, fx.Staff, out.ID, "link", renda.V())
		if err != nil || unlinked.InPlan() {
			t.Fatalf("unlink: %v %+v", err, unlinked)
		}
		if _, err := db.ActOnBudgetReview(ctx, fx.Staff, out.ID, "link", renda.V()); renda.ErrorCode(err) != renda.ECONFLICT {
			t.Errorf("unlinking again: %v", err)
		}
		if _, err := db.ActOnBudgetReview(ctx, fx.UnitUser, in.ID, "link", renda.V()); err == nil {
			t.Error("a unit unlinks")
		}
		h, _ := db.History(ctx, "budget_review", out.ID)
		if len(h) != 3 || h[1].Note != "关联监督计划事项：政府债务管理情况的报告" || h[2].Note != "改为计划外事项" {
			t.Errorf("history: %+v", h)
		}
	})
}
