package vote

import (
	"renda"
)

var note = renda.Field{Name: "note", Label: "说明", Kind: renda.FieldText}

// Flow is the machine of a vote (of every kind): the one place a vote
// changes state. The ballot itself (the roll's voted flag and the
// anonymous ballot row) is written by the store's secret-ballot code; the
// machine says when each step is allowed and what it changes on the vote.
var Flow = renda.Register(&renda.Machine[Vote]{
	Entity: "vote",
	Label:  "票决",
	States: []renda.StateDef{{State: Draft, Label: "准备中"}, {State: Open, Label: "投票中"}, {State: Closed, Label: "已结束"}},
	State:  func(v *Vote) *string { return &v.Status },
	Acts: []renda.Act[Vote]{
		{Rule: renda.Rule{Action: "create", Label: "设置表决", To: Draft, Who: []string{"admin", "staff"}, Hidden: true}},
		{Rule: renda.Rule{Action: "update", Label: "修改", From: []string{Draft}, Who: []string{"admin", "staff"}, Hidden: true}},
		{Rule: renda.Rule{Action: "attendance", Label: "登记出席", From: []string{Draft, Open}, Who: []string{"admin", "staff"}, Hidden: true}},
		{Rule: renda.Rule{Action: "checkin", Label: "代表签到", From: []string{Draft, Open}, Who: []string{"voter"}, Hidden: true,
			Fields: []renda.Field{{Name: "code", Label: "签到码", Kind: renda.FieldLine, Required: true, Max: 10}}}},
		{Rule: renda.Rule{Action: "open", Label: "开始投票", From: []string{Draft}, To: Open, Who: []string{"admin", "staff", "system"},
			Tone: "primary", Confirm: "开始后代表即可投票，候选项目和规则不能再修改。", Fields: []renda.Field{note}},
			Pre: func(v *Vote, env *renda.Env) error {
				if len(v.Candidates) == 0 {
					return renda.Errorf(renda.ECONFLICT, "没有候选项目，不能开始投票")
				}
				return nil
			},
			Do: func(v *Vote, in *renda.Input, env *renda.Env, out *renda.Outcome) error {
				v.OpenedAt, v.UpdatedAt = env.Now, env.Now
				out.Note = in.Text("note")
				return nil
			}},
		{Rule: renda.Rule{Action: "ballot", Label: "投票", From: []string{Open}, Who: []string{"voter"}, Hidden: true}},
		{Rule: renda.Rule{Action: "paper", Label: "录入纸质票", From: []string{Open, Closed}, Who: []string{"admin", "staff"}, Hidden: true}},
		{Rule: renda.Rule{Action: "paper_confirm", Label: "复核纸质票", From: []string{Open, Closed}, Who: []string{"admin", "staff"}, Hidden: true}},
		// A draft whose window has passed without being opened is closed
		// by the sweep; staff close only an open vote.
		{Rule: renda.Rule{Action: "close", Label: "结束投票", From: []string{Open, Draft}, To: Closed, Who: []string{"admin", "staff", "system"},
			Tone: "danger", Confirm: "结束后不能再投票，结果立即生成，选票随即封存。", Fields: []renda.Field{note}},
			Pre: func(v *Vote, env *renda.Env) error {
				if v.Status == Draft && v.Effective(env.Now) != Closed {
					return renda.Errorf(renda.ECONFLICT, "当前状态为“准备中”，不能执行“结束投票”")
				}
				return nil
			},
			Do: func(v *Vote, in *renda.Input, env *renda.Env, out *renda.Outcome) error {
				v.ClosedAt, v.UpdatedAt = env.Now, env.Now
				out.Note = in.Text("note")
				return nil
			}},
		{Rule: renda.Rule{Action: "decide", Label: "主席团决定", From: []string{Closed}, Who: []string{"admin", "staff"}, Hidden: true,
			Fields: []renda.Field{{Name: "project_id", Label: "项目", Kind: renda.FieldLine, Required: true, Max: 40},
				{Name: "adopt", Label: "决定", Kind: renda.FieldChoice, Required: true, Options: []renda.Option{{Value: "yes", Label: "当选"}, {Value: "no", Label: "不当选"}}},
				{Name: "note", Label: "决定说明", Kind: renda.FieldText, Required: true, Max: 500}}}},
		{Rule: renda.Rule{Action: "seal", Label: "封存选票", From: []string{Closed}, Who: []string{"system"}, Hidden: true}},
	},
})

// Workflow is the vote's transition table.
var Workflow = Flow.Table()
