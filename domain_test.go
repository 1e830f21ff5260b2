package renda_test

import (
	"encoding/json"
	"sort"
	"testing"
	"time"

	"renda"
)

func TestCalendarWorkingDays(t *testing.T) {
	cal := renda.NewCalendar(renda.ChinaHolidays())
	d := func(s string) renda.Date {
		v, err := renda.ParseDate(s)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	cases := []struct {
		day  string
		want bool
	}{
		{"2024-02-09", true},  // Friday before 春节
		{"2024-02-12", false}, // Monday in 春节
		{"2024-02-18", true},  // Sunday made a working day (调休上班)
		{"2024-02-04", true},  // Sunday made a working day
		{"2024-10-07", false}, // 国庆节
		{"2024-10-12", true},  // Saturday 调休上班
		{"2025-01-26", true},  // Sunday 调休上班 before 春节 2025
		{"2025-10-08", false}, // 国庆节、中秋节 2025
		{"2026-02-23", false}, // Monday, last day of 春节 2026
		{"2026-02-28", true},  // Saturday 调休上班
		{"2026-11-28", false}, // an ordinary Saturday
		{"2026-11-27", true},  // an ordinary Friday
	}
	for _, c := range cases {
		if got := cal.IsWorkingDay(d(c.day)); got != c.want {
			t.Errorf("IsWorkingDay(%s) = %v, want %v", c.day, got, c.want)
		}
	}
	// 20 working days from 2024-09-20 (Fri): 9/23–27, 9/29 (调休), 9/30, 10/8–12 (10/12 调休), 10/14–18, 10/21–23.
	if got := cal.AddWorkingDays(d("2024-09-20"), 20); got != d("2024-10-23") {
		t.Errorf("20 working days after 2024-09-20 = %s, want 2024-10-23", got)
	}
	if got := cal.Due(d("2024-01-31"), renda.Period{N: 1, Unit: renda.UnitMonths}); got != d("2024-02-29") {
		t.Errorf("one month after 2024-01-31 = %s", got)
	}
	if got := cal.Due(d("2024-03-15"), renda.Period{N: 3, Unit: renda.UnitMonths}); got != d("2024-06-15") {
		t.Errorf("three months after 2024-03-15 = %s", got)
	}
	if got := cal.Due(d("2024-03-15"), renda.Period{N: 10, Unit: renda.UnitDays}); got != d("2024-03-25") {
		t.Errorf("ten days after 2024-03-15 = %s", got)
	}
	if n := cal.WorkingDaysBetween(d("2024-02-08"), d("2024-02-19")); n != 3 { // 02-09, 02-18, 02-19
		t.Errorf("working days 2024-02-08..19 = %d, want 3", n)
	}
}

func TestDates(t *testing.T) {
	instant := time.Date(2024, 3, 1, 16, 30, 0, 0, time.UTC) // 00:30 on 2 March in China
	if got := renda.DateOf(instant).String(); got != "2024-03-02" {
		t.Errorf("DateOf = %s", got)
	}
	if _, err := renda.ParseDate("2024-13-01"); err == nil {
		t.Error("month 13 accepted")
	}
	var d renda.Date
	if err := json.Unmarshal([]byte(`"2024-02-29"`), &d); err != nil || d.Chinese() != "2024年2月29日" {
		t.Errorf("json date: %v %s", err, d.Chinese())
	}
	if err := json.Unmarshal([]byte(`20240229`), &d); err == nil {
		t.Error("a number accepted as a date")
	}
	if renda.NewDate(2024, 1, 1).DaysUntil(renda.NewDate(2024, 3, 1)) != 60 {
		t.Error("DaysUntil across February of a leap year")
	}
}

func TestChineseNumber(t *testing.T) {
	for n, want := range map[int]string{1: "一", 4: "四", 10: "十", 14: "十四", 18: "十八", 20: "二十", 21: "二十一", 99: "九十九"} {
		if got := renda.ChineseNumber(n); got != want {
			t.Errorf("ChineseNumber(%d) = %s, want %s", n, got, want)
		}
	}
	s := renda.Session{TermNumber: 18, Number: 4}
	if s.ShortName() != "十八届四次会议" {
		t.Errorf("ShortName = %s", s.ShortName())
	}
}

func TestIDs(t *testing.T) {
	ids := make([]string, 2000)
	seen := map[string]bool{}
	for i := range ids {
		ids[i] = renda.NewID()
		if len(ids[i]) != 26 || !renda.ValidID(ids[i]) || seen[ids[i]] {
			t.Fatalf("bad or repeated id %q", ids[i])
		}
		seen[ids[i]] = true
	}
	if !sort.StringsAreSorted(ids) {
		t.Error("ids made one after another do not sort in order")
	}
	for _, bad := range []string{"", "short", "has space 0000000000", "../../etc/passwd00000", "王王王王王王王王王王王"} {
		if renda.ValidID(bad) {
			t.Errorf("ValidID(%q) = true", bad)
		}
	}
}

func TestPhones(t *testing.T) {
	cases := []struct{ in, norm, mask string }{
		{"138 1234 5678", "13812345678", "138****5678"},
		{"+86 13812345678", "13812345678", "138****5678"},
		{"１３８１２３４５６７８", "13812345678", "138****5678"},
		{"0734-7221234", "0734-7221234", "073*****1234"},
	}
	for _, c := range cases {
		n := renda.NormalizePhone(c.in)
		if n != c.norm || !renda.ValidPhone(n) {
			t.Errorf("NormalizePhone(%q) = %q (valid %v), want %q", c.in, n, renda.ValidPhone(n), c.norm)
		}
		if m := renda.MaskPhone(n); m != c.mask {
			t.Errorf("MaskPhone(%q) = %q, want %q", n, m, c.mask)
		}
	}
	for _, bad := range []string{"12345", "23812345678", "1381234567x", "0734-12"} {
		if renda.ValidPhone(renda.NormalizePhone(bad)) {
			t.Errorf("ValidPhone(%q) = true", bad)
		}
	}
	if renda.MaskName("欧阳修") != "欧**" || renda.MaskName("李") != "*" {
		t.Error("MaskName")
	}
}

func TestPasswordPolicy(t *testing.T) {
	for pw, ok := range map[string]bool{
		"short1":            false,
		"onlyletterslong":   false,
		"1234567890123":     false,
		"staff-2024-secret": false, // contains the username
		"password123":       false,
		"Password2024":      false, // common, whatever the case
		"1q2w3e4r5t":        false,
		"Qwertyuiop123":     false,
		"zaq12wsxcde3":      false,
		"ffats-2024-secret": false, // the username backwards
		"correct-horse-42":  true,
		"渡口村2024年新修的路abc":   true,
	} {
		err := renda.PasswordPolicy("staff", pw)
		if (err == nil) != ok {
			t.Errorf("PasswordPolicy(%q) = %v, want ok=%v", pw, err, ok)
		}
		if err != nil && renda.ErrorCode(err) != renda.EINVALID {
			t.Errorf("PasswordPolicy(%q) code %s", pw, renda.ErrorCode(err))
		}
	}
}

func TestWorkflowStep(t *testing.T) {
	w := &renda.Workflow{Entity: "test", States: []renda.StateDef{{State: "a", Label: "甲"}, {State: "b", Label: "乙"}},
		Rules: []renda.Rule{{Action: "go", Label: "前进", From: []string{"a"}, To: "b", Who: []string{"staff", "owner"}}}}
	if to, err := w.Step("a", "go", renda.Rel{"staff"}); err != nil || to != "b" {
		t.Errorf("allowed step: %s %v", to, err)
	}
	if _, err := w.Step("a", "go", renda.Rel{"deputy"}); renda.ErrorCode(err) != renda.EFORBIDDEN {
		t.Errorf("not entitled: %v", err)
	}
	if _, err := w.Step("b", "go", renda.Rel{"owner"}); renda.ErrorCode(err) != renda.ECONFLICT {
		t.Errorf("wrong state: %v", err)
	}
	if _, err := w.Step("a", "fly", renda.Rel{"staff"}); renda.ErrorCode(err) != renda.ENOTFOUND {
		t.Errorf("unknown action: %v", err)
	}
	if got := w.Available("a", renda.Rel{"owner"}); len(got) != 1 || got[0].Action != "go" {
		t.Errorf("Available = %v", got)
	}
}

func TestSettings(t *testing.T) {
	s := renda.NewSettings(nil)
	if s.Int("auth.max_failures") != 5 {
		t.Errorf("default = %d", s.Int("auth.max_failures"))
	}
	def, _ := renda.SettingByKey("auth.max_failures")
	for in, ok := range map[string]bool{"7": true, "2": false, "x": false, "100": false} {
		_, err := renda.ParseSetting(def, in)
		if (err == nil) != ok {
			t.Errorf("ParseSetting(%q) = %v", in, err)
		}
	}
	p := renda.SettingDef{Key: "p", Label: "期限", Kind: renda.KindPeriod}
	if v, err := renda.ParseSetting(p, "20 working_days"); err != nil || string(v) != `{"n":20,"unit":"working_days"}` {
		t.Errorf("period: %s %v", v, err)
	}
	if _, err := renda.ParseSetting(p, "3 weeks"); err == nil {
		t.Error("unit weeks accepted")
	}
	l := renda.SettingDef{Key: "l", Label: "提醒", Kind: renda.KindInts}
	if v, err := renda.ParseSetting(l, "30，15, 7、1"); err != nil || string(v) != "[30,15,7,1]" {
		t.Errorf("ints: %s %v", v, err)
	}
}

func TestTextValidation(t *testing.T) {
	var p renda.Problems
	p.Line("a", "标题", "  好  ", true, 5)
	p.Line("b", "标题", "", true, 5)
	p.Line("c", "标题", "太长了太长了", true, 5)
	p.Line("d", "标题", "one\nline", true, 50)
	p.Text("e", "内容", string([]byte{0xff, 0xfe}), true, 50)
	p.Text("f", "内容", "bell\a", true, 50)
	err := p.Err()
	fields := renda.ErrorFields(err)
	got := map[string]bool{}
	for _, f := range fields {
		got[f.Field] = true
	}
	for _, want := range []string{"b", "c", "d", "e", "f"} {
		if !got[want] {
			t.Errorf("field %s not reported: %v", want, fields)
		}
	}
	if got["a"] {
		t.Error("a valid field reported")
	}
}
