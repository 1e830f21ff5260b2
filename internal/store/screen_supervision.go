package store

import (
	"context"

	"renda"
	"renda/budget"
	"renda/dutyreport"
	"renda/supervision"
)

// The supervision and budget panels of the leaders' screen: each figure is
// the count of the list it links to, with the same filter, as the viewer
// sees it.
func init() {
	RegisterPanel(Panel{Key: "supervision", Title: "监督工作", Order: 35, More: "/supervision", Figures: supervisionPanel})
	RegisterPanel(Panel{Key: "budget", Title: "预算联网监督", Order: 37, More: "/budget", Figures: budgetPanel})
}

func supervisionPanel(ctx context.Context, db *DB, u *renda.User, sc Scope) ([]Figure, error) {
	year := sc.Year
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
	_, n, err := db.SupervisionItems(ctx, u, supervision.Filter{Year: year, Joint: true, Limit: 1})
	if err != nil {
		return nil, err
	}
	out = append(out, Figure{Key: "supervision.joint", Label: "与上级人大联动的监督活动", Value: n, Href: link("/supervision", "year", itoa(year), "joint", "1"),
		Definition: "本年度与衡阳市、湖南省人大常委会上下联动开展的执法检查、视察、调研等"})
	return out, nil
}

func budgetPanel(ctx context.Context, db *DB, u *renda.User, sc Scope) ([]Figure, error) {
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

// Reports to voters (述职): those published and those being rated now, as
// the reports list shows them (it has no year filter: present-moment
// figures).
func init() {
	RegisterPanel(Panel{Key: "duty_reports", Title: "代表向选民述职", Order: 62, More: "/duty_reports", Figures: func(ctx context.Context, db *DB, u *renda.User, _ Scope) ([]Figure, error) {
		if u == nil || !u.IsStaffSide() {
			return nil, nil
		}
		var out []Figure
		for _, k := range []struct{ state, key, label, def string }{
			{dutyreport.Published, "duty_reports.published", "已公开测评结果的述职", "代表向选民述职、测评结果已在代表页面公开的"},
			{dutyreport.Rating, "duty_reports.rating", "正在测评的述职", "选民正在扫码测评的述职"},
		} {
			items, _, err := db.DutyReports(ctx, u, dutyreport.Filter{State: k.state, Limit: 500})
			if err != nil {
				return nil, err
			}
			out = append(out, Figure{Key: k.key, Label: k.label, Value: len(items), Href: link("/duty_reports", "state", k.state), Now: true, Definition: k.def})
		}
		return out, nil
	}})
}
