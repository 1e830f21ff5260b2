package store

import (
	"context"
	"database/sql"
	"fmt"
	"io"
	"strings"

	"renda"
	"renda/internal/xlsx"
	"renda/suggestion"
)

// SummaryRow is one line of the 办理情况汇总表.
type SummaryRow struct {
	Suggestion *suggestion.Suggestion
	Cosigners  []string
	CoUnits    []string
	Late       bool // open and past the deadline today
}

// SuggestionSummary lists every item viewer may see in the filter's year or
// session, by number, with co-signers and assisting units: the rows of the
// yearly summary table.
func (db *DB) SuggestionSummary(ctx context.Context, viewer *renda.User, f SuggestionStatsFilter) ([]SummaryRow, error) {
	var out []SummaryRow
	err := db.EachSuggestionSummary(ctx, viewer, f, func(r SummaryRow) error {
		out = append(out, r)
		return nil
	})
	return out, err
}

// summaryChunk is how many items of the summary table are read at once,
// and summaryMax how many one export may hold (a sheet's rows stop at
// 1,048,576; a province's items of several years would not fit).
var summaryChunk, summaryMax = 500, 300000

// EachSuggestionSummary calls fn with each row of the summary table, in
// order: the items' ids first, then their rows a chunk at a time, so a
// year of a province's items is written without holding it in memory. One
// read transaction: the table is one moment's.
func (db *DB) EachSuggestionSummary(ctx context.Context, viewer *renda.User, f SuggestionStatsFilter, fn func(SummaryRow) error) error {
	if viewer == nil || !(viewer.IsStaffSide() || viewer.Is(renda.RoleUnit)) {
		return renda.Errorf(renda.EFORBIDDEN, "只有工作人员、常委会领导和承办单位可以导出汇总表")
	}
	return db.read(ctx, func(tx *Tx) error {
		scope, args := sugScope(viewer)
		where := " WHERE " + scope + " AND s.status NOT IN ('draft', 'withdrawn')"
		if f.Year > 0 {
			where += " AND s.submitted_at >= ? AND s.submitted_at < ?"
			args = append(args, ts(renda.NewDate(f.Year, 1, 1).Start()), ts(renda.NewDate(f.Year+1, 1, 1).Start()))
		}
		if f.SessionID != "" {
			where += " AND s.session_id = ?"
			args = append(args, f.SessionID)
		}
		if f.Kind != "" {
			where += " AND s.kind = ?"
			args = append(args, f.Kind)
		}
		var ids []any
		err := tx.each("SELECT s.id FROM suggestions s"+where+
			" ORDER BY s.kind DESC, CASE WHEN s.seq = 0 THEN 1 ELSE 0 END, s.session_id, s.seq, s.submitted_at, s.id", args,
			func(rows *sql.Rows) error {
				var id string
				err := rows.Scan(&id)
				ids = append(ids, id)
				return err
			})
		if err != nil {
			return err
		}
		today := tx.Today()
		for len(ids) > 0 {
			chunk := ids[:min(summaryChunk, len(ids))]
			ids = ids[len(chunk):]
			rows, err := tx.summaryRows(chunk, today)
			if err != nil {
				return err
			}
			for _, r := range rows {
				if err := fn(r); err != nil {
					return err
				}
			}
		}
		return nil
	})
}

// summaryRows reads the summary table's rows of the items ids, in the
// order of ids.
func (tx *Tx) summaryRows(ids []any, today renda.Date) ([]SummaryRow, error) {
	in := " IN (" + placeholders(len(ids)) + ")"
	out := make([]SummaryRow, len(ids))
	idx := make(map[string]int, len(ids))
	for i, id := range ids {
		idx[id.(string)] = i
	}
	err := tx.each("SELECT "+sugColumns+sugFrom+" WHERE s.id"+in, ids, func(rows *sql.Rows) error {
		s, err := scanSuggestion(rows)
		if err != nil {
			return err
		}
		out[idx[s.ID]] = SummaryRow{Suggestion: s, Late: s.Overdue(today)}
		return nil
	})
	if err != nil {
		return nil, err
	}
	err = tx.each(`SELECT ss.suggestion_id, d.name FROM suggestion_signers ss JOIN deputies d ON d.id = ss.deputy_id
		WHERE ss.suggestion_id`+in+` AND ss.lead = ? AND ss.status = 'confirmed' ORDER BY ss.invited_at, d.name`, append(ids[:len(ids):len(ids)], false),
		func(rows *sql.Rows) error {
			var id, name string
			if err := rows.Scan(&id, &name); err != nil {
				return err
			}
			out[idx[id]].Cosigners = append(out[idx[id]].Cosigners, name)
			return nil
		})
	if err != nil {
		return nil, err
	}
	err = tx.each(`SELECT su.suggestion_id, o.name, su.role FROM suggestion_units su JOIN organizations o ON o.id = su.org_id
		WHERE su.suggestion_id`+in+` AND su.role <> 'lead' ORDER BY o.sort, o.code`, ids,
		func(rows *sql.Rows) error {
			var id, name, role string
			if err := rows.Scan(&id, &name, &role); err != nil {
				return err
			}
			if r := &out[idx[id]]; r.Suggestion.LeadUnitName != name {
				r.CoUnits = append(r.CoUnits, name+"（"+suggestion.UnitRoleLabel(role)+"）")
			}
			return nil
		})
	return out, err
}

// SummaryColumns are the columns of the summary table.
var SummaryColumns = []xlsx.Column{
	{Header: "序号", Width: 6}, {Header: "编号", Width: 22}, {Header: "类型", Width: 6}, {Header: "案由", Width: 40},
	{Header: "领衔代表", Width: 10}, {Header: "联名代表", Width: 24}, {Header: "代表团", Width: 16}, {Header: "提出时间", Width: 10},
	{Header: "类别", Width: 10}, {Header: "主办单位", Width: 24}, {Header: "协办（会办、分办）单位", Width: 28},
	{Header: "交办日期", Width: 12}, {Header: "答复期限", Width: 12}, {Header: "答复日期", Width: 12}, {Header: "按期答复", Width: 8},
	{Header: "答复类别", Width: 8}, {Header: "代表满意度", Width: 10}, {Header: "重新办理（次）", Width: 8}, {Header: "重点建议", Width: 8},
	{Header: "领办领导", Width: 10}, {Header: "办理状态", Width: 10}, {Header: "答复公开", Width: 8},
}

// summaryRow is the n-th row of the summary table.
func summaryRow(n int, r SummaryRow) []any {
	yes := func(b bool) string {
		if b {
			return "是"
		}
		return ""
	}
	s := r.Suggestion
	when := "闭会期间"
	if s.DuringSession {
		when = "大会期间"
	}
	onTime := ""
	if !s.FirstReplied.IsZero() {
		onTime = map[bool]string{true: "是", false: "否（逾期）"}[s.OnTime]
	} else if r.Late {
		onTime = "已逾期"
	}
	var rehandled any // a count, as a number
	if s.Rehandled > 0 {
		rehandled = s.Rehandled
	}
	return []any{n, s.Number, s.KindLabel(), s.Title, s.ProposerName, strings.Join(r.Cosigners, "、"), s.DelegationName, when,
		s.Category, s.LeadUnitName, strings.Join(r.CoUnits, "、"), s.AssignedOn, s.Due, s.FirstReplied, onTime,
		s.ReplyCategory, s.RatingLabel(), rehandled, yes(s.Priority), s.LeaderName, s.StatusLabel(), yes(!s.PublishedAt.IsZero())}
}

// WriteSuggestionSummary writes the yearly 办理情况汇总表 as .xlsx.
func (db *DB) WriteSuggestionSummary(ctx context.Context, viewer *renda.User, f SuggestionStatsFilter, title string, w io.Writer) error {
	b, err := db.SuggestionSummaryBook(ctx, viewer, f, title)
	if err != nil {
		return err
	}
	defer b.Close()
	_, err = b.WriteTo(w)
	return err
}

// SuggestionSummaryBook makes the yearly 办理情况汇总表: every item, then
// the figures per unit and per category, within viewer's scope. The items
// are streamed into the workbook; the caller writes it and closes it.
func (db *DB) SuggestionSummaryBook(ctx context.Context, viewer *renda.User, f SuggestionStatsFilter, title string) (*xlsx.Book, error) {
	st, err := db.SuggestionStatistics(ctx, viewer, f)
	if err != nil {
		return nil, err
	}
	if st.Total.Total > summaryMax {
		return nil, renda.Errorf(renda.EINVALID, "所选范围共 %d 件，一次最多导出 %d 件：请选择年度或会次后导出", st.Total.Total, summaryMax)
	}
	statCols := []xlsx.Column{{Header: "名称", Width: 30}, {Header: "件数", Width: 8}, {Header: "已交办", Width: 8}, {Header: "已答复", Width: 8},
		{Header: "按期答复", Width: 8}, {Header: "逾期答复", Width: 8}, {Header: "当前逾期", Width: 8}, {Header: "已办结", Width: 8}}
	for _, c := range st.ReplyCodes {
		statCols = append(statCols, xlsx.Column{Header: c.Code + "类", Width: 6})
	}
	statCols = append(statCols, xlsx.Column{Header: "满意", Width: 6}, xlsx.Column{Header: "基本满意", Width: 8}, xlsx.Column{Header: "不满意", Width: 6},
		xlsx.Column{Header: "满意率", Width: 8}, xlsx.Column{Header: "重新办理", Width: 8}, xlsx.Column{Header: "重点建议", Width: 8})
	statRows := func(list []suggestion.Stats) [][]any {
		var out [][]any
		for _, s := range list {
			row := []any{s.Name, s.Total, s.Assigned, s.Replied, s.OnTime, s.Late, s.Overdue, s.Closed}
			for _, c := range st.ReplyCodes {
				row = append(row, s.Categories[c.Code])
			}
			good, rated := s.Satisfaction()
			var rate any // empty when nothing was rated
			if rated > 0 {
				rate = xlsx.Percent(float64(good) / float64(rated))
			}
			row = append(row, s.Ratings[renda.RatingSatisfied], s.Ratings[renda.RatingBasic], s.Ratings[renda.RatingUnsatisfied], rate, s.Rehandled, s.Priority)
			out = append(out, row)
		}
		return out
	}
	// Each sheet's rows add up to its 合计 row: every item is counted once
	// — per unit under its 主办单位 (the first unit of a split item), with
	// items not yet assigned on their own row.
	byLead, err := db.suggestionStatsByLead(ctx, viewer, f)
	if err != nil {
		return nil, err
	}
	units := append(byLead, st.Total)
	cats := append(append([]suggestion.Stats{}, st.Categories...), st.Total)
	delegs := append(append([]suggestion.Stats{}, st.Delegations...), st.Total)
	notes := []string{fmt.Sprintf("共 %d 件：议案 %d 件，建议 %d 件；大会期间 %d 件，闭会期间 %d 件。", st.Total.Total, st.Motions, st.Suggestions, st.DuringCount, st.BetweenCount),
		"“承办单位”表中每件按主办单位计一次（分办件计在第一个分办单位），尚未交办的单列一行；协办、会办件见汇总表。"}
	total := func(list []suggestion.Stats) []int { return []int{len(list) - 1} }
	items := func(emit func([]any) error) error {
		n := 0
		return db.EachSuggestionSummary(ctx, viewer, f, func(r SummaryRow) error {
			n++
			return emit(summaryRow(n, r))
		})
	}
	return xlsx.Build(
		xlsx.Sheet{Name: "办理情况汇总表", Title: title, Columns: SummaryColumns, Each: items, Notes: notes},
		xlsx.Sheet{Name: "承办单位", Title: title + "（按主办单位）", Columns: statCols, Rows: statRows(units), Bold: total(units)},
		xlsx.Sheet{Name: "分类", Title: title + "（按类别）", Columns: statCols, Rows: statRows(cats), Bold: total(cats)},
		xlsx.Sheet{Name: "代表团", Title: title + "（按代表团）", Columns: statCols, Rows: statRows(delegs), Bold: total(delegs)},
	)
}

// suggestionStatsByLead is the figures per 主办单位, each item counted
// once, and a last row for the items not yet assigned (if any).
func (db *DB) suggestionStatsByLead(ctx context.Context, viewer *renda.User, f SuggestionStatsFilter) ([]suggestion.Stats, error) {
	var out []suggestion.Stats
	err := db.read(ctx, func(tx *Tx) error {
		today := tx.Today().String()
		scope, args := sugScope(viewer)
		where := " WHERE " + scope + " AND s.status NOT IN ('draft', 'withdrawn')"
		if f.Year > 0 {
			where += " AND s.submitted_at >= ? AND s.submitted_at < ?"
			args = append(args, ts(renda.NewDate(f.Year, 1, 1).Start()), ts(renda.NewDate(f.Year+1, 1, 1).Start()))
		}
		if f.SessionID != "" {
			where += " AND s.session_id = ?"
			args = append(args, f.SessionID)
		}
		if f.Kind != "" {
			where += " AND s.kind = ?"
			args = append(args, f.Kind)
		}
		rows, err := tx.query(`SELECT COALESCE(s.lead_unit_id, ''), COALESCE(MIN(o.name), ''), COALESCE(MIN(o.sort), 0), COALESCE(MIN(o.code), ''),
			s.status, s.reply_category, s.rating, `+statSums+`
			FROM suggestions s LEFT JOIN organizations o ON o.id = s.lead_unit_id`+where+`
			GROUP BY s.lead_unit_id, s.status, s.reply_category, s.rating ORDER BY 3, 4, 1`, append([]any{today}, args...)...)
		if err != nil {
			return err
		}
		defer rows.Close()
		idx := map[string]int{}
		var none *suggestion.Stats
		for rows.Next() {
			var org, name, code string
			var sort int
			var g statGroup
			if err := rows.Scan(append([]any{&org, &name, &sort, &code}, g.dest()...)...); err != nil {
				return err
			}
			if org == "" {
				if none == nil {
					none = &suggestion.Stats{Name: "（尚未交办）", Categories: map[string]int{}, Ratings: map[string]int{}}
				}
				g.addTo(none)
				continue
			}
			i, ok := idx[org]
			if !ok {
				i = len(out)
				idx[org] = i
				out = append(out, suggestion.Stats{Key: org, Name: name, Categories: map[string]int{}, Ratings: map[string]int{}})
			}
			g.addTo(&out[i])
		}
		if none != nil {
			out = append(out, *none)
		}
		return rows.Err()
	})
	return out, err
}
