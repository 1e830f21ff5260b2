package supervision

import (
	"strings"

	"renda"
)

// Participant is a deputy taking part in an item (an inspection team, the
// committee of a 特定问题调查), or excluded from it for an interest (回避).
type Participant struct {
	ItemID   string `json:"-"`
	DeputyID string `json:"deputy_id"`
	Name     string `json:"name"`
	Recused  bool   `json:"recused"`
	Reason   string `json:"reason,omitempty"`
}

// ParticipantFacts are what the store loads for appoint and recuse.
type ParticipantFacts struct {
	Recused map[string]string // deputy id → the interest declared
}

func appoint(it *Item, in *renda.Input, env *renda.Env, out *renda.Outcome) error {
	f, _ := env.Facts.(*ParticipantFacts)
	var names []string
	for _, r := range in.Refs("deputy_ids") {
		if f != nil {
			if why, ok := f.Recused[r.ID]; ok {
				return &renda.Error{Code: renda.EINVALID, Message: "输入有误：" + r.Name + "与调查的问题有利害关系（" + why + "），应当回避",
					Fields: []renda.FieldError{{Field: "deputy_ids", Message: r.Name + "应当回避"}}}
			}
		}
		out.Add(&Participant{ItemID: it.ID, DeputyID: r.ID, Name: r.Name})
		out.Credit(participation(it, r.ID))
		names = append(names, r.Name)
	}
	out.Note = strings.Join(names, "、")
	return nil
}

func recuse(it *Item, in *renda.Input, env *renda.Env, out *renda.Outcome) error {
	r := in.Ref("deputy_id")
	if r == nil {
		return renda.Errorf(renda.EINVALID, "请选择代表")
	}
	out.Add(&Participant{ItemID: it.ID, DeputyID: r.ID, Name: r.Name, Recused: true, Reason: in.Text("reason")})
	out.Uncredit(participation(it, r.ID))
	out.Note = r.Name + "回避：" + in.Text("reason")
	return nil
}

// participation is what taking part in an item credits on a deputy's
// duty record: an evaluation as 参加工作评议, everything else (inspections,
// visits, investigations, inquiries) as 参加视察调研.
func participation(it *Item, deputyID string) renda.Credit {
	kind := "inspection"
	if it.Kind == KindEvaluation {
		kind = "evaluation"
	}
	return renda.Credit{DeputyID: deputyID, Kind: kind, Title: KindLabel(it.Kind) + "：" + it.Title, Entity: Entity, EntityID: it.ID}
}

// Question is one question of a 专题询问, with the answering official and
// the answer as recorded at the meeting.
type Question struct {
	ID       string `json:"id"`
	ItemID   string `json:"-"`
	Asker    string `json:"asker"`
	Question string `json:"question"`
	Official string `json:"official,omitempty"`
	Answer   string `json:"answer,omitempty"`
}

func inquiryOnly(it *Item, env *renda.Env) error {
	if it.Kind != KindInquiry || it.Interpellation() {
		return renda.Errorf(renda.ECONFLICT, "只有专题询问记录询问和回答")
	}
	return nil
}

func askQuestion(it *Item, in *renda.Input, env *renda.Env, out *renda.Outcome) error {
	q := &Question{ID: renda.NewID(), ItemID: it.ID, Asker: in.Text("asker"), Question: in.Text("question"), Official: in.Text("official"), Answer: in.Text("answer")}
	out.Add(q)
	out.Note = q.Asker + "：" + q.Question
	return nil
}
