package web

import (
	"time"

	"renda"
	"renda/budget"
	"renda/internal/store"
	"renda/internal/xlsx"
)

func init() {
	b := sampleBase()
	at := time.Date(2024, 7, 16, 9, 0, 0, 0, renda.CST)
	row := &store.BudgetRow{Key: "01jexampleorg000000000000", Name: "常宁市教育局", Budget: 12345678901, Executed: 6172839450}
	row.Months[1] = 1000000
	total := &store.BudgetRow{Name: "合计", Budget: row.Budget, Executed: row.Executed, Months: row.Months}
	fn := &store.BudgetRow{Key: "205", Name: "教育支出", Budget: row.Budget, Executed: row.Executed}
	w := &budget.Warning{ID: "01jexamplewarning00000000", Rule: budget.RuleSlow, Year: 2024, Month: 6, OrgID: row.Key, OrgName: row.Name,
		Message: "截至 2024 年 6 月累计支出 100.00 元，执行率 10.00%，低于时间进度 50.00%", State: budget.Open, Query: "请说明原因", CreatedAt: at}
	samples["budget_years"] = &BudgetYearsPage{Base: b, Years: []store.BudgetYear{{Year: 2024, Budget: row.Budget, Executed: row.Executed, Months: 6}}, CanImport: true, Open: 1}
	samples["budget_year"] = &BudgetYearPage{Base: b, Year: 2024, Depts: []*store.BudgetRow{row}, Funcs: []*store.BudgetRow{fn}, DeptTotal: total, FuncTotal: total,
		Months: []int{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12}, Warned: map[string][]*budget.Warning{row.Key: {w}}, SeeWarnings: true,
		Chart: budgetChart([]*store.BudgetRow{row}, 6, 15)}
	samples["budget_lines"] = &BudgetLinesPage{Base: b, Year: 2024, Kind: "预算", Scope: row.Name, Sum: 12345,
		Lines: []*budget.Line{{ID: "l1", Kind: budget.KindExecution, Year: 2024, Month: 3, Row: 2, Fund: budget.Funds[0], OrgName: row.Name, FuncCode: "2050201", FuncName: "小学教育", Amount: 12345}}}
	samples["budget_import"] = &BudgetImportPage{Base: b, Form: &Form{Action: "/budget/import"}, Problems: []xlsx.RowError{{Line: 3, Column: "金额（元）", Message: "金额不能为空"}},
		Imports: []*budget.Import{{ID: "i1", Kind: budget.KindExecution, Year: 2024, Source: "api", Batch: "2024-06", Rows: 40, Total: "123.45", CreatedAt: at}},
		Kinds:   []Option{{Value: budget.KindBudget, Label: "预算"}}, Endpoint: "https://example.org/api/v1/budget/push"}
	samples["budget_warnings"] = &BudgetWarningsPage{Base: b, Items: []*budget.Warning{w}, State: budget.Open}
	samples["budget_warning"] = &BudgetWarningPage{Base: b, Warning: w, History: []renda.AuditRecord{{Action: "raise", Entity: "budget_warning", EntityID: w.ID, To: budget.Open, At: at}}}
}

func init() {
	b := sampleBase()
	at := time.Date(2025, 8, 28, 9, 0, 0, 0, renda.CST)
	rv := &budget.Review{ID: "01jexamplereview000000000", Kind: budget.ReviewAudit, Year: 2024, Title: "审计工作报告", ReceivedOn: renda.NewDate(2025, 8, 20),
		SessionOn: renda.NewDate(2025, 1, 8), Due: renda.NewDate(2026, 2, 28), Opinion: "请逐项整改", OpinionOn: renda.NewDate(2025, 8, 28), State: budget.Rectifying, CreatedAt: at,
		Items: []budget.ReviewItem{{Text: "水利局：资金闲置", Done: true, Note: "已统筹使用", DoneOn: renda.NewDate(2025, 10, 1)}, {Text: "住建局：超预算支出"}}}
	samples["budget_reviews"] = &BudgetReviewsPage{Base: b, Items: []*budget.Review{rv}, Form: &Form{Action: "/budget/reviews"}}
	samples["budget_review"] = &BudgetReviewPage{Base: b, Review: rv, Done: 1, History: []renda.AuditRecord{{Action: "create", Entity: "budget_review", EntityID: rv.ID, To: budget.Received, At: at}}}
}

func init() {
	b := sampleBase()
	at := time.Date(2025, 1, 9, 9, 0, 0, 0, renda.CST)
	q := &budget.Question{ID: "01jexamplequestion0000000", Year: 2024, OrgID: "o1", OrgName: "常宁市水利局", AskerName: "王建国", Text: "工程执行多少？", Answer: "已支付 4800 万元", AnsweredBy: "水利局", State: budget.Answered, CreatedAt: at}
	samples["budget_questions"] = &BudgetQuestionsPage{Base: b, Items: []*budget.Question{q}, Form: &Form{Action: "/budget/questions"}}
	samples["budget_question"] = &BudgetQuestionPage{Base: b, Question: q, History: []renda.AuditRecord{{Action: "ask", Entity: "budget_question", EntityID: q.ID, To: budget.Asked, At: at}}}
}

func init() {
	samples["budget_projects"] = &BudgetProjectsPage{Base: sampleBase(), Year: 2024, Items: []*store.BudgetProject{{OrgID: "o1", OrgName: "常宁市水利局", Project: "堤防加固", Budget: 100000, Executed: 50000, PrevBudget: 90000, PrevSpent: 80000, LastMonth: 8}}}
}

func init() {
	b := sampleBase()
	at := time.Date(2024, 10, 8, 9, 0, 0, 0, renda.CST)
	row := &store.BudgetCompareRow{Key: "o1", Name: "常宁市交通运输局", Budget: budget.YearPair{Cur: 120000, Prev: 100000}, Executed: budget.YearPair{Cur: 60000, Prev: 40000},
		Items: map[string]*store.BudgetCompareRow{"30231": {Key: "30231", Budget: budget.YearPair{Cur: 120000, Prev: 100000}}}}
	c := &store.BudgetComparison{Year: 2024, Month: 6, PrevBudget: true, PrevExecuted: true, Rows: []*store.BudgetCompareRow{row, {Key: "", Name: "（未列部门）"}}, Total: row}
	samples["budget_compare"] = &BudgetComparePage{Base: b, BudgetComparison: c, Prev: 2023}
	samples["budget_sangong"] = &BudgetComparePage{Base: b, BudgetComparison: &store.BudgetComparison{Year: 2024, Rows: []*store.BudgetCompareRow{row}, Total: row},
		Prev: 2023, Econ: budget.SanGongCodes(), Items: budget.SanGongItems, Kinds: []string{budget.KindBudget, budget.KindExecution}}
	doc := &budget.AdjustmentDoc{Year: 2024, Doc: "常财预〔2024〕41号", Items: []string{"增加预算总支出", "增加举借债务"}, Orgs: []string{"常宁市住房和城乡建设局"},
		Increase: 140000000, Lines: 2, ID: "01jexampleadjustment00000", State: budget.Pending}
	samples["budget_adjustments"] = &BudgetAdjustmentsPage{Base: b, Year: 2024, Docs: []*budget.AdjustmentDoc{doc, {Year: 2024, Doc: "常财预〔2024〕18号", Items: []string{"部门间调剂"}, Increase: 5000000, Decrease: -5000000}}}
	a := &budget.Adjustment{ID: doc.ID, Year: 2024, Doc: doc.Doc, Summary: budget.AdjustmentSummary(doc), State: budget.Pending, MeetingOn: renda.NewDate(2024, 11, 28),
		Due: renda.NewDate(2024, 10, 29), Decision: "批准", DecidedOn: renda.NewDate(2024, 11, 28), CreatedAt: at}
	samples["budget_adjustment"] = &BudgetAdjustmentPage{Base: b, Adjustment: a, Doc: doc,
		History: []renda.AuditRecord{{Action: "raise", Entity: "budget_adjustment", EntityID: a.ID, To: budget.Pending, At: at}}}
	samples["budget_review"].(*BudgetReviewPage).Adjustments = []*budget.Adjustment{a}
	rv := samples["budget_reviews"].(*BudgetReviewsPage)
	rv.Adjustments = []*budget.Adjustment{a}
	rv.Items = append(rv.Items, &budget.Review{ID: "01jexamplereview000000001", Kind: budget.ReviewDebt, Year: 2024, Title: "政府债务报告", PlanItemID: "01jexampleplan00000000000",
		PlanItem: "政府债务管理情况的报告", State: budget.Closed, CreatedAt: at})
}
