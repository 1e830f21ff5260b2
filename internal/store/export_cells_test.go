package store_test

import (
	"bytes"
	"context"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"renda"
	"renda/internal/store"
	"renda/internal/storetest"
	"renda/internal/xlsx"
	"renda/suggestion"
)

// isNumber reports whether a cell holds a number (dates are numbers too).
func isNumber(t *testing.T, f *excelize.File, sheet, ref string) bool {
	t.Helper()
	typ, err := f.GetCellType(sheet, ref)
	if err != nil {
		t.Fatal(err)
	}
	raw, _ := f.GetCellValue(sheet, ref, excelize.Options{RawCellValue: true})
	_, perr := strconv.ParseFloat(raw, 64)
	return (typ == excelize.CellTypeUnset || typ == excelize.CellTypeNumber) && perr == nil
}

// column returns the letter of the column with the header, in the header row.
func column(t *testing.T, f *excelize.File, sheet string, headerRow int, header string) string {
	t.Helper()
	rows, _ := f.GetRows(sheet)
	for i, h := range rows[headerRow-1] {
		if strings.TrimSuffix(h, "*") == header {
			c, _ := excelize.ColumnNumberToName(i + 1)
			return c
		}
	}
	t.Fatalf("%s: no column %s in %v", sheet, header, rows[headerRow-1])
	return ""
}

// Issue 9 point 30: dates are date cells, rates numbers in percent format,
// years and counts numbers, and the totals rows add up — items not yet
// assigned on their own row.
func TestSummaryWorkbookCellsAndTotals(t *testing.T) {
	eachSug(t, func(t *testing.T, e *sugEnv) {
		f := e.f
		a := e.assigned() // 主办 Unit1, 协办 Unit2
		e.act(f.UnitUser, a.ID, "contact", renda.V("method", "phone"))
		e.act(f.UnitUser, a.ID, "reply", renda.V("category", "B", "text", "已列入计划"))
		e.act(f.DeputyUser, a.ID, "feedback", renda.V("rating", renda.RatingSatisfied))
		// A split item: counted once, under its first unit.
		sp, err := e.db.CreateSuggestion(e.ctx, f.DeputyUser, store.SuggestionDraft{Title: "关于整治农村河道的建议", Body: "河道淤积。"})
		if err != nil {
			t.Fatal(err)
		}
		e.act(f.DeputyUser, sp.ID, "submit", renda.V())
		e.act(f.Staff, sp.ID, "register", renda.V("category", "城乡建设"))
		e.act(f.Staff, sp.ID, "assign", renda.V("lead_unit_id", f.Unit2.ID, "co_unit_ids", []string{f.Unit1.ID}, "co_role", suggestion.UnitSplit))
		// Registered but not yet assigned.
		un, err := e.db.CreateSuggestion(e.ctx, f.DeputyUser, store.SuggestionDraft{Title: "关于增设公交站点的建议", Body: "站点太远。"})
		if err != nil {
			t.Fatal(err)
		}
		e.act(f.DeputyUser, un.ID, "submit", renda.V())
		e.act(f.Staff, un.ID, "register", renda.V("category", "城乡建设"))

		// The items are read two at a time: three items cross a chunk.
		defer store.SetSummaryChunk(2)()
		var buf bytes.Buffer
		if err := e.db.WriteSuggestionSummary(e.ctx, f.Staff, store.SuggestionStatsFilter{Year: 2024}, "汇总表", &buf); err != nil {
			t.Fatal(err)
		}
		x, err := excelize.OpenReader(&buf)
		if err != nil {
			t.Fatal(err)
		}
		defer x.Close()

		// The item list: dates as dates.
		const list = "办理情况汇总表"
		rows, _ := x.GetRows(list)
		line := 0
		for i, r := range rows {
			if len(r) > 3 && r[3] == a.Title {
				line = i + 1
			}
		}
		if line == 0 {
			t.Fatalf("item not listed: %v", rows)
		}
		// Every item once, numbered in order, each with its own assisting
		// units; the notes count the same items.
		if len(rows) != 5 {
			t.Errorf("%d rows, want a title, a header and 3 items: %v", len(rows), rows)
		}
		coUnits := map[string]string{}
		for i, r := range rows[2:] {
			if r[0] != strconv.Itoa(i+1) {
				t.Errorf("row %d is numbered %q", i+1, r[0])
			}
			if len(r) > 10 {
				coUnits[r[3]] = r[10]
			}
		}
		if want := f.Unit2.Name + "（协办）"; coUnits[a.Title] != want {
			t.Errorf("co-units of %s: %q, want %q", a.Title, coUnits[a.Title], want)
		}
		if !strings.HasPrefix(coUnits[sp.Title], f.Unit1.Name+"（") {
			t.Errorf("co-units of %s: %q, want %s", sp.Title, coUnits[sp.Title], f.Unit1.Name)
		}
		if coUnits[un.Title] != "" {
			t.Errorf("co-units of the unassigned item: %q", coUnits[un.Title])
		}
		if note, _ := x.GetCellValue("办理情况汇总表说明", "A1"); !strings.HasPrefix(note, "共 3 件") {
			t.Errorf("note %q, want 共 3 件", note)
		}
		// More items than one table may hold: refused, saying what to do.
		func() {
			defer store.SetSummaryMax(2)()
			err := e.db.WriteSuggestionSummary(e.ctx, f.Staff, store.SuggestionStatsFilter{Year: 2024}, "汇总表", &bytes.Buffer{})
			if renda.ErrorCode(err) != renda.EINVALID || !strings.Contains(err.Error(), "请选择年度或会次") {
				t.Errorf("a table over the limit: %v", err)
			}
		}()
		for _, h := range []string{"交办日期", "答复期限", "答复日期"} {
			ref := column(t, x, list, 2, h) + strconv.Itoa(line)
			v, _ := x.GetCellValue(list, ref)
			if !isNumber(t, x, list, ref) || len(v) != 10 || v[4] != '-' {
				raw, _ := x.GetCellValue(list, ref, excelize.Options{RawCellValue: true})
				t.Errorf("%s %s: %q (raw %q) is not a date cell", h, ref, v, raw)
			}
		}
		if ref := column(t, x, list, 2, "序号") + strconv.Itoa(line); !isNumber(t, x, list, ref) {
			t.Errorf("序号 is not a number")
		}

		// Per unit: numbers, a percent rate, an unassigned row, and a total
		// row that is the sum of the rows above it.
		for _, sheet := range []string{"承办单位", "分类", "代表团"} {
			rows, _ := x.GetRows(sheet)
			header := rows[1]
			data := rows[2:]
			last := len(data) + 2
			if data[len(data)-1][0] != "合计" {
				t.Fatalf("%s: last row is not 合计: %v", sheet, data[len(data)-1])
			}
			for c, h := range header {
				if c == 0 || h == "满意率" {
					continue
				}
				col, _ := excelize.ColumnNumberToName(c + 1)
				sum := 0
				for r := 3; r < last; r++ {
					ref := col + strconv.Itoa(r)
					if v, _ := x.GetCellValue(sheet, ref); v != "" {
						if !isNumber(t, x, sheet, ref) {
							t.Errorf("%s %s (%s): %q is not a number", sheet, ref, h, v)
						}
						n, _ := strconv.Atoi(v)
						sum += n
					}
				}
				tv, _ := x.GetCellValue(sheet, col+strconv.Itoa(last))
				total, _ := strconv.Atoi(tv)
				if tv != "" && !isNumber(t, x, sheet, col+strconv.Itoa(last)) {
					t.Errorf("%s 合计 %s is not a number", sheet, h)
				}
				if sum != total {
					t.Errorf("%s: column %s adds up to %d, 合计 says %d", sheet, h, sum, total)
				}
			}
			if tv, _ := x.GetCellValue(sheet, column(t, x, sheet, 2, "件数")+strconv.Itoa(last)); tv != "3" {
				t.Errorf("%s: 合计 件数 = %s, want 3", sheet, tv)
			}
			rate := column(t, x, sheet, 2, "满意率") + strconv.Itoa(last)
			v, _ := x.GetCellValue(sheet, rate)
			raw, _ := x.GetCellValue(sheet, rate, excelize.Options{RawCellValue: true})
			if !isNumber(t, x, sheet, rate) || v != "100.0%" || raw != "1" {
				t.Errorf("%s: 满意率 %q (raw %q) is not a number in percent format", sheet, v, raw)
			}
		}
		rows, _ = x.GetRows("承办单位")
		found := false
		for _, r := range rows {
			if r[0] == "（尚未交办）" && r[1] == "1" {
				found = true
			}
		}
		if !found {
			t.Errorf("no row for the unassigned item: %v", rows)
		}
	})
}

// Deputy exports write birth years and term numbers as numbers.
func TestDeputyExportNumbers(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := storetest.Fixture(t, db)
		list, _, err := db.Deputies(context.Background(), f.Staff, renda.DeputyFilter{})
		if err != nil || len(list) == 0 {
			t.Fatalf("deputies: %v", err)
		}
		list[0].BirthYear = 1975
		var buf bytes.Buffer
		if err := xlsx.Write(&buf, xlsx.Sheet{Name: "代表名册", Columns: store.DeputyColumns, Rows: store.DeputyRows(list)}); err != nil {
			t.Fatal(err)
		}
		x, err := excelize.OpenReader(&buf)
		if err != nil {
			t.Fatal(err)
		}
		defer x.Close()
		for _, h := range []string{"出生年份", "届次"} {
			ref := column(t, x, "代表名册", 1, h) + "2"
			if v, _ := x.GetCellValue("代表名册", ref); v == "" || !isNumber(t, x, "代表名册", ref) {
				t.Errorf("%s: %q is not a number", h, v)
			}
		}
	})
}

// Import errors: sorted by row, one message per fault, every fault of a
// row reported.
func TestImportErrorsSortedAndComplete(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := storetest.Fixture(t, db)
		row := func(name, by, congress, term, status string) []any {
			return []any{"", name, "男", "汉族", by, "中共党员", "教师", "专业技术人员", congress, term, "", "", "", "", "", status, ""}
		}
		wb := workbook(t, store.DeputyColumns, [][]any{
			row("赵一", "1980", "常宁市人民代表大会", "18", "在任"),
			row("钱二", "1980", "常宁市人民代表大会", "18", "出国"), // bad status
			row("", "一九八零", "没有这个人大", "第十八届", "在任"),    // no name, bad year, unknown congress, bad term
			row("孙四", "1980", "常宁市人民代表大会", "18", ""),
			row("", "1980", "常宁市人民代表大会", "18", "在任"), // no name
		})
		rows, probs, err := xlsx.Read(wb, store.DeputyColumns)
		if err != nil {
			t.Fatal(err)
		}
		_, _, err = db.ImportDeputies(context.Background(), f.Staff, rows, probs)
		var ie *xlsx.ImportError
		if !errorsAs(err, &ie) {
			t.Fatalf("import: %v", err)
		}
		var got []string
		for i, p := range ie.Rows {
			got = append(got, itoa(p.Line)+"/"+p.Column)
			if i > 0 && p.Line < ie.Rows[i-1].Line {
				t.Errorf("not sorted by row: %v", ie.Rows)
			}
		}
		want := []string{"4/状态", "5/姓名", "5/出生年份", "5/所属人大", "5/届次", "7/姓名"}
		seen := map[string]int{}
		for _, g := range got {
			seen[g]++
		}
		for _, w := range want {
			if seen[w] != 1 {
				t.Errorf("%s reported %d times (want once): %v", w, seen[w], ie.Rows)
			}
		}
		if len(got) != len(want) {
			t.Errorf("faults = %v, want %v", got, want)
		}
	})
}
