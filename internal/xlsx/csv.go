package xlsx

import (
	"bytes"
	"encoding/csv"
	"io"
	"unicode/utf8"

	"renda"
)

// ReadCSV is Read for a CSV file (UTF-8, with or without a byte-order mark;
// comma-separated), as finance systems often export: the same header rules,
// the same problems.
func ReadCSV(r io.Reader, cols []Column) ([]Row, []RowError, error) {
	data, err := io.ReadAll(io.LimitReader(r, 30<<20))
	if err != nil {
		return nil, nil, err
	}
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	if !utf8.Valid(data) {
		return nil, nil, renda.Errorf(renda.EINVALID, "CSV 文件不是 UTF-8 编码：请在 Excel 中另存为“CSV UTF-8”，或上传 .xlsx 工作簿")
	}
	cr := csv.NewReader(bytes.NewReader(data))
	cr.FieldsPerRecord = -1
	cr.LazyQuotes = true
	rows, err := cr.ReadAll()
	if err != nil {
		return nil, nil, renda.Errorf(renda.EINVALID, "无法读取 CSV 文件：%v", err)
	}
	return readRows(rows, cols)
}
