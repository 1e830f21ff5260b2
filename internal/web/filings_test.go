package web

import (
	"time"

	"renda"
	"renda/consultation"
	"renda/filing"
	"renda/internal/store"
)

func init() {
	b := sampleBase()
	pg := Pager{Limit: 30, Total: 1}
	f := &filing.Filing{ID: "01jexamplefiling00000000", Title: "关于印发《城区停车管理办法》的通知", Number: "常政办发〔2026〕9号", FilerName: "市政府办",
		PublishedOn: renda.NewDate(2026, 3, 1), FiledOn: renda.NewDate(2026, 4, 2), FilingDue: renda.NewDate(2026, 3, 31), Late: true, State: filing.OpinionSent,
		Due: renda.NewDate(2026, 6, 1), Text: "第一条 目的\n第二条 罚款", Explanation: "说明", Basis: "依据", ReviewerName: "审查员", Citations: 2,
		Checks: map[string]string{"authority": "ok", "conflict": "issue"}, CheckNote: "记录", Issue: "问题", Opinion: "意见", Result: "结果", ReturnReason: "缺件"}
	prev := *f
	prev.ID, prev.State = "01jexamplefiling00000001", filing.NoIssue
	ps, removed := filing.Provisions(f.Text, "第一条 目的\n第三条 删去")
	req := &filing.Request{ID: "01jexamplerequest0000000", Document: "常政发〔2026〕3号", Reason: "理由", Name: "张*", Phone: "138****1234", State: filing.ReqTransferred,
		FilingID: f.ID, FilingTitle: f.Title, TransferredTo: "衡阳市人大常委会", Result: "已移送", CreatedAt: time.Now()}
	actions := []*ActionForm{{Action: "register", Label: "登记", Form: sampleForm(), Primary: true, Help: "说明"}, {Action: "return", Label: "退回补正", Form: sampleForm(), Danger: true}}
	rep := &filing.Report{Year: 2026, Filed: 3}
	c := &consultation.Consultation{ID: "01jexampleconsultation00", Title: "某某条例（草案）", Kind: "law", Source: "法工委", Body: "第一条 目的\n第二条 范围",
		OpensOn: renda.NewDate(2026, 9, 1), ClosesOn: renda.NewDate(2026, 10, 1), State: consultation.Published, Report: "反馈", Comments: 1}
	m := &consultation.Comment{ID: "01jexamplecomment0000000", ConsultationID: c.ID, Article: "第二条", Text: "意见", Author: consultation.ByCitizen, Name: "李*",
		State: consultation.Adopted, Group: "范围", Reason: "理由", CreatedAt: time.Now()}
	for name, v := range map[string]any{
		"filings": &FilingsPage{Base: b, Items: []*filing.Filing{f}, Pager: pg, Filter: filing.Filter{State: "open", Flag: "late", Year: 2026, Q: "停车"},
			Tabs: []Tab{{Label: "待办", Href: "/filings?status=open", Active: true}}, Today: renda.NewDate(2026, 7, 1), CanFile: true, Staff: true},
		"filing_new": &FilingNewPage{Base: b, Form: sampleForm()},
		"filing": &FilingPage{Base: b, Filing: f, Provisions: ps, Removed: removed, HintCount: 1, Checklist: filing.Checklist, Today: renda.NewDate(2026, 7, 1), Staff: true,
			Context: &store.FilingContext{Previous: &prev, Related: []*filing.Filing{&prev}, Citations: []filing.Citation{{Source: "hotline", Ref: "CN1", Note: "停车"}},
				Requests: []*filing.Request{req}}, Files: []*renda.Attachment{{ID: "a", Name: "文件.pdf"}}, History: sampleHistory(), Actions: actions},
		"filing_register": &FilingRegisterPage{Base: b, Entries: []*filing.RegisterEntry{{ID: "e", FilerName: "市政府办", Title: "通知", Number: "1号",
			PublishedOn: renda.NewDate(2026, 3, 1), Due: renda.NewDate(2026, 3, 31)}, {ID: "g", FilingID: f.ID, FiledOn: renda.NewDate(2026, 4, 2), Due: renda.NewDate(2026, 3, 31)}},
			Form: sampleForm(), Today: renda.NewDate(2026, 7, 1), Unfiled: 1},
		"filing_report": &FilingReportPage{Base: b, Report: rep, Draft: "报告", Years: []int{2026, 2025}, Catalogue: []*filing.Filing{f},
			Figures: []Figure{{"报备文件", 3, "/filings?year=2026"}}, CatalogueDue: renda.NewDate(2027, 1, 31)},
		"review_requests": &ReviewRequestsPage{Base: b, Items: []*filing.Request{req}},
		"review_request":  &ReviewRequestPage{Base: b, Request: req, History: sampleHistory(), Actions: actions},
		"review_public": &ReviewPublicPage{Base: b, Form: sampleForm(), Code: "K7M2Q9XA",
			Track: &store.RequestTrack{Document: "文件", State: "notified", PublicState: "已审查", Result: "结果", Steps: []store.TrackStep{{At: time.Now(), Label: "已受理"}}}},
		"consultations":        &ConsultationsPage{Base: b, Items: []*consultation.Consultation{c}, Today: renda.NewDate(2026, 9, 10), Public: true},
		"consultation_new":     &ConsultationNewPage{Base: b, Form: sampleForm()},
		"consultation":         &ConsultationPage{Base: b, Consultation: c, Comments: []*consultation.Comment{m}, Groups: consultation.Groups(c, []*consultation.Comment{m}), History: sampleHistory(), Actions: actions},
		"consultation_comment": &CommentPage{Base: b, Comment: m, Consultation: c, History: sampleHistory(), Actions: actions},
		"consultation_public":  &ConsultationPublicPage{Base: b, Consultation: c, Form: sampleForm(), Sent: true, Accepting: true},
	} {
		samples[name] = v
	}
}
