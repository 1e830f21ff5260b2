package store

import (
	"context"
	"slices"
	"strings"

	"renda"
	"renda/opinion"
	"renda/suggestion"
)

// The staff's long lists page by keyset (see keyset.go): suggestions in each
// of their orders, citizens' opinions (open first) and 12345 orders.

var (
	sugByCreated = keyset{name: "s", segs: []segment{{keys: []keyCol{{"s.created_at", true}, {"s.id", true}}}}}
	// A unit's items newest first, in the order of suggestion_org_items's
	// key (unitItemsFrom): the same keys and cursors as sugByCreated.
	unitByCreated = keyset{name: "s", segs: []segment{{keys: []keyCol{{"v.created_at", true}, {"v.suggestion_id", true}}}}}
	// The staff's overdue items newest first: picked from the open items'
	// partial index in this order (migration 01742), whose condition the
	// overdue filter names; the same keys and cursors as sugByCreated.
	sugOverdueByCreated = keyset{name: "s", segs: []segment{{keys: sugByCreated.segs[0].keys, index: "suggestions_open_created"}}}
	// Soonest due first, then the items without a due day.
	sugByDue = keyset{name: "s.due", segs: []segment{
		{cond: " AND s.due_on IS NOT NULL", keys: []keyCol{{"s.due_on", false}, {"s.id", false}}},
		{cond: " AND s.due_on IS NULL", keys: []keyCol{{"s.id", false}}},
	}}
	sugByNumber = keyset{name: "s.number", segs: []segment{{keys: []keyCol{
		{"COALESCE(s.session_id, '')", false}, {"s.kind", false}, {"s.seq", false}, {"s.id", false}}}}}
	// Open items soonest due first, then the rest newest first (as Opinions).
	opinionsKeyset = keyset{name: "o", segs: []segment{
		{cond: " AND " + opinionOpen, keys: []keyCol{{"COALESCE(o.due, '9999-12-31')", false}, {"o.created_at", true}, {"o.id", true}}},
		{cond: " AND NOT " + opinionOpen, keys: []keyCol{{"o.created_at", true}, {"o.id", true}}},
	}}
	hotlineKeyset = keyset{name: "h", segs: []segment{{keys: []keyCol{{"h.received_at", true}, {"h.id", true}}}}}
)

// SuggestionPage is one page of Suggestions at cursor ("" for the first),
// f.Limit rows (f.Offset is ignored), with the total and the page's place.
func (db *DB) SuggestionPage(ctx context.Context, viewer *renda.User, f suggestion.Filter, cursor string) ([]*suggestion.Suggestion, int, Page, error) {
	ks := sugByCreated
	switch f.Sort {
	case "due":
		ks = sugByDue
		if f.Overdue || f.DueWithin > 0 {
			// Only items with a due day: none without.
			ks.segs = slices.Clone(ks.segs)
			ks.segs[1].empty = true
		}
	case "number":
		ks = sugByNumber
	case "":
		if overdueByCreated(viewer, f) {
			ks = sugOverdueByCreated
		}
	}
	var out []*suggestion.Suggestion
	var total int
	var p Page
	err := db.read(ctx, func(tx *Tx) error {
		cond, args := tx.db.sugWhere(viewer, f, tx.Today())
		var err error
		if total, err = tx.countSuggestions(viewer, f, cond, args); err != nil {
			return err
		}
		from := sugFrom
		if uf, ok := unitItemsFrom(viewer, f); ok {
			ks, from = unitByCreated, uf
			cond, args = tx.db.sugWhereIn(unitItemsScope, nil, viewer, f, tx.Today())
		}
		out, p, err = keysetPage(tx, ks, sugColumns, from, cond, args, cursor, f.Limit, func(row interface{ Scan(...any) error }) (*suggestion.Suggestion, error) {
			return scanSuggestion(row)
		})
		return err
	})
	return out, total, p, err
}

// overdueByCreated says whether the page of f is the staff side's overdue
// items newest first, with no filter that names far fewer items than the
// open ones (a proposer's, a unit's, a leader's own, words): those are
// read from their own indexes.
func overdueByCreated(viewer *renda.User, f suggestion.Filter) bool {
	return f.Overdue && f.Sort == "" && viewer != nil && viewer.IsStaffSide() && !f.Mine &&
		f.ProposerID == "" && f.LeaderID == "" && f.UnitID == "" && strings.TrimSpace(f.Q) == ""
}

// OpinionPage is one page of Opinions at cursor ("" for the first), f.Limit
// rows (f.Offset is ignored), with the total and the page's place.
func (db *DB) OpinionPage(ctx context.Context, viewer *renda.User, f opinion.Filter, cursor string) ([]*opinion.Opinion, int, Page, error) {
	f.Offset = 0
	cond, args := db.opinionWhere(viewer, f)
	var out []*opinion.Opinion
	var total int
	var p Page
	err := db.read(ctx, func(tx *Tx) error {
		var err error
		if total, _, err = tx.countOpinions(viewer, f, cond, args); err != nil {
			return err
		}
		out, p, err = keysetPage(tx, opinionsKeysetFor(viewer, f), opinionColumns, opinionFrom, cond, args, cursor, f.Limit, func(row interface{ Scan(...any) error }) (*opinion.Opinion, error) {
			r, err := scanOpinion(row)
			if err != nil {
				return nil, err
			}
			return db.reveal(r, viewer)
		})
		return err
	})
	return out, total, p, err
}

// EachOpinion walks the opinions f selects for viewer in the list's order,
// f.Limit a page, in one read transaction (one moment's list): start is
// told how many there are first (and may refuse), then fn is called with
// each. The opinions' export.
func (db *DB) EachOpinion(ctx context.Context, viewer *renda.User, f opinion.Filter, start func(total int) error, fn func(*opinion.Opinion) error) error {
	f.Offset = 0
	cond, args := db.opinionWhere(viewer, f)
	ks := opinionsKeysetFor(viewer, f)
	return db.read(ctx, func(tx *Tx) error {
		total, _, err := tx.countOpinions(viewer, f, cond, args)
		if err != nil {
			return err
		}
		if err := start(total); err != nil {
			return err
		}
		for cursor := ""; ; {
			items, p, err := keysetPage(tx, ks, opinionColumns, opinionFrom, cond, args, cursor, f.Limit, func(row interface{ Scan(...any) error }) (*opinion.Opinion, error) {
				r, err := scanOpinion(row)
				if err != nil {
					return nil, err
				}
				return db.reveal(r, viewer)
			})
			if err != nil {
				return err
			}
			for _, o := range items {
				if err := fn(o); err != nil {
					return err
				}
			}
			if cursor = p.Next; cursor == "" {
				return nil
			}
		}
	})
}

// opinionsKeysetFor is opinionsKeyset for the items f asks for: a filter
// on the state leaves the open or the other segment empty.
//
// The staff's whole list, of a state or overdue (no other filter), reads
// its open items by opinions_open_order (migration 01732) on SQLite: their
// first page instead of a sort of every open item (99,584 at the issue's
// volume: 447 → 0.2 ms). A narrower filter (a deputy's, a township's) has
// few items and an index of its own.
func opinionsKeysetFor(viewer *renda.User, f opinion.Filter) keyset {
	open := f.State == "open" || f.State == "overdue" || slices.Contains(opinion.OpenStates, f.State)
	closed := f.State != "" && !open
	scope, _ := opinionScope(viewer)
	whole := scope == "1 = 1" && f == (opinion.Filter{State: f.State, Limit: f.Limit, Offset: f.Offset})
	if !open && !closed && !whole {
		return opinionsKeyset
	}
	ks := opinionsKeyset
	ks.segs = slices.Clone(ks.segs)
	ks.segs[0].empty, ks.segs[1].empty = closed, open
	if whole {
		ks.segs[0].index = "opinions_open_order"
	}
	return ks
}

// HotlineOrderPage is one page of HotlineOrders at cursor ("" for the
// first), f.Limit rows (f.Offset is ignored), with the total and the page's
// place.
func (db *DB) HotlineOrderPage(ctx context.Context, viewer *renda.User, f HotlineFilter, cursor string) ([]*opinion.HotlineOrder, int, Page, error) {
	if !viewer.IsStaffSide() {
		return nil, 0, Page{}, renda.Errorf(renda.EFORBIDDEN, "只有工作人员可以查看 12345 工单台账")
	}
	cond, args := db.hotlineWhere(f)
	var out []*opinion.HotlineOrder
	var total int
	var p Page
	err := db.read(ctx, func(tx *Tx) error {
		var err error
		if total, err = tx.hotlineTotal(cond, args); err != nil {
			return err
		}
		if cond == "" {
			cond = " WHERE 1 = 1"
		}
		out, p, err = keysetPage(tx, hotlineKeyset, hotlineColumns, hotlineFrom, cond, args, cursor, f.Limit, func(row interface{ Scan(...any) error }) (*opinion.HotlineOrder, error) {
			return scanHotline(row)
		})
		return err
	})
	return out, total, p, err
}
