package consultation

import (
	"strconv"
	"strings"

	"renda"
)

// Flow is the workflow of a consultation: draft → open → closed →
// published. Only staff act on it; the close sweep (system) closes it on
// the day after its last day.
var Flow = renda.Register(&renda.Machine[Consultation]{
	Entity: "consultation",
	Label:  "征求意见",
	States: []renda.StateDef{{State: Draft, Label: "准备中"}, {State: Open, Label: "征求意见中"}, {State: Closed, Label: "已截止"}, {State: Published, Label: "已发布反馈"}},
	State:  func(c *Consultation) *string { return &c.State },
	Acts: []renda.Act[Consultation]{
		{Rule: renda.Rule{Action: "create", Label: "新建征求意见", To: Draft, Who: []string{"staff", "admin"}, Hidden: true, Fields: []renda.Field{
			{Name: "title", Label: "草案名称", Kind: renda.FieldLine, Required: true, Max: 200},
			{Name: "kind", Label: "草案类别", Kind: renda.FieldChoice, Required: true, Options: Kinds},
			{Name: "source", Label: "起草或委托单位", Kind: renda.FieldLine, Max: 100},
			{Name: "body", Label: "草案全文", Kind: renda.FieldText, Required: true, Max: 100000, Help: "每条一段，以“第…条”开头，群众可逐条提意见"},
			{Name: "opens_on", Label: "开始日期", Kind: renda.FieldDate, Required: true},
			{Name: "closes_on", Label: "截止日期", Kind: renda.FieldDate, Required: true,
				Help: "法律法规草案不少于 {consultation.law_period}，其他草案不少于 {consultation.other_period}"},
		}}, Do: create},
		{Rule: renda.Rule{Action: "open", Label: "公布征求意见", From: []string{Draft}, To: Open, Who: []string{"staff", "admin"}, Tone: "primary",
			Confirm: "公布后群众即可在手机上提意见。确定公布吗？"}, Pre: longEnough, Do: open},
		{Rule: renda.Rule{Action: "close", Label: "截止征求意见", From: []string{Open}, To: Closed, Who: []string{"staff", "admin", "system"},
			Confirm: "截止后不再接收意见。确定吗？"}, Pre: pastClose, Do: closeIt},
		{Rule: renda.Rule{Action: "publish", Label: "发布反馈报告", From: []string{Closed}, To: Published, Who: []string{"staff", "admin"}, Tone: "primary",
			Help:   "报告由意见的分组和采纳情况生成；可补充总体说明。",
			Fields: []renda.Field{{Name: "text", Label: "总体说明", Kind: renda.FieldText, Max: 4000}}}, Pre: allDecided, Do: publish},
	},
})

// Facts are what the store loads for a consultation's action.
type Facts struct {
	Comments []*Comment // publish: every comment
}

func create(c *Consultation, in *renda.Input, env *renda.Env, out *renda.Outcome) error {
	*c = Consultation{ID: c.ID, Title: in.Text("title"), Kind: in.Text("kind"), Source: in.Text("source"), Body: in.Text("body"),
		OpensOn: in.Date("opens_on"), ClosesOn: in.Date("closes_on"), CreatedAt: env.Now, UpdatedAt: env.Now}
	if err := c.checkPeriod(env); err != nil {
		return err
	}
	out.Note = KindLabel(c.Kind)
	return nil
}

// checkPeriod: the period is at least the shortest for its kind of draft.
func (c *Consultation) checkPeriod(env *renda.Env) error {
	key := periodKey(c.Kind)
	if min := env.Due(c.OpensOn, key); c.ClosesOn.Before(min) {
		return &renda.Error{Code: renda.EINVALID, Message: "输入有误：" + KindLabel(c.Kind) + "征求意见期不少于 " + env.Settings.Period(key).Label() + "，截止日期不能早于 " + min.Chinese(),
			Fields: []renda.FieldError{{Field: "closes_on", Message: "不能早于 " + min.Chinese()}}}
	}
	return nil
}

func longEnough(c *Consultation, env *renda.Env) error {
	if err := c.checkPeriod(env); err != nil {
		return renda.Errorf(renda.ECONFLICT, "%s", strings.TrimPrefix(renda.ErrorMessage(err), "输入有误："))
	}
	if env.Today().After(c.ClosesOn) {
		return renda.Errorf(renda.ECONFLICT, "截止日期已过")
	}
	return nil
}

func open(c *Consultation, in *renda.Input, env *renda.Env, out *renda.Outcome) error {
	if env.Today().After(c.OpensOn) {
		// Opened late: the period still runs its full length from today.
		days := c.OpensOn.DaysUntil(c.ClosesOn)
		c.OpensOn = env.Today()
		if c.ClosesOn.Before(c.OpensOn.AddDays(days)) {
			c.ClosesOn = c.OpensOn.AddDays(days)
		}
	}
	out.Note = c.OpensOn.Chinese() + " 至 " + c.ClosesOn.Chinese()
	return nil
}

// pastClose: the system closes a consultation only after its last day;
// staff may close it early (e.g. a draft withdrawn).
func pastClose(c *Consultation, env *renda.Env) error {
	if env.Rel.Has("system") && !env.Today().After(c.ClosesOn) {
		return renda.Errorf(renda.ECONFLICT, "征求意见尚未截止")
	}
	return nil
}

func closeIt(c *Consultation, in *renda.Input, env *renda.Env, out *renda.Outcome) error {
	out.Note = "截止，共收到意见 " + itoa(c.Comments) + " 条"
	return nil
}

func allDecided(c *Consultation, env *renda.Env) error {
	if f, ok := env.Facts.(*Facts); ok && f != nil {
		for _, cm := range f.Comments {
			if cm.State == Received {
				return renda.Errorf(renda.ECONFLICT, "还有意见未作采纳与否的处理")
			}
		}
	}
	return nil
}

func publish(c *Consultation, in *renda.Input, env *renda.Env, out *renda.Outcome) error {
	f, _ := env.Facts.(*Facts)
	if f == nil {
		f = &Facts{}
	}
	for _, cm := range f.Comments {
		if cm.State == Received {
			return renda.Errorf(renda.ECONFLICT, "还有意见未作采纳与否的处理")
		}
	}
	c.Report, c.PublishedAt = FeedbackReport(c, f.Comments, in.Text("text")), env.Now
	out.Note = "发布反馈报告"
	return nil
}

func itoa(n int) string { return strconv.Itoa(n) }

// CommentFacts are what the store loads for a comment's action.
type CommentFacts struct {
	Consultation *Consultation // submit: the draft it is on
	Name         string        // submit: the author's name, if given
}

// CommentFlow is the workflow of one comment: received → adopted | declined
// (and back, if staff change their mind before the report).
var CommentFlow = renda.Register(&renda.Machine[Comment]{
	Entity: "consultation_comment",
	Label:  "草案意见",
	States: []renda.StateDef{{State: Received, Label: "待处理"}, {State: Adopted, Label: "采纳"}, {State: Declined, Label: "未采纳"}},
	State:  func(c *Comment) *string { return &c.State },
	Acts: []renda.Act[Comment]{
		{Rule: renda.Rule{Action: "submit", Label: "提交意见", To: Received, Hidden: true, Who: []string{"public", "deputy", "unit", "staff", "admin", "leader"}, Fields: []renda.Field{
			{Name: "article", Label: "条款", Kind: renda.FieldLine, Max: 40, Help: "针对哪一条（可不填）"},
			{Name: "text", Label: "意见和建议", Kind: renda.FieldText, Required: true, Max: 3000},
			{Name: "name", Label: "姓名或单位", Kind: renda.FieldLine, Max: 60, Help: "可不填"},
		}}, Do: submit},
		{Rule: renda.Rule{Action: "adopt", Label: "采纳", From: []string{Received, Declined}, To: Adopted, Who: []string{"staff", "admin"}, Tone: "primary", Fields: decideFields(false)}, Pre: notReported, Do: decide},
		{Rule: renda.Rule{Action: "decline", Label: "不予采纳", From: []string{Received, Adopted}, To: Declined, Who: []string{"staff", "admin"}, Fields: decideFields(true)}, Pre: notReported, Do: decide},
	},
})

func decideFields(reasonRequired bool) []renda.Field {
	return []renda.Field{
		{Name: "group", Label: "归类", Kind: renda.FieldLine, Max: 60, Help: "同类意见归为一组，如“第五条 收费标准”；留空按条款归类"},
		{Name: "reason", Label: "理由", Kind: renda.FieldText, Required: reasonRequired, Max: 2000, Help: "写入反馈报告"},
	}
}

// notReported: once the report is published, decisions stand.
func notReported(c *Comment, env *renda.Env) error {
	if f, ok := env.Facts.(*CommentFacts); ok && f != nil && f.Consultation != nil && f.Consultation.State == Published {
		return renda.Errorf(renda.ECONFLICT, "反馈报告已发布，不能再改")
	}
	return nil
}

func submit(c *Comment, in *renda.Input, env *renda.Env, out *renda.Outcome) error {
	f, _ := env.Facts.(*CommentFacts)
	if f == nil || f.Consultation == nil {
		return renda.Errorf(renda.EINTERNAL, "consultation: a comment without its draft")
	}
	k := f.Consultation
	if !k.Accepting(env.Today()) {
		if env.Today().Before(k.OpensOn) || k.State == Draft {
			return renda.Errorf(renda.ECONFLICT, "征求意见尚未开始")
		}
		return renda.Errorf(renda.ECONFLICT, "征求意见已于 %s 截止，谢谢您的关注", k.ClosesOn.Chinese())
	}
	*c = Comment{ID: c.ID, ConsultationID: k.ID, Article: in.Text("article"), Text: in.Text("text"), Name: in.Text("name"), Author: ByCitizen,
		CreatedAt: env.Now, UpdatedAt: env.Now}
	if a := env.Actor; a != nil {
		switch {
		case a.DeputyID != "":
			c.Author, c.DeputyID = ByDeputy, a.DeputyID
		case a.Role == renda.RoleUnit:
			c.Author, c.OrgID = ByOrg, a.OrgID
		default:
			c.Author = ByStaff
		}
		if c.Name == "" {
			c.Name = a.Name()
		}
	}
	out.Note = c.Article
	if c.DeputyID != "" {
		out.Credit(renda.Credit{DeputyID: c.DeputyID, Kind: "legislation", Title: "对《" + strings.Trim(k.Title, "《》") + "》提出意见", Entity: "consultation_comment", EntityID: c.ID})
	}
	return nil
}

func decide(c *Comment, in *renda.Input, env *renda.Env, out *renda.Outcome) error {
	c.Group, c.Reason = in.Text("group"), in.Text("reason")
	out.Note = c.Reason
	if c.Group != "" {
		out.Note = "【" + c.Group + "】" + c.Reason
	}
	return nil
}
