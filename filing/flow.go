package filing

import (
	"fmt"
	"strings"

	"renda"
)

// Flow is the workflow of a filed document. Relations: "filer" (a clerk of
// the body that issued it), "reviewer" (the member of staff it is assigned
// to), and the roles.
var Flow = renda.Register(&renda.Machine[Filing]{
	Entity: "filing",
	Label:  "规范性文件备案",
	States: []renda.StateDef{
		{State: Filed, Label: "待登记"}, {State: Returned, Label: "退回补正"}, {State: Registered, Label: "已登记"},
		{State: Reviewing, Label: "审查中"}, {State: NoIssue, Label: "审查无问题"}, {State: IssueFound, Label: "发现问题"},
		{State: OpinionSent, Label: "已发审查意见"}, {State: Corrected, Label: "已纠正"}, {State: Annulled, Label: "已撤销"},
	},
	State: func(f *Filing) *string { return &f.State },
	Acts: []renda.Act[Filing]{
		{Rule: renda.Rule{Action: "file", Label: "报送备案", To: Filed, Who: []string{"filer", "staff", "admin"}, Hidden: true, Fields: fileFields}, Do: file},
		{Rule: renda.Rule{Action: "register", Label: "登记", From: []string{Filed}, To: Registered, Who: []string{"staff", "admin"}, Tone: "primary",
			Help: "材料齐全、属于备案范围的，予以登记，审查期限 {filing.review_period}。", Fields: []renda.Field{note("备注", false, "")}}, Do: register},
		{Rule: renda.Rule{Action: "return", Label: "退回补正", From: []string{Filed}, To: Returned, Who: []string{"staff", "admin"}, Tone: "danger",
			Fields: []renda.Field{{Name: "text", Label: "退回理由", Kind: renda.FieldText, Required: true, Max: 1000, Help: "如缺少起草说明、制定依据，或不属于备案范围；制定机关应在 {filing.resubmit_period} 内补正重报"}}}, Do: giveBack},
		{Rule: renda.Rule{Action: "resubmit", Label: "补正重报", From: []string{Returned}, To: Filed, Who: []string{"filer"}, Tone: "primary",
			Fields: []renda.Field{
				{Name: "text", Label: "文件正文", Kind: renda.FieldText, Max: 50000, Help: "留空则不变"},
				{Name: "explanation", Label: "起草说明", Kind: renda.FieldText, Max: 10000, Help: "留空则不变"},
				{Name: "basis", Label: "制定依据", Kind: renda.FieldText, Max: 2000, Help: "留空则不变"},
				{Name: "note", Label: "补正说明", Kind: renda.FieldText, Max: 1000},
			}}, Do: resubmit},
		{Rule: renda.Rule{Action: "assign", Label: "分配审查人", From: []string{Registered, Reviewing}, To: Reviewing, Who: []string{"staff", "admin"},
			Fields: []renda.Field{{Name: "reviewer_id", Label: "审查人", Kind: renda.FieldRef, Ref: "user", Filter: "staff", Required: true}}}, Do: assign},
		{Rule: renda.Rule{Action: "check", Label: "填写审查清单", From: []string{Reviewing}, Who: []string{"reviewer", "staff", "admin"}, Tone: "primary",
			Help: "逐项审查；标出提示的条款（许可、处罚、强制、收费、限制权利）请重点审查。", Fields: checkFields()}, Do: check},
		{Rule: renda.Rule{Action: "pass", Label: "审查无问题", From: []string{Reviewing}, To: NoIssue, Who: []string{"reviewer", "staff", "admin"},
			Fields: []renda.Field{note("审查结论", false, "")}}, Pre: checksClean, Do: pass},
		{Rule: renda.Rule{Action: "find_issue", Label: "认定存在问题", From: []string{Reviewing}, To: IssueFound, Who: []string{"reviewer", "staff", "admin"}, Tone: "danger",
			Fields: []renda.Field{{Name: "text", Label: "存在的问题", Kind: renda.FieldText, Required: true, Max: 4000}}}, Pre: checksFaulty, Do: findIssue},
		{Rule: renda.Rule{Action: "send_opinion", Label: "发出审查意见", From: []string{IssueFound}, To: OpinionSent, Who: []string{"staff", "admin"}, Tone: "primary",
			Help:   "制定机关应在 {filing.correction_period} 内自行修改或废止，并书面回复。",
			Fields: []renda.Field{{Name: "text", Label: "审查意见", Kind: renda.FieldText, Required: true, Max: 8000}}}, Do: sendOpinion},
		{Rule: renda.Rule{Action: "correct", Label: "已自行纠正", From: []string{OpinionSent}, To: Corrected, Who: []string{"filer", "staff", "admin"}, Tone: "primary",
			Fields: []renda.Field{
				{Name: "how", Label: "纠正方式", Kind: renda.FieldChoice, Required: true, Options: []renda.Option{{Value: Amended, Label: "修改"}, {Value: Repealed, Label: "废止"}}},
				{Name: "text", Label: "纠正情况", Kind: renda.FieldText, Required: true, Max: 4000, Help: "修改或废止的文件、文号和日期"},
			}}, Do: correct},
		{Rule: renda.Rule{Action: "annul", Label: "依法撤销", From: []string{OpinionSent}, To: Annulled, Who: []string{"staff", "admin"}, Tone: "danger",
			Confirm: "撤销须经常委会会议决定。确定记录撤销决定吗？",
			Fields: []renda.Field{
				{Name: "decision", Label: "撤销决定", Kind: renda.FieldLine, Required: true, Max: 200, Help: "常委会会议作出的决定名称和日期"},
				note("说明", false, ""),
			}}, Do: annul},
		{Rule: renda.Rule{Action: "cite", Label: "关联投诉", Who: []string{"staff", "admin"},
			Help: "代表建议、群众意见或 12345 工单反映的问题涉及本文件的，关联后审查优先级随之提高。",
			Fields: []renda.Field{
				{Name: "source", Label: "来源", Kind: renda.FieldChoice, Required: true, Options: Sources},
				{Name: "ref", Label: "编号", Kind: renda.FieldLine, Required: true, Max: 40, Help: "建议或意见的编号（网址中的编号），或 12345 工单号"},
				note("说明", false, ""),
			}}, Do: cite},
	},
})

var fileFields = []renda.Field{
	{Name: "filer_id", Label: "制定机关", Kind: renda.FieldRef, Ref: "organization", Filter: "filer", Help: "工作人员代为登记时选择"},
	{Name: "title", Label: "文件名称", Kind: renda.FieldLine, Required: true, Max: 200},
	{Name: "number", Label: "文号", Kind: renda.FieldLine, Required: true, Max: 60, Help: "如 常政发〔2026〕3号"},
	{Name: "issued_on", Label: "印发日期", Kind: renda.FieldDate},
	{Name: "published_on", Label: "公布日期", Kind: renda.FieldDate, Required: true, Help: "自公布之日起 {filing.filing_period} 内报送备案"},
	{Name: "text", Label: "文件正文", Kind: renda.FieldText, Required: true, Max: 50000, Help: "每条一段；也可另附 PDF 或 Word 文件"},
	{Name: "explanation", Label: "起草说明", Kind: renda.FieldText, Max: 10000},
	{Name: "basis", Label: "制定依据", Kind: renda.FieldText, Max: 2000, Help: "所依据的法律、法规和上级文件"},
	{Name: "files", Label: "文件（PDF 或 Word）", Kind: renda.FieldFiles, Accept: ".pdf,.doc,.docx,application/pdf"},
}

func checkFields() []renda.Field {
	var out []renda.Field
	opts := []renda.Option{{Value: CheckOK, Label: "无问题"}, {Value: CheckIssue, Label: "有问题"}}
	for _, c := range Checklist {
		out = append(out, renda.Field{Name: c.Key, Label: c.Label, Kind: renda.FieldChoice, Options: opts, Help: c.Help})
	}
	return append(out, note("审查记录", false, "各项审查的依据和意见"))
}

func note(label string, required bool, help string) renda.Field {
	return renda.Field{Name: "text", Label: label, Kind: renda.FieldText, Required: required, Max: 2000, Help: help}
}

// Facts are what the store loads for an action besides the item.
type Facts struct {
	Filer      *renda.Ref // file: the body that issued it
	PreviousID string     // file: an earlier version of the same document
	Citation   bool       // cite: the item cited exists
}

func facts(env *renda.Env) *Facts {
	if f, ok := env.Facts.(*Facts); ok && f != nil {
		return f
	}
	return &Facts{}
}

func link(f *Filing) string { return "/filings/" + f.ID }

// Relations are the actor's ties to a filing.
func Relations(u *renda.User, f *Filing) renda.Rel {
	rel := renda.RoleRel(u)
	if u == nil {
		return rel
	}
	if u.Role == renda.RoleUnit && u.OrgID != "" && u.OrgID == f.FilerID {
		rel = append(rel, "filer")
	}
	if f.ReviewerID != "" && u.ID == f.ReviewerID {
		rel = append(rel, "reviewer")
	}
	return rel
}

// --- the actions ---

func file(f *Filing, in *renda.Input, env *renda.Env, out *renda.Outcome) error {
	fa := facts(env)
	var p renda.Problems
	if fa.Filer == nil {
		p.Add("filer_id", "请选择制定机关")
	}
	today := env.Today()
	pub := in.Date("published_on")
	if pub.After(today) {
		p.Add("published_on", "公布日期不能晚于今天")
	}
	if iss := in.Date("issued_on"); !iss.IsZero() && iss.After(pub) {
		p.Add("issued_on", "印发日期不能晚于公布日期")
	}
	if err := p.Err(); err != nil {
		return err
	}
	*f = Filing{ID: f.ID, Title: in.Text("title"), Number: in.Text("number"), FilerID: fa.Filer.ID, FilerName: fa.Filer.Name,
		IssuedOn: in.Date("issued_on"), PublishedOn: pub, FiledOn: today, Text: in.Text("text"), Explanation: in.Text("explanation"),
		Basis: in.Text("basis"), PreviousID: fa.PreviousID, CreatedAt: env.Now, UpdatedAt: env.Now}
	f.FilingDue = env.Due(pub, "filing.filing_period")
	f.Late = today.After(f.FilingDue)
	f.Due = env.Due(today, "filing.registry_period")
	out.Note = f.Number
	if f.Late {
		out.Note += fmt.Sprintf("（逾期报备：应于 %s 前报备）", f.FilingDue.Chinese())
	}
	out.Notify(renda.ToRoles(renda.RoleStaff), "新的规范性文件备案", f.FilerName+"：《"+strings.Trim(f.Title, "《》")+"》", link(f))
	return nil
}

func register(f *Filing, in *renda.Input, env *renda.Env, out *renda.Outcome) error {
	f.RegisteredAt, f.ReturnReason = env.Now, ""
	f.Due = env.Due(env.Today(), "filing.review_period")
	out.Note = in.Text("text")
	out.Notify(renda.ToOrg(f.FilerID), "备案文件已登记", f.Title, link(f))
	return nil
}

func giveBack(f *Filing, in *renda.Input, env *renda.Env, out *renda.Outcome) error {
	f.ReturnReason = in.Text("text")
	f.Due = env.Due(env.Today(), "filing.resubmit_period")
	out.Note = f.ReturnReason
	out.Notify(renda.ToOrg(f.FilerID), "备案文件被退回补正", f.Title+"：请于 "+f.Due.Chinese()+" 前补正重报。理由："+f.ReturnReason, link(f))
	return nil
}

func resubmit(f *Filing, in *renda.Input, env *renda.Env, out *renda.Outcome) error {
	for name, dst := range map[string]*string{"text": &f.Text, "explanation": &f.Explanation, "basis": &f.Basis} {
		if v := in.Text(name); v != "" {
			*dst = v
		}
	}
	f.Due = env.Due(env.Today(), "filing.registry_period")
	out.Note = in.Text("note")
	out.Notify(renda.ToRoles(renda.RoleStaff), "备案文件已补正重报", f.Title, link(f))
	return nil
}

func assign(f *Filing, in *renda.Input, env *renda.Env, out *renda.Outcome) error {
	r := in.Ref("reviewer_id")
	f.ReviewerID, f.ReviewerName = r.ID, r.Name
	out.Note = "审查人：" + r.Name
	out.Notify(renda.ToUser(r.ID), "分配给您审查的规范性文件", f.Title+"（审查期限 "+f.Due.Chinese()+"）", link(f))
	return nil
}

func check(f *Filing, in *renda.Input, env *renda.Env, out *renda.Outcome) error {
	checks := map[string]string{}
	for k, v := range f.Checks {
		checks[k] = v
	}
	var done []string
	for _, c := range Checklist {
		if v := in.Text(c.Key); v != "" {
			checks[c.Key] = v
			label := "无问题"
			if v == CheckIssue {
				label = "有问题"
			}
			done = append(done, c.Label+"："+label)
		}
	}
	if len(done) == 0 && in.Text("text") == "" {
		return renda.Errorf(renda.EINVALID, "请至少填写一项审查结果")
	}
	f.Checks = checks
	if t := in.Text("text"); t != "" {
		f.CheckNote = t
	}
	out.Note = strings.Join(append(done, in.Text("text")), "；")
	out.Note = strings.TrimSuffix(out.Note, "；")
	return nil
}

func checksClean(f *Filing, env *renda.Env) error {
	if !f.ChecksDone() {
		return renda.Errorf(renda.ECONFLICT, "请先逐项填写审查清单")
	}
	if len(f.ChecksWithIssue()) > 0 {
		return renda.Errorf(renda.ECONFLICT, "审查清单中有“有问题”的项目（%s），不能认定无问题", strings.Join(f.ChecksWithIssue(), "、"))
	}
	return nil
}

func checksFaulty(f *Filing, env *renda.Env) error {
	if len(f.ChecksWithIssue()) == 0 {
		return renda.Errorf(renda.ECONFLICT, "请先在审查清单中标出有问题的项目")
	}
	return nil
}

func pass(f *Filing, in *renda.Input, env *renda.Env, out *renda.Outcome) error {
	f.ReviewedAt, f.ClosedAt, f.Due = env.Now, env.Now, renda.Date{}
	f.Result = in.Text("text")
	out.Note = f.Result
	out.Notify(renda.ToOrg(f.FilerID), "备案文件审查完毕，未发现问题", f.Title, link(f))
	return nil
}

func findIssue(f *Filing, in *renda.Input, env *renda.Env, out *renda.Outcome) error {
	f.ReviewedAt, f.Issue, f.Due = env.Now, in.Text("text"), env.Today()
	out.Note = "存在问题（" + strings.Join(f.ChecksWithIssue(), "、") + "）：" + f.Issue
	return nil
}

func sendOpinion(f *Filing, in *renda.Input, env *renda.Env, out *renda.Outcome) error {
	f.Opinion = in.Text("text")
	f.Due = env.Due(env.Today(), "filing.correction_period")
	out.Note = f.Opinion
	out.Notify(renda.ToOrg(f.FilerID), "规范性文件审查意见", f.Title+"：请于 "+f.Due.Chinese()+" 前自行纠正并书面回复。", link(f))
	return nil
}

func correct(f *Filing, in *renda.Input, env *renda.Env, out *renda.Outcome) error {
	f.Resolution, f.Result = in.Text("how"), in.Text("text")
	f.ClosedAt, f.Due = env.Now, renda.Date{}
	out.Note = ResolutionLabel(f.Resolution) + "：" + f.Result
	out.Notify(renda.ToRoles(renda.RoleStaff), "制定机关已纠正", f.Title, link(f))
	return nil
}

func annul(f *Filing, in *renda.Input, env *renda.Env, out *renda.Outcome) error {
	f.Resolution, f.Result = Annul, in.Text("decision")
	if t := in.Text("text"); t != "" {
		f.Result += "。" + t
	}
	f.ClosedAt, f.Due = env.Now, renda.Date{}
	out.Note = f.Result
	out.Notify(renda.ToOrg(f.FilerID), "规范性文件已被撤销", f.Title+"："+f.Result, link(f))
	return nil
}

func cite(f *Filing, in *renda.Input, env *renda.Env, out *renda.Outcome) error {
	if !facts(env).Citation {
		return &renda.Error{Code: renda.EINVALID, Message: "输入有误：所填编号不存在", Fields: []renda.FieldError{{Field: "ref", Message: "不存在"}}}
	}
	f.Citations++
	c := &Citation{FilingID: f.ID, Source: in.Text("source"), Ref: in.Text("ref"), Note: in.Text("text"), At: env.Now}
	out.Add(c)
	label := ""
	for _, s := range Sources {
		if s.Value == c.Source {
			label = s.Label
		}
	}
	out.Note = label + " " + c.Ref
	if c.Note != "" {
		out.Note += "：" + c.Note
	}
	return nil
}
