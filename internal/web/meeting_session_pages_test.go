package web_test

import (
	"context"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"renda/internal/apptest"
	"renda/meeting"
)

// TestMeetingSessionPages: the demo's 十八届六次会议 on the pages, both
// databases — staff see the counts, each linking to the roll it counts
// (data-total equal), the deputy absent twice without leave marked, and
// the art. 62 alert among their notices; a deputy sees their own
// registration and no roll; the session's actions appear on a session's
// page only; the public are sent to sign in.
func TestMeetingSessionPages(t *testing.T) {
	apptest.Each(t, apptest.Options{Demo: true}, func(t *testing.T, a *apptest.App) {
		ctx := context.Background()
		ms, _, err := a.DB.Meetings(ctx, a.World.Staff, meeting.Filter{Kind: meeting.Congress})
		if err != nil || len(ms) != 1 {
			t.Fatalf("%d sessions (%v)", len(ms), err)
		}
		id := ms[0].ID
		v, err := a.DB.MeetingSession(ctx, a.World.Staff, id)
		if err != nil {
			t.Fatal(err)
		}
		staff := a.Browser("staff")
		if body := string(staff.Get("/meetings/" + id).Body); !strings.Contains(body, `href="/meetings/`+id+`/session"`) {
			t.Error("the meeting's page does not link to its session page")
		}
		page := staff.Get("/meetings/" + id + "/session")
		body := string(page.Body)
		if page.Status != 200 || !strings.Contains(body, "第一次全体会议") || !strings.Contains(body, "补选常宁市人民代表大会常务委员会委员") || !strings.Contains(body, "两次未经批准缺席") {
			t.Fatalf("staff's session page: %d", page.Status)
		}
		total := regexp.MustCompile(`data-total="(\d+)"`)
		for presence, want := range map[string]int{"": v.Members, "registered": v.Registered, "attended": v.Attended, "leave": v.Leave, "absent": v.Absent, "requested": v.LeaveRequested} {
			href := "/meetings/" + id + "/session"
			if presence != "" {
				href = "?presence=" + presence
			}
			if !strings.Contains(body, `href="`+href+`#roll"`) {
				t.Errorf("no link to the %q roll", presence)
			}
			p := staff.Get("/meetings/" + id + "/session?presence=" + presence)
			m := total.FindStringSubmatch(string(p.Body))
			if m == nil || m[1] != itoa(want) {
				t.Errorf("roll %q: %v, the count says %d", presence, m, want)
			}
		}
		name := ""
		for _, row := range v.Roll {
			if row.Member.DeputyID == a.World.SessionAbsentee {
				name = row.Member.Name
			}
		}
		found := false
		for pg := 1; pg <= 100 && !found && name != ""; pg++ { // the alert is from February 2025, deep in the notices
			n := string(staff.Get("/notifications?page=" + itoa(pg)).Body)
			found = strings.Contains(n, "代表两次未经批准不出席人代会："+name)
			if !strings.Contains(n, "page="+itoa(pg+1)) {
				break
			}
		}
		if !found {
			t.Errorf("staff's notices lack the art. 62 alert for %q", name)
		}
		dep := a.Browser("deputy")
		mine := string(dep.Get("/meetings/" + id + "/session").Body)
		if !strings.Contains(mine, "您已报到") || strings.Contains(mine, `id="roll"`) {
			t.Error("a deputy's session page: own registration missing or the roll shown")
		}
		if r := a.Browser("").Get("/meetings/" + id + "/session"); r.Status == 200 {
			t.Errorf("the public open the session page: %d", r.Status)
		}
		// A standing committee meeting offers none of the session's actions.
		all, _, _ := a.DB.Meetings(ctx, a.World.Staff, meeting.Filter{Kind: meeting.Standing})
		if b := string(staff.Get("/meetings/" + all[0].ID).Body); strings.Contains(b, `/register"`) || strings.Contains(b, `/open_sitting"`) {
			t.Error("a standing committee meeting offers registration or sittings")
		}
		if r := staff.Post("/meetings/"+all[0].ID+"/register", url.Values{"member": {a.World.Deputy1.DeputyID}}); r.Status != 409 {
			t.Errorf("registration at a standing committee meeting: %d", r.Status)
		}
	})
}
