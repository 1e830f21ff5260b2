package web_test

import (
	"context"
	"net/url"
	"strings"
	"testing"

	"renda/appointment"
	"renda/internal/apptest"
	"renda/meeting"
)

// TestMeetingPages: the public see the published meeting and not the next
// one; a member opens the next meeting on their phone, checks in with one
// button once staff have opened it, and sees the quorum; staff see the
// roll; a clerk's home counts the body's follow-up tasks.
func TestMeetingPages(t *testing.T) {
	apptest.Each(t, apptest.Options{Demo: true}, func(t *testing.T, a *apptest.App) {
		ctx := context.Background()
		all, _, err := a.DB.Meetings(ctx, a.World.Staff, meeting.Filter{})
		if err != nil || len(all) != 4 { // three 常委会 and 主任会议 meetings and the sixth session
			t.Fatalf("%d meetings (%v)", len(all), err)
		}
		next, past := all[0], all[1]
		pub := a.Browser("")
		if r := pub.Get("/meetings"); r.Status != 200 || !strings.Contains(string(r.Body), past.Title) || strings.Contains(string(r.Body), next.Title) {
			t.Fatalf("public list: %d", r.Status)
		}
		if r := pub.Get("/meetings/" + next.ID); r.Status != 404 {
			t.Fatalf("public opens the next meeting: %d", r.Status)
		}
		if r := pub.Get("/meetings/" + past.ID); r.Status != 200 || !strings.Contains(string(r.Body), "关于市财政局工作评议意见的决议") {
			t.Fatalf("public published meeting: %d", r.Status)
		}
		staff := a.Browser("staff")
		staff.Get("/meetings/" + next.ID)
		if r := staff.Post("/meetings/"+next.ID+"/open", url.Values{}); r.Status != 303 {
			t.Fatalf("open: %d %s", r.Status, r.Body)
		}
		dep := a.Browser("deputy")
		page := dep.Get("/meetings/" + next.ID)
		if page.Status != 200 || !strings.Contains(string(page.Body), `action="/meetings/`+next.ID+`/checkin"`) {
			t.Fatalf("member's page: %d, check-in button missing", page.Status)
		}
		if r := dep.Post("/meetings/"+next.ID+"/checkin", url.Values{}); r.Status != 303 {
			t.Fatalf("check in: %d %s", r.Status, r.Body)
		}
		if body := string(dep.Get("/meetings/" + next.ID).Body); !strings.Contains(body, "您已签到") {
			t.Error("the member's page does not say they checked in")
		}
		// Checking in someone else is refused with a message, nothing changed.
		dep2 := a.Browser("deputy2")
		dep2.Get("/meetings/" + next.ID)
		if r := dep2.Post("/meetings/"+next.ID+"/checkin", url.Values{"member": {a.World.Deputy1.DeputyID}}); r.Status != 403 || !strings.Contains(string(r.Body), "只能为本人签到") {
			t.Fatalf("check in another: %d", r.Status)
		}
		m, _ := a.DB.Meeting(ctx, a.World.Staff, next.ID)
		if q := meeting.QuorumOf(m, nil); q.Present != 1 {
			t.Fatalf("present %d after one check-in and one refused", q.Present)
		}
		if r := staff.Get("/meetings/" + next.ID); !strings.Contains(string(r.Body), `id="roll"`) {
			t.Error("staff page without the roll")
		}
		if r := staff.Get("/meetings/" + past.ID + "/screen"); r.Status != 200 || !strings.Contains(string(r.Body), `id="current"`) || !strings.Contains(string(r.Body), "周海涛") {
			t.Errorf("hall screen: %d", r.Status)
		}
		if r := staff.Get("/meetings/" + past.ID + "/minutes"); r.Status != 200 || !strings.Contains(string(r.Body), "赞成 21 票") || !strings.Contains(string(r.Body), "请假") {
			t.Errorf("minutes: %d", r.Status)
		} else if body := string(r.Body); !strings.Contains(body, "建议将国有资产管理问题列入整改清单") {
			t.Error("minutes without the speeches noted by staff")
		} else if !strings.Contains(body, "记名表决") || !strings.Contains(body, "（无记名表决）") {
			t.Error("minutes do not tell the named vote (choices by name) from the secret ones")
		} else {
			// The named vote lists its voters by name; the secret votes none.
			var v *meeting.Item
			full, _ := a.DB.Meeting(ctx, a.World.Staff, past.ID)
			for _, it := range full.Items {
				if it.Kind == "resolution" {
					v = it
				}
			}
			if v == nil {
				t.Error("no draft resolution in the demo meeting")
			} else {
				bs, err := a.DB.NamedBallots(ctx, v.VoteID)
				if err != nil || len(bs) == 0 || !strings.Contains(body, bs[0].Name) {
					t.Errorf("minutes lack the named vote's voters: %v", err)
				}
			}
		}
		pubApps, _, _ := a.DB.Appointments(ctx, nil, appointment.Filter{})
		if r := staff.Get("/appointments/" + pubApps[0].ID + "/letter"); r.Status != 200 || !strings.Contains(string(r.Body), "任命你为常宁市财政局局长") {
			t.Errorf("letter of appointment: %d", r.Status)
		}
		if r := dep.Get("/meetings/" + past.ID + "/screen"); r.Status != 403 && r.Status != 404 {
			t.Errorf("a deputy opens the hall screen: %d", r.Status)
		}
		for _, p := range []string{"/meetings/new", "/appointments", "/appointments/new", "/meeting-tasks"} {
			if r := staff.Get(p); r.Status != 200 {
				t.Errorf("staff %s: %d", p, r.Status)
			}
		}
		// The body's clerk finds the resolution's tasks on their home and reports on the open one.
		clerk := a.Browser("unit-czj")
		if home := string(clerk.Get("/").Body); !strings.Contains(home, "决议决定督办事项") || !strings.Contains(home, `href="/meeting-tasks"`) {
			t.Error("the clerk's home does not show the follow-up tasks")
		}
		tasks, _ := a.DB.MeetingTasks(ctx, a.World.Users["unit-czj"], true)
		if len(tasks) != 1 {
			t.Fatalf("clerk's open tasks: %d", len(tasks))
		}
		clerk.Get("/meeting-tasks/" + tasks[0].ID)
		if r := clerk.Post("/meeting-tasks/"+tasks[0].ID+"/report", url.Values{"report": {"已书面报告整改情况"}}); r.Status != 303 {
			t.Fatalf("report: %d %s", r.Status, r.Body)
		}
		if r := a.Browser("unit").Get("/meeting-tasks/" + tasks[0].ID); r.Status != 404 {
			t.Errorf("another body's clerk opens the task: %d", r.Status)
		}
	})
}
