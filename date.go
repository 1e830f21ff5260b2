package renda

import (
	"encoding/json"
	"fmt"
	"time"
)

// Date is a calendar day in China Standard Time, without a time of day.
// The zero Date is "no date".
type Date struct {
	Year  int
	Month time.Month
	Day   int
}

// DateOf returns the day t falls on in China Standard Time.
func DateOf(t time.Time) Date {
	y, m, d := t.In(CST).Date()
	return Date{y, m, d}
}

// NewDate returns the given day, normalised (2024-02-30 becomes 2024-03-01).
func NewDate(y int, m time.Month, d int) Date {
	return DateOf(time.Date(y, m, d, 12, 0, 0, 0, CST))
}

// ParseDate parses "2006-01-02". An empty string gives the zero Date.
func ParseDate(s string) (Date, error) {
	if s == "" {
		return Date{}, nil
	}
	t, err := time.ParseInLocation("2006-01-02", s, CST)
	if err != nil {
		return Date{}, fmt.Errorf("日期格式应为 年-月-日，例如 2024-03-01")
	}
	return DateOf(t), nil
}

// IsZero reports whether d is the zero Date.
func (d Date) IsZero() bool { return d.Year == 0 }

// String formats d as 2006-01-02, or "" for the zero Date.
func (d Date) String() string {
	if d.IsZero() {
		return ""
	}
	return fmt.Sprintf("%04d-%02d-%02d", d.Year, d.Month, d.Day)
}

// Chinese formats d as 2024年3月1日.
func (d Date) Chinese() string {
	if d.IsZero() {
		return ""
	}
	return fmt.Sprintf("%d年%d月%d日", d.Year, d.Month, d.Day)
}

// Start returns the first instant of d in China Standard Time.
func (d Date) Start() time.Time { return time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, CST) }

// End returns the first instant of the day after d: a deadline "on d" has
// passed once the time is at or after End.
func (d Date) End() time.Time { return d.AddDays(1).Start() }

// AddDays returns d plus n calendar days.
func (d Date) AddDays(n int) Date { return NewDate(d.Year, d.Month, d.Day+n) }

// AddMonths returns d plus n months, clamped to the last day of a shorter
// month (2024-01-31 + 1 month = 2024-02-29), as deadlines in months are read.
func (d Date) AddMonths(n int) Date {
	first := time.Date(d.Year, d.Month+time.Month(n), 1, 12, 0, 0, 0, CST)
	last := first.AddDate(0, 1, -1).Day()
	day := d.Day
	if day > last {
		day = last
	}
	return Date{first.Year(), first.Month(), day}
}

// Before reports whether d is before e.
func (d Date) Before(e Date) bool { return d.String() < e.String() }

// After reports whether d is after e.
func (d Date) After(e Date) bool { return e.Before(d) }

// DaysUntil returns the number of calendar days from d to e (negative if e is earlier).
func (d Date) DaysUntil(e Date) int {
	return int(e.Start().Sub(d.Start()).Round(24*time.Hour) / (24 * time.Hour))
}

// Weekday returns the day of the week of d.
func (d Date) Weekday() time.Weekday { return d.Start().Weekday() }

// WeekdayName returns the day of the week in Chinese: 星期一 … 星期日.
func (d Date) WeekdayName() string {
	return [...]string{"星期日", "星期一", "星期二", "星期三", "星期四", "星期五", "星期六"}[d.Weekday()]
}

// MarshalJSON writes "2006-01-02", or null for the zero Date.
func (d Date) MarshalJSON() ([]byte, error) {
	if d.IsZero() {
		return []byte("null"), nil
	}
	return json.Marshal(d.String())
}

// UnmarshalJSON reads "2006-01-02" or null.
func (d *Date) UnmarshalJSON(b []byte) error {
	if string(b) == "null" {
		*d = Date{}
		return nil
	}
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return fmt.Errorf("日期应为字符串，格式 年-月-日")
	}
	v, err := ParseDate(s)
	if err != nil {
		return err
	}
	*d = v
	return nil
}
