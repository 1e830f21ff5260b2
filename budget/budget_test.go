package budget_test

import (
	"fmt"
	"testing"

	"renda/budget"
)

var th = budget.Thresholds{SlowGap: 15, FastGap: 25, FromMonth: 3, IdleMonths: 3, DebtRatio: 90, DueDay: 15, SanGongGrowth: 5}

// TestSanGongFindings: budget growth is judged once last year's budget is
// in, spending growth from the first month judged once last year's
// execution covers the months; 5% exactly is no warning, one fen more is.
func TestSanGongFindings(t *testing.T) {
	d := func(b, pb, e, pe budget.Fen) []budget.SanGongFigures {
		return []budget.SanGongFigures{{OrgID: "o1", OrgName: "交通运输局", Budget: budget.YearPair{Cur: b, Prev: pb}, Executed: budget.YearPair{Cur: e, Prev: pe}}}
	}
	for _, c := range []struct {
		name                string
		figs                []budget.SanGongFigures
		month               int
		prevBudget, prevExe bool
		want                string
	}{
		{"at the threshold", d(10500, 10000, 5250, 5000), 6, true, true, "[]"},
		{"one fen above", d(10501, 10000, 5251, 5000), 6, true, true, "[budget execution]"},
		{"no year before", d(10501, 10000, 5251, 5000), 6, false, false, "[]"},
		{"before the first month judged", d(10000, 10000, 5251, 5000), 2, true, true, "[]"},
		{"spending where there was none", d(0, 0, 1, 0), 3, true, true, "[execution]"},
		{"cut", d(9000, 10000, 4000, 5000), 12, true, true, "[]"},
	} {
		var got []string
		for _, f := range budget.SanGongFindings(2024, c.month, c.figs, c.prevBudget, c.prevExe, th) {
			got = append(got, f.What)
			if f.Rule != budget.RuleSanGong || f.Message == "" || f.Key() != "2024/sangong/o1/"+f.What {
				t.Errorf("%s: %+v key %s", c.name, f, f.Key())
			}
		}
		if fmt.Sprint(got) != c.want {
			t.Errorf("%s: %v, want %s", c.name, got, c.want)
		}
	}
}

// TestFindingKeys: the once-only keys stay those of the warnings already
// raised before the sweep was split into loaders.
func TestFindingKeys(t *testing.T) {
	ex := budget.ExecutionFindings(2024, 6, []budget.DeptFigures{{OrgID: "o1", Budget: 1200000, Executed: 419999}}, th)
	idle := budget.IdleFindings(2024, 6, []budget.ProjectFigures{{OrgID: "o1", Project: "堤防加固", Budget: 100}}, th)
	debt := budget.DebtFindings([]budget.DebtFigures{{Year: 2024, Name: "一般债务", Balance: 901, Limit: 1000}}, th)
	if len(ex) != 1 || ex[0].Key() != "2024/slow/o1" || len(idle) != 1 || idle[0].Key() != "2024/idle/o1/堤防加固" || len(debt) != 1 || debt[0].Key() != "2024/debt//一般债务" {
		t.Errorf("keys: %+v %+v %+v", ex, idle, debt)
	}
}

// TestAdjustmentRows: an adjustment row names its document and a known
// kind of change; amounts are signed; a document needs approval when any
// of its changes is one of 预算法 art. 67.
func TestAdjustmentRows(t *testing.T) {
	row := map[string]string{budget.ColYear: "2024", budget.ColDoc: "常财预〔2024〕41号", budget.ColAdjust: "增加预算总支出", budget.ColFund: "一般公共预算", budget.ColAmount: "-1,200.50"}
	l, errs := budget.ParseRow(budget.KindAdjustment, func(h string) string { return row[h] })
	if len(errs) != 0 || l.Doc != "常财预〔2024〕41号" || l.Item != "增加预算总支出" || l.Amount != -120050 {
		t.Errorf("row: %+v %v", l, errs)
	}
	row[budget.ColAdjust], row[budget.ColDoc] = "挪用", ""
	if _, errs := budget.ParseRow(budget.KindAdjustment, func(h string) string { return row[h] }); len(errs) != 2 {
		t.Errorf("faults: %v", errs)
	}
	d := &budget.AdjustmentDoc{Year: 2024, Doc: "常财预〔2024〕18号", Items: []string{"部门间调剂"}, Increase: 500, Decrease: -500}
	if d.Approval() || d.Type() != "预算调剂" || d.Net() != 0 {
		t.Errorf("transfer: %+v", d)
	}
	d.Items = append(d.Items, "调减重点支出")
	if !d.Approval() || budget.AdjustmentSummary(d) != "2024 年预算调整（常财预〔2024〕18号）：部门间调剂、调减重点支出；调增 5.00 元，调减 5.00 元，净额 0.00 元" {
		t.Errorf("adjustment: %s", budget.AdjustmentSummary(d))
	}
}
