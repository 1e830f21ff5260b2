package renda

import "time"

// DayKind says what kind of day a calendar entry declares.
type DayKind string

const (
	// DayOff is a public holiday (法定节假日 or a day of 调休 rest).
	DayOff DayKind = "off"
	// DayWork is a weekend day made a working day (调休上班).
	DayWork DayKind = "work"
)

// CalendarDay is one entry of the working-day calendar, as published in the
// State Council's yearly holiday notice.
type CalendarDay struct {
	Date Date    `json:"date"`
	Kind DayKind `json:"kind"`
	Name string  `json:"name"`
}

// Calendar knows which days are working days: Monday to Friday, except
// public holidays, plus the weekend days declared working days.
// Every deadline in renda that counts working days goes through it.
type Calendar struct {
	days map[Date]CalendarDay
}

// NewCalendar builds a calendar from its exceptions to the normal week.
func NewCalendar(days []CalendarDay) *Calendar {
	c := &Calendar{days: make(map[Date]CalendarDay, len(days))}
	for _, d := range days {
		c.days[d.Date] = d
	}
	return c
}

// IsWorkingDay reports whether d is a working day.
func (c *Calendar) IsWorkingDay(d Date) bool {
	if c != nil {
		if e, ok := c.days[d]; ok {
			return e.Kind == DayWork
		}
	}
	wd := d.Weekday()
	return wd != time.Saturday && wd != time.Sunday
}

// AddWorkingDays returns the n-th working day after d (n > 0). Counting
// starts on the day after d, as "within 20 working days of the reply".
func (c *Calendar) AddWorkingDays(d Date, n int) Date {
	for n > 0 {
		d = d.AddDays(1)
		if c.IsWorkingDay(d) {
			n--
		}
	}
	return d
}

// WorkingDaysBetween counts the working days after from up to and including to.
func (c *Calendar) WorkingDaysBetween(from, to Date) int {
	n := 0
	for d := from.AddDays(1); !d.After(to); d = d.AddDays(1) {
		if c.IsWorkingDay(d) {
			n++
		}
	}
	return n
}

// Period is a length of time in a deadline rule, in one unit.
type Period struct {
	N    int    `json:"n"`
	Unit string `json:"unit"` // "days", "working_days" or "months"
}

// Period units.
const (
	UnitDays        = "days"
	UnitWorkingDays = "working_days"
	UnitMonths      = "months"
)

// Due returns the last day of a period that starts on from: the deadline.
// Deadlines in days and months are calendar-based (a 3-month period from
// 2024-03-15 ends on 2024-06-15); working days skip holidays and weekends.
func (c *Calendar) Due(from Date, p Period) Date {
	switch p.Unit {
	case UnitWorkingDays:
		return c.AddWorkingDays(from, p.N)
	case UnitMonths:
		return from.AddMonths(p.N)
	default:
		return from.AddDays(p.N)
	}
}

// Label describes a period in Chinese, e.g. "3个月", "20个工作日".
func (p Period) Label() string {
	switch p.Unit {
	case UnitWorkingDays:
		return itoa(p.N) + "个工作日"
	case UnitMonths:
		return itoa(p.N) + "个月"
	default:
		return itoa(p.N) + "天"
	}
}

func itoa(n int) string {
	if n == 0 {
		return "0"
	}
	neg := n < 0
	if neg {
		n = -n
	}
	var b [20]byte
	i := len(b)
	for n > 0 {
		i--
		b[i] = byte('0' + n%10)
		n /= 10
	}
	if neg {
		i--
		b[i] = '-'
	}
	return string(b[i:])
}

// Covers reports whether the calendar holds the State Council's notice for
// year: any holiday or make-up working day entered in it.
func (c *Calendar) Covers(year int) bool {
	if c == nil {
		return false
	}
	for d := range c.days {
		if d.Year == year {
			return true
		}
	}
	return false
}

// lastYear is the latest year with an entry (0 for an empty calendar).
func (c *Calendar) lastYear() int {
	last := 0
	if c != nil {
		for d := range c.days {
			last = max(last, d.Year)
		}
	}
	return last
}

// Provisional reports whether a deadline on d is provisional: d falls in a
// year after the last one whose holiday notice was entered, so its working
// days are counted as plain Monday-to-Friday weeks and may move once the
// notice is entered. An empty calendar (nothing ever entered) marks nothing.
func (c *Calendar) Provisional(d Date) bool {
	last := c.lastYear()
	return !d.IsZero() && last > 0 && d.Year > last
}

// MissingNotice returns the year whose State Council holiday notice should
// be entered now and is not: the next year from 1 November (the notice
// usually comes out in November), or the current year while it is still
// missing. It returns 0 when nothing is missing or the calendar is empty.
func (c *Calendar) MissingNotice(today Date) int {
	last := c.lastYear()
	if last == 0 {
		return 0
	}
	if today.Year > last {
		return last + 1
	}
	if today.Month >= time.November && !c.Covers(today.Year+1) {
		return today.Year + 1
	}
	return 0
}
