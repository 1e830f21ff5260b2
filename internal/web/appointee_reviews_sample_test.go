package web

import (
	"time"

	"renda"
	"renda/appointment"
)

func init() {
	b := sampleBase()
	at := time.Date(2026, 10, 14, 9, 0, 0, 0, renda.CST)
	rev := &appointment.Review{ID: "01jexamplereview00000000", AppointmentID: "01jexampleappoint0000000", Name: "李四", Post: "市财政局局长", Year: 2026,
		Title: "李四2026年度履职情况报告", Body: "一年来……", State: appointment.ReviewRated, MeetingID: "01jexamplemeeting0000000", MeetingTitle: "第二十三次常委会会议",
		VoteID: "01jexamplevote0000000000", Ballots: 20, Satisfied: 15, Basic: 4, Dissatisfied: 1, Grade: "满意", CreatedAt: at, UpdatedAt: at}
	samples["appointee_review"] = &AppointeeReviewPage{Base: b, Review: rev, History: sampleHistory(), Turnout: nil}
}
