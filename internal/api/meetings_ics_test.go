package api_test

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"
	_ "time/tzdata" // Asia/Shanghai for the parser, wherever the test runs

	"github.com/emersion/go-ical"

	"renda/internal/apptest"
	"renda/meeting"
	"renda/station"
)

// TestCalendarFeedsParse reads the demo's public feed and a deputy's own
// with an independent iCalendar parser (emersion/go-ical), which also
// writes them back (its encoder refuses a calendar or event without the
// properties RFC 5545 requires), and finds in them every meeting and
// reception day the store puts there, each once, at its start time in
// Asia/Shanghai (a meeting at its hour, a reception day at its hours in
// China time), with its title; cancelled reception days are marked so.
func TestCalendarFeedsParse(t *testing.T) {
	apptest.Each(t, apptest.Options{Demo: true}, func(t *testing.T, a *apptest.App) {
		ctx := context.Background()
		dep := a.World.Users["deputy"]
		for _, c := range []struct {
			name, path, token string
			viewer            bool
		}{{"public", "/calendar.ics", "", false}, {"deputy's", "/api/v1/me/calendar.ics", a.Token("deputy"), true}} {
			r := a.Call("GET", c.path, c.token, nil)
			if r.Status != 200 || r.Header.Get("Content-Type") != "text/calendar; charset=utf-8" {
				t.Fatalf("%s feed: %d %s", c.name, r.Status, r.Header.Get("Content-Type"))
			}
			cal, err := ical.NewDecoder(bytes.NewReader(r.Body)).Decode()
			if err != nil {
				t.Fatalf("%s feed: go-ical cannot read it: %v", c.name, err)
			}
			if err := ical.NewEncoder(&bytes.Buffer{}).Encode(cal); err != nil {
				t.Fatalf("%s feed: go-ical finds it invalid: %v", c.name, err)
			}
			events := map[string]ical.Event{}
			for _, e := range cal.Events() {
				uid, err := e.Props.Text(ical.PropUID)
				if err != nil || uid == "" {
					t.Fatalf("%s feed: an event without UID", c.name)
				}
				if _, dup := events[uid]; dup {
					t.Errorf("%s feed: UID %s twice", c.name, uid)
				}
				events[uid] = e
			}
			viewer := dep
			if !c.viewer {
				viewer = nil
			}
			ms, duties, err := a.DB.CalendarFeed(ctx, viewer, "")
			if err != nil {
				t.Fatal(err)
			}
			if len(ms) == 0 || len(duties) == 0 || len(events) != len(ms)+len(duties) {
				t.Fatalf("%s feed: %d events for %d meetings and %d reception days", c.name, len(events), len(ms), len(duties))
			}
			check := func(uid, title string, start time.Time, cancelled bool) {
				t.Helper()
				e, ok := events[uid]
				if !ok {
					t.Errorf("%s feed: no event %s (%s)", c.name, uid, title)
					return
				}
				got, err := e.DateTimeStart(nil)
				if err != nil || !got.Equal(start) || got.Location().String() != "Asia/Shanghai" {
					t.Errorf("%s feed: %s starts %v (%v), want %v in Asia/Shanghai", c.name, title, got, err, start)
				}
				if end, err := e.DateTimeEnd(nil); err != nil || !end.After(got) {
					t.Errorf("%s feed: %s ends %v (%v), not after its start", c.name, title, end, err)
				}
				if s, _ := e.Props.Text(ical.PropSummary); !strings.Contains(s, title) {
					t.Errorf("%s feed: %s's summary %q", c.name, uid, s)
				}
				if st, err := e.Status(); cancelled != (err == nil && st == ical.EventCancelled) {
					t.Errorf("%s feed: %s status %q (%v), cancelled %v", c.name, title, st, err, cancelled)
				}
			}
			for _, m := range ms {
				check("meeting-"+m.ID+"@renda", m.Title, m.StartsAt, false)
			}
			beijing := time.FixedZone("UTC+8", 8*3600)
			for _, d := range duties {
				hm, err := time.Parse("15:04", d.Start)
				if err != nil {
					t.Fatalf("reception day %s starts at %q", d.ID, d.Start)
				}
				start := time.Date(d.Day.Year, d.Day.Month, d.Day.Day, hm.Hour(), hm.Minute(), 0, 0, beijing)
				check("duty-"+d.ID+"@renda", d.StationName, start, d.Status == station.DutyCancelled)
			}
			// A meeting as people know it: the 常委会会议 at 09:00 Beijing time.
			var standing *meeting.Meeting
			for _, m := range ms {
				if m.Kind == meeting.Standing {
					standing = m
				}
			}
			if standing == nil {
				t.Fatalf("%s feed: no standing committee meeting", c.name)
			}
			se := events["meeting-"+standing.ID+"@renda"]
			if got, _ := se.DateTimeStart(nil); got.Format("15:04") != standing.StartsAt.In(beijing).Format("15:04") {
				t.Errorf("%s feed: %s at %s, want %s Beijing time", c.name, standing.Title, got.Format("15:04"), standing.StartsAt.In(beijing).Format("15:04"))
			}
		}
	})
}
