package appointment

import (
	"strconv"
	"time"

	"renda"
	"renda/vote"
)

// Review is 述职评议: an official the standing committee appointed reports
// on their work to the committee, and its members rate the report on the
// ballot engine (kind ReviewKind: 满意/基本满意/不满意, each member once,
// signed in); the result is published and sent to the official's body.
type Review struct {
	ID            string `json:"id"`
	AppointmentID string `json:"appointment_id"`
	Name          string `json:"name"` // the official's, from the appointment
	Post          string `json:"post"`
	Year          int    `json:"year"`
	Title         string `json:"title"`
	Body          string `json:"body"` // the official's report
	State         string `json:"state"`
	MeetingID     string `json:"meeting_id,omitempty"`
	MeetingTitle  string `json:"meeting_title,omitempty"`
	VoteID        string `json:"vote_id,omitempty"`
	// The rating, once closed.
	Ballots      int       `json:"ballots"`
	Satisfied    int       `json:"satisfied"`
	Basic        int       `json:"basic"`
	Dissatisfied int       `json:"dissatisfied"`
	Grade        string    `json:"grade,omitempty"` // 满意, 基本满意, 不满意
	CreatedAt    time.Time `json:"created_at"`
	UpdatedAt    time.Time `json:"updated_at"`
	PublishedAt  time.Time `json:"published_at,omitzero"`
}

// States of a review.
const (
	ReviewDraft     = "draft"     // the report is being prepared
	ReviewRating    = "rating"    // heard at a meeting; members are rating it
	ReviewRated     = "rated"     // the rating closed; result not yet public
	ReviewPublished = "published" // the result is published
)

// ReviewKind is the ballot engine's kind of a members' rating of an
// appointed official's report (任命人员述职评议).
const ReviewKind = "appointee_review"

var _ = vote.RegisterKind(vote.Kind{Name: ReviewKind, Label: "任命人员述职评议", Entity: "appointee_review", ItemLabel: "述职人员",
	Schemes: []string{vote.SchemeRating}, Voters: true, Members: true,
	Rule: func(s *renda.Settings) vote.Rule {
		return vote.Rule{Base: vote.BaseValid, Threshold: vote.ThresholdHalf, Pct: s.Int("vote.rating_pct")}
	}})

// StateLabel names the review's state.
func (r *Review) StateLabel() string { return ReviewFlow.StateLabel(r.State) }

// SatisfiedPct is the share of 满意 and 基本满意 among the ballots, in %.
func (r *Review) SatisfiedPct() int {
	if r.Ballots == 0 {
		return 0
	}
	return (r.Satisfied + r.Basic) * 100 / r.Ballots
}

// Reviewable says whether an appointment's official can be reviewed: an
// appointment (not a dismissal) that was voted through.
func (a *Appointment) Reviewable() bool {
	return a.Kind == "appoint" && (a.State == Appointed || a.State == Sworn || a.State == Published)
}

// ReviewFlow is a review's workflow.
var ReviewFlow = renda.Register(&renda.Machine[Review]{
	Entity: "appointee_review",
	Label:  "述职评议",
	States: []renda.StateDef{{State: ReviewDraft, Label: "准备中"}, {State: ReviewRating, Label: "测评中"},
		{State: ReviewRated, Label: "已测评"}, {State: ReviewPublished, Label: "已公布"}},
	State: func(r *Review) *string { return &r.State },
	Acts: []renda.Act[Review]{
		{Rule: renda.Rule{Action: "create", Label: "安排述职评议", To: ReviewDraft, Who: staff, Hidden: true, Fields: []renda.Field{
			{Name: "year", Label: "年度", Kind: renda.FieldInt, Required: true, Min: 2000, Max: 2100},
		}}, Do: createReview},
		{Rule: renda.Rule{Action: "edit", Label: "录入述职报告", From: []string{ReviewDraft}, Who: staff, Tone: "primary", Fields: []renda.Field{
			{Name: "title", Label: "标题", Kind: renda.FieldLine, Required: true, Max: 100},
			{Name: "body", Label: "述职报告", Kind: renda.FieldText, Required: true, Max: 20000},
		}}, Do: editReview},
		{Rule: renda.Rule{Action: "open_rating", Label: "听取述职并开始测评", From: []string{ReviewDraft}, To: ReviewRating, Who: staff,
			Help:   "常委会组成人员登录后对述职进行满意度测评，每人一次，无记名。",
			Fields: []renda.Field{{Name: "meeting", Label: "常委会会议", Kind: renda.FieldRef, Ref: "meeting", Filter: "open", Required: true}}}, Pre: hasReport, Do: openReview},
		{Rule: renda.Rule{Action: "close_rating", Label: "结束测评", From: []string{ReviewRating}, To: ReviewRated, Who: []string{"staff", "admin", "system"},
			Confirm: "结束后不再接受测评。确定吗？"}, Do: func(r *Review, in *renda.Input, env *renda.Env, out *renda.Outcome) error {
			r.UpdatedAt = env.Now
			return nil
		}},
		{Rule: renda.Rule{Action: "publish", Label: "公布评议结果", From: []string{ReviewRated}, To: ReviewPublished, Who: staff, Tone: "primary",
			Confirm: "公布后述职报告和测评结果向社会公开，并送该人员所在机关。确定公布吗？"}, Do: func(r *Review, in *renda.Input, env *renda.Env, out *renda.Outcome) error {
			r.PublishedAt, r.UpdatedAt = env.Now, env.Now
			out.Note = r.Name + "：" + r.Grade
			return nil
		}},
	},
})

// ReviewFacts are what the store loads for creating a review.
type ReviewFacts struct {
	Appointment *Appointment
	Reviewed    bool // the official already has a review of that year
}

func createReview(r *Review, in *renda.Input, env *renda.Env, out *renda.Outcome) error {
	f, _ := env.Facts.(*ReviewFacts)
	if f == nil || f.Appointment == nil {
		return renda.Errorf(renda.ENOTFOUND, "任免事项不存在")
	}
	a := f.Appointment
	if !a.Reviewable() {
		return renda.Errorf(renda.ECONFLICT, "只有表决通过的任命人员可以述职评议")
	}
	if f.Reviewed {
		return renda.Errorf(renda.ECONFLICT, "%s %d 年度已安排述职评议", a.Name, in.Int("year"))
	}
	*r = Review{ID: r.ID, AppointmentID: a.ID, Name: a.Name, Post: a.Post, Year: in.Int("year"), State: r.State, CreatedAt: env.Now, UpdatedAt: env.Now}
	r.Title = a.Name + strconv.Itoa(r.Year) + "年度履职情况报告"
	out.Note = r.Title
	return nil
}

func editReview(r *Review, in *renda.Input, env *renda.Env, out *renda.Outcome) error {
	r.Title, r.Body, r.UpdatedAt = in.Text("title"), in.Text("body"), env.Now
	return nil
}

func hasReport(r *Review, env *renda.Env) error {
	if r.Body == "" {
		return renda.Errorf(renda.ECONFLICT, "请先录入述职报告")
	}
	return nil
}

func openReview(r *Review, in *renda.Input, env *renda.Env, out *renda.Outcome) error {
	m := in.Ref("meeting")
	r.MeetingID, r.MeetingTitle, r.UpdatedAt = m.ID, m.Name, env.Now
	out.Note = m.Name
	return nil
}
