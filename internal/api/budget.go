package api

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"renda"
	"renda/budget"
	"renda/internal/httpx"
	"renda/internal/store"
	"renda/internal/xlsx"
)

// DemoFinanceSecret is the finance integration's secret in demo mode only.
const DemoFinanceSecret = "renda-demo-finance"

const financeAuth = "finance integration (kind finance on /integrations): signed exactly as the 12345 orders — X-Renda-Timestamp, X-Renda-Nonce and X-Renda-Signature: sha256=<hex HMAC-SHA256(secret, timestamp + \"\\n\" + nonce + \"\\n\" + body)> (401 otherwise)"

// budgetRoutes are the routes of budget supervision (issue 15). The four
// fixed interfaces keep their paths and fields exactly.
func (a *API) budgetRoutes() []Route {
	return append([]Route{
		{Method: "GET", Path: "/api/v1/budget/years", Summary: "Years with budget data: the budget and what was spent (decimal strings in 元, two decimals)", Tag: "budget", Roles: signedIn,
			Response: budgetYears{}, Handler: a.budgetYears},
		{Method: "GET", Path: "/api/v1/budget/{year}/departments", Summary: "A year's budget against execution by department; rate is executed/budget in percent with two decimals", Tag: "budget", Roles: signedIn,
			Response: budgetDepartments{}, Errors: []int{404}, Handler: a.budgetDepartments},
		{Method: "GET", Path: "/api/v1/budget/warnings", Summary: "Warnings of the execution sweep (staff side all, a department its own)", Tag: "budget", Roles: signedIn,
			Query: []Param{{Name: "status", Enum: []string{budget.Open, budget.Answered}}, {Name: "year", Type: "integer"}}, Response: budgetWarnings{}, Handler: a.budgetWarnings},
		{Method: "POST", Path: "/api/v1/budget/warnings/{id}/actions/{action}", Summary: "Act on a warning: query the department, its answer, or staff's note of a response", Tag: "budget", Roles: signedIn,
			Request: actionBody{budget.WarningFlow.Table()}, Response: budget.Warning{}, Errors: []int{403, 404, 409}, Handler: a.budgetWarningAction},
		{Method: "POST", Path: "/api/v1/budget/imports", Summary: "Import the finance bureau's data from an .xlsx or .csv file (multipart: file, kind = budget, execution, final, debt, assets or adjustment). 422 lists every bad row and column, and nothing is stored; 409 refuses a revised budget once the congress session it went to has opened (import the change as an adjustment)", Tag: "budget", Roles: adminStaff,
			Request: multipartBody{Fields: map[string]string{"kind": "budget, execution, final, debt, assets or adjustment"}, File: "file"}, Response: budget.Import{}, Status: 201, Errors: []int{409}, Handler: a.budgetImport},
		{Method: "POST", Path: "/api/v1/budget/push", Summary: "The finance system pushes data (signed as the 12345 orders). Idempotent by batch: the same batch again is 200 with the first import, with other rows 409; 422 lists every bad row and column, nothing stored", Tag: "budget",
			Public: true, SelfAuth: financeAuth,
			Request: budgetPush{}, Response: budget.Import{}, Status: 201, Also: []int{200}, Errors: []int{401, 409}, Handler: a.budgetPush},
		{Method: "GET", Path: "/api/v1/budget/reviews", Summary: "The committee's budget work: preliminary review, mid-year report, final accounts, audit report and rectification, debt and state-asset reports (staff side all, a department those naming it)", Tag: "budget", Roles: signedIn,
			Response: List[budget.Review]{}, Handler: a.budgetReviews},
		{Method: "POST", Path: "/api/v1/budget/reviews", Summary: "Register a report or draft received from the government (staff)", Tag: "budget", Roles: adminStaff,
			Request: budgetReviewRequest{}, Response: budget.Review{}, Status: 201, Handler: a.createBudgetReview},
		{Method: "POST", Path: "/api/v1/budget/reviews/{id}/actions/{action}", Summary: "Act on a review: add_items (audit findings), opinion, rectify (a finding, by its department), close", Tag: "budget", Roles: signedIn,
			Request: actionBody{budget.ReviewFlow.Table()}, Response: budget.Review{}, Errors: []int{403, 404, 409}, Handler: a.budgetReviewAction},
		{Method: "GET", Path: "/api/v1/budget/questions", Summary: "Deputies' questions on a department's budget (staff side all, a deputy their own, a department those put to it)", Tag: "budget", Roles: signedIn,
			Response: List[budget.Question]{}, Handler: a.budgetQuestions},
		{Method: "POST", Path: "/api/v1/budget/questions", Summary: "A deputy asks a department about its budget; answered in writing", Tag: "budget", Roles: deputyOnly,
			Request: budgetQuestionRequest{}, Response: budget.Question{}, Status: 201, Handler: a.askBudgetQuestion},
		{Method: "POST", Path: "/api/v1/budget/questions/{id}/actions/{action}", Summary: "Answer a question in writing (the department, or staff)", Tag: "budget", Roles: signedIn,
			Request: actionBody{budget.QuestionFlow.Table()}, Response: budget.Question{}, Errors: []int{403, 404, 409}, Handler: a.budgetQuestionAction},
		{Method: "GET", Path: "/api/v1/budget/{year}/lines", Summary: "The lines a figure sums (filters: kind, organization_id, function, month, through, econ (repeatable economic codes), document)", Tag: "budget", Roles: signedIn,
			Query:    []Param{{Name: "kind", Enum: budget.Kinds}, {Name: "organization_id"}, {Name: "function"}, {Name: "month", Type: "integer"}, {Name: "through", Type: "integer"}, {Name: "econ"}, {Name: "document"}},
			Response: budgetLines{}, Errors: []int{404}, Handler: a.budgetLines},
	}, a.budgetYoYRoutes()...)
}

type budgetYear struct {
	Year          int    `json:"year"`
	BudgetTotal   string `json:"budget_total"`
	ExecutedTotal string `json:"executed_total"`
}

type budgetYears struct {
	Items []budgetYear `json:"items"`
	Total int          `json:"total"`
}

func (a *API) budgetYears(w http.ResponseWriter, r *http.Request) error {
	ys, err := a.db.BudgetYears(r.Context(), httpx.User(r))
	if err != nil {
		return err
	}
	out := budgetYears{Items: []budgetYear{}}
	for _, y := range ys {
		out.Items = append(out.Items, budgetYear{Year: y.Year, BudgetTotal: y.Budget.String(), ExecutedTotal: y.Executed.String()})
	}
	out.Total = len(out.Items)
	return writeJSON(w, http.StatusOK, out)
}

type budgetDepartment struct {
	OrganizationID string `json:"organization_id"`
	Organization   string `json:"organization"`
	Budget         string `json:"budget"`
	Executed       string `json:"executed"`
	Rate           string `json:"rate"`
}

type budgetDepartments struct {
	Year          int                `json:"year"`
	Items         []budgetDepartment `json:"items"`
	Total         int                `json:"total"`
	BudgetTotal   string             `json:"budget_total"`
	ExecutedTotal string             `json:"executed_total"`
}

func budgetYearParam(r *http.Request) (int, error) {
	y, err := strconv.Atoi(r.PathValue("year"))
	if err != nil || y < 2000 || y > 2100 {
		return 0, renda.Errorf(renda.ENOTFOUND, "没有这个年度")
	}
	return y, nil
}

func (a *API) budgetDepartments(w http.ResponseWriter, r *http.Request) error {
	y, err := budgetYearParam(r)
	if err != nil {
		return err
	}
	rows, total, err := a.db.BudgetBy(r.Context(), httpx.User(r), y, "org")
	if err != nil {
		return err
	}
	out := budgetDepartments{Year: y, Items: []budgetDepartment{}, BudgetTotal: total.Budget.String(), ExecutedTotal: total.Executed.String()}
	for _, d := range rows {
		out.Items = append(out.Items, budgetDepartment{OrganizationID: d.Key, Organization: d.Name, Budget: d.Budget.String(), Executed: d.Executed.String(), Rate: d.Rate()})
	}
	out.Total = len(out.Items)
	return writeJSON(w, http.StatusOK, out)
}

type budgetWarning struct {
	ID             string `json:"id"`
	Rule           string `json:"rule"`
	Organization   string `json:"organization"`
	OrganizationID string `json:"organization_id"`
	Year           int    `json:"year"`
	Month          int    `json:"month"`
	Message        string `json:"message"`
	Status         string `json:"status"`
	Query          string `json:"query,omitempty"`
	Answer         string `json:"answer,omitempty"`
}

type budgetWarnings struct {
	Items []budgetWarning `json:"items"`
	Total int             `json:"total"`
}

func (a *API) budgetWarnings(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	f := store.BudgetWarningFilter{State: q.Get("status")}
	if f.State != "" && f.State != budget.Open && f.State != budget.Answered {
		return renda.Errorf(renda.EINVALID, "status 应为 open 或 answered")
	}
	if s := q.Get("year"); s != "" {
		y, err := strconv.Atoi(s)
		if err != nil {
			return renda.Errorf(renda.EINVALID, "year 应为四位年份")
		}
		f.Year = y
	}
	ws, err := a.db.BudgetWarnings(r.Context(), httpx.User(r), f)
	if err != nil {
		return err
	}
	out := budgetWarnings{Items: []budgetWarning{}}
	for _, x := range ws {
		out.Items = append(out.Items, budgetWarning{ID: x.ID, Rule: x.Rule, Organization: x.OrgName, OrganizationID: x.OrgID, Year: x.Year, Month: x.Month,
			Message: x.Message, Status: x.State, Query: x.Query, Answer: x.Answer})
	}
	out.Total = len(out.Items)
	return writeJSON(w, http.StatusOK, out)
}

func (a *API) budgetWarningAction(w http.ResponseWriter, r *http.Request) error {
	u := httpx.User(r)
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	rule, err := offeredRule(budget.WarningFlow.Table(), r.PathValue("action"))
	if err != nil {
		return err
	}
	if _, _, err := a.db.BudgetWarning(r.Context(), u, id); err != nil {
		return err
	}
	in, err := actionValues(r, rule)
	if err != nil {
		return err
	}
	out, err := a.db.ActOnBudgetWarning(r.Context(), u, id, rule.Action, in)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, out)
}

// readBudgetUpload reads the multipart upload of a budget file: kind and file.
func readBudgetUpload(r *http.Request) (kind, name string, rows []xlsx.Row, probs []xlsx.RowError, err error) {
	if err := r.ParseMultipartForm(32 << 20); err != nil {
		return "", "", nil, nil, renda.Errorf(renda.EINVALID, "请以 multipart/form-data 上传文件（字段 file）和数据类别（字段 kind）")
	}
	kind = r.FormValue("kind")
	f, h, err := r.FormFile("file")
	if err != nil {
		e := renda.Errorf(renda.EINVALID, "请选择要导入的文件（.xlsx 或 .csv）")
		e.Fields = []renda.FieldError{{Field: "file", Message: "缺少文件"}}
		return "", "", nil, nil, e
	}
	defer f.Close()
	rows, probs, err = store.ReadBudgetFile(kind, h.Filename, f)
	return kind, h.Filename, rows, probs, err
}

func (a *API) budgetImport(w http.ResponseWriter, r *http.Request) error {
	kind, name, rows, probs, err := readBudgetUpload(r)
	if err != nil {
		return err
	}
	imp, _, err := a.db.ImportBudget(r.Context(), httpx.User(r), store.BudgetImportInput{Kind: kind, Source: "excel", FileName: name, Rows: rows, Problems: probs})
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusCreated, imp)
}

// budgetPush is what the finance system sends: a batch of rows of one kind.
type budgetPush struct {
	Batch string          `json:"batch"` // the sender's id of this batch: the same batch twice is stored once
	Kind  string          `json:"kind"`  // budget, execution, final, debt, assets, adjustment
	Rows  []budgetPushRow `json:"rows"`
}

// budgetPushRow is one row, named as the template's columns.
type budgetPushRow struct {
	Year         int    `json:"year"`
	Month        int    `json:"month,omitempty"`
	Fund         string `json:"fund,omitempty"`
	Department   string `json:"department,omitempty"`
	FunctionCode string `json:"function_code,omitempty"`
	FunctionName string `json:"function_name,omitempty"`
	EconomicCode string `json:"economic_code,omitempty"`
	EconomicName string `json:"economic_name,omitempty"`
	Project      string `json:"project,omitempty"`
	Item         string `json:"item,omitempty"`
	Document     string `json:"document,omitempty"`   // adjustments: the document (文号)
	Adjustment   string `json:"adjustment,omitempty"` // adjustments: the kind of change (调整事项)
	Reason       string `json:"reason,omitempty"`     // adjustments: the reason (事由)
	Amount       string `json:"amount"`               // 元, a decimal string with at most two decimals; adjustments signed
}

func (a *API) budgetPush(w http.ResponseWriter, r *http.Request) error {
	body, err := a.signedBodyOf(r, "finance", DemoFinanceSecret)
	if err != nil {
		return err
	}
	var in budgetPush
	if err := decodeBytes(body, &in); err != nil {
		return err
	}
	if b := strings.TrimSpace(in.Batch); b == "" || len(b) > 64 {
		e := renda.Errorf(renda.EINVALID, "batch 必填（1–64 个字符）：同一批次重复推送只保存一次")
		e.Fields = []renda.FieldError{{Field: "batch", Message: "必填"}}
		return e
	}
	if len(in.Rows) > xlsx.MaxRows {
		return renda.Errorf(renda.ETOOLARGE, "一次最多推送 %d 行", xlsx.MaxRows)
	}
	rows := make([]xlsx.Row, len(in.Rows))
	for i, p := range in.Rows {
		v := map[string]string{budget.ColFund: p.Fund, budget.ColOrg: p.Department, budget.ColFuncCode: p.FunctionCode, budget.ColFuncName: p.FunctionName,
			budget.ColEconCode: p.EconomicCode, budget.ColEconName: p.EconomicName, budget.ColProject: p.Project, budget.ColItem: p.Item, budget.ColAmount: p.Amount,
			budget.ColDoc: p.Document, budget.ColAdjust: p.Adjustment, budget.ColReason: p.Reason}
		if p.Year != 0 {
			v[budget.ColYear] = strconv.Itoa(p.Year)
		}
		if p.Month != 0 {
			v[budget.ColMonth] = strconv.Itoa(p.Month)
		}
		rows[i] = xlsx.Row{Line: i + 1, Values: v}
	}
	imp, created, err := a.db.ImportBudget(r.Context(), nil, store.BudgetImportInput{Kind: in.Kind, Source: "api", Batch: strings.TrimSpace(in.Batch),
		FileName: fmt.Sprintf("batch %s", strings.TrimSpace(in.Batch)), Rows: rows})
	if err != nil {
		return err
	}
	status := http.StatusOK
	if created {
		status = http.StatusCreated
	}
	return writeJSON(w, status, imp)
}

type budgetLines struct {
	Items []*budget.Line `json:"items"`
	Total int            `json:"total"`
	Sum   string         `json:"sum"`
}

func (a *API) budgetLines(w http.ResponseWriter, r *http.Request) error {
	y, err := budgetYearParam(r)
	if err != nil {
		return err
	}
	q := r.URL.Query()
	f := store.BudgetLineFilter{Year: y, Kind: q.Get("kind"), OrgID: q.Get("organization_id"), Function: q.Get("function"), Econ: q["econ"], Doc: q.Get("document")}
	f.Month, _ = strconv.Atoi(q.Get("month"))
	f.Through, _ = strconv.Atoi(q.Get("through"))
	ls, sum, err := a.db.BudgetLines(r.Context(), httpx.User(r), f)
	if err != nil {
		return err
	}
	if ls == nil {
		ls = []*budget.Line{}
	}
	return writeJSON(w, http.StatusOK, budgetLines{Items: ls, Total: len(ls), Sum: sum.String()})
}

type budgetReviewRequest struct {
	Kind       string `json:"kind"` // preliminary, midyear, final, audit, debt, assets
	Year       int    `json:"year"`
	Title      string `json:"title"`
	ReceivedOn string `json:"received_on"`          // YYYY-MM-DD
	SessionOn  string `json:"session_on,omitempty"` // preliminary: the session's first day
}

func (a *API) budgetReviews(w http.ResponseWriter, r *http.Request) error {
	rs, err := a.db.BudgetReviews(r.Context(), httpx.User(r))
	if err != nil {
		return err
	}
	if rs == nil {
		rs = []*budget.Review{}
	}
	return writeJSON(w, http.StatusOK, List[*budget.Review]{Items: rs, Total: len(rs), Limit: len(rs)})
}

func (a *API) createBudgetReview(w http.ResponseWriter, r *http.Request) error {
	rule, _ := budget.ReviewFlow.Rule("create")
	in, err := actionValues(r, rule)
	if err != nil {
		return err
	}
	rv, err := a.db.CreateBudgetReview(r.Context(), httpx.User(r), in)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusCreated, rv)
}

func (a *API) budgetReviewAction(w http.ResponseWriter, r *http.Request) error {
	u := httpx.User(r)
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	rule, err := offeredRule(budget.ReviewFlow.Table(), r.PathValue("action"))
	if err != nil {
		return err
	}
	if _, _, err := a.db.BudgetReview(r.Context(), u, id); err != nil {
		return err
	}
	in, err := actionValues(r, rule)
	if err != nil {
		return err
	}
	out, err := a.db.ActOnBudgetReview(r.Context(), u, id, rule.Action, in)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, out)
}

type budgetQuestionRequest struct {
	OrganizationID string `json:"organization_id"`
	Year           int    `json:"year"`
	Text           string `json:"text"`
}

func (a *API) budgetQuestions(w http.ResponseWriter, r *http.Request) error {
	qs, err := a.db.BudgetQuestions(r.Context(), httpx.User(r))
	if err != nil {
		return err
	}
	if qs == nil {
		qs = []*budget.Question{}
	}
	return writeJSON(w, http.StatusOK, List[*budget.Question]{Items: qs, Total: len(qs), Limit: len(qs)})
}

func (a *API) askBudgetQuestion(w http.ResponseWriter, r *http.Request) error {
	rule, _ := budget.QuestionFlow.Rule("ask")
	in, err := actionValues(r, rule)
	if err != nil {
		return err
	}
	q, err := a.db.AskBudgetQuestion(r.Context(), httpx.User(r), in)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusCreated, q)
}

func (a *API) budgetQuestionAction(w http.ResponseWriter, r *http.Request) error {
	u := httpx.User(r)
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	rule, err := offeredRule(budget.QuestionFlow.Table(), r.PathValue("action"))
	if err != nil {
		return err
	}
	if _, _, err := a.db.BudgetQuestion(r.Context(), u, id); err != nil {
		return err
	}
	in, err := actionValues(r, rule)
	if err != nil {
		return err
	}
	out, err := a.db.ActOnBudgetQuestion(r.Context(), u, id, rule.Action, in)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, out)
}
