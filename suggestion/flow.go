package suggestion

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"renda"
)

// Flow is the workflow of motions and suggestions (domain.md §2): draft →
// submitted → registered → assigned → replied → closed, rehandling after an
// unsatisfied feedback, and the side roads of §2.2 and §2.3 (listed,
// referred, converted, rejected, merged, withdrawn). Relations: the roles
// (staff, leader, admin), and the ties computed by Suggestion.Relations:
// proposer (the lead deputy), cosigner_pending, cosigner, lead_unit,
// split_unit, co_unit, priority_leader, procuratorate.
var Flow = renda.Register(&renda.Machine[Suggestion]{
	Entity: "suggestion",
	Label:  "议案建议",
	States: []renda.StateDef{
		{State: Draft, Label: "草稿"}, {State: Submitted, Label: "已提交"}, {State: Registered, Label: "已登记"}, {State: Listed, Label: "列入议程"},
		{State: Referred, Label: "交付审议"}, {State: Converted, Label: "已转为建议"}, {State: Assigned, Label: "办理中"}, {State: Replied, Label: "已答复"},
		{State: Rehandling, Label: "重新办理"}, {State: Closed, Label: "已办结"}, {State: Rejected, Label: "不予立案"}, {State: Merged, Label: "已并案"},
		{State: Withdrawn, Label: "已撤回"},
	},
	State: func(s *Suggestion) *string { return &s.Status },
	Acts: []renda.Act[Suggestion]{
		// Drafting: through the draft form (Facts.Draft), not the action buttons.
		// A motion converted to a suggestion creates a registered one (Alt).
		{Rule: renda.Rule{Action: "create", Label: "新建", To: Draft, Alt: []string{Registered}, Who: []string{"proposer", "staff", "admin"}, Hidden: true}, Do: create},
		{Rule: renda.Rule{Action: "edit", Label: "修改草稿", From: []string{Draft}, Who: []string{"proposer"}, Hidden: true}, Do: edit},
		{Rule: renda.Rule{Action: "cosign", Label: "确认联名", From: []string{Draft, Submitted}, Who: []string{"cosigner_pending"}, Tone: "primary"}, Do: answerInvitation},
		{Rule: renda.Rule{Action: "decline", Label: "不参加联名", From: []string{Draft, Submitted}, Who: []string{"cosigner_pending"}, Tone: "danger"}, Do: answerInvitation},
		{Rule: renda.Rule{Action: "submit", Label: "提交", From: []string{Draft}, To: Submitted, Who: []string{"proposer"}, Tone: "primary"}, Do: submit},
		{Rule: renda.Rule{Action: "withdraw", Label: "撤回", From: []string{Draft, Submitted}, To: Withdrawn, Who: []string{"proposer"}, Tone: "danger",
			Fields: []renda.Field{note("撤回理由", false, 1000)}}, Do: withdraw},
		{Rule: renda.Rule{Action: "register", Label: "登记编号", From: []string{Submitted}, To: Registered, Who: []string{"staff", "admin"}, Tone: "primary",
			Fields: []renda.Field{{Name: "category", Label: "类别", Kind: renda.FieldChoice, OptionsFrom: "suggestions.categories"}}}, Do: register},
		{Rule: renda.Rule{Action: "reject", Label: "不予立案", From: []string{Submitted, Registered}, To: Rejected, Who: []string{"staff", "admin"}, Tone: "danger",
			Fields: []renda.Field{note("不予立案的理由", true, 1000)}}, Do: reject},
		{Rule: renda.Rule{Action: "merge", Label: "并案", From: []string{Submitted, Registered}, To: Merged, Who: []string{"staff", "admin"},
			Fields: []renda.Field{{Name: "target_id", Label: "并入的议案建议", Kind: renda.FieldRef, Ref: "suggestion", Filter: "merge_target", Required: true}, note("说明", false, 1000)}}, Do: merge},
		{Rule: renda.Rule{Action: "list", Label: "列入会议议程", From: []string{Registered}, To: Listed, Who: []string{"staff", "admin"},
			Fields: []renda.Field{note("说明", false, 1000)}}, Pre: motionOnly, Do: decideMotion},
		{Rule: renda.Rule{Action: "refer", Label: "交付审议", From: []string{Registered}, To: Referred, Who: []string{"staff", "admin"},
			Fields: []renda.Field{note("说明", false, 1000)}}, Pre: motionOnly, Do: decideMotion},
		{Rule: renda.Rule{Action: "convert", Label: "转为建议", From: []string{Registered}, To: Converted, Who: []string{"staff", "admin"},
			Fields: []renda.Field{note("说明", true, 1000)}}, Pre: motionOnly, Do: convert},
		{Rule: renda.Rule{Action: "assign", Label: "交办", From: []string{Registered, Listed, Referred}, To: Assigned, Who: []string{"staff", "admin"}, Tone: "primary",
			Fields: []renda.Field{
				{Name: "lead_unit_id", Label: "主办单位", Kind: renda.FieldRef, Ref: "organization", Filter: "handling_unit", Required: true},
				{Name: "co_role", Label: "其他单位的办理方式", Kind: renda.FieldChoice, Options: []renda.Option{{Value: UnitAssist, Label: "协办"}, {Value: UnitJoint, Label: "会办"}, {Value: UnitSplit, Label: "分办（各单位分别答复）"}}},
				{Name: "co_unit_ids", Label: "协办（会办、分办）单位", Kind: renda.FieldRefs, Ref: "organization", Filter: "handling_unit", Help: "可多选，也可不选"},
				note("交办意见", false, 1000),
			}}, Pre: assignable, Do: assign},
		{Rule: renda.Rule{Action: "request_return", Label: "申请退办", From: []string{Assigned}, Who: []string{"lead_unit", "split_unit"}, Tone: "danger",
			Fields: []renda.Field{note("退办理由", true, 1000)}}, Pre: returnable, Do: requestReturn},
		{Rule: renda.Rule{Action: "approve_return", Label: "同意退办", From: []string{Assigned}, To: Registered, Who: []string{"staff", "admin"}, Tone: "primary",
			Fields: []renda.Field{note("审批意见", false, 1000)}}, Pre: pendingReturn, Do: approveReturn},
		{Rule: renda.Rule{Action: "reject_return", Label: "不同意退办", From: []string{Assigned}, Who: []string{"staff", "admin"},
			Fields: []renda.Field{note("审批意见", true, 1000)}}, Pre: pendingReturn, Do: rejectReturn},
		{Rule: renda.Rule{Action: "request_extension", Label: "申请延期", From: []string{Assigned, Rehandling}, Who: []string{"lead_unit", "split_unit"},
			Fields: []renda.Field{{Name: "until", Label: "申请延至", Kind: renda.FieldDate, Required: true, Help: "最迟不超过自交办之日起 {suggestions.reply_period_max}"},
				note("延期理由", true, 1000)}}, Pre: noPendingExtension, Do: requestExtension},
		{Rule: renda.Rule{Action: "approve_extension", Label: "同意延期", From: []string{Assigned, Rehandling}, Who: []string{"staff", "admin"}, Tone: "primary",
			Fields: []renda.Field{{Name: "until", Label: "批准延至", Kind: renda.FieldDate, Help: "留空按申请的日期"}, note("审批意见", false, 1000)}},
			Pre: pendingExtension, Do: approveExtension},
		{Rule: renda.Rule{Action: "reject_extension", Label: "不同意延期", From: []string{Assigned, Rehandling}, Who: []string{"staff", "admin"},
			Fields: []renda.Field{note("审批意见", true, 1000)}}, Pre: pendingExtension, Do: rejectExtension},
		{Rule: renda.Rule{Action: "contact", Label: "与代表沟通", From: []string{Assigned, Rehandling}, Who: []string{"lead_unit", "split_unit"},
			Fields: []renda.Field{
				{Name: "method", Label: "沟通方式", Kind: renda.FieldChoice, Required: true, Options: options(ContactMethods)},
				{Name: "on", Label: "沟通日期", Kind: renda.FieldDate, Help: "留空为今天"},
				note("沟通情况", false, 2000), files("附件"),
			}}, Do: contact},
		{Rule: renda.Rule{Action: "opinion", Label: "协办意见", From: []string{Assigned, Rehandling}, Who: []string{"co_unit"}, Tone: "primary",
			Fields: []renda.Field{text("协办意见", 10000), files("附件")}}, Do: assistOpinion},
		{Rule: renda.Rule{Action: "reply", Label: "答复", From: []string{Assigned, Rehandling}, To: Replied, Alt: []string{Assigned, Rehandling},
			Who: []string{"lead_unit", "split_unit"}, Tone: "primary",
			Fields: []renda.Field{
				{Name: "category", Label: "答复类别", Kind: renda.FieldChoice, Required: true, OptionsFunc: replyOptions},
				text("答复内容", 20000),
				{Name: "files", Label: "盖章的答复函", Kind: renda.FieldFiles, Accept: "image/*,.pdf,.doc,.docx,.ofd", Help: "扫描件或照片"},
			}}, Do: reply},
		{Rule: renda.Rule{Action: "feedback", Label: "代表反馈", From: []string{Replied}, Alt: []string{Rehandling}, Who: []string{"proposer"}, Tone: "primary",
			Fields: []renda.Field{
				{Name: "rating", Label: "对答复的满意度", Kind: renda.FieldChoice, Required: true, Options: []renda.Option{
					{Value: renda.RatingSatisfied, Label: "满意"}, {Value: renda.RatingBasic, Label: "基本满意"}, {Value: renda.RatingUnsatisfied, Label: "不满意"}}},
				{Name: "comment", Label: "意见（不满意时必填）", Kind: renda.FieldText, Max: 2000},
				{Name: "consent", Label: "同意在公众网站公开答复（不含联系方式等个人信息）", Kind: renda.FieldBool},
			}}, Pre: noFeedbackYet, Do: feedback},
		{Rule: renda.Rule{Action: "follow_up", Label: "跟踪答复", From: []string{Replied, Closed}, Who: []string{"lead_unit"},
			Fields: []renda.Field{text("跟踪答复内容", 20000), files("附件")}}, Pre: followUpCategory, Do: followUp},
		{Rule: renda.Rule{Action: "consent", Label: "同意公开答复", From: []string{Replied, Closed}, Who: []string{"proposer"},
			Fields: []renda.Field{{Name: "consent", Label: "同意在公众网站公开答复", Kind: renda.FieldBool}}}, Pre: consentOpen, Do: consent},
		{Rule: renda.Rule{Action: "close", Label: "办结", From: []string{Replied}, To: Closed, Who: []string{"staff", "admin"}, Tone: "primary",
			Fields: []renda.Field{note("办结说明", false, 1000)}}, Pre: closable, Do: closeItem},
		{Rule: renda.Rule{Action: "publish", Label: "公开答复", From: []string{Replied, Closed}, Who: []string{"staff", "admin"}, Tone: "primary",
			Fields: []renda.Field{{Name: "public_text", Label: "公开的答复内容", Kind: renda.FieldText, Max: 20000,
				Help: "已自动隐去电话号码和身份证号；请再检查是否含有其他个人信息"}}}, Pre: publishable, Do: publish},
		{Rule: renda.Rule{Action: "unpublish", Label: "撤销公开", From: []string{Replied, Closed}, Who: []string{"staff", "admin"}, Tone: "danger",
			Fields: []renda.Field{note("理由", true, 1000)}}, Pre: published, Do: unpublish},
		{Rule: renda.Rule{Action: "prioritize", Label: "确定为重点建议并领办", From: []string{Registered, Listed, Referred, Assigned, Rehandling, Replied}, Who: []string{"leader"},
			Fields: []renda.Field{{Name: "inspection_required", Label: "办结前须检查验收", Kind: renda.FieldBool}, note("说明", false, 1000)}},
			Pre: notPriority, Do: prioritize},
		{Rule: renda.Rule{Action: "supervise", Label: "督办", From: []string{Assigned, Rehandling, Replied}, Who: []string{"leader", "staff", "admin"},
			Fields: []renda.Field{{Name: "on", Label: "督办日期", Kind: renda.FieldDate, Help: "留空为今天"}, text("督办情况", 5000), files("照片或材料")}}, Do: supervise},
		{Rule: renda.Rule{Action: "inspect", Label: "检查验收", From: []string{Replied}, Who: []string{"priority_leader", "leader", "staff", "admin"},
			Fields: []renda.Field{{Name: "passed", Label: "验收通过", Kind: renda.FieldBool}, text("验收意见", 5000), files("照片或材料")}}, Pre: priorityOnly, Do: inspect},
		{Rule: renda.Rule{Action: "copy_procuratorate", Label: "抄送检察机关", From: []string{Registered, Assigned, Rehandling, Replied, Closed}, Who: []string{"staff", "admin"},
			Fields: []renda.Field{note("说明（涉及生态环境、食品药品、国有财产、未成年人保护等公益事项）", false, 1000)}}, Pre: notCopied, Do: copyProcuratorate},
		{Rule: renda.Rule{Action: "procuratorate", Label: "检察机关办理情况", From: []string{Registered, Assigned, Rehandling, Replied, Closed}, Who: []string{"procuratorate", "staff", "admin"},
			Fields: []renda.Field{
				{Name: "method", Label: "办理环节", Kind: renda.FieldChoice, Required: true, Options: options(ProcuratorateSteps)},
				{Name: "on", Label: "日期", Kind: renda.FieldDate, Help: "留空为今天"},
				{Name: "text", Label: "情况说明", Kind: renda.FieldText, Max: 5000},
				files("立案决定书、检察建议书等"),
			}}, Pre: copied, Do: procuratorate},
		// Steps recorded on an item by others, never taken directly (no one is entitled).
		{Rule: renda.Rule{Action: "invite", Label: "邀请联名"}},
		{Rule: renda.Rule{Action: "merge_in", Label: "并入其他议案建议"}},
	},
})

func note(label string, required bool, max int) renda.Field {
	return renda.Field{Name: "note", Label: label, Kind: renda.FieldText, Required: required, Max: max}
}

func text(label string, max int) renda.Field {
	return renda.Field{Name: "text", Label: label, Kind: renda.FieldText, Required: true, Max: max}
}

func files(label string) renda.Field {
	return renda.Field{Name: "files", Label: label, Kind: renda.FieldFiles}
}

func options(list []struct{ Value, Label string }) []renda.Option {
	out := make([]renda.Option, len(list))
	for i, o := range list {
		out[i] = renda.Option{Value: o.Value, Label: o.Label}
	}
	return out
}

// replyOptions are the reply categories of the settings ("A类：已经解决…").
func replyOptions(set *renda.Settings) []renda.Option {
	var out []renda.Option
	for _, c := range ReplyCategories(set) {
		out = append(out, renda.Option{Value: c.Code, Label: c.Code + "类：" + c.Label})
	}
	return out
}

// Facts are what the store loads for an action besides the item.
type Facts struct {
	Draft     *DraftText     // create, edit: the deputy's text
	Proposer  *Deputy        // create: the lead deputy
	Cosigners []Deputy       // create, edit: the deputies invited (those that exist)
	Session   *renda.Session // submit: the session the day falls in, or the last before it
	Seq       int            // register, convert: the next number of the item's series
	Target    *Suggestion    // merge: the item this one joins, with its signers
	// copy_procuratorate: the procuratorate ("" if none is registered).
	ProcuratorateID, ProcuratorateName string
	NewID                              func() string
}

// DraftText is what a deputy writes in a draft.
type DraftText struct {
	Kind, Title, Grounds, Body, Category string
	ByDelegation                         bool
	SourceEntity, SourceID               string // lineage, e.g. an opinion
	CosignerIDs                          []string
}

// Deputy is a deputy as a draft needs them.
type Deputy struct {
	ID, Name, CongressID, DelegationID string
	Level                              renda.Level
	Active                             bool
}

// MergeTarget is the child record of a merge: the target with its new signers.
type MergeTarget struct{ Target *Suggestion }

// Series returns the numbering series an action takes a number from
// (register: the item's; convert: the suggestion it becomes), or "".
func Series(s *Suggestion, action string) string {
	switch action {
	case "register":
		key, _ := SeriesOf(s, s.SubmittedAt)
		return key
	case "convert":
		key, _ := SeriesOf(converted(s), s.SubmittedAt)
		return key
	}
	return ""
}

func converted(s *Suggestion) *Suggestion {
	return &Suggestion{Kind: KindSuggestion, DuringSession: s.DuringSession, SessionID: s.SessionID, SessionName: s.SessionName}
}

var stateLabels = map[string]string{}

func init() {
	for _, s := range Flow.States {
		stateLabels[s.State] = s.Label
	}
}

func facts(env *renda.Env) *Facts {
	f, ok := env.Facts.(*Facts)
	if !ok || f == nil {
		f = &Facts{}
	}
	if f.NewID == nil {
		f.NewID = renda.NewID
	}
	return f
}

func link(s *Suggestion) string { return "/suggestions/" + s.ID }

// label names the item in messages: its number and title.
func label(s *Suggestion) string {
	if s.Number != "" {
		return s.Number + " " + s.Title
	}
	return s.Title
}

func invalid(field, msg string) error {
	return &renda.Error{Code: renda.EINVALID, Message: "输入有误：" + msg, Fields: []renda.FieldError{{Field: field, Message: msg}}}
}

// notifySigners tells the lead deputy and every confirmed co-signer.
func notifySigners(s *Suggestion, out *renda.Outcome, title, body string) {
	for _, g := range s.Signers {
		if g.Lead || g.Status == SignerConfirmed {
			out.Notify(renda.ToDeputy(g.DeputyID), title, body, link(s))
		}
	}
}

// notifyUnits tells every unit handling the item.
func notifyUnits(s *Suggestion, out *renda.Outcome, title, body string) {
	for _, u := range s.Units {
		out.Notify(renda.ToOrg(u.OrgID), title, body, link(s))
	}
}

func notifyStaff(s *Suggestion, out *renda.Outcome, title, body string) {
	out.Notify(renda.ToRoles(renda.RoleStaff), title, body, link(s))
}

// addRecord adds a handling record by the actor in the current round.
func addRecord(s *Suggestion, env *renda.Env, r Record) *Record {
	r.ID, r.SuggestionID, r.CreatedAt = facts(env).NewID(), s.ID, env.Now
	if r.Round == 0 {
		r.Round = s.Round
	}
	if a := env.Actor; a != nil {
		r.UserID, r.UserName = a.ID, a.Name()
		if r.OrgID == "" && a.Role == renda.RoleUnit {
			r.OrgID = a.OrgID
		}
	}
	s.Records = append(slices.Clip(s.Records), r)
	return &s.Records[len(s.Records)-1]
}

// pendingRecord returns the index of the pending request of a kind, or -1.
func pendingRecord(s *Suggestion, kind string) int {
	return slices.IndexFunc(s.Records, func(r Record) bool { return r.Kind == kind && r.Status == "pending" })
}

// setRecord changes a record on a copy of the records.
func setRecord(s *Suggestion, i int, change func(*Record)) {
	s.Records = slices.Clone(s.Records)
	change(&s.Records[i])
}

// day returns a date field, today if none, refusing a day in the future.
func day(in *renda.Input, env *renda.Env, name, what string) (renda.Date, error) {
	d := in.Date(name)
	if d.IsZero() {
		return env.Today(), nil
	}
	if d.After(env.Today()) {
		return d, invalid(name, what+"不能晚于今天")
	}
	return d, nil
}

// --- drafting ---

func create(s *Suggestion, in *renda.Input, env *renda.Env, out *renda.Outcome) error {
	f := facts(env)
	d, p := f.Draft, f.Proposer
	if d == nil || p == nil {
		return renda.Errorf(renda.EINTERNAL, "suggestion: create without a draft")
	}
	kind := d.Kind
	if kind == "" {
		kind = KindSuggestion
	}
	*s = Suggestion{ID: s.ID, Kind: kind, Title: d.Title, Grounds: d.Grounds, Body: d.Body, Category: d.Category, Status: Draft,
		ProposerID: p.ID, ProposerName: p.Name, ByDelegation: d.ByDelegation, SourceEntity: d.SourceEntity, SourceID: d.SourceID,
		CongressID: p.CongressID, CongressLevel: p.Level, DelegationID: p.DelegationID, CreatedAt: env.Now, UpdatedAt: env.Now}
	if err := s.ValidateDraft(env.Settings); err != nil {
		return err
	}
	var pr renda.Problems
	s.SourceEntity = pr.Line("source_entity", "来源", s.SourceEntity, false, 40)
	if s.SourceID != "" && !renda.ValidID(s.SourceID) {
		pr.Add("source_id", "来源编号无效")
	}
	if err := pr.Err(); err != nil {
		return err
	}
	if !p.Active {
		return renda.Errorf(renda.ECONFLICT, "%s目前不在任，不能提出议案建议", p.Name)
	}
	if s.ByDelegation && s.DelegationID == "" {
		return &renda.Error{Code: renda.EINVALID, Message: "领衔代表不属于任何代表团，不能以代表团名义提出", Fields: []renda.FieldError{{Field: "by_delegation", Message: "无代表团"}}}
	}
	s.Signers = []Signer{{DeputyID: p.ID, Name: p.Name, Lead: true, Status: SignerConfirmed, InvitedAt: env.Now, AnsweredAt: env.Now}}
	if s.SourceEntity != "" {
		out.Note = "来源：" + renda.EntityLabel(s.SourceEntity) + " " + s.SourceID
	}
	return invite(s, d.CosignerIDs, f.Cosigners, env, out)
}

func edit(s *Suggestion, in *renda.Input, env *renda.Env, out *renda.Outcome) error {
	f := facts(env)
	d := f.Draft
	if d == nil {
		return renda.Errorf(renda.EINTERNAL, "suggestion: edit without a draft")
	}
	if d.Kind != "" {
		s.Kind = d.Kind
	}
	s.Title, s.Grounds, s.Body, s.Category, s.ByDelegation = d.Title, d.Grounds, d.Body, d.Category, d.ByDelegation
	if err := s.ValidateDraft(env.Settings); err != nil {
		return err
	}
	if s.ByDelegation && s.DelegationID == "" {
		return &renda.Error{Code: renda.EINVALID, Message: "领衔代表不属于任何代表团，不能以代表团名义提出", Fields: []renda.FieldError{{Field: "by_delegation", Message: "无代表团"}}}
	}
	return invite(s, d.CosignerIDs, f.Cosigners, env, out)
}

// invite makes the signers of a draft the lead plus ids: new names are
// invited (pending), names no longer listed are dropped unless they
// already confirmed. found are the deputies of ids that exist.
func invite(s *Suggestion, ids []string, found []Deputy, env *renda.Env, out *renda.Outcome) error {
	bad := func(msg string) error {
		return &renda.Error{Code: renda.EINVALID, Message: msg, Fields: []renda.FieldError{{Field: "cosigners", Message: msg}}}
	}
	want := map[string]bool{}
	for _, id := range ids {
		if id == "" || id == s.ProposerID {
			continue
		}
		if !renda.ValidID(id) {
			return bad("所选联名代表不存在")
		}
		want[id] = true
	}
	if len(want) > 200 {
		return bad("联名代表最多 200 人")
	}
	var signers []Signer
	for _, g := range s.Signers {
		if g.Lead || want[g.DeputyID] || g.Status == SignerConfirmed {
			signers = append(signers, g)
		}
	}
	var added []string
	for _, id := range ids {
		if !want[id] || slices.ContainsFunc(signers, func(g Signer) bool { return g.DeputyID == id }) {
			continue
		}
		i := slices.IndexFunc(found, func(d Deputy) bool { return d.ID == id })
		if i < 0 {
			return bad("所选联名代表不存在")
		}
		d := found[i]
		if d.CongressID != s.CongressID || !d.Active {
			return &renda.Error{Code: renda.EINVALID, Message: d.Name + "不是本级人大的在任代表，不能联名", Fields: []renda.FieldError{{Field: "cosigners", Message: d.Name + "不能联名"}}}
		}
		signers = append(signers, Signer{DeputyID: d.ID, Name: d.Name, Status: SignerPending, InvitedAt: env.Now})
		added = append(added, d.Name)
		out.Notify(renda.ToDeputy(d.ID), "请确认联名："+s.Title, s.ProposerName+"代表邀请您联名提出"+KindLabel(s.Kind)+"，确认后您的姓名才计入联名代表。", link(s))
	}
	s.Signers = signers
	if len(added) > 0 {
		slices.Sort(added)
		out.Also = append(out.Also, renda.Change{Action: "invite", Entity: "suggestion", EntityID: s.ID, Note: "邀请联名：" + strings.Join(added, "、")})
	}
	return nil
}

func answerInvitation(s *Suggestion, in *renda.Input, env *renda.Env, out *renda.Outcome) error {
	st := SignerConfirmed
	if out.Action == "decline" {
		st = SignerDeclined
	}
	s.Signers = slices.Clone(s.Signers)
	for i := range s.Signers {
		if s.Signers[i].DeputyID == env.Actor.DeputyID {
			s.Signers[i].Status, s.Signers[i].AnsweredAt = st, env.Now
		}
	}
	out.Note = env.ActorName()
	out.Notify(renda.ToDeputy(s.ProposerID), env.ActorName()+SignerStatusLabel(st)+"联名", s.Title, link(s))
	return nil
}

func submit(s *Suggestion, in *renda.Input, env *renda.Env, out *renda.Outcome) error {
	today := env.Today()
	s.SessionID, s.SessionName, s.SessionEnd, s.DuringSession = "", "", renda.Date{}, false
	session := facts(env).Session
	if session != nil {
		s.SessionID, s.SessionName, s.SessionEnd = session.ID, session.ShortName(), session.EndDate
		s.DuringSession = session.InSession(today)
	}
	if s.Kind == KindMotion {
		if session == nil || !session.InSession(today) {
			return renda.Errorf(renda.ECONFLICT, "议案只能在人民代表大会会议期间提出；闭会期间请以建议提出")
		}
		if !session.MotionDeadline.IsZero() && !env.Now.Before(session.MotionDeadline) {
			return renda.Errorf(renda.ECONFLICT, "本次会议提出议案的截止时间（%s）已过；可以改为建议提出", session.MotionDeadline.In(renda.CST).Format("1月2日15:04"))
		}
		need := MotionCosigners(env.Settings, s.CongressLevel)
		if !s.ByDelegation && s.ConfirmedSigners() < need {
			return renda.Errorf(renda.ECONFLICT, "议案须有 %d 名以上代表联名（含领衔代表），目前已确认 %d 名", need, s.ConfirmedSigners())
		}
		if s.ByDelegation && !env.Settings.Bool("suggestions.delegation_motions") {
			return renda.Errorf(renda.ECONFLICT, "本地规定代表团不能提出议案")
		}
	}
	s.SubmittedAt = env.Now
	notifyStaff(s, out, "新的代表"+s.KindLabel()+"待登记", s.ProposerName+"："+s.Title)
	for _, c := range dutyCredits(s) {
		out.Credit(c)
	}
	return nil
}

// dutyCredits are the entries a submitted item makes in its deputies' duty
// records: the lead deputy's, and each co-signer who confirmed.
func dutyCredits(s *Suggestion) []renda.Credit {
	var out []renda.Credit
	lead := false
	for _, g := range s.Signers {
		switch {
		case g.Lead || g.DeputyID == s.ProposerID:
			lead = true
			out = append(out, renda.Credit{DeputyID: g.DeputyID, Kind: "suggestion_lead", Title: "领衔提出" + s.KindLabel() + "：" + s.Title, Entity: "suggestion", EntityID: s.ID})
		case g.Status == SignerConfirmed:
			out = append(out, renda.Credit{DeputyID: g.DeputyID, Kind: "suggestion_cosign", Title: "附议" + s.KindLabel() + "：" + s.Title, Entity: "suggestion", EntityID: s.ID})
		}
	}
	if !lead && s.ProposerID != "" {
		out = append(out, renda.Credit{DeputyID: s.ProposerID, Kind: "suggestion_lead", Title: "领衔提出" + s.KindLabel() + "：" + s.Title, Entity: "suggestion", EntityID: s.ID})
	}
	return out
}

// withdraw: the proposer takes the item back; a submitted item leaves its
// deputies' duty records.
func withdraw(s *Suggestion, in *renda.Input, env *renda.Env, out *renda.Outcome) error {
	if s.Status == Submitted {
		for _, c := range dutyCredits(s) {
			out.Uncredit(c)
		}
	}
	return noted(s, in, env, out)
}

func noted(s *Suggestion, in *renda.Input, env *renda.Env, out *renda.Outcome) error {
	out.Note = in.Text("note")
	return nil
}

// --- registering ---

func register(s *Suggestion, in *renda.Input, env *renda.Env, out *renda.Outcome) error {
	if c := in.Text("category"); c != "" {
		s.Category = c
	} else if s.Category == "" {
		return invalid("category", "请选择类别")
	}
	f := facts(env)
	if f.Seq == 0 {
		return renda.Errorf(renda.EINTERNAL, "suggestion: register without a number")
	}
	_, prefix := SeriesOf(s, s.SubmittedAt)
	s.Seq, s.Number, s.RegisteredAt = f.Seq, NumberOf(prefix, f.Seq), env.Now
	out.Note = s.Number
	notifySigners(s, out, "您的"+s.KindLabel()+"已登记："+s.Number, s.Title)
	return nil
}

func reject(s *Suggestion, in *renda.Input, env *renda.Env, out *renda.Outcome) error {
	s.RejectReason = in.Text("note")
	out.Note = s.RejectReason
	notifySigners(s, out, "您的"+s.KindLabel()+"未予立案", s.Title+"。理由："+s.RejectReason)
	return nil
}

func merge(s *Suggestion, in *renda.Input, env *renda.Env, out *renda.Outcome) error {
	if in.Text("target_id") == s.ID {
		return invalid("target_id", "不能并入自身")
	}
	t := facts(env).Target
	if t == nil {
		return invalid("target_id", "并入的议案建议不存在")
	}
	if !slices.Contains([]string{Submitted, Registered, Assigned, Rehandling}, t.Status) || t.Kind != s.Kind {
		return renda.Errorf(renda.ECONFLICT, "只能并入同类型、尚未答复的议案建议（%s 目前为“%s”）", t.Title, stateLabels[t.Status])
	}
	target := *t
	target.Signers = slices.Clone(t.Signers)
	var added []string
	for _, g := range s.Signers {
		if !g.Lead && g.Status != SignerConfirmed {
			continue
		}
		if i := slices.IndexFunc(target.Signers, func(tg Signer) bool { return tg.DeputyID == g.DeputyID }); i >= 0 {
			if target.Signers[i].Status != SignerConfirmed {
				target.Signers[i].Status, target.Signers[i].AnsweredAt = SignerConfirmed, env.Now
			}
			continue
		}
		target.Signers = append(target.Signers, Signer{DeputyID: g.DeputyID, Name: g.Name, Status: SignerConfirmed, InvitedAt: env.Now, AnsweredAt: env.Now})
		added = append(added, g.Name)
	}
	out.Add(&MergeTarget{Target: &target})
	s.MergedInto = target.ID
	out.Note = "并入：" + target.Title
	if n := in.Text("note"); n != "" {
		out.Note += "。" + n
	}
	out.Also = append(out.Also, renda.Change{Action: "merge_in", Entity: "suggestion", EntityID: target.ID,
		Note: "并入 " + s.Title + "（提出人：" + strings.Join(added, "、") + "）"})
	notifySigners(s, out, "您的"+s.KindLabel()+"已并案办理", s.Title+" 并入《"+target.Title+"》")
	return nil
}

func motionOnly(s *Suggestion, env *renda.Env) error {
	if s.Kind != KindMotion {
		return renda.Errorf(renda.ECONFLICT, "只有议案可以列入议程、交付审议或转为建议")
	}
	return nil
}

func decideMotion(s *Suggestion, in *renda.Input, env *renda.Env, out *renda.Outcome) error {
	out.Note = in.Text("note")
	notifySigners(s, out, "您领衔的议案："+stateLabels[out.To], s.Title)
	return nil
}

func convert(s *Suggestion, in *renda.Input, env *renda.Env, out *renda.Outcome) error {
	f := facts(env)
	if f.Seq == 0 {
		return renda.Errorf(renda.EINTERNAL, "suggestion: convert without a number")
	}
	_, prefix := SeriesOf(converted(s), s.SubmittedAt)
	c := &Suggestion{ID: f.NewID(), Kind: KindSuggestion, Number: NumberOf(prefix, f.Seq), Seq: f.Seq, Title: s.Title,
		Grounds: s.Grounds, Body: s.Body, Category: s.Category, Status: Registered, ProposerID: s.ProposerID, ProposerName: s.ProposerName,
		DelegationID: s.DelegationID, CongressID: s.CongressID, CongressLevel: s.CongressLevel, SessionID: s.SessionID, SessionName: s.SessionName,
		SessionEnd: s.SessionEnd, DuringSession: s.DuringSession, ConvertedFrom: s.ID,
		SourceEntity: s.SourceEntity, SourceID: s.SourceID, CreatedAt: env.Now, SubmittedAt: s.SubmittedAt, RegisteredAt: env.Now, UpdatedAt: env.Now}
	for _, g := range s.Signers {
		if g.Lead || g.Status == SignerConfirmed {
			c.Signers = append(c.Signers, Signer{DeputyID: g.DeputyID, Name: g.Name, Lead: g.Lead, Status: SignerConfirmed, InvitedAt: g.InvitedAt, AnsweredAt: env.Now})
		}
	}
	out.Add(c)
	s.ConvertedTo = c.ID
	note := in.Text("note")
	out.Note = "转为建议 " + c.Number + "。" + note
	out.Also = append(out.Also, renda.Change{Action: "create", Entity: "suggestion", EntityID: c.ID, To: Registered, After: c.AuditView(),
		Note: "由议案《" + s.Title + "》转为建议"})
	notifySigners(s, out, "您领衔的议案已转为建议："+c.Number, s.Title+"。"+note)
	return nil
}

// --- assignment ---

func assignable(s *Suggestion, env *renda.Env) error {
	if s.Kind == KindMotion && s.Status == Registered {
		return renda.Errorf(renda.ECONFLICT, "议案须先由主席团决定列入会议议程或交付审议，才能交办")
	}
	return nil
}

func assign(s *Suggestion, in *renda.Input, env *renda.Env, out *renda.Outcome) error {
	lead := in.Ref("lead_unit_id")
	coRole := in.Text("co_role")
	if coRole == "" {
		coRole = UnitAssist
	}
	co := in.Refs("co_unit_ids")
	if slices.ContainsFunc(co, func(r renda.Ref) bool { return r.ID == lead.ID }) {
		return invalid("co_unit_ids", "同一单位不能重复交办")
	}
	if coRole == UnitSplit && len(co) == 0 {
		return invalid("co_unit_ids", "分办须选择至少两个单位")
	}
	today := env.Today()
	s.HandlingMode = "lead"
	leadRole := UnitLead
	if coRole == UnitSplit {
		s.HandlingMode, leadRole = "split", UnitSplit
	}
	s.Units = []Unit{{OrgID: lead.ID, Name: lead.Name, Role: leadRole, AssignedOn: today}}
	parts := []string{UnitRoleLabel(leadRole) + "：" + lead.Name}
	for _, c := range co {
		s.Units = append(s.Units, Unit{OrgID: c.ID, Name: c.Name, Role: coRole, AssignedOn: today})
		parts = append(parts, UnitRoleLabel(coRole)+"："+c.Name)
	}
	s.LeadUnitID, s.LeadUnitName = lead.ID, lead.Name
	s.AssignedOn, s.Round, s.RoundStarted = today, 1, today
	s.Due = ReplyDue(s, today, env.Settings, env.Calendar)
	s.FirstDue = s.Due
	s.Rating, s.RatedOn, s.RatedRound, s.RepliedOn, s.ReplyCategory = "", renda.Date{}, 0, renda.Date{}, ""
	out.Note = strings.Join(parts, "；") + "。答复期限 " + s.Due.String()
	if n := in.Text("note"); n != "" {
		out.Note += "。" + n
	}
	notifyUnits(s, out, "新交办"+s.KindLabel()+"："+label(s), "请于 "+s.Due.String()+" 前答复；如不属本单位职责，请在 "+
		DeadlinesOf(s, env.Settings, env.Calendar).Return.String()+" 前申请退办。")
	notifySigners(s, out, "您的"+s.KindLabel()+"已交办", s.Title+"："+strings.Join(parts, "；"))
	return nil
}

func returnable(s *Suggestion, env *renda.Env) error {
	if last := DeadlinesOf(s, env.Settings, env.Calendar).Return; env.Today().After(last) {
		return renda.Errorf(renda.ECONFLICT, "申请退办须在交办之日起%s内提出（截至 %s），现已逾期", env.Settings.Period("suggestions.return_window").Label(), last)
	}
	if pendingRecord(s, RecReturn) >= 0 {
		return renda.Errorf(renda.ECONFLICT, "已有一项退办申请等待审批")
	}
	return nil
}

func requestReturn(s *Suggestion, in *renda.Input, env *renda.Env, out *renda.Outcome) error {
	out.Note = in.Text("note")
	addRecord(s, env, Record{Kind: RecReturn, Text: out.Note, Status: "pending", On: env.Today()})
	notifyStaff(s, out, "退办申请待审批："+label(s), env.ActorName()+"："+out.Note)
	return nil
}

func pendingReturn(s *Suggestion, env *renda.Env) error {
	if pendingRecord(s, RecReturn) < 0 {
		return renda.Errorf(renda.ECONFLICT, "没有待审批的退办申请")
	}
	return nil
}

func approveReturn(s *Suggestion, in *renda.Input, env *renda.Env, out *renda.Outcome) error {
	out.Note = in.Text("note")
	setRecord(s, pendingRecord(s, RecReturn), func(r *Record) { r.Status = "approved" })
	notifyUnits(s, out, "退办申请已同意："+label(s), "本件已退回，将重新交办。"+out.Note)
	s.Units = nil
	s.LeadUnitID, s.LeadUnitName, s.HandlingMode = "", "", ""
	s.AssignedOn, s.Due, s.FirstDue, s.Round, s.RoundStarted = renda.Date{}, renda.Date{}, renda.Date{}, 0, renda.Date{}
	return nil
}

func rejectReturn(s *Suggestion, in *renda.Input, env *renda.Env, out *renda.Outcome) error {
	out.Note = in.Text("note")
	i := pendingRecord(s, RecReturn)
	org := s.Records[i].OrgID
	setRecord(s, i, func(r *Record) { r.Status = "rejected" })
	out.Notify(renda.ToOrg(org), "退办申请未获同意："+label(s), out.Note, link(s))
	return nil
}

func noPendingExtension(s *Suggestion, env *renda.Env) error {
	if pendingRecord(s, RecExtension) >= 0 {
		return renda.Errorf(renda.ECONFLICT, "已有一项延期申请等待审批")
	}
	return nil
}

func requestExtension(s *Suggestion, in *renda.Input, env *renda.Env, out *renda.Outcome) error {
	until := in.Date("until")
	if !until.After(s.Due) {
		return invalid("until", fmt.Sprintf("申请延至的日期应晚于现在的答复期限 %s", s.Due))
	}
	if max := DeadlinesOf(s, env.Settings, env.Calendar).ReplyMax; until.After(max) {
		return invalid("until", fmt.Sprintf("延期后不能晚于交办之日起%s（%s）", env.Settings.Period("suggestions.reply_period_max").Label(), max))
	}
	n := in.Text("note")
	addRecord(s, env, Record{Kind: RecExtension, Text: n, Status: "pending", Until: until, On: env.Today()})
	out.Note = "申请延至 " + until.String() + "：" + n
	notifyStaff(s, out, "延期申请待审批："+label(s), env.ActorName()+"申请延至 "+until.String()+"："+n)
	return nil
}

func pendingExtension(s *Suggestion, env *renda.Env) error {
	if pendingRecord(s, RecExtension) < 0 {
		return renda.Errorf(renda.ECONFLICT, "没有待审批的延期申请")
	}
	return nil
}

func approveExtension(s *Suggestion, in *renda.Input, env *renda.Env, out *renda.Outcome) error {
	i := pendingRecord(s, RecExtension)
	until := s.Records[i].Until
	if d := in.Date("until"); !d.IsZero() {
		until = d
	}
	if max := DeadlinesOf(s, env.Settings, env.Calendar).ReplyMax; until.After(max) {
		until = max
	}
	if !until.After(s.Due) {
		return invalid("until", "批准的期限应晚于现在的答复期限 "+s.Due.String())
	}
	setRecord(s, i, func(r *Record) { r.Status, r.Until = "approved", until })
	out.Note = "答复期限由 " + s.Due.String() + " 延至 " + until.String() + "。" + in.Text("note")
	s.Due = until
	notifyUnits(s, out, "延期申请已同意："+label(s), "答复期限延至 "+until.String())
	return nil
}

func rejectExtension(s *Suggestion, in *renda.Input, env *renda.Env, out *renda.Outcome) error {
	out.Note = in.Text("note")
	setRecord(s, pendingRecord(s, RecExtension), func(r *Record) { r.Status = "rejected" })
	notifyUnits(s, out, "延期申请未获同意："+label(s), out.Note)
	return nil
}

// --- handling ---

func contact(s *Suggestion, in *renda.Input, env *renda.Env, out *renda.Outcome) error {
	on, err := day(in, env, "on", "沟通日期")
	if err != nil {
		return err
	}
	m, n := in.Text("method"), in.Text("note")
	addRecord(s, env, Record{Kind: RecContact, Method: m, On: on, Text: n})
	out.Note = ContactMethodLabel(m) + "：" + n
	return nil
}

func assistOpinion(s *Suggestion, in *renda.Input, env *renda.Env, out *renda.Outcome) error {
	t := in.Text("text")
	s.Units = slices.Clone(s.Units)
	for i := range s.Units {
		if s.Units[i].OrgID == env.Actor.OrgID {
			s.Units[i].Opinion, s.Units[i].OpinionAt = t, env.Now
		}
	}
	addRecord(s, env, Record{Kind: RecOpinion, Text: t, On: env.Today()})
	out.Note = t
	if s.LeadUnitID != "" {
		out.Notify(renda.ToOrg(s.LeadUnitID), "协办单位已提出办理意见："+label(s), env.ActorName(), link(s))
	}
	return nil
}

// Contacted reports whether the unit recorded a contact with the deputy in
// the current round: a reply needs one when the settings say so.
func (s *Suggestion) Contacted(orgID string) bool {
	return slices.ContainsFunc(s.Records, func(r Record) bool { return r.Kind == RecContact && r.Round == s.Round && r.OrgID == orgID })
}

func reply(s *Suggestion, in *renda.Input, env *renda.Env, out *renda.Outcome) error {
	org := ""
	if env.Actor != nil {
		org = env.Actor.OrgID
	}
	if env.Settings.Bool("suggestions.contact_required") && !s.Contacted(org) {
		return renda.Errorf(renda.ECONFLICT, "答复前须先与领衔代表沟通（电话、走访或座谈），并记录沟通情况")
	}
	cat, today := in.Text("category"), env.Today()
	addRecord(s, env, Record{Kind: RecReply, Category: cat, Text: in.Text("text"), On: today})
	if s.HandlingMode == "split" {
		s.Units = slices.Clone(s.Units)
		waiting := 0
		for i := range s.Units {
			u := &s.Units[i]
			if u.OrgID == org {
				u.RepliedRound = s.Round
			}
			if u.Role == UnitSplit && u.RepliedRound < s.Round {
				waiting++
			}
		}
		if waiting > 0 {
			out.To = s.Status
			out.Note = ReplyCategoryLabel(env.Settings, cat) + "（分办单位答复，尚有 " + fmt.Sprint(waiting) + " 个单位未答复）"
			return nil
		}
	}
	s.ReplyCategory, s.RepliedOn = cat, today
	if s.FirstReplied.IsZero() {
		s.FirstReplied = today
		s.OnTime = !today.After(s.Due)
	}
	out.Note = ReplyCategoryLabel(env.Settings, cat)
	notifySigners(s, out, "收到答复："+label(s), out.Note)
	fb := DeadlinesOf(s, env.Settings, env.Calendar).Feedback
	out.Notify(renda.ToDeputy(s.ProposerID), "请对答复提出反馈意见", "请在 "+fb.String()+" 前填写征询意见表："+label(s), link(s))
	return nil
}

func noFeedbackYet(s *Suggestion, env *renda.Env) error {
	if s.FeedbackGiven() {
		return renda.Errorf(renda.ECONFLICT, "您已对本次答复提出反馈意见")
	}
	return nil
}

func feedback(s *Suggestion, in *renda.Input, env *renda.Env, out *renda.Outcome) error {
	rating, comment, today := in.Text("rating"), in.Text("comment"), env.Today()
	if rating == renda.RatingUnsatisfied && comment == "" {
		return invalid("comment", "请填写意见")
	}
	addRecord(s, env, Record{Kind: RecFeedback, Rating: rating, Text: comment, On: today})
	s.Rating, s.RatedOn, s.RatedRound = rating, today, s.Round
	if in.Bool("consent") {
		s.PublishConsent = true
	}
	out.Note = renda.RatingLabel(rating)
	if comment != "" {
		out.Note += "：" + comment
	}
	if rating != renda.RatingUnsatisfied {
		notifyUnits(s, out, "代表已反馈："+renda.RatingLabel(rating), label(s))
		return nil
	}
	// An unsatisfied rating reopens the item for a new round of handling.
	out.To = Rehandling
	s.Round++
	s.Rehandled++
	s.RoundStarted = today
	s.Due = env.Due(today, "suggestions.rehandle_period")
	notifyUnits(s, out, "代表对答复不满意，请重新办理："+label(s), "请于 "+s.Due.String()+" 前重新办理并再次答复。代表意见："+comment)
	notifyStaff(s, out, "代表对答复不满意："+label(s), comment)
	return nil
}

func followUpCategory(s *Suggestion, env *renda.Env) error {
	if cats := env.Settings.Strings("suggestions.followup_categories"); !slices.Contains(cats, s.ReplyCategory) {
		return renda.Errorf(renda.ECONFLICT, "只有%s类答复需要跟踪答复", strings.Join(cats, "、"))
	}
	return nil
}

func followUp(s *Suggestion, in *renda.Input, env *renda.Env, out *renda.Outcome) error {
	t := in.Text("text")
	addRecord(s, env, Record{Kind: RecFollowUp, Text: t, Category: s.ReplyCategory, On: env.Today()})
	out.Note = t
	notifySigners(s, out, "承办单位跟踪答复："+label(s), t)
	return nil
}

// consentOpen: the deputy says whether to publish after giving feedback
// (the feedback form asks first), while the reply is not yet published.
func consentOpen(s *Suggestion, env *renda.Env) error {
	if !s.PublishedAt.IsZero() {
		return renda.Errorf(renda.ECONFLICT, "答复已经公开；如需撤下，请联系工作人员")
	}
	if !s.FeedbackGiven() {
		return renda.Errorf(renda.ECONFLICT, "请先对答复提出反馈意见（可在反馈时一并同意公开）")
	}
	return nil
}

func consent(s *Suggestion, in *renda.Input, env *renda.Env, out *renda.Outcome) error {
	s.PublishConsent = in.Bool("consent")
	out.Note = map[bool]string{true: "同意公开答复", false: "不同意公开答复"}[s.PublishConsent]
	return nil
}

func closable(s *Suggestion, env *renda.Env) error {
	if s.Priority && s.InspectionRequired && !s.InspectionPassed {
		return renda.Errorf(renda.ECONFLICT, "重点建议须经检查验收通过后才能办结")
	}
	if !s.FeedbackGiven() {
		if fb := DeadlinesOf(s, env.Settings, env.Calendar).Feedback; !env.Today().After(fb) {
			return renda.Errorf(renda.ECONFLICT, "领衔代表尚未反馈意见，反馈期限至 %s，期满后才能办结", fb)
		}
	}
	return nil
}

func closeItem(s *Suggestion, in *renda.Input, env *renda.Env, out *renda.Outcome) error {
	out.Note = in.Text("note")
	s.ClosedAt = env.Now
	notifySigners(s, out, "您的"+s.KindLabel()+"已办结："+s.Number, s.Title)
	return nil
}

func publishable(s *Suggestion, env *renda.Env) error {
	if !s.PublishConsent {
		return renda.Errorf(renda.ECONFLICT, "领衔代表尚未同意公开答复")
	}
	if !s.PublishedAt.IsZero() {
		return renda.Errorf(renda.ECONFLICT, "答复已经公开")
	}
	return nil
}

// LastReply is the text of the latest reply, "" if none.
func (s *Suggestion) LastReply() string {
	for i := len(s.Records) - 1; i >= 0; i-- {
		if s.Records[i].Kind == RecReply {
			return s.Records[i].Text
		}
	}
	return ""
}

func publish(s *Suggestion, in *renda.Input, env *renda.Env, out *renda.Outcome) error {
	t := in.Text("public_text")
	if t == "" {
		t = s.LastReply()
	}
	s.PublicText, s.PublishedAt = RedactPersonalData(t), env.Now
	return nil
}

func published(s *Suggestion, env *renda.Env) error {
	if s.PublishedAt.IsZero() {
		return renda.Errorf(renda.ECONFLICT, "答复尚未公开")
	}
	return nil
}

func unpublish(s *Suggestion, in *renda.Input, env *renda.Env, out *renda.Outcome) error {
	out.Note = in.Text("note")
	s.PublishedAt, s.PublicText = time.Time{}, ""
	return nil
}

// --- the standing committee's leaders, the procuratorate ---

func notPriority(s *Suggestion, env *renda.Env) error {
	if s.Priority {
		return renda.Errorf(renda.ECONFLICT, "已是重点建议（领办领导：%s）", s.LeaderName)
	}
	return nil
}

func prioritize(s *Suggestion, in *renda.Input, env *renda.Env, out *renda.Outcome) error {
	s.Priority, s.LeaderID, s.LeaderName, s.InspectionRequired = true, env.Actor.ID, env.Actor.Name(), in.Bool("inspection_required")
	out.Note = env.ActorName() + "领办"
	if s.InspectionRequired {
		out.Note += "，办结前须检查验收"
	}
	notifyUnits(s, out, "重点建议（"+env.ActorName()+"领办）："+label(s), "本件已确定为重点建议，请加强办理。")
	notifyStaff(s, out, "新确定重点建议："+label(s), out.Note)
	return nil
}

func supervise(s *Suggestion, in *renda.Input, env *renda.Env, out *renda.Outcome) error {
	on, err := day(in, env, "on", "督办日期")
	if err != nil {
		return err
	}
	t := in.Text("text")
	addRecord(s, env, Record{Kind: RecSupervision, On: on, Text: t})
	out.Note = on.String() + " " + t
	notifyUnits(s, out, "督办："+label(s), t)
	return nil
}

func priorityOnly(s *Suggestion, env *renda.Env) error {
	if !s.Priority {
		return renda.Errorf(renda.ECONFLICT, "检查验收适用于重点建议")
	}
	return nil
}

func inspect(s *Suggestion, in *renda.Input, env *renda.Env, out *renda.Outcome) error {
	passed, t := in.Bool("passed"), in.Text("text")
	status := map[bool]string{true: "passed", false: "failed"}[passed]
	addRecord(s, env, Record{Kind: RecInspection, Text: t, Status: status, On: env.Today()})
	s.InspectionPassed = passed
	out.Note = map[bool]string{true: "验收通过：", false: "验收未通过："}[passed] + t
	notifyUnits(s, out, "检查验收"+map[bool]string{true: "通过", false: "未通过"}[passed]+"："+label(s), t)
	return nil
}

func notCopied(s *Suggestion, env *renda.Env) error {
	if s.ProcuratorateID != "" {
		return renda.Errorf(renda.ECONFLICT, "已抄送检察机关")
	}
	return nil
}

func copyProcuratorate(s *Suggestion, in *renda.Input, env *renda.Env, out *renda.Outcome) error {
	f := facts(env)
	if f.ProcuratorateID == "" {
		return renda.Errorf(renda.ECONFLICT, "尚未登记检察机关（单位类别为“人民检察院”）")
	}
	out.Note = in.Text("note")
	s.ProcuratorateID, s.ProcuratorateName, s.ProcuratorateOn = f.ProcuratorateID, f.ProcuratorateName, env.Today()
	out.Notify(renda.ToOrg(f.ProcuratorateID), "人大转来代表建议："+label(s), "请登记并研究是否立案，立案的请在"+
		env.Settings.Period("suggestions.procuratorate_period").Label()+"内抄送立案决定书和检察建议书。", link(s))
	return nil
}

func copied(s *Suggestion, env *renda.Env) error {
	if s.ProcuratorateID == "" {
		return renda.Errorf(renda.ECONFLICT, "本件尚未抄送检察机关")
	}
	return nil
}

func procuratorate(s *Suggestion, in *renda.Input, env *renda.Env, out *renda.Outcome) error {
	on, err := day(in, env, "on", "日期")
	if err != nil {
		return err
	}
	m, t := in.Text("method"), in.Text("text")
	addRecord(s, env, Record{Kind: RecProcuratorate, Method: m, On: on, Text: t, OrgID: s.ProcuratorateID})
	out.Note = ProcuratorateStepLabel(m) + "（" + on.String() + "）" + t
	notifyStaff(s, out, "检察机关反馈："+label(s), out.Note)
	return nil
}
