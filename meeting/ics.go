package meeting

import (
	"strings"
	"time"

	"renda"
	"renda/station"
)

// Event is one VEVENT of a calendar feed: a meeting or a reception day.
type Event struct {
	UID                            string
	Start, End                     time.Time
	Summary, Location, Description string
	URL                            string // absolute, or "" to leave it out
	Cancelled                      bool   // STATUS:CANCELLED, so subscribed calendars drop it
}

// MeetingEvent is a meeting as an event (three hours when its end is not set).
func MeetingEvent(m *Meeting, base string) Event {
	end := m.EndsAt
	if end.IsZero() || !end.After(m.StartsAt) {
		end = m.StartsAt.Add(3 * time.Hour)
	}
	e := Event{UID: "meeting-" + m.ID + "@renda", Start: m.StartsAt, End: end, Summary: m.Title, Location: m.Place,
		Description: m.KindLabel() + "，" + m.StateLabel()}
	if base != "" {
		e.URL = base + "/meetings/" + m.ID
	}
	return e
}

// DutyEvent is a station's reception day (接待日) as an event: its hours on
// its day, the station as the place, the deputies who receive in the
// description; a cancelled day stays in the feed marked cancelled.
func DutyEvent(d *station.Duty, base string) Event {
	at := func(hm string) time.Time {
		t, err := time.Parse("15:04", hm)
		if err != nil {
			return d.Day.Start()
		}
		return d.Day.Start().Add(time.Duration(t.Hour())*time.Hour + time.Duration(t.Minute())*time.Minute)
	}
	start, end := at(d.Start), at(d.End)
	if !end.After(start) {
		end = start.Add(2 * time.Hour)
	}
	summary := "代表接待日：" + d.StationName
	if d.Topic != "" {
		summary += "（" + d.Topic + "）"
	}
	e := Event{UID: "duty-" + d.ID + "@renda", Start: start, End: end, Summary: summary, Location: d.StationName,
		Description: "接待代表：" + strings.Join(d.Deputies, "、"), Cancelled: d.Status == station.DutyCancelled}
	if base != "" && d.StationCode != "" {
		e.URL = base + "/s/" + d.StationCode
	}
	return e
}

// Feed writes a calendar of meetings and reception days (RFC 5545): one
// VEVENT each, lines folded at 75 octets, text escaped. base is the site's
// address for the events' links ("" to leave them out).
func Feed(name, base string, ms []*Meeting, duties []*station.Duty, now time.Time) string {
	events := make([]Event, 0, len(ms)+len(duties))
	for _, m := range ms {
		events = append(events, MeetingEvent(m, base))
	}
	for _, d := range duties {
		events = append(events, DutyEvent(d, base))
	}
	return ICSOf(name, events, now)
}

// ICS writes meetings alone as an iCalendar feed.
func ICS(name, base string, ms []*Meeting, now time.Time) string {
	return Feed(name, base, ms, nil, now)
}

// TZID is the time zone the feeds' events are written in, China Standard
// Time: a VTIMEZONE in every feed defines it (UTC+8, no daylight saving since
// 1991), so a calendar shows a meeting at 09:00 Beijing time wherever it is
// read, and a feed without events is still a valid calendar (RFC 5545 wants
// at least one component).
const TZID = "Asia/Shanghai"

// ICSOf writes events as an iCalendar stream.
func ICSOf(name string, events []Event, now time.Time) string {
	var b strings.Builder
	line := func(s string) {
		for len(s) > 75 {
			cut := 75
			for cut > 0 && !utf8Start(s[cut]) {
				cut--
			}
			b.WriteString(s[:cut] + "\r\n")
			s = " " + s[cut:]
		}
		b.WriteString(s + "\r\n")
	}
	stamp := func(t time.Time) string { return t.UTC().Format("20060102T150405Z") }
	local := func(t time.Time) string { return ";TZID=" + TZID + ":" + t.In(renda.CST).Format("20060102T150405") }
	line("BEGIN:VCALENDAR")
	line("VERSION:2.0")
	line("PRODID:-//renda//meetings//ZH")
	line("CALSCALE:GREGORIAN")
	line("X-WR-CALNAME:" + icsText(name))
	line("X-WR-TIMEZONE:" + TZID)
	line("BEGIN:VTIMEZONE")
	line("TZID:" + TZID)
	line("BEGIN:STANDARD")
	line("DTSTART:19700101T000000")
	line("TZOFFSETFROM:+0800")
	line("TZOFFSETTO:+0800")
	line("TZNAME:CST")
	line("END:STANDARD")
	line("END:VTIMEZONE")
	for _, e := range events {
		line("BEGIN:VEVENT")
		line("UID:" + e.UID)
		line("DTSTAMP:" + stamp(now))
		line("DTSTART" + local(e.Start))
		line("DTEND" + local(e.End))
		line("SUMMARY:" + icsText(e.Summary))
		if e.Location != "" {
			line("LOCATION:" + icsText(e.Location))
		}
		if e.Description != "" {
			line("DESCRIPTION:" + icsText(e.Description))
		}
		if e.Cancelled {
			line("STATUS:CANCELLED")
		}
		if e.URL != "" {
			line("URL:" + e.URL)
		}
		line("END:VEVENT")
	}
	line("END:VCALENDAR")
	return b.String()
}

func utf8Start(c byte) bool { return c&0xC0 != 0x80 }

func icsText(s string) string {
	return strings.NewReplacer(`\`, `\\`, ";", `\;`, ",", `\,`, "\r\n", `\n`, "\n", `\n`, "\r", "").Replace(s)
}
