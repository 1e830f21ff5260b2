package web

import (
	"time"

	"renda"
	"renda/meeting"
)

func init() {
	b := sampleBase()
	now := time.Date(2026, 10, 14, 9, 30, 0, 0, renda.CST)
	m := &meeting.Meeting{ID: "m1", Kind: meeting.Standing, Title: "第二十四次会议", StartsAt: now, State: meeting.Noticed}
	v1 := &meeting.Version{ID: "v1", N: 1, Body: "第一段。\n第二段。", CreatedAt: now}
	v2 := &meeting.Version{ID: "v2", N: 2, Body: "修订后。", Note: "更正数据", CreatedAt: now, Files: []*renda.Attachment{{ID: "a1", Name: "报告.pdf"}}}
	d := &meeting.Document{ID: "d1", MeetingID: "m1", Title: "关于预算执行情况的报告", Kind: "report", Access: meeting.AccessMembers, Submitter: "市财政局", ItemTitle: "议程一",
		ReceivedOn: renda.NewDate(2026, 10, 1), ReceivedDue: renda.NewDate(2026, 9, 30), DistributedAt: now, DistributeDue: renda.NewDate(2026, 10, 13), Version: 2,
		Versions: []*meeting.Version{v2, v1}}
	m.Documents = []*meeting.Document{d}
	samples["meeting_document"] = &MeetingDocumentPage{Base: b, Meeting: m, Document: d, Shown: v1, LastRead: 1, Watermark: "张三 2026-10-14 09:30 仅供本人阅读",
		Marks: make([]int, 3), NoteForm: sampleForm(), Notes: []*meeting.DocNote{{ID: "n1", Version: 1, Body: "核实", CreatedAt: now}}}
}
