package budget

import (
	"fmt"
	"time"

	"renda"
)

// Warning rules.
const (
	RuleSlow = "slow" // 执行偏慢
	RuleFast = "fast" // 执行偏快
	RuleOver = "over" // 超预算支出
	RuleIdle = "idle" // 项目长期未支出
	RuleDebt = "debt" // 债务余额接近或超过限额
	RuleLate = "late" // 执行数据未按时报送
	// RuleSanGong: a department's 三公经费 grew year on year.
	RuleSanGong = "sangong" // 三公经费增长
)

// Rules in display order.
var Rules = []string{RuleSlow, RuleFast, RuleOver, RuleIdle, RuleDebt, RuleLate, RuleSanGong}

// RuleLabel is a rule's Chinese name.
func RuleLabel(r string) string {
	switch r {
	case RuleSlow:
		return "执行偏慢"
	case RuleFast:
		return "执行偏快"
	case RuleOver:
		return "超预算支出"
	case RuleIdle:
		return "项目长期未支出"
	case RuleDebt:
		return "债务风险"
	case RuleLate:
		return "数据迟报"
	case RuleSanGong:
		return "三公经费增长"
	}
	return r
}

// Idle reports whether a project with a budget has gone idleMonths or more
// without spending by month (lastSpent: the last month with spending, 0
// for none).
func Idle(budget Fen, lastSpent, month, idleMonths int) bool {
	return budget > 0 && month-lastSpent >= idleMonths
}

// LateMonth returns the month whose execution data are late on today (0
// for none): the month before today's, once today is past dueDay, if that
// month of this year has no data (lastMonth: the last month with data).
func LateMonth(today renda.Date, lastMonth, dueDay int) int {
	prev := int(today.Month) - 1
	if prev < 1 || today.Day <= dueDay || lastMonth >= prev {
		return 0
	}
	return prev
}

// DebtHigh reports whether a debt balance is above percent of its limit
// (exactly at it is no warning).
func DebtHigh(balance, limit Fen, percent int) bool {
	return limit > 0 && int64(balance)*100 > int64(limit)*int64(percent)
}

// Warning states.
const (
	Open     = "open"     // raised, not yet answered (a query may be out)
	Answered = "answered" // staff noted a response or the department answered
)

// Warning is one 监测预警 about a department's execution.
type Warning struct {
	ID         string    `json:"id"`
	Rule       string    `json:"rule"`
	Year       int       `json:"year"`
	Month      int       `json:"month"`
	OrgID      string    `json:"organization_id"`
	OrgName    string    `json:"organization"`
	Message    string    `json:"message"`
	State      string    `json:"status"`
	Query      string    `json:"query,omitempty"`  // staff's query to the department
	Answer     string    `json:"answer,omitempty"` // the response noted or the department's answer
	AnsweredBy string    `json:"answered_by,omitempty"`
	CreatedAt  time.Time `json:"created_at"`
	// Key makes the warning once-only (year/rule/department[/project]).
	Key string `json:"-"`
}

// Check is what the sweep found for one department: the input of a raise.
type Check struct {
	Year, Month      int
	Budget, Executed Fen
}

// Judge returns the rules a department's cumulative execution breaks by the
// end of month: above its budget; below the time schedule (month/12) by
// more than slowGap percentage points (from fromMonth on); above it by more
// than fastGap points. Integer arithmetic: exactly at a threshold is no
// warning.
func Judge(c Check, slowGap, fastGap, fromMonth int) []string {
	var out []string
	if c.Budget <= 0 {
		if c.Executed > 0 {
			out = append(out, RuleOver)
		}
		return out
	}
	if c.Executed > c.Budget {
		out = append(out, RuleOver)
	}
	if c.Month < fromMonth {
		return out
	}
	// rate% = executed/budget*100; schedule% = month/12*100; compare ×12.
	lhs := int64(c.Executed) * 1200
	if lhs < int64(c.Budget)*int64(c.Month*100-slowGap*12) {
		out = append(out, RuleSlow)
	}
	if c.Executed <= c.Budget && lhs > int64(c.Budget)*int64(c.Month*100+fastGap*12) {
		out = append(out, RuleFast)
	}
	return out
}

// Message says what a rule found, in Chinese.
func Message(rule string, c Check) string {
	sched := Rate(Fen(c.Month), 12)
	switch rule {
	case RuleOver:
		return fmt.Sprintf("截至 %d 年 %d 月累计支出 %s 元，超过预算 %s 元", c.Year, c.Month, c.Executed, c.Budget)
	case RuleSlow:
		return fmt.Sprintf("截至 %d 年 %d 月累计支出 %s 元，执行率 %s%%，低于时间进度 %s%%", c.Year, c.Month, c.Executed, Rate(c.Executed, c.Budget), sched)
	case RuleFast:
		return fmt.Sprintf("截至 %d 年 %d 月累计支出 %s 元，执行率 %s%%，明显快于时间进度 %s%%", c.Year, c.Month, c.Executed, Rate(c.Executed, c.Budget), sched)
	}
	return ""
}

// WarningFlow is the follow-up of a warning. Relations: "department" (a
// clerk of the department warned), and the roles.
var WarningFlow = renda.Register(&renda.Machine[Warning]{
	Entity: "budget_warning",
	Label:  "预算执行预警",
	States: []renda.StateDef{{State: Open, Label: "待处理"}, {State: Answered, Label: "已回复"}},
	State:  func(w *Warning) *string { return &w.State },
	Acts: []renda.Act[Warning]{
		{Rule: renda.Rule{Action: "raise", Label: "发出预警", To: Open, Who: []string{"system", "staff", "admin"}, Hidden: true,
			Fields: []renda.Field{{Name: "text", Label: "预警内容", Kind: renda.FieldText, Required: true, Max: 1000}}}, Do: raise},
		{Rule: renda.Rule{Action: "query", Label: "向部门询问", From: []string{Open}, Who: []string{"staff", "admin"}, Tone: "primary",
			Help:   "询问发给该部门，部门在系统中书面回复。",
			Fields: []renda.Field{{Name: "text", Label: "询问内容", Kind: renda.FieldText, Required: true, Max: 2000}}}, Pre: hasDepartment, Do: query},
		{Rule: renda.Rule{Action: "answer", Label: "部门回复", From: []string{Open}, To: Answered, Who: []string{"department"}, Tone: "primary",
			Fields: []renda.Field{{Name: "text", Label: "回复（原因及措施）", Kind: renda.FieldText, Required: true, Max: 4000}}}, Do: answer},
		{Rule: renda.Rule{Action: "respond", Label: "记录处理情况", From: []string{Open}, To: Answered, Who: []string{"staff", "admin"},
			Help:   "不需询问部门的（如已了解原因），记录处理情况后办结。",
			Fields: []renda.Field{{Name: "text", Label: "处理情况", Kind: renda.FieldText, Required: true, Max: 2000}}}, Do: respond},
	},
})

func hasDepartment(w *Warning, env *renda.Env) error {
	if w.OrgID == "" {
		return renda.Errorf(renda.ECONFLICT, "该预警没有对应的部门，请记录处理情况")
	}
	return nil
}

func raise(w *Warning, in *renda.Input, env *renda.Env, out *renda.Outcome) error {
	w.Message = in.Text("text")
	out.Note = w.Message
	out.Notify(renda.ToRoles(renda.RoleStaff), "预算执行预警："+w.OrgName+" "+RuleLabel(w.Rule), w.Message, "/budget/warnings/"+w.ID)
	return nil
}

func query(w *Warning, in *renda.Input, env *renda.Env, out *renda.Outcome) error {
	w.Query = in.Text("text")
	out.Note = w.Query
	if w.OrgID != "" {
		out.Notify(renda.ToOrg(w.OrgID), "人大常委会询问预算执行情况", w.Query, "/budget/warnings/"+w.ID)
	}
	return nil
}

func answer(w *Warning, in *renda.Input, env *renda.Env, out *renda.Outcome) error {
	w.Answer, w.AnsweredBy = in.Text("text"), env.ActorName()
	out.Note = w.Answer
	out.Notify(renda.ToRoles(renda.RoleStaff), w.OrgName+"回复了预算执行预警", w.Answer, "/budget/warnings/"+w.ID)
	return nil
}

func respond(w *Warning, in *renda.Input, env *renda.Env, out *renda.Outcome) error {
	w.Answer, w.AnsweredBy = in.Text("text"), env.ActorName()
	out.Note = w.Answer
	return nil
}

// Relations are the actor's ties to a warning.
func Relations(u *renda.User, w *Warning) renda.Rel {
	rel := renda.RoleRel(u)
	if u != nil && u.Role == renda.RoleUnit && u.OrgID != "" && u.OrgID == w.OrgID {
		rel = append(rel, "department")
	}
	return rel
}

// Thresholds are the warning rules' settings, read once per sweep.
type Thresholds struct {
	SlowGap, FastGap, FromMonth int // percentage points off the time schedule; the first month judged
	IdleMonths                  int // months without spending on a budgeted project
	DebtRatio                   int // balance as a percentage of the limit
	DueDay                      int // the day of the month last month's execution is due
	SanGongGrowth               int // 三公经费 growth in percent
}

// ThresholdsOf reads the thresholds from the settings.
func ThresholdsOf(s *renda.Settings) Thresholds {
	return Thresholds{SlowGap: s.Int("budget.slow_gap"), FastGap: s.Int("budget.fast_gap"), FromMonth: s.Int("budget.warn_from_month"),
		IdleMonths: s.Int("budget.idle_months"), DebtRatio: s.Int("budget.debt_ratio"), DueDay: s.Int("budget.data_due_day"),
		SanGongGrowth: s.Int("budget.sangong_growth")}
}

// Finding is a warning a rule calls for. It is raised once: per year, rule,
// department and What (a project, a debt, a month, a basis).
type Finding struct {
	Rule           string
	Year, Month    int
	OrgID, OrgName string
	What           string
	Message        string
}

// Key makes the finding once-only (year/rule/department[/what]).
func (f *Finding) Key() string {
	k := fmt.Sprintf("%d/%s/%s", f.Year, f.Rule, f.OrgID)
	if f.What != "" {
		k += "/" + f.What
	}
	return k
}

// Warning is the warning the finding raises.
func (f *Finding) Warning() *Warning {
	return &Warning{Rule: f.Rule, Year: f.Year, Month: f.Month, OrgID: f.OrgID, OrgName: f.OrgName, Key: f.Key()}
}

// DeptFigures are a department's budget and its execution through a month.
type DeptFigures struct {
	OrgID, OrgName   string
	Budget, Executed Fen
}

// ExecutionFindings judges each department's execution through month
// (Judge): over budget, too slow, too fast.
func ExecutionFindings(year, month int, ds []DeptFigures, t Thresholds) []Finding {
	var out []Finding
	for _, d := range ds {
		c := Check{Year: year, Month: month, Budget: d.Budget, Executed: d.Executed}
		for _, rule := range Judge(c, t.SlowGap, t.FastGap, t.FromMonth) {
			out = append(out, Finding{Rule: rule, Year: year, Month: month, OrgID: d.OrgID, OrgName: d.OrgName, Message: Message(rule, c)})
		}
	}
	return out
}

// ProjectFigures are a project's budget and the last month it spent (0: never).
type ProjectFigures struct {
	OrgID, OrgName, Project string
	Budget                  Fen
	LastSpent               int
}

// IdleFindings finds the budgeted projects idle for the set months by month (Idle).
func IdleFindings(year, month int, ps []ProjectFigures, t Thresholds) []Finding {
	var out []Finding
	for _, p := range ps {
		if !Idle(p.Budget, p.LastSpent, month, t.IdleMonths) {
			continue
		}
		out = append(out, Finding{Rule: RuleIdle, Year: year, Month: month, OrgID: p.OrgID, OrgName: p.OrgName, What: p.Project,
			Message: fmt.Sprintf("项目“%s”预算 %s 元，截至 %d 年 %d 月已连续 %d 个月没有支出", p.Project, p.Budget, year, month, month-p.LastSpent)})
	}
	return out
}

// LateFindings finds last month's execution data late on today (LateMonth),
// once this year's budget is in (budgetIn); lastMonth is the last month of
// this year with execution data.
func LateFindings(today renda.Date, budgetIn bool, lastMonth int, t Thresholds) []Finding {
	if !budgetIn {
		return nil
	}
	m := LateMonth(today, lastMonth, t.DueDay)
	if m == 0 {
		return nil
	}
	return []Finding{{Rule: RuleLate, Year: today.Year, Month: m, What: fmt.Sprint(m),
		Message: fmt.Sprintf("%d 年 %d 月的预算执行数据应在 %d 月 %d 日前报送，至今未收到", today.Year, m, m+1, t.DueDay)}}
}

// DebtFigures are one kind of debt's balance and limit at a year's end.
type DebtFigures struct {
	Year           int
	Name           string // the debt, as the 项目 column names it
	Balance, Limit Fen
}

// DebtFindings finds the debts above the set share of their limit (DebtHigh).
func DebtFindings(ds []DebtFigures, t Thresholds) []Finding {
	var out []Finding
	for _, d := range ds {
		if !DebtHigh(d.Balance, d.Limit, t.DebtRatio) {
			continue
		}
		out = append(out, Finding{Rule: RuleDebt, Year: d.Year, Month: 12, What: d.Name,
			Message: fmt.Sprintf("%d 年%s期末余额 %s 元，占债务限额 %s 元的 %s%%，超过预警线 %d%%", d.Year, d.Name, d.Balance, d.Limit, Rate(d.Balance, d.Limit), t.DebtRatio)})
	}
	return out
}

// SanGongFigures are a department's 三公经费 in a year against the year
// before: the budgets, and the spending through the same month.
type SanGongFigures struct {
	OrgID, OrgName   string
	Budget, Executed YearPair
}

// SanGongFindings finds the departments whose 三公经费 grew by more than
// the set percentage: the budget against last year's budget (when last
// year's budget is in, prevBudget), and the spending through month against
// the same months of last year (from the first month judged, when last
// year's execution covers them, prevExecuted). Each is raised once a year.
func SanGongFindings(year, month int, ds []SanGongFigures, prevBudget, prevExecuted bool, t Thresholds) []Finding {
	var out []Finding
	growth := func(p YearPair) string {
		if g := p.Growth(); g != "" {
			return "增长 " + g + "%"
		}
		return "上年为零"
	}
	for _, d := range ds {
		if prevBudget && GrowthAbove(d.Budget.Cur, d.Budget.Prev, t.SanGongGrowth) {
			out = append(out, Finding{Rule: RuleSanGong, Year: year, OrgID: d.OrgID, OrgName: d.OrgName, What: "budget",
				Message: fmt.Sprintf("%d 年三公经费预算 %s 元，比上年预算 %s 元%s，超过预警线 %d%%", year, d.Budget.Cur, d.Budget.Prev, growth(d.Budget), t.SanGongGrowth)})
		}
		if prevExecuted && month >= t.FromMonth && GrowthAbove(d.Executed.Cur, d.Executed.Prev, t.SanGongGrowth) {
			out = append(out, Finding{Rule: RuleSanGong, Year: year, Month: month, OrgID: d.OrgID, OrgName: d.OrgName, What: "execution",
				Message: fmt.Sprintf("%d 年 1—%d 月三公经费支出 %s 元，比上年同期 %s 元%s，超过预警线 %d%%", year, month, d.Executed.Cur, d.Executed.Prev, growth(d.Executed), t.SanGongGrowth)})
		}
	}
	return out
}
