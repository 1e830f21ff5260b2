package store

import (
	"context"
	"fmt"
	"slices"
	"time"

	"renda"
)

// Open data (开放数据): datasets the public may download as CSV or JSON
// without an account. Personal data is removed by construction: each
// dataset is one query that selects only public items (published replies,
// projects past the vote, reviewed filings, published articles) and only
// columns without personal data — never a citizen's name, phone or exact
// location, never a proposer's name; opinions only as counts by township.

// DatasetField is one column of a dataset, with its definition.
type DatasetField struct {
	Name       string `json:"name"`
	Label      string `json:"label"`
	Definition string `json:"definition,omitempty"`
}

// Dataset describes an open dataset.
type Dataset struct {
	ID          string         `json:"id"`
	Title       string         `json:"title"`
	Description string         `json:"description"`
	Formats     []string       `json:"formats"`
	UpdatedAt   time.Time      `json:"updated_at"`
	Licence     string         `json:"licence"`
	Fields      []DatasetField `json:"fields"`
}

// OpenLicence is the licence of every open dataset.
const OpenLicence = "CC BY 4.0（署名：注明来源即可自由使用）"

// datasetDef is a dataset and the queries that make it.
type datasetDef struct {
	Dataset
	rows    string // the rows, one column per field, in order
	updated string // the time of the latest change (one value)
	// fill, when set, makes the rows in Go instead of rows (data kept as
	// JSON, such as votes' results).
	fill func(tx *Tx) ([][]string, error)
	// updatedFn, when set, gives the query of the last change and its
	// arguments instead of updated.
	updatedFn func() (string, []any)
}

// lastChange reads the time of the dataset's latest change.
func (d datasetDef) lastChange(tx *Tx, at *time.Time) error {
	q, args := d.updated, []any(nil)
	if d.updatedFn != nil {
		q, args = d.updatedFn()
	}
	return tx.queryRow(q, args...).Scan(tsScan{at})
}

var datasets []datasetDef

// RegisterDataset adds an open dataset: its description, the query of its
// rows (only public items, only columns without personal data) and the
// query of its last change. Call it from an init function.
func RegisterDataset(d Dataset, rows, updated string) {
	d.Formats, d.Licence = []string{"csv", "json"}, OpenLicence
	datasets = append(datasets, datasetDef{Dataset: d, rows: rows, updated: updated})
}

// registerDatasetFunc adds an open dataset whose rows fill makes (only
// public items, only fields without personal data).
func registerDatasetFunc(d Dataset, fill func(tx *Tx) ([][]string, error), updated func() (string, []any)) {
	d.Formats, d.Licence = []string{"csv", "json"}, OpenLicence
	datasets = append(datasets, datasetDef{Dataset: d, fill: fill, updatedFn: updated})
}

func init() {
	RegisterDataset(Dataset{ID: "news", Title: "人大新闻", Description: "已发布的专栏文章",
		Fields: []DatasetField{{"id", "编号", ""}, {"column", "专栏", ""}, {"title", "标题", ""}, {"summary", "导语", ""}, {"published_at", "发布时间", "UTC"}}},
		"SELECT a.id, a.col, a.title, a.summary, a.published_at FROM news_articles a WHERE a.state = 'published' ORDER BY a.published_at DESC, a.id DESC",
		"SELECT MAX(a.updated_at) FROM news_articles a WHERE a.state = 'published'")
	RegisterDataset(Dataset{ID: "suggestions", Title: "代表建议答复公开", Description: "经代表同意公开答复的议案建议（不含代表和群众的个人信息）",
		Fields: []DatasetField{{"number", "编号", ""}, {"title", "标题", ""}, {"kind", "类别", "motion 议案；suggestion 建议"}, {"category", "分类", ""},
			{"lead_unit", "主办单位", ""}, {"status", "办理状态", "replied 已答复；closed 已办结；其余为办理中"}, {"replied_on", "答复日期", ""}, {"published_at", "公开时间", "UTC"}}},
		`SELECT s.number, s.title, s.kind, s.category, COALESCE(o.name, ''), s.status, COALESCE(s.replied_on, ''), s.published_at
			FROM suggestions s LEFT JOIN organizations o ON o.id = s.lead_unit_id WHERE s.published_at IS NOT NULL ORDER BY s.published_at DESC, s.id DESC`,
		"SELECT MAX(s.published_at) FROM suggestions s WHERE s.published_at IS NOT NULL")
	RegisterDataset(Dataset{ID: "opinions-by-township", Title: "群众意见按镇（街道）和类别统计", Description: "每年各镇（街道）收到的群众意见和12345工单件数，按类别和渠道统计；只有件数，不含任何一件的内容",
		Fields: []DatasetField{{"year", "年度", ""}, {"township", "镇（街道）", "未能定位的记为空"}, {"category", "类别", ""},
			{"channel", "渠道", "qr 扫码；reception 接待日；hotline 12345；open311 接口；deputy 代表走访"}, {"count", "件数", ""}}},
		`SELECT SUBSTR(o.created_at, 1, 4), COALESCE(r.name, ''), o.category, o.channel, COUNT(*)
			FROM opinions o LEFT JOIN regions r ON r.id = o.township_id GROUP BY 1, 2, 3, 4 ORDER BY 1 DESC, 2, 3, 4`,
		"SELECT MAX(o.created_at) FROM opinions o")
	RegisterDataset(Dataset{ID: "projects", Title: "民生实事项目", Description: "代表票决产生的民生实事项目及其实施进度",
		Fields: []DatasetField{{"id", "编号", ""}, {"year", "年度", ""}, {"title", "项目名称", ""}, {"category", "类别", ""}, {"budget", "预算（万元）", ""},
			{"unit", "实施单位", ""}, {"status", "状态", "adopted 已票决；in_progress 实施中；completed 已完成；rated 已测评"}, {"progress", "进度（%）", ""}}},
		`SELECT p.id, p.year, p.title, p.category, p.budget, COALESCE(o.name, ''), p.status, p.progress
			FROM projects p LEFT JOIN organizations o ON o.id = p.unit_id WHERE p.status IN ('adopted', 'in_progress', 'completed', 'rated') ORDER BY p.year DESC, p.id`,
		"SELECT MAX(p.updated_at) FROM projects p WHERE p.status IN ('adopted', 'in_progress', 'completed', 'rated')")
	RegisterDataset(Dataset{ID: "filings", Title: "规范性文件备案审查结果", Description: "已完成审查的规范性文件及审查结果",
		Fields: []DatasetField{{"title", "文件名称", ""}, {"number", "文号", ""}, {"filer", "制定机关", ""}, {"published_on", "公布日期", ""}, {"filed_on", "报备日期", ""},
			{"result", "审查结果", "no_issue 无问题；issue_found 发现问题；opinion_sent 已发审查意见；corrected 已纠正；annulled 已撤销"}, {"resolution", "纠正方式", "amended 修改；repealed 废止；annulled 撤销"}}},
		`SELECT f.title, f.number, COALESCE(o.name, ''), f.published_on, f.filed_on, f.state, f.resolution
			FROM filings f LEFT JOIN organizations o ON o.id = f.filer_id WHERE f.state IN ('no_issue', 'issue_found', 'opinion_sent', 'corrected', 'annulled') ORDER BY f.filed_on DESC, f.id`,
		"SELECT MAX(f.updated_at) FROM filings f WHERE f.state IN ('no_issue', 'issue_found', 'opinion_sent', 'corrected', 'annulled')")
}

// Datasets lists the open datasets with the time of their last change.
func (db *DB) Datasets(ctx context.Context) ([]Dataset, error) {
	out := make([]Dataset, 0, len(datasets))
	err := db.read(ctx, func(tx *Tx) error {
		for _, d := range datasets {
			ds := d.Dataset
			if err := d.lastChange(tx, &ds.UpdatedAt); err != nil {
				return err
			}
			out = append(out, ds)
		}
		return nil
	})
	return out, err
}

// OpenDataset returns a dataset and its rows, every value as text.
func (db *DB) OpenDataset(ctx context.Context, id string) (*Dataset, [][]string, error) {
	i := slices.IndexFunc(datasets, func(d datasetDef) bool { return d.ID == id })
	if i < 0 {
		return nil, nil, renda.Errorf(renda.ENOTFOUND, "没有这个数据集")
	}
	d := datasets[i]
	ds := d.Dataset
	var out [][]string
	err := db.read(ctx, func(tx *Tx) error {
		if err := d.lastChange(tx, &ds.UpdatedAt); err != nil {
			return err
		}
		if d.fill != nil {
			var err error
			out, err = d.fill(tx)
			return err
		}
		rows, err := tx.query(d.rows)
		if err != nil {
			return err
		}
		defer rows.Close()
		n := len(d.Fields)
		for rows.Next() {
			vals, ptrs := make([]any, n), make([]any, n)
			for j := range vals {
				ptrs[j] = &vals[j]
			}
			if err := rows.Scan(ptrs...); err != nil {
				return err
			}
			row := make([]string, n)
			for j, v := range vals {
				switch v := v.(type) {
				case nil:
				case []byte:
					row[j] = string(v)
				case time.Time:
					row[j] = v.UTC().Format(time.RFC3339)
				default:
					row[j] = fmt.Sprint(v)
				}
			}
			out = append(out, row)
		}
		return rows.Err()
	})
	return &ds, out, err
}
