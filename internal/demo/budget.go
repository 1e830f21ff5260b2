package demo

import (
	"context"
	"fmt"

	"renda"
	"renda/budget"
	"renda/internal/store"
	"renda/internal/xlsx"
	"renda/supervision"
)

// The demo's budget supervision (预算联网监督): 常宁's 2024 general public
// budget for fourteen departments, its execution imported month by month
// (twelve files, so the import history shows), the final accounts, debt and
// state-asset figures, and the warnings the sweep raised — one queried and
// answered by the department, one queried and waiting, one with staff's
// note of the response, one open. All figures are invented for the demo
// (plausible for a county-level city of 800,000 people), not real data.

// budgetSeed is one line of the demo budget: a department's spending on a
// function (and a project), in 元, and the share of it spent by December
// in per mille.
type budgetSeed struct {
	org, code, name, econ, econName, project string
	yuan                                     int64
	spent                                    int64 // ‰ of the budget spent over the year
}

var budgetSeeds = []budgetSeed{
	{"jyj", "2050201", "小学教育", "30101", "基本工资", "", 612_300_000, 985},
	{"jyj", "2050202", "初中教育", "30101", "基本工资", "", 418_750_000, 978},
	{"jyj", "2050299", "其他普通教育支出", "", "", "农村义务教育学校校舍维修改造", 86_400_000, 942},
	{"wjj", "2100302", "县级医院", "", "", "市人民医院综合楼建设", 126_800_000, 917},
	{"wjj", "2100408", "基本公共卫生服务", "", "", "", 98_460_000, 962},
	{"rsj", "2080505", "机关事业单位基本养老保险缴费支出", "", "", "", 352_600_000, 996},
	{"rsj", "2080701", "就业创业服务补贴", "", "", "", 41_200_000, 931},
	{"nyj", "2130122", "农业生产发展", "", "", "高标准农田建设", 186_300_000, 903},
	{"nyj", "2130701", "对村级公益事业建设的补助", "", "", "", 57_900_000, 948},
	{"slj", "2130314", "防汛", "", "", "", 38_500_000, 760},
	{"slj", "2130306", "水利工程运行与维护", "", "", "宜水河堤防加固工程", 142_700_000, 690},
	{"zjj", "2120803", "城市基础设施建设", "", "", "城区老旧小区改造", 168_200_000, 1043},
	{"zjj", "2210103", "棚户区改造", "", "", "", 72_500_000, 1038},
	{"jtj", "2140104", "公路建设", "", "", "G322 常宁段改扩建配套", 176_400_000, 790},
	{"jtj", "2140106", "公路养护", "", "", "", 31_800_000, 845},
	{"gaj", "2040220", "执法办案", "30201", "办公费", "", 96_300_000, 973},
	{"mzj", "2081901", "城市最低生活保障金支出", "", "", "", 84_600_000, 991},
	{"mzj", "2081902", "农村最低生活保障金支出", "", "", "", 112_300_000, 994},
	{"zrj", "2200106", "自然资源利用与保护", "", "", "", 47_800_000, 921},
	{"cgj", "2120501", "城乡社区环境卫生", "", "", "城区垃圾收运一体化", 63_900_000, 955},
	{"wlj", "2070111", "文化创作与保护", "", "", "水口山工人运动旧址保护修缮", 28_400_000, 780},
	{"wlj", "2070308", "群众体育", "", "", "", 12_600_000, 870},
	{"zfb", "2010301", "行政运行", "30201", "办公费", "", 38_700_000, 948},
	{"czj", "2010601", "行政运行", "30101", "基本工资", "", 34_900_000, 962},
}

// sanGongSeeds are departments' 三公经费 by economic code, in 元 for 2023
// and 2024: cut or held everywhere (只减不增) except at 交通运输局, which
// bought two law-enforcement vehicles in 2024 and ran more — the sweep
// warns of its growth on the budget and on the spending.
var sanGongSeeds = []struct {
	org, code, name, econ, econName string
	y2023, y2024                    int64
}{
	{"zfb", "2010301", "行政运行", "30217", "公务接待费", 486_000, 452_000},
	{"zfb", "2010301", "行政运行", "30231", "公务用车运行维护费", 312_000, 298_000},
	{"zfb", "2010301", "行政运行", "30212", "因公出国（境）费用", 120_000, 80_000},
	{"czj", "2010601", "行政运行", "30217", "公务接待费", 86_000, 79_000},
	{"czj", "2010601", "行政运行", "30231", "公务用车运行维护费", 64_000, 61_000},
	{"jyj", "2050101", "行政运行", "30217", "公务接待费", 132_000, 118_000},
	{"jyj", "2050101", "行政运行", "30231", "公务用车运行维护费", 96_000, 96_000},
	{"gaj", "2040220", "执法办案", "30231", "公务用车运行维护费", 1_860_000, 1_790_000},
	{"jtj", "2140101", "行政运行", "30217", "公务接待费", 58_000, 52_000},
	{"jtj", "2140101", "行政运行", "30231", "公务用车运行维护费", 268_000, 285_000},
	{"jtj", "2140101", "行政运行", "31013", "公务用车购置费", 0, 360_000},
}

// demoLine is one line of a demo year: in fen, and the share of it spent
// by December in per mille.
type demoLine struct {
	org, code, name, econ, econName, project string
	fen, spent                               int64
}

// demoLines are a year's budget lines: the departments' (at pct% of the
// 2024 figures) and their 三公经费.
func demoLines(year int, pct int64, spent func(budgetSeed) int64) []demoLine {
	var out []demoLine
	for _, s := range budgetSeeds {
		out = append(out, demoLine{s.org, s.code, s.name, s.econ, s.econName, s.project, s.yuan * pct, spent(s)})
	}
	for _, s := range sanGongSeeds {
		yuan, sp := s.y2024, int64(940)
		if year == 2023 {
			yuan, sp = s.y2023, 960
		}
		if yuan > 0 {
			out = append(out, demoLine{s.org, s.code, s.name, s.econ, s.econName, "", yuan * 100, sp})
		}
	}
	return out
}

// budgetWeights are each month's share (%) of a year's spending: slow in
// spring, heavy in December, as county spending goes.
var budgetWeights = [13]int64{0, 6, 7, 8, 8, 8, 9, 8, 8, 8, 9, 9, 12}

func seedBudget(ctx context.Context, db *store.DB, w *World) error {
	name := func(code string) string { return w.Orgs[code].Name }
	imp := func(year int, kind string, rows [][]string) error {
		cols := budget.Columns(kind)
		var xs []xlsx.Row
		for i, r := range rows {
			v := map[string]string{}
			for j, c := range cols {
				if j < len(r) {
					v[c.Header] = r[j]
				}
			}
			xs = append(xs, xlsx.Row{Line: i + 2, Values: v})
		}
		_, _, err := db.ImportBudget(ctx, w.Staff, store.BudgetImportInput{Kind: kind, Source: "excel", FileName: fmt.Sprintf("%d年%s（演示数据）.xlsx", year, budget.KindLabel(kind)), Rows: xs})
		return err
	}
	yuan := func(fen int64) string { return budget.Fen(fen).String() }
	const fund = "一般公共预算"
	// A year's budget and its execution, one file a month (每月当月数): each
	// line spends its share (spent ‰) by the month's weight, a few fen off so
	// the figures look like ledgers; December takes up the difference, so
	// the year adds up to the share exactly. 2023 is the year before, at 95%
	// of 2024's budget and spent evenly (no warnings), for year-on-year views.
	budgetYear := func(year int, lines []demoLine, stall bool) ([]int64, error) {
		y := fmt.Sprint(year)
		var rows [][]string
		for _, s := range lines {
			rows = append(rows, []string{y, fund, name(s.org), s.code, s.name, s.econ, s.econName, s.project, yuan(s.fen)})
		}
		if err := imp(year, budget.KindBudget, rows); err != nil {
			return nil, err
		}
		spentSoFar := make([]int64, len(lines))
		for m := 1; m <= 12; m++ {
			var rows [][]string
			for i, s := range lines {
				total := s.fen * s.spent / 1000
				amt := total * budgetWeights[m] / 100
				amt += int64((i*37+m*53)%1000) * 7
				if m == 12 {
					amt = total - spentSoFar[i]
				} else if stall && s.org == "wlj" && s.project != "" && m >= 9 {
					amt = 0 // the restoration stalled in autumn: the sweep warns of an idle project
				}
				spentSoFar[i] += amt
				rows = append(rows, []string{y, fmt.Sprint(m), fund, name(s.org), s.code, s.name, s.econ, s.econName, s.project, yuan(amt)})
			}
			if err := imp(year, budget.KindExecution, rows); err != nil {
				return nil, err
			}
		}
		return spentSoFar, nil
	}
	if _, err := budgetYear(2023, demoLines(2023, 95, func(budgetSeed) int64 { return 960 }), false); err != nil {
		return err
	}
	lines2024 := demoLines(2024, 100, func(s budgetSeed) int64 { return s.spent })
	spentSoFar, err := budgetYear(2024, lines2024, true)
	if err != nil {
		return err
	}
	// Final accounts: what was spent, line by line.
	var rows [][]string
	for i, s := range lines2024 {
		rows = append(rows, []string{"2024", fund, name(s.org), s.code, s.name, s.econ, s.econName, s.project, yuan(spentSoFar[i])})
	}
	if err := imp(2024, budget.KindFinal, rows); err != nil {
		return err
	}
	// Debt (year, department, function code and name, economic, project, item, amount).
	debt := [][]string{
		{"2024", "", "", "", "", "", "一般债务", "债务限额", "3860000000.00"},
		{"2024", "", "", "", "", "", "一般债务", "期末余额", "3512476300.00"},
		{"2024", "", "", "", "", "", "一般债务", "新增举借", "286000000.00"},
		{"2024", "", "", "", "", "", "一般债务", "偿还本金", "194300000.00"},
		{"2024", "", "", "", "", "", "一般债务", "支付利息", "108650000.00"},
		{"2024", "", "", "", "", "", "专项债务：城区污水处理厂提质改造", "新增举借", "150000000.00"},
		{"2024", "", "", "", "", "", "专项债务：水口山工业园标准厂房", "新增举借", "220000000.00"},
		{"2024", "", "", "", "", "", "专项债务", "期末余额", "5148900000.00"},
	}
	if err := imp(2024, budget.KindDebt, debt); err != nil {
		return err
	}
	assets := [][]string{
		{"2024", "", "", "", "", "", "行政事业性国有资产", "资产总额", "18643200000.00"},
		{"2024", "", "", "", "", "", "企业国有资产", "资产总额", "42176500000.00"},
		{"2024", "", "", "", "", "", "企业国有资产", "负债总额", "25318700000.00"},
		{"2024", "", "", "", "", "", "国有自然资源资产", "国有土地面积（亩）", "163520.00"},
	}
	if err := imp(2024, budget.KindAssets, assets); err != nil {
		return err
	}
	if err := seedBudgetAdjustments(ctx, db, w); err != nil {
		return err
	}
	// The warnings the sweep raised, followed up (the 三公经费 ones left open).
	ws, err := db.BudgetWarnings(ctx, w.Staff, store.BudgetWarningFilter{Year: 2024})
	if err != nil {
		return err
	}
	by := map[string]*budget.Warning{}
	for _, x := range ws {
		by[x.OrgID+"/"+x.Rule] = x
	}
	act := func(u *renda.User, org, rule, action, text string) error {
		x := by[w.Orgs[org].ID+"/"+rule]
		if x == nil {
			return fmt.Errorf("no %s budget warning for %s", rule, org)
		}
		_, err := db.ActOnBudgetWarning(ctx, u, x.ID, action, renda.V("text", text))
		return err
	}
	steps := []struct {
		u                       *renda.User
		org, rule, action, text string
	}{
		{w.Staff, "slj", budget.RuleSlow, "query", "水利局 2024 年支出进度明显低于时间进度，请书面说明宜水河堤防加固工程资金支付缓慢的原因及下一步措施。"},
		{w.Unit2, "slj", budget.RuleSlow, "answer", "宜水河堤防加固工程因汛期停工两个月，合同工程量延后结算；已督促施工单位加快进度，第四季度按进度支付，年底前完成主体工程结算。"},
		{w.Staff, "zjj", budget.RuleOver, "query", "住建局全年支出超过年初预算，请说明超支部分的资金来源、是否履行了预算调整程序。"},
		{w.Staff, "jtj", budget.RuleSlow, "respond", "已听取交通运输局口头说明：G322 配套工程征拆延后，部分资金结转下年使用；将在决算审查时一并关注。"},
	}
	for _, s := range steps {
		if err := act(s.u, s.org, s.rule, s.action, s.text); err != nil {
			return err
		}
	}
	if err := seedBudgetReviews(ctx, db, w); err != nil {
		return err
	}
	// Deputies' questions during the session: one answered in writing, one waiting.
	q, err := db.AskBudgetQuestion(ctx, w.Deputy1, renda.V("organization_id", w.Orgs["slj"].ID, "year", "2024",
		"text", "宜水河堤防加固工程预算 1.43 亿元，上半年只支付了三成，汛期前能否完成主体工程？"))
	if err != nil {
		return err
	}
	if _, err := db.ActOnBudgetQuestion(ctx, w.Unit2, q.ID, "answer", renda.V("text", "工程因汛期停工两个月，现已复工；主体工程计划 10 月底完工，资金按进度支付，年底前支付至合同价的 80%。")); err != nil {
		return err
	}
	_, err = db.AskBudgetQuestion(ctx, w.Deputy1, renda.V("organization_id", w.Orgs["zjj"].ID, "year", "2024",
		"text", "城区老旧小区改造超出年初预算，超出部分从哪里安排？是否经过预算调整？"))
	return err
}

// seedBudgetAdjustments: 2024's adjustments and transfers — the reserve
// fund drawn for flood control and a transfer between 交通运输局's projects
// (no approval needed), new special bonds for the sewage plant approved by
// the standing committee, and the second adjustment plan (the 住建局
// overspend the committee asked about, and school repairs) awaiting it.
func seedBudgetAdjustments(ctx context.Context, db *store.DB, w *World) error {
	name := func(code string) string { return w.Orgs[code].Name }
	const fund = "一般公共预算"
	rows := [][]string{
		{"常财预〔2024〕18号", "动用预备费", name("czj"), "227", "预备费", "", "", "", "汛期防汛抢险", "-3000000.00"},
		{"常财预〔2024〕18号", "动用预备费", name("slj"), "2130314", "防汛", "", "", "", "汛期防汛抢险", "3000000.00"},
		{"常财预〔2024〕29号", "项目间调剂", name("jtj"), "2140104", "公路建设", "", "", "G322 常宁段改扩建配套", "征拆延后，资金调剂用于公路养护", "-5000000.00"},
		{"常财预〔2024〕29号", "项目间调剂", name("jtj"), "2140106", "公路养护", "", "", "", "水毁公路修复", "5000000.00"},
		{"常财预〔2024〕35号", "增加举借债务", name("zjj"), "2120803", "城市基础设施建设", "", "", "城区污水处理厂提质改造", "新增专项债券 1.5 亿元", "150000000.00"},
		{"常财预〔2024〕41号", "增加预算总支出", name("zjj"), "2120803", "城市基础设施建设", "", "", "城区老旧小区改造", "改造范围扩大，超出年初预算", "7000000.00"},
		{"常财预〔2024〕41号", "增加预算总支出", name("jyj"), "2050299", "其他普通教育支出", "", "", "农村义务教育学校校舍维修改造", "新增危房改造 3 所", "3000000.00"},
	}
	var xs []xlsx.Row
	cols := budget.Columns(budget.KindAdjustment)
	for i, r := range rows {
		// 年度, 文号, 调整事项, 预算类别, then the row as written.
		vals := append([]string{"2024", r[0], r[1], fund}, r[2:]...)
		v := map[string]string{}
		for j, c := range cols {
			v[c.Header] = vals[j]
		}
		xs = append(xs, xlsx.Row{Line: i + 2, Values: v})
	}
	if _, _, err := db.ImportBudget(ctx, w.Staff, store.BudgetImportInput{Kind: budget.KindAdjustment, Source: "excel", FileName: "2024年预算调整和调剂（演示数据）.xlsx", Rows: xs}); err != nil {
		return err
	}
	as, err := db.BudgetAdjustments(ctx, w.Staff, store.BudgetAdjustmentFilter{Year: 2024})
	if err != nil {
		return err
	}
	for _, a := range as {
		if a.Doc == "常财预〔2024〕35号" {
			_, err = db.ActOnBudgetAdjustment(ctx, w.Staff, a.ID, "approve", renda.V("date", "2024-08-28",
				"text", "市十八届人大常委会第二十一次会议审查批准 2024 年市级预算调整方案：新增专项债券 1.5 亿元，用于城区污水处理厂提质改造。"))
		}
	}
	return err
}

// seedBudgetReviews: the committee's budget work on 2024 — the draft budget
// reviewed before the session (closed), the debt report of the year's
// supervision plan (closed), the final accounts with the committee's
// opinion, the audit report's findings, half rectified, and the 2025
// mid-year report just received (the last three outside a plan the demo has).
func seedBudgetReviews(ctx context.Context, db *store.DB, w *World) error {
	type step struct {
		u            *renda.User
		action, text string
		more         []any
	}
	run := func(create renda.Values, steps []step) error {
		rv, err := db.CreateBudgetReview(ctx, w.Staff, create)
		if err != nil {
			return err
		}
		for _, s := range steps {
			in := renda.V(append([]any{"text", s.text}, s.more...)...)
			if _, err := db.ActOnBudgetReview(ctx, s.u, rv.ID, s.action, in); err != nil {
				return fmt.Errorf("%s: %w", s.action, err)
			}
		}
		return nil
	}
	if err := run(renda.V("kind", budget.ReviewPreliminary, "year", "2024", "title", "关于常宁市 2023 年预算执行情况和 2024 年预算草案的报告（演示）",
		"received_on", "2023-12-05", "session_on", "2024-01-09"), []step{
		{w.Staff, "opinion", "财经工委初步审查认为，2024 年预算草案总体可行；建议压减一般性支出，加大对教育、医疗和农田水利的保障，重大项目安排须附绩效目标。", []any{"date", "2023-12-18"}},
		{w.Staff, "close", "已提请市十八届人大四次会议审查批准。", nil},
	}); err != nil {
		return err
	}
	plan, _, err := db.SupervisionItems(ctx, w.Staff, supervision.Filter{Year: 2024, Kind: supervision.KindReport})
	if err != nil {
		return err
	}
	debtItem := ""
	for _, it := range plan {
		if it.Title == "政府债务管理情况的报告" {
			debtItem = it.ID
		}
	}
	if err := run(renda.V("kind", budget.ReviewDebt, "year", "2024", "title", "关于常宁市 2024 年政府债务管理情况的报告（演示）", "received_on", "2024-10-08",
		"plan_item", debtItem), []step{
		{w.Staff, "opinion", "政府债务余额控制在限额以内，但一般债务余额已接近限额的九成；请严格控制新增隐性债务，按季度向常委会报告化债进展。", []any{"date", "2024-10-29"}},
		{w.Staff, "close", "审议意见已交市人民政府研究处理。", nil},
	}); err != nil {
		return err
	}
	if err := run(renda.V("kind", budget.ReviewFinal, "year", "2024", "title", "关于常宁市 2024 年市级决算草案的报告（演示）", "received_on", "2025-06-10"), []step{
		{w.Staff, "opinion", "决算草案反映的收支情况与审计结果基本一致；住建局超预算支出未及时履行预算调整程序，水利局重点项目资金执行进度偏慢，请市政府督促整改。", []any{"date", "2025-06-26"}},
	}); err != nil {
		return err
	}
	if err := run(renda.V("kind", budget.ReviewMidyear, "year", "2025", "title", "关于常宁市 2025 年上半年预算执行情况的报告（演示）", "received_on", "2025-08-15"), nil); err != nil {
		return err
	}
	return run(renda.V("kind", budget.ReviewAudit, "year", "2024", "title", "关于常宁市 2024 年度市级预算执行和其他财政收支的审计工作报告（演示）", "received_on", "2025-06-12"), []step{
		{w.Staff, "add_items", "水利局：宜水河堤防加固工程资金闲置 1,200 万元\n住建局：城区老旧小区改造超预算支出 700 万元未履行调整程序\n交通运输局：G322 配套工程结转资金未及时清理\n教育局：校舍维修项目未按规定公开招标\n部分单位公务卡结算执行不到位", nil},
		{w.Staff, "opinion", "请市政府逐项整改，6 个月内向常委会报告整改情况；对屡审屡犯的问题追究责任。", []any{"date", "2025-06-27"}},
		{w.Unit2, "rectify", "闲置资金已统筹用于 2025 年防汛工程，并建立项目资金月报制度。", []any{"item", "1"}},
		{w.Unit1, "rectify", "已补办预算调整手续，报市政府常务会议审定。", []any{"item", "2"}},
	})
}
