package budget

import (
	"fmt"
	"strconv"
	"strings"
)

// Column headers of the templates (the same for a push: each row's fields
// are named by these headers' JSON names, see Fields).
const (
	ColYear     = "年度"
	ColMonth    = "月份"
	ColFund     = "预算类别"
	ColOrg      = "部门"
	ColFuncCode = "功能分类编码"
	ColFuncName = "功能分类名称"
	ColEconCode = "经济分类编码"
	ColEconName = "经济分类名称"
	ColProject  = "项目"
	ColItem     = "指标"
	ColAmount   = "金额（元）"
	// Adjustments and transfers only.
	ColDoc    = "文号"
	ColAdjust = "调整事项"
	ColReason = "事由"
)

// Column is a template column: its header, whether kind requires it, help.
type Column struct {
	Header, Field string
	Required      bool
	Width         float64
	Help          string
}

// Columns are the template columns of a kind of data.
func Columns(kind string) []Column {
	spend := kind == KindBudget || kind == KindExecution || kind == KindFinal
	adjust := kind == KindAdjustment
	cols := []Column{{Header: ColYear, Field: "year", Required: true, Width: 7, Help: "四位数字，如 2024；一个文件只能有一个年度"}}
	if kind == KindExecution {
		cols = append(cols, Column{Header: ColMonth, Field: "month", Required: true, Width: 6, Help: "1–12：该月的支出数（当月数，不是累计数）"})
	}
	if adjust {
		cols = append(cols,
			Column{Header: ColDoc, Field: "document", Required: true, Width: 22, Help: "调整方案或调剂批复的文号，如 常财预〔2024〕41号；同一文号的各行为一件，再次导入同一文号即替换"},
			Column{Header: ColAdjust, Field: "adjustment", Required: true, Width: 16, Help: strings.Join(AdjustItemNames(), "、")})
	}
	if spend || adjust {
		cols = append(cols, Column{Header: ColFund, Field: "fund", Required: true, Width: 16, Help: strings.Join(Funds, "、")})
	}
	cols = append(cols,
		Column{Header: ColOrg, Field: "department", Required: spend, Width: 24, Help: "预算单位（部门）全称或简称，与系统中的单位一致"},
		Column{Header: ColFuncCode, Field: "function_code", Required: spend, Width: 12, Help: "支出功能分类科目编码（3、5 或 7 位），如 2050201"},
		Column{Header: ColFuncName, Field: "function_name", Width: 20},
		Column{Header: ColEconCode, Field: "economic_code", Width: 10, Help: "部门预算支出经济分类科目编码（3 或 5 位），如 30201；三公经费按 30212 因公出国（境）费用、30217 公务接待费、31013 公务用车购置、30231 公务用车运行维护费列示"},
		Column{Header: ColEconName, Field: "economic_name", Width: 16},
		Column{Header: ColProject, Field: "project", Width: 24, Help: "项目支出填项目名称；基本支出留空"},
	)
	switch kind {
	case KindDebt:
		cols = append(cols, Column{Header: ColItem, Field: "item", Required: true, Width: 12, Help: strings.Join(DebtItems, "、")})
	case KindAssets:
		cols = append(cols, Column{Header: ColItem, Field: "item", Required: true, Width: 24, Help: "报告中的指标，如 行政事业性国有资产总额、企业国有资产总额、国有土地面积"})
	case KindAdjustment:
		cols = append(cols, Column{Header: ColReason, Field: "reason", Width: 30, Help: "调整或调剂的原因"})
		return append(cols, Column{Header: ColAmount, Field: "amount", Required: true, Width: 16, Help: "以元为单位，最多两位小数；调增为正数，调减为负数，如 -500000.00"})
	}
	return append(cols, Column{Header: ColAmount, Field: "amount", Required: true, Width: 16, Help: "以元为单位，最多两位小数，如 123456.78"})
}

// CellError is one fault in one cell of a row.
type CellError struct {
	Column, Message string
}

// ParseRow reads one row of kind (get returns a cell by header, trimmed) into
// a line, and lists every fault of the row. Departments are resolved by the
// store afterwards (the line's OrgName holds what was written).
func ParseRow(kind string, get func(string) string) (*Line, []CellError) {
	var errs []CellError
	bad := func(col, f string, a ...any) { errs = append(errs, CellError{col, fmt.Sprintf(f, a...)}) }
	l := &Line{Kind: kind}
	for _, c := range Columns(kind) {
		if c.Required && get(c.Header) == "" {
			bad(c.Header, "“%s”不能为空", c.Header)
		}
	}
	if v := get(ColYear); v != "" {
		y, err := strconv.Atoi(v)
		if err != nil || y < 2000 || y > 2100 {
			bad(ColYear, "年度“%s”应为 2000–2100 之间的四位数字", v)
		}
		l.Year = y
	}
	if kind == KindExecution {
		if v := get(ColMonth); v != "" {
			m, err := strconv.Atoi(strings.TrimSuffix(v, "月"))
			if err != nil || m < 1 || m > 12 {
				bad(ColMonth, "月份“%s”应为 1–12", v)
			}
			l.Month = m
		}
	}
	if v := get(ColFund); v != "" {
		ok := false
		for _, f := range Funds {
			ok = ok || f == v
		}
		if !ok {
			bad(ColFund, "预算类别“%s”应为 %s 之一", v, strings.Join(Funds, "、"))
		}
		l.Fund = v
	}
	l.OrgName = get(ColOrg)
	if v := get(ColFuncCode); v != "" {
		if !digits(v) || (len(v) != 3 && len(v) != 5 && len(v) != 7) || v[0] != '2' {
			bad(ColFuncCode, "功能分类编码“%s”应为 2 开头的 3、5 或 7 位数字", v)
		}
		l.FuncCode = v
	}
	l.FuncName = get(ColFuncName)
	if v := get(ColEconCode); v != "" {
		if !digits(v) || (len(v) != 3 && len(v) != 5) {
			bad(ColEconCode, "经济分类编码“%s”应为 3 或 5 位数字", v)
		}
		l.EconCode = v
	}
	l.EconName, l.Project = get(ColEconName), get(ColProject)
	if kind == KindAdjustment {
		l.Doc, l.Note = get(ColDoc), get(ColReason)
		if v := get(ColAdjust); v != "" {
			if _, ok := AdjustItemOf(v); !ok {
				bad(ColAdjust, "调整事项“%s”应为 %s 之一", v, strings.Join(AdjustItemNames(), "、"))
			}
			l.Item = v
		}
	}
	if v := get(ColItem); v != "" {
		if kind == KindDebt {
			ok := false
			for _, f := range DebtItems {
				ok = ok || f == v
			}
			if !ok {
				bad(ColItem, "指标“%s”应为 %s 之一", v, strings.Join(DebtItems, "、"))
			}
		}
		l.Item = v
	}
	for _, s := range []struct{ col, v string }{{ColOrg, l.OrgName}, {ColFuncName, l.FuncName}, {ColEconName, l.EconName}, {ColProject, l.Project}, {ColItem, l.Item},
		{ColDoc, l.Doc}, {ColReason, l.Note}} {
		if len([]rune(s.v)) > 200 {
			bad(s.col, "“%s”太长：最多 200 个字", s.col)
		}
	}
	if v := get(ColAmount); v != "" {
		a, err := ParseAmount(v)
		if err != nil {
			bad(ColAmount, "%s", err.Error())
		}
		l.Amount = a
	}
	return l, errs
}
