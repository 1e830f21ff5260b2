package web

import (
	"net/http"
	"net/url"
	"strconv"

	"renda"
	"renda/budget"
	"renda/internal/httpx"
	"renda/internal/store"
	"renda/supervision"
)

// The budget's year-on-year views (同比), the 三公经费, and adjustments and
// transfers (预算调整和调剂) with the plans awaiting the committee's approval.

func init() {
	// A review names the supervision plan's item it carries out: this
	// year's plan and last year's, newest first.
	refOptionSources["supervision_item"] = func(s *Server, r *http.Request, f *renda.Field) ([]Option, error) {
		items, _, err := s.db.SupervisionItems(r.Context(), httpx.User(r), supervision.Filter{Limit: 500})
		if err != nil {
			return nil, err
		}
		var out []Option
		for _, it := range items {
			out = append(out, Option{Value: it.ID, Label: strconv.Itoa(it.Year) + " · " + it.Title, Group: strconv.Itoa(it.Year) + " 年监督计划"})
		}
		return out, nil
	}
}

// budgetYearParam reads ?year= (2000–2100).
func budgetYearParam(r *http.Request) (int, error) {
	y, err := strconv.Atoi(r.URL.Query().Get("year"))
	if err != nil || y < 2000 || y > 2100 {
		return 0, renda.Errorf(renda.EINVALID, "请指定年度")
	}
	return y, nil
}

// BudgetComparePage is a year against the year before by department: the
// whole budget (同比, /budget/compare) or the 三公经费 (/budget/sangong).
// Every figure links to the lines it sums.
type BudgetComparePage struct {
	Base
	*store.BudgetComparison
	Prev      int
	Econ      []string // the economic codes compared (三公经费); none: all lines
	Items     []budget.SanGongItem
	Kinds     []string // 三公经费: the tables, budget then execution
	Threshold int      // 三公经费: growth above this percentage is warned
}

// Link is the address of the lines behind a figure: this year's or
// (prev) last year's, of kind, of a department (org; "*" all; "" lines
// without one), of the given economic codes or the page's; execution
// through the month compared.
func (p *BudgetComparePage) Link(prev bool, kind, org string, codes ...string) string {
	y := p.Year
	if prev {
		y = p.Prev
	}
	v := url.Values{"year": {strconv.Itoa(y)}, "kind": {kind}}
	switch org {
	case "*":
	case "":
		v.Set("org", "-")
	default:
		v.Set("org", org)
	}
	if kind == budget.KindExecution && p.Month > 0 {
		v.Set("through", strconv.Itoa(p.Month))
	}
	if len(codes) == 0 {
		codes = p.Econ
	}
	for _, c := range codes {
		v.Add("econ", c)
	}
	return "/budget/lines?" + v.Encode()
}

// Grew reports whether a 三公经费 figure grew above the warning threshold.
func (p *BudgetComparePage) Grew(f budget.YearPair) bool {
	return budget.GrowthAbove(f.Cur, f.Prev, p.Threshold)
}

func (s *Server) budgetComparePage(w http.ResponseWriter, r *http.Request) error {
	y, err := budgetYearParam(r)
	if err != nil {
		return err
	}
	c, err := s.db.BudgetCompare(r.Context(), httpx.User(r), y, nil)
	if err != nil {
		return err
	}
	p := &BudgetComparePage{Base: s.base(r, strconv.Itoa(y)+" 年预算执行同比"), BudgetComparison: c, Prev: y - 1}
	return s.render(w, r, "budget_compare", p)
}

func (s *Server) budgetSanGongPage(w http.ResponseWriter, r *http.Request) error {
	y, err := budgetYearParam(r)
	if err != nil {
		return err
	}
	c, err := s.db.BudgetCompare(r.Context(), httpx.User(r), y, budget.SanGongCodes())
	if err != nil {
		return err
	}
	set, err := s.db.Settings(r.Context())
	if err != nil {
		return err
	}
	p := &BudgetComparePage{Base: s.base(r, strconv.Itoa(y)+" 年三公经费"), BudgetComparison: c, Prev: y - 1, Econ: budget.SanGongCodes(),
		Items: budget.SanGongItems, Kinds: []string{budget.KindBudget, budget.KindExecution}, Threshold: set.Int("budget.sangong_growth")}
	return s.render(w, r, "budget_sangong", p)
}

// BudgetAdjustmentsPage lists a year's adjustments and transfers by
// document, the plans needing the committee's approval with their state.
type BudgetAdjustmentsPage struct {
	Base
	Year int
	Docs []*budget.AdjustmentDoc
}

func (s *Server) budgetAdjustmentsPage(w http.ResponseWriter, r *http.Request) error {
	y, err := budgetYearParam(r)
	if err != nil {
		return err
	}
	docs, err := s.db.BudgetAdjustmentDocs(r.Context(), httpx.User(r), y)
	if err != nil {
		return err
	}
	return s.render(w, r, "budget_adjustments", &BudgetAdjustmentsPage{Base: s.base(r, strconv.Itoa(y)+" 年预算调整和调剂"), Year: y, Docs: docs})
}

// BudgetAdjustmentPage is one adjustment plan awaiting (or past) the
// committee's approval: its document's figures, the actions, the history.
type BudgetAdjustmentPage struct {
	Base
	Adjustment *budget.Adjustment
	Doc        *budget.AdjustmentDoc
	Actions    []*ActionForm
	History    []renda.AuditRecord
}

func (s *Server) renderBudgetAdjustment(w http.ResponseWriter, r *http.Request, status int, failed string, failedErr error) error {
	a, doc, rules, err := s.db.BudgetAdjustment(r.Context(), httpx.User(r), r.PathValue("id"))
	if err != nil {
		return err
	}
	p := &BudgetAdjustmentPage{Base: s.base(r, "预算调整方案 "+a.Doc), Adjustment: a, Doc: doc}
	if p.History, err = s.db.History(r.Context(), "budget_adjustment", a.ID); err != nil {
		return err
	}
	set, err := s.db.Settings(r.Context())
	if err != nil {
		return err
	}
	c := actionCtx{post: func(x string) string { return "/budget/adjustments/" + a.ID + "/" + x }, set: set, scope: true}
	if p.Actions, err = s.itemActions(r, rules, c, failed, failedErr); err != nil {
		return err
	}
	s.renderStatus(w, r, status, "budget_adjustment", p)
	return nil
}

func (s *Server) budgetAdjustmentPage(w http.ResponseWriter, r *http.Request) error {
	return s.renderBudgetAdjustment(w, r, http.StatusOK, "", nil)
}

func (s *Server) budgetAdjustmentAct(w http.ResponseWriter, r *http.Request) error {
	id, action := r.PathValue("id"), r.PathValue("action")
	rule, ok := budget.AdjustmentFlow.Rule(action)
	if !ok || !rule.Offered() {
		return renda.Errorf(renda.ENOTFOUND, "没有这个操作")
	}
	if err := parseForm(r); err != nil {
		return err
	}
	if _, err := s.db.ActOnBudgetAdjustment(r.Context(), httpx.User(r), id, action, actionValues(r, rule)); err != nil {
		switch renda.ErrorCode(err) {
		case renda.EINVALID, renda.ECONFLICT:
			return s.renderBudgetAdjustment(w, r, httpx.Status(renda.ErrorCode(err)), action, err)
		}
		return err
	}
	return redirect(w, r, "/budget/adjustments/"+id, "已"+rule.Label)
}
