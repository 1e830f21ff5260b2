// Package budget is budget supervision (预算联网监督): the finance bureau's
// budget, monthly execution, final accounts, debt and state-asset figures as
// lines of one table, their validation (every bad row and column named), and
// the warnings a sweep raises from them (execution too slow or too fast,
// spending above plan, 三公经费 growing), each followed up on one workflow;
// budget adjustments and transfers (预算调整和调剂), those needing the
// committee's approval on a workflow of their own; and the committee's
// reviews and deputies' questions.
package budget

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"renda"
)

// Kinds of data the finance bureau sends.
const (
	KindBudget    = "budget"    // 预算（年初预算及调整）
	KindExecution = "execution" // 执行（按月支出）
	KindFinal     = "final"     // 决算
	KindDebt      = "debt"      // 政府债务
	KindAssets    = "assets"    // 国有资产报告
	// KindAdjustment lines are budget adjustments and transfers, signed
	// (+ an increase, − a decrease), grouped by the document (文号) that
	// made them; see Adjustment.
	KindAdjustment = "adjustment" // 预算调整和调剂
)

// Kinds in display order.
var Kinds = []string{KindBudget, KindExecution, KindFinal, KindDebt, KindAssets, KindAdjustment}

// KindLabel is the Chinese name of a kind of data.
func KindLabel(k string) string {
	switch k {
	case KindBudget:
		return "预算"
	case KindExecution:
		return "月度执行"
	case KindFinal:
		return "决算"
	case KindDebt:
		return "政府债务"
	case KindAssets:
		return "国有资产"
	case KindAdjustment:
		return "预算调整和调剂"
	}
	return k
}

// ValidKind reports whether k is a known kind.
func ValidKind(k string) bool {
	for _, v := range Kinds {
		if v == k {
			return true
		}
	}
	return false
}

// Funds are the four budgets (四本预算).
var Funds = []string{"一般公共预算", "政府性基金预算", "国有资本经营预算", "社会保险基金预算"}

// DebtItems are the figures of a debt line.
var DebtItems = []string{"债务限额", "期末余额", "新增举借", "偿还本金", "支付利息"}

// Fen is an amount in fen (0.01 元): amounts are never floats.
type Fen int64

// String writes the amount in 元 with two decimals, e.g. "123456.78".
func (f Fen) String() string {
	sign := ""
	n := int64(f)
	if n < 0 {
		sign, n = "-", -n
	}
	return fmt.Sprintf("%s%d.%02d", sign, n/100, n%100)
}

// Wan writes the amount in 万元 with two decimals (rounded half up), for pages.
func (f Fen) Wan() string {
	n := int64(f)
	sign := ""
	if n < 0 {
		sign, n = "-", -n
	}
	w := (n + 50) / 100 // 元, rounded
	c := (w + 50) / 100 // hundredths of 万元
	return fmt.Sprintf("%s%d.%02d", sign, c/100, c%100)
}

// ParseAmount reads an amount in 元: digits, an optional minus sign, at most
// two decimals, thousands separators allowed. The result is exact.
func ParseAmount(s string) (Fen, error) {
	s = strings.TrimSpace(strings.ReplaceAll(strings.ReplaceAll(s, ",", ""), "，", ""))
	if s == "" {
		return 0, fmt.Errorf("金额不能为空")
	}
	neg := false
	if strings.HasPrefix(s, "-") {
		neg, s = true, s[1:]
	}
	whole, frac, dot := strings.Cut(s, ".")
	if whole == "" || !digits(whole) || (dot && (frac == "" || !digits(frac))) {
		return 0, fmt.Errorf("金额“%s”不是数字：应以元为单位，最多两位小数，如 123456.78", s)
	}
	if len(frac) > 2 {
		if strings.Trim(frac[2:], "0") != "" {
			return 0, fmt.Errorf("金额“%s”超过两位小数：请以元为单位，精确到分", s)
		}
		frac = frac[:2]
	}
	for len(frac) < 2 {
		frac += "0"
	}
	if len(whole) > 15 {
		return 0, fmt.Errorf("金额“%s”太大", s)
	}
	w, _ := strconv.ParseInt(whole, 10, 64)
	c, _ := strconv.ParseInt(frac, 10, 64)
	n := w*100 + c
	if neg {
		n = -n
	}
	return Fen(n), nil
}

func digits(s string) bool {
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

// Rate is executed/budget as a percentage with two decimals ("45.67"),
// rounded half up; "" when there is no budget.
func Rate(executed, budget Fen) string {
	if budget <= 0 {
		return ""
	}
	// basis points × 100, rounded: executed*10000/budget with half-up.
	num := int64(executed) * 20000
	q := num / int64(budget)
	if q >= 0 {
		q = (q + 1) / 2
	} else {
		q = (q - 1) / 2
	}
	sign := ""
	if q < 0 {
		sign, q = "-", -q
	}
	return fmt.Sprintf("%s%d.%02d", sign, q/100, q%100)
}

// Growth is the change from prev to cur as a percentage of prev with two
// decimals ("-12.50"), rounded half away from zero; "" when prev is not
// positive (no base to compare with).
func Growth(cur, prev Fen) string {
	if prev <= 0 {
		return ""
	}
	return Rate(cur-prev, prev)
}

// YearPair is one figure in a year and the same figure the year before
// (execution: through the same month).
type YearPair struct {
	Cur, Prev Fen
}

// Diff is the change from the year before.
func (p YearPair) Diff() Fen { return p.Cur - p.Prev }

// Growth is the change in percent ("" without a figure the year before).
func (p YearPair) Growth() string { return Growth(p.Cur, p.Prev) }

// Line is one figure of the finance bureau's data.
type Line struct {
	ID           string `json:"id"`
	ImportID     string `json:"import_id"`
	Kind         string `json:"kind"`
	Year         int    `json:"year"`
	Month        int    `json:"month,omitempty"` // execution only: 1–12
	Row          int    `json:"row"`             // the row of the file it came from
	Fund         string `json:"fund,omitempty"`
	OrgID        string `json:"organization_id,omitempty"`
	OrgName      string `json:"organization,omitempty"`
	FuncCode     string `json:"function_code,omitempty"`
	FuncName     string `json:"function_name,omitempty"`
	EconCode     string `json:"economic_code,omitempty"`
	EconName     string `json:"economic_name,omitempty"`
	Project      string `json:"project,omitempty"`
	Item         string `json:"item,omitempty"`     // debt and assets: the figure; adjustments: the 调整事项
	Doc          string `json:"document,omitempty"` // adjustments: the document (文号)
	Note         string `json:"reason,omitempty"`   // adjustments: the reason (事由)
	Amount       Fen    `json:"-"`
	AmountString string `json:"amount"`
}

// Import is one file or push of data: it replaces the lines of the same
// kind and year (and, for execution, the same months) imported before,
// which stay in the history.
type Import struct {
	ID        string    `json:"id"`
	Kind      string    `json:"kind"`
	Year      int       `json:"year"`
	Source    string    `json:"source"` // excel, api
	FileName  string    `json:"file_name,omitempty"`
	Batch     string    `json:"batch,omitempty"`
	Rows      int       `json:"rows"`
	Total     string    `json:"total"`
	Replaced  int       `json:"replaced"` // lines of earlier imports it replaced
	CreatedBy string    `json:"created_by,omitempty"`
	CreatedAt time.Time `json:"created_at"`
}

// Function classes (功能分类, 类级) by their three-digit code.
var FunctionClasses = map[string]string{
	"201": "一般公共服务支出", "202": "外交支出", "203": "国防支出", "204": "公共安全支出", "205": "教育支出", "206": "科学技术支出",
	"207": "文化旅游体育与传媒支出", "208": "社会保障和就业支出", "209": "社会保险基金支出", "210": "卫生健康支出", "211": "节能环保支出",
	"212": "城乡社区支出", "213": "农林水支出", "214": "交通运输支出", "215": "资源勘探工业信息等支出", "216": "商业服务业等支出",
	"217": "金融支出", "219": "援助其他地区支出", "220": "自然资源海洋气象等支出", "221": "住房保障支出", "222": "粮油物资储备支出",
	"223": "国有资本经营预算支出", "224": "灾害防治及应急管理支出", "227": "预备费", "229": "其他支出", "230": "转移性支出",
	"231": "债务还本支出", "232": "债务付息支出", "233": "债务发行费用支出",
}

// FunctionClass returns the class code and name of a function code.
func FunctionClass(code string) (string, string) {
	if len(code) < 3 {
		return "", "未分类"
	}
	c := code[:3]
	if n, ok := FunctionClasses[c]; ok {
		return c, n
	}
	return c, c
}

var settings = renda.RegisterSettings([]renda.SettingDef{
	{Key: "budget.slow_gap", Group: "预算联网监督", Label: "执行偏慢预警（百分点）", Kind: renda.KindInt, Default: 15, Min: 1, Max: 100,
		Help: "部门累计支出进度低于时间进度（已过月数÷12）超过这么多个百分点时预警；恰好等于不预警。[P]"},
	{Key: "budget.fast_gap", Group: "预算联网监督", Label: "执行偏快预警（百分点）", Kind: renda.KindInt, Default: 25, Min: 1, Max: 100,
		Help: "部门累计支出进度高于时间进度超过这么多个百分点时预警；恰好等于不预警。[P]"},
	{Key: "budget.warn_from_month", Group: "预算联网监督", Label: "进度预警起始月份", Kind: renda.KindInt, Default: 3, Min: 1, Max: 12,
		Help: "从第几个月的执行数据起检查支出进度（年初支出零星，过早预警没有意义）。超预算支出不受此限。[P]"},
	{Key: "budget.idle_months", Group: "预算联网监督", Label: "项目未支出预警（月）", Kind: renda.KindInt, Default: 3, Min: 1, Max: 12,
		Help: "有预算的项目连续这么多个月没有支出时预警（恰好满这么多个月即预警）。[P]"},
	{Key: "budget.debt_ratio", Group: "预算联网监督", Label: "债务余额占限额预警（%）", Kind: renda.KindInt, Default: 90, Min: 1, Max: 200,
		Help: "同一类债务的期末余额超过债务限额的这个百分比时预警；恰好等于不预警。[P]"},
	{Key: "budget.data_due_day", Group: "预算联网监督", Label: "月度执行数据报送日", Kind: renda.KindInt, Default: 15, Min: 1, Max: 28,
		Help: "财政部门每月这一天前报送上月执行数据；过了这一天仍未报送即预警（只在本年已有预算数据时检查）。[P]"},
	{Key: "budget.sangong_growth", Group: "预算联网监督", Label: "三公经费增长预警（%）", Kind: renda.KindInt, Default: 0, Min: 0, Max: 100,
		Help: "部门三公经费（因公出国（境）费用、公务接待费、公务用车购置及运行维护费）的预算比上年预算、或累计支出比上年同期，增长超过这个百分比时预警；恰好等于不预警。默认 0：只减不增，增长即预警。[P]"},
	{Key: "budget.adjustment_days", Group: "预算联网监督", Label: "预算调整方案提前送交天数", Kind: renda.KindInt, Default: 30, Min: 1, Max: 90,
		Help: "预算法第六十九条：预算调整方案应在常委会会议审查和批准的这么多日前，送交财政经济委员会（常委会有关工作机构）征求意见。[V] 30 日。"},
	{Key: "budget.preliminary_days", Group: "预算联网监督", Label: "预算草案初步审查提前天数", Kind: renda.KindInt, Default: 30, Min: 1, Max: 90,
		Help: "预算法：预算草案在人民代表大会会议举行前提交财政经济委员会（常委会有关工作机构）初步审查的天数。[V] 县级 30 日。"},
}...)

// Settings are the budget settings (for tests and pages).
var Settings = settings
