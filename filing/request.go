package filing

import (
	"strings"
	"time"

	"renda"
)

// Review request states (domain.md §4: RECEIVED → ACCEPTED | TRANSFERRED →
// … → REQUESTER_NOTIFIED).
const (
	ReqReceived    = "received"    // 已收到
	ReqAccepted    = "accepted"    // 已受理，审查中
	ReqTransferred = "transferred" // 不属本机关审查，已移送
	ReqNotified    = "notified"    // 已告知审查结果
)

// Request is a 审查建议: a citizen or organisation asks the standing
// committee to review a document. Name and Phone are personal data
// (sealed, masked to all but staff); the requester follows it with the
// tracking code.
type Request struct {
	ID            string    `json:"id"`
	TrackingCode  string    `json:"tracking_code,omitempty"`
	Document      string    `json:"document"` // the title or 文号 as the requester gave it
	Reason        string    `json:"reason"`
	Name          string    `json:"name,omitempty"`
	Phone         string    `json:"phone,omitempty"`
	State         string    `json:"state"`
	FilingID      string    `json:"filing_id,omitempty"` // the filed document it is about, once found
	TransferredTo string    `json:"transferred_to,omitempty"`
	Result        string    `json:"result,omitempty"`
	CreatedAt     time.Time `json:"created_at"`
	UpdatedAt     time.Time `json:"updated_at"`
	ClosedAt      time.Time `json:"closed_at,omitzero"`

	FilingTitle string `json:"filing_title,omitempty"`
}

// StateLabel names the request's state.
func (r *Request) StateLabel() string { return RequestFlow.StateLabel(r.State) }

// AuditView keeps neither name nor phone in the trail.
func (r *Request) AuditView() any {
	v := *r
	v.Name, v.Phone, v.TrackingCode = "", "", ""
	return &v
}

// RequestSubmission is what a requester sends.
type RequestSubmission struct {
	Document, Reason, Name, Phone string
}

// Validate checks a submission.
func (s *RequestSubmission) Validate() error {
	var p renda.Problems
	s.Document = p.Line("document", "文件名称或文号", s.Document, true, 200)
	s.Reason = p.Text("reason", "审查建议的理由", s.Reason, true, 5000)
	s.Name = p.Line("name", "姓名或组织名称", s.Name, false, 60)
	s.Phone = renda.NormalizePhone(s.Phone)
	if s.Phone != "" && !renda.ValidPhone(s.Phone) {
		p.Add("phone", "联系电话格式不正确")
	}
	return p.Err()
}

// RequestFacts are what the store loads for a request's action.
type RequestFacts struct {
	Submission *RequestSubmission // submit
}

// RequestFlow is the workflow of a review request.
var RequestFlow = renda.Register(&renda.Machine[Request]{
	Entity: "review_request",
	Label:  "审查建议",
	States: []renda.StateDef{{State: ReqReceived, Label: "已收到"}, {State: ReqAccepted, Label: "已受理"},
		{State: ReqTransferred, Label: "已移送"}, {State: ReqNotified, Label: "已告知结果"}},
	State: func(r *Request) *string { return &r.State },
	Acts: []renda.Act[Request]{
		{Rule: renda.Rule{Action: "submit", Label: "提出审查建议", To: ReqReceived, Hidden: true, Who: []string{"public", "deputy", "unit", "staff", "admin", "leader"}}, Do: submitRequest},
		{Rule: renda.Rule{Action: "accept", Label: "受理", From: []string{ReqReceived}, To: ReqAccepted, Who: []string{"staff", "admin"}, Tone: "primary",
			Help:   "属于本机关审查范围的，受理并关联所涉备案文件。",
			Fields: []renda.Field{{Name: "filing_id", Label: "所涉备案文件", Kind: renda.FieldRef, Ref: "filing"}, note("备注", false, "")}}, Do: accept},
		{Rule: renda.Rule{Action: "transfer", Label: "移送有关机关", From: []string{ReqReceived}, To: ReqTransferred, Who: []string{"staff", "admin"},
			Help:   "不属于本机关审查范围的，依法移送有权审查的机关，并告知建议人。",
			Fields: []renda.Field{{Name: "to", Label: "移送机关", Kind: renda.FieldLine, Required: true, Max: 100}, note("告知建议人的说明", true, "")}}, Do: transfer},
		{Rule: renda.Rule{Action: "notify", Label: "告知审查结果", From: []string{ReqAccepted}, To: ReqNotified, Who: []string{"staff", "admin"}, Tone: "primary",
			Fields: []renda.Field{note("审查结果", true, "建议人凭查询码可以看到；留了手机号的会收到短信")}}, Do: notifyResult},
	},
})

func requestLink(r *Request) string { return "/review-requests/" + r.ID }

func tellRequester(r *Request, out *renda.Outcome, env *renda.Env, event, text string) {
	if !strings.HasPrefix(r.Phone, "1") {
		return
	}
	out.Send(renda.Message{Channel: "sms", Recipient: r.Phone, Subject: renda.DeploymentOf(env.Settings).ShortName,
		Body: text + "，查询码 " + r.TrackingCode + "。", Key: "review_request:" + r.ID + ":" + event})
}

func submitRequest(r *Request, _ *renda.Input, env *renda.Env, out *renda.Outcome) error {
	f, _ := env.Facts.(*RequestFacts)
	if f == nil || f.Submission == nil {
		return renda.Errorf(renda.EINTERNAL, "filing: a review request without a submission")
	}
	s := f.Submission
	*r = Request{ID: r.ID, TrackingCode: r.TrackingCode, Document: s.Document, Reason: s.Reason, Name: s.Name, Phone: s.Phone, CreatedAt: env.Now, UpdatedAt: env.Now}
	out.Note = s.Document
	out.Notify(renda.ToRoles(renda.RoleStaff), "新的审查建议", s.Document, requestLink(r))
	return nil
}

func accept(r *Request, in *renda.Input, env *renda.Env, out *renda.Outcome) error {
	if ref := in.Ref("filing_id"); ref != nil {
		r.FilingID, r.FilingTitle = ref.ID, ref.Name
		out.Also = append(out.Also, renda.Change{Action: "review_request", Entity: "filing", EntityID: ref.ID, Note: "收到审查建议：" + r.Reason})
	}
	out.Note = in.Text("text")
	tellRequester(r, out, env, "accepted", "您提出的审查建议已受理")
	return nil
}

func transfer(r *Request, in *renda.Input, env *renda.Env, out *renda.Outcome) error {
	r.TransferredTo, r.Result, r.ClosedAt = in.Text("to"), in.Text("text"), env.Now
	out.Note = "移送" + r.TransferredTo + "：" + r.Result
	tellRequester(r, out, env, "transferred", "您提出的审查建议不属本机关审查范围，已移送"+r.TransferredTo)
	return nil
}

func notifyResult(r *Request, in *renda.Input, env *renda.Env, out *renda.Outcome) error {
	r.Result, r.ClosedAt = in.Text("text"), env.Now
	out.Note = r.Result
	tellRequester(r, out, env, "notified", "您提出的审查建议已有审查结果")
	return nil
}

// PublicState is what the requester's tracking page says.
func PublicState(state string) string {
	return map[string]string{ReqReceived: "已收到，正在研究是否受理", ReqAccepted: "已受理，正在审查", ReqTransferred: "已移送有权审查的机关", ReqNotified: "已审查，结果如下"}[state]
}
