package budget

import (
	"time"

	"renda"
)

// Question states.
const (
	Asked = "asked" // waiting for the department's written answer
	// Answered (shared with warnings): answered in writing.
)

// Question is a deputy's question on a department's budget, answered in
// writing by the department (issue 15 point 5).
type Question struct {
	ID         string    `json:"id"`
	Year       int       `json:"year"`
	OrgID      string    `json:"organization_id"`
	OrgName    string    `json:"organization"`
	AskerID    string    `json:"-"`
	AskerName  string    `json:"asker"`
	Text       string    `json:"text"`
	Answer     string    `json:"answer,omitempty"`
	AnsweredBy string    `json:"answered_by,omitempty"`
	State      string    `json:"status"`
	CreatedAt  time.Time `json:"created_at"`
}

// StateLabel names the question's state.
func (q *Question) StateLabel() string { return QuestionFlow.StateLabel(q.State) }

// QuestionFlow is a question's workflow. Relations: "asker" (the deputy
// who asked), "department" (a clerk of the department asked), and the roles.
var QuestionFlow = renda.Register(&renda.Machine[Question]{
	Entity: "budget_question",
	Label:  "代表预算询问",
	States: []renda.StateDef{{State: Asked, Label: "待答复"}, {State: Answered, Label: "已书面答复"}},
	State:  func(q *Question) *string { return &q.State },
	Acts: []renda.Act[Question]{
		{Rule: renda.Rule{Action: "ask", Label: "提出询问", To: Asked, Who: []string{"deputy"}, Hidden: true, Fields: []renda.Field{
			{Name: "organization_id", Label: "部门", Kind: renda.FieldRef, Ref: "organization", Required: true},
			{Name: "year", Label: "年度", Kind: renda.FieldInt, Required: true, Min: 2000, Max: 2100},
			{Name: "text", Label: "询问内容", Kind: renda.FieldText, Required: true, Max: 2000, Help: "如：某项目预算安排的依据、执行进度偏慢的原因"},
		}}, Do: ask},
		{Rule: renda.Rule{Action: "answer", Label: "书面答复", From: []string{Asked}, To: Answered, Who: []string{"department", "staff", "admin"}, Tone: "primary",
			Fields: []renda.Field{{Name: "text", Label: "答复", Kind: renda.FieldText, Required: true, Max: 8000}}}, Do: answerQuestion},
	},
})

func ask(q *Question, in *renda.Input, env *renda.Env, out *renda.Outcome) error {
	r := in.Ref("organization_id")
	q.OrgID, q.OrgName, q.Year, q.Text = r.ID, r.Name, in.Int("year"), in.Text("text")
	q.AskerID, q.AskerName, q.CreatedAt = env.Actor.ID, env.ActorName(), env.Now
	out.Note = q.Text
	out.Notify(renda.ToOrg(q.OrgID), "人大代表询问预算："+q.AskerName, q.Text, "/budget/questions/"+q.ID)
	out.Notify(renda.ToRoles(renda.RoleStaff), "人大代表询问"+q.OrgName+"预算", q.Text, "/budget/questions/"+q.ID)
	return nil
}

func answerQuestion(q *Question, in *renda.Input, env *renda.Env, out *renda.Outcome) error {
	q.Answer, q.AnsweredBy = in.Text("text"), env.ActorName()
	out.Note = q.Answer
	out.Notify(renda.ToUser(q.AskerID), q.OrgName+"书面答复了您的询问", q.Answer, "/budget/questions/"+q.ID)
	return nil
}

// QuestionRelations are the actor's ties to a question.
func QuestionRelations(u *renda.User, q *Question) renda.Rel {
	rel := renda.RoleRel(u)
	if u == nil {
		return rel
	}
	if u.ID == q.AskerID {
		rel = append(rel, "asker")
	}
	if u.Role == renda.RoleUnit && u.OrgID != "" && u.OrgID == q.OrgID {
		rel = append(rel, "department")
	}
	return rel
}
