package web

import (
	"time"

	"renda"
	"renda/internal/store"
	"renda/supervision"
)

func init() {
	b := sampleBase()
	at := time.Date(2024, 5, 6, 9, 0, 0, 0, renda.CST)
	it := &supervision.Item{ID: "01jexamplesupervision0000", Year: 2024, Kind: supervision.KindEvaluation, Title: "财政局专项工作评议", Body: "常宁市财政局",
		Committee: "财政经济工作委员会", Month: 8, Summary: "说明", Status: supervision.Rectifying, Verdict: supervision.Basic, Report: "报告", CreatedAt: at, UpdatedAt: at,
		MeetingOn: renda.NewDate(2024, 8, 28), Opinions: "意见", OpinionsOn: renda.NewDate(2024, 9, 2), ResponseDue: renda.NewDate(2024, 11, 2), Response: "情况",
		Resolution: "决议", ResolutionOn: renda.NewDate(2024, 9, 2), ResolutionDue: renda.NewDate(2024, 12, 2), ResolutionAnswer: "执行情况",
		JointWith: "city", JointOrganiser: "county", JointLevels: []string{"county", "city"}}
	x := &supervision.Rectification{ID: "01jexamplerectification00", ItemID: it.ID, Text: "问题", Measure: "措施", Owner: "财政局", Due: renda.NewDate(2024, 12, 31),
		Evidence: "佐证", Status: supervision.RectAnswered}
	form := &ActionForm{Action: "answer", Label: "报告整改情况", Form: sampleForm(), Primary: true}
	samples["supervision"] = &SupervisionPage{Base: b, Year: 2024, Kind: supervision.KindEvaluation, Kinds: supervision.Kinds, Items: []*supervision.Item{it}, Total: 1, Staff: true, Public: true}
	samples["supervision_topics"] = &SupervisionTopicsPage{Base: b, Year: 2024, Years: []int{2024, 2023}, From: "2024-01-01", To: "2024-12-31",
		ByCategory: []store.Topic{{Key: "交通", Name: "交通", Count: 3, Hotline: 1, Example: "路灯不亮"}}, ByTownship: []store.Topic{{Key: "-", Count: 1}},
		ByUnit:        []store.Topic{{Key: "01jexampleunit00000000000", Name: "住建局", Count: 2, Hotline: 1, Example: "路灯不亮"}, {Key: "-", Count: 5}},
		SugByCategory: []store.SuggestionTopic{{Key: "城乡建设", Name: "城乡建设", Motions: 1, Suggestions: 4, Example: "关于加快老旧小区改造的建议"}, {Suggestions: 1}},
		SugByUnit:     []store.SuggestionTopic{{Key: "01jexampleunit00000000000", Name: "住建局", Suggestions: 2, Example: "例"}}}
	samples["supervision_new"] = &SupervisionNewPage{Base: b, Form: sampleForm()}
	samples["supervision_item"] = &SupervisionItemPage{Base: b, Item: it, Rects: []RectRow{{Rectification: x, Overdue: true, Actions: []*ActionForm{form}}},
		Votes: []string{"01jexamplevote00000000000"}, Actions: []*ActionForm{form}, AddRect: []*ActionForm{form},
		History: []renda.AuditRecord{{Action: "adopt", Entity: supervision.Entity, EntityID: it.ID, From: supervision.Draft, To: supervision.Planned, At: at}}, StaffSee: true,
		Deadlines: []supervision.Deadline{{Key: "report", Label: "报告送交常委会", Due: renda.NewDate(2024, 8, 8), Done: renda.NewDate(2024, 8, 9)},
			{Key: "response", Label: "报告研究处理情况", Due: renda.NewDate(2024, 11, 2)}}, Today: renda.NewDate(2024, 12, 1),
		Subjects:  []*supervision.Subject{{ID: "s", Name: "张法官", Position: 1, Grade: "满意", Passed: true}},
		Questions: []*supervision.Question{{ID: "q", Asker: "王委员", Question: "问", Official: "局长", Answer: "答"}},
		Parts:     []*supervision.Participant{{DeputyID: "d", Name: "王委员"}, {DeputyID: "e", Name: "李委员", Recused: true, Reason: "亲属"}},
		Interp: &store.Interpellation{Signers: []supervision.Signer{{DeputyID: "d", Name: "王委员", Position: 1}},
			Answers: []supervision.Answer{{ID: "a", Round: 1, Mode: "written", Official: "局长", Text: "答复", On: renda.NewDate(2024, 10, 8)}},
			Rounds:  []store.RoundStances{{Round: 1, Satisfied: 1, Dissatisfied: 2}}, Stances: []supervision.Stance{{Round: 1, DeputyID: "d", Name: "王委员", Reason: "理由"}}},
		Findings: []*supervision.Finding{{ID: "f", Topic: "安全隐患", Place: "某厂", FoundOn: renda.NewDate(2024, 7, 9), Text: "问题", ByName: "王委员",
			With:   []supervision.FindingMember{{DeputyID: "e", Name: "李委员"}},
			Photos: []*renda.Attachment{{ID: "p", Name: "a.png", ContentType: "image/png"}}}},
		Draft: "报告稿"}
}
