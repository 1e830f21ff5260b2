package web

import (
	"time"

	"renda"
	"renda/internal/store"
	"renda/project"
	"renda/vote"
)

func sampleVote(status string) *vote.Vote {
	return &vote.Vote{ID: "01jexamplevote00000000000", Kind: vote.Livelihood, Mode: vote.ModeEach, Adopt: 1, Status: status, Title: "2024年民生实事项目票决",
		CongressName: "常宁市人民代表大会", SessionName: "第十八届第四次会议", CheckinCode: "123456", Description: "说明",
		Candidates: []vote.Candidate{{ID: "01jexamplecand0000000000a", Title: "慢病一站式门诊", Budget: 2600, UnitName: "卫健局", Target: "26个"},
			{ID: "01jexamplecand0000000000b", Title: "老旧小区改造", Budget: 800}}}
}

func sampleResult(kind string) *vote.Result {
	return &vote.Result{Kind: kind, Adopt: 1, Base: 10, Eligible: 10, Members: 12, Ballots: 10, Electronic: 9, Paper: 1, Needed: 6, Ties: true, TooFew: true,
		Notes: []string{"提请主席团研究决定"}, Items: []vote.Tally{
			{ID: "01jexamplecand0000000000a", Title: "慢病一站式门诊", Yes: 9, No: 1, Rank: 1, Passed: true, Adopted: true, Decided: "adopted", Grade: "满意",
				Counts: map[string]int{"satisfied": 8, "basic": 1, "dissatisfied": 1}},
			{ID: "01jexamplecand0000000000b", Title: "老旧小区改造", Yes: 6, No: 3, Abstain: 1, Rank: 2, Passed: true, Tie: true, Grade: "不满意"},
			{ID: "01jexamplecand0000000000c", Title: "路网", Yes: 1, Rank: 3, Grade: "基本满意"}}}
}

func sampleProject() *project.Project {
	return &project.Project{ID: "01jexampleproject00000000", Title: "7座小型水库除险加固", CongressName: "常宁市人民代表大会", Year: 2024, Status: "in_progress",
		Budget: 1260, UnitName: "水利局", Target: "除险加固", Deadline: renda.NewDate(2024, 12, 31), Source: "deputy", Proposer: "王建国", Category: "水利",
		PlanTarget: "完成", PlanStart: renda.NewDate(2024, 3, 1), PlanDeadline: renda.NewDate(2024, 12, 31), PlanFunds: 1260, Progress: 60,
		LastReport: renda.NewDate(2024, 6, 1), Rating: "满意", Description: "内容"}
}

func init() {
	b := sampleBase()
	turnout := vote.Turnout{Members: 12, Present: 10, Voted: 7, Paper: 1, Eligible: 10}
	paper := &vote.PaperTotals{Ballots: 1, EnteredName: "甲", EnteredAt: time.Now(), ConfirmedBy: "x", ConfirmName: "乙", ConfirmedAt: time.Now(),
		Counts: map[string]map[string]int{"01jexamplecand0000000000a": {"yes": 1}}}
	ballots := []store.PublishedBallot{{Receipt: "K7M2-9QXD-4RTB", Choices: vote.Ballot{"01jexamplecand0000000000a": "yes", "01jexamplecand0000000000b": "abstain"}}}
	rating := sampleVote(vote.Closed)
	rating.Kind = vote.ProjectRating
	upto := sampleVote(vote.Open)
	upto.Mode = vote.ModeUpTo
	p := sampleProject()
	detail := &store.ProjectDetail{
		Milestones:  []project.Milestone{{ID: "01jexamplemilestone000000", Title: "招标", Due: renda.NewDate(2024, 4, 1), Done: true, DoneOn: renda.NewDate(2024, 4, 2)}, {ID: "01jexamplemilestone000001", Title: "完工", Due: renda.NewDate(2024, 12, 1)}},
		Reports:     []*project.ProgressReport{{ID: "r", Percent: 60, Text: "进展", ReportedOn: renda.NewDate(2024, 6, 1), ByName: "水利局", Attachments: []*renda.Attachment{{ID: "01jexampleattach000000000", Name: "a.jpg", ContentType: "image/jpeg"}}}},
		Inspections: []project.Inspection{{Day: renda.NewDate(2024, 6, 2), Deputies: "王建国", Notes: "良好"}},
	}
	for name, v := range map[string]any{
		"votes": &VotesPage{Base: b, Items: []*vote.Vote{sampleVote(vote.Open), rating}, Turnout: map[string]vote.Turnout{"01jexamplevote00000000000": turnout}, CanManage: true},
		"vote": &VotePage{Base: b, Vote: sampleVote(vote.Closed), Effective: vote.Closed, Turnout: turnout, Result: sampleResult(vote.Livelihood),
			Me: store.VoterState{OnRoll: true, Present: true}, IsDeputy: true, CanManage: true, Paper: paper, History: sampleHistory(), Error: "错误"},
		"vote_form":       &VoteFormPage{Base: b, Form: sampleForm(), Vote: sampleVote(vote.Draft)},
		"vote_ballot":     &BallotPage{Base: b, Vote: upto, Effective: vote.Open, Me: store.VoterState{OnRoll: true, Present: true}, Choices: map[string]string{"01jexamplecand0000000000a": "yes"}, Error: "错误", CodeError: "错"},
		"vote_receipt":    &ReceiptPage{Base: b, Vote: sampleVote(vote.Open), Receipt: "K7M2-9QXD-4RTB"},
		"vote_hall":       &HallPage{Base: b, Vote: sampleVote(vote.Open), Effective: vote.Open, Turnout: turnout},
		"vote_ballots":    &BallotsPage{Base: b, Vote: sampleVote(vote.Closed), Items: ballots, Receipt: "K7M2-9QXD-4RTB", Found: &ballots[0], Result: sampleResult(vote.Livelihood)},
		"vote_attendance": &AttendancePage{Base: b, Vote: sampleVote(vote.Draft), Roll: []store.Voter{{DeputyID: "d1", Name: "王", Delegation: "团", Present: true, Voted: true, Paper: true}, {DeputyID: "d2", Name: "李"}}, Turnout: turnout, Q: "王"},
		"vote_paper":      &PaperPage{Base: b, Vote: sampleVote(vote.Open), Paper: paper, Turnout: turnout, Values: map[string]string{"ballots": "1"}, Error: "错误", Fields: map[string]string{"ballots": "错", "c_01jexamplecand0000000000a_yes": "错"}, CanConfirm: true},
		"projects":        &ProjectsPage{Base: b, Items: []*project.Project{p}, Behind: map[string]bool{p.ID: true}, Pager: Pager{Total: 1, Limit: 30}, Years: []int{2024}, Congresses: []Option{{Value: "01jexamplecongress0000000", Label: "常宁市人民代表大会"}}, States: project.Workflow.States, CanEdit: true, Stats: ProjectStats{Total: 1}},
		"project": &ProjectPage{Base: b, Project: p, Detail: detail, Behind: true, History: sampleHistory(), CanScreen: true, CanEdit: true, CanComplete: true, CanMilestone: true,
			PlanForm: sampleForm(), MilestoneForm: sampleForm(), ReportForm: sampleForm(), InspectForm: sampleForm(), Error: "错误"},
		"project_form": &ProjectFormPage{Base: b, Form: sampleForm(), Project: p},
	} {
		samples[name] = v
	}
}
