package xlsx_test

import (
	"archive/zip"
	"bytes"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"renda"
	"renda/internal/storetest"
	"renda/internal/xlsx"
)

var columns = []xlsx.Column{
	{Header: "姓名", Width: 10, Required: true, Help: "填写真实姓名"},
	{Header: "届次", Width: 6, Required: true, Help: "数字，如 18"},
	{Header: "得票率"},
	{Header: "手机"},
	{Header: "任职日期"},
	{Header: "登记时间"},
	{Header: "备注", Width: 40},
}

// sample is a sheet with Chinese text, whole and decimal numbers, a phone
// number held as text, days, instants (written in China Standard Time) and
// empty dates, with a title row and notes.
func sample() xlsx.Sheet {
	return xlsx.Sheet{Name: "代表名册", Title: "常委会代表名册（2024年）", Columns: columns, Rows: [][]any{
		{"王建国", 18, 0.875, "13812345678", renda.NewDate(2021, 9, 20), time.Date(2024, 5, 6, 1, 30, 0, 0, time.UTC), "柏坊镇代表团；“优秀代表”"},
		{"刘秀兰", int64(18), 1.5, "", renda.Date{}, time.Time{}, ""},
		{"盘秀英", 19, 0.1 + 0.2, "0734-7221234", renda.NewDate(2024, 2, 29), time.Date(2024, 12, 31, 16, 5, 0, 0, time.UTC), "瑶族，塔山瑶族乡"},
	}, Notes: []string{"带 * 的列必填。", "示例行请删除后再导入。"}}
}

func write(t *testing.T, sheets ...xlsx.Sheet) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := xlsx.Write(&buf, sheets...); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// TestWriteThenRead writes a workbook and reads it back: every value comes
// back as it was written (dates and instants as renda writes them, numbers
// as numbers), each row with its line as a spreadsheet shows it.
func TestWriteThenRead(t *testing.T) {
	b := write(t, sample())
	rows, problems, err := xlsx.Read(bytes.NewReader(b), columns)
	if err != nil || len(problems) != 0 {
		t.Fatalf("read: %v %v", err, problems)
	}
	want := []xlsx.Row{
		{Line: 3, Values: map[string]string{"姓名": "王建国", "届次": "18", "得票率": "0.875", "手机": "13812345678", "任职日期": "2021-09-20", "登记时间": "2024-05-06 09:30", "备注": "柏坊镇代表团；“优秀代表”"}},
		{Line: 4, Values: map[string]string{"姓名": "刘秀兰", "届次": "18", "得票率": "1.5"}},
		{Line: 5, Values: map[string]string{"姓名": "盘秀英", "届次": "19", "得票率": "0.3", "手机": "0734-7221234", "任职日期": "2024-02-29", "登记时间": "2025-01-01 00:05", "备注": "瑶族，塔山瑶族乡"}},
	}
	if len(rows) != len(want) {
		t.Fatalf("%d rows, want %d: %+v", len(rows), len(want), rows)
	}
	for i := range want {
		got := rows[i]
		// Empty cells may be absent or empty: compare what Get returns.
		for _, c := range columns {
			if got.Get(c.Header) != want[i].Values[c.Header] {
				t.Errorf("row %d, %s: %q, want %q", i+1, c.Header, got.Get(c.Header), want[i].Values[c.Header])
			}
		}
		if got.Line != want[i].Line {
			t.Errorf("row %d is on line %d, want %d", i+1, got.Line, want[i].Line)
		}
	}

	// What a spreadsheet program sees.
	f, err := excelize.OpenReader(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if got := f.GetSheetList(); !reflect.DeepEqual(got, []string{"代表名册", "填写说明"}) {
		t.Errorf("sheets %q", got)
	}
	cell := func(sheet, ref string) string {
		v, err := f.GetCellValue(sheet, ref)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	if cell("代表名册", "A1") != "常委会代表名册（2024年）" || cell("代表名册", "A2") != "姓名*" || cell("代表名册", "B2") != "届次*" || cell("代表名册", "C2") != "得票率" {
		t.Errorf("title and header: %q %q %q %q", cell("代表名册", "A1"), cell("代表名册", "A2"), cell("代表名册", "B2"), cell("代表名册", "C2"))
	}
	if cell("填写说明", "A1") != "带 * 的列必填。" || cell("填写说明", "A2") != "示例行请删除后再导入。" {
		t.Errorf("notes: %q %q", cell("填写说明", "A1"), cell("填写说明", "A2"))
	}
	// Numbers are numbers (a spreadsheet can sum them); a phone number given as text stays text.
	for ref, wantText := range map[string]bool{"B3": false, "C3": false, "B4": false, "C5": false, "D3": true, "A3": true} {
		typ, err := f.GetCellType("代表名册", ref)
		if err != nil {
			t.Fatal(err)
		}
		isText := typ == excelize.CellTypeSharedString || typ == excelize.CellTypeInlineString
		if isText != wantText {
			t.Errorf("%s: cell type %v, want text %v", ref, typ, wantText)
		}
	}
	if raw, _ := f.GetCellValue("代表名册", "C3", excelize.Options{RawCellValue: true}); raw != "0.875" {
		t.Errorf("C3 holds %q", raw)
	}
	// Help goes in a comment on the header; widths as given (14 by default); the header row is frozen.
	comments, err := f.GetComments("代表名册")
	if err != nil {
		t.Fatal(err)
	}
	helps := map[string]string{}
	for _, c := range comments {
		var text string
		for _, p := range c.Paragraph {
			text += p.Text
		}
		helps[c.Cell] = text
	}
	if helps["A2"] != "填写真实姓名" || helps["B2"] != "数字，如 18" || len(helps) != 2 {
		t.Errorf("header comments %q", helps)
	}
	for col, w := range map[string]float64{"A": 10, "C": 14, "G": 40} {
		if got, _ := f.GetColWidth("代表名册", col); got != w {
			t.Errorf("width of %s: %v, want %v", col, got, w)
		}
	}
	if p, err := f.GetPanes("代表名册"); err != nil || !p.Freeze || p.YSplit != 2 {
		t.Errorf("panes %+v %v", p, err)
	}

	// Several sheets: each keeps its name, and notes go to a sheet named after it.
	second := xlsx.Sheet{Name: "单位", Columns: []xlsx.Column{{Header: "名称"}}, Rows: [][]any{{"某某市水利局"}}, Notes: []string{"单位说明"}}
	g, err := excelize.OpenReader(bytes.NewReader(write(t, sample(), second)))
	if err != nil {
		t.Fatal(err)
	}
	defer g.Close()
	if got := g.GetSheetList(); !reflect.DeepEqual(got, []string{"代表名册", "单位", "代表名册说明", "单位说明"}) {
		t.Errorf("sheets of two: %q", got)
	}
	if v, _ := g.GetCellValue("单位", "A2"); v != "某某市水利局" {
		t.Errorf("second sheet A2 %q", v)
	}
}

// TestReadWhatPeopleType reads a workbook made in a spreadsheet program: no
// title row, real date cells (in the built-in date formats), numbers, a
// header with "*" and spaces, blank rows, and extra sheets after the first.
func TestReadWhatPeopleType(t *testing.T) {
	f := excelize.NewFile()
	defer f.Close()
	set := func(ref string, v any) {
		if err := f.SetCellValue("Sheet1", ref, v); err != nil {
			t.Fatal(err)
		}
	}
	set("A1", " 姓名* ")
	set("B1", "任职日期")
	set("C1", "登记时间")
	set("D1", "届次")
	set("A2", "王建国")
	set("B2", time.Date(2021, 9, 20, 0, 0, 0, 0, time.UTC))
	set("C2", time.Date(2024, 5, 6, 9, 30, 0, 0, time.UTC))
	set("D2", 18)
	set("A4", "刘秀兰") // row 3 is blank
	set("D4", 18.0)
	day, err := f.NewStyle(&excelize.Style{NumFmt: 14})
	if err != nil {
		t.Fatal(err)
	}
	if err := f.SetCellStyle("Sheet1", "B2", "B2", day); err != nil {
		t.Fatal(err)
	}
	if _, err := f.NewSheet("其他"); err != nil {
		t.Fatal(err)
	}
	_ = f.SetCellValue("其他", "A1", "不读这张表")
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	rows, problems, err := xlsx.Read(&buf, []xlsx.Column{{Header: "姓名", Required: true}, {Header: "任职日期"}, {Header: "登记时间"}, {Header: "届次"}})
	if err != nil || len(problems) != 0 {
		t.Fatalf("read: %v %v", err, problems)
	}
	if len(rows) != 2 {
		t.Fatalf("%d rows: %+v", len(rows), rows)
	}
	for _, c := range []struct {
		row           int
		header, value string
	}{{0, "姓名", "王建国"}, {0, "任职日期", "2021-09-20"}, {0, "登记时间", "2024-05-06 09:30"}, {0, "届次", "18"}, {1, "姓名", "刘秀兰"}, {1, "届次", "18"}} {
		if got := rows[c.row].Get(c.header); got != c.value {
			t.Errorf("row %d %s: %q, want %q", c.row+1, c.header, got, c.value)
		}
	}
	if rows[0].Line != 2 || rows[1].Line != 4 {
		t.Errorf("lines %d and %d, want 2 and 4", rows[0].Line, rows[1].Line)
	}
	// One column is enough for a header when the import has one column.
	one := write(t, xlsx.Sheet{Name: "表", Columns: []xlsx.Column{{Header: "工单编号"}}, Rows: [][]any{{"CN2405060001"}}})
	if rows, _, err := xlsx.Read(bytes.NewReader(one), []xlsx.Column{{Header: "工单编号"}}); err != nil || len(rows) != 1 || rows[0].Get("工单编号") != "CN2405060001" {
		t.Errorf("one column: %+v %v", rows, err)
	}
}

// TestReadRefuses: files that are not workbooks, and workbooks that do not
// fit the columns, are refused with a Chinese message saying where.
func TestReadRefuses(t *testing.T) {
	cols := []xlsx.Column{{Header: "姓名", Required: true}, {Header: "届次", Required: true}, {Header: "备注"}}
	importErr := func(t *testing.T, err error) []xlsx.RowError {
		t.Helper()
		var ie *xlsx.ImportError
		if !errors.As(err, &ie) {
			t.Fatalf("want an ImportError, got %v", err)
		}
		if !strings.Contains(ie.Error(), "未导入任何数据") {
			t.Errorf("message %q", ie.Error())
		}
		return ie.Rows
	}

	t.Run("not a workbook", func(t *testing.T) {
		for name, b := range map[string][]byte{
			"text":      []byte("姓名,届次\n王建国,18\n"),
			"empty":     nil,
			"truncated": write(t, sample())[:500],
			"zip":       zipWith(t, "hello.txt", "not a workbook"),
		} {
			_, _, err := xlsx.Read(bytes.NewReader(b), cols)
			if renda.ErrorCode(err) != renda.EINVALID || !strings.Contains(renda.ErrorMessage(err), ".xlsx") {
				t.Errorf("%s: %v", name, err)
			}
		}
	})
	t.Run("no header", func(t *testing.T) {
		b := write(t, xlsx.Sheet{Name: "表", Columns: []xlsx.Column{{Header: "甲"}, {Header: "乙"}}, Rows: [][]any{{"1", "2"}}})
		rows := importErr(t, second(xlsx.Read(bytes.NewReader(b), cols)))
		if len(rows) != 1 || rows[0].Column != "表头" {
			t.Errorf("%+v", rows)
		}
	})
	t.Run("header below the sixth row", func(t *testing.T) {
		f := excelize.NewFile()
		_ = f.SetCellValue("Sheet1", "A8", "姓名")
		_ = f.SetCellValue("Sheet1", "B8", "届次")
		_ = f.SetCellValue("Sheet1", "A9", "王建国")
		_ = f.SetCellValue("Sheet1", "B9", 18)
		var buf bytes.Buffer
		_ = f.Write(&buf)
		importErr(t, second(xlsx.Read(&buf, cols)))
	})
	t.Run("unknown and missing columns", func(t *testing.T) {
		b := write(t, xlsx.Sheet{Name: "表", Columns: []xlsx.Column{{Header: "姓名"}, {Header: "备注"}, {Header: "籍贯"}}, Rows: [][]any{{"王建国", "", "湖南"}}})
		rows := importErr(t, second(xlsx.Read(bytes.NewReader(b), cols)))
		var msgs []string
		for _, r := range rows {
			msgs = append(msgs, r.Message)
			if r.Line != 1 {
				t.Errorf("problem on line %d, want the header's 1", r.Line)
			}
		}
		all := strings.Join(msgs, "；")
		if len(rows) != 2 || !strings.Contains(all, "第 C 列的表头“籍贯”不是模板中的列") || !strings.Contains(all, "缺少必填列“届次”") {
			t.Errorf("problems: %s", all)
		}
	})
	t.Run("no data rows", func(t *testing.T) {
		b := write(t, xlsx.Sheet{Name: "表", Title: "标题", Columns: cols})
		rows := importErr(t, second(xlsx.Read(bytes.NewReader(b), cols)))
		if len(rows) != 1 || rows[0].Line != 3 || !strings.Contains(rows[0].Message, "没有数据行") {
			t.Errorf("%+v", rows)
		}
	})
	t.Run("required cells left empty", func(t *testing.T) {
		b := write(t, xlsx.Sheet{Name: "表", Columns: cols, Rows: [][]any{{"王建国", 18, ""}, {"", 18, "无名"}, {"刘秀兰", "  ", ""}}})
		rows, problems, err := xlsx.Read(bytes.NewReader(b), cols)
		if err != nil || len(rows) != 3 {
			t.Fatalf("read: %d rows, %v", len(rows), err)
		}
		want := []xlsx.RowError{{Line: 3, Column: "姓名", Message: "必填，不能为空"}, {Line: 4, Column: "届次", Message: "必填，不能为空"}}
		if !reflect.DeepEqual(problems, want) {
			t.Errorf("problems %+v, want %+v", problems, want)
		}
	})
	t.Run("too many rows", func(t *testing.T) {
		rows := make([][]any, xlsx.MaxRows+1)
		for i := range rows {
			rows[i] = []any{"代表", 18}
		}
		b := write(t, xlsx.Sheet{Name: "表", Columns: cols, Rows: rows})
		if _, _, err := xlsx.Read(bytes.NewReader(b), cols); renda.ErrorCode(err) != renda.ETOOLARGE {
			t.Errorf("%d rows: %v", len(rows), err)
		}
		ok := write(t, xlsx.Sheet{Name: "表", Columns: cols, Rows: rows[:xlsx.MaxRows]})
		if got, _, err := xlsx.Read(bytes.NewReader(ok), cols); err != nil || len(got) != xlsx.MaxRows {
			t.Errorf("%d rows: %d read, %v", xlsx.MaxRows, len(got), err)
		}
	})
}

// TestWorkbookOpensInLibreOffice has a real spreadsheet engine read what
// Write wrote: the Chinese text, the numbers and the dates come out intact.
func TestWorkbookOpensInLibreOffice(t *testing.T) {
	lo, err := exec.LookPath("libreoffice")
	if err != nil {
		storetest.SkipOrFail(t, "libreoffice is not installed (apt-get install -y libreoffice-calc)")
	}
	dir := t.TempDir()
	path := filepath.Join(dir, "名册.xlsx")
	if err := os.WriteFile(path, write(t, sample()), 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(lo, "--headless", "-env:UserInstallation=file://"+filepath.Join(dir, "profile"),
		"--convert-to", "csv:Text - txt - csv (StarCalc):44,34,76,1", "--outdir", dir, path)
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("libreoffice: %v\n%s", err, b)
	}
	csv, err := os.ReadFile(filepath.Join(dir, "名册.csv"))
	if err != nil {
		t.Fatalf("no CSV: %v", err)
	}
	// LibreOffice quotes text cells and leaves numbers and dates bare: 届次
	// and 得票率 are numbers, the dates are date cells shown as renda writes
	// them (issue 9 point 30), the phone number stays text.
	lines := strings.Split(strings.TrimSpace(string(csv)), "\n")
	want := []string{
		`"常委会代表名册（2024年）"`,
		`"姓名*","届次*","得票率","手机","任职日期","登记时间","备注"`,
		`"王建国",18,0.875,"13812345678",2021-09-20,2024-05-06 09:30,"柏坊镇代表团；“优秀代表”"`,
		`"刘秀兰",18,1.5`,
		`"盘秀英",19,0.3,"0734-7221234",2024-02-29,2025-01-01 00:05,"瑶族，塔山瑶族乡"`,
	}
	if len(lines) != len(want) {
		t.Fatalf("CSV has %d lines, want %d:\n%s", len(lines), len(want), csv)
	}
	for i := range want {
		if got := strings.TrimRight(strings.TrimSpace(lines[i]), ","); got != want[i] {
			t.Errorf("line %d: %s, want %s", i+1, got, want[i])
		}
	}
}

func second(_ []xlsx.Row, _ []xlsx.RowError, err error) error { return err }

// zipWith returns a zip archive with one file: a zip, but not a workbook.
func zipWith(t *testing.T, name, content string) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	w, err := zw.Create(name)
	if err != nil {
		t.Fatal(err)
	}
	_, _ = w.Write([]byte(content))
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}
