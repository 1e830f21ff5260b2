package store

import (
	"context"
	"database/sql"
	"reflect"
	"renda/suggestion"
	"strings"

	"renda"
)

// sugScope is the SQL condition that limits items to what viewer may see:
// the staff side every item past the draft; a deputy the items they sign;
// a unit the items it handles (and the procuratorate those copied to it).
// It mirrors renda.Suggestion.CanSee.
func sugScope(viewer *renda.User) (string, []any) {
	switch {
	case viewer == nil:
		return "1 = 0", nil
	case viewer.Is(renda.RoleDeputy):
		return `s.id IN (SELECT vs.suggestion_id FROM suggestion_signers vs WHERE vs.deputy_id = ? AND vs.status <> 'declined')`,
			[]any{viewer.DeputyID}
	case viewer.Is(renda.RoleUnit):
		return `s.status <> 'draft' AND (s.id IN (SELECT vu.suggestion_id FROM suggestion_units vu WHERE vu.org_id = ?) OR s.procuratorate_id = ?)`,
			[]any{viewer.OrgID, viewer.OrgID}
	case viewer.IsStaffSide():
		return "s.status <> 'draft'", nil
	}
	return "1 = 0", nil
}

// sugWhere turns a filter into SQL, within the viewer's scope.
func (db *DB) sugWhere(viewer *renda.User, f suggestion.Filter, today renda.Date) (string, []any) {
	scope, args := sugScope(viewer)
	return db.sugWhereIn(scope, args, viewer, f, today)
}

// unitItemsFrom is what a unit's list newest first reads (with
// sugWhereIn's condition under unitItemsScope, ordered by unitItemsOrder):
// the items the unit sees in the order of suggestion_org_items's key
// (migration 01721), so that a page is the key's first rows, not all of
// the unit's items picked and sorted. ok is false for other viewers and
// orders. The unit is in the join (quoted: an id from the database) so
// that SQLite's keyset pages, which read the picked ids again through the
// same FROM, find each item once.
func unitItemsFrom(viewer *renda.User, f suggestion.Filter) (from string, ok bool) {
	if viewer == nil || !viewer.Is(renda.RoleUnit) || f.Sort != "" {
		return "", false
	}
	return " FROM suggestion_org_items v JOIN suggestions s ON s.id = v.suggestion_id AND v.org_id = '" + strings.ReplaceAll(viewer.OrgID, "'", "''") + "'" +
		strings.TrimPrefix(sugFrom, " FROM suggestions s"), true
}

const (
	// unitItemsScope is a unit's scope within unitItemsFrom.
	unitItemsScope = "s.status <> 'draft'"
	unitItemsOrder = " ORDER BY v.created_at DESC, v.suggestion_id DESC"
)

// sugWhereIn turns a filter into SQL within scope (and its args).
func (db *DB) sugWhereIn(scope string, args []any, viewer *renda.User, f suggestion.Filter, today renda.Date) (string, []any) {
	where := []string{scope}
	add := func(cond string, a ...any) {
		where = append(where, cond)
		args = append(args, a...)
	}
	if q := strings.TrimSpace(f.Q); q != "" {
		// Words of the title, body and proposer through the search index;
		// numbers and names as typed.
		c, cargs, ok := db.matchIn("s.id", q, "suggestion")
		if !ok {
			c = "1 = 0"
		}
		add("("+c+" OR "+like("s.title")+" OR "+like("s.number")+" OR "+like("p.name")+")", append(cargs, likeArg(q), likeArg(q), likeArg(q))...)
	}
	if f.Kind != "" {
		add("s.kind = ?", f.Kind)
	}
	if len(f.Status) > 0 {
		a := make([]any, len(f.Status))
		for i, st := range f.Status {
			a[i] = st
		}
		add("s.status IN ("+placeholders(len(a))+")", a...)
	}
	if f.UnitID != "" {
		add("s.id IN (SELECT fu.suggestion_id FROM suggestion_units fu WHERE fu.org_id = ?)", f.UnitID)
	}
	if f.Category != "" {
		add("s.category = ?", f.Category)
	}
	if f.SessionID != "" {
		add("s.session_id = ?", f.SessionID)
	}
	if f.Year > 0 {
		add("s.submitted_at >= ? AND s.submitted_at < ?", ts(renda.NewDate(f.Year, 1, 1).Start()), ts(renda.NewDate(f.Year+1, 1, 1).Start()))
	}
	if f.Overdue {
		add("s.status IN ('assigned', 'rehandling') AND s.due_on < ?", today.String())
	}
	if f.DueWithin > 0 {
		add("s.status IN ('assigned', 'rehandling') AND s.due_on >= ? AND s.due_on <= ?", today.String(), today.AddDays(f.DueWithin).String())
	}
	if f.Priority {
		add("s.priority = ?", true)
	}
	if f.LeaderID != "" {
		add("s.leader_id = ?", f.LeaderID)
	}
	if f.ProposerID != "" {
		add("s.proposer_id = ?", f.ProposerID)
	}
	if f.Published {
		add("s.published_at IS NOT NULL")
	}
	if f.Mine && viewer != nil && viewer.Is(renda.RoleLeader) {
		add("s.leader_id = ?", viewer.ID)
	}
	if f.Todo && viewer != nil {
		cond, a := sugTodo(db.dialect, viewer)
		add(cond, a...)
	}
	return " WHERE " + strings.Join(where, " AND "), args
}

// sugTodo is the condition for items waiting for viewer's action.
func sugTodo(dialect Dialect, viewer *renda.User) (string, []any) {
	switch {
	case viewer.Is(renda.RoleDeputy):
		// The state and proposer as expressions (|| ''), so that no index
		// serves them: the planner then reads the deputy's own items (the
		// scope, from suggestion_signers) instead of every draft,
		// submitted and replied item of the province.
		return `(((s.status || '') = 'draft' AND (s.proposer_id || '') = ?)
			OR ((s.status || '') IN ('draft', 'submitted') AND EXISTS (SELECT 1 FROM suggestion_signers ts WHERE ts.suggestion_id = s.id AND ts.deputy_id = ? AND ts.status = 'pending'))
			OR ((s.status || '') = 'replied' AND (s.proposer_id || '') = ? AND NOT (s.rating <> '' AND s.rated_round = s.round)))`,
			[]any{viewer.DeputyID, viewer.DeputyID, viewer.DeputyID}
	case viewer.Is(renda.RoleUnit):
		return `(s.status IN ('assigned', 'rehandling') AND ` + unitTodo + `)`, []any{viewer.OrgID}
	case viewer.Is(renda.RoleLeader):
		return `(s.leader_id = ? AND s.status IN ('assigned', 'rehandling', 'replied'))`, []any{viewer.ID}
	case viewer.IsStaffSide() && dialect == Postgres:
		// PostgreSQL does not combine the terms' indexes when one is a
		// subquery: the OR scanned every item (183 ms at 100,000). The
		// same terms as one array of ids, each read from its index, and
		// the items found by their keys (2.5 ms). An array, computed
		// once, not IN (subquery): as a semi-join the planner may walk
		// every item newest first looking for the page's few (430 ms at
		// 216,000).
		return `s.id = ANY(ARRAY(SELECT t.id FROM suggestions t WHERE t.status IN ('submitted', 'registered', 'listed', 'referred')
			UNION ALL SELECT tr.suggestion_id FROM suggestion_records tr WHERE tr.status = 'pending'
			UNION ALL SELECT t.id FROM suggestions t WHERE t.status = 'replied' AND t.rating <> '' AND t.rated_round = t.round
			UNION ALL SELECT t.id FROM suggestions t WHERE t.status IN ('replied', 'closed') AND t.publish_consent = ? AND t.published_at IS NULL))`, []any{true}
	case viewer.IsStaffSide():
		// Each term from an index (migrations 01621, 01739: the rated
		// replies' partial index names these terms), not a pass over
		// every item.
		return `(s.status IN ('submitted', 'registered', 'listed', 'referred')
			OR s.id IN (SELECT tr.suggestion_id FROM suggestion_records tr WHERE tr.status = 'pending')
			OR (s.status = 'replied' AND s.rating <> '' AND s.rated_round = s.round)
			OR (s.status IN ('replied', 'closed') AND s.publish_consent = ? AND s.published_at IS NULL))`, []any{true}
	}
	return "1 = 0", nil
}

// Suggestions lists the items viewer may see that match f, and how many
// there are. Newest first, or soonest due first with f.Sort "due".
func (db *DB) Suggestions(ctx context.Context, viewer *renda.User, f suggestion.Filter) ([]*suggestion.Suggestion, int, error) {
	var out []*suggestion.Suggestion
	var total int
	err := db.read(ctx, func(tx *Tx) error {
		cond, args := tx.db.sugWhere(viewer, f, tx.Today())
		var err error
		if total, err = tx.countSuggestions(viewer, f, cond, args); err != nil {
			return err
		}
		// The order of the keyset pages (SuggestionPage), in one ORDER BY.
		from, order := sugFrom, " ORDER BY s.created_at DESC, s.id DESC"
		switch f.Sort {
		case "due":
			order = " ORDER BY CASE WHEN s.due_on IS NULL THEN 1 ELSE 0 END, s.due_on, s.id"
		case "number":
			order = " ORDER BY COALESCE(s.session_id, ''), s.kind, s.seq, s.id"
		}
		if uf, ok := unitItemsFrom(viewer, f); ok {
			from, order = uf, unitItemsOrder
			cond, args = tx.db.sugWhereIn(unitItemsScope, nil, viewer, f, tx.Today())
		}
		rows, err := tx.query("SELECT "+sugColumns+from+cond+order+limitOffset(f.Limit, f.Offset), args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			s, err := scanSuggestion(rows)
			if err != nil {
				return err
			}
			out = append(out, s)
		}
		return rows.Err()
	})
	return out, total, err
}

// CountSuggestions is the total of the list of f (Suggestions' total)
// without reading any of its items: for figures that link to the list.
func (db *DB) CountSuggestions(ctx context.Context, viewer *renda.User, f suggestion.Filter) (int, error) {
	var n int
	err := db.read(ctx, func(tx *Tx) error {
		cond, args := tx.db.sugWhere(viewer, f, tx.Today())
		var err error
		n, err = tx.countSuggestions(viewer, f, cond, args)
		return err
	})
	return n, err
}

// countSuggestions counts the items of a list (cond and args from sugWhere):
// the whole list of the staff or of a unit (no filter) from the summary
// tables kept in step by triggers (suggestion_stat_categories,
// suggestion_org_stat_counts: the items past the draft, each once), the
// others item by item.
func (tx *Tx) countSuggestions(viewer *renda.User, f suggestion.Filter, cond string, args []any) (int, error) {
	bare := f
	bare.Sort, bare.Limit, bare.Offset = "", 0, 0
	if !viewer.Is(renda.RoleLeader) {
		bare.Mine = false // a leader's own only (sugWhere)
	}
	if strings.TrimSpace(bare.Q) == "" {
		bare.Q = ""
	}
	if len(bare.Status) == 0 {
		bare.Status = nil
	}
	if reflect.DeepEqual(bare, suggestion.Filter{}) {
		switch {
		case viewer.Is(renda.RoleUnit):
			return tx.count("SELECT COALESCE(SUM(n), 0) FROM suggestion_org_stat_counts WHERE org_id = ? AND status <> 'draft'", viewer.OrgID)
		case viewer.IsStaffSide():
			return tx.count("SELECT COALESCE(SUM(n), 0) FROM suggestion_stat_categories WHERE status <> 'draft'")
		}
	}
	if n, ok, err := tx.countSuggestionsSummed(viewer, bare); ok || err != nil {
		return n, err
	}
	if n, ok, err := tx.countUnitOpen(viewer, bare); ok || err != nil {
		return n, err
	}
	countFrom := " FROM suggestions s"
	if strings.TrimSpace(f.Q) != "" {
		countFrom += " JOIN deputies p ON p.id = s.proposer_id"
	}
	return tx.count("SELECT COUNT(*)"+countFrom+cond, args...)
}

// countSuggestionsSummed counts the staff side's list filtered by kind,
// state, category, session or year of submission only (the figures of a
// session on the leaders' screen) from suggestion_stat_categories, whose
// key holds them all; ok is false for any other filter.
func (tx *Tx) countSuggestionsSummed(viewer *renda.User, f suggestion.Filter) (n int, ok bool, err error) {
	rest := f
	rest.Kind, rest.Status, rest.Category, rest.SessionID, rest.Year = "", nil, "", "", 0
	if !viewer.IsStaffSide() || !reflect.DeepEqual(rest, suggestion.Filter{}) {
		return 0, false, nil
	}
	q := "SELECT COALESCE(SUM(n), 0) FROM suggestion_stat_categories WHERE status <> 'draft'"
	var args []any
	if f.Kind != "" {
		q, args = q+" AND kind = ?", append(args, f.Kind)
	}
	if len(f.Status) > 0 {
		q += " AND status IN (" + placeholders(len(f.Status)) + ")"
		for _, st := range f.Status {
			args = append(args, st)
		}
	}
	if f.Category != "" {
		q, args = q+" AND category = ?", append(args, f.Category)
	}
	if f.SessionID != "" {
		q, args = q+" AND session_id = ?", append(args, f.SessionID)
	}
	if f.Year > 0 {
		q, args = q+" AND year = ?", append(args, f.Year)
	}
	n, err = tx.count(q, args...)
	return n, true, err
}

// unitOpenCounts turns countUnitOpen on (off in a test, to compare).
var unitOpenCounts = true

// unitTodo is what makes an open item s wait for a unit (sugTodo, and
// countUnitOpen on the unit's open items): its reply in this round as lead
// or split unit, or its opinion as assisting or joint unit.
const unitTodo = `EXISTS (SELECT 1 FROM suggestion_units tu WHERE tu.suggestion_id = s.id AND tu.org_id = ?
	AND ((tu.role IN ('lead', 'split') AND tu.replied_round < s.round) OR (tu.role IN ('assist', 'joint') AND tu.opinion = '')))`

// countUnitOpen counts a unit's list of items waiting for it, due within
// some days or overdue (its home page's figures and those lists' totals)
// from its open items in suggestion_org_items (migration 01736): a range
// of one index, not a pass over all of the unit's items or over every
// open item. ok is false for other viewers and filters.
func (tx *Tx) countUnitOpen(viewer *renda.User, f suggestion.Filter) (n int, ok bool, err error) {
	if !unitOpenCounts || viewer == nil || !viewer.Is(renda.RoleUnit) {
		return 0, false, nil
	}
	today := tx.Today()
	const open = "SELECT COUNT(*) FROM suggestion_org_items v WHERE v.org_id = ? AND v.is_open = 1"
	switch {
	case reflect.DeepEqual(f, suggestion.Filter{Overdue: true}):
		n, err = tx.count(open+" AND v.due_on < ?", viewer.OrgID, today.String())
	case f.DueWithin > 0 && reflect.DeepEqual(f, suggestion.Filter{DueWithin: f.DueWithin}):
		n, err = tx.count(open+" AND v.due_on >= ? AND v.due_on <= ?", viewer.OrgID, today.String(), today.AddDays(f.DueWithin).String())
	case reflect.DeepEqual(f, suggestion.Filter{Todo: true}):
		n, err = tx.count(`SELECT COUNT(*) FROM suggestion_org_items v JOIN suggestions s ON s.id = v.suggestion_id
			WHERE v.org_id = ? AND v.is_open = 1 AND `+unitTodo, viewer.OrgID, viewer.OrgID)
	default:
		return 0, false, nil
	}
	return n, true, err
}

// SuggestionCounts are the figures on a user's home page.
type SuggestionCounts struct {
	Todo    int // waiting for the user's action
	DueSoon int // open items (of the user's scope) due within 15 days
	Overdue int // open items past their deadline
	Mine    int // a deputy's items, a unit's items, a leader's priority items (not counted for admins and staff)
	Drafts  int // a deputy's drafts (only a deputy has any)
}

// SuggestionCounts counts viewer's to-do, due-soon and overdue items, and
// their own and drafts where the role has them: for admins and staff
// "mine" would be every item (a count linear in the items, shown nowhere)
// and drafts none.
func (db *DB) SuggestionCounts(ctx context.Context, viewer *renda.User) (SuggestionCounts, error) {
	var c SuggestionCounts
	err := db.read(ctx, func(tx *Tx) error {
		today := tx.Today()
		for _, q := range []struct {
			dst *int
			f   suggestion.Filter
		}{
			{&c.Todo, suggestion.Filter{Todo: true}},
			{&c.DueSoon, suggestion.Filter{DueWithin: 15, Mine: true}},
			{&c.Overdue, suggestion.Filter{Overdue: true, Mine: true}},
			{&c.Mine, suggestion.Filter{Mine: true}},
			{&c.Drafts, suggestion.Filter{Status: []string{suggestion.Draft}}},
		} {
			if q.dst == &c.Mine && viewer.Is(renda.RoleAdmin, renda.RoleStaff) || q.dst == &c.Drafts && !viewer.Is(renda.RoleDeputy) {
				continue
			}
			cond, args := tx.db.sugWhere(viewer, q.f, today)
			n, err := tx.countSuggestions(viewer, q.f, cond, args)
			if err != nil {
				return err
			}
			*q.dst = n
		}
		return nil
	})
	return c, err
}

// SuggestionPublic is what anyone may know of an item: no personal data.
type SuggestionPublic struct {
	ID            string     `json:"id"`
	Number        string     `json:"number"`
	Kind          string     `json:"kind"`
	Title         string     `json:"title"`
	Category      string     `json:"category"`
	Status        string     `json:"status"`
	StatusLabel   string     `json:"status_label"`
	UnitName      string     `json:"unit_name,omitempty"`
	ProposerName  string     `json:"proposer_name,omitempty"` // only once the reply is published with the deputy's consent
	Published     bool       `json:"published"`
	PublishedAt   string     `json:"published_at,omitempty"`
	ReplyCategory string     `json:"reply_category,omitempty"`
	ReplyLabel    string     `json:"reply_label,omitempty"`
	RepliedOn     renda.Date `json:"replied_on,omitzero"`
	Reply         string     `json:"reply,omitempty"` // the published reply, personal data removed
	SessionName   string     `json:"session_name,omitempty"`
}

// SuggestionPublicStatus tells what became of an item, for a citizen-facing
// page (e.g. the opinion a citizen sent, which a deputy took up): number,
// title, status label, handling unit, and the published reply if any. It
// holds no personal data: the deputy's name and the reply appear only once
// the reply is published with the deputy's consent. A draft is reported as
// "代表正在起草" without its text.
func (db *DB) SuggestionPublicStatus(ctx context.Context, id string) (*SuggestionPublic, error) {
	var out *SuggestionPublic
	err := db.read(ctx, func(tx *Tx) error {
		s, err := tx.suggestion(id)
		if err != nil {
			return err
		}
		set, _, err := tx.sugConfig()
		if err != nil {
			return err
		}
		out = publicView(s, set)
		return nil
	})
	return out, err
}

func publicView(s *suggestion.Suggestion, set *renda.Settings) *SuggestionPublic {
	p := &SuggestionPublic{ID: s.ID, Number: s.Number, Kind: s.Kind, Title: s.Title, Category: s.Category, Status: s.Status,
		StatusLabel: s.StatusLabel(), UnitName: s.LeadUnitName, SessionName: s.SessionName}
	switch s.Status {
	case suggestion.Draft:
		p.Title, p.Category, p.StatusLabel = "", "", "代表正在起草"
	case suggestion.Rehandling:
		p.StatusLabel = "重新办理中"
	}
	if !s.PublishedAt.IsZero() {
		p.Published = true
		p.PublishedAt = s.PublishedAt.In(renda.CST).Format("2006-01-02")
		p.ProposerName = s.ProposerName
		p.ReplyCategory, p.ReplyLabel, p.RepliedOn, p.Reply = s.ReplyCategory, suggestion.ReplyCategoryLabel(set, s.ReplyCategory), s.RepliedOn, s.PublicText
	}
	return p
}

// PublishedReplies lists the published replies for the public site, newest first.
func (db *DB) PublishedReplies(ctx context.Context, q string, limit, offset int) ([]*SuggestionPublic, int, error) {
	var out []*SuggestionPublic
	var total int
	err := db.read(ctx, func(tx *Tx) error {
		set, _, err := tx.sugConfig()
		if err != nil {
			return err
		}
		where, args := " WHERE s.published_at IS NOT NULL", []any{}
		if q = strings.TrimSpace(q); q != "" {
			where += " AND (" + like("s.title") + " OR " + like("s.number") + ")"
			args = append(args, likeArg(q), likeArg(q))
		}
		if total, err = tx.count("SELECT COUNT(*) FROM suggestions s"+where, args...); err != nil {
			return err
		}
		rows, err := tx.query("SELECT "+sugColumns+sugFrom+where+" ORDER BY s.published_at DESC, s.id DESC"+limitOffset(limit, offset), args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			s, err := scanSuggestion(rows)
			if err != nil {
				return err
			}
			out = append(out, publicView(s, set))
		}
		return rows.Err()
	})
	return out, total, err
}

// PublishedReply returns one published reply (ENOTFOUND if not published).
func (db *DB) PublishedReply(ctx context.Context, id string) (*SuggestionPublic, error) {
	p, err := db.SuggestionPublicStatus(ctx, id)
	if err != nil {
		return nil, err
	}
	if !p.Published {
		return nil, renda.Errorf(renda.ENOTFOUND, "该答复尚未公开")
	}
	return p, nil
}

// SuggestionDeadline is an open item as the reminder sweep sees it.
type SuggestionDeadline struct {
	ID, Number, Title string
	Status            string
	Round             int
	LeadUnitID        string
	UnitName          string
	UnitPhone         string // the lead unit's contact phone, in full (for SMS)
	LeaderID          string
	ProposerID        string
	Due               renda.Date
	AssignedOn        renda.Date
	RepliedOn         renda.Date
	FeedbackGiven     bool
	PublishConsent    bool
	Published         bool
	AssistingPending  []string // assisting units that have not sent their opinion
}

// SuggestionDeadlines lists, in this transaction, the items whose deadlines
// a sweep watches: open items whose reply is due by horizon (or overdue),
// replied items awaiting the deputy's feedback, and replies consented to
// but not yet published.
func (tx *Tx) SuggestionDeadlines(horizon renda.Date) ([]SuggestionDeadline, error) {
	rows, err := tx.query(`SELECT s.id, s.number, s.title, s.status, s.round, COALESCE(s.lead_unit_id, ''), COALESCE(o.name, ''), COALESCE(o.contact_phone_enc, ''),
		COALESCE(s.leader_id, ''), s.proposer_id, s.due_on, s.assigned_on, s.replied_on, s.rating <> '' AND s.rated_round = s.round, s.publish_consent, s.published_at IS NOT NULL
		FROM suggestions s LEFT JOIN organizations o ON o.id = s.lead_unit_id
		WHERE (s.status IN ('assigned', 'rehandling') AND s.due_on <= ?) OR (s.status = 'replied' AND NOT (s.rating <> '' AND s.rated_round = s.round))
			OR (s.status IN ('replied', 'closed') AND s.publish_consent = ? AND s.published_at IS NULL)
		ORDER BY s.id`, horizon.String(), true)
	if err != nil {
		return nil, err
	}
	var out []SuggestionDeadline
	for rows.Next() {
		var d SuggestionDeadline
		var enc string
		if err := rows.Scan(&d.ID, &d.Number, &d.Title, &d.Status, &d.Round, &d.LeadUnitID, &d.UnitName, &enc, &d.LeaderID, &d.ProposerID,
			dayScan{&d.Due}, dayScan{&d.AssignedOn}, dayScan{&d.RepliedOn}, boolScan{&d.FeedbackGiven}, boolScan{&d.PublishConsent}, boolScan{&d.Published}); err != nil {
			rows.Close()
			return nil, err
		}
		if enc != "" {
			if d.UnitPhone, err = tx.db.box.Open(enc); err != nil {
				rows.Close()
				return nil, err
			}
		}
		out = append(out, d)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	rows, err = tx.query(`SELECT su.suggestion_id, su.org_id FROM suggestion_units su JOIN suggestions s ON s.id = su.suggestion_id
		WHERE s.status IN ('assigned', 'rehandling') AND su.role IN ('assist', 'joint') AND su.opinion = '' ORDER BY su.suggestion_id, su.org_id`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	idx := map[string]int{}
	for i, d := range out {
		idx[d.ID] = i
	}
	for rows.Next() {
		var sid, org string
		if err := rows.Scan(&sid, &org); err != nil {
			return nil, err
		}
		if i, ok := idx[sid]; ok {
			out[i].AssistingPending = append(out[i].AssistingPending, org)
		}
	}
	return out, rows.Err()
}

// SuggestionSettings returns the settings and calendar in this transaction
// (for sweeps).
func (tx *Tx) SuggestionSettings() (*renda.Settings, *renda.Calendar, error) { return tx.sugConfig() }

// NotifyDeputy writes an in-app message to the accounts of a deputy.
func (tx *Tx) NotifyDeputy(deputyID, title, body, link string) error {
	return tx.notifyDeputy(deputyID, title, body, link)
}

// NotifyUser writes an in-app message to one user.
func (tx *Tx) NotifyUser(userID, title, body, link string) error {
	return tx.Notify(userID, title, body, link)
}

// MergeTarget is an item another may be merged into (并案), for the merge
// action's choice.
type MergeTarget struct{ ID, Number, Title string }

// mergeTargetStates are the states an item may be merged into: the
// domain's rule (suggestion.merge) refuses any other.
var mergeTargetStates = []any{suggestion.Submitted, suggestion.Registered, suggestion.Assigned, suggestion.Rehandling}

// MergeTargets lists up to limit items of kind viewer may see that an item
// (except) may be merged into, newest first. It reads only the three
// columns the choice shows, walking the items newest first and stopping at
// the limit (open items are the recent ones): with the list's query (every
// column and join, every open item sorted) an item's page cost a sort of
// the province's open items.
func (db *DB) MergeTargets(ctx context.Context, viewer *renda.User, kind, except string, limit int) ([]MergeTarget, error) {
	var out []MergeTarget
	err := db.read(ctx, func(tx *Tx) error {
		scope, args := sugScope(viewer)
		hint := ""
		if tx.db.dialect == SQLite {
			hint = " INDEXED BY suggestions_created"
		}
		args = append(append(args, kind, except), mergeTargetStates...)
		return tx.each(`SELECT s.id, COALESCE(s.number, ''), s.title FROM suggestions s`+hint+`
			WHERE `+scope+` AND s.kind = ? AND s.id <> ? AND s.status IN (`+placeholders(len(mergeTargetStates))+`)
			ORDER BY s.created_at DESC, s.id DESC`+limitOffset(limit, 0), args, func(rows *sql.Rows) error {
			var t MergeTarget
			if err := rows.Scan(&t.ID, &t.Number, &t.Title); err != nil {
				return err
			}
			out = append(out, t)
			return nil
		})
	})
	return out, err
}
