package meeting

import (
	"strings"
	"time"
)

// ICS writes meetings as an iCalendar feed (RFC 5545): one VEVENT each,
// lines folded at 75 octets, text escaped. base is the site's address for
// the events' links ("" to leave them out).
func ICS(name, base string, ms []*Meeting, now time.Time) string {
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
	line("BEGIN:VCALENDAR")
	line("VERSION:2.0")
	line("PRODID:-//renda//meetings//ZH")
	line("CALSCALE:GREGORIAN")
	line("X-WR-CALNAME:" + icsText(name))
	for _, m := range ms {
		end := m.EndsAt
		if end.IsZero() || !end.After(m.StartsAt) {
			end = m.StartsAt.Add(3 * time.Hour)
		}
		line("BEGIN:VEVENT")
		line("UID:meeting-" + m.ID + "@renda")
		line("DTSTAMP:" + stamp(now))
		line("DTSTART:" + stamp(m.StartsAt))
		line("DTEND:" + stamp(end))
		line("SUMMARY:" + icsText(m.Title))
		if m.Place != "" {
			line("LOCATION:" + icsText(m.Place))
		}
		line("DESCRIPTION:" + icsText(m.KindLabel()+"，"+m.StateLabel()))
		if base != "" {
			line("URL:" + base + "/meetings/" + m.ID)
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
