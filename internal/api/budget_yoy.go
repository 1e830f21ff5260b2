package api

import (
	"net/http"
	"strconv"

	"renda"
	"renda/budget"
	"renda/internal/httpx"
	"renda/internal/store"
)

// budgetYoYRoutes: a year against the year before by department (同比),
// the 三公经费, and adjustments and transfers with the plans awaiting the
// committee's approval. Amounts are decimal strings in 元 with two decimals.
func (a *API) budgetYoYRoutes() []Route {
	return []Route{
		{Method: "GET", Path: "/api/v1/budget/{year}/compare", Summary: "A year's budget and execution by department against the year before (execution through the same month); growth in percent, \"\" without a figure the year before", Tag: "budget", Roles: signedIn,
			Response: budgetComparison{}, Errors: []int{404}, Handler: a.budgetCompare},
		{Method: "GET", Path: "/api/v1/budget/{year}/sangong", Summary: "The 三公经费 (economic codes 30212, 30217, 31013, 30231) by department against the year before, with each code's figures", Tag: "budget", Roles: signedIn,
			Response: budgetComparison{}, Errors: []int{404}, Handler: a.budgetSanGong},
		{Method: "GET", Path: "/api/v1/budget/{year}/adjustments", Summary: "A year's budget adjustments and transfers by document (文号): whether the committee must approve, and the approval's state", Tag: "budget", Roles: signedIn,
			Response: budgetAdjustmentDocs{}, Errors: []int{404}, Handler: a.budgetAdjustmentDocs},
		{Method: "GET", Path: "/api/v1/budget/adjustments", Summary: "Budget adjustment plans that need the standing committee's approval (预算法 art. 67–69), pending first", Tag: "budget", Roles: signedIn,
			Query:    []Param{{Name: "year", Type: "integer"}, {Name: "status", Enum: []string{budget.Pending, budget.Approved, budget.Returned, budget.Exempt}}},
			Response: List[budget.Adjustment]{}, Handler: a.budgetAdjustments},
		{Method: "POST", Path: "/api/v1/budget/adjustments/{id}/actions/{action}", Summary: "Act on an adjustment plan: schedule (the committee's meeting), approve, return, exempt", Tag: "budget", Roles: signedIn,
			Request: actionBody{budget.AdjustmentFlow.Table()}, Response: budget.Adjustment{}, Errors: []int{403, 404, 409}, Handler: a.budgetAdjustmentAction},
	}
}

type budgetCompared struct {
	OrganizationID   string                     `json:"organization_id"`
	Organization     string                     `json:"organization"`
	Budget           string                     `json:"budget"`
	PrevBudget       string                     `json:"prev_budget"`
	BudgetGrowth     string                     `json:"budget_growth"`
	Executed         string                     `json:"executed"`
	PrevExecuted     string                     `json:"prev_executed"`
	ExecutedGrowth   string                     `json:"executed_growth"`
	ByEconomicCode   map[string]*budgetCompared `json:"by_economic_code,omitempty"`
	EconomicCodeName string                     `json:"economic_name,omitempty"`
}

type budgetComparison struct {
	Year         int              `json:"year"`
	Month        int              `json:"month"` // execution compared through this month
	PrevBudget   bool             `json:"prev_budget_in"`
	PrevExecuted bool             `json:"prev_execution_in"`
	Items        []budgetCompared `json:"items"`
	Total        int              `json:"total"`
	Sum          budgetCompared   `json:"sum"`
}

func comparedOf(r *store.BudgetCompareRow, codes []budget.SanGongItem) budgetCompared {
	out := budgetCompared{OrganizationID: r.Key, Organization: r.Name, Budget: r.Budget.Cur.String(), PrevBudget: r.Budget.Prev.String(), BudgetGrowth: r.Budget.Growth(),
		Executed: r.Executed.Cur.String(), PrevExecuted: r.Executed.Prev.String(), ExecutedGrowth: r.Executed.Growth()}
	if len(codes) > 0 {
		out.ByEconomicCode = map[string]*budgetCompared{}
		for _, c := range codes {
			x := comparedOf(r.Item(c.Code), nil)
			x.OrganizationID, x.Organization, x.EconomicCodeName = "", "", c.Name
			out.ByEconomicCode[c.Code] = &x
		}
	}
	return out
}

func (a *API) writeComparison(w http.ResponseWriter, r *http.Request, econ []budget.SanGongItem) error {
	y, err := budgetYearParam(r)
	if err != nil {
		return err
	}
	var codes []string
	for _, c := range econ {
		codes = append(codes, c.Code)
	}
	c, err := a.db.BudgetCompare(r.Context(), httpx.User(r), y, codes)
	if err != nil {
		return err
	}
	out := budgetComparison{Year: c.Year, Month: c.Month, PrevBudget: c.PrevBudget, PrevExecuted: c.PrevExecuted, Items: []budgetCompared{}, Sum: comparedOf(c.Total, econ)}
	out.Sum.Organization = ""
	for _, row := range c.Rows {
		out.Items = append(out.Items, comparedOf(row, econ))
	}
	out.Total = len(out.Items)
	return writeJSON(w, http.StatusOK, out)
}

func (a *API) budgetCompare(w http.ResponseWriter, r *http.Request) error {
	return a.writeComparison(w, r, nil)
}

func (a *API) budgetSanGong(w http.ResponseWriter, r *http.Request) error {
	return a.writeComparison(w, r, budget.SanGongItems)
}

type budgetAdjustmentDoc struct {
	Document      string   `json:"document"`
	Type          string   `json:"type"` // 预算调整 (needs approval) or 预算调剂
	NeedsApproval bool     `json:"needs_approval"`
	Adjustments   []string `json:"adjustments"`
	Organizations []string `json:"organizations"`
	Increase      string   `json:"increase"`
	Decrease      string   `json:"decrease"`
	Net           string   `json:"net"`
	Lines         int      `json:"lines"`
	ApprovalID    string   `json:"approval_id,omitempty"`
	State         string   `json:"state,omitempty"`
}

type budgetAdjustmentDocs struct {
	Year  int                   `json:"year"`
	Items []budgetAdjustmentDoc `json:"items"`
	Total int                   `json:"total"`
}

func (a *API) budgetAdjustmentDocs(w http.ResponseWriter, r *http.Request) error {
	y, err := budgetYearParam(r)
	if err != nil {
		return err
	}
	ds, err := a.db.BudgetAdjustmentDocs(r.Context(), httpx.User(r), y)
	if err != nil {
		return err
	}
	out := budgetAdjustmentDocs{Year: y, Items: []budgetAdjustmentDoc{}}
	for _, d := range ds {
		out.Items = append(out.Items, budgetAdjustmentDoc{Document: d.Doc, Type: d.Type(), NeedsApproval: d.Approval(), Adjustments: d.Items, Organizations: d.Orgs,
			Increase: d.Increase.String(), Decrease: d.Decrease.String(), Net: d.Net().String(), Lines: d.Lines, ApprovalID: d.ID, State: d.State})
	}
	out.Total = len(out.Items)
	return writeJSON(w, http.StatusOK, out)
}

func (a *API) budgetAdjustments(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	f := store.BudgetAdjustmentFilter{State: q.Get("status")}
	if f.State != "" && budget.AdjustmentFlow.StateLabel(f.State) == f.State {
		return renda.Errorf(renda.EINVALID, "status 应为 pending、approved、returned 或 exempt")
	}
	if s := q.Get("year"); s != "" {
		y, err := strconv.Atoi(s)
		if err != nil {
			return renda.Errorf(renda.EINVALID, "year 应为四位年份")
		}
		f.Year = y
	}
	as, err := a.db.BudgetAdjustments(r.Context(), httpx.User(r), f)
	if err != nil {
		return err
	}
	if as == nil {
		as = []*budget.Adjustment{}
	}
	return writeJSON(w, http.StatusOK, List[*budget.Adjustment]{Items: as, Total: len(as), Limit: len(as)})
}

func (a *API) budgetAdjustmentAction(w http.ResponseWriter, r *http.Request) error {
	u := httpx.User(r)
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	rule, err := offeredRule(budget.AdjustmentFlow.Table(), r.PathValue("action"))
	if err != nil {
		return err
	}
	if _, _, _, err := a.db.BudgetAdjustment(r.Context(), u, id); err != nil {
		return err
	}
	in, err := actionValues(r, rule)
	if err != nil {
		return err
	}
	out, err := a.db.ActOnBudgetAdjustment(r.Context(), u, id, rule.Action, in)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, out)
}
