package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"renda"
	"renda/budget"
	"renda/internal/httpx"
	"renda/internal/store"
	"renda/internal/xlsx"
)

// budgetReaders are who read the budget pages: the committee's side,
// deputies (plain views during the session) and departments.
var budgetReaders = []renda.Role{renda.RoleAdmin, renda.RoleStaff, renda.RoleLeader, renda.RoleDeputy, renda.RoleUnit}

// budgetRoutes are the pages of budget supervision (预算联网监督).
func (s *Server) budgetRoutes() []route {
	staffOnly := []renda.Role{renda.RoleAdmin, renda.RoleStaff}
	warned := []renda.Role{renda.RoleAdmin, renda.RoleStaff, renda.RoleLeader, renda.RoleUnit}
	return []route{
		{"GET /budget", budgetReaders, s.budgetYearsPage},
		{"GET /budget/import", staffOnly, s.budgetImportPage},
		{"POST /budget/import", staffOnly, s.budgetImport},
		{"GET /budget/import/template/{kind}", staffOnly, s.budgetTemplate},
		{"GET /budget/warnings", warned, s.budgetWarningsPage},
		{"GET /budget/warnings/{id}", warned, s.budgetWarningPage},
		{"POST /budget/warnings/{id}/{action}", warned, s.budgetWarningAct},
		{"GET /budget/reviews", warned, s.budgetReviewsPage},
		{"POST /budget/reviews", staffOnly, s.budgetReviewCreate},
		{"GET /budget/reviews/{id}", warned, s.budgetReviewPage},
		{"POST /budget/reviews/{id}/{action}", warned, s.budgetReviewAct},
		{"GET /budget/questions", budgetReaders, s.budgetQuestionsPage},
		{"POST /budget/questions", []renda.Role{renda.RoleDeputy}, s.budgetQuestionAsk},
		{"GET /budget/questions/{id}", budgetReaders, s.budgetQuestionPage},
		{"POST /budget/questions/{id}/{action}", warned, s.budgetQuestionAct},
		{"GET /budget/projects", budgetReaders, s.budgetProjectsPage},
		{"GET /budget/compare", budgetReaders, s.budgetComparePage},
		{"GET /budget/sangong", budgetReaders, s.budgetSanGongPage},
		{"GET /budget/adjustments", budgetReaders, s.budgetAdjustmentsPage},
		{"GET /budget/adjustments/{id}", budgetReaders, s.budgetAdjustmentPage},
		{"POST /budget/adjustments/{id}/{action}", staffOnly, s.budgetAdjustmentAct},
		{"GET /budget/{year}", budgetReaders, s.budgetYearPage},
		{"GET /budget/lines", budgetReaders, s.budgetLinesPage},
	}
}

// budgetNav is this workflow's entry in the main menu.
func (s *Server) budgetNav() []NavItem {
	return []NavItem{{Label: "预算监督", Href: "/budget", Order: 45, Roles: budgetReaders}}
}

// BudgetYearsPage lists the years with data.
type BudgetYearsPage struct {
	Base
	Years     []store.BudgetYear
	CanImport bool
	Open      int // open warnings the viewer may see
}

func (s *Server) budgetYearsPage(w http.ResponseWriter, r *http.Request) error {
	u := httpx.User(r)
	ys, err := s.db.BudgetYears(r.Context(), u)
	if err != nil {
		return err
	}
	p := &BudgetYearsPage{Base: s.base(r, "预算联网监督"), Years: ys, CanImport: store.CanImportBudget(u)}
	if u.Role != renda.RoleDeputy {
		ws, err := s.db.BudgetWarnings(r.Context(), u, store.BudgetWarningFilter{State: budget.Open})
		if err != nil {
			return err
		}
		p.Open = len(ws)
	}
	return s.render(w, r, "budget_years", p)
}

// BudgetYearPage is a year's budget against execution by department and
// by function, month by month; every figure links to the lines it sums.
type BudgetYearPage struct {
	Base
	Year                 int
	Depts, Funcs         []*store.BudgetRow
	DeptTotal, FuncTotal *store.BudgetRow
	Months               []int
	Warned               map[string][]*budget.Warning // by organization
	SeeWarnings          bool
	Chart                *BudgetChart
}

// BudgetChart is the execution rate of each department against the time
// schedule, drawn as SVG on the server (for a projector and for print);
// the table below it holds the same figures.
type BudgetChart struct {
	Height, ScheduleX int
	Schedule          string // the time schedule in percent
	Bars              []BudgetBar
	Ticks             []BudgetTick
}

// BudgetBar is one department's bar.
type BudgetBar struct {
	Name, Rate, Class string
	Y, TextY, Width   int
	ValueX            int
}

// BudgetTick is a percentage on the axis.
type BudgetTick struct {
	X     int
	Label string
}

// budgetChart lays out the chart: 5 px per percentage point up to 120%,
// labels to the left of x = 220; bars behind the schedule by more than
// slowGap points are marked slow.
func budgetChart(rows []*store.BudgetRow, month, slowGap int) *BudgetChart {
	const left, per, barH, gap = 220, 5, 18, 8
	c := &BudgetChart{Schedule: budget.Rate(budget.Fen(month), 12), ScheduleX: left + month*100*per/12}
	for _, r := range rows {
		if r.Budget <= 0 {
			continue
		}
		bp := int64(r.Executed) * 10000 / int64(r.Budget) // basis points
		w := int(min(bp, 12000)) * per / 100
		cls := "bar-ok"
		switch {
		case r.Executed > r.Budget:
			cls = "bar-over"
		case int64(r.Executed)*1200 < int64(r.Budget)*int64(month*100-slowGap*12):
			cls = "bar-slow"
		}
		y := 30 + len(c.Bars)*(barH+gap)
		c.Bars = append(c.Bars, BudgetBar{Name: r.Name, Rate: r.Rate() + "%", Class: cls, Y: y, TextY: y + 14, Width: w, ValueX: left + w + 6})
	}
	for p := 0; p <= 120; p += 20 {
		c.Ticks = append(c.Ticks, BudgetTick{X: left + p*per, Label: strconv.Itoa(p) + "%"})
	}
	c.Height = 40 + len(c.Bars)*(barH+gap)
	return c
}

// Link is the address of the lines behind a figure.
func (p *BudgetYearPage) Link(kind, by, key string, month int) string {
	v := url.Values{"year": {strconv.Itoa(p.Year)}, "kind": {kind}}
	switch {
	case by == "org" && key == "":
		v.Set("org", "-")
	case by == "org":
		v.Set("org", key)
	case by == "function" && key != "":
		v.Set("function", key)
	}
	if month > 0 {
		v.Set("month", strconv.Itoa(month))
	}
	return "/budget/lines?" + v.Encode()
}

func budgetYearOf(r *http.Request) (int, error) {
	y, err := strconv.Atoi(r.PathValue("year"))
	if err != nil || y < 2000 || y > 2100 {
		return 0, renda.Errorf(renda.ENOTFOUND, "没有这个年度")
	}
	return y, nil
}

func (s *Server) budgetYearPage(w http.ResponseWriter, r *http.Request) error {
	u := httpx.User(r)
	y, err := budgetYearOf(r)
	if err != nil {
		return err
	}
	p := &BudgetYearPage{Base: s.base(r, strconv.Itoa(y)+" 年预算执行"), Year: y, Months: []int{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12}, Warned: map[string][]*budget.Warning{}}
	if p.Depts, p.DeptTotal, err = s.db.BudgetBy(r.Context(), u, y, "org"); err != nil {
		return err
	}
	if p.Funcs, p.FuncTotal, err = s.db.BudgetBy(r.Context(), u, y, "function"); err != nil {
		return err
	}
	month := 0
	for m := 12; m >= 1 && month == 0; m-- {
		if p.DeptTotal.Months[m] != 0 {
			month = m
		}
	}
	if month > 0 {
		set, err := s.db.Settings(r.Context())
		if err != nil {
			return err
		}
		p.Chart = budgetChart(p.Depts, month, set.Int("budget.slow_gap"))
	}
	if u.Role != renda.RoleDeputy {
		p.SeeWarnings = true
		ws, err := s.db.BudgetWarnings(r.Context(), u, store.BudgetWarningFilter{Year: y})
		if err != nil {
			return err
		}
		for _, w := range ws {
			p.Warned[w.OrgID] = append(p.Warned[w.OrgID], w)
		}
	}
	return s.render(w, r, "budget_year", p)
}

// BudgetLinesPage lists the lines behind a figure, and their sum.
type BudgetLinesPage struct {
	Base
	Year        int
	Kind, Scope string
	Lines       []*budget.Line
	Sum         budget.Fen
}

func (s *Server) budgetLinesPage(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	y, err := strconv.Atoi(q.Get("year"))
	if err != nil || y < 2000 || y > 2100 {
		return renda.Errorf(renda.EINVALID, "请指定年度")
	}
	f := store.BudgetLineFilter{Year: y, Kind: q.Get("kind"), OrgID: q.Get("org"), Function: q.Get("function"), Project: q.Get("project"),
		Econ: q["econ"], Doc: q.Get("doc")}
	if f.Kind != "" && !budget.ValidKind(f.Kind) {
		return renda.Errorf(renda.EINVALID, "未知的数据类别")
	}
	f.Month, _ = strconv.Atoi(q.Get("month"))
	f.Through, _ = strconv.Atoi(q.Get("through"))
	lines, sum, err := s.db.BudgetLines(r.Context(), httpx.User(r), f)
	if err != nil {
		return err
	}
	p := &BudgetLinesPage{Base: s.base(r, strconv.Itoa(y)+" 年明细"), Year: y, Kind: budget.KindLabel(f.Kind), Lines: lines, Sum: sum}
	if f.Function != "" {
		_, p.Scope = budget.FunctionClass(f.Function)
	}
	if len(lines) > 0 && f.OrgID != "" {
		p.Scope = lines[0].OrgName
	}
	if f.Project != "" {
		p.Scope += " " + f.Project
	}
	if f.Month > 0 {
		p.Scope += " " + strconv.Itoa(f.Month) + " 月"
	}
	if f.Through > 0 {
		p.Scope += " 1—" + strconv.Itoa(f.Through) + " 月"
	}
	if len(f.Econ) > 0 {
		p.Scope += " 经济分类 " + strings.Join(f.Econ, "、")
	}
	if f.Doc != "" {
		p.Scope += " " + f.Doc
	}
	return s.render(w, r, "budget_lines", p)
}

// BudgetImportPage is the import of the finance bureau's files, with the
// history of imports.
type BudgetImportPage struct {
	Base
	Form     *Form
	Problems []xlsx.RowError
	Imports  []*budget.Import
	Kinds    []Option
	Endpoint string
}

func (s *Server) budgetImportForm(r *http.Request) *Form {
	var opts []Option
	for _, k := range budget.Kinds {
		opts = append(opts, Option{Value: k, Label: budget.KindLabel(k)})
	}
	f := newForm(r, "/budget/import", "导入",
		&Field{Name: "kind", Label: "数据类别", Type: "select", Required: true, Options: opts, Value: budget.KindExecution},
		&Field{Name: "file", Label: "文件（.xlsx 或 .csv）", Type: "file", Required: true, Wide: true,
			Accept: ".xlsx,.csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet,text/csv",
			Help:   "按模板填写。有任何一行出错则全部不导入，并列出每一处错误的行和列；同一年度（执行数据为同一月份）再次导入即替换，旧数据保留在历史中。"})
	f.Multipart = true
	return f
}

func (s *Server) renderBudgetImport(w http.ResponseWriter, r *http.Request, status int, f *Form, probs []xlsx.RowError) error {
	imps, err := s.db.BudgetImports(r.Context(), httpx.User(r), 0)
	if err != nil {
		return err
	}
	var kinds []Option
	for _, k := range budget.Kinds {
		kinds = append(kinds, Option{Value: k, Label: budget.KindLabel(k)})
	}
	p := &BudgetImportPage{Base: s.base(r, "导入财政数据"), Form: f, Problems: probs, Imports: imps, Kinds: kinds, Endpoint: s.cfg.BaseURL + "/api/v1/budget/push"}
	s.renderStatus(w, r, status, "budget_import", p)
	return nil
}

func (s *Server) budgetImportPage(w http.ResponseWriter, r *http.Request) error {
	return s.renderBudgetImport(w, r, http.StatusOK, s.budgetImportForm(r), nil)
}

func (s *Server) budgetImport(w http.ResponseWriter, r *http.Request) error {
	f := s.budgetImportForm(r)
	fail := func(err error) error {
		if ie, ok := err.(*xlsx.ImportError); ok {
			f.Fill(r)
			f.Error = ie.Error()
			return s.renderBudgetImport(w, r, http.StatusUnprocessableEntity, f, ie.Rows)
		}
		if renda.ErrorCode(err) == renda.EINTERNAL {
			return err
		}
		f.Fill(r)
		f.Fail(err)
		return s.renderBudgetImport(w, r, httpx.Status(renda.ErrorCode(err)), f, nil)
	}
	if err := parseForm(r); err != nil {
		return err
	}
	file, h, err := r.FormFile("file")
	if err != nil {
		return fail(&renda.Error{Code: renda.EINVALID, Message: "请选择要导入的文件", Fields: []renda.FieldError{{Field: "file", Message: "请选择文件"}}})
	}
	defer file.Close()
	kind, name := r.PostFormValue("kind"), h.Filename
	rows, probs, err := store.ReadBudgetFile(kind, name, file)
	if err != nil {
		return fail(err)
	}
	imp, _, err := s.db.ImportBudget(r.Context(), httpx.User(r), store.BudgetImportInput{Kind: kind, Source: "excel", FileName: name, Rows: rows, Problems: probs})
	if err != nil {
		return fail(err)
	}
	return redirect(w, r, "/budget/"+strconv.Itoa(imp.Year), "导入完成："+strconv.Itoa(imp.Year)+" 年"+budget.KindLabel(imp.Kind)+" "+strconv.Itoa(imp.Rows)+" 行，合计 "+imp.Total+" 元")
}

func (s *Server) budgetTemplate(w http.ResponseWriter, r *http.Request) error {
	kind := r.PathValue("kind")
	if len(kind) > 5 && kind[len(kind)-5:] == ".xlsx" {
		kind = kind[:len(kind)-5]
	}
	if !budget.ValidKind(kind) {
		return renda.Errorf(renda.ENOTFOUND, "没有这个模板")
	}
	year := s.db.Clock().Now().In(renda.CST).Year()
	ex := map[string]any{budget.ColYear: year, budget.ColMonth: 1, budget.ColFund: budget.Funds[0], budget.ColOrg: "（部门全称或简称）",
		budget.ColFuncCode: "2050201", budget.ColFuncName: "小学教育", budget.ColEconCode: "30201", budget.ColEconName: "办公费",
		budget.ColProject: "", budget.ColItem: "", budget.ColAmount: "123456.78"}
	if kind == budget.KindDebt {
		ex[budget.ColItem], ex[budget.ColOrg], ex[budget.ColProject] = budget.DebtItems[1], "", "（专项债券项目名称）"
	}
	if kind == budget.KindAssets {
		ex[budget.ColItem], ex[budget.ColOrg] = "行政事业性国有资产总额", ""
	}
	if kind == budget.KindAdjustment {
		ex[budget.ColDoc], ex[budget.ColAdjust], ex[budget.ColReason] = "常财预〔2024〕41号", budget.AdjustItems[0].Name, "（调整或调剂的原因）"
		ex[budget.ColEconCode], ex[budget.ColEconName] = "", ""
	}
	cols := store.BudgetColumns(kind)
	row := make([]any, len(cols))
	for i, c := range cols {
		row[i] = ex[c.Header]
	}
	return s.writeWorkbook(w, "财政数据导入模板-"+budget.KindLabel(kind)+".xlsx", xlsx.Sheet{Name: budget.KindLabel(kind), Columns: cols, Rows: [][]any{row},
		Notes: []string{"金额以元为单位，精确到分（最多两位小数）。", "一个文件只能有一个年度；执行数据每行为该月当月支出数，不是累计数。",
			"同一年度（执行数据为同一月份）再次导入即替换此前的数据，历史保留。", "任何一行出错则全部不导入，并列出每一处错误的行和列。"}})
}

// BudgetWarningsPage lists warnings.
type BudgetWarningsPage struct {
	Base
	Items []*budget.Warning
	State string
}

func (s *Server) budgetWarningsPage(w http.ResponseWriter, r *http.Request) error {
	st := r.URL.Query().Get("status")
	if st != budget.Open && st != budget.Answered {
		st = ""
	}
	ws, err := s.db.BudgetWarnings(r.Context(), httpx.User(r), store.BudgetWarningFilter{State: st, OrgID: r.URL.Query().Get("org"), Rule: r.URL.Query().Get("rule")})
	if err != nil {
		return err
	}
	return s.render(w, r, "budget_warnings", &BudgetWarningsPage{Base: s.base(r, "预算执行预警"), Items: ws, State: st})
}

// BudgetWarningPage is one warning with its follow-up.
type BudgetWarningPage struct {
	Base
	Warning *budget.Warning
	Actions []*ActionForm
	History []renda.AuditRecord
}

func (s *Server) renderBudgetWarning(w http.ResponseWriter, r *http.Request, status int, failed string, failedErr error) error {
	u := httpx.User(r)
	wa, rules, err := s.db.BudgetWarning(r.Context(), u, r.PathValue("id"))
	if err != nil {
		return err
	}
	p := &BudgetWarningPage{Base: s.base(r, "预算执行预警"), Warning: wa}
	if p.History, err = s.db.History(r.Context(), "budget_warning", wa.ID); err != nil {
		return err
	}
	set, err := s.db.Settings(r.Context())
	if err != nil {
		return err
	}
	c := actionCtx{post: func(a string) string { return "/budget/warnings/" + wa.ID + "/" + a }, set: set, scope: true}
	if p.Actions, err = s.itemActions(r, rules, c, failed, failedErr); err != nil {
		return err
	}
	s.renderStatus(w, r, status, "budget_warning", p)
	return nil
}

func (s *Server) budgetWarningPage(w http.ResponseWriter, r *http.Request) error {
	return s.renderBudgetWarning(w, r, http.StatusOK, "", nil)
}

func (s *Server) budgetWarningAct(w http.ResponseWriter, r *http.Request) error {
	id, action := r.PathValue("id"), r.PathValue("action")
	rule, ok := budget.WarningFlow.Rule(action)
	if !ok || !rule.Offered() {
		return renda.Errorf(renda.ENOTFOUND, "没有这个操作")
	}
	if err := parseForm(r); err != nil {
		return err
	}
	if _, err := s.db.ActOnBudgetWarning(r.Context(), httpx.User(r), id, action, actionValues(r, rule)); err != nil {
		switch renda.ErrorCode(err) {
		case renda.EINVALID, renda.ECONFLICT:
			return s.renderBudgetWarning(w, r, httpx.Status(renda.ErrorCode(err)), action, err)
		}
		return err
	}
	return redirect(w, r, "/budget/warnings/"+id, "已"+rule.Label)
}

// --- the committee's reviews ---

// BudgetReviewsPage lists the committee's budget work, with the form to
// register a report or draft received.
type BudgetReviewsPage struct {
	Base
	Items       []*budget.Review
	Adjustments []*budget.Adjustment // adjustment plans needing the committee's approval, pending first
	Form        *Form
}

func (s *Server) budgetReviewForm(r *http.Request) (*Form, error) {
	set, err := s.db.Settings(r.Context())
	if err != nil {
		return nil, err
	}
	rule, _ := budget.ReviewFlow.Rule("create")
	f, err := s.ruleForm(r, rule, actionCtx{post: func(string) string { return "/budget/reviews" }, set: set})
	if err != nil {
		return nil, err
	}
	return f, nil
}

func (s *Server) renderBudgetReviews(w http.ResponseWriter, r *http.Request, status int, f *Form) error {
	u := httpx.User(r)
	items, err := s.db.BudgetReviews(r.Context(), u)
	if err != nil {
		return err
	}
	adjs, err := s.db.BudgetAdjustments(r.Context(), u, store.BudgetAdjustmentFilter{})
	if err != nil {
		return err
	}
	p := &BudgetReviewsPage{Base: s.base(r, "预算审查监督"), Items: items, Adjustments: adjs}
	if store.CanImportBudget(u) {
		if f == nil {
			if f, err = s.budgetReviewForm(r); err != nil {
				return err
			}
		}
		p.Form = f
	}
	s.renderStatus(w, r, status, "budget_reviews", p)
	return nil
}

func (s *Server) budgetReviewsPage(w http.ResponseWriter, r *http.Request) error {
	return s.renderBudgetReviews(w, r, http.StatusOK, nil)
}

func (s *Server) budgetReviewCreate(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(r); err != nil {
		return err
	}
	rule, _ := budget.ReviewFlow.Rule("create")
	rv, err := s.db.CreateBudgetReview(r.Context(), httpx.User(r), actionValues(r, rule))
	if err != nil {
		if c := renda.ErrorCode(err); c != renda.EINVALID && c != renda.ECONFLICT {
			return err
		}
		f, ferr := s.budgetReviewForm(r)
		if ferr != nil {
			return ferr
		}
		f.Fill(r)
		f.Fail(err)
		return s.renderBudgetReviews(w, r, httpx.Status(renda.ErrorCode(err)), f)
	}
	return redirect(w, r, "/budget/reviews/"+rv.ID, "已登记")
}

// BudgetReviewPage is one review: the opinion, the findings and their
// rectification, the data behind it, the actions and the history.
type BudgetReviewPage struct {
	Base
	Review      *budget.Review
	Adjustments []*budget.Adjustment // the year's adjustment plans, flagged beside the review
	Done        int
	Actions     []*ActionForm
	History     []renda.AuditRecord
}

func (s *Server) renderBudgetReview(w http.ResponseWriter, r *http.Request, status int, failed string, failedErr error) error {
	u := httpx.User(r)
	rv, rules, err := s.db.BudgetReview(r.Context(), u, r.PathValue("id"))
	if err != nil {
		return err
	}
	p := &BudgetReviewPage{Base: s.base(r, rv.Title), Review: rv}
	p.Done, _ = rv.Progress()
	if p.Adjustments, err = s.db.BudgetAdjustments(r.Context(), u, store.BudgetAdjustmentFilter{Year: rv.Year}); err != nil {
		return err
	}
	if p.History, err = s.db.History(r.Context(), "budget_review", rv.ID); err != nil {
		return err
	}
	set, err := s.db.Settings(r.Context())
	if err != nil {
		return err
	}
	c := actionCtx{post: func(a string) string { return "/budget/reviews/" + rv.ID + "/" + a }, set: set, scope: true}
	if p.Actions, err = s.itemActions(r, rules, c, failed, failedErr); err != nil {
		return err
	}
	s.renderStatus(w, r, status, "budget_review", p)
	return nil
}

func (s *Server) budgetReviewPage(w http.ResponseWriter, r *http.Request) error {
	return s.renderBudgetReview(w, r, http.StatusOK, "", nil)
}

func (s *Server) budgetReviewAct(w http.ResponseWriter, r *http.Request) error {
	id, action := r.PathValue("id"), r.PathValue("action")
	rule, ok := budget.ReviewFlow.Rule(action)
	if !ok || !rule.Offered() {
		return renda.Errorf(renda.ENOTFOUND, "没有这个操作")
	}
	if err := parseForm(r); err != nil {
		return err
	}
	if _, err := s.db.ActOnBudgetReview(r.Context(), httpx.User(r), id, action, actionValues(r, rule)); err != nil {
		switch renda.ErrorCode(err) {
		case renda.EINVALID, renda.ECONFLICT, renda.EFORBIDDEN:
			return s.renderBudgetReview(w, r, httpx.Status(renda.ErrorCode(err)), action, err)
		}
		return err
	}
	return redirect(w, r, "/budget/reviews/"+id, "已"+rule.Label)
}

// --- deputies' questions ---

// BudgetQuestionsPage lists questions, with the form to ask one (deputies).
type BudgetQuestionsPage struct {
	Base
	Items []*budget.Question
	Form  *Form
}

func (s *Server) budgetQuestionForm(r *http.Request) (*Form, error) {
	set, err := s.db.Settings(r.Context())
	if err != nil {
		return nil, err
	}
	rule, _ := budget.QuestionFlow.Rule("ask")
	q := r.URL.Query()
	fill := map[string]map[string]string{"ask": {"organization_id": q.Get("org"), "year": q.Get("year")}}
	return s.ruleForm(r, rule, actionCtx{post: func(string) string { return "/budget/questions" }, set: set, fill: fill})
}

func (s *Server) renderBudgetQuestions(w http.ResponseWriter, r *http.Request, status int, f *Form) error {
	u := httpx.User(r)
	items, err := s.db.BudgetQuestions(r.Context(), u)
	if err != nil {
		return err
	}
	if st := r.URL.Query().Get("status"); st == budget.Asked || st == budget.Answered {
		kept := items[:0]
		for _, q := range items {
			if q.State == st {
				kept = append(kept, q)
			}
		}
		items = kept
	}
	p := &BudgetQuestionsPage{Base: s.base(r, "代表预算询问"), Items: items}
	if u.Role == renda.RoleDeputy {
		if f == nil {
			if f, err = s.budgetQuestionForm(r); err != nil {
				return err
			}
		}
		p.Form = f
	}
	s.renderStatus(w, r, status, "budget_questions", p)
	return nil
}

func (s *Server) budgetQuestionsPage(w http.ResponseWriter, r *http.Request) error {
	return s.renderBudgetQuestions(w, r, http.StatusOK, nil)
}

func (s *Server) budgetQuestionAsk(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(r); err != nil {
		return err
	}
	rule, _ := budget.QuestionFlow.Rule("ask")
	q, err := s.db.AskBudgetQuestion(r.Context(), httpx.User(r), actionValues(r, rule))
	if err != nil {
		if c := renda.ErrorCode(err); c != renda.EINVALID && c != renda.ECONFLICT {
			return err
		}
		f, ferr := s.budgetQuestionForm(r)
		if ferr != nil {
			return ferr
		}
		f.Fill(r)
		f.Fail(err)
		return s.renderBudgetQuestions(w, r, httpx.Status(renda.ErrorCode(err)), f)
	}
	return redirect(w, r, "/budget/questions/"+q.ID, "询问已发给"+q.OrgName)
}

// BudgetQuestionPage is one question and its written answer.
type BudgetQuestionPage struct {
	Base
	Question *budget.Question
	Actions  []*ActionForm
	History  []renda.AuditRecord
}

func (s *Server) renderBudgetQuestion(w http.ResponseWriter, r *http.Request, status int, failed string, failedErr error) error {
	u := httpx.User(r)
	q, rules, err := s.db.BudgetQuestion(r.Context(), u, r.PathValue("id"))
	if err != nil {
		return err
	}
	p := &BudgetQuestionPage{Base: s.base(r, "代表预算询问"), Question: q}
	if p.History, err = s.db.History(r.Context(), "budget_question", q.ID); err != nil {
		return err
	}
	set, err := s.db.Settings(r.Context())
	if err != nil {
		return err
	}
	c := actionCtx{post: func(a string) string { return "/budget/questions/" + q.ID + "/" + a }, set: set, scope: true}
	if p.Actions, err = s.itemActions(r, rules, c, failed, failedErr); err != nil {
		return err
	}
	s.renderStatus(w, r, status, "budget_question", p)
	return nil
}

func (s *Server) budgetQuestionPage(w http.ResponseWriter, r *http.Request) error {
	return s.renderBudgetQuestion(w, r, http.StatusOK, "", nil)
}

func (s *Server) budgetQuestionAct(w http.ResponseWriter, r *http.Request) error {
	id, action := r.PathValue("id"), r.PathValue("action")
	rule, ok := budget.QuestionFlow.Rule(action)
	if !ok || !rule.Offered() {
		return renda.Errorf(renda.ENOTFOUND, "没有这个操作")
	}
	if err := parseForm(r); err != nil {
		return err
	}
	if _, err := s.db.ActOnBudgetQuestion(r.Context(), httpx.User(r), id, action, actionValues(r, rule)); err != nil {
		switch renda.ErrorCode(err) {
		case renda.EINVALID, renda.ECONFLICT:
			return s.renderBudgetQuestion(w, r, httpx.Status(renda.ErrorCode(err)), action, err)
		}
		return err
	}
	return redirect(w, r, "/budget/questions/"+id, "已"+rule.Label)
}

// budgetWidgets are the home page's figures: open budget warnings for the
// committee's side and for a warned department, unanswered questions for a
// department. Each is the count of the list it links to.
func (s *Server) budgetWidgets(r *http.Request, u *renda.User) ([]Widget, error) {
	if !u.IsStaffSide() && u.Role != renda.RoleUnit {
		return nil, nil
	}
	ws, err := s.db.BudgetWarnings(r.Context(), u, store.BudgetWarningFilter{State: budget.Open})
	if err != nil {
		return nil, err
	}
	var out []Widget
	if len(ws) > 0 || u.IsStaffSide() {
		out = append(out, Widget{Label: "预算执行预警", Value: len(ws), Note: "待处理", Href: "/budget/warnings?status=open", Tone: "amber", Order: 60})
	}
	if u.Role == renda.RoleUnit {
		qs, err := s.db.BudgetQuestions(r.Context(), u)
		if err != nil {
			return nil, err
		}
		n := 0
		for _, q := range qs {
			if q.State == budget.Asked {
				n++
			}
		}
		if n > 0 {
			out = append(out, Widget{Label: "代表预算询问", Value: n, Note: "待答复", Href: "/budget/questions?status=asked", Tone: "red", Order: 61})
		}
	}
	return out, nil
}

// BudgetProjectsPage lists a year's projects with last year's figures (零基预算).
type BudgetProjectsPage struct {
	Base
	Year  int
	Items []*store.BudgetProject
}

func (s *Server) budgetProjectsPage(w http.ResponseWriter, r *http.Request) error {
	y, err := strconv.Atoi(r.URL.Query().Get("year"))
	if err != nil || y < 2000 || y > 2100 {
		return renda.Errorf(renda.EINVALID, "请指定年度")
	}
	items, err := s.db.BudgetProjects(r.Context(), httpx.User(r), y)
	if err != nil {
		return err
	}
	return s.render(w, r, "budget_projects", &BudgetProjectsPage{Base: s.base(r, "项目支出"), Year: y, Items: items})
}
