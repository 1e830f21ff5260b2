package web

import (
	"time"

	"renda"
	"renda/internal/store"
	"renda/meeting"
)

func init() {
	now := time.Date(2025, 2, 18, 9, 0, 0, 0, renda.CST)
	s1 := &meeting.Sitting{ID: "s1", Number: 1, Title: "第一次全体会议", StartsAt: now, Present: map[string]bool{"d1": true}}
	g := &meeting.Group{ID: "g1", Name: "柏坊镇代表团", Members: []string{"d1", "d2"}}
	it := &meeting.Item{ID: "i1", Title: "政府工作报告", Kind: "report"}
	op := &meeting.Opinion{ID: "o1", ItemID: "i1", GroupID: "g1", DeputyID: "d1", Speaker: "甲", Text: "建议加大投入", CreatedAt: now}
	m := &meeting.Meeting{ID: "m1", Kind: meeting.Congress, Title: "第六次会议", StartsAt: now, State: meeting.InSession, NoticedAt: now, SessionID: "x", SittingID: "s1",
		Members:   []*meeting.Member{{DeputyID: "d1", Name: "甲", Present: true, Registered: true, GroupID: "g1"}, {DeputyID: "d2", Name: "乙", Leave: "approved", GroupID: "g1"}},
		Elections: []*meeting.Election{{ID: "e1", Title: "补选", Seats: 1, VoteID: "v1", Candidates: []*meeting.Candidate{{ID: "c1", Name: "甲", Votes: 5, Elected: true}, {ID: "c2", Name: "乙", Votes: 2, Tie: true}}}},
		Items:     []*meeting.Item{it}, Sittings: []*meeting.Sitting{s1}, Groups: []*meeting.Group{g}, Opinions: []*meeting.Opinion{op}}
	rows := []store.SessionRow{{Member: m.Members[0], Group: g.Name, Presence: meeting.PresenceAttended, Label: "出席"},
		{Member: m.Members[1], Group: g.Name, Presence: meeting.PresenceAbsent, Label: "未经批准缺席", Absences: 2}}
	v := &store.SessionView{Meeting: m, Session: &renda.Session{Number: 6, TermNumber: 18, CongressName: "常宁市人民代表大会", StartDate: renda.NewDate(2025, 2, 18),
		EndDate: renda.NewDate(2025, 2, 21), MotionDeadline: now}, Quorum: meeting.QuorumOf(m, nil), Sittings: []store.SittingRow{{Sitting: s1, Quorum: meeting.QuorumOf(m, nil), Current: true}},
		Roll: rows, Items: []store.SessionItem{{Item: it, Groups: m.OpinionsOn("i1"), Draft: meeting.DraftSummary(m, "i1")}}, Members: 2, Registered: 1, Attended: 1, Absent: 1}
	samples["session_meeting"] = &MeetingSessionPage{Base: sampleBase(), View: v, Staff: true, Me: &rows[0], Roll: rows, Presence: "absent"}
}
