package store_test

import (
	"context"
	"fmt"
	"testing"

	"renda"
	"renda/appointment"
	"renda/internal/store"
	"renda/internal/storetest"
	"renda/meeting"
	"renda/vote"
)

// TestMeetingWorkflow walks a standing committee meeting of six members on
// both databases: a member cannot check another in; no vote below quorum
// (three of six) and one at quorum (four); an appointment voted at the
// boundary of more than half of ALL members (three yes of six fails, four
// passes) and the rejected nominee kept on record; the oath; a resolution's
// task reminded once; the public sees only what is published.
func TestMeetingWorkflow(t *testing.T) {
	for _, d := range storetest.Dialects(t) {
		t.Run(d.String(), func(t *testing.T) {
			ctx := context.Background()
			clock := renda.NewTestClock(at(2026, 10, 12))
			db := storetest.Open(t, d, clock)
			fx := storetest.Fixture(t, db)
			root := &renda.User{ID: "system", Username: "system", Role: renda.RoleAdmin}
			deps := []*renda.Deputy{fx.Deputy1, fx.Deputy2}
			users := []*renda.User{fx.DeputyUser, fx.DeputyUser2}
			for i := 3; i <= 6; i++ {
				dp := &renda.Deputy{Name: fmt.Sprintf("委员%d", i), Gender: "男", Ethnicity: "汉族", Occupation: "常委会委员", Sector: "党政干部",
					CongressID: fx.Congress.ID, TermID: fx.Term.ID, DelegationID: fx.Delegation.ID, RegionID: fx.Town1.ID}
				if err := db.SaveDeputy(ctx, root, dp); err != nil {
					t.Fatal(err)
				}
				u, err := db.CreateUserHashed(ctx, nil, store.NewUser{Username: fmt.Sprintf("member%d", i), DisplayName: dp.Name, Role: renda.RoleDeputy, DeputyID: dp.ID}, "x")
				if err != nil {
					t.Fatal(err)
				}
				deps, users = append(deps, dp), append(users, u)
			}
			var ids []string
			for _, dp := range deps {
				ids = append(ids, dp.ID)
			}
			m, err := db.CreateMeeting(ctx, fx.Staff, fx.Congress.ID, renda.Values{"kind": {"standing"}, "title": {"第二十三次常委会会议"}, "number": {"23"},
				"date": {"2026-10-14"}, "time": {"09:30"}, "place": {"常委会会议室"}, "members": ids})
			if err != nil {
				t.Fatal(err)
			}
			if _, err := db.ActOnMeeting(ctx, fx.Staff, m.ID, "notify", nil); renda.ErrorCode(err) != renda.ECONFLICT {
				t.Fatalf("notice without an agenda: %v", err)
			}
			m, err = db.ActOnMeeting(ctx, fx.Staff, m.ID, "add_item", renda.V("title", "关于财政局工作评议的决议（草案）", "kind", "resolution", "reporter", "财经工委"))
			if err != nil {
				t.Fatal(err)
			}
			report := m.Items[0].ID
			noms := make([]*appointment.Appointment, 2)
			for i, name := range []string{"张三", "李四"} {
				a, err := db.CreateAppointment(ctx, fx.Staff, renda.V("name", name, "post", "市财政局局长", "nominator", "government", "exam_score", 85))
				if err != nil {
					t.Fatal(err)
				}
				if a, err = db.ActOnAppointment(ctx, fx.Staff, a.ID, "deliberate", renda.V("meeting", m.ID)); err != nil || a.State != appointment.Deliberation {
					t.Fatalf("deliberate: %v %v", a, err)
				}
				noms[i] = a
			}
			// A dismissal needs no exam; its agenda item says what is voted on.
			dis, err := db.CreateAppointment(ctx, fx.Staff, renda.V("name", "王五", "post", "市审计局局长", "kind", "dismiss", "nominator", "government"))
			if err != nil {
				t.Fatal(err)
			}
			if dis, err = db.ActOnAppointment(ctx, fx.Staff, dis.ID, "deliberate", renda.V("meeting", m.ID)); err != nil || dis.Subject() != "免去王五的市审计局局长职务" {
				t.Fatalf("dismissal: %v", err)
			}
			low, _ := db.CreateAppointment(ctx, fx.Staff, renda.V("name", "赵六", "post", "局长", "nominator", "government", "exam_score", 59))
			if _, err := db.ActOnAppointment(ctx, fx.Staff, low.ID, "deliberate", renda.V("meeting", m.ID)); renda.ErrorCode(err) != renda.ECONFLICT {
				t.Fatalf("deliberation below the pass mark: %v", err)
			}
			if _, err := db.ActOnMeeting(ctx, fx.Staff, m.ID, "notify", nil); err != nil {
				t.Fatal(err)
			}
			if _, err := db.ActOnMeeting(ctx, users[0], m.ID, "checkin", nil); renda.ErrorCode(err) != renda.ECONFLICT {
				t.Fatalf("check-in before the meeting opens: %v", err)
			}
			// A clerk sees nothing of an unpublished meeting.
			if _, err := db.Meeting(ctx, fx.UnitUser, m.ID); renda.ErrorCode(err) != renda.ENOTFOUND {
				t.Fatalf("outsider sees the meeting: %v", err)
			}
			if m, err = db.ActOnMeeting(ctx, fx.Staff, m.ID, "open", nil); err != nil {
				t.Fatal(err)
			}
			// A member may not check another in; nothing changes.
			if _, err := db.ActOnMeeting(ctx, users[1], m.ID, "checkin", renda.V("member", deps[0].ID)); renda.ErrorCode(err) != renda.EFORBIDDEN {
				t.Fatalf("a member checks another in: %v, want EFORBIDDEN", err)
			}
			if m, _ = db.Meeting(ctx, fx.Staff, m.ID); meeting.QuorumOf(m, nil).Present != 0 {
				t.Fatal("a refused check-in changed the attendance")
			}
			// Leave: the member asks, staff approve; not for someone off the roll.
			if _, err := db.ActOnMeeting(ctx, users[5], m.ID, "request_leave", renda.V("reason", "出差")); err != nil {
				t.Fatal(err)
			}
			if m, err = db.ActOnMeeting(ctx, fx.Staff, m.ID, "approve_leave", renda.V("member", deps[5].ID)); err != nil {
				t.Fatal(err)
			}
			approved := 0
			for _, p := range m.Members {
				if p.Leave == "approved" {
					approved++
				}
			}
			if approved != 1 {
				t.Fatalf("%d approved leaves", approved)
			}
			if m, err = db.ActOnMeeting(ctx, fx.Staff, m.ID, "current", renda.V("item", report)); err != nil || m.CurrentItem() == nil || m.CurrentItem().ID != report {
				t.Fatalf("current item: %v", err)
			}
			for i := 0; i < 3; i++ {
				if m, err = db.ActOnMeeting(ctx, users[i], m.ID, "checkin", nil); err != nil {
					t.Fatal(err)
				}
			}
			q := meeting.QuorumOf(m, nil)
			if q.Members != 6 || q.Present != 3 || q.Reached {
				t.Fatalf("three of six: %+v", q)
			}
			if _, err := db.ActOnMeeting(ctx, fx.Staff, m.ID, "vote_item", renda.V("item", report)); renda.ErrorCode(err) != renda.ECONFLICT {
				t.Fatalf("a vote opened without quorum: %v", err)
			}
			if m, err = db.ActOnMeeting(ctx, fx.Staff, m.ID, "checkin", renda.V("member", deps[3].ID)); err != nil {
				t.Fatal(err)
			}
			if q := meeting.QuorumOf(m, nil); !q.Reached || q.Present != 4 {
				t.Fatalf("four of six: %+v", q)
			}
			// Vote every item: yes counts per item.
			yes := map[string]int{report: 4}
			items := map[string]string{}
			for _, it := range m.Items {
				items[it.AppointmentID] = it.ID
			}
			yes[items[noms[0].ID]] = 3 // 3 of 6: not more than half of all members
			yes[items[noms[1].ID]] = 4
			for _, it := range m.Items {
				if m, err = db.ActOnMeeting(ctx, fx.Staff, m.ID, "vote_item", renda.V("item", it.ID)); err != nil {
					t.Fatal(err)
				}
				var voteID string
				for _, x := range m.Items {
					if x.ID == it.ID {
						voteID = x.VoteID
					}
				}
				for i := 0; i < 4; i++ {
					choice := vote.ChoiceNo
					if i < yes[it.ID] {
						choice = vote.ChoiceYes
					}
					if _, err := db.CastBallot(ctx, users[i], voteID, vote.Ballot{it.ID: choice}); err != nil {
						t.Fatal(err)
					}
				}
				if err := db.VoteAction(ctx, fx.Staff, voteID, "close", ""); err != nil {
					t.Fatal(err)
				}
			}
			a0, _ := db.Appointment(ctx, fx.Staff, noms[0].ID)
			a1, _ := db.Appointment(ctx, fx.Staff, noms[1].ID)
			if a0.State != appointment.Rejected || a1.State != appointment.Appointed {
				t.Fatalf("3 yes of 6 → %s, 4 yes of 6 → %s", a0.State, a1.State)
			}
			if _, err := db.ActOnAppointment(ctx, fx.Staff, a1.ID, "oath", renda.V("date", renda.NewDate(2026, 10, 14), "form", "individual", "witnesses", "常委会主任")); err != nil {
				t.Fatal(err)
			}
			if _, err := db.ActOnAppointment(ctx, fx.Staff, a1.ID, "publish", nil); err != nil {
				t.Fatal(err)
			}
			all, n, _ := db.Appointments(ctx, fx.Staff, appointment.Filter{})
			pub, pn, _ := db.Appointments(ctx, nil, appointment.Filter{})
			if n != 4 || pn != 1 || pub[0].ID != a1.ID || pub[0].OathAt == nil || len(all) != 4 {
				t.Fatalf("staff see %d, public %d (rejected stays on record for staff only)", n, pn)
			}
			// Resolution and task; reminded once, three working days before.
			m, err = db.ActOnMeeting(ctx, fx.Staff, m.ID, "resolve", renda.V("item", report, "title", "关于财政局工作评议意见的决议"))
			if err != nil {
				t.Fatal(err)
			}
			if _, err := db.ActOnMeeting(ctx, fx.Staff, m.ID, "resolve", renda.V("item", items[noms[0].ID], "title", "x")); renda.ErrorCode(err) != renda.ECONFLICT {
				t.Fatalf("a resolution on a rejected item: %v", err)
			}
			m, err = db.ActOnMeeting(ctx, fx.Staff, m.ID, "add_task", renda.V("resolution", m.Resolutions[0].ID, "org", fx.Unit1.ID,
				"body", "三个月内报告整改情况", "due", renda.NewDate(2026, 10, 23)))
			if err != nil {
				t.Fatal(err)
			}
			task := m.Resolutions[0].Tasks[0]
			if n, err := db.RemindMeetingTasks(ctx); err != nil || n != 0 {
				t.Fatalf("reminded 8 working days early: %d %v", n, err)
			}
			clock.Set(at(2026, 10, 20)) // Tuesday: the 23rd is 3 working days on
			for i, want := range []int{1, 0} {
				if n, err := db.RemindMeetingTasks(ctx); err != nil || n != want {
					t.Fatalf("sweep %d: %d reminders, want %d (%v)", i, n, want, err)
				}
			}
			if _, err := db.ActOnMeetingTask(ctx, fx.UnitUser2, task.ID, "report", renda.V("report", "x")); renda.ErrorCode(err) != renda.ENOTFOUND {
				t.Fatalf("another body reports: %v", err)
			}
			if tk, err := db.ActOnMeetingTask(ctx, fx.UnitUser, task.ID, "report", renda.V("report", "已整改")); err != nil || tk.State != meeting.TaskReported {
				t.Fatalf("report: %v %v", tk, err)
			}
			// The public sees the meeting's votes only once it is published.
			voteID := m.Items[0].VoteID
			if _, err := db.VoteFor(ctx, nil, voteID); renda.ErrorCode(err) != renda.ENOTFOUND {
				t.Fatalf("public opens a vote of an unpublished meeting: %v", err)
			}
			if _, err := db.VoteFor(ctx, users[5], voteID); err != nil {
				t.Fatalf("a member opens the meeting's vote: %v", err)
			}
			if _, n, _ := db.Votes(ctx, vote.Filter{Scoped: true}); n != 0 {
				t.Fatalf("public lists %d votes of an unpublished meeting", n)
			}
			if _, n, _ := db.Votes(ctx, vote.Filter{Scoped: true, Viewer: fx.Staff}); n != 4 {
				t.Fatalf("staff list %d votes, want 4", n)
			}
			checkAppointeeReview(t, db, fx, a0.ID, a1.ID, m.ID) // 述职评议 of the appointee
			// The public sees the meeting only once published.
			if _, n, _ := db.Meetings(ctx, nil, meeting.Filter{}); n != 0 {
				t.Fatalf("public sees %d unpublished meetings", n)
			}
			if _, err := db.Meeting(ctx, nil, m.ID); renda.ErrorCode(err) != renda.ENOTFOUND {
				t.Fatalf("public opens an unpublished meeting: %v", err)
			}
			for _, a := range []string{"close", "publish"} {
				if _, err := db.ActOnMeeting(ctx, fx.Staff, m.ID, a, nil); err != nil {
					t.Fatal(a, err)
				}
			}
			if ms, n, _ := db.Meetings(ctx, nil, meeting.Filter{Kind: "standing"}); n != 1 || ms[0].ID != m.ID {
				t.Fatalf("public sees %d published meetings", n)
			}
			if _, n, _ := db.Votes(ctx, vote.Filter{Scoped: true, Kind: meeting.VoteKind}); n != 4 {
				t.Fatalf("public lists %d votes of the published meeting, want 4", n)
			}
			if _, n, _ := db.Votes(ctx, vote.Filter{Scoped: true}); n != 5 {
				t.Fatalf("public lists %d votes, want the meeting's 4 and the published review's rating", n)
			}
		})
	}
}
