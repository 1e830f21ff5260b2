package store

import (
	"context"
	"strings"

	"renda"
	"renda/suggestion"
)

// SuggestionStatsFilter selects the items statistics are computed over.
type SuggestionStatsFilter struct {
	Year      int
	SessionID string
	Kind      string
	// Recount computes the figures of all years from the items even where
	// the summary tables could give them (for checks).
	Recount bool
}

// SuggestionStatistics are the handling figures the standing committee
// reports each year: per unit, per category and per delegation, and overall.
type SuggestionStatistics struct {
	Total        suggestion.Stats
	Units        []suggestion.Stats
	Categories   []suggestion.Stats
	Delegations  []suggestion.Stats
	ByStatus     map[string]int
	Motions      int
	Suggestions  int
	Priority     int
	Published    int
	ReplyCodes   []suggestion.ReplyCategory
	DuringCount  int // items of a session (the rest came between sessions)
	BetweenCount int
}

// SuggestionStatistics computes the figures over the items viewer may see
// (a unit: only its own row): the totals, categories and delegations
// (statsItems, statsOverdue, statsPanels), then the units (statsUnits).
func (db *DB) SuggestionStatistics(ctx context.Context, viewer *renda.User, f SuggestionStatsFilter) (*SuggestionStatistics, error) {
	if viewer == nil || !(viewer.IsStaffSide() || viewer.Is(renda.RoleUnit)) {
		return nil, renda.Errorf(renda.EFORBIDDEN, "只有工作人员、常委会领导和承办单位可以查看办理统计")
	}
	out := &SuggestionStatistics{ByStatus: map[string]int{}}
	err := db.read(ctx, func(tx *Tx) error {
		set, _, err := tx.sugConfig()
		if err != nil {
			return err
		}
		out.ReplyCodes = suggestion.ReplyCategories(set)
		sc := newStatsScope(viewer, f, tx.Today().String())
		t := newStatsTally(out)
		if err := tx.statsItems(t, sc); err != nil {
			return err
		}
		if sc.summary {
			if err := tx.statsOverdue(t, sc); err != nil {
				return err
			}
		}
		if err := tx.statsPanels(t); err != nil {
			return err
		}
		return tx.statsUnits(t, sc)
	})
	return out, err
}

// statsScope is what a request for statistics counts, as conditions on
// the items, on the summary tables and on the overdue items.
type statsScope struct {
	// unit: a unit's own items and row only (org).
	unit bool
	org  string
	// summary: from the summary tables kept in step by triggers (migration
	// 01720: one narrow table a panel, keyed by the year of submission and
	// the session; 01620: the items each unit sees), with overdue counted
	// from the open items: all years, a year or a session on the staff
	// side, all years or a year of a unit's own. Otherwise (a unit's
	// session, or a recount) the items are grouped in SQL.
	summary bool
	// allYears: neither a year nor a session is chosen.
	allYears bool
	today    string
	// where limits the items s to the viewer's and the filter's.
	where string
	args  []any
	// sumCond limits the summary tables' rows to the filter's.
	sumCond string
	sumArgs []any
	// overCond limits the overdue items to the filter's (a unit's to the
	// items it sees is checked per overdue item, so that the open items
	// past their deadline lead, not the unit's items).
	overCond string
	overArgs []any
	// own limits the units' rows (u) to a unit's own.
	own     string
	ownArgs []any
}

func newStatsScope(viewer *renda.User, f SuggestionStatsFilter, today string) statsScope {
	sc := statsScope{unit: viewer.Is(renda.RoleUnit), org: viewer.OrgID, today: today}
	sc.summary = !f.Recount && (viewer.IsStaffSide() || sc.unit && f.SessionID == "")
	sc.allYears = f.Year == 0 && f.SessionID == ""
	scope, args := sugScope(viewer)
	sc.where, sc.args = " WHERE "+scope+" AND s.status NOT IN ('draft', 'withdrawn')", args
	sc.sumCond, sc.sumArgs = summaryCond(f)
	sc.overCond, sc.overArgs = strings.ReplaceAll(kindCond(f.Kind), "kind", "s.kind"), kindArg(f.Kind)
	if f.Year > 0 {
		from, to := ts(renda.NewDate(f.Year, 1, 1).Start()), ts(renda.NewDate(f.Year+1, 1, 1).Start())
		sc.where += " AND s.submitted_at >= ? AND s.submitted_at < ?"
		sc.args = append(sc.args, from, to)
		sc.overCond += " AND s.submitted_at >= ? AND s.submitted_at < ?"
		sc.overArgs = append(sc.overArgs, from, to)
	}
	if f.SessionID != "" {
		sc.where += " AND s.session_id = ?"
		sc.args = append(sc.args, f.SessionID)
		sc.overCond += " AND s.session_id = ?"
		sc.overArgs = append(sc.overArgs, f.SessionID)
	}
	if f.Kind != "" {
		sc.where += " AND s.kind = ?"
		sc.args = append(sc.args, f.Kind)
	}
	if sc.unit {
		sc.own, sc.ownArgs = " AND u.org_id = ?", []any{viewer.OrgID}
	}
	return sc
}

// statsTally gathers the rows of each panel as they are counted, in the
// order first met.
type statsTally struct {
	out                             *SuggestionStatistics
	cats, delegs, units             map[string]*suggestion.Stats
	catOrder, delegOrder, unitOrder []string
}

func newStatsTally(out *SuggestionStatistics) *statsTally {
	out.Total = suggestion.Stats{Key: "", Name: "合计", Categories: map[string]int{}, Ratings: map[string]int{}}
	return &statsTally{out: out, cats: map[string]*suggestion.Stats{}, delegs: map[string]*suggestion.Stats{}, units: map[string]*suggestion.Stats{}}
}

// row is key's row of a panel, added to it (named name) when new.
func (t *statsTally) row(m map[string]*suggestion.Stats, order *[]string, key, name string) *suggestion.Stats {
	st := m[key]
	if st == nil {
		st = &suggestion.Stats{Key: key, Name: name, Categories: map[string]int{}, Ratings: map[string]int{}}
		m[key] = st
		*order = append(*order, key)
	}
	return st
}

// addItems counts a group in the totals and its category's row.
func (t *statsTally) addItems(r statRow) {
	out := t.out
	out.ByStatus[r.g.status] += r.g.n
	if r.kind == suggestion.KindMotion {
		out.Motions += r.g.n
	} else {
		out.Suggestions += r.g.n
	}
	out.DuringCount += r.during
	out.BetweenCount += r.g.n - r.during
	out.Published += r.published
	catName := r.category
	if catName == "" {
		catName = "未分类"
	}
	r.g.addTo(&out.Total)
	r.g.addTo(t.row(t.cats, &t.catOrder, r.category, catName))
}

// addDelegation counts a group in its delegation's row.
func (t *statsTally) addDelegation(r statRow) {
	r.g.addTo(t.row(t.delegs, &t.delegOrder, r.delegID, ""))
}

// statsItems counts the items in the totals, categories and delegations.
func (tx *Tx) statsItems(t *statsTally, sc statsScope) error {
	switch {
	case sc.summary && sc.unit:
		// From the unit's narrow tables (migration 01741), grouped in
		// their keys' order.
		err := tx.statRows(t.addItems, `SELECT kind, category, '', SUM(published), SUM(during), status, reply_category, rating, SUM(n),
			SUM(assigned), SUM(replied), SUM(on_time), 0, SUM(rehandled), SUM(priority) FROM suggestion_org_stat_categories
			WHERE org_id = ? AND n <> 0 AND status NOT IN ('draft', 'withdrawn')`+sc.sumCond+` GROUP BY kind, category, status, reply_category, rating`,
			append([]any{sc.org}, sc.sumArgs...)...)
		if err != nil {
			return err
		}
		return tx.statRows(t.addDelegation, `SELECT kind, '', delegation_id, 0, 0, status, reply_category, rating, SUM(n),
			SUM(assigned), SUM(replied), SUM(on_time), 0, SUM(rehandled), SUM(priority) FROM suggestion_org_stat_delegations
			WHERE org_id = ? AND n <> 0 AND status NOT IN ('draft', 'withdrawn')`+sc.sumCond+` GROUP BY kind, delegation_id, status, reply_category, rating`,
			append([]any{sc.org}, sc.sumArgs...)...)
	case sc.summary:
		// Summed in SQL over the years and sessions: the rows that reach Go
		// (each costs far more there than in SQLite's grouping) are a few
		// per category or delegation.
		err := tx.statRows(t.addItems, `SELECT kind, category, '', SUM(published), SUM(during), status, reply_category, rating, SUM(n),
			SUM(assigned), SUM(replied), SUM(on_time), 0, SUM(rehandled), SUM(priority) FROM suggestion_stat_categories
			WHERE n <> 0 AND status NOT IN ('draft', 'withdrawn')`+sc.sumCond+` GROUP BY kind, category, status, reply_category, rating`, sc.sumArgs...)
		if err != nil {
			return err
		}
		if done, err := tx.statDelegationsPivot(t, sc); err != nil || done {
			return err
		}
		return tx.statRows(t.addDelegation, `SELECT '', '', delegation_id, 0, 0, status, reply_category, rating, SUM(n),
			SUM(assigned), SUM(replied), SUM(on_time), 0, SUM(rehandled), SUM(priority) FROM suggestion_stat_delegations
			WHERE n <> 0 AND status NOT IN ('draft', 'withdrawn')`+sc.sumCond+` GROUP BY delegation_id, status, reply_category, rating`, sc.sumArgs...)
	}
	return tx.statRows(func(r statRow) { t.addItems(r); t.addDelegation(r) }, `SELECT s.kind, s.category, COALESCE(s.delegation_id, ''),
		SUM(CASE WHEN s.published_at IS NOT NULL THEN 1 ELSE 0 END), SUM(CASE WHEN s.during_session THEN 1 ELSE 0 END),
		s.status, s.reply_category, s.rating, `+statSums+`
		FROM suggestions s`+sc.where+` GROUP BY s.kind, s.category, s.delegation_id, s.status, s.reply_category, s.rating`,
		append([]any{sc.today}, sc.args...)...)
}

// statsOverdue counts, beside the summary's figures, the open items past
// their deadline (suggestions_status), of a unit those it sees.
func (tx *Tx) statsOverdue(t *statsTally, sc statsScope) error {
	q, args := `SELECT s.category, COALESCE(s.delegation_id, ''), COUNT(*) FROM suggestions s
		WHERE s.status IN ('assigned', 'rehandling') AND s.due_on < ?`+sc.overCond+` GROUP BY 1, 2`, append([]any{sc.today}, sc.overArgs...)
	if sc.unit {
		// A unit's: its open items past their due day, a range of
		// suggestion_org_items_open (migration 01736).
		q, args = `SELECT s.category, COALESCE(s.delegation_id, ''), COUNT(*) FROM suggestion_org_items v JOIN suggestions s ON s.id = v.suggestion_id
			WHERE v.org_id = ? AND v.is_open = 1 AND v.due_on < ?`+sc.overCond+` GROUP BY 1, 2`, append([]any{sc.org, sc.today}, sc.overArgs...)
	}
	rows, err := tx.query(q, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var category, delegID string
		var n int
		if err := rows.Scan(&category, &delegID, &n); err != nil {
			return err
		}
		t.out.Total.Overdue += n
		if st := t.cats[category]; st != nil {
			st.Overdue += n
		}
		if st := t.delegs[delegID]; st != nil {
			st.Overdue += n
		}
	}
	return rows.Err()
}

// statsPanels names the delegations and lists the categories and
// delegations, the largest first.
func (tx *Tx) statsPanels(t *statsTally) error {
	names := map[string]string{}
	rows, err := tx.query("SELECT id, name FROM delegations")
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var id, name string
		if err := rows.Scan(&id, &name); err != nil {
			return err
		}
		names[id] = name
	}
	if err := rows.Err(); err != nil {
		return err
	}
	out := t.out
	out.Priority = out.Total.Priority
	for _, k := range t.catOrder {
		out.Categories = append(out.Categories, *t.cats[k])
	}
	for _, k := range t.delegOrder {
		st := *t.delegs[k]
		if st.Name = names[k]; st.Name == "" {
			st.Name = "（无代表团）"
		}
		out.Delegations = append(out.Delegations, st)
	}
	sortStats(out.Categories)
	sortStats(out.Delegations)
	return nil
}

// statsUnits counts each unit's items: every unit an item is assigned to
// as lead or split unit counts it (assisting units are listed with their
// own count), in the units' order.
func (tx *Tx) statsUnits(t *statsTally, sc statsScope) error {
	var q string
	var args []any
	if sc.summary {
		// All years from the table without years and sessions (migration
		// 01737); grouped before the units' names are joined.
		table := "suggestion_stat_units"
		if sc.allYears {
			table = "suggestion_stat_units_all"
		}
		done, err := tx.statUnitsPivot(t, sc, table)
		if err != nil {
			return err
		}
		if !done {
			q = `SELECT u.org_id, o.name, o.sort, o.code, u.lead, u.status, u.reply_category, u.rating, u.n, u.assigned, u.replied, u.on_time, 0, u.rehandled, u.priority
			FROM (SELECT u.org_id, u.lead, u.status, u.reply_category, u.rating, SUM(u.n) AS n, SUM(u.assigned) AS assigned, SUM(u.replied) AS replied,
				SUM(u.on_time) AS on_time, SUM(u.rehandled) AS rehandled, SUM(u.priority) AS priority
				FROM ` + table + ` u WHERE u.n <> 0 AND u.status NOT IN ('draft', 'withdrawn')` + sc.own + strings.NewReplacer("kind", "u.kind", "year", "u.year", "session_id", "u.session_id").Replace(sc.sumCond) + `
				GROUP BY u.org_id, u.lead, u.status, u.reply_category, u.rating) u
			JOIN organizations o ON o.id = u.org_id ORDER BY 3, 4, 1`
			args = append(append(args, sc.ownArgs...), sc.sumArgs...)
		}
	} else {
		where := sc.where
		args = append(append(args, sc.today), sc.args...)
		if sc.unit {
			where += " AND su.org_id = ?"
			args = append(args, sc.org)
		}
		q = `SELECT su.org_id, MIN(o.name), MIN(o.sort), MIN(o.code), CASE WHEN su.role IN ('lead', 'split') THEN 1 ELSE 0 END, s.status, s.reply_category, s.rating, ` + statSums + `
			FROM suggestion_units su JOIN suggestions s ON s.id = su.suggestion_id JOIN organizations o ON o.id = su.org_id` + where +
			` GROUP BY su.org_id, 5, s.status, s.reply_category, s.rating ORDER BY 3, 4, 1`
	}
	if q != "" { // not summed by statUnitsPivot
		if err := tx.statUnitRows(t, q, args); err != nil {
			return err
		}
	}
	if sc.summary {
		if err := tx.statsUnitsOverdue(t, sc); err != nil {
			return err
		}
	}
	for _, k := range t.unitOrder {
		t.out.Units = append(t.out.Units, *t.units[k])
	}
	return nil
}

// statUnitRows' row of the summary for each unit, lead or not, of each
// state, reply category and rating is about twenty rows a unit (2,262 at a
// county's 62 units): costly to hand to Go one by one. statUnitsPivot sums
// them in SQL into one row a unit and role (pivotCols: a column for each
// reply category of the settings and each rating; 124 rows, the query 10
// → 5 ms). done is false, and nothing tallied, if an item has a reply
// category or a rating not among those (a category since removed from the
// settings): statsUnits then reads the rows as they are.
func (tx *Tx) statUnitsPivot(t *statsTally, sc statsScope, table string) (done bool, err error) {
	cols, args, cats := pivotCols(t, "u.")
	q := `SELECT u.*, o.name, o.sort, o.code FROM (SELECT u.org_id, u.lead` + cols + `
		FROM ` + table + ` u WHERE u.n <> 0 AND u.status NOT IN ('draft', 'withdrawn')` + sc.own + strings.NewReplacer("kind", "u.kind", "year", "u.year", "session_id", "u.session_id").Replace(sc.sumCond) + `
		GROUP BY u.org_id, u.lead) u JOIN organizations o ON o.id = u.org_id ORDER BY o.sort, o.code, u.org_id`
	args = append(append(args, sc.ownArgs...), sc.sumArgs...)
	type unitRow struct {
		org, name string
		lead      int
		p         pivotRow
	}
	var got []unitRow
	rows, err := tx.query(q, args...)
	if err != nil {
		return false, err
	}
	defer rows.Close()
	for rows.Next() {
		var r unitRow
		var sort int
		var code string
		if err := rows.Scan(append(append([]any{&r.org, &r.lead}, r.p.dest(len(cats))...), &r.name, &sort, &code)...); err != nil {
			return false, err
		}
		if r.p.other() {
			return false, nil
		}
		got = append(got, r)
	}
	if err := rows.Err(); err != nil {
		return false, err
	}
	for _, r := range got {
		st := t.row(t.units, &t.unitOrder, r.org, r.name)
		if r.lead == 0 {
			st.Assisting += r.p.g.n
			continue
		}
		r.p.addTo(st, cats)
	}
	return true, nil
}

// statDelegationsPivot is the delegations' panel of the staff side's
// summary as statUnitsPivot is the units': one row a delegation (590 rows
// → about 30 at 20,000 items); done is false, and nothing tallied, for a
// reply category not in the settings.
func (tx *Tx) statDelegationsPivot(t *statsTally, sc statsScope) (done bool, err error) {
	cols, args, cats := pivotCols(t, "")
	type delegRow struct {
		id string
		p  pivotRow
	}
	var got []delegRow
	rows, err := tx.query(`SELECT delegation_id`+cols+` FROM suggestion_stat_delegations
		WHERE n <> 0 AND status NOT IN ('draft', 'withdrawn')`+sc.sumCond+` GROUP BY delegation_id ORDER BY delegation_id`, append(args, sc.sumArgs...)...)
	if err != nil {
		return false, err
	}
	defer rows.Close()
	for rows.Next() {
		var r delegRow
		if err := rows.Scan(append([]any{&r.id}, r.p.dest(len(cats))...)...); err != nil {
			return false, err
		}
		if r.p.other() {
			return false, nil
		}
		got = append(got, r)
	}
	if err := rows.Err(); err != nil {
		return false, err
	}
	for _, r := range got {
		r.p.addTo(t.row(t.delegs, &t.delegOrder, r.id, ""), cats)
	}
	return true, nil
}

// pivotRatings are the ratings pivotCols gives a column each.
var pivotRatings = []string{renda.RatingSatisfied, renda.RatingBasic, renda.RatingUnsatisfied}

// pivotCols are the sums of a group of summary rows (columns prefixed by
// prefix) as pivotRow scans them: the figures, the closed items, then the
// items of each reply category of the settings (cats), of any other, of
// each rating and of any other; with their arguments.
func pivotCols(t *statsTally, prefix string) (cols string, args []any, cats []string) {
	for _, c := range t.out.ReplyCodes {
		cats = append(cats, c.Code)
	}
	var b strings.Builder
	b.WriteString(strings.ReplaceAll(`, SUM(u.n), SUM(u.assigned), SUM(u.replied), SUM(u.on_time), SUM(u.rehandled), SUM(u.priority),
		SUM(CASE WHEN u.status = 'closed' THEN u.n ELSE 0 END)`, "u.", prefix))
	for _, set := range []struct {
		col  string
		vals []string
	}{{prefix + "reply_category", cats}, {prefix + "rating", pivotRatings}} {
		for _, v := range set.vals {
			b.WriteString(", SUM(CASE WHEN " + set.col + " = ? THEN " + prefix + "n ELSE 0 END)")
			args = append(args, v)
		}
		b.WriteString(", SUM(CASE WHEN " + set.col + " <> ''")
		if len(set.vals) > 0 {
			b.WriteString(" AND " + set.col + " NOT IN (" + placeholders(len(set.vals)) + ")")
			for _, v := range set.vals {
				args = append(args, v)
			}
		}
		b.WriteString(" THEN " + prefix + "n ELSE 0 END)")
	}
	return b.String(), args, cats
}

// pivotRow is a row of pivotCols.
type pivotRow struct {
	g               statGroup
	closed          int
	byCat, byRating []int // the last of each: any other
}

func (r *pivotRow) dest(ncats int) []any {
	r.byCat, r.byRating = make([]int, ncats+1), make([]int, len(pivotRatings)+1)
	d := []any{&r.g.n, &r.g.assigned, &r.g.replied, &r.g.onTime, &r.g.rehandled, &r.g.priority, &r.closed}
	for i := range r.byCat {
		d = append(d, &r.byCat[i])
	}
	for i := range r.byRating {
		d = append(d, &r.byRating[i])
	}
	return d
}

// other says whether the row has items of a reply category or rating
// without a column.
func (r pivotRow) other() bool {
	return r.byCat[len(r.byCat)-1] != 0 || r.byRating[len(r.byRating)-1] != 0
}

func (r pivotRow) addTo(st *suggestion.Stats, cats []string) {
	r.g.addTo(st)
	st.Closed += r.closed
	for i, c := range cats {
		if r.byCat[i] != 0 {
			st.Categories[c] += r.byCat[i]
		}
	}
	for i, v := range pivotRatings {
		if r.byRating[i] != 0 {
			st.Ratings[v] += r.byRating[i]
		}
	}
}

// statUnitRows runs q, whose columns are a unit's id, name, sort, code,
// whether it leads, then the group's (statGroup.dest), into the units'
// rows.
func (tx *Tx) statUnitRows(t *statsTally, q string, args []any) error {
	rows, err := tx.query(q, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var org, name, code string
		var sort, leads int
		var g statGroup
		if err := rows.Scan(append([]any{&org, &name, &sort, &code, &leads}, g.dest()...)...); err != nil {
			return err
		}
		st := t.row(t.units, &t.unitOrder, org, name)
		if leads == 0 {
			st.Assisting += g.n
			continue
		}
		g.addTo(st)
	}
	return rows.Err()
}

// statsUnitsOverdue counts, beside the summary's figures, each lead (or
// split) unit's overdue items.
func (tx *Tx) statsUnitsOverdue(t *statsTally, sc statsScope) error {
	q, args := `SELECT su.org_id, COUNT(*) FROM suggestion_units su JOIN suggestions s ON s.id = su.suggestion_id
		WHERE su.role IN ('lead', 'split') AND s.status IN ('assigned', 'rehandling') AND s.due_on < ?`+sc.overCond+` GROUP BY su.org_id`,
		append([]any{sc.today}, sc.overArgs...)
	if sc.unit {
		// A unit's own row: from its open items past their due day
		// (suggestion_org_items_open), not from all of its items.
		q, args = `SELECT su.org_id, COUNT(*) FROM suggestion_org_items v JOIN suggestion_units su ON su.suggestion_id = v.suggestion_id AND su.org_id = v.org_id
			JOIN suggestions s ON s.id = v.suggestion_id
			WHERE v.org_id = ? AND v.is_open = 1 AND v.due_on < ? AND su.role IN ('lead', 'split')`+sc.overCond+` GROUP BY su.org_id`,
			append([]any{sc.org, sc.today}, sc.overArgs...)
	}
	rows, err := tx.query(q, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var org string
		var n int
		if err := rows.Scan(&org, &n); err != nil {
			return err
		}
		if st := t.units[org]; st != nil {
			st.Overdue += n
		}
	}
	return rows.Err()
}

// summaryCond limits the summary's rows to the filter's kind, year and
// session (if any).
func summaryCond(f SuggestionStatsFilter) (string, []any) {
	cond, args := kindCond(f.Kind), kindArg(f.Kind)
	if f.Year > 0 {
		cond += " AND year = ?"
		args = append(args, f.Year)
	}
	if f.SessionID != "" {
		cond += " AND session_id = ?"
		args = append(args, f.SessionID)
	}
	return cond, args
}

// kindCond and kindArg limit the summary's rows to one kind of item ("" all).
func kindCond(kind string) string {
	if kind == "" {
		return ""
	}
	return " AND kind = ?"
}

func kindArg(kind string) []any {
	if kind == "" {
		return nil
	}
	return []any{kind}
}

// statSums are the figures of a group of items (s), as statGroup scans
// them after its state, reply category and rating; the one argument is
// today (for overdue).
const statSums = `COUNT(*),
	SUM(CASE WHEN s.due_on IS NOT NULL OR s.first_replied_on IS NOT NULL THEN 1 ELSE 0 END),
	SUM(CASE WHEN s.first_replied_on IS NOT NULL THEN 1 ELSE 0 END),
	SUM(CASE WHEN s.first_replied_on IS NOT NULL AND s.replied_on_time THEN 1 ELSE 0 END),
	SUM(CASE WHEN s.status IN ('assigned', 'rehandling') AND s.due_on < ? THEN 1 ELSE 0 END),
	SUM(CASE WHEN s.rehandled > 0 THEN 1 ELSE 0 END), SUM(CASE WHEN s.priority THEN 1 ELSE 0 END)`

// statGroup is a group of items with the same state, reply category and
// rating: its size and how many of them are assigned, replied, replied on
// time, overdue, re-handled and priority items.
type statGroup struct {
	status, replyCat, rating                                   string
	n, assigned, replied, onTime, overdue, rehandled, priority int
}

// dest is where a row of the group's columns is scanned: state, reply
// category, rating, then the sums in statSums's order.
func (g *statGroup) dest() []any {
	return []any{&g.status, &g.replyCat, &g.rating, &g.n, &g.assigned, &g.replied, &g.onTime, &g.overdue, &g.rehandled, &g.priority}
}

func (g statGroup) addTo(st *suggestion.Stats) {
	st.Total += g.n
	st.Assigned += g.assigned
	st.Replied += g.replied
	st.OnTime += g.onTime
	st.Late += g.replied - g.onTime
	st.Overdue += g.overdue
	if g.status == suggestion.Closed {
		st.Closed += g.n
	}
	if g.replyCat != "" {
		st.Categories[g.replyCat] += g.n
	}
	if g.rating != "" {
		st.Ratings[g.rating] += g.n
	}
	st.Rehandled += g.rehandled
	st.Priority += g.priority
}

// statRow is a group of items of one kind, category and delegation (either
// may be "" where the query does not group by it), with how many of them
// are published and came during a session.
type statRow struct {
	kind, category, delegID string
	published, during       int
	g                       statGroup
}

// statRows runs q, whose columns are kind, category, delegation,
// published, during and the group's (statGroup.dest), and hands each row to
// add.
func (tx *Tx) statRows(add func(statRow), q string, args ...any) error {
	rows, err := tx.query(q, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var r statRow
		if err := rows.Scan(append([]any{&r.kind, &r.category, &r.delegID, &r.published, &r.during}, r.g.dest()...)...); err != nil {
			return err
		}
		add(r)
	}
	return rows.Err()
}

func sortStats(list []suggestion.Stats) {
	for i := 1; i < len(list); i++ {
		for j := i; j > 0 && (list[j].Total > list[j-1].Total || list[j].Total == list[j-1].Total && list[j].Key < list[j-1].Key); j-- {
			list[j], list[j-1] = list[j-1], list[j]
		}
	}
}
