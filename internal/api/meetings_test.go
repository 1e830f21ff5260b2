package api_test

import (
	"bufio"
	"bytes"
	"context"
	"slices"
	"sort"
	"strings"
	"testing"

	"renda"
	"renda/internal/apptest"
	"renda/internal/store"
)

// TestMeetingsAPI checks the fixed interfaces of issue 12 on the demo, on
// both databases: the lists' exact fields, the meeting's agenda, quorum and
// resolutions; the public sees only what is published; a member cannot
// check another in; the calendar feeds are well-formed iCalendar.
func TestMeetingsAPI(t *testing.T) {
	apptest.Each(t, apptest.Options{Demo: true}, func(t *testing.T, a *apptest.App) {
		var list struct {
			Items []map[string]any `json:"items"`
			Total int              `json:"total"`
		}
		a.Call("GET", "/api/v1/meetings?kind=standing", "", nil).JSON(t, &list)
		if list.Total != 1 || len(list.Items) != 1 {
			t.Fatalf("public standing meetings: %d", list.Total)
		}
		if got := keys(list.Items[0]); !slices.Equal(got, []string{"id", "kind", "starts_at", "status", "title"}) {
			t.Errorf("meeting list item fields %v", got)
		}
		if r := a.Call("GET", "/api/v1/meetings?kind=bogus", "", nil); r.Status != 422 {
			t.Errorf("bad kind: %d", r.Status)
		}
		id := list.Items[0]["id"].(string)
		var m struct {
			Agenda []struct {
				ID       string `json:"id"`
				Title    string `json:"title"`
				Children []any  `json:"children"`
			} `json:"agenda"`
			Quorum struct {
				Members, Present int
				Reached          bool
			} `json:"quorum"`
			Resolutions []struct {
				ID, Title string
				Tasks     []map[string]any `json:"tasks"`
			} `json:"resolutions"`
		}
		a.Call("GET", "/api/v1/meetings/"+id, "", nil).JSON(t, &m)
		if len(m.Agenda) == 0 || len(m.Agenda[0].Children) != 1 || m.Quorum.Members != 27 || m.Quorum.Present != 22 || !m.Quorum.Reached {
			t.Fatalf("meeting: %+v", m)
		}
		if len(m.Resolutions) != 1 || len(m.Resolutions[0].Tasks) != 2 || !slices.Equal(keys(m.Resolutions[0].Tasks[0]), []string{"body", "due", "id", "status"}) {
			t.Fatalf("resolutions: %+v", m.Resolutions)
		}
		// Appointments: the public see the published one with its oath.
		list.Items = nil
		a.Call("GET", "/api/v1/appointments", "", nil).JSON(t, &list)
		if list.Total != 1 || list.Items[0]["oath_at"] == nil || !slices.Equal(keys(list.Items[0]), []string{"id", "name", "oath_at", "post", "status"}) {
			t.Fatalf("public appointments: %+v", list)
		}
		staff := a.Token("staff")
		a.Call("GET", "/api/v1/appointments", staff, nil).JSON(t, &list)
		if list.Total != 3 {
			t.Errorf("staff see %d appointments, want 3 (the rejected one stays on record)", list.Total)
		}
		// The next meeting: hidden from the public; a member cannot check another in.
		list.Items = nil
		a.Call("GET", "/api/v1/meetings", staff, nil).JSON(t, &list)
		next := list.Items[0]["id"].(string)
		if r := a.Call("GET", "/api/v1/meetings/"+next, "", nil); r.Status != 404 {
			t.Fatalf("public opens the unpublished meeting: %d", r.Status)
		}
		if r := a.Call("POST", "/api/v1/meetings/"+next+"/actions/open", staff, map[string]any{}); r.Status != 200 {
			t.Fatalf("open: %d %s", r.Status, r.Body)
		}
		dep2 := a.Token("deputy2")
		r := a.Call("POST", "/api/v1/meetings/"+next+"/actions/checkin", dep2, map[string]any{"member": a.World.Deputy1.DeputyID})
		if r.Status != 403 || !strings.Contains(r.Header.Get("Content-Type"), "problem+json") {
			t.Fatalf("a member checks another in: %d %s", r.Status, r.Body)
		}
		a.Call("GET", "/api/v1/meetings/"+next, staff, nil).JSON(t, &m)
		if m.Quorum.Present != 0 {
			t.Fatalf("the refused check-in changed attendance: %+v", m.Quorum)
		}
		a.Call("POST", "/api/v1/meetings/"+next+"/actions/checkin", dep2, map[string]any{}).JSON(t, &m)
		if m.Quorum.Present != 1 || m.Quorum.Reached {
			t.Fatalf("after one check-in: %+v", m.Quorum)
		}
		// Calendar feeds.
		pub := a.Call("GET", "/calendar.ics", "", nil)
		if pub.Status != 200 || !strings.HasPrefix(pub.Header.Get("Content-Type"), "text/calendar") {
			t.Fatalf("/calendar.ics: %d %s", pub.Status, pub.Header.Get("Content-Type"))
		}
		// Reception days (接待日): every station's from a month ago on in the
		// public feed, a deputy's own in theirs, one station's with ?station=.
		ctx := context.Background()
		today := renda.DateOf(a.DB.Clock().Now())
		_, allDays, _ := a.DB.Duties(ctx, store.DutyFilter{From: today.AddDays(-30), Limit: 1})
		_, myDays, _ := a.DB.Duties(ctx, store.DutyFilter{DeputyID: a.World.Deputy1.DeputyID, From: today.AddDays(-90), Limit: 1})
		if allDays == 0 {
			t.Fatal("the demo has no reception days to put in the feed")
		}
		if n, days := checkICS(t, pub.Body), bytes.Count(pub.Body, []byte("UID:duty-")); n != 3+min(allDays, 500) || days != min(allDays, 500) {
			t.Errorf("public feed has %d events (%d reception days), want the three published meetings (with the sixth session) and %d reception days", n, days, allDays)
		}
		mine := a.Call("GET", "/api/v1/me/calendar.ics", a.Token("deputy"), nil)
		if mine.Status != 200 || !strings.HasPrefix(mine.Header.Get("Content-Type"), "text/calendar") {
			t.Fatalf("my calendar: %d", mine.Status)
		}
		if n := checkICS(t, mine.Body); n != 4+myDays {
			t.Errorf("a member's feed has %d events, want 4 meetings (with the sixth session) and their %d reception days", n, myDays)
		}
		ds, _, _ := a.DB.Duties(ctx, store.DutyFilter{From: today, Limit: 1})
		st, _ := a.DB.Station(ctx, ds[0].StationID)
		_, stDays, _ := a.DB.Duties(ctx, store.DutyFilter{StationID: st.ID, From: today.AddDays(-30), Limit: 1})
		one := a.Call("GET", "/calendar.ics?station="+st.Code, "", nil)
		if n := checkICS(t, one.Body); n != stDays || bytes.Contains(one.Body, []byte("UID:meeting-")) || !bytes.Contains(one.Body, []byte("URL:")) {
			t.Errorf("station %s's feed has %d events, want its %d reception days alone", st.Code, n, stDays)
		}
		if r := a.Call("GET", "/calendar.ics?station=nosuch", "", nil); r.Status != 404 {
			t.Errorf("unknown station's feed: %d", r.Status)
		}
	})
}

func keys(m map[string]any) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// checkICS parses an iCalendar stream strictly (RFC 5545 §3.1: CRLF lines
// of at most 75 octets, folded lines unfolded, name:value content lines,
// BEGIN/END nested; each VEVENT with UID, DTSTAMP, DTSTART and SUMMARY)
// and returns the number of events.
func checkICS(t *testing.T, b []byte) int {
	t.Helper()
	if !bytes.HasSuffix(b, []byte("\r\n")) || bytes.Contains(bytes.ReplaceAll(b, []byte("\r\n"), nil), []byte("\n")) {
		t.Fatal("ics: lines must end in CRLF")
	}
	var lines []string
	sc := bufio.NewScanner(bytes.NewReader(b))
	for sc.Scan() {
		l := strings.TrimSuffix(sc.Text(), "\r")
		if len(l) > 75 {
			t.Fatalf("ics: line longer than 75 octets: %q", l)
		}
		if strings.HasPrefix(l, " ") && len(lines) > 0 {
			lines[len(lines)-1] += l[1:]
			continue
		}
		lines = append(lines, l)
	}
	var stack []string
	events := 0
	props := map[string]bool{}
	for _, l := range lines {
		name, value, ok := strings.Cut(l, ":")
		if !ok || name == "" {
			t.Fatalf("ics: not a content line: %q", l)
		}
		name, _, _ = strings.Cut(name, ";") // DTSTART;TZID=Asia/Shanghai: the property's name before its parameters
		switch name {
		case "BEGIN":
			stack = append(stack, value)
			props = map[string]bool{}
		case "END":
			if len(stack) == 0 || stack[len(stack)-1] != value {
				t.Fatalf("ics: END:%s does not close %v", value, stack)
			}
			if value == "VEVENT" {
				for _, p := range []string{"UID", "DTSTAMP", "DTSTART", "SUMMARY"} {
					if !props[p] {
						t.Fatalf("ics: event without %s", p)
					}
				}
				events++
			}
			stack = stack[:len(stack)-1]
		default:
			props[name] = true
		}
	}
	if len(stack) != 0 || len(lines) < 2 || lines[0] != "BEGIN:VCALENDAR" {
		t.Fatalf("ics: unbalanced or not a calendar: %v", stack)
	}
	return events
}
