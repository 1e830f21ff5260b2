package web

import (
	"net/url"
	"time"

	"renda"
	"renda/internal/store"
	"renda/suggestion"
)

func sampleSuggestion() *suggestion.Suggestion {
	d := renda.NewDate(2024, 2, 1)
	return &suggestion.Suggestion{ID: "01jexamplesuggestion00000", Number: "十八届四次会议第12号", Kind: suggestion.KindSuggestion, Title: "关于加快城区背街小巷改造的建议",
		Grounds: "路面破损", Body: "建议分批改造。\n第二行。", Category: "城乡建设", Status: suggestion.Replied, ProposerID: "p", ProposerName: "王建国",
		DelegationName: "柏坊镇代表团", SessionID: "s", SessionName: "十八届四次会议", DuringSession: true, LeadUnitID: "u", LeadUnitName: "常宁市住房和城乡建设局",
		AssignedOn: d, FirstDue: d.AddMonths(3), Due: d.AddMonths(4), Round: 2, ReplyCategory: "A", RepliedOn: d.AddDays(40), FirstReplied: d.AddDays(30),
		OnTime: true, Rating: renda.RatingSatisfied, RatedOn: d.AddDays(41), RatedRound: 2, Rehandled: 1, Priority: true, LeaderName: "谭国华",
		InspectionRequired: true, PublishConsent: true, PublishedAt: time.Now(), ProcuratorateID: "o", ProcuratorateName: "常宁市人民检察院", ProcuratorateOn: d,
		MergedInto: "01jexamplesuggestion00001", ConvertedFrom: "01jexamplesuggestion00002", ConvertedTo: "01jexamplesuggestion00003",
		SourceEntity: "opinion", SourceID: "01jexampleopinion00000000", RejectReason: "理由", SubmittedAt: time.Now(),
		Signers: []suggestion.Signer{{DeputyID: "p", Name: "王建国", Lead: true, Status: "confirmed"}, {DeputyID: "q", Name: "刘秀兰", Status: "pending"}},
		Units:   []suggestion.Unit{{OrgID: "u", Name: "常宁市住房和城乡建设局", Role: "lead"}, {OrgID: "v", Name: "常宁市水利局", Role: "assist", Opinion: "同意"}},
	}
}

func init() {
	b := sampleBase()
	sg := sampleSuggestion()
	open := *sg
	open.Status = suggestion.Assigned
	pager := Pager{Total: 40, Limit: 30, Offset: 0, Query: url.Values{}}
	recs := []suggestion.Record{
		{ID: "r1", Kind: suggestion.RecReply, Round: 1, OrgName: "住建局", UserName: "刘洋", On: renda.NewDate(2024, 3, 1), Category: "A", Text: "已解决", AttachmentID: "f1"},
		{ID: "r2", Kind: suggestion.RecFeedback, Rating: renda.RatingUnsatisfied, UserName: "王建国", Text: "不满意"},
		{ID: "r3", Kind: suggestion.RecExtension, Status: "pending", Until: renda.NewDate(2024, 6, 1), Text: "需要时间"},
		{ID: "r4", Kind: suggestion.RecProcuratorate, Method: "case", Text: "立案"},
		{ID: "r5", Kind: suggestion.RecContact, Method: "phone", On: renda.NewDate(2024, 2, 2)},
	}
	f := sampleForm()
	st := &store.SuggestionStatistics{Total: suggestion.Stats{Name: "合计", Total: 3, Replied: 2, OnTime: 1, Categories: map[string]int{"A": 1}, Ratings: map[string]int{"satisfied": 1}},
		Units:      []suggestion.Stats{{Key: "u", Name: "住建局", Total: 2, Overdue: 1, Categories: map[string]int{"A": 1}, Ratings: map[string]int{}}},
		Categories: []suggestion.Stats{{Name: "城乡建设", Total: 1, Categories: map[string]int{}, Ratings: map[string]int{}}},
		ReplyCodes: []suggestion.ReplyCategory{{Code: "A", Label: "已解决"}, {Code: "B", Label: "正在解决"}}, Motions: 1, Suggestions: 2}
	pub := &store.SuggestionPublic{ID: "x", Number: "十八届四次会议第12号", Title: "关于…的建议", StatusLabel: "已办结", UnitName: "住建局", Published: true,
		PublishedAt: "2024-05-01", ReplyLabel: "A类 已解决", RepliedOn: renda.NewDate(2024, 4, 1), Reply: "答复内容", ProposerName: "王建国"}
	for name, v := range map[string]any{
		"suggestions": &SuggestionsPage{Base: b, Items: []*suggestion.Suggestion{sg, &open}, Pager: pager, View: "todo",
			Tabs: []ViewTab{{Key: "todo", Label: "待处理", Href: "/suggestions?view=todo", Active: true}}, Status: "assigned",
			Statuses: []Option{{Value: "assigned", Label: "办理中"}}, Categories: []string{"城乡建设"}, Units: []Option{{Value: "u", Label: "住建局"}}, Sessions: []Option{{Value: "s", Label: "十八届四次会议"}},
			Today: renda.NewDate(2024, 6, 1), CanCreate: true, CanExport: true},
		"suggestion": &SuggestionPage{Base: b, S: sg, Deadlines: suggestion.Deadlines{Reply: sg.Due, Return: sg.AssignedOn.AddDays(10), Feedback: sg.RepliedOn.AddDays(10)},
			Today: renda.NewDate(2024, 6, 1), Actions: []*ActionForm{{Action: "reply", Label: "答复", Form: f, Primary: true}, {Action: "close", Label: "办结", Form: &Form{Action: "/x", CSRF: "t"}}, {Action: "withdraw", Label: "撤回", Form: f, Danger: true}},
			History: sampleHistory(), Files: []*renda.Attachment{{ID: "f1", Name: "答复函.pdf", CreatedAt: time.Now()}}, Replies: recs[:1], Feedback: recs[1:2], Records: recs[2:], Pending: recs[2:3],
			ReplyLabels: map[string]string{"A": "A类 已解决"}, CanEdit: true, CanLetter: true, Expect: "请答复。", SourceLabel: "群众意见", SourceHref: "/opinions/x",
			Overdue: true, DaysLeft: -3, ShowDeadline: true, Error: "出错了"},
		"suggestion_form":    &SuggestionFormPage{Base: b, Form: f, Suggestion: sg},
		"suggestion_letter":  &LetterPage{Base: b, S: sg, Issuer: "常宁市人大常委会选举任免联络工作委员会", Deadlines: suggestion.Deadlines{Reply: sg.Due}, Today: sg.AssignedOn},
		"suggestion_stats":   &SuggestionStatsPage{Base: b, Stats: st, Year: 2024, Years: []int{2024, 2023}, Session: "s", Sessions: []Option{{Value: "s", Label: "十八届四次会议"}}, RawQuery: "year=2024"},
		"suggestion_summary": &SummaryPage{Base: b, Heading: "2024年代表议案建议办理情况汇总表", Rows: []store.SummaryRow{{Suggestion: sg, Cosigners: []string{"刘秀兰"}, CoUnits: []string{"水利局（协办）"}, Late: true}}, Stats: st, RawQuery: "year=2024", Today: renda.NewDate(2024, 12, 1)},
		"assist": &AssistPage{Base: b, Item: sg.Title, Back: "/suggestions/x",
			Similar:    []store.SimilarItem{{Kind: "opinion", ID: "o", Title: "村口路灯坏了", URL: "/opinions/o", Year: 2024, Label: "已答复", Kinds: "群众意见", Pct: 42, Org: "住建局"}},
			Routing:    &store.Routing{Units: []store.UnitProposal{{OrganizationID: "u", Name: "住建局"}}, Assisting: []store.UnitProposal{{OrganizationID: "v", Name: "交通运输局"}}},
			Categories: []store.CategoryProposal{{Category: "城乡建设"}}},
		"replies": &RepliesPage{Base: b, Items: []*store.SuggestionPublic{pub}, Pager: pager, Q: "路"},
		"reply":   &ReplyPage{Base: b, P: pub},
	} {
		samples[name] = v
	}
}
