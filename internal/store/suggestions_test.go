package store_test

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"renda"
	"renda/internal/store"
	"renda/internal/storetest"
	"renda/suggestion"
)

// sugEnv is a fixture county with a settable clock.
type sugEnv struct {
	t     *testing.T
	db    *store.DB
	clock *renda.TestClock
	f     *storetest.Fix
	ctx   context.Context
}

func eachSug(t *testing.T, fn func(t *testing.T, e *sugEnv)) {
	for _, d := range storetest.Dialects(t) {
		t.Run(d.String(), func(t *testing.T) {
			clock := renda.NewTestClock(time.Date(2024, 1, 10, 9, 0, 0, 0, renda.CST))
			db := storetest.Open(t, d, clock)
			fn(t, &sugEnv{t: t, db: db, clock: clock, f: storetest.Fixture(t, db), ctx: context.Background()})
		})
	}
}

func (e *sugEnv) act(u *renda.User, id, action string, in renda.Values) *suggestion.Suggestion {
	e.t.Helper()
	s, err := e.db.ActOnSuggestion(e.ctx, u, id, action, in, nil)
	if err != nil {
		e.t.Fatalf("%s by %s: %v", action, u.Username, err)
	}
	return s
}

func (e *sugEnv) refuse(u *renda.User, id, action string, in renda.Values, code string) {
	e.t.Helper()
	_, err := e.db.ActOnSuggestion(e.ctx, u, id, action, in, nil)
	if renda.ErrorCode(err) != code {
		e.t.Fatalf("%s by %s: got %v, want %s", action, u.Username, err, code)
	}
}

func (e *sugEnv) days(n int) { e.clock.Advance(time.Duration(n) * 24 * time.Hour) }

// draft makes a submitted, registered and assigned suggestion of deputy 1
// co-signed by deputy 2, led by unit 1 with unit 2 assisting.
func (e *sugEnv) assigned() *suggestion.Suggestion {
	e.t.Helper()
	f := e.f
	s, err := e.db.CreateSuggestion(e.ctx, f.DeputyUser, store.SuggestionDraft{Title: "关于加快城区背街小巷改造的建议", Body: "背街小巷路面破损，排水不畅。", CoSignerIDs: []string{f.Deputy2.ID}})
	if err != nil {
		e.t.Fatal(err)
	}
	e.act(f.DeputyUser2, s.ID, "cosign", renda.V())
	e.act(f.DeputyUser, s.ID, "submit", renda.V())
	e.act(f.Staff, s.ID, "register", renda.V("category", "城乡建设"))
	return e.act(f.Staff, s.ID, "assign", renda.V("lead_unit_id", f.Unit1.ID, "co_unit_ids", []string{f.Unit2.ID}))
}

func TestSuggestionWholePath(t *testing.T) {
	eachSug(t, func(t *testing.T, e *sugEnv) {
		f := e.f
		s, err := e.db.CreateSuggestion(e.ctx, f.DeputyUser, store.SuggestionDraft{Title: "关于加快城区背街小巷改造的建议", Body: "背街小巷路面破损。", CoSignerIDs: []string{f.Deputy2.ID}})
		if err != nil {
			t.Fatal(err)
		}
		if s.Status != suggestion.Draft || len(s.Signers) != 2 {
			t.Fatalf("draft: %+v", s)
		}
		// Staff and units do not see drafts; the invited co-signer does.
		for _, u := range []*renda.User{f.Staff, f.UnitUser} {
			if _, err := e.db.Suggestion(e.ctx, u, s.ID); renda.ErrorCode(err) != renda.ENOTFOUND {
				t.Errorf("%s sees a draft: %v", u.Username, err)
			}
		}
		if _, err := e.db.Suggestion(e.ctx, f.DeputyUser2, s.ID); err != nil {
			t.Errorf("co-signer cannot see the draft: %v", err)
		}
		e.refuse(f.DeputyUser2, s.ID, "submit", renda.V(), renda.EFORBIDDEN)
		e.act(f.DeputyUser2, s.ID, "cosign", renda.V())
		s = e.act(f.DeputyUser, s.ID, "submit", renda.V())
		if !s.DuringSession || s.SessionID != f.Session.ID {
			t.Errorf("submitted during the session: during=%v session=%q", s.DuringSession, s.SessionID)
		}
		e.refuse(f.DeputyUser, s.ID, "register", renda.V(), renda.EFORBIDDEN)
		e.refuse(f.Staff, s.ID, "assign", renda.V("lead_unit_id", f.Unit1.ID), renda.ECONFLICT)
		s = e.act(f.Staff, s.ID, "register", renda.V("category", "城乡建设"))
		if s.Number != "十八届四次会议第1号" {
			t.Errorf("number %q", s.Number)
		}
		e.days(5) // 2024-01-15
		s = e.act(f.Staff, s.ID, "assign", renda.V("lead_unit_id", f.Unit1.ID, "co_unit_ids", []string{f.Unit2.ID}))
		if s.Due.String() != "2024-04-15" || s.LeadUnitID != f.Unit1.ID {
			t.Errorf("assigned: due %s lead %s", s.Due, s.LeadUnitID)
		}
		// The reply needs a contact first; the assisting unit may not reply.
		e.refuse(f.UnitUser, s.ID, "reply", renda.V("category", "A", "text", "已解决"), renda.ECONFLICT)
		e.refuse(f.UnitUser2, s.ID, "reply", renda.V("category", "A", "text", "已解决"), renda.EFORBIDDEN)
		e.refuse(f.UnitUser, s.ID, "reply", renda.V("category", "Z", "text", "已解决"), renda.EINVALID)
		e.act(f.UnitUser2, s.ID, "opinion", renda.V("text", "水利局同意配合改造排水管网。"))
		e.act(f.UnitUser, s.ID, "contact", renda.V("method", "phone", "note", "电话沟通办理思路"))
		e.days(30)
		s = e.act(f.UnitUser, s.ID, "reply", renda.V("category", "B", "text", "已列入2024年改造计划。联系人 13912345678"))
		if s.Status != suggestion.Replied || !s.OnTime || s.ReplyCategory != "B" {
			t.Errorf("replied: %s on time %v cat %s", s.Status, s.OnTime, s.ReplyCategory)
		}
		e.refuse(f.DeputyUser2, s.ID, "feedback", renda.V("rating", renda.RatingSatisfied), renda.EFORBIDDEN)
		e.refuse(f.DeputyUser, s.ID, "feedback", renda.V("rating", renda.RatingUnsatisfied), renda.EINVALID) // a comment is required
		s = e.act(f.DeputyUser, s.ID, "feedback", renda.V("rating", renda.RatingUnsatisfied, "comment", "没有明确完成时间"))
		if s.Status != suggestion.Rehandling || s.Round != 2 || s.Rehandled != 1 {
			t.Fatalf("after unsatisfied: %s round %d", s.Status, s.Round)
		}
		if want := renda.DateOf(e.clock.Now()).AddMonths(1); s.Due != want {
			t.Errorf("re-handling due %s, want %s", s.Due, want)
		}
		// A new round needs a new contact.
		e.refuse(f.UnitUser, s.ID, "reply", renda.V("category", "A", "text", "x"), renda.ECONFLICT)
		e.act(f.UnitUser, s.ID, "contact", renda.V("method", "visit", "note", "上门走访"))
		s = e.act(f.UnitUser, s.ID, "reply", renda.V("category", "A", "text", "已于6月完工。"))
		e.refuse(f.Staff, s.ID, "close", renda.V(), renda.ECONFLICT) // feedback period still open
		s = e.act(f.DeputyUser, s.ID, "feedback", renda.V("rating", renda.RatingSatisfied, "consent", true))
		if s.Status != suggestion.Replied || !s.PublishConsent {
			t.Errorf("after satisfied: %s consent %v", s.Status, s.PublishConsent)
		}
		e.refuse(f.DeputyUser, s.ID, "feedback", renda.V("rating", renda.RatingSatisfied), renda.ECONFLICT)
		s = e.act(f.Staff, s.ID, "close", renda.V())
		s = e.act(f.Staff, s.ID, "publish", renda.V())
		pub, err := e.db.SuggestionPublicStatus(e.ctx, s.ID)
		if err != nil {
			t.Fatal(err)
		}
		if !pub.Published || pub.Reply != "已于6月完工。" || pub.Number != "十八届四次会议第1号" || pub.StatusLabel != "已办结" {
			t.Errorf("public: %+v", pub)
		}
		list, total, err := e.db.PublishedReplies(e.ctx, "", 10, 0)
		if err != nil || total != 1 || list[0].ID != s.ID {
			t.Errorf("published replies: %d %v", total, err)
		}
		h, err := e.db.History(e.ctx, "suggestion", s.ID)
		if err != nil {
			t.Fatal(err)
		}
		var actions []string
		for _, r := range h {
			actions = append(actions, r.Action)
		}
		want := "create invite cosign submit register assign opinion contact reply feedback contact reply feedback close publish"
		if got := strings.Join(actions, " "); got != want {
			t.Errorf("history:\n got %s\nwant %s", got, want)
		}
		if n, err := e.db.VerifyAudit(e.ctx); err != nil {
			t.Errorf("audit chain after %d records: %v", n, err)
		}
	})
}

func TestSuggestionRedactsPublishedReply(t *testing.T) {
	eachSug(t, func(t *testing.T, e *sugEnv) {
		f := e.f
		s := e.assigned()
		e.act(f.UnitUser, s.ID, "contact", renda.V("method", "meeting"))
		e.act(f.UnitUser, s.ID, "reply", renda.V("category", "A", "text", "请联系 13912345678 或 0734-7212345，身份证 430482199001011234。"))
		e.refuse(f.Staff, s.ID, "publish", renda.V(), renda.ECONFLICT) // no consent yet
		e.act(f.DeputyUser, s.ID, "feedback", renda.V("rating", renda.RatingBasic, "consent", true))
		s = e.act(f.Staff, s.ID, "publish", renda.V())
		for _, secret := range []string{"13912345678", "7212345", "199001011234"} {
			if strings.Contains(s.PublicText, secret) {
				t.Errorf("published text keeps %s: %s", secret, s.PublicText)
			}
		}
	})
}

func TestSuggestionReturnWindowAndExtension(t *testing.T) {
	eachSug(t, func(t *testing.T, e *sugEnv) {
		f := e.f
		s := e.assigned() // assigned 2024-01-10, due 2024-04-10
		e.days(10)        // the 10th day: still allowed
		e.act(f.UnitUser, s.ID, "request_return", renda.V("note", "不属于本单位职责"))
		e.refuse(f.UnitUser, s.ID, "request_return", renda.V("note", "再次申请"), renda.ECONFLICT)
		s = e.act(f.Staff, s.ID, "approve_return", renda.V())
		if s.Status != suggestion.Registered || s.LeadUnitID != "" {
			t.Fatalf("after approved return: %s lead %q", s.Status, s.LeadUnitID)
		}
		if _, err := e.db.Suggestion(e.ctx, f.UnitUser, s.ID); renda.ErrorCode(err) != renda.ENOTFOUND {
			t.Errorf("the unit that handed it back still sees it: %v", err)
		}
		// Reassigned on 2024-01-20: the clock restarts.
		s = e.act(f.Staff, s.ID, "assign", renda.V("lead_unit_id", f.Unit2.ID))
		if s.Due.String() != "2024-04-20" {
			t.Errorf("due after reassignment %s, want 2024-04-20", s.Due)
		}
		e.days(11) // day 11 after the new assignment: the window is closed
		e.refuse(f.UnitUser2, s.ID, "request_return", renda.V("note", "不属于本单位"), renda.ECONFLICT)
		// Extensions: at most six months from assignment.
		e.refuse(f.UnitUser2, s.ID, "request_extension", renda.V("note", "需要立项", "until", renda.NewDate(2024, 8, 1)), renda.EINVALID)
		e.act(f.UnitUser2, s.ID, "request_extension", renda.V("note", "需要立项", "until", renda.NewDate(2024, 6, 30)))
		s = e.act(f.Staff, s.ID, "approve_extension", renda.V())
		if s.Due.String() != "2024-06-30" {
			t.Errorf("due after extension %s", s.Due)
		}
		e.refuse(f.Staff, s.ID, "approve_extension", renda.V(), renda.ECONFLICT) // nothing pending
	})
}

func TestSuggestionMotionRules(t *testing.T) {
	eachSug(t, func(t *testing.T, e *sugEnv) {
		f := e.f
		m, err := e.db.CreateSuggestion(e.ctx, f.DeputyUser, store.SuggestionDraft{Kind: suggestion.KindMotion, Title: "关于完善城区路网的议案", Grounds: "城区断头路多", Body: "打通市府路", CoSignerIDs: []string{f.Deputy2.ID}})
		if err != nil {
			t.Fatal(err)
		}
		e.act(f.DeputyUser2, m.ID, "cosign", renda.V())
		// Two signers where ten are needed.
		e.refuse(f.DeputyUser, m.ID, "submit", renda.V(), renda.ECONFLICT)
		if err := e.db.UpdateSettings(e.ctx, f.Admin, map[string]string{"suggestions.motion_cosigners_county": "2"}); err != nil {
			t.Fatal(err)
		}
		m = e.act(f.DeputyUser, m.ID, "submit", renda.V())
		m = e.act(f.Staff, m.ID, "register", renda.V("category", "交通运输"))
		if m.Number != "十八届四次会议议案第1号" {
			t.Errorf("motion number %q", m.Number)
		}
		e.refuse(f.Staff, m.ID, "assign", renda.V("lead_unit_id", f.Unit1.ID), renda.ECONFLICT)
		m = e.act(f.Staff, m.ID, "convert", renda.V("note", "不属于本级人大职权范围，转为建议"))
		if m.Status != suggestion.Converted || m.ConvertedTo == "" {
			t.Fatalf("converted: %s → %q", m.Status, m.ConvertedTo)
		}
		c, err := e.db.Suggestion(e.ctx, f.Staff, m.ConvertedTo)
		if err != nil {
			t.Fatal(err)
		}
		if c.ConvertedFrom != m.ID || c.Kind != suggestion.KindSuggestion || c.Status != suggestion.Registered || c.ConfirmedSigners() != 2 || c.Number != "十八届四次会议第1号" {
			t.Errorf("converted suggestion: %+v", c)
		}
		// After the session a motion cannot be submitted.
		e.days(30)
		m2, err := e.db.CreateSuggestion(e.ctx, f.DeputyUser, store.SuggestionDraft{Kind: suggestion.KindMotion, Title: "关于某事的议案", Grounds: "理由", Body: "方案"})
		if err != nil {
			t.Fatal(err)
		}
		e.refuse(f.DeputyUser, m2.ID, "submit", renda.V(), renda.ECONFLICT)
	})
}

func TestSuggestionMergeKeepsProposers(t *testing.T) {
	eachSug(t, func(t *testing.T, e *sugEnv) {
		f := e.f
		a, _ := e.db.CreateSuggestion(e.ctx, f.DeputyUser, store.SuggestionDraft{Title: "关于修缮宜阳街道排水管网的建议", Body: "内涝"})
		b, _ := e.db.CreateSuggestion(e.ctx, f.DeputyUser2, store.SuggestionDraft{Title: "关于解决城区内涝问题的建议", Body: "内涝"})
		e.act(f.DeputyUser, a.ID, "submit", renda.V())
		e.act(f.DeputyUser2, b.ID, "submit", renda.V())
		e.act(f.Staff, a.ID, "register", renda.V("category", "水利"))
		// The merge's choice: open items of the kind, newest first, not
		// the item itself, nor drafts or items of the other kind.
		draft, _ := e.db.CreateSuggestion(e.ctx, f.DeputyUser, store.SuggestionDraft{Title: "关于城区排水的建议（草稿）", Body: "内涝"})
		choice, err := e.db.MergeTargets(e.ctx, f.Staff, suggestion.KindSuggestion, b.ID, 500)
		if err != nil {
			t.Fatal(err)
		}
		ids := map[string]bool{}
		for _, c := range choice {
			ids[c.ID] = true
		}
		if !ids[a.ID] || ids[b.ID] || ids[draft.ID] {
			t.Errorf("merge targets of %s: %+v (want %s, not itself nor the draft %s)", b.ID, choice, a.ID, draft.ID)
		}
		if motions, err := e.db.MergeTargets(e.ctx, f.Staff, suggestion.KindMotion, b.ID, 500); err != nil || slices.ContainsFunc(motions, func(m store.MergeTarget) bool { return m.ID == a.ID || m.ID == b.ID }) {
			t.Errorf("motions offered as targets of a suggestion: %+v, %v", motions, err)
		}
		b = e.act(f.Staff, b.ID, "merge", renda.V("target_id", a.ID, "note", "同一事项"))
		if b.Status != suggestion.Merged || b.MergedInto != a.ID {
			t.Fatalf("merged: %+v", b)
		}
		a, err = e.db.Suggestion(e.ctx, f.DeputyUser2, a.ID) // the merged item's proposer now signs the target
		if err != nil {
			t.Fatalf("proposer of the merged item cannot see the target: %v", err)
		}
		if a.ConfirmedSigners() != 2 {
			t.Errorf("signers after merge: %+v", a.Signers)
		}
	})
}

func TestSuggestionUnitsSeeOnlyTheirOwn(t *testing.T) {
	eachSug(t, func(t *testing.T, e *sugEnv) {
		f := e.f
		s := e.assigned() // unit 1 leads, unit 2 assists
		other, err := e.db.CreateSuggestion(e.ctx, f.DeputyUser2, store.SuggestionDraft{Title: "关于农村饮水安全的建议", Body: "水质"})
		if err != nil {
			t.Fatal(err)
		}
		e.act(f.DeputyUser2, other.ID, "submit", renda.V())
		e.act(f.Staff, other.ID, "register", renda.V("category", "水利"))
		e.act(f.Staff, other.ID, "assign", renda.V("lead_unit_id", f.Unit2.ID))
		list, total, err := e.db.Suggestions(e.ctx, f.UnitUser, suggestion.Filter{})
		if err != nil || total != 1 || list[0].ID != s.ID {
			t.Errorf("unit 1 lists %d items: %v", total, err)
		}
		if _, err := e.db.Suggestion(e.ctx, f.UnitUser, other.ID); renda.ErrorCode(err) != renda.ENOTFOUND {
			t.Errorf("unit 1 sees unit 2's item: %v", err)
		}
		e.refuse(f.UnitUser, other.ID, "contact", renda.V("method", "phone"), renda.ENOTFOUND)
		if _, total, _ := e.db.Suggestions(e.ctx, f.UnitUser, suggestion.Filter{UnitID: f.Unit2.ID}); total != 1 { // only the shared one
			t.Errorf("unit 1 filtering by unit 2 sees %d", total)
		}
		rows, err := e.db.SuggestionSummary(e.ctx, f.UnitUser, store.SuggestionStatsFilter{})
		if err != nil || len(rows) != 1 {
			t.Errorf("unit 1's summary has %d rows: %v", len(rows), err)
		}
		st, err := e.db.SuggestionStatistics(e.ctx, f.UnitUser, store.SuggestionStatsFilter{})
		if err != nil {
			t.Fatal(err)
		}
		if len(st.Units) != 1 || st.Units[0].Key != f.Unit1.ID || st.Total.Total != 1 {
			t.Errorf("unit 1's statistics: %+v", st.Units)
		}
		if _, err := e.db.SuggestionStatistics(e.ctx, f.DeputyUser, store.SuggestionStatsFilter{}); renda.ErrorCode(err) != renda.EFORBIDDEN {
			t.Errorf("a deputy gets statistics: %v", err)
		}
	})
}

func TestCreateSuggestionDraftInOwnTransaction(t *testing.T) {
	eachSug(t, func(t *testing.T, e *sugEnv) {
		f := e.f
		var id string
		err := e.db.Seed(e.ctx, f.DeputyUser, func(tx *store.Tx) error {
			s, err := tx.CreateSuggestionDraft(store.SuggestionDraft{ProposerDeputyID: f.Deputy1.ID, Kind: suggestion.KindSuggestion,
				Title: "关于群众反映的路灯问题的建议", Body: "群众反映：路灯不亮。", Category: "城乡建设", SourceEntity: "opinion", SourceID: "01jexampleopinion00000000"})
			if err == nil {
				id = s.ID
			}
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		s, err := e.db.Suggestion(e.ctx, f.DeputyUser, id)
		if err != nil || s.SourceEntity != "opinion" || s.Status != suggestion.Draft {
			t.Fatalf("draft from an opinion: %+v %v", s, err)
		}
		p, err := e.db.SuggestionPublicStatus(e.ctx, id)
		if err != nil || p.StatusLabel != "代表正在起草" || p.Title != "" {
			t.Errorf("public status of a draft: %+v %v", p, err)
		}
		// Another deputy cannot draft in deputy 1's name.
		err = e.db.Seed(e.ctx, f.DeputyUser2, func(tx *store.Tx) error {
			_, err := tx.CreateSuggestionDraft(store.SuggestionDraft{ProposerDeputyID: f.Deputy1.ID, Title: "x", Body: "y"})
			return err
		})
		if renda.ErrorCode(err) != renda.EFORBIDDEN {
			t.Errorf("drafting for someone else: %v", err)
		}
		err = e.db.Seed(e.ctx, f.DeputyUser, func(tx *store.Tx) error {
			_, err := tx.CreateSuggestionDraft(store.SuggestionDraft{ProposerDeputyID: f.Deputy1.ID, Title: strings.Repeat("长", 101), Body: "\xff"})
			return err
		})
		if renda.ErrorCode(err) != renda.EINVALID || len(renda.ErrorFields(err)) != 2 {
			t.Errorf("bad draft: %v", err)
		}
	})
}

// TestSuggestionProcuratorateLink copies an item to the procuratorate; its
// users see it and record their steps; the item shows them.
func TestSuggestionProcuratorateLink(t *testing.T) {
	eachSug(t, func(t *testing.T, e *sugEnv) {
		f := e.f
		root := &renda.User{ID: "system", Username: "system", Role: renda.RoleAdmin}
		jcy := &renda.Organization{Code: "jcy", Name: "常宁市人民检察院", Kind: renda.OrgProcuratorate, HandlingUnit: true, Active: true}
		if err := e.db.SaveOrganization(e.ctx, root, jcy); err != nil {
			t.Fatal(err)
		}
		clerk, err := e.db.CreateUser(e.ctx, root, store.NewUser{Username: "jcy", DisplayName: "检察院联络员", Role: renda.RoleUnit, OrgID: jcy.ID, Password: "procuratorate-2024"})
		if err != nil {
			t.Fatal(err)
		}
		s := e.assigned()
		if _, err := e.db.Suggestion(e.ctx, clerk, s.ID); renda.ErrorCode(err) != renda.ENOTFOUND {
			t.Fatalf("the procuratorate sees an item not copied to it: %v", err)
		}
		e.refuse(f.Staff, s.ID, "procuratorate", renda.V("method", "case"), renda.ECONFLICT)
		s = e.act(f.Staff, s.ID, "copy_procuratorate", renda.V("note", "生态环境公益事项"))
		if s.ProcuratorateID != jcy.ID {
			t.Fatalf("copied to %q", s.ProcuratorateID)
		}
		e.act(clerk, s.ID, "procuratorate", renda.V("method", "registered"))
		e.act(clerk, s.ID, "procuratorate", renda.V("method", "case", "text", "决定立案"))
		e.refuse(clerk, s.ID, "contact", renda.V("method", "phone"), renda.EFORBIDDEN)
		list, total, err := e.db.Suggestions(e.ctx, clerk, suggestion.Filter{})
		if err != nil || total != 1 || list[0].ID != s.ID {
			t.Errorf("procuratorate's list: %d %v", total, err)
		}
		got, err := e.db.Suggestion(e.ctx, f.DeputyUser, s.ID)
		if err != nil {
			t.Fatal(err)
		}
		var steps []string
		for _, r := range got.Records {
			if r.Kind == suggestion.RecProcuratorate {
				steps = append(steps, r.Method)
			}
		}
		if strings.Join(steps, ",") != "registered,case" {
			t.Errorf("procuratorate steps on the item: %v", steps)
		}
	})
}
