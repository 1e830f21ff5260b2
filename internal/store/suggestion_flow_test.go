package store_test

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"renda"
	"renda/internal/attach"
	"renda/internal/store"
	"renda/suggestion"
)

// TestIllegalSuggestionActionChangesNothing takes actions the machine
// refuses — by the table, the precondition, the input, or the outcome
// after the store loaded its facts — and checks that the item, its
// records, files, history, messages and numbering are as they were.
func TestIllegalSuggestionActionChangesNothing(t *testing.T) {
	eachSug(t, func(t *testing.T, e *sugEnv) {
		f := e.f
		s := e.assigned()
		other, err := e.db.CreateSuggestion(e.ctx, f.DeputyUser, store.SuggestionDraft{Title: "关于农村饮水安全的建议", Body: "水质"})
		if err != nil {
			t.Fatal(err)
		}
		e.act(f.DeputyUser, other.ID, "submit", renda.V())

		type snapshot struct {
			Item, Other       string
			History, OtherHis int
			Files             int
			Unread            []int
		}
		snap := func() snapshot {
			t.Helper()
			var sn snapshot
			for _, it := range []struct {
				id   string
				item *string
				hist *int
			}{{s.ID, &sn.Item, &sn.History}, {other.ID, &sn.Other, &sn.OtherHis}} {
				got, err := e.db.Suggestion(e.ctx, f.Staff, it.id)
				if err != nil {
					t.Fatal(err)
				}
				b, _ := json.Marshal(got)
				*it.item = string(b)
				h, err := e.db.History(e.ctx, "suggestion", it.id)
				if err != nil {
					t.Fatal(err)
				}
				*it.hist = len(h)
			}
			files, err := e.db.Attachments(e.ctx, "suggestion", s.ID)
			if err != nil {
				t.Fatal(err)
			}
			sn.Files = len(files)
			for _, u := range []*renda.User{f.Staff, f.UnitUser, f.UnitUser2, f.DeputyUser, f.DeputyUser2} {
				_, total, _, err := e.db.Notifications(e.ctx, u.ID, 1, 0)
				if err != nil {
					t.Fatal(err)
				}
				sn.Unread = append(sn.Unread, total)
			}
			return sn
		}
		before := snap()
		letter, err := attach.Check("答复函.txt", strings.NewReader("盖章的答复函"), attach.Document)
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range []struct {
			u      *renda.User
			id     string
			action string
			in     renda.Values
			files  []*attach.File
			code   string
		}{
			{f.Staff, s.ID, "fly", renda.V(), nil, renda.ENOTFOUND},                                                       // no such action
			{f.DeputyUser, s.ID, "edit", renda.V(), nil, renda.ENOTFOUND},                                                 // its own door
			{f.Staff, s.ID, "register", renda.V("category", "水利"), nil, renda.ECONFLICT},                                  // the table: not from assigned
			{f.DeputyUser2, s.ID, "feedback", renda.V("rating", "satisfied"), nil, renda.EFORBIDDEN},                      // a co-signer may not rate
			{f.UnitUser, s.ID, "reply", renda.V("category", "Z", "text", "已解决"), []*attach.File{letter}, renda.EINVALID},  // the input
			{f.UnitUser, s.ID, "reply", renda.V("category", "A", "text", "已解决"), []*attach.File{letter}, renda.ECONFLICT}, // no contact yet (decided with the files at hand)
			{f.Staff, s.ID, "approve_extension", renda.V(), nil, renda.ECONFLICT},                                         // the precondition: nothing pending
			{f.UnitUser, s.ID, "request_extension", renda.V("until", "2030-01-01", "note", "太久"), nil, renda.EINVALID},    // the outcome: beyond six months
			{f.Staff, other.ID, "register", renda.V(), nil, renda.EINVALID},                                               // after its number was drawn: no category
			{f.Staff, other.ID, "merge", renda.V("target_id", other.ID), nil, renda.EINVALID},                             // into itself
		} {
			_, err := e.db.ActOnSuggestion(e.ctx, c.u, c.id, c.action, c.in, c.files)
			if renda.ErrorCode(err) != c.code {
				t.Errorf("%s by %s: %v, want %s", c.action, c.u.Username, err, c.code)
			}
		}
		if after := snap(); !jsonEqual(before, after) {
			t.Errorf("refused actions changed something:\nbefore %+v\nafter  %+v", before, after)
		}
		// The number drawn for the refused registration was given back.
		if got := e.act(f.Staff, other.ID, "register", renda.V("category", "水利")); got.Number != "十八届四次会议第2号" {
			t.Errorf("number after a refused registration: %q", got.Number)
		}
	})
}

func jsonEqual(a, b any) bool {
	x, _ := json.Marshal(a)
	y, _ := json.Marshal(b)
	return string(x) == string(y)
}

// TestSuggestionSearch: suggestions are in the index from their draft on,
// found by words of their title and body, by the readers their list scope
// allows (a draft only by its signers; a unit only its own items), and the
// list's q= filter finds body words too.
func TestSuggestionSearch(t *testing.T) {
	eachSug(t, func(t *testing.T, e *sugEnv) {
		f := e.f
		s := e.assigned() // 背街小巷, co-signed by deputy 2, unit 1 leads, unit 2 assists
		d, err := e.db.CreateSuggestion(e.ctx, f.DeputyUser, store.SuggestionDraft{Title: "关于规范农贸市场管理的建议", Body: "农贸市场占道经营严重。"})
		if err != nil {
			t.Fatal(err)
		}
		want := "suggestion:" + s.ID
		for _, c := range []struct {
			u    *renda.User
			q    string
			sees bool
		}{
			{f.Staff, "背街小巷", true}, {f.Staff, "排水", true}, {f.UnitUser, "小巷", true}, {f.UnitUser2, "小巷", true},
			{f.DeputyUser, "小巷", true}, {f.DeputyUser2, "小巷", true}, {nil, "小巷", false},
		} {
			ids, _ := found(t, e.db, c.u, c.q)
			if slices.Contains(ids, want) != c.sees {
				t.Errorf("%v searching %q: %v, want found %v", c.u, c.q, ids, c.sees)
			}
		}
		// The draft: its proposer finds it, the staff do not (not even in the count).
		if ids, _ := found(t, e.db, f.DeputyUser, "农贸市场"); !slices.Contains(ids, "suggestion:"+d.ID) {
			t.Errorf("the proposer does not find their draft: %v", ids)
		}
		if ids, n := found(t, e.db, f.Staff, "农贸市场"); len(ids) != 0 || n != 0 {
			t.Errorf("staff find a draft: %v (%d)", ids, n)
		}
		// Another unit's item: unit 2 loses it once the return leaves it to unit 1… here: a third item for unit 2 only.
		o, err := e.db.CreateSuggestion(e.ctx, f.DeputyUser2, store.SuggestionDraft{Title: "关于整治水库周边环境的建议", Body: "水库周边垃圾堆放。"})
		if err != nil {
			t.Fatal(err)
		}
		e.act(f.DeputyUser2, o.ID, "submit", renda.V())
		e.act(f.Staff, o.ID, "register", renda.V("category", "水利"))
		e.act(f.Staff, o.ID, "assign", renda.V("lead_unit_id", f.Unit2.ID))
		if ids, n := found(t, e.db, f.UnitUser, "水库"); len(ids) != 0 || n != 0 {
			t.Errorf("unit 1 finds unit 2's item: %v (%d)", ids, n)
		}
		if ids, _ := found(t, e.db, f.UnitUser2, "水库"); !slices.Contains(ids, "suggestion:"+o.ID) {
			t.Errorf("unit 2 does not find its item: %v", ids)
		}
		// The list's q= finds a body word, within the viewer's scope.
		items, total, err := e.db.Suggestions(e.ctx, f.Staff, suggestion.Filter{Q: "垃圾"})
		if err != nil || total != 1 || items[0].ID != o.ID {
			t.Errorf("list q=垃圾: %d %v", total, err)
		}
		if _, total, _ := e.db.Suggestions(e.ctx, f.UnitUser, suggestion.Filter{Q: "垃圾"}); total != 0 {
			t.Errorf("unit 1's list q=垃圾: %d", total)
		}
	})
}
