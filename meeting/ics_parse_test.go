package meeting

import (
	"bytes"
	"strings"
	"testing"
	"time"
	_ "time/tzdata" // Asia/Shanghai for the parser, wherever the test runs

	"github.com/emersion/go-ical"
)

// parseICS reads a feed with an independent parser (emersion/go-ical) and
// writes it back with the parser's encoder, which refuses a calendar
// without PRODID and VERSION, an empty one, and an event without exactly
// one UID and DTSTAMP.
func parseICS(t *testing.T, feed string) *ical.Calendar {
	t.Helper()
	for i, l := range strings.Split(strings.TrimSuffix(feed, "\r\n"), "\r\n") {
		if len(l) > 75 {
			t.Errorf("line %d is %d octets long (RFC 5545: fold at 75): %q", i+1, len(l), l)
		}
		if strings.ContainsAny(l, "\r\n") {
			t.Errorf("line %d ends in a bare CR or LF: %q", i+1, l)
		}
	}
	cal, err := ical.NewDecoder(strings.NewReader(feed)).Decode()
	if err != nil {
		t.Fatalf("go-ical cannot read the feed: %v\n%s", err, feed)
	}
	var buf bytes.Buffer
	if err := ical.NewEncoder(&buf).Encode(cal); err != nil {
		t.Fatalf("go-ical finds the feed invalid: %v\n%s", err, feed)
	}
	return cal
}

// TestICSParses: text with the characters RFC 5545 escapes (backslash,
// semicolon, comma, line breaks) and lines folded inside multi-byte
// characters come back whole from another parser; times are in
// Asia/Shanghai with its VTIMEZONE, DTSTAMP in UTC; and a feed with no
// events is still a calendar the parser accepts.
func TestICSParses(t *testing.T) {
	cst := time.FixedZone("UTC+8", 8*3600)
	start := time.Date(2026, 10, 8, 9, 0, 0, 0, cst)
	now := time.Date(2026, 10, 1, 2, 3, 4, 0, time.UTC)
	summary := `常宁市第十八届人民代表大会常务委员会第二十三次会议；议程：审议报告, 表决\决议` + strings.Repeat("，听取和审议市财政局关于预算执行情况的报告", 3)
	desc := "第一行\n第二行; with, commas\\and a backslash"
	ev := Event{UID: "meeting-01abc@renda", Start: start, End: start.Add(3 * time.Hour), Summary: summary, Location: "人大常委会机关二楼会议室",
		Description: desc, URL: "https://rd.example.gov.cn/meetings/01abc"}
	feed := ICSOf("常宁市人大常委会代表接待日和会议", []Event{ev}, now)
	cal := parseICS(t, feed)
	if !strings.Contains(feed, "\r\n ") {
		t.Fatal("the long summary was not folded: the test does not test folding")
	}
	if name, _ := cal.Props.Text("X-WR-CALNAME"); name != "常宁市人大常委会代表接待日和会议" {
		t.Errorf("calendar name %q", name)
	}
	var tz *ical.Component
	for _, c := range cal.Children {
		if c.Name == ical.CompTimezone {
			tz = c
		}
	}
	if tz == nil || tz.Props.Get(ical.PropTimezoneID).Value != TZID {
		t.Fatalf("no VTIMEZONE %s", TZID)
	}
	events := cal.Events()
	if len(events) != 1 {
		t.Fatalf("%d events", len(events))
	}
	e := events[0]
	for prop, want := range map[string]string{ical.PropUID: ev.UID, ical.PropSummary: summary, ical.PropLocation: ev.Location, ical.PropDescription: desc} {
		if got, err := e.Props.Text(prop); err != nil || got != want {
			t.Errorf("%s = %q (%v), want %q", prop, got, err, want)
		}
	}
	if u, err := e.Props.Get(ical.PropURL).URI(); err != nil || u.String() != ev.URL {
		t.Errorf("URL %v (%v), want %s", u, err, ev.URL)
	}
	got, err := e.DateTimeStart(nil)
	if err != nil || !got.Equal(start) || got.Location().String() != TZID || got.Hour() != 9 {
		t.Errorf("DTSTART %v (%v), want %v at 09:00 %s", got, err, start, TZID)
	}
	if p := e.Props.Get(ical.PropDateTimeStart); p.Params.Get(ical.ParamTimezoneID) != TZID {
		t.Errorf("DTSTART without TZID=%s: %+v", TZID, p)
	}
	if end, err := e.DateTimeEnd(nil); err != nil || !end.Equal(start.Add(3*time.Hour)) {
		t.Errorf("DTEND %v (%v)", end, err)
	}
	if stamp := e.Props.Get(ical.PropDateTimeStamp); stamp == nil || !strings.HasSuffix(stamp.Value, "Z") {
		t.Errorf("DTSTAMP is not in UTC: %+v", stamp)
	} else if got, err := stamp.DateTime(nil); err != nil || !got.Equal(now) {
		t.Errorf("DTSTAMP %v (%v), want %v", got, err, now)
	}

	// No events: still a calendar (with its time zone).
	empty := parseICS(t, ICSOf("空", nil, now))
	if len(empty.Events()) != 0 || len(empty.Children) == 0 {
		t.Errorf("empty feed: %d events, %d components", len(empty.Events()), len(empty.Children))
	}
}
