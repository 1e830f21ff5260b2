package store

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"fmt"
	"io"
	"sort"
	"strings"

	"renda"
	"renda/budget"
	"renda/internal/xlsx"
)

// BudgetColumns are the template columns of a kind of budget data.
func BudgetColumns(kind string) []xlsx.Column {
	var out []xlsx.Column
	for _, c := range budget.Columns(kind) {
		out = append(out, xlsx.Column{Header: c.Header, Width: c.Width, Required: c.Required, Help: c.Help})
	}
	return out
}

// ReadBudgetFile reads an uploaded file of kind: CSV when its name ends in
// .csv, an .xlsx workbook otherwise.
func ReadBudgetFile(kind, name string, r io.Reader) ([]xlsx.Row, []xlsx.RowError, error) {
	if !budget.ValidKind(kind) {
		return nil, nil, &renda.Error{Code: renda.EINVALID, Message: "数据类别应为 " + strings.Join(budget.Kinds, "、") + " 之一",
			Fields: []renda.FieldError{{Field: "kind", Message: "未知的数据类别"}}}
	}
	if strings.HasSuffix(strings.ToLower(name), ".csv") {
		return xlsx.ReadCSV(r, BudgetColumns(kind))
	}
	return xlsx.Read(r, BudgetColumns(kind))
}

// CanReadBudget reports whether u may read the budget figures: everyone
// signed in (the budget is public once approved; units see theirs and others').
func CanReadBudget(u *renda.User) bool { return u != nil }

// CanImportBudget reports whether u may import the finance bureau's data.
func CanImportBudget(u *renda.User) bool { return u.Is(renda.RoleAdmin, renda.RoleStaff) }

// BudgetImportInput is one import: a file's rows or a push's.
type BudgetImportInput struct {
	Kind, Source, FileName, Batch string
	Rows                          []xlsx.Row
	Problems                      []xlsx.RowError // found while reading
}

// ImportBudget validates every row of an import and, only if none is at
// fault, stores its lines in one transaction, replacing the current lines of
// the same kind and year (execution: of the same months); the replaced
// lines stay, marked with the import that replaced them. Faults come back as
// an *xlsx.ImportError naming each row and column. A push (actor nil) names
// a batch: the same batch with the same lines again returns the first
// import (created false); with other lines it is a conflict.
func (db *DB) ImportBudget(ctx context.Context, actor *renda.User, in BudgetImportInput) (imp *budget.Import, created bool, err error) {
	if actor != nil && !CanImportBudget(actor) {
		return nil, false, renda.Errorf(renda.EFORBIDDEN, "只有工作人员可以导入财政数据")
	}
	if actor == nil && in.Source != "api" {
		return nil, false, renda.Errorf(renda.EFORBIDDEN, "请先登录")
	}
	if !budget.ValidKind(in.Kind) {
		return nil, false, renda.Errorf(renda.EINVALID, "数据类别应为 %s 之一", strings.Join(budget.Kinds, "、"))
	}
	err = db.write(ctx, actor, func(tx *Tx) error {
		lines, year, err := tx.parseBudgetRows(in)
		if err != nil {
			return err
		}
		digest, total := budgetDigest(in.Kind, lines)
		if in.Batch != "" {
			var id, old string
			err := tx.queryRow("SELECT id, digest FROM budget_imports WHERE batch = ?", in.Batch).Scan(&id, &old)
			if err == nil {
				if old != digest {
					return renda.Errorf(renda.ECONFLICT, "批次号 %s 已导入过不同的数据；修订数据请使用新的批次号", in.Batch)
				}
				imp, err = tx.budgetImport(id)
				return err
			}
			if !errNoRows(err) {
				return err
			}
		}
		if err := tx.refuseRevisedBudget(in.Kind, year); err != nil { // budget_reimport.go
			return err
		}
		imp = &budget.Import{ID: renda.NewID(), Kind: in.Kind, Year: year, Source: in.Source, FileName: in.FileName, Batch: in.Batch, Rows: len(lines), Total: total.String()}
		created = true
		var by any
		if actor != nil {
			by, imp.CreatedBy = actor.ID, actor.Name()
		}
		var batch any
		if in.Batch != "" {
			batch = in.Batch
		}
		if _, err := tx.exec(`INSERT INTO budget_imports (id, kind, year, source, file_name, batch, digest, rows, total, replaced, created_by, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?)`, imp.ID, imp.Kind, imp.Year, imp.Source, imp.FileName, batch, digest, imp.Rows, int64(total), by, ts(tx.now)); err != nil {
			return err
		}
		var docs map[any]bool
		var before map[string]string
		if imp.Kind == budget.KindAdjustment {
			docs = budgetLineSet(lines, func(l *budget.Line) any { return l.Doc })
			if before, err = tx.adjustmentDigests(imp.Year, docs); err != nil {
				return err
			}
		}
		if imp.Replaced, err = tx.replaceBudgetLines(imp, lines); err != nil {
			return err
		}
		if _, err := tx.exec("UPDATE budget_imports SET replaced = ? WHERE id = ?", imp.Replaced, imp.ID); err != nil {
			return err
		}
		for _, l := range lines {
			var org any
			if l.OrgID != "" {
				org = l.OrgID
			}
			if _, err := tx.exec(`INSERT INTO budget_lines (id, import_id, kind, year, month, line, fund, org_id, func_code, func_name, econ_code, econ_name, project, item, doc, note, amount)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, renda.NewID(), imp.ID, l.Kind, l.Year, l.Month, l.Row, l.Fund, org, l.FuncCode, l.FuncName,
				l.EconCode, l.EconName, l.Project, l.Item, l.Doc, l.Note, int64(l.Amount)); err != nil {
				return err
			}
		}
		imp.CreatedAt = tx.now
		tx.Record(renda.Change{Action: "import", Entity: "budget_import", EntityID: imp.ID, After: imp,
			Note: fmt.Sprintf("%d 年%s数据 %d 行，合计 %s 元；替换此前 %d 行", imp.Year, budget.KindLabel(imp.Kind), imp.Rows, imp.Total, imp.Replaced)})
		// New figures are judged at once, so a warning (or an adjustment
		// awaiting the committee) shows with the import.
		switch imp.Kind {
		case budget.KindBudget, budget.KindExecution, budget.KindDebt:
			_, err = tx.SweepBudgetWarnings()
		case budget.KindAdjustment:
			if err = tx.raiseBudgetAdjustments(imp.Year, docs); err == nil {
				err = tx.reviseApprovedAdjustments(imp.Year, docs, before)
			}
		}
		return err
	})
	if err != nil {
		return nil, false, err
	}
	return imp, created, nil
}

// parseBudgetRows checks every row of an import (budget.ParseRow,
// departments by full or short name, one year per file) and returns its
// lines and year, or an *xlsx.ImportError naming every fault.
func (tx *Tx) parseBudgetRows(in BudgetImportInput) ([]*budget.Line, int, error) {
	errs := append([]xlsx.RowError(nil), in.Problems...)
	orgs := map[string]string{}
	names, err := budgetQuery(tx, func(r *sql.Rows) (o [3]string, err error) { return o, r.Scan(&o[0], &o[1], &o[2]) },
		"SELECT id, name, short_name FROM organizations")
	if err != nil {
		return nil, 0, err
	}
	for _, o := range names {
		orgs[o[1]] = o[0]
	}
	for _, o := range names { // a full name wins over another's short name
		if _, ok := orgs[o[2]]; o[2] != "" && !ok {
			orgs[o[2]] = o[0]
		}
	}
	var lines []*budget.Line
	year, yearLine := 0, 0
	for _, r := range in.Rows {
		l, cellErrs := budget.ParseRow(in.Kind, r.Get)
		for _, e := range cellErrs {
			errs = append(errs, xlsx.RowError{Line: r.Line, Column: e.Column, Message: e.Message})
		}
		if l.OrgName != "" {
			if id, ok := orgs[l.OrgName]; ok {
				l.OrgID = id
			} else {
				errs = append(errs, xlsx.RowError{Line: r.Line, Column: budget.ColOrg, Message: fmt.Sprintf("系统中没有单位“%s”（请用单位全称或简称）", l.OrgName)})
			}
		}
		if l.Year != 0 {
			if year == 0 {
				year, yearLine = l.Year, r.Line
			} else if l.Year != year {
				errs = append(errs, xlsx.RowError{Line: r.Line, Column: budget.ColYear, Message: fmt.Sprintf("一个文件只能有一个年度（第 %d 行是 %d 年）", yearLine, year)})
			}
		}
		l.Row = r.Line
		lines = append(lines, l)
	}
	if len(in.Rows) == 0 && len(errs) == 0 {
		errs = append(errs, xlsx.RowError{Line: 1, Message: "文件中没有数据行"})
	}
	if len(errs) > 0 {
		return nil, 0, xlsx.Problems(errs)
	}
	return lines, year, nil
}

// budgetDigest identifies an import's content (the same batch pushed again
// with the same lines is the same import) and sums it.
func budgetDigest(kind string, lines []*budget.Line) (string, budget.Fen) {
	h := sha256.New()
	fmt.Fprintf(h, "%s\n", kind)
	var total budget.Fen
	for _, l := range lines {
		fmt.Fprintf(h, "%d\x1f%d\x1f%s\x1f%s\x1f%s\x1f%s\x1f%s\x1f%s\x1f%s\x1f%s\x1f%d", l.Year, l.Month, l.Fund, l.OrgID, l.FuncCode, l.FuncName, l.EconCode, l.EconName, l.Project, l.Item, l.Amount)
		if l.Doc != "" || l.Note != "" { // adjustments only: other kinds' digests stay as they were
			fmt.Fprintf(h, "\x1f%s\x1f%s", l.Doc, l.Note)
		}
		h.Write([]byte{'\n'})
		total += l.Amount
	}
	return hex.EncodeToString(h.Sum(nil)), total
}

// replaceBudgetLines marks the current lines an import replaces, keeping
// them in the history: those of its kind and year; for execution only the
// months it brings, for adjustments only its documents.
func (tx *Tx) replaceBudgetLines(imp *budget.Import, lines []*budget.Line) (int, error) {
	q := "UPDATE budget_lines SET replaced_by = ? WHERE kind = ? AND year = ? AND replaced_by IS NULL"
	args := []any{imp.ID, imp.Kind, imp.Year}
	var by map[any]bool
	switch imp.Kind {
	case budget.KindExecution:
		q, by = q+" AND month IN (", budgetLineSet(lines, func(l *budget.Line) any { return l.Month })
	case budget.KindAdjustment:
		q, by = q+" AND doc IN (", budgetLineSet(lines, func(l *budget.Line) any { return l.Doc })
	}
	if by != nil {
		for v := range by {
			args = append(args, v)
		}
		q += strings.Repeat("?, ", len(by)-1) + "?)"
	}
	res, err := tx.exec(q, args...)
	if err != nil {
		return 0, err
	}
	n, err := res.RowsAffected()
	return int(n), err
}

// budgetLineSet is the set of what key says of each line.
func budgetLineSet(lines []*budget.Line, key func(*budget.Line) any) map[any]bool {
	out := map[any]bool{}
	for _, l := range lines {
		out[key(l)] = true
	}
	return out
}

func (tx *Tx) budgetImport(id string) (*budget.Import, error) {
	var imp budget.Import
	var batch, by *string
	var total int64
	err := tx.queryRow(`SELECT i.id, i.kind, i.year, i.source, i.file_name, i.batch, i.rows, i.total, i.replaced, COALESCE(NULLIF(u.display_name, ''), u.username), i.created_at
		FROM budget_imports i LEFT JOIN users u ON u.id = i.created_by WHERE i.id = ?`, id).
		Scan(&imp.ID, &imp.Kind, &imp.Year, &imp.Source, &imp.FileName, &batch, &imp.Rows, &total, &imp.Replaced, &by, tsScan{&imp.CreatedAt})
	if err != nil {
		return nil, notFound(err, "导入记录不存在")
	}
	if batch != nil {
		imp.Batch = *batch
	}
	if by != nil {
		imp.CreatedBy = *by
	}
	imp.Total = budget.Fen(total).String()
	return &imp, nil
}

// BudgetImports lists the imports of a year (0: all), newest first: the history.
func (db *DB) BudgetImports(ctx context.Context, viewer *renda.User, year int) ([]*budget.Import, error) {
	if !CanImportBudget(viewer) {
		return nil, renda.Errorf(renda.EFORBIDDEN, "只有工作人员可以查看导入记录")
	}
	var out []*budget.Import
	err := db.read(ctx, func(tx *Tx) error {
		rows, err := tx.query("SELECT id FROM budget_imports WHERE year = ? OR ? = 0 ORDER BY created_at DESC, id DESC", year, year)
		if err != nil {
			return err
		}
		ids, err := collectStrings(rows)
		if err != nil {
			return err
		}
		for _, id := range ids {
			imp, err := tx.budgetImport(id)
			if err != nil {
				return err
			}
			out = append(out, imp)
		}
		return nil
	})
	return out, err
}

// BudgetYear is a year's totals: the budget and what was spent.
type BudgetYear struct {
	Year     int        `json:"year"`
	Budget   budget.Fen `json:"-"`
	Executed budget.Fen `json:"-"`
	Months   int        `json:"months"` // the last month with execution data
}

// BudgetYears lists the years with data, newest first.
func (db *DB) BudgetYears(ctx context.Context, viewer *renda.User) ([]BudgetYear, error) {
	if !CanReadBudget(viewer) {
		return nil, renda.Errorf(renda.EUNAUTHORIZED, "请先登录")
	}
	var out []BudgetYear
	err := db.read(ctx, func(tx *Tx) error {
		rows, err := tx.query(`SELECT year, SUM(CASE WHEN kind = ? THEN amount ELSE 0 END), SUM(CASE WHEN kind = ? THEN amount ELSE 0 END),
			MAX(CASE WHEN kind = ? THEN month ELSE 0 END)
			FROM budget_lines WHERE replaced_by IS NULL AND kind IN (?, ?) GROUP BY year ORDER BY year DESC`,
			budget.KindBudget, budget.KindExecution, budget.KindExecution, budget.KindBudget, budget.KindExecution)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var y BudgetYear
			var b, e int64
			if err := rows.Scan(&y.Year, &b, &e, &y.Months); err != nil {
				return err
			}
			y.Budget, y.Executed = budget.Fen(b), budget.Fen(e)
			out = append(out, y)
		}
		return rows.Err()
	})
	return out, err
}

// BudgetRow is one row of a budget-against-execution table: a department
// or a function class, with its link key.
type BudgetRow struct {
	Key      string // organization id or function class code
	Name     string
	Budget   budget.Fen
	Executed budget.Fen
	Adjusted budget.Fen     // the net of adjustments and transfers (预算调整和调剂)
	Months   [13]budget.Fen // execution by month (1–12)
}

// Rate is the execution rate in percent ("" without a budget).
func (r *BudgetRow) Rate() string { return budget.Rate(r.Executed, r.Budget) }

// BudgetBy sums a year's current budget, execution and adjustment lines by
// department (by "org") or by function class (by "function"), in order of
// budget, with a total row last. The total is the sum of the rows.
func (db *DB) BudgetBy(ctx context.Context, viewer *renda.User, year int, by string) (rows []*BudgetRow, total *BudgetRow, err error) {
	if !CanReadBudget(viewer) {
		return nil, nil, renda.Errorf(renda.EUNAUTHORIZED, "请先登录")
	}
	total = &BudgetRow{Name: "合计"}
	err = db.read(ctx, func(tx *Tx) error {
		key := "COALESCE(l.org_id, '')"
		name := "COALESCE(MAX(o.name), '')"
		if by == "function" {
			key, name = "SUBSTR(l.func_code, 1, 3)", "''"
		}
		rs, err := tx.query(`SELECT `+key+`, `+name+`, l.kind, l.month, SUM(l.amount) FROM budget_lines l LEFT JOIN organizations o ON o.id = l.org_id
			WHERE l.year = ? AND l.replaced_by IS NULL AND l.kind IN (?, ?, ?) GROUP BY `+key+`, l.kind, l.month`, year, budget.KindBudget, budget.KindExecution, budget.KindAdjustment)
		if err != nil {
			return err
		}
		defer rs.Close()
		idx := map[string]*BudgetRow{}
		for rs.Next() {
			var k, n, kind string
			var m int
			var amt int64
			if err := rs.Scan(&k, &n, &kind, &m, &amt); err != nil {
				return err
			}
			r := idx[k]
			if r == nil {
				r = &BudgetRow{Key: k, Name: n}
				if by == "function" {
					_, r.Name = budget.FunctionClass(k)
				}
				if r.Name == "" {
					r.Name = "（未列部门）"
				}
				idx[k] = r
				rows = append(rows, r)
			}
			switch kind {
			case budget.KindBudget:
				r.Budget += budget.Fen(amt)
				total.Budget += budget.Fen(amt)
			case budget.KindAdjustment:
				r.Adjusted += budget.Fen(amt)
				total.Adjusted += budget.Fen(amt)
			default:
				r.Executed += budget.Fen(amt)
				total.Executed += budget.Fen(amt)
				if m >= 1 && m <= 12 {
					r.Months[m] += budget.Fen(amt)
					total.Months[m] += budget.Fen(amt)
				}
			}
		}
		return rs.Err()
	})
	sort.SliceStable(rows, func(i, j int) bool {
		if rows[i].Budget != rows[j].Budget {
			return rows[i].Budget > rows[j].Budget
		}
		return rows[i].Key < rows[j].Key
	})
	return rows, total, err
}

// BudgetLineFilter picks the lines behind a figure.
type BudgetLineFilter struct {
	Year     int
	Kind     string   // budget, execution, …
	OrgID    string   // "-" for lines without a department
	Function string   // a function class (3 digits) or code prefix
	Month    int      // execution: 1–12; 0 all
	Through  int      // execution: months 1..Through
	Import   string   // the lines of one import (replaced ones included)
	Project  string   // one project's lines
	Econ     []string // economic codes (e.g. budget.SanGongCodes()); none: all
	Doc      string   // adjustments: one document's lines
}

// BudgetLines lists the current lines a figure sums, in file order (the
// first 5,000), and the sum of all of them.
func (db *DB) BudgetLines(ctx context.Context, viewer *renda.User, f BudgetLineFilter) ([]*budget.Line, budget.Fen, error) {
	if !CanReadBudget(viewer) {
		return nil, 0, renda.Errorf(renda.EUNAUTHORIZED, "请先登录")
	}
	var out []*budget.Line
	var sum budget.Fen
	err := db.read(ctx, func(tx *Tx) error {
		q := `SELECT l.id, l.import_id, l.kind, l.year, l.month, l.line, l.fund, COALESCE(l.org_id, ''), COALESCE(o.name, ''), l.func_code, l.func_name,
			l.econ_code, l.econ_name, l.project, l.item, l.doc, l.note, l.amount FROM budget_lines l LEFT JOIN organizations o ON o.id = l.org_id WHERE 1 = 1`
		var args []any
		if f.Import != "" {
			q += " AND l.import_id = ?"
			args = append(args, f.Import)
		} else {
			q += " AND l.replaced_by IS NULL AND l.year = ?"
			args = append(args, f.Year)
		}
		if f.Kind != "" {
			q += " AND l.kind = ?"
			args = append(args, f.Kind)
		}
		switch f.OrgID {
		case "":
		case "-":
			q += " AND l.org_id IS NULL"
		default:
			q += " AND l.org_id = ?"
			args = append(args, f.OrgID)
		}
		if f.Function != "" {
			q += " AND l.func_code LIKE ?"
			args = append(args, strings.Trim(f.Function, "%_")+"%")
		}
		if f.Project != "" {
			q += " AND l.project = ?"
			args = append(args, f.Project)
		}
		if len(f.Econ) > 0 {
			q += " AND l.econ_code IN (" + strings.Repeat("?, ", len(f.Econ)-1) + "?)"
			for _, c := range f.Econ {
				args = append(args, c)
			}
		}
		if f.Doc != "" {
			q += " AND l.doc = ?"
			args = append(args, f.Doc)
		}
		if f.Month > 0 {
			q += " AND l.month = ?"
			args = append(args, f.Month)
		}
		if f.Through > 0 {
			q += " AND l.month BETWEEN 1 AND ?"
			args = append(args, f.Through)
		}
		// The sum is of every line the filter picks, however many are listed.
		var total int64
		if err := tx.queryRow("SELECT COALESCE(SUM(x.amount), 0) FROM ("+q+") x", args...).Scan(&total); err != nil {
			return err
		}
		sum = budget.Fen(total)
		rows, err := tx.query(q+" ORDER BY l.kind, l.month, l.import_id, l.line LIMIT 5000", args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var l budget.Line
			var amt int64
			if err := rows.Scan(&l.ID, &l.ImportID, &l.Kind, &l.Year, &l.Month, &l.Row, &l.Fund, &l.OrgID, &l.OrgName, &l.FuncCode, &l.FuncName,
				&l.EconCode, &l.EconName, &l.Project, &l.Item, &l.Doc, &l.Note, &amt); err != nil {
				return err
			}
			l.Amount = budget.Fen(amt)
			l.AmountString = l.Amount.String()
			out = append(out, &l)
		}
		return rows.Err()
	})
	return out, sum, err
}

// BudgetProject is one project of a year (零基预算 review): its budget and
// execution this year and the year before, by department and name.
type BudgetProject struct {
	OrgID, OrgName, Project string
	Budget, Executed        budget.Fen
	Adjusted                budget.Fen // the net of this year's adjustments and transfers
	PrevBudget, PrevSpent   budget.Fen
	LastMonth               int // the last month with spending
}

// Rate is this year's execution rate in percent.
func (p *BudgetProject) Rate() string { return budget.Rate(p.Executed, p.Budget) }

// PrevRate is last year's execution rate in percent.
func (p *BudgetProject) PrevRate() string { return budget.Rate(p.PrevSpent, p.PrevBudget) }

// BudgetProjects lists a year's projects with last year's figures for the same
// department and project, largest budget first.
func (db *DB) BudgetProjects(ctx context.Context, viewer *renda.User, year int) ([]*BudgetProject, error) {
	if !CanReadBudget(viewer) {
		return nil, renda.Errorf(renda.EUNAUTHORIZED, "请先登录")
	}
	var out []*BudgetProject
	err := db.read(ctx, func(tx *Tx) error {
		rows, err := tx.query(`SELECT l.org_id, MAX(o.name), l.project, l.year,
			SUM(CASE WHEN l.kind = ? THEN l.amount ELSE 0 END), SUM(CASE WHEN l.kind = ? THEN l.amount ELSE 0 END),
			SUM(CASE WHEN l.kind = ? THEN l.amount ELSE 0 END), MAX(CASE WHEN l.kind = ? AND l.amount > 0 THEN l.month ELSE 0 END)
			FROM budget_lines l JOIN organizations o ON o.id = l.org_id
			WHERE l.year IN (?, ?) AND l.replaced_by IS NULL AND l.kind IN (?, ?, ?) AND l.project <> ''
			GROUP BY l.org_id, l.project, l.year`, budget.KindBudget, budget.KindExecution, budget.KindAdjustment, budget.KindExecution, year, year-1,
			budget.KindBudget, budget.KindExecution, budget.KindAdjustment)
		if err != nil {
			return err
		}
		defer rows.Close()
		idx := map[string]*BudgetProject{}
		prev := map[string][2]int64{}
		for rows.Next() {
			var org, name, project string
			var y, last int
			var b, e, a int64
			if err := rows.Scan(&org, &name, &project, &y, &b, &e, &a, &last); err != nil {
				return err
			}
			k := org + "\x00" + project
			if y == year {
				idx[k] = &BudgetProject{OrgID: org, OrgName: name, Project: project, Budget: budget.Fen(b), Executed: budget.Fen(e), Adjusted: budget.Fen(a), LastMonth: last}
				out = append(out, idx[k])
			} else {
				prev[k] = [2]int64{b, e}
			}
		}
		for k, p := range idx {
			if v, ok := prev[k]; ok {
				p.PrevBudget, p.PrevSpent = budget.Fen(v[0]), budget.Fen(v[1])
			}
		}
		return rows.Err()
	})
	sort.SliceStable(out, func(i, j int) bool { return out[i].Budget > out[j].Budget })
	return out, err
}
