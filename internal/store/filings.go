package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"strings"
	"time"

	"renda"
	"renda/filing"
	"renda/internal/attach"
)

// Filing review (备案审查): see filing.Flow. Staff see every filing; a
// filer's clerk (a unit user of a filing body) sees their body's own.

const filingColumns = `f.id, f.title, f.number, f.filer_id, f.issued_on, f.published_on, f.filed_on, f.filing_due, f.late, f.text, f.explanation,
	f.basis, f.state, f.due, COALESCE(f.reviewer_id, ''), f.checks, f.check_note, f.issue, f.opinion, f.resolution, f.result, f.citations,
	f.return_reason, f.previous_id, f.created_at, f.updated_at, f.registered_at, f.reviewed_at, f.closed_at,
	COALESCE(o.name, ''), COALESCE(u.display_name, '')`

const filingFrom = ` FROM filings f LEFT JOIN organizations o ON o.id = f.filer_id LEFT JOIN users u ON u.id = f.reviewer_id`

func scanFiling(row interface{ Scan(...any) error }) (*filing.Filing, error) {
	f := &filing.Filing{}
	var checks string
	err := row.Scan(&f.ID, &f.Title, &f.Number, &f.FilerID, dayScan{&f.IssuedOn}, dayScan{&f.PublishedOn}, dayScan{&f.FiledOn}, dayScan{&f.FilingDue},
		boolScan{&f.Late}, &f.Text, &f.Explanation, &f.Basis, &f.State, dayScan{&f.Due}, &f.ReviewerID, &checks, &f.CheckNote, &f.Issue, &f.Opinion,
		&f.Resolution, &f.Result, &f.Citations, &f.ReturnReason, &f.PreviousID, tsScan{&f.CreatedAt}, tsScan{&f.UpdatedAt}, tsScan{&f.RegisteredAt},
		tsScan{&f.ReviewedAt}, tsScan{&f.ClosedAt}, &f.FilerName, &f.ReviewerName)
	if err != nil {
		return nil, err
	}
	if checks != "" && checks != "{}" {
		if err := json.Unmarshal([]byte(checks), &f.Checks); err != nil {
			return nil, err
		}
	}
	return f, nil
}

// filingScope limits filings to those viewer may see: the staff side all,
// a filer's clerk their own body's.
func filingScope(viewer *renda.User) (string, []any) {
	switch {
	case viewer == nil:
		return "1 = 0", nil
	case viewer.IsStaffSide():
		return "1 = 1", nil
	case viewer.Role == renda.RoleUnit && viewer.OrgID != "":
		return "f.filer_id = ?", []any{viewer.OrgID}
	}
	return "1 = 0", nil
}

func (tx *Tx) filingFor(viewer *renda.User, id string, lock bool) (*filing.Filing, error) {
	if !renda.ValidID(id) {
		return nil, renda.Errorf(renda.ENOTFOUND, "备案文件不存在")
	}
	if lock && tx.db.dialect == Postgres {
		if _, err := tx.exec("SELECT 1 FROM filings WHERE id = ? FOR UPDATE", id); err != nil {
			return nil, err
		}
	}
	scope, args := filingScope(viewer)
	f, err := scanFiling(tx.queryRow("SELECT "+filingColumns+filingFrom+" WHERE f.id = ? AND "+scope, append([]any{id}, args...)...))
	return f, notFound(err, "备案文件不存在，或您无权查看")
}

// Filing returns one filing as viewer may see it.
func (db *DB) Filing(ctx context.Context, viewer *renda.User, id string) (*filing.Filing, error) {
	var f *filing.Filing
	err := db.read(ctx, func(tx *Tx) error {
		var err error
		f, err = tx.filingFor(viewer, id, false)
		return err
	})
	return f, err
}

// filingWhere is the condition of a filtered list, shared by the list and
// the year's report so that every figure is the count of its list.
func (db *DB) filingWhere(viewer *renda.User, fl filing.Filter) (string, []any) {
	scope, args := filingScope(viewer)
	where := []string{scope}
	in := func(states []string) string {
		for _, s := range states {
			args = append(args, s)
		}
		return "f.state IN (" + placeholders(len(states)) + ")"
	}
	switch fl.State {
	case "":
	case "open":
		where = append(where, in(filing.OpenStates))
	case "overdue":
		where = append(where, in(filing.OpenStates)+" AND f.due < ?")
		args = append(args, renda.DateOf(db.clock.Now()).String())
	default:
		where, args = append(where, "f.state = ?"), append(args, fl.State)
	}
	switch fl.Flag {
	case "late":
		where, args = append(where, "f.late = ?"), append(args, true)
	case "ontime":
		where, args = append(where, "f.late = ?"), append(args, false)
	case "reviewed":
		where = append(where, in(filing.ReviewedStates))
	case "issue":
		where = append(where, in(filing.IssueStates))
	case "returned":
		where = append(where, "EXISTS (SELECT 1 FROM audit_log a WHERE a.entity = 'filing' AND a.entity_id = f.id AND a.action = 'return')")
	}
	if fl.FilerID != "" {
		where, args = append(where, "f.filer_id = ?"), append(args, fl.FilerID)
	}
	if fl.Year != 0 {
		where, args = append(where, "f.year = ?"), append(args, fl.Year)
	}
	if q := strings.TrimSpace(fl.Q); q != "" {
		c, cargs, ok := db.matchIn("f.id", q, "filing")
		if !ok {
			c = "1 = 0"
		}
		where = append(where, "("+c+" OR f.number = ?)")
		args = append(append(args, cargs...), q)
	}
	return " WHERE " + strings.Join(where, " AND "), args
}

// Filings lists the filings viewer may see: open ones first (the most
// cited, then the most urgent), then the newest.
func (db *DB) Filings(ctx context.Context, viewer *renda.User, fl filing.Filter) ([]*filing.Filing, int, error) {
	cond, args := db.filingWhere(viewer, fl)
	open := "f.state IN ('filed','returned','registered','reviewing','issue_found','opinion_sent')"
	var out []*filing.Filing
	var total int
	err := db.read(ctx, func(tx *Tx) error {
		var err error
		if total, err = tx.count("SELECT COUNT(*)"+filingFrom+cond, args...); err != nil {
			return err
		}
		rows, err := tx.query("SELECT "+filingColumns+filingFrom+cond+" ORDER BY CASE WHEN "+open+" THEN 0 ELSE 1 END, CASE WHEN "+open+
			" THEN f.citations ELSE 0 END DESC, CASE WHEN "+open+" THEN COALESCE(f.due, '9999-12-31') ELSE '' END, f.filed_on DESC, f.id DESC"+
			limitOffset(fl.Limit, fl.Offset), args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			f, err := scanFiling(rows)
			if err != nil {
				return err
			}
			out = append(out, f)
		}
		return rows.Err()
	})
	return out, total, err
}

// --- the workflow ---

var filingFlow = &flow[filing.Filing]{
	m:  filing.Flow,
	id: func(f *filing.Filing) string { return f.ID },
	rel: func(tx *Tx, f *filing.Filing) (renda.Rel, error) {
		return filing.Relations(tx.actor, f), nil
	},
	facts: func(tx *Tx, f *filing.Filing, action string, in *renda.Input) (any, error) {
		switch action {
		case "file":
			fa := &filing.Facts{}
			a := tx.actor
			if a != nil && a.Role == renda.RoleUnit {
				var name string
				err := tx.queryRow("SELECT o.name FROM filers fi JOIN organizations o ON o.id = fi.org_id WHERE fi.org_id = ?", a.OrgID).Scan(&name)
				if errNoRows(err) {
					return nil, renda.Errorf(renda.EFORBIDDEN, "本单位不是报备机关")
				}
				if err != nil {
					return nil, err
				}
				if r := in.Ref("filer_id"); r != nil && r.ID != a.OrgID {
					return nil, renda.Errorf(renda.EFORBIDDEN, "只能报备本单位制定的文件")
				}
				fa.Filer = &renda.Ref{ID: a.OrgID, Name: name}
			} else {
				fa.Filer = in.Ref("filer_id")
			}
			if fa.Filer != nil {
				prev, err := tx.previousVersion(fa.Filer.ID, in.Text("title"), "")
				if err != nil {
					return nil, err
				}
				fa.PreviousID = prev
			}
			return fa, nil
		case "cite":
			q := map[string]string{"suggestion": "SELECT 1 FROM suggestions WHERE id = ? OR number = ?", "opinion": "SELECT 1 FROM opinions WHERE id = ? OR tracking_code = ?",
				"hotline": "SELECT 1 FROM hotline_orders WHERE number = ? OR opinion_id = ?"}[in.Text("source")]
			ok := false
			if q != "" {
				var err error
				if ok, err = tx.exists(q, in.Text("ref"), in.Text("ref")); err != nil {
					return nil, err
				}
			}
			return &filing.Facts{Citation: ok}, nil
		}
		return nil, nil
	},
	save: func(tx *Tx, before, f *filing.Filing, out *renda.Outcome, files []*attach.File) error {
		f.UpdatedAt = tx.now
		checks, err := json.Marshal(f.Checks)
		if err != nil {
			return err
		}
		if f.Checks == nil {
			checks = []byte("{}")
		}
		if out.From == "" && out.Action == "file" {
			_, err = tx.exec(`INSERT INTO filings (id, title, number, filer_id, issued_on, published_on, filed_on, filing_due, late, text, explanation, basis,
				state, due, previous_id, year, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
				f.ID, f.Title, f.Number, f.FilerID, day(f.IssuedOn), day(f.PublishedOn), day(f.FiledOn), day(f.FilingDue), f.Late, f.Text, f.Explanation, f.Basis,
				f.State, day(f.Due), f.PreviousID, f.FiledOn.Year, ts(f.CreatedAt), ts(f.UpdatedAt))
		} else {
			_, err = tx.exec(`UPDATE filings SET text = ?, explanation = ?, basis = ?, state = ?, due = ?, reviewer_id = ?, checks = ?, check_note = ?, issue = ?,
				opinion = ?, resolution = ?, result = ?, citations = ?, return_reason = ?, updated_at = ?, registered_at = ?, reviewed_at = ?, closed_at = ? WHERE id = ?`,
				f.Text, f.Explanation, f.Basis, f.State, day(f.Due), nz(f.ReviewerID), string(checks), f.CheckNote, f.Issue,
				f.Opinion, f.Resolution, f.Result, f.Citations, f.ReturnReason, ts(f.UpdatedAt), ts(f.RegisteredAt), ts(f.ReviewedAt), ts(f.ClosedAt), f.ID)
		}
		if err != nil {
			if isUnique(err) {
				return renda.Errorf(renda.ECONFLICT, "该文件已报备")
			}
			return err
		}
		for _, rec := range out.Records {
			if c, ok := rec.(*filing.Citation); ok {
				if _, err := tx.exec("INSERT INTO filing_citations (filing_id, source, ref, note, at) VALUES (?, ?, ?, ?, ?)",
					c.FilingID, c.Source, c.Ref, c.Note, ts(c.At)); err != nil {
					if isUnique(err) {
						return renda.Errorf(renda.ECONFLICT, "该投诉已关联")
					}
					return err
				}
			}
		}
		for _, file := range files {
			if _, err := tx.AddAttachment("filing", f.ID, file); err != nil {
				return err
			}
		}
		return nil
	},
	audit: func(f *filing.Filing) any { return f.AuditView() },
	doc:   filing.Doc,
}

// previousVersion finds the earlier filing of the same document by the same
// filer (same subject), if any.
func (tx *Tx) previousVersion(filerID, title, except string) (string, error) {
	subject := filing.Subject(title)
	if subject == "" {
		return "", nil
	}
	rows, err := tx.query("SELECT id, title FROM filings WHERE filer_id = ? AND id <> ? ORDER BY filed_on DESC, id DESC", filerID, except)
	if err != nil {
		return "", err
	}
	defer rows.Close()
	for rows.Next() {
		var id, t string
		if err := rows.Scan(&id, &t); err != nil {
			return "", err
		}
		if filing.Subject(t) == subject {
			return id, nil
		}
	}
	return "", rows.Err()
}

func init() {
	registerAttachmentOwner("filing", func(tx *Tx, viewer *renda.User, id string) (bool, error) {
		_, err := tx.filingFor(viewer, id, false)
		return seen(err)
	})
	indexers["filing"] = func(tx *Tx, emit func(*renda.Doc) error) error {
		return eachBatch(tx, "SELECT "+filingColumns+filingFrom+" WHERE f.id > ? ORDER BY f.id LIMIT 1000",
			func(rows *sql.Rows) (*filing.Filing, string, error) {
				f, err := scanFiling(rows)
				if err != nil {
					return nil, "", err
				}
				return f, f.ID, nil
			},
			func(f *filing.Filing) error { return emit(filing.Doc(f)) })
	}
	// A filer: an organisation on the list of bodies that file.
	resolvers["filer"] = func(tx *Tx, filter, id string) (renda.Ref, bool, error) {
		var r renda.Ref
		err := tx.queryRow("SELECT o.id, o.name FROM filers fi JOIN organizations o ON o.id = fi.org_id WHERE fi.org_id = ? AND o.active = ?", id, true).Scan(&r.ID, &r.Name)
		if errNoRows(err) {
			return r, false, nil
		}
		return r, err == nil, err
	}
	// A user; filter "staff": staff or admin, who review.
	resolvers["user"] = func(tx *Tx, filter, id string) (renda.Ref, bool, error) {
		q := "SELECT id, display_name FROM users WHERE id = ? AND disabled = ?"
		if filter == "staff" {
			q += " AND role IN ('staff','admin')"
		}
		var r renda.Ref
		err := tx.queryRow(q, id, false).Scan(&r.ID, &r.Name)
		if errNoRows(err) {
			return r, false, nil
		}
		return r, err == nil, err
	}
	resolvers["filing"] = func(tx *Tx, filter, id string) (renda.Ref, bool, error) {
		var r renda.Ref
		err := tx.queryRow("SELECT id, title FROM filings WHERE id = ?", id).Scan(&r.ID, &r.Name)
		if errNoRows(err) {
			return r, false, nil
		}
		return r, err == nil, err
	}
}

// FileDocument files a normative document: a filer's clerk for their own
// body, or staff for any filer (the filer_id field). files are the
// document's PDF or Word copies, checked by attach.Check.
func (db *DB) FileDocument(ctx context.Context, actor *renda.User, in renda.Values, files []*attach.File) (*filing.Filing, error) {
	var f *filing.Filing
	err := db.write(ctx, actor, func(tx *Tx) error {
		var err error
		f, err = tx.FileDocument(in, files)
		return err
	})
	return f, err
}

// FileDocument files a document in this transaction, as its actor.
func (tx *Tx) FileDocument(in renda.Values, files []*attach.File) (*filing.Filing, error) {
	rel := renda.RoleRel(tx.actor)
	if a := tx.actor; a != nil && a.Role == renda.RoleUnit {
		ok, err := tx.exists("SELECT 1 FROM filers WHERE org_id = ?", a.OrgID)
		if err != nil {
			return nil, err
		}
		if ok {
			rel = append(rel, "filer")
		}
	}
	f, _, err := filingFlow.runAs(tx, rel, &filing.Filing{ID: renda.NewID()}, "file", in, files)
	return f, err
}

// ActOnFiling applies a workflow action for actor.
func (db *DB) ActOnFiling(ctx context.Context, actor *renda.User, id, action string, in renda.Values) (*filing.Filing, error) {
	var f *filing.Filing
	err := db.write(ctx, actor, func(tx *Tx) error {
		var err error
		f, err = tx.ActOnFiling(id, action, in)
		return err
	})
	return f, err
}

// ActOnFiling applies an action in this transaction, as its actor.
func (tx *Tx) ActOnFiling(id, action string, in renda.Values) (*filing.Filing, error) {
	if r, ok := filing.Flow.Rule(action); !ok || !r.Offered() {
		return nil, renda.Errorf(renda.ENOTFOUND, "没有“%s”这个操作", trunc(action, 20))
	}
	f, err := tx.filingFor(tx.actor, id, true)
	if err != nil {
		return nil, err
	}
	next, _, err := filingFlow.run(tx, f, action, in, nil)
	return next, err
}

// FilingActions lists the actions viewer may take on a filing now.
func (db *DB) FilingActions(ctx context.Context, viewer *renda.User, f *filing.Filing) ([]renda.Rule, error) {
	var out []renda.Rule
	err := db.read(ctx, func(tx *Tx) error {
		tx.actor = viewer
		var err error
		out, err = filingFlow.actions(tx, f)
		return err
	})
	return out, err
}

// FilingContext is what a reviewer sees beside a document: its earlier
// version, documents on the same subject, and the complaints citing it.
type FilingContext struct {
	Previous  *filing.Filing
	Related   []*filing.Filing
	Citations []filing.Citation
	Requests  []*filing.Request
}

// FilingContext loads a filing's context for viewer.
func (db *DB) FilingContext(ctx context.Context, viewer *renda.User, f *filing.Filing) (*FilingContext, error) {
	c := &FilingContext{}
	err := db.read(ctx, func(tx *Tx) error {
		scope, args := filingScope(viewer)
		if f.PreviousID != "" {
			p, err := scanFiling(tx.queryRow("SELECT "+filingColumns+filingFrom+" WHERE f.id = ? AND "+scope, append([]any{f.PreviousID}, args...)...))
			if err != nil && !errNoRows(err) {
				return err
			}
			c.Previous = p
		}
		if subject := filing.Subject(f.Title); len([]rune(subject)) >= 2 {
			key := string([]rune(subject)[:min(4, len([]rune(subject)))])
			rows, err := tx.query("SELECT "+filingColumns+filingFrom+" WHERE f.id <> ? AND f.id <> ? AND f.title LIKE ? AND "+scope+" ORDER BY f.filed_on DESC LIMIT 10",
				append([]any{f.ID, f.PreviousID, "%" + key + "%"}, args...)...)
			if err != nil {
				return err
			}
			for rows.Next() {
				r, err := scanFiling(rows)
				if err != nil {
					rows.Close()
					return err
				}
				c.Related = append(c.Related, r)
			}
			rows.Close()
		}
		rows, err := tx.query("SELECT filing_id, source, ref, note, at FROM filing_citations WHERE filing_id = ? ORDER BY at", f.ID)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var ci filing.Citation
			if err := rows.Scan(&ci.FilingID, &ci.Source, &ci.Ref, &ci.Note, tsScan{&ci.At}); err != nil {
				return err
			}
			c.Citations = append(c.Citations, ci)
		}
		if err := rows.Err(); err != nil {
			return err
		}
		rows.Close()
		if viewer.IsStaffSide() {
			reqs, err := tx.reviewRequests("r.filing_id = ?", f.ID)
			if err != nil {
				return err
			}
			c.Requests = reqs
		}
		return nil
	})
	return c, err
}

// --- filers and their registers ---

// Filers lists the bodies that file, by name.
func (db *DB) Filers(ctx context.Context) ([]renda.Ref, error) {
	var out []renda.Ref
	err := db.read(ctx, func(tx *Tx) error {
		rows, err := tx.query("SELECT o.id, o.name FROM filers fi JOIN organizations o ON o.id = fi.org_id WHERE o.active = ? ORDER BY o.sort, o.name", true)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var r renda.Ref
			if err := rows.Scan(&r.ID, &r.Name); err != nil {
				return err
			}
			out = append(out, r)
		}
		return rows.Err()
	})
	return out, err
}

// AddFiler puts an organisation on the list of bodies that file (staff).
func (db *DB) AddFiler(ctx context.Context, actor *renda.User, orgID string) error {
	return db.write(ctx, actor, func(tx *Tx) error { return tx.AddFiler(orgID) })
}

// AddFiler puts an organisation on the list of filers in this transaction.
func (tx *Tx) AddFiler(orgID string) error {
	if a := tx.actor; a == nil || !a.Is(renda.RoleAdmin, renda.RoleStaff) {
		return renda.Errorf(renda.EFORBIDDEN, "只有工作人员可以设置报备机关")
	}
	res, err := tx.exec("INSERT INTO filers (org_id, added_at) VALUES (?, ?) ON CONFLICT (org_id) DO NOTHING", orgID, ts(tx.now))
	if err != nil {
		if isForeignKey(err) {
			return renda.Errorf(renda.ENOTFOUND, "单位不存在")
		}
		return err
	}
	if n, _ := res.RowsAffected(); n > 0 {
		tx.Record(renda.Change{Action: "add_filer", Entity: "organization", EntityID: orgID, Note: "列为规范性文件报备机关"})
	}
	return nil
}

// RegisterEntries lists filers' registers of issued documents with what
// became of each (filed when, or not), newest first: a filer's clerk sees
// their own body's, staff all (filerID narrows).
func (db *DB) RegisterEntries(ctx context.Context, viewer *renda.User, filerID string, year int) ([]*filing.RegisterEntry, error) {
	where, args := []string{"1 = 1"}, []any{}
	switch {
	case viewer.IsStaffSide():
	case viewer.Role == renda.RoleUnit && viewer.OrgID != "":
		filerID = viewer.OrgID
	default:
		return nil, nil
	}
	if filerID != "" {
		where, args = append(where, "e.filer_id = ?"), append(args, filerID)
	}
	if year != 0 {
		where, args = append(where, "e.published_on >= ? AND e.published_on < ?"), append(args, renda.NewDate(year, 1, 1).String(), renda.NewDate(year+1, 1, 1).String())
	}
	var out []*filing.RegisterEntry
	err := db.read(ctx, func(tx *Tx) error {
		set, cal, err := tx.config()
		if err != nil {
			return err
		}
		rows, err := tx.query(`SELECT e.id, e.filer_id, COALESCE(o.name, ''), e.title, e.number, e.published_on,
			COALESCE((SELECT f.id FROM filings f WHERE f.filer_id = e.filer_id AND f.number = e.number ORDER BY f.filed_on LIMIT 1), ''),
			(SELECT MIN(f.filed_on) FROM filings f WHERE f.filer_id = e.filer_id AND f.number = e.number)
			FROM filing_register e LEFT JOIN organizations o ON o.id = e.filer_id WHERE `+strings.Join(where, " AND ")+` ORDER BY e.published_on DESC, e.id DESC`, args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			e := &filing.RegisterEntry{}
			if err := rows.Scan(&e.ID, &e.FilerID, &e.FilerName, &e.Title, &e.Number, dayScan{&e.PublishedOn}, &e.FilingID, dayScan{&e.FiledOn}); err != nil {
				return err
			}
			e.Due = cal.Due(e.PublishedOn, set.Period("filing.filing_period"))
			out = append(out, e)
		}
		return rows.Err()
	})
	return out, err
}

// AddRegisterEntry puts a document a filer issued on its register: its
// clerk for their own body (or staff for any).
func (db *DB) AddRegisterEntry(ctx context.Context, actor *renda.User, e *filing.RegisterEntry) error {
	return db.write(ctx, actor, func(tx *Tx) error { return tx.AddRegisterEntry(e) })
}

// AddRegisterEntry adds a register entry in this transaction.
func (tx *Tx) AddRegisterEntry(e *filing.RegisterEntry) error {
	a := tx.actor
	switch {
	case a == nil:
		return renda.Errorf(renda.EFORBIDDEN, "请先登录")
	case a.Is(renda.RoleAdmin, renda.RoleStaff):
	case a.Role == renda.RoleUnit && a.OrgID != "":
		e.FilerID = a.OrgID
	default:
		return renda.Errorf(renda.EFORBIDDEN, "只有报备机关的经办人可以登记本单位的发文")
	}
	var p renda.Problems
	e.Title = p.Line("title", "文件名称", e.Title, true, 200)
	e.Number = p.Line("number", "文号", e.Number, true, 60)
	if e.PublishedOn.IsZero() {
		p.Add("published_on", "请填写公布日期")
	} else if e.PublishedOn.After(tx.Today()) {
		p.Add("published_on", "公布日期不能晚于今天")
	}
	if err := p.Err(); err != nil {
		return err
	}
	if ok, err := tx.exists("SELECT 1 FROM filers WHERE org_id = ?", e.FilerID); err != nil {
		return err
	} else if !ok {
		return renda.Errorf(renda.EFORBIDDEN, "该单位不是报备机关")
	}
	e.ID = renda.NewID()
	if _, err := tx.exec("INSERT INTO filing_register (id, filer_id, title, number, published_on, created_at) VALUES (?, ?, ?, ?, ?, ?)",
		e.ID, e.FilerID, e.Title, e.Number, day(e.PublishedOn), ts(tx.now)); err != nil {
		if isUnique(err) {
			return &renda.Error{Code: renda.ECONFLICT, Message: "该文号已在发文目录中", Fields: []renda.FieldError{{Field: "number", Message: "已登记"}}}
		}
		return err
	}
	tx.Record(renda.Change{Action: "register_entry", Entity: "organization", EntityID: e.FilerID, After: e, Note: "发文目录：" + e.Title + "（" + e.Number + "）"})
	return nil
}

// --- the year's report ---

// FilingReport computes the year's figures, each by the condition of its
// list (filingWhere) so a figure is the count of the list it links to.
func (db *DB) FilingReport(ctx context.Context, viewer *renda.User, year int) (*filing.Report, error) {
	r := &filing.Report{Year: year}
	count := func(fl filing.Filter) (int, error) {
		fl.Year = year
		cond, args := db.filingWhere(viewer, fl)
		var n int
		err := db.r.QueryRowContext(ctx, db.rebind("SELECT COUNT(*)"+filingFrom+cond), args...).Scan(&n)
		return n, err
	}
	for _, c := range []struct {
		dst *int
		fl  filing.Filter
	}{
		{&r.Filed, filing.Filter{}}, {&r.Late, filing.Filter{Flag: "late"}}, {&r.OnTime, filing.Filter{Flag: "ontime"}},
		{&r.Returned, filing.Filter{Flag: "returned"}},
		{&r.Reviewed, filing.Filter{Flag: "reviewed"}}, {&r.NoIssue, filing.Filter{State: filing.NoIssue}}, {&r.Issues, filing.Filter{Flag: "issue"}},
		{&r.Corrected, filing.Filter{State: filing.Corrected}}, {&r.Annulled, filing.Filter{State: filing.Annulled}},
	} {
		n, err := count(c.fl)
		if err != nil {
			return nil, err
		}
		*c.dst = n
	}
	r.Pending = r.Issues - r.Corrected - r.Annulled
	entries, err := db.RegisterEntries(ctx, viewer, "", year)
	if err != nil {
		return nil, err
	}
	today := renda.DateOf(db.clock.Now())
	for _, e := range entries {
		if e.Unfiled(today) {
			r.Unfiled++
		}
	}
	if viewer.IsStaffSide() {
		for _, c := range []struct {
			dst   *int
			state string
		}{{&r.Requests, ""}, {&r.Transferred, filing.ReqTransferred}, {&r.Answered, filing.ReqNotified}} {
			q, args := "SELECT COUNT(*) FROM review_requests WHERE year = ?", []any{year}
			if c.state != "" {
				q, args = q+" AND state = ?", append(args, c.state)
			}
			if err := db.r.QueryRowContext(ctx, db.rebind(q), args...).Scan(c.dst); err != nil {
				return nil, err
			}
		}
	}
	return r, nil
}

// --- review requests (审查建议) ---

const requestColumns = `r.id, r.tracking_code, r.document, r.reason, r.name_enc, r.phone_enc, r.state, COALESCE(r.filing_id, ''), r.transferred_to, r.result,
	r.created_at, r.updated_at, r.closed_at, COALESCE(f.title, '')`

const requestFrom = ` FROM review_requests r LEFT JOIN filings f ON f.id = r.filing_id`

func (db *DB) scanRequest(row interface{ Scan(...any) error }) (*filing.Request, error) {
	r := &filing.Request{}
	var name, phone string
	if err := row.Scan(&r.ID, &r.TrackingCode, &r.Document, &r.Reason, &name, &phone, &r.State, &r.FilingID, &r.TransferredTo, &r.Result,
		tsScan{&r.CreatedAt}, tsScan{&r.UpdatedAt}, tsScan{&r.ClosedAt}, &r.FilingTitle); err != nil {
		return nil, err
	}
	var err error
	if r.Name, err = db.box.Open(name); err != nil {
		return nil, err
	}
	if r.Phone, err = db.box.Open(phone); err != nil {
		return nil, err
	}
	return r, nil
}

func (tx *Tx) reviewRequests(cond string, args ...any) ([]*filing.Request, error) {
	rows, err := tx.query("SELECT "+requestColumns+requestFrom+" WHERE "+cond+" ORDER BY r.created_at DESC, r.id DESC", args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*filing.Request
	for rows.Next() {
		r, err := tx.db.scanRequest(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// maskRequest hides the requester from those who may not see personal data.
func maskRequest(r *filing.Request, viewer *renda.User) *filing.Request {
	if renda.CanSeePersonalData(viewer) {
		return r
	}
	v := *r
	v.Name, v.Phone = renda.MaskName(r.Name), renda.MaskPhone(r.Phone)
	return &v
}

// ReviewRequests lists the review requests (staff side only), newest first.
func (db *DB) ReviewRequests(ctx context.Context, viewer *renda.User, state string, year int) ([]*filing.Request, error) {
	if !viewer.IsStaffSide() {
		return nil, nil
	}
	cond, args := "1 = 1", []any{}
	if state != "" {
		cond, args = cond+" AND r.state = ?", append(args, state)
	}
	if year != 0 {
		cond, args = cond+" AND r.year = ?", append(args, year)
	}
	var out []*filing.Request
	err := db.read(ctx, func(tx *Tx) error {
		var err error
		out, err = tx.reviewRequests(cond, args...)
		return err
	})
	for i, r := range out {
		out[i] = maskRequest(r, viewer)
	}
	return out, err
}

func (tx *Tx) reviewRequestFor(viewer *renda.User, id string) (*filing.Request, error) {
	if !viewer.IsStaffSide() || !renda.ValidID(id) {
		return nil, renda.Errorf(renda.ENOTFOUND, "审查建议不存在")
	}
	if tx.db.dialect == Postgres {
		if _, err := tx.exec("SELECT 1 FROM review_requests WHERE id = ? FOR UPDATE", id); err != nil {
			return nil, err
		}
	}
	r, err := tx.db.scanRequest(tx.queryRow("SELECT "+requestColumns+requestFrom+" WHERE r.id = ?", id))
	return r, notFound(err, "审查建议不存在")
}

// ReviewRequest returns one review request (staff side).
func (db *DB) ReviewRequest(ctx context.Context, viewer *renda.User, id string) (*filing.Request, error) {
	var r *filing.Request
	err := db.read(ctx, func(tx *Tx) error {
		var err error
		r, err = tx.reviewRequestFor(viewer, id)
		return err
	})
	if err != nil {
		return nil, err
	}
	return maskRequest(r, viewer), nil
}

var requestFlow = &flow[filing.Request]{
	m:   filing.RequestFlow,
	id:  func(r *filing.Request) string { return r.ID },
	rel: func(tx *Tx, r *filing.Request) (renda.Rel, error) { return renda.RoleRel(tx.actor), nil },
	save: func(tx *Tx, before, r *filing.Request, out *renda.Outcome, files []*attach.File) error {
		r.UpdatedAt = tx.now
		var err error
		if out.From == "" {
			box := tx.db.box
			_, err = tx.exec(`INSERT INTO review_requests (id, tracking_code, document, reason, name_enc, phone_enc, state, year, created_at, updated_at)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, r.ID, r.TrackingCode, r.Document, r.Reason, box.Seal(r.Name), box.Seal(r.Phone), r.State,
				renda.DateOf(r.CreatedAt).Year, ts(r.CreatedAt), ts(r.UpdatedAt))
		} else {
			_, err = tx.exec("UPDATE review_requests SET state = ?, filing_id = ?, transferred_to = ?, result = ?, updated_at = ?, closed_at = ? WHERE id = ?",
				r.State, nz(r.FilingID), r.TransferredTo, r.Result, ts(r.UpdatedAt), ts(r.ClosedAt), r.ID)
		}
		return err
	},
	audit: func(r *filing.Request) any { return r.AuditView() },
}

// SubmitReviewRequest files a review request (public, no account) and
// returns it with its tracking code. The public are throttled per address.
func (db *DB) SubmitReviewRequest(ctx context.Context, actor *renda.User, s filing.RequestSubmission, ip string) (*filing.Request, error) {
	var r *filing.Request
	err := db.write(ctx, actor, func(tx *Tx) error {
		set, _, err := tx.config()
		if err != nil {
			return err
		}
		if ip != "" {
			if err := tx.throttle("review_ip", ip, set.Int("opinion.rate_ip_per_hour"), time.Hour,
				"您提交得太频繁了：同一网络一小时内最多提交 %d 条，请稍后再试。"); err != nil {
				return err
			}
		}
		if r, err = tx.SubmitReviewRequest(s); err != nil {
			return err
		}
		if ip != "" {
			return tx.throttleHit("review_ip", ip)
		}
		return nil
	})
	return r, err
}

// SubmitReviewRequest files a review request in this transaction, as its actor.
func (tx *Tx) SubmitReviewRequest(s filing.RequestSubmission) (*filing.Request, error) {
	if err := s.Validate(); err != nil {
		return nil, err
	}
	env, err := tx.env()
	if err != nil {
		return nil, err
	}
	env.Rel, env.Facts = renda.RoleRel(tx.actor), &filing.RequestFacts{Submission: &s}
	r, _, err := requestFlow.apply(tx, env, &filing.Request{ID: renda.NewID(), TrackingCode: NewTrackingCode()}, "submit", nil, nil)
	return r, err
}

// ComplaintRefs returns the references of the newest complaints of a kind
// (suggestion numbers, opinion tracking codes, 12345 order numbers), for
// linking them to a document (the demo).
func (tx *Tx) ComplaintRefs(source string, n int) ([]string, error) {
	q := map[string]string{"suggestion": "SELECT number FROM suggestions WHERE number <> '' ORDER BY created_at DESC, id DESC",
		"opinion": "SELECT tracking_code FROM opinions WHERE channel <> 'hotline' ORDER BY created_at DESC, id DESC",
		"hotline": "SELECT number FROM hotline_orders ORDER BY created_at DESC, id DESC"}[source]
	if q == "" {
		return nil, nil
	}
	rows, err := tx.query(q+" LIMIT ?", n)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, rows.Err()
}

// ActOnReviewRequest applies an action for actor (staff).
func (db *DB) ActOnReviewRequest(ctx context.Context, actor *renda.User, id, action string, in renda.Values) (*filing.Request, error) {
	var r *filing.Request
	err := db.write(ctx, actor, func(tx *Tx) error {
		var err error
		r, err = tx.ActOnReviewRequest(id, action, in)
		return err
	})
	return r, err
}

// ActOnReviewRequest applies an action in this transaction, as its actor.
func (tx *Tx) ActOnReviewRequest(id, action string, in renda.Values) (*filing.Request, error) {
	if r, ok := filing.RequestFlow.Rule(action); !ok || !r.Offered() {
		return nil, renda.Errorf(renda.ENOTFOUND, "没有“%s”这个操作", trunc(action, 20))
	}
	r, err := tx.reviewRequestFor(tx.actor, id)
	if err != nil {
		return nil, err
	}
	next, _, err := requestFlow.run(tx, r, action, in, nil)
	if err != nil {
		return nil, err
	}
	return maskRequest(next, tx.actor), nil
}

// ReviewRequestActions lists the actions viewer may take on a request now.
func (db *DB) ReviewRequestActions(ctx context.Context, viewer *renda.User, r *filing.Request) ([]renda.Rule, error) {
	var out []renda.Rule
	err := db.read(ctx, func(tx *Tx) error {
		tx.actor = viewer
		var err error
		out, err = requestFlow.actions(tx, r)
		return err
	})
	return out, err
}

// RequestTrack is what a requester sees of their review request.
type RequestTrack struct {
	Document    string      `json:"document"`
	State       string      `json:"state"`
	PublicState string      `json:"state_label"`
	Result      string      `json:"result,omitempty"`
	Steps       []TrackStep `json:"steps"`
}

var requestSteps = map[string]string{"submit": "审查建议已提交", "accept": "已受理", "transfer": "已移送有关机关", "notify": "已告知审查结果"}

// TrackReviewRequest returns the requester's view, given the tracking code
// and the last four digits of the phone left with it (none if none was
// left); wrong guesses are throttled as for opinions.
func (db *DB) TrackReviewRequest(ctx context.Context, code, tail, ip string) (*RequestTrack, error) {
	code, tail = NormalizeTrackingCode(code), strings.TrimSpace(tail)
	var t *RequestTrack
	miss := false
	err := db.write(ctx, nil, func(tx *Tx) error {
		set, _, err := tx.config()
		if err != nil {
			return err
		}
		if ip != "" {
			// Wrong guesses count with the opinions' (one tracking door for the public).
			mins, max := set.Int("opinion.track_miss_minutes"), set.Int("opinion.track_misses")
			n, err := tx.count("SELECT COUNT(*) FROM opinion_throttle WHERE kind = ? AND key_index = ? AND at > ?",
				"track", tx.db.box.Index(ip), ts(tx.now.Add(-time.Duration(mins)*time.Minute)))
			if err != nil {
				return err
			}
			if n >= max {
				return renda.Errorf(renda.ETOOMANY, "查询码或手机尾号输错次数过多（%d 分钟内 %d 次），请 %d 分钟后再试。", mins, max, mins)
			}
		}
		var r *filing.Request
		if code != "" {
			r, err = tx.db.scanRequest(tx.queryRow("SELECT "+requestColumns+requestFrom+" WHERE r.tracking_code = ?", code))
			if err != nil && !errNoRows(err) {
				return err
			}
		}
		if r != nil && (r.Phone == "" && tail != "" || r.Phone != "" && (len(tail) != 4 || !strings.HasSuffix(r.Phone, tail))) {
			r = nil
		}
		if r == nil {
			miss = true
			if ip != "" {
				return tx.throttleHit("track", ip)
			}
			return nil
		}
		t = &RequestTrack{Document: r.Document, State: r.State, PublicState: filing.PublicState(r.State), Result: r.Result, Steps: []TrackStep{}}
		if r.State == filing.ReqTransferred {
			t.Result = "已移送" + r.TransferredTo + "。" + r.Result
		}
		rows, err := tx.query("SELECT action, at FROM audit_log WHERE entity = 'review_request' AND entity_id = ? ORDER BY seq", r.ID)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var action string
			var at time.Time
			if err := rows.Scan(&action, tsScan{&at}); err != nil {
				return err
			}
			if l, ok := requestSteps[action]; ok {
				t.Steps = append(t.Steps, TrackStep{At: at, Label: l})
			}
		}
		return rows.Err()
	})
	if err != nil {
		return nil, err
	}
	if miss {
		return nil, renda.Errorf(renda.ENOTFOUND, "查询码或手机尾号不正确。")
	}
	return t, nil
}

// Reviewers lists the accounts that may review filings (staff and admins).
func (db *DB) Reviewers(ctx context.Context) ([]renda.Ref, error) {
	var out []renda.Ref
	err := db.read(ctx, func(tx *Tx) error {
		rows, err := tx.query("SELECT id, display_name FROM users WHERE role IN ('staff','admin') AND disabled = ? ORDER BY role DESC, display_name, id", false)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var r renda.Ref
			if err := rows.Scan(&r.ID, &r.Name); err != nil {
				return err
			}
			out = append(out, r)
		}
		return rows.Err()
	})
	return out, err
}

// IsFiler reports whether an organisation is on the list of filers.
func (db *DB) IsFiler(ctx context.Context, orgID string) (bool, error) {
	var ok bool
	err := db.read(ctx, func(tx *Tx) error {
		var err error
		ok, err = tx.exists("SELECT 1 FROM filers WHERE org_id = ?", orgID)
		return err
	})
	return ok, err
}

// RemindFilings tells whoever must act on a filing that its deadline has
// passed (the staff for the registry check and the review, the filer for a
// resubmission or a correction), and flags documents on filers' registers
// published and not filed in time: each reminder once per item and
// deadline, so an extension or a new deadline re-arms it.
func (db *DB) RemindFilings(ctx context.Context) error {
	return db.Sweep(ctx, func(tx *Tx) error {
		today := tx.Today()
		rows, err := tx.query("SELECT "+filingColumns+filingFrom+" WHERE f.state IN ('filed','returned','registered','reviewing','issue_found','opinion_sent') AND f.due < ?", today.String())
		if err != nil {
			return err
		}
		var due []*filing.Filing
		for rows.Next() {
			f, err := scanFiling(rows)
			if err != nil {
				rows.Close()
				return err
			}
			due = append(due, f)
		}
		rows.Close()
		for _, f := range due {
			ok, err := tx.Once("filing:overdue:" + f.ID + ":" + f.Due.String())
			if err != nil || !ok {
				if err != nil {
					return err
				}
				continue
			}
			title, body, link := "备案审查事项已逾期", f.Title+"（期限 "+f.Due.Chinese()+"，"+f.StateLabel()+"）", "/filings/"+f.ID
			if f.State == filing.Returned || f.State == filing.OpinionSent {
				err = tx.NotifyOrg(f.FilerID, title, body, link)
			} else if f.ReviewerID != "" {
				err = tx.Notify(f.ReviewerID, title, body, link)
			} else {
				err = tx.NotifyRoles([]renda.Role{renda.RoleStaff}, title, body, link)
			}
			if err != nil {
				return err
			}
		}
		set, cal, err := tx.config()
		if err != nil {
			return err
		}
		erows, err := tx.query(`SELECT e.id, e.filer_id, e.title, e.number, e.published_on FROM filing_register e
			WHERE NOT EXISTS (SELECT 1 FROM filings f WHERE f.filer_id = e.filer_id AND f.number = e.number)`)
		if err != nil {
			return err
		}
		var unfiled []filing.RegisterEntry
		for erows.Next() {
			var e filing.RegisterEntry
			if err := erows.Scan(&e.ID, &e.FilerID, &e.Title, &e.Number, dayScan{&e.PublishedOn}); err != nil {
				erows.Close()
				return err
			}
			if e.Due = cal.Due(e.PublishedOn, set.Period("filing.filing_period")); today.After(e.Due) {
				unfiled = append(unfiled, e)
			}
		}
		erows.Close()
		for _, e := range unfiled {
			ok, err := tx.Once("filing:unfiled:" + e.ID)
			if err != nil {
				return err
			}
			if !ok {
				continue
			}
			body := e.Title + "（" + e.Number + "）应于 " + e.Due.Chinese() + " 前报送备案"
			if err := tx.NotifyOrg(e.FilerID, "规范性文件逾期未报备", body, "/filings/register"); err != nil {
				return err
			}
			if err := tx.NotifyRoles([]renda.Role{renda.RoleStaff}, "规范性文件逾期未报备", body, "/filings/register"); err != nil {
				return err
			}
		}
		return nil
	})
}
