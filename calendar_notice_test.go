package renda

import "testing"

// Issue 9 point 31: a missing holiday notice is noticed from 1 November,
// and deadlines in a year without one are provisional.
func TestCalendarMissingNoticeAndProvisional(t *testing.T) {
	c := NewCalendar(ChinaHolidays()) // 2024–2026
	for today, want := range map[Date]int{
		NewDate(2026, 10, 31): 0,
		NewDate(2026, 11, 1):  2027,
		NewDate(2026, 12, 31): 2027,
		NewDate(2027, 1, 4):   2027,
		NewDate(2025, 11, 20): 0, // 2026 is entered
		NewDate(2024, 3, 1):   0,
	} {
		if got := c.MissingNotice(today); got != want {
			t.Errorf("MissingNotice(%s) = %d, want %d", today, got, want)
		}
	}
	if c.Provisional(NewDate(2026, 12, 31)) || !c.Provisional(NewDate(2027, 1, 5)) || c.Provisional(Date{}) {
		t.Error("Provisional wrong around the last entered year")
	}
	with2027 := NewCalendar(append(ChinaHolidays(), CalendarDay{Date: NewDate(2027, 1, 1), Kind: DayOff, Name: "元旦"}))
	if with2027.MissingNotice(NewDate(2026, 11, 2)) != 0 || with2027.Provisional(NewDate(2027, 3, 1)) {
		t.Error("2027 entered, still missing")
	}
	if NewCalendar(nil).MissingNotice(NewDate(2026, 11, 2)) != 0 || NewCalendar(nil).Provisional(NewDate(2027, 3, 1)) {
		t.Error("an empty calendar flags")
	}
}
