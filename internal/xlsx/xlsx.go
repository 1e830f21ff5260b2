// Package xlsx reads and writes the Excel workbooks people exchange with
// renda: exports, import templates and imports. It knows nothing of deputies
// or units; callers give it columns and rows.
package xlsx

import (
	"archive/zip"
	"bytes"
	"fmt"
	"io"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
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
	// Each, for a large export, gives the rows one at a time instead of
	// Rows: they go straight to the workbook's temporary file.
	Each  func(emit func(row []any) error) error
	Notes []string // lines written on a second sheet, 填写说明, so an import reads only data
	Bold  []int    // indexes of rows written in bold (totals)
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
	b, err := Build(sheets...)
	if err != nil {
		return err
	}
	defer b.Close()
	_, err = b.WriteTo(w)
	return err
}

// Book is a workbook built and not yet written: its sheets' rows wait in
// temporary files (beyond 16 MB a sheet), so a large export holds little
// memory. Close removes them.
type Book struct {
	f       *excelize.File
	rows    int
	release sync.Once
}

// Rows is how many data rows the book's sheets hold (notes and totals'
// sheets included).
func (b *Book) Rows() int { return b.rows }

// WriteTo writes the workbook, zipping it straight into w: excelize's own
// WriteTo builds the whole zipped file in memory first (7 MB for a
// month's opinions at a province's volume, and the copies of its growth).
func (b *Book) WriteTo(w io.Writer) (int64, error) {
	cw := &countingWriter{w: w}
	b.f.SetZipWriter(func(io.Writer) excelize.ZipWriter { return zip.NewWriter(cw) })
	// The buffer stays empty: the zip writer above ignores it.
	_, err := b.f.WriteToBuffer()
	return cw.n, err
}

type countingWriter struct {
	w io.Writer
	n int64
}

func (c *countingWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += int64(n)
	return n, err
}

// Close removes the book's temporary files and gives its slot to the
// next build.
func (b *Book) Close() error {
	err := b.f.Close()
	b.release.Do(func() { <-slots })
	return err
}

// styles are the cell styles of a workbook.
type styles struct{ header, cell, title, date, dateTime, percent, bold, boldPercent int }

func newStyles(f *excelize.File) (styles, error) {
	var st styles
	var err error
	if st.header, err = f.NewStyle(&excelize.Style{
		Font:      &excelize.Font{Bold: true, Color: "FFFFFF"},
		Fill:      excelize.Fill{Type: "pattern", Color: []string{"A61B1B"}, Pattern: 1},
		Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center", WrapText: true},
		Border:    border(),
	}); err != nil {
		return st, err
	}
	if st.title, err = f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true, Size: 14}, Alignment: &excelize.Alignment{Horizontal: "center"}}); err != nil {
		return st, err
	}
	for _, s := range []struct {
		dst  *int
		fmt  string
		bold bool
	}{{&st.cell, "", false}, {&st.date, "yyyy-mm-dd", false}, {&st.dateTime, "yyyy-mm-dd hh:mm", false}, {&st.percent, "0.0%", false},
		{&st.bold, "", true}, {&st.boldPercent, "0.0%", true}} {
		style := &excelize.Style{Alignment: &excelize.Alignment{Vertical: "top", WrapText: true}, Border: border()}
		if s.fmt != "" {
			f := s.fmt
			style.CustomNumFmt = &f
		}
		if s.bold {
			style.Font = &excelize.Font{Bold: true}
		}
		if *s.dst, err = f.NewStyle(style); err != nil {
			return st, err
		}
	}
	return st, nil
}

// cells turns a row's values into styled cells. Dates are date cells and
// rates percentages, so a spreadsheet can sort, filter and add them;
// numbers stay numbers. A bold row (a total) is bold throughout.
func (st styles) cells(values []any, bold bool) []any {
	out := make([]any, len(values))
	for c, v := range values {
		cell := excelize.Cell{StyleID: st.cell, Value: v}
		switch x := v.(type) {
		case time.Time:
			cell.Value = nil
			if !x.IsZero() {
				cell.Value, cell.StyleID = wall(x.In(renda.CST)), st.dateTime
			}
		case renda.Date:
			cell.Value = nil
			if !x.IsZero() {
				cell.Value, cell.StyleID = time.Date(x.Year, x.Month, x.Day, 0, 0, 0, 0, time.UTC), st.date
			}
		case Percent:
			cell.Value, cell.StyleID = float64(x), st.percent
			if bold {
				cell.StyleID = st.boldPercent
			}
		}
		if bold && cell.StyleID != st.boldPercent {
			cell.StyleID = st.bold
		}
		out[c] = cell
	}
	return out
}

// slots bounds how many workbooks exist at once, one per two processors:
// each holds up to 16 MB of rows before they spill to its temporary file
// (40–60 MB of heap for a month's opinions at a province's volume, with the
// buffers' growth), so eight exports at once would hold eight times that;
// and an export keeps a processor busy for seconds, so the other pages keep
// one.
var slots = make(chan struct{}, max(1, runtime.GOMAXPROCS(0)/2))

// Build makes a workbook of the sheets: each sheet's rows are streamed
// (from Rows, or one at a time from Each) into it. Beyond one book per
// processor, a build waits until a book is closed: the caller must Close
// the book it gets.
func Build(sheets ...Sheet) (*Book, error) {
	slots <- struct{}{}
	f := excelize.NewFile()
	b := &Book{f: f}
	ok := false
	defer func() {
		if !ok {
			b.Close()
		}
	}()
	st, err := newStyles(f)
	if err != nil {
		return nil, err
	}
	for i, sh := range sheets {
		if i == 0 {
			if err := f.SetSheetName("Sheet1", sh.Name); err != nil {
				return nil, err
			}
		} else if _, err := f.NewSheet(sh.Name); err != nil {
			return nil, err
		}
		n, err := writeSheet(f, st, sh)
		if err != nil {
			return nil, err
		}
		b.rows += n
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
			return nil, err
		}
		sw, err := f.NewStreamWriter(name)
		if err != nil {
			return nil, err
		}
		if err := sw.SetColWidth(1, 1, 100); err != nil {
			return nil, err
		}
		for n, note := range sh.Notes {
			if err := sw.SetRow("A"+strconv.Itoa(n+1), []any{note}); err != nil {
				return nil, err
			}
		}
		if err := sw.Flush(); err != nil {
			return nil, err
		}
	}
	ok = true
	return b, nil
}

// writeSheet streams one sheet: its title, header and rows. It returns
// how many data rows it wrote.
func writeSheet(f *excelize.File, st styles, sh Sheet) (int, error) {
	name := sh.Name
	row := 1
	if sh.Title != "" {
		row = 2
	}
	// Help goes in a comment on the header cell; comments are added before
	// the stream, which then keeps their reference.
	for c, col := range sh.Columns {
		if col.Help != "" {
			ref, _ := excelize.CoordinatesToCellName(c+1, row)
			if err := f.AddComment(name, excelize.Comment{Cell: ref, Author: "renda", Paragraph: []excelize.RichTextRun{{Text: col.Help}}}); err != nil {
				return 0, err
			}
		}
	}
	sw, err := f.NewStreamWriter(name)
	if err != nil {
		return 0, err
	}
	for c, col := range sh.Columns {
		width := col.Width
		if width == 0 {
			width = 14
		}
		if err := sw.SetColWidth(c+1, c+1, width); err != nil {
			return 0, err
		}
	}
	if err := sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: row, TopLeftCell: "A" + strconv.Itoa(row+1), ActivePane: "bottomLeft"}); err != nil {
		return 0, err
	}
	if sh.Title != "" {
		last, _ := excelize.ColumnNumberToName(max(1, len(sh.Columns)))
		title := make([]any, max(1, len(sh.Columns)))
		for c := range title {
			title[c] = excelize.Cell{StyleID: st.title}
		}
		title[0] = excelize.Cell{StyleID: st.title, Value: sh.Title}
		if err := sw.SetRow("A1", title, excelize.RowOpts{Height: 28}); err != nil {
			return 0, err
		}
		if err := sw.MergeCell("A1", last+"1"); err != nil {
			return 0, err
		}
	}
	header := make([]any, len(sh.Columns))
	for c, col := range sh.Columns {
		h := col.Header
		if col.Required {
			h += "*"
		}
		header[c] = excelize.Cell{StyleID: st.header, Value: h}
	}
	if err := sw.SetRow("A"+strconv.Itoa(row), header); err != nil {
		return 0, err
	}
	bold := map[int]bool{}
	for _, r := range sh.Bold {
		bold[r] = true
	}
	n := 0
	emit := func(values []any) error {
		row++
		err := sw.SetRow("A"+strconv.Itoa(row), st.cells(values, bold[n]))
		n++
		return err
	}
	if sh.Each != nil {
		err = sh.Each(emit)
	} else {
		for _, values := range sh.Rows {
			if err = emit(values); err != nil {
				break
			}
		}
	}
	if err != nil {
		return 0, err
	}
	return n, sw.Flush()
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
