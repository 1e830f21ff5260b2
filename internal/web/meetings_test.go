package web

import (
	"time"

	"renda"
	"renda/appointment"
	"renda/meeting"
)

func init() {
	b := sampleBase()
	now := time.Date(2026, 10, 14, 9, 30, 0, 0, renda.CST)
	items := []*meeting.Item{{ID: "i1", Title: "议程一", Kind: "resolution", Reporter: "财经工委", VoteID: "v1", Result: meeting.ItemAdopted},
		{ID: "i2", ParentID: "i1", Title: "子议程", Kind: "report"}}
	task := &meeting.Task{ID: "t1", Body: "报告整改情况", Due: renda.NewDate(2026, 12, 1), State: meeting.TaskReported, OrgName: "财政局", Report: "已整改", Resolution: "决议", MeetingID: "m1"}
	m := &meeting.Meeting{ID: "m1", Kind: meeting.Standing, Title: "第二十三次会议", StartsAt: now, Place: "会议室", Chair: "主任", State: meeting.InSession, Current: "i1",
		Members: []*meeting.Member{{DeputyID: "d1", Name: "甲", Present: true}, {DeputyID: "d2", Name: "乙", Attends: true}, {DeputyID: "d3", Name: "丙", Leave: "requested", Reason: "出差"}}, Items: items,
		Resolutions: []*meeting.Resolution{{ID: "r1", Title: "决议", Body: "内容", Tasks: []*meeting.Task{task}}}}
	a := &appointment.Appointment{ID: "a1", Name: "张三", Post: "局长", Kind: "appoint", Nominator: "government", Resume: "简历", Statement: "发言", ExamScore: 85, MeetingID: "m1",
		MeetingTitle: "会议", State: appointment.Published, OathAt: &now, OathForm: "individual", Witnesses: "主任"}
	actions := []*ActionForm{{Action: "checkin", Label: "签到", Form: sampleForm(), Primary: true}}
	for name, v := range map[string]any{
		"meetings":       &MeetingsPage{Base: b, Items: []*meeting.Meeting{m}, Kinds: meeting.Kinds, Staff: true},
		"meeting_new":    &FormPage{Base: b, Back: "/meetings", BackLabel: "会议", Form: sampleForm()},
		"meeting":        &MeetingPage{Base: b, Meeting: m, Agenda: meeting.Tree(items), Quorum: meeting.QuorumOf(m, nil), Me: m.Members[0], Staff: true, History: sampleHistory(), Actions: actions},
		"meeting_screen": &MeetingScreen{Base: b, Meeting: m, Current: items[0], Quorum: meeting.QuorumOf(m, nil)},
		"meeting_minutes": &MinutesPage{Base: b, Meeting: m, Quorum: meeting.QuorumOf(m, nil), Present: []string{"甲"}, Leave: []string{"丙"}, Absent: []string{"丁"}, Attending: []string{"乙"},
			Items: []MinuteItem{{Item: items[0], Voted: true, Yes: 20, No: 1, Abstain: 1, Members: 27, Needed: 14}, {Item: items[1], Depth: 1}},
			Documents: []*meeting.Document{{ID: "d1", Title: "报告", Kind: "report", Access: meeting.AccessMembers, Submitter: "财政局", DistributedAt: now, DistributeDue: renda.NewDate(2026, 10, 7),
				ReceivedOn: renda.NewDate(2026, 9, 30), ReceivedDue: renda.NewDate(2026, 9, 24), Version: 2,
				Versions: []*meeting.Version{{N: 2, Note: "更正", CreatedAt: now, Files: []*renda.Attachment{{ID: "a1", Name: "报告.pdf"}}}, {N: 1, CreatedAt: now}}}}},
		"meeting_tasks":      &MeetingTasksPage{Base: b, Items: []*meeting.Task{task}, Today: renda.NewDate(2026, 12, 5)},
		"meeting_task":       &MeetingTaskPage{Base: b, Task: task, History: sampleHistory(), Actions: actions},
		"appointments":       &AppointmentsPage{Base: b, Items: []*appointment.Appointment{a}, Staff: true},
		"appointment_letter": &AppointmentPage{Base: b, Appointment: a},
		"appointment":        &AppointmentPage{Base: b, Appointment: a, History: sampleHistory(), Actions: actions},
	} {
		samples[name] = v
	}
}
