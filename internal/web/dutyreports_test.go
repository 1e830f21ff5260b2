package web

import (
	"time"

	"renda"
	"renda/dutyreport"
	"renda/liaison"
	"renda/vote"
)

func init() {
	b := sampleBase()
	rep := &dutyreport.Report{ID: "01jexampledutyreport0000", DeputyID: "01jexampledeputy00000000", DeputyName: "王建国", Year: 2026, Title: "王建国2026年度向选民述职报告",
		Body: "各位选民代表：\n一、提出建议", State: dutyreport.Rating, StationName: "柏坊镇人大代表联络站", Day: renda.NewDate(2026, 6, 2), Audience: 60,
		VoteID: "01jexamplevote0000000000", Ballots: 3, Satisfied: 2, Basic: 1, Grade: "满意", CreatedAt: time.Now()}
	actions := []*ActionForm{{Action: "publish", Label: "公布测评结果", Form: sampleForm(), Primary: true}}
	v := &vote.Vote{ID: rep.VoteID, Title: "王建国向选民述职满意度测评", Description: rep.Title, Kind: dutyreport.Kind, Status: vote.Open,
		Candidates: []vote.Candidate{{ID: rep.ID, Title: "王建国", Summary: rep.Title}}}
	for name, x := range map[string]any{
		"duty_reports": &DutyReportsPage{Base: b, Items: []*dutyreport.Report{rep}, Deputy: rep.DeputyID, Year: 2026},
		"duty_report":  &DutyReportPage{Base: b, Report: rep, Actions: actions, History: sampleHistory(), RateURL: "https://example.org/rate/x", Turnout: &vote.Turnout{Voted: 3}},
		"rate":         &RatePage{Base: b, Vote: v, CodeForm: sampleForm(), RateForm: sampleForm(), Accepting: true},
	} {
		samples[name] = x
	}
}

func init() {
	b := sampleBase()
	samples["liaison"] = &LiaisonPage{Base: b, Year: 2026, Staff: true, ContactForm: sampleForm(), LinkForm: sampleForm(),
		Links:    []liaison.Link{{MemberID: "u", MemberName: "谭国华", DeputyID: "d", DeputyName: "王建国", Region: "柏坊镇", Contacts: 1, Min: 2, Receptions: 3, Opinions: 4}},
		Contacts: []liaison.Contact{{ID: "c", MemberName: "谭国华", DeputyID: "d", DeputyName: "王建国", Kind: liaison.Visit, Day: renda.NewDate(2026, 5, 1), Note: "走访"}}}
}
