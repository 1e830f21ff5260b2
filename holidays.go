package renda

import "time"

// holidayNotices are the State Council's yearly notices on public holidays
// (国务院办公厅关于部分节假日安排的通知) for the years the demo covers. They seed
// the calendar setting; staff edit it when the next notice comes out.
var holidayNotices = []struct {
	name      string
	off, work []string // "MM-DD" days off; weekend days worked (调休上班)
	year      int
}{
	// 国办发明电〔2023〕7号
	{"元旦", []string{"01-01"}, nil, 2024},
	{"春节", span("02-10", 8), []string{"02-04", "02-18"}, 2024},
	{"清明节", span("04-04", 3), []string{"04-07"}, 2024},
	{"劳动节", span("05-01", 5), []string{"04-28", "05-11"}, 2024},
	{"端午节", []string{"06-10"}, nil, 2024},
	{"中秋节", span("09-15", 3), []string{"09-14"}, 2024},
	{"国庆节", span("10-01", 7), []string{"09-29", "10-12"}, 2024},
	// 国办发明电〔2024〕12号
	{"元旦", []string{"01-01"}, nil, 2025},
	{"春节", span("01-28", 8), []string{"01-26", "02-08"}, 2025},
	{"清明节", span("04-04", 3), nil, 2025},
	{"劳动节", span("05-01", 5), []string{"04-27"}, 2025},
	{"端午节", span("05-31", 3), nil, 2025},
	{"国庆节、中秋节", span("10-01", 8), []string{"09-28", "10-11"}, 2025},
	// 2025年11月4日 国务院办公厅关于2026年部分节假日安排的通知
	{"元旦", span("01-01", 3), []string{"01-04"}, 2026},
	{"春节", span("02-15", 9), []string{"02-14", "02-28"}, 2026},
	{"清明节", span("04-04", 3), nil, 2026},
	{"劳动节", span("05-01", 5), []string{"05-09"}, 2026},
	{"端午节", span("06-19", 3), nil, 2026},
	{"中秋节", span("09-25", 3), nil, 2026},
	{"国庆节", span("10-01", 7), []string{"09-20", "10-10"}, 2026},
}

// span returns n consecutive "MM-DD" days from start (within one year).
func span(start string, n int) []string {
	t, _ := time.Parse("01-02", start)
	out := make([]string, n)
	for i := range out {
		out[i] = t.AddDate(0, 0, i).Format("01-02")
	}
	return out
}

// ChinaHolidays returns the public holidays and make-up working days of
// 2024–2026 as published by the State Council.
func ChinaHolidays() []CalendarDay {
	var days []CalendarDay
	for _, n := range holidayNotices {
		for _, md := range n.off {
			d, _ := ParseDate(itoa(n.year) + "-" + md)
			days = append(days, CalendarDay{Date: d, Kind: DayOff, Name: n.name})
		}
		for _, md := range n.work {
			d, _ := ParseDate(itoa(n.year) + "-" + md)
			days = append(days, CalendarDay{Date: d, Kind: DayWork, Name: n.name + "调休上班"})
		}
	}
	return days
}
