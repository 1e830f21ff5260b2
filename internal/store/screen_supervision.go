package store

import (
	"context"

	"renda"
	"renda/budget"
	"renda/supervision"
)

// The supervision and budget panels of the leaders' screen: each figure is
// the count of the list it links to, with the same filter, as the viewer
// sees it.
func init() {
	RegisterPanel(Panel{Key: "supervision", Title: "监督工作", Order: 35, More: "/supervision", Figures: supervisionPanel})
	RegisterPanel(Panel{Key: "budget", Title: "预算联网监督", Order: 37, More: "/budget", Figures: budgetPanel})
}

func supervisionPanel(ctx context.Context, db *DB, u *renda.User, year int) ([]Figure, error) {
	var out []Figure
	for _, k := range []struct{ kind, key, label, def string }{
		{"", "supervision.items", "年度监督工作计划项目", "本年度监督工作计划中的项目（各类）"},
		{supervision.KindReport, "supervision.reports", "听取审议专项工作报告", "本年度计划听取审议的专项工作报告"},
		{supervision.KindInspection, "supervision.inspections", "执法检查", "本年度计划开展的执法检查"},
		{supervision.KindEvaluation, "supervision.evaluations", "专项工作评议", "本年度计划开展的专项工作评议（含满意度测评）"},
	} {
		_, n, err := db.SupervisionItems(ctx, u, supervision.Filter{Year: year, Kind: k.kind, Limit: 1})
		if err != nil {
			return nil, err
		}
		out = append(out, Figure{Key: k.key, Label: k.label, Value: n, Href: link("/supervision", "year", itoa(year), "kind", k.kind), Definition: k.def})
	}
	return out, nil
}

func budgetPanel(ctx context.Context, db *DB, u *renda.User, year int) ([]Figure, error) {
	if u == nil || !u.IsStaffSide() {
		return nil, nil
	}
	open, err := db.BudgetWarnings(ctx, u, BudgetWarningFilter{State: budget.Open})
	if err != nil {
		return nil, err
	}
	return []Figure{{Key: "budget.warnings_open", Label: "待处理的预算执行预警", Value: len(open), Href: link("/budget/warnings", "status", budget.Open),
		Now: true, Alert: len(open) > 0, Definition: "预算执行预警中尚未得到部门回复的"}}, nil
}
