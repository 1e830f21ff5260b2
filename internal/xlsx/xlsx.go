// Package xlsx reads and writes the Excel workbooks people exchange with
// renda: exports, import templates and imports. It knows nothing of deputies
// or units; callers give it columns and rows.
package xlsx

import (
	"bytes"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"

	"renda"
)

// Column describes one column of a sheet.
type Column struct {
	Header   string  // the header text, also the key of a read row
	Width    float64 // in characters; 0 for a default
	Required bool    // for imports: marked with * in the template
	Help     string  // shown as a comment on the header cell
}

// Sheet is one worksheet to write.
type Sheet struct {
	Name    string
	Title   string // an optional title row above the header
	Columns []Column
	Rows    [][]any
	Notes   []string // lines written on a second sheet, 填写说明, so an import reads only data
	Bold    []int    // indexes of rows written in bold (totals)
}

// Percent is a rate (0.853 for 85.3%), written as a number in percent format.
// time.Time values are written as date-time cells and renda.Date values as
// date cells (zero ones as empty cells); nil is an empty cell.
type Percent float64

// wall returns t's wall-clock time as UTC, which a spreadsheet shows as is.
func wall(t time.Time) time.Time {
	return time.Date(t.Year(), t.Month(), t.Day(), t.Hour(), t.Minute(), t.Second(), 0, time.UTC)
}

// Write writes a workbook with the sheets to w.
func Write(w io.Writer, sheets ...Sheet) error {
	f := excelize.NewFile()
	defer f.Close()
	header, err := f.NewStyle(&excelize.Style{
		Font:      &excelize.Font{Bold: true, Color: "FFFFFF"},
		Fill:      excelize.Fill{Type: "pattern", Color: []string{"A61B1B"}, Pattern: 1},
		Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center", WrapText: true},
		Border:    border(),
	})
	if err != nil {
		return err
	}
	cell, err := f.NewStyle(&excelize.Style{Alignment: &excelize.Alignment{Vertical: "top", WrapText: true}, Border: border()})
	if err != nil {
		return err
	}
	title, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true, Size: 14}, Alignment: &excelize.Alignment{Horizontal: "center"}})
	if err != nil {
		return err
	}
	var styles struct{ date, dateTime, percent, bold, boldPercent int }
	for _, s := range []struct {
		dst  *int
		fmt  string
		bold bool
	}{{&styles.date, "yyyy-mm-dd", false}, {&styles.dateTime, "yyyy-mm-dd hh:mm", false}, {&styles.percent, "0.0%", false},
		{&styles.bold, "", true}, {&styles.boldPercent, "0.0%", true}} {
		st := &excelize.Style{Alignment: &excelize.Alignment{Vertical: "top", WrapText: true}, Border: border()}
		if s.fmt != "" {
			f := s.fmt
			st.CustomNumFmt = &f
		}
		if s.bold {
			st.Font = &excelize.Font{Bold: true}
		}
		if *s.dst, err = f.NewStyle(st); err != nil {
			return err
		}
	}
	for i, sh := range sheets {
		name := sh.Name
		if i == 0 {
			if err := f.SetSheetName("Sheet1", name); err != nil {
				return err
			}
		} else if _, err := f.NewSheet(name); err != nil {
			return err
		}
		row := 1
		last, _ := excelize.ColumnNumberToName(max(1, len(sh.Columns)))
		if sh.Title != "" {
			_ = f.SetCellValue(name, "A1", sh.Title)
			_ = f.MergeCell(name, "A1", last+"1")
			_ = f.SetCellStyle(name, "A1", last+"1", title)
			_ = f.SetRowHeight(name, 1, 28)
			row = 2
		}
		for c, col := range sh.Columns {
			ref, _ := excelize.CoordinatesToCellName(c+1, row)
			h := col.Header
			if col.Required {
				h += "*"
			}
			_ = f.SetCellValue(name, ref, h)
			if col.Help != "" {
				_ = f.AddComment(name, excelize.Comment{Cell: ref, Author: "renda", Paragraph: []excelize.RichTextRun{{Text: col.Help}}})
			}
			colName, _ := excelize.ColumnNumberToName(c + 1)
			width := col.Width
			if width == 0 {
				width = 14
			}
			_ = f.SetColWidth(name, colName, colName, width)
		}
		first, _ := excelize.CoordinatesToCellName(1, row)
		lastHeader, _ := excelize.CoordinatesToCellName(len(sh.Columns), row)
		_ = f.SetCellStyle(name, first, lastHeader, header)
		_ = f.SetPanes(name, &excelize.Panes{Freeze: true, YSplit: row, TopLeftCell: "A" + fmt.Sprint(row+1), ActivePane: "bottomLeft"})
		if len(sh.Rows) > 0 {
			a, _ := excelize.CoordinatesToCellName(1, row+1)
			b, _ := excelize.CoordinatesToCellName(len(sh.Columns), row+len(sh.Rows))
			_ = f.SetCellStyle(name, a, b, cell)
		}
		// Dates are date cells and rates percentages, so a spreadsheet can
		// sort, filter and add them; numbers stay numbers.
		for r, values := range sh.Rows {
			for c, v := range values {
				ref, _ := excelize.CoordinatesToCellName(c+1, row+1+r)
				switch x := v.(type) {
				case time.Time:
					if !x.IsZero() {
						_ = f.SetCellValue(name, ref, wall(x.In(renda.CST)))
						_ = f.SetCellStyle(name, ref, ref, styles.dateTime)
					}
				case renda.Date:
					if !x.IsZero() {
						_ = f.SetCellValue(name, ref, time.Date(x.Year, x.Month, x.Day, 0, 0, 0, 0, time.UTC))
						_ = f.SetCellStyle(name, ref, ref, styles.date)
					}
				case Percent:
					_ = f.SetCellFloat(name, ref, float64(x), -1, 64)
					_ = f.SetCellStyle(name, ref, ref, styles.percent)
				case nil:
				default:
					_ = f.SetCellValue(name, ref, v)
				}
			}
		}
		for _, r := range sh.Bold {
			for c := range sh.Rows[r] {
				ref, _ := excelize.CoordinatesToCellName(c+1, row+1+r)
				st := styles.bold
				if _, ok := sh.Rows[r][c].(Percent); ok {
					st = styles.boldPercent
				}
				_ = f.SetCellStyle(name, ref, ref, st)
			}
		}

	}
	for _, sh := range sheets {
		if len(sh.Notes) == 0 {
			continue
		}
		name := "填写说明"
		if len(sheets) > 1 {
			name = sh.Name + "说明"
		}
		if _, err := f.NewSheet(name); err != nil {
			return err
		}
		_ = f.SetColWidth(name, "A", "A", 100)
		for n, note := range sh.Notes {
			ref, _ := excelize.CoordinatesToCellName(1, n+1)
			_ = f.SetCellValue(name, ref, note)
		}
	}
	return f.Write(w)
}

func border() []excelize.Border {
	return []excelize.Border{{Type: "left", Color: "D0D0D0", Style: 1}, {Type: "right", Color: "D0D0D0", Style: 1},
		{Type: "top", Color: "D0D0D0", Style: 1}, {Type: "bottom", Color: "D0D0D0", Style: 1}}
}

// Row is one data row read from a sheet: values by column header.
type Row struct {
	Line   int // the row number in the spreadsheet, as people see it
	Values map[string]string
}

// Get returns the trimmed value of a column.
func (r Row) Get(header string) string { return strings.TrimSpace(r.Values[header]) }

// RowError is one problem in one cell of an import.
type RowError struct {
	Line    int    `json:"row"`
	Column  string `json:"column"`
	Message string `json:"message"`
}

// ImportError lists every problem found in an import; nothing was imported.
type ImportError struct {
	Rows []RowError
}

// Problems makes the error of an import from the faults found: sorted by
// row (in the order found within a row), and one message per fault — a
// cell reported twice (an empty required cell the record's own check also
// finds) keeps its first message. Every fault of every row stays listed.
func Problems(rows []RowError) *ImportError {
	type key struct {
		line int
		col  string
	}
	seen := map[key]bool{}
	out := make([]RowError, 0, len(rows))
	for _, r := range rows {
		k := key{r.Line, r.Column}
		if r.Column != "" && seen[k] {
			continue
		}
		seen[k] = true
		out = append(out, r)
	}
	slices.SortStableFunc(out, func(a, b RowError) int { return a.Line - b.Line })
	return &ImportError{Rows: out}
}

func (e *ImportError) Error() string {
	return fmt.Sprintf("导入失败：发现 %d 处错误，未导入任何数据", len(e.Rows))
}

// MaxRows is the most data rows one import may have.
const MaxRows = 20000

// Read reads the first sheet of a workbook. It returns the data rows and the
// problems found in them so far (required cells left empty); the caller adds
// its own and imports nothing unless the list is empty. The header row is the first row
// whose cells include every required column (a title row above it is
// allowed); a trailing * on a header is ignored. Unknown columns are errors,
// as are missing required columns. Cells read as shown, except that dates
// in the built-in short formats read as 2006-01-02 (15:04).
func Read(r io.Reader, cols []Column) ([]Row, []RowError, error) {
	data, err := io.ReadAll(io.LimitReader(r, 30<<20))
	if err != nil {
		return nil, nil, err
	}
	// Dates typed in a spreadsheet are numbers with a date format; the
	// built-in ones (14, 22) would read as m/d/yy, which is ambiguous. Read
	// them as 2006-01-02 and 2006-01-02 15:04, as renda writes dates.
	f, err := excelize.OpenReader(bytes.NewReader(data), excelize.Options{ShortDatePattern: "yyyy-mm-dd"})
	if err != nil {
		return nil, nil, renda.Errorf(renda.EINVALID, "无法读取文件：请上传 Excel 工作簿（.xlsx）")
	}
	defer f.Close()
	sheets := f.GetSheetList()
	if len(sheets) == 0 {
		return nil, nil, renda.Errorf(renda.EINVALID, "工作簿里没有工作表")
	}
	rows, err := f.GetRows(sheets[0])
	if err != nil {
		return nil, nil, renda.Errorf(renda.EINVALID, "无法读取工作表“%s”", sheets[0])
	}
	return readRows(rows, cols)
}

// readRows is Read on the cells of a sheet (or a CSV file).
func readRows(rows [][]string, cols []Column) ([]Row, []RowError, error) {
	known := map[string]bool{}
	for _, c := range cols {
		known[c.Header] = true
	}
	headerAt := -1
	var headers []string
	for i, row := range rows {
		if i > 5 {
			break
		}
		hs := make([]string, len(row))
		found := 0
		for j, h := range row {
			hs[j] = strings.TrimSuffix(strings.TrimSpace(h), "*")
			if known[hs[j]] {
				found++
			}
		}
		if found >= 2 || (found == 1 && len(cols) == 1) {
			headerAt, headers = i, hs
			break
		}
	}
	if headerAt < 0 {
		return nil, nil, &ImportError{Rows: []RowError{{Line: 1, Column: "表头", Message: "找不到表头行；请使用下载的导入模板，表头须在前几行"}}}
	}
	var errs []RowError
	present := map[string]bool{}
	for j, h := range headers {
		if h == "" {
			continue
		}
		if !known[h] {
			col, _ := excelize.ColumnNumberToName(j + 1)
			errs = append(errs, RowError{Line: headerAt + 1, Column: h, Message: "第 " + col + " 列的表头“" + h + "”不是模板中的列"})
		}
		present[h] = true
	}
	for _, c := range cols {
		if c.Required && !present[c.Header] {
			errs = append(errs, RowError{Line: headerAt + 1, Column: c.Header, Message: "缺少必填列“" + c.Header + "”"})
		}
	}
	if len(errs) > 0 {
		return nil, nil, Problems(errs)
	}
	var out []Row
	for i := headerAt + 1; i < len(rows); i++ {
		values := map[string]string{}
		empty := true
		for j, v := range rows[i] {
			if j < len(headers) && headers[j] != "" {
				if !utf8.ValidString(v) {
					v = strings.ToValidUTF8(v, "?")
				}
				values[headers[j]] = v
				if strings.TrimSpace(v) != "" {
					empty = false
				}
			}
		}
		if empty {
			continue
		}
		out = append(out, Row{Line: i + 1, Values: values})
		if len(out) > MaxRows {
			return nil, nil, renda.Errorf(renda.ETOOLARGE, "一次最多导入 %d 行", MaxRows)
		}
	}
	if len(out) == 0 {
		return nil, nil, &ImportError{Rows: []RowError{{Line: headerAt + 2, Column: "", Message: "表格中没有数据行"}}}
	}
	for _, row := range out {
		for _, c := range cols {
			if c.Required && row.Get(c.Header) == "" {
				errs = append(errs, RowError{Line: row.Line, Column: c.Header, Message: "必填，不能为空"})
			}
		}
	}
	return out, errs, nil
}
