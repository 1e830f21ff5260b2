package meeting

import (
	"strings"
	"testing"
	"time"

	"renda"
	"renda/station"
)

// TestWindowEnd: "N days before the meeting" is the meeting's day less N;
// in working days it steps back over weekends and holidays (国庆 2026).
func TestWindowEnd(t *testing.T) {
	cal := renda.NewCalendar(renda.ChinaHolidays())
	meetingDay := renda.NewDate(2026, 10, 13) // a Tuesday after the National Day holiday
	cases := []struct {
		p    renda.Period
		want renda.Date
	}{
		{renda.Period{N: 7, Unit: renda.UnitDays}, renda.NewDate(2026, 10, 6)},
		{renda.Period{N: 20, Unit: renda.UnitDays}, renda.NewDate(2026, 9, 23)},
		{renda.Period{N: 1, Unit: renda.UnitMonths}, renda.NewDate(2026, 9, 13)},
	}
	for _, c := range cases {
		if got := WindowEnd(cal, meetingDay, c.p); got != c.want {
			t.Errorf("%s before %s: %s, want %s", c.p.Label(), meetingDay, got, c.want)
		}
	}
	// Seven working days before: no working day between 10-01 and 10-08
	// falls in the count, so the window ends well into September.
	got := WindowEnd(cal, meetingDay, renda.Period{N: 7, Unit: renda.UnitWorkingDays})
	if n := cal.WorkingDaysBetween(got.AddDays(-1), meetingDay.AddDays(-1)); n != 7 || !cal.IsWorkingDay(got) {
		t.Errorf("7 working days before %s: %s (%d working days from it on)", meetingDay, got, n)
	}
	if !got.Before(renda.NewDate(2026, 10, 1)) {
		t.Errorf("7 working days before %s should skip the National Day holiday: %s", meetingDay, got)
	}
}

// TestCanRead: who reads which document, at each access level.
func TestCanRead(t *testing.T) {
	m := &Meeting{State: Noticed, Members: []*Member{{DeputyID: "d1"}, {DeputyID: "d2", Attends: true}}}
	now := time.Now()
	doc := func(access string, distributed bool) *Document {
		d := &Document{Access: access}
		if distributed {
			d.DistributedAt = now
		}
		return d
	}
	member := &renda.User{Role: renda.RoleDeputy, DeputyID: "d1"}
	attendee := &renda.User{Role: renda.RoleDeputy, DeputyID: "d2"}
	other := &renda.User{Role: renda.RoleDeputy, DeputyID: "d3"}
	staff := &renda.User{Role: renda.RoleStaff}
	cases := []struct {
		d       *Document
		u       *renda.User
		public  bool // meeting published
		canRead bool
	}{
		{doc(AccessMembers, false), member, false, false}, {doc(AccessMembers, false), staff, false, true},
		{doc(AccessMembers, true), member, false, true}, {doc(AccessMembers, true), attendee, false, false},
		{doc(AccessAttendees, true), attendee, false, true}, {doc(AccessPublic, true), attendee, false, true},
		{doc(AccessPublic, true), other, false, false}, {doc(AccessPublic, true), nil, false, false},
		{doc(AccessPublic, true), nil, true, true}, {doc(AccessMembers, true), nil, true, false},
		{doc(AccessAttendees, true), other, true, false}, {doc(AccessPublic, false), nil, true, false},
	}
	for i, c := range cases {
		mm := *m
		if c.public {
			mm.State = Published
		}
		if got := CanRead(ReaderOf(c.u, &mm), &mm, c.d); got != c.canRead {
			t.Errorf("case %d: %s document, reader %v: %v, want %v", i, c.d.Access, c.u, got, c.canRead)
		}
	}
}

// TestLateFlags: on the last day of a window is in time, the day after is late.
func TestLateFlags(t *testing.T) {
	due := renda.NewDate(2026, 10, 13)
	for _, c := range []struct {
		at   time.Time
		late bool
	}{{time.Date(2026, 10, 13, 23, 59, 0, 0, renda.CST), false}, {time.Date(2026, 10, 14, 0, 1, 0, 0, renda.CST), true}} {
		d := &Document{DistributedAt: c.at, DistributeDue: due, ReceivedOn: renda.DateOf(c.at), ReceivedDue: due}
		if d.LateDistributed() != c.late || d.LateReceived() != c.late {
			t.Errorf("at %s: late %v/%v, want %v", c.at, d.LateDistributed(), d.LateReceived(), c.late)
		}
	}
}

// TestDutyEvent: a reception day is an event on its hours in China time,
// cancelled ones marked so.
func TestDutyEvent(t *testing.T) {
	d := &station.Duty{ID: "y1", Day: renda.NewDate(2026, 11, 28), Start: "09:00", End: "11:30", Topic: "民生实事", Status: station.DutyCancelled,
		StationName: "宜阳街道代表联络站", StationCode: "s1", Deputies: []string{"甲", "乙"}}
	out := Feed("接待日", "https://example.org", nil, []*station.Duty{d}, time.Date(2026, 11, 24, 0, 0, 0, 0, time.UTC))
	for _, want := range []string{"UID:duty-y1@renda", "DTSTART;TZID=Asia/Shanghai:20261128T090000", "DTEND;TZID=Asia/Shanghai:20261128T113000", "STATUS:CANCELLED", "URL:https://example.org/s/s1"} {
		if !strings.Contains(out, want+"\r\n") {
			t.Errorf("reception day event without %s:\n%s", want, out)
		}
	}
}
