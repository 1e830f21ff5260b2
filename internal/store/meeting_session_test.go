package store_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"renda"
	"renda/internal/store"
	"renda/internal/storetest"
	"renda/meeting"
	"renda/record"
)

// sessionFixture adds five deputies of a second delegation to the small
// county (seven in all) with their accounts.
func sessionFixture(t *testing.T, db *store.DB, fx *storetest.Fix) ([]*renda.Deputy, []*renda.User) {
	t.Helper()
	ctx := context.Background()
	root := &renda.User{ID: "system", Username: "system", Role: renda.RoleAdmin}
	second := &renda.Delegation{TermID: fx.Term.ID, Name: "宜阳街道代表团", RegionID: fx.Town2.ID}
	if err := db.SaveDelegation(ctx, root, second); err != nil {
		t.Fatal(err)
	}
	deps := []*renda.Deputy{fx.Deputy1, fx.Deputy2}
	users := []*renda.User{fx.DeputyUser, fx.DeputyUser2}
	for i := 3; i <= 7; i++ {
		dp := &renda.Deputy{Name: fmt.Sprintf("代表%d", i), Gender: "女", Ethnicity: "汉族", Occupation: "教师", Sector: "专业技术人员",
			CongressID: fx.Congress.ID, TermID: fx.Term.ID, DelegationID: second.ID, RegionID: fx.Town2.ID}
		if err := db.SaveDeputy(ctx, root, dp); err != nil {
			t.Fatal(err)
		}
		u, err := db.CreateUserHashed(ctx, nil, store.NewUser{Username: fmt.Sprintf("dep%d", i), DisplayName: dp.Name, Role: renda.RoleDeputy, DeputyID: dp.ID}, "x")
		if err != nil {
			t.Fatal(err)
		}
		deps, users = append(deps, dp), append(users, u)
	}
	return deps, users
}

// TestCongressSession walks a people's congress session of seven deputies
// on both databases: the roll is the session's deputies and the groups are
// their delegations; registration is the deputy's own; each plenary sitting
// has its own check-ins and the two-thirds quorum of ALL deputies is that
// of the sitting under way (four of seven refuses a vote, five opens it);
// the groups' opinions are collected per item and summarised; and the close
// settles attendance — attended, with leave, without leave — in the record.
func TestCongressSession(t *testing.T) {
	for _, d := range storetest.Dialects(t) {
		t.Run(d.String(), func(t *testing.T) {
			ctx := context.Background()
			clock := renda.NewTestClock(time.Date(2024, 1, 8, 9, 0, 0, 0, renda.CST))
			db := storetest.Open(t, d, clock)
			fx := storetest.Fixture(t, db)
			deps, users := sessionFixture(t, db, fx)
			m, err := db.CreateMeeting(ctx, fx.Staff, "", renda.Values{"kind": {"congress"}, "session": {fx.Session.ID}, "number": {"4"},
				"title": {"常宁市第十八届人民代表大会第四次会议"}, "date": {"2024-01-09"}, "place": {"市会议中心"}})
			if err != nil {
				t.Fatal(err)
			}
			if m.SessionID != fx.Session.ID || m.CongressID != fx.Congress.ID || len(m.Members) != 7 {
				t.Fatalf("session meeting: session %q congress %q, %d members", m.SessionID, m.CongressID, len(m.Members))
			}
			if len(m.Groups) != 2 || len(m.Groups[0].Members)+len(m.Groups[1].Members) != 7 {
				t.Fatalf("groups from the delegations: %+v", m.Groups)
			}
			// A standing committee meeting has no registration, sittings or groups.
			sc, err := db.CreateMeeting(ctx, fx.Staff, fx.Congress.ID, renda.Values{"kind": {"standing"}, "title": {"常委会会议"}, "date": {"2024-01-15"}, "members": {deps[0].ID}})
			if err != nil {
				t.Fatal(err)
			}
			if _, err := db.ActOnMeeting(ctx, fx.Staff, sc.ID, "add_group", renda.V("name", "一组", "members", deps[0].ID)); renda.ErrorCode(err) != renda.ECONFLICT {
				t.Fatalf("a group on a standing committee meeting: %v", err)
			}
			if _, err := db.CreateMeeting(ctx, fx.Staff, "", renda.Values{"kind": {"standing"}, "session": {fx.Session.ID}, "title": {"x"}, "date": {"2024-01-15"}}); renda.ErrorCode(err) != renda.EINVALID {
				t.Fatalf("a standing committee meeting as a session: %v", err)
			}
			act := func(u *renda.User, action string, in renda.Values) *meeting.Meeting {
				t.Helper()
				m, err := db.ActOnMeeting(ctx, u, m.ID, action, in)
				if err != nil {
					t.Fatalf("%s: %v", action, err)
				}
				return m
			}
			m = act(fx.Staff, "add_item", renda.V("title", "政府工作报告", "kind", "report", "reporter", "市长"))
			m = act(fx.Staff, "add_item", renda.V("title", "关于政府工作报告的决议（草案）", "kind", "resolution"))
			report, draft := m.Items[0].ID, m.Items[1].ID
			m = act(fx.Staff, "notify", nil)
			// Registration: the deputy's own, or staff for them; not for another.
			if _, err := db.ActOnMeeting(ctx, users[1], m.ID, "register", renda.V("member", deps[0].ID)); renda.ErrorCode(err) != renda.EFORBIDDEN {
				t.Fatalf("a deputy registers another: %v", err)
			}
			act(users[0], "register", nil)
			act(fx.Staff, "register", renda.V("member", deps[1].ID))
			if _, err := db.ActOnMeeting(ctx, users[0], m.ID, "register", nil); renda.ErrorCode(err) != renda.ECONFLICT {
				t.Fatalf("registered twice: %v", err)
			}
			// Leave: deps[6] asks and the chair approves; deps[5] asks and is not approved.
			act(users[6], "request_leave", renda.V("reason", "住院治疗"))
			act(fx.Staff, "approve_leave", renda.V("member", deps[6].ID))
			act(users[5], "request_leave", renda.V("reason", "外出"))
			m = act(fx.Staff, "open", nil)
			if _, err := db.ActOnMeeting(ctx, users[2], m.ID, "checkin", nil); err != nil {
				t.Fatalf("check-in without sittings (the meeting's own): %v", err)
			}
			m = act(fx.Staff, "open_sitting", renda.V("title", "第一次全体会议"))
			if q := meeting.QuorumOf(m, nil); q.Members != 7 || q.Present != 0 || q.Needed != 5 {
				t.Fatalf("quorum at the first sitting: %+v", q)
			}
			for _, u := range users[:4] {
				act(u, "checkin", nil)
			}
			if _, err := db.ActOnMeeting(ctx, users[0], m.ID, "checkin", nil); renda.ErrorCode(err) != renda.ECONFLICT {
				t.Fatalf("checked in twice at a sitting: %v", err)
			}
			// Four of seven is less than two thirds: no vote, nothing changes.
			if _, err := db.ActOnMeeting(ctx, fx.Staff, m.ID, "vote_item", renda.V("item", draft)); renda.ErrorCode(err) != renda.ECONFLICT {
				t.Fatalf("a vote below two thirds: %v", err)
			}
			if m, _ = db.Meeting(ctx, fx.Staff, m.ID); m.Items[1].VoteID != "" {
				t.Fatal("a refused vote was opened")
			}
			m = act(users[4], "checkin", nil)
			if q := meeting.QuorumOf(m, nil); q.Present != 5 || !q.Reached {
				t.Fatalf("quorum at five of seven: %+v", q)
			}
			m = act(fx.Staff, "vote_item", renda.V("item", draft))
			if m.Items[1].VoteID == "" {
				t.Fatal("no vote at two thirds")
			}
			// A new sitting: everyone checks in again, so no quorum yet.
			m = act(fx.Staff, "open_sitting", renda.V("title", "第二次全体会议"))
			if q := meeting.QuorumOf(m, nil); q.Present != 0 || q.Reached || len(m.Sittings) != 2 || m.CurrentSitting().Number != 2 {
				t.Fatalf("second sitting: %+v, %d sittings", q, len(m.Sittings))
			}
			if _, err := db.ActOnMeeting(ctx, fx.Staff, m.ID, "vote_item", renda.V("item", report)); renda.ErrorCode(err) != renda.ECONFLICT {
				t.Fatalf("a vote at a sitting nobody checked in to: %v", err)
			}
			// Group deliberation: a deputy's opinion goes to their group.
			act(users[0], "group_opinion", renda.V("item", report, "text", "建议加大农村公路养护投入。"))
			act(fx.Staff, "group_opinion", renda.V("item", report, "member", deps[2].ID, "text", "希望增加城区停车位"))
			if _, err := db.ActOnMeeting(ctx, users[1], m.ID, "group_opinion", renda.V("item", report, "member", deps[2].ID, "text", "x")); renda.ErrorCode(err) != renda.EFORBIDDEN {
				t.Fatalf("a deputy speaks for another: %v", err)
			}
			if _, err := db.ActOnMeeting(ctx, fx.Staff, m.ID, "summarise", renda.V("item", draft)); renda.ErrorCode(err) != renda.ECONFLICT {
				t.Fatalf("a summary without opinions: %v", err)
			}
			m = act(fx.Staff, "summarise", renda.V("item", report))
			sum := m.Items[0].Summary
			if !strings.Contains(sum, "2 个代表团（小组）审议，提出意见 2 条") || !strings.Contains(sum, "柏坊镇代表团：王建国代表提出，建议加大农村公路养护投入") ||
				!strings.Contains(sum, "宜阳街道代表团：代表3代表提出，希望增加城区停车位") {
				t.Errorf("summary: %q", sum)
			}
			v, err := db.MeetingSession(ctx, fx.Staff, m.ID)
			if err != nil {
				t.Fatal(err)
			}
			if v.Session == nil || v.Registered != 2 || v.Attended != 5 || v.Leave != 1 || v.Absent != 1 || v.LeaveRequested != 1 || len(v.Sittings) != 2 ||
				v.Sittings[0].Quorum.Present != 5 || !v.Sittings[0].Quorum.Reached || !v.Sittings[1].Current {
				t.Errorf("session view: %+v", v)
			}
			if _, err := db.MeetingSession(ctx, fx.Staff, sc.ID); renda.ErrorCode(err) != renda.ENOTFOUND {
				t.Errorf("session view of a standing committee meeting: %v", err)
			}
			if _, err := db.MeetingSession(ctx, fx.UnitUser, m.ID); renda.ErrorCode(err) != renda.ENOTFOUND {
				t.Errorf("an outsider sees the session: %v", err)
			}

			m = act(fx.Staff, "close", nil)
			kinds := func(dep *renda.Deputy) map[string]int {
				t.Helper()
				rec, err := db.DutyRecord(ctx, fx.Staff, dep.ID, 0)
				if err != nil {
					t.Fatal(err)
				}
				out := map[string]int{}
				for _, e := range rec.Entries {
					if e.Kind == "meeting" && (e.Source.Entity != "session" || e.Source.ID != fx.Session.ID) {
						t.Errorf("%s: attendance not linked to the session: %+v", dep.Name, e)
					}
					out[e.Kind]++
				}
				return out
			}
			for i, want := range []map[string]int{
				{"meeting": 1}, {"meeting": 1}, {"meeting": 1}, {"meeting": 1}, {"meeting": 1}, {"absence": 1}, {"leave": 1},
			} {
				got := kinds(deps[i])
				delete(got, "vote")
				if fmt.Sprint(got) != fmt.Sprint(want) {
					t.Errorf("%s's record: %v, want %v", deps[i].Name, got, want)
				}
			}
		})
	}
}

// TestArt62Alert: 代表法 art. 62 — the absences without leave computed from
// the sessions alert staff once, at a deputy's second: not at the first,
// not for absences with leave, not again at the third; a hand-entered
// absence counts, but only for sessions before renda held one. Both
// databases.
func TestArt62Alert(t *testing.T) {
	for _, d := range storetest.Dialects(t) {
		t.Run(d.String(), func(t *testing.T) {
			ctx := context.Background()
			clock := renda.NewTestClock(time.Date(2024, 1, 8, 9, 0, 0, 0, renda.CST))
			db := storetest.Open(t, d, clock)
			fx := storetest.Fixture(t, db)
			deps, users := sessionFixture(t, db, fx)
			root := &renda.User{ID: "system", Username: "system", Role: renda.RoleAdmin}
			alerts := func() map[string]int {
				t.Helper()
				ns, _, _, err := db.Notifications(ctx, fx.Staff.ID, 500, 0)
				if err != nil {
					t.Fatal(err)
				}
				out := map[string]int{}
				for _, n := range ns {
					if name, ok := strings.CutPrefix(n.Title, "代表两次未经批准不出席人代会："); ok {
						out[name]++
					}
				}
				return out
			}
			// One session: deps[0] and deps[1] attend, deps[2] is on leave, the rest absent without leave.
			session := func(number int, day renda.Date, attend []int, leave int) {
				t.Helper()
				clock.Set(day.Start().Add(8 * time.Hour))
				s := fx.Session
				if number != s.Number {
					s = &renda.Session{TermID: fx.Term.ID, Number: number, StartDate: day, EndDate: day.AddDays(2)}
					if err := db.SaveSession(ctx, root, s); err != nil {
						t.Fatal(err)
					}
				}
				m, err := db.CreateMeeting(ctx, fx.Staff, "", renda.Values{"kind": {"congress"}, "session": {s.ID}, "title": {fmt.Sprintf("第%d次会议", number)},
					"date": {day.String()}})
				if err != nil {
					t.Fatal(err)
				}
				for _, step := range []struct {
					u      *renda.User
					action string
					in     renda.Values
				}{
					{fx.Staff, "add_item", renda.V("title", "政府工作报告", "kind", "report")},
					{fx.Staff, "notify", nil},
					{users[leave], "request_leave", renda.V("reason", "出国访问")},
					{fx.Staff, "approve_leave", renda.V("member", deps[leave].ID)},
					{fx.Staff, "open", nil},
				} {
					if _, err := db.ActOnMeeting(ctx, step.u, m.ID, step.action, step.in); err != nil {
						t.Fatalf("%s: %v", step.action, err)
					}
				}
				for _, i := range attend {
					if _, err := db.ActOnMeeting(ctx, users[i], m.ID, "register", nil); err != nil {
						t.Fatal(err)
					}
				}
				if _, err := db.ActOnMeeting(ctx, fx.Staff, m.ID, "close", nil); err != nil {
					t.Fatal(err)
				}
			}
			// Before renda: staff enter deps[4]'s absence from an earlier session (marked as theirs).
			if _, err := db.AddDutyEntry(ctx, fx.Staff, deps[4].ID, record.Addition{Kind: "absence", Title: "未经批准未出席十八届三次会议",
				Date: renda.NewDate(2023, 2, 14), Evidence: "大会签到册"}); err != nil {
				t.Fatal(err)
			}
			if n := alerts(); len(n) != 0 {
				t.Fatalf("alert at the first absence: %v", n)
			}
			session(4, renda.NewDate(2024, 1, 9), []int{0, 1, 6}, 2)
			// deps[4]: the hand-entered one and this one — alerted; deps[3], deps[5]: first absence — not yet.
			if n := alerts(); len(n) != 1 || n[deps[4].Name] != 1 {
				t.Fatalf("after the first session in renda: %v, want only %s once", n, deps[4].Name)
			}
			// From then on absences are computed, not typed.
			if _, err := db.AddDutyEntry(ctx, fx.Staff, deps[3].ID, record.Addition{Kind: "absence", Title: "未出席", Date: renda.NewDate(2024, 6, 1),
				Evidence: "签到册"}); renda.ErrorCode(err) != renda.EINVALID {
				t.Fatalf("a hand-entered absence after renda held a session: %v", err)
			}
			if _, err := db.AddDutyEntry(ctx, fx.Staff, deps[3].ID, record.Addition{Kind: "leave", Title: "请假", Date: renda.NewDate(2024, 1, 9),
				Evidence: "请假条"}); renda.ErrorCode(err) != renda.EINVALID {
				t.Fatalf("a hand-entered leave on the day of renda's session: %v", err)
			}
			// The second session: deps[3] absent again (alerted); deps[2] on leave twice (never);
			// deps[5] attends; deps[4] absent a third time (no second alert).
			session(5, renda.NewDate(2025, 2, 18), []int{0, 1, 5, 6}, 2)
			n := alerts()
			if len(n) != 2 || n[deps[4].Name] != 1 || n[deps[3].Name] != 1 {
				t.Fatalf("after the second session: %v, want %s and %s once each", n, deps[3].Name, deps[4].Name)
			}
			rec, err := db.DutyRecord(ctx, fx.Staff, deps[4].ID, 0)
			if err != nil {
				t.Fatal(err)
			}
			var computed, typed int
			for _, e := range rec.Entries {
				if e.Kind == "absence" {
					switch e.Source.Entity {
					case "meeting":
						computed++
					case "external":
						typed++
					}
				}
			}
			if computed != 2 || typed != 1 {
				t.Errorf("%s: %d absences computed, %d entered by staff", deps[4].Name, computed, typed)
			}
		})
	}
}
