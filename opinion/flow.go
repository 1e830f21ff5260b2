package opinion

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"

	"renda"
)

// Flow is the workflow of citizens' opinions (domain.md §6: SUBMITTED →
// DEPUTY_RECEIVED → ANSWERED | TO_12345/unit → SIGNED_FOR → HANDLING →
// RESULT → TO_DEPUTY → DEPUTY_TELLS_CITIZEN → RATED → ARCHIVED |
// ESCALATED_TO_SUGGESTION). Relations: "handler" (the deputy whose inbox it
// is in), "stationed" (a deputy stationed in its township, for unclaimed
// items), "unit" (the unit it was forwarded to), "hotline" (the 12345
// platform, for items forwarded to it), "desk" (staff recording for 12345
// or a unit), "citizen" (who filed it, proven by tracking code and phone
// tail), "system" (sweeps), and the roles.
var Flow = renda.Register(&renda.Machine[Opinion]{
	Entity: "opinion",
	Label:  "群众意见",
	States: []renda.StateDef{
		{State: Submitted, Label: "待处理"}, {State: Received, Label: "已受理"}, {State: Forwarded, Label: "已转办"},
		{State: Handling, Label: "办理中"}, {State: Replied, Label: "已回复代表"}, {State: Answered, Label: "已答复"}, {State: Supervised, Label: "督办中"},
		{State: Escalated, Label: "已转为建议"}, {State: Closed, Label: "已办结"},
	},
	State: func(o *Opinion) *string { return &o.State },
	Acts: []renda.Act[Opinion]{
		{Rule: renda.Rule{Action: "submit", Label: "提交意见", To: Submitted, Hidden: true,
			Who: []string{"public", "deputy", "staff", "admin", "hotline", "system"}}, Do: submit},
		{Rule: renda.Rule{Action: "claim", Label: "认领", From: []string{Submitted}, To: Received, Who: []string{"stationed"}, Tone: "primary",
			Help: "认领后由您负责处理和答复。", Fields: []renda.Field{note("备注", false, "")}}, Do: claim},
		{Rule: renda.Rule{Action: "assign", Label: "分派代表", From: []string{Submitted, Received}, To: Submitted, Who: []string{"staff", "admin"},
			Fields: []renda.Field{{Name: "deputy_id", Label: "分派给代表", Kind: renda.FieldRef, Ref: "deputy", Filter: "active", Required: true}}}, Do: assign},
		{Rule: renda.Rule{Action: "receive", Label: "受理", From: []string{Submitted}, To: Received, Who: []string{"handler"}, Tone: "primary",
			Fields: []renda.Field{note("备注", false, "可记录初步了解的情况")}}, Do: noteOnly},
		{Rule: renda.Rule{Action: "answer", Label: "答复群众", From: []string{Submitted, Received, Replied}, To: Answered, Who: []string{"handler"},
			Fields: []renda.Field{note("答复内容", false, "群众凭查询码可以看到；留了手机号的会收到短信通知。")}}, Do: answer},
		{Rule: renda.Rule{Action: "forward", Label: "转办", From: []string{Submitted, Received}, To: Forwarded, Who: []string{"handler"},
			Fields: []renda.Field{
				{Name: "to", Label: "转给", Kind: renda.FieldChoice, Required: true, Options: []renda.Option{{Value: ForwardUnit, Label: "承办单位"}, {Value: ForwardHotline, Label: "12345 热线（人大代表专席）"}}},
				{Name: "org_id", Label: "承办单位", Kind: renda.FieldRef, Ref: "organization", Filter: "handling_unit", Help: "转给承办单位时选择"},
				{Name: "complex", Label: "复杂事项（办理时限 {opinion.forward_period_complex}）", Kind: renda.FieldBool},
				{Name: "due", Label: "办理期限", Kind: renda.FieldDate, Help: "留空按规定期限：一般 {opinion.forward_period}，复杂 {opinion.forward_period_complex}"},
				note("转办意见", false, "对承办方的要求"),
			}}, Do: forward},
		{Rule: renda.Rule{Action: "sign", Label: "签收", From: []string{Forwarded}, To: Handling, Who: []string{"unit", "hotline", "desk"}, Tone: "primary",
			Fields: []renda.Field{note("备注", false, "")}}, Do: sign},
		{Rule: renda.Rule{Action: "extend", Label: "申请延期", From: []string{Forwarded, Handling}, Who: []string{"unit", "hotline", "desk"},
			Fields: []renda.Field{{Name: "text", Label: "延期理由", Kind: renda.FieldText, Required: true, Max: 500, Help: "只能延期一次"}}},
			Pre: notExtended, Do: extend},
		{Rule: renda.Rule{Action: "return", Label: "退回", From: []string{Forwarded, Handling}, To: Received, Who: []string{"unit", "hotline", "desk"}, Tone: "danger",
			Fields: []renda.Field{{Name: "text", Label: "退回理由", Kind: renda.FieldText, Required: true, Max: 500, Help: "不属本单位职责的，请在规定时限内退回并说明"}}},
			Pre: inReturnWindow, Do: giveBack},
		{Rule: renda.Rule{Action: "reply", Label: "回复办理结果", From: []string{Forwarded, Handling}, To: Replied, Who: []string{"unit", "hotline", "desk"}, Tone: "primary",
			Fields: []renda.Field{{Name: "text", Label: "办理结果", Kind: renda.FieldText, Required: true, Max: 4000, Help: "回复代表，由代表核实后答复群众"}}}, Do: reply},
		{Rule: renda.Rule{Action: "redo", Label: "要求重新办理", From: []string{Replied}, To: Forwarded, Who: []string{"handler"}, Tone: "danger",
			Fields: []renda.Field{{Name: "text", Label: "重新办理的要求", Kind: renda.FieldText, Required: true, Max: 500}}}, Do: redo},
		{Rule: renda.Rule{Action: "escalate", Label: "转为代表建议", From: []string{Submitted, Received, Replied}, To: Escalated, Who: []string{"handler"},
			Help:    "将生成您的代表建议草稿，本意见作为附件和依据；群众可以看到已转为建议。",
			Confirm: "转为建议后本意见即结束处理，不能撤回。确定吗？",
			Fields: []renda.Field{
				{Name: "title", Label: "建议标题", Kind: renda.FieldLine, Required: true, Max: 100},
				note("理由", false, "为什么需要以代表建议推动解决（如同类问题反复出现）"),
			}}, Do: escalate},
		{Rule: renda.Rule{Action: "close", Label: "不予受理并说明", From: []string{Submitted, Received, Replied, Supervised}, To: Closed, Who: []string{"handler", "staff", "admin"}, Tone: "danger",
			Confirm: "说明后此意见即办结，不能再处理。确定吗？",
			Fields: []renda.Field{
				{Name: "reason", Label: "理由", Kind: renda.FieldChoice, OptionsFrom: "opinion.close_reasons", Required: true},
				{Name: "text", Label: "向群众的说明", Kind: renda.FieldText, Required: true, Max: 2000, Help: "说明依法可以通过什么途径解决"},
			}}, Do: closeWith},
		{Rule: renda.Rule{Action: "settle", Label: "督办答复群众", From: []string{Supervised}, To: Answered, Who: []string{"staff", "admin"}, Tone: "primary",
			Help:   "群众两次不满意，由人大常委会工作机构督办后答复；群众可以再次评价。",
			Fields: []renda.Field{note("答复内容", true, "写明督办情况和处理结果。群众凭查询码可以看到；留了手机号的会收到短信通知。")}}, Do: answer},
		// 不满意 sends the answer back (Alt): once to the deputy, the second
		// time to the staff's supervision; a third closes it.
		{Rule: renda.Rule{Action: "rate", Label: "群众评价", From: []string{Answered}, To: Closed, Alt: []string{Received, Supervised}, Who: []string{"citizen"}, Hidden: true,
			Fields: []renda.Field{
				{Name: "rating", Label: "满意度", Kind: renda.FieldChoice, Required: true, Options: ratingOptions()},
				{Name: "note", Label: "评价意见", Kind: renda.FieldText, Max: 500},
			}}, Do: rate},
		{Rule: renda.Rule{Action: "archive", Label: "逾期未评价，自动办结", From: []string{Answered}, To: Closed, Who: []string{"system"}, Hidden: true}, Do: archive},
	},
})

// note is the free-text field most actions take.
func note(label string, required bool, help string) renda.Field {
	return renda.Field{Name: "text", Label: label, Kind: renda.FieldText, Required: required, Max: 2000, Help: help}
}

func ratingOptions() []renda.Option {
	var out []renda.Option
	for _, r := range renda.Ratings {
		out = append(out, renda.Option{Value: r, Label: renda.RatingLabel(r)})
	}
	return out
}

// Facts are what the store loads for an action besides the item: where a
// new opinion goes, and the same problem's other reports for an escalation.
type Facts struct {
	Submission *Submission // submit: what was filed
	Route      *Route      // submit: where it goes
	Recent     []Report    // escalate: the township's recent reports of the same category
	NewID      func() string
}

// Route is where a new opinion goes, as the store worked it out from the
// station, the deputy chosen and the duty rota.
type Route struct {
	StationID, StationName, StationCode string
	TownshipID, TownshipName, RegionID  string
	DeputyID, DeputyName                string // the deputy the citizen chose
	HandlerID, HandlerName              string // the deputy whose inbox it goes to ("" = the township's pool)
}

// Report is another report of the same problem, for an escalation's evidence.
type Report struct {
	At      time.Time
	Channel string
	Number  string // a 12345 order's number
	Content string
}

// DraftSuggestion is the request an escalation makes of the suggestions
// workflow: a draft of the handling deputy's, with the opinion's photos.
type DraftSuggestion struct {
	ID           string
	DeputyID     string
	Title        string
	Body         string
	Category     string
	SourceEntity string
	SourceID     string
	CopyFiles    bool // the opinion's attachments go with the draft
}

// HotlineMessage is what renda sends to the 12345 platform through the
// outbox: an opinion forwarded to its deputy desk, or the result of an
// order it passed to the deputies.
type HotlineMessage struct {
	Kind       string `json:"kind"` // forward or result
	Ref        string `json:"ref"`  // the opinion's id; the platform's replies name it
	Number     string `json:"number,omitempty"`
	RegionCode string `json:"region_code,omitempty"`
	Category   string `json:"category,omitempty"`
	Content    string `json:"content,omitempty"`
	Due        string `json:"due,omitempty"`
	Complex    bool   `json:"complex,omitempty"`
	Result     string `json:"result,omitempty"`
	Deputy     string `json:"deputy,omitempty"`
	Note       string `json:"note,omitempty"`
	At         string `json:"at"`
}

// stateLabels name the states in messages (Flow's labels, without
// referring to Flow from its own actions).
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

func link(o *Opinion) string { return "/opinions/" + o.ID }

// tellHandler tells the handling deputy (or, for an unclaimed item, the
// staff) something about an opinion.
func tellHandler(o *Opinion, out *renda.Outcome, title, body string) {
	if o.HandlerID != "" {
		out.Notify(renda.ToDeputy(o.HandlerID), title, body, link(o))
		return
	}
	out.Notify(renda.ToRoles(renda.RoleStaff), title, body, link(o))
}

// announceForward tells whoever now has a forwarded item: the unit's users
// in renda, or the 12345 platform through the outbox.
func announceForward(o *Opinion, out *renda.Outcome, env *renda.Env, note string) {
	if o.ForwardTo == ForwardUnit {
		out.Notify(renda.ToOrg(o.ForwardOrgID), "代表转办的群众意见", o.Title()+"（办理期限 "+o.Due.Chinese()+"）", link(o))
		return
	}
	m := HotlineMessage{Kind: "forward", Ref: o.ID, RegionCode: o.TownshipCode, Category: o.Category, Content: o.Content, Due: o.Due.String(),
		Complex: o.Complex, Deputy: o.HandlerName, Note: note, At: env.Now.Format(time.RFC3339)}
	out.Send(hotline(m, "hotline:forward:"+o.ID+":"+env.Now.UTC().Format("2006-01-02T15:04:05.000000Z")))
}

func hotline(m HotlineMessage, key string) renda.Message {
	b, _ := json.Marshal(m)
	subject := "代表转办"
	if m.Kind == "result" {
		subject = "工单办理结果"
	}
	return renda.Message{Channel: "hotline", Recipient: "12345", Subject: subject, Body: string(b), Key: key}
}

// tellCitizen lets the citizen know there is news: by SMS when they left a
// mobile number, and back to the 12345 platform for an order from it.
func tellCitizen(o *Opinion, out *renda.Outcome, env *renda.Env, event, text string) {
	if o.Channel == ChannelHotline && o.HotlineNumber != "" {
		m := HotlineMessage{Kind: "result", Ref: o.ID, Number: o.HotlineNumber, Result: o.Answer, Deputy: o.HandlerName,
			Note: stateLabels[out.To], At: env.Now.Format(time.RFC3339)}
		if o.CloseReason != "" {
			m.Note = o.CloseReason
		}
		out.Send(hotline(m, "hotline:result:"+o.ID+":"+event))
	}
	if !strings.HasPrefix(o.Phone, "1") {
		return
	}
	body := text + "，查询码 " + o.TrackingCode + "。请凭手机尾号查看并评价："
	out.Send(renda.Message{Channel: "sms", Recipient: o.Phone, Subject: renda.DeploymentOf(env.Settings).ShortName, Body: body, Key: "opinion:" + o.ID + ":" + event,
		Link: "/t/" + o.TrackingCode})
}

func forwardPeriodKey(complex bool) string {
	if complex {
		return "opinion.forward_period_complex"
	}
	return "opinion.forward_period"
}

// --- the actions ---

func submit(o *Opinion, _ *renda.Input, env *renda.Env, out *renda.Outcome) error {
	f := facts(env)
	in, rt := f.Submission, f.Route
	if in == nil || rt == nil {
		return renda.Errorf(renda.EINTERNAL, "opinion: submit without a submission")
	}
	*o = Opinion{ID: o.ID, TrackingCode: o.TrackingCode, Channel: in.Channel, Category: in.Category, Content: in.Content, Address: in.Address,
		Lat: in.Lat, Lng: in.Lng, Name: in.Name, Phone: in.Phone, ReceptionID: in.ReceptionID, CreatedAt: env.Now, UpdatedAt: env.Now,
		StationID: rt.StationID, StationName: rt.StationName, StationCode: rt.StationCode, TownshipID: rt.TownshipID, TownshipName: rt.TownshipName,
		RegionID: rt.RegionID, DeputyID: rt.DeputyID, DeputyName: rt.DeputyName, HandlerID: rt.HandlerID, HandlerName: rt.HandlerName,
		HasPhone: in.Phone != "", Consent: in.Consent}
	if o.Category == "" {
		o.Category = GuessCategory(o.Content, env.Settings.Strings("opinion.categories"))
	}
	if h := in.Hotline; h != nil {
		// A 12345 order keeps the platform's deadline; the deputies stationed
		// in its township see it in their inbox (a county-wide order waits
		// for the staff to assign it).
		h.ID, h.OpinionID, h.CreatedAt = f.NewID(), o.ID, env.Now
		o.HotlineOrderID, o.HotlineNumber, o.Due = h.ID, h.Number, renda.DateOf(h.Due)
		via := h.Channel
		if via == "" {
			via = "热线"
		}
		out.Note = fmt.Sprintf("12345 工单 %s（%s，%s）", h.Number, h.Type, via)
		out.Add(h)
		if o.TownshipID != "" {
			out.Notify(renda.ToStationed(o.TownshipID), "本片区新的 12345 工单", o.Title(), link(o))
		} else {
			out.Notify(renda.ToRoles(renda.RoleStaff), "待分派的 12345 工单", o.Title(), link(o))
		}
		return nil
	}
	o.Due = env.Due(env.Today(), "opinion.deputy_period")
	out.Note = ChannelLabel(o.Channel)
	if o.StationName != "" {
		out.Note += " · " + o.StationName
	}
	if o.HandlerID != "" && (env.Actor == nil || env.Actor.DeputyID != o.HandlerID) {
		out.Notify(renda.ToDeputy(o.HandlerID), "新的群众意见", o.Title(), link(o))
	}
	return nil
}

func claim(o *Opinion, in *renda.Input, env *renda.Env, out *renda.Outcome) error {
	o.HandlerID, o.HandlerName = env.Actor.DeputyID, env.Actor.Name()
	out.Note = "由 " + env.Actor.Name() + " 认领"
	return nil
}

func assign(o *Opinion, in *renda.Input, env *renda.Env, out *renda.Outcome) error {
	d := in.Ref("deputy_id")
	o.HandlerID, o.HandlerName = d.ID, d.Name
	o.Due = env.Due(env.Today(), "opinion.deputy_period")
	out.Note = "分派给 " + d.Name
	out.Notify(renda.ToDeputy(d.ID), "分派给您的群众意见", o.Title(), link(o))
	return nil
}

func noteOnly(o *Opinion, in *renda.Input, env *renda.Env, out *renda.Outcome) error {
	out.Note = in.Text("text")
	return nil
}

func answer(o *Opinion, in *renda.Input, env *renda.Env, out *renda.Outcome) error {
	text := in.Text("text")
	if text == "" && o.State == Replied {
		text = o.UnitReply // the unit's result, confirmed as it is
	}
	if text == "" {
		return &renda.Error{Code: renda.EINVALID, Message: "输入有误：请填写答复内容", Fields: []renda.FieldError{{Field: "text", Message: "请填写答复内容"}}}
	}
	o.Answer, o.AnsweredAt, o.Due = text, env.Now, renda.Date{}
	out.Note = o.Answer
	out.Credit(renda.Credit{DeputyID: o.HandlerID, Kind: "opinion", Title: "答复群众意见：" + o.Title(), Entity: "opinion", EntityID: o.ID})
	tellCitizen(o, out, env, "answered", "代表已答复您反映的问题")
	return nil
}

func forward(o *Opinion, in *renda.Input, env *renda.Env, out *renda.Outcome) error {
	var p renda.Problems
	to := in.Text("to")
	switch to {
	case ForwardUnit:
		org := in.Ref("org_id")
		if org == nil {
			p.Add("org_id", "请选择承办单位")
			break
		}
		o.ForwardOrgID, o.ForwardOrgName = org.ID, org.Name
	case ForwardHotline:
		o.ForwardOrgID, o.ForwardOrgName = "", ""
	}
	today := env.Today()
	due := in.Date("due")
	switch {
	case due.IsZero():
		due = env.Due(today, forwardPeriodKey(in.Bool("complex")))
	case !due.After(today):
		p.Add("due", "办理期限应晚于今天")
	case due.After(today.AddMonths(6)):
		p.Add("due", "办理期限最长六个月")
	}
	if err := p.Err(); err != nil {
		return err
	}
	o.ForwardTo, o.Complex, o.Extended, o.ForwardedAt, o.Due = to, in.Bool("complex"), false, env.Now, due
	o.UnitReply, o.RepliedAt = "", time.Time{}
	out.Note = in.Text("text")
	announceForward(o, out, env, out.Note)
	return nil
}

func sign(o *Opinion, in *renda.Input, env *renda.Env, out *renda.Outcome) error {
	if d := env.Due(env.Today(), forwardPeriodKey(o.Complex)); o.Due.Before(d) && !o.Extended {
		o.Due = d
	}
	out.Note = in.Text("text")
	return nil
}

func notExtended(o *Opinion, env *renda.Env) error {
	if o.Extended {
		return renda.Errorf(renda.ECONFLICT, "该事项已延期一次，不能再次延期")
	}
	return nil
}

func extend(o *Opinion, in *renda.Input, env *renda.Env, out *renda.Outcome) error {
	o.Extended = true
	o.Due = env.Calendar.Due(o.Due, env.Settings.Period("opinion.extension_period"))
	out.Note = in.Text("text")
	tellHandler(o, out, "承办方申请延期", o.Title()+"：延期至 "+o.Due.Chinese()+"。理由："+out.Note)
	return nil
}

// inReturnWindow: a unit may hand an item back only within the return
// period (the desk, recording for 12345, may always).
func inReturnWindow(o *Opinion, env *renda.Env) error {
	if o.ForwardTo != ForwardUnit || env.Rel.Has("desk") {
		return nil
	}
	if limit := env.Due(renda.DateOf(o.ForwardedAt), "opinion.return_period"); env.Today().After(limit) {
		return renda.Errorf(renda.ECONFLICT, "已超过退回时限（%s 前）；如确不属本单位职责，请联系联工委协调", limit.Chinese())
	}
	return nil
}

func giveBack(o *Opinion, in *renda.Input, env *renda.Env, out *renda.Outcome) error {
	out.Note = in.Text("text")
	o.ForwardTo, o.ForwardOrgID, o.ForwardOrgName = "", "", ""
	o.Due = env.Due(env.Today(), "opinion.deputy_period")
	tellHandler(o, out, "转办事项被退回", o.Title()+"。理由："+out.Note)
	return nil
}

func reply(o *Opinion, in *renda.Input, env *renda.Env, out *renda.Outcome) error {
	o.UnitReply, o.RepliedAt = in.Text("text"), env.Now
	o.Due = env.Due(env.Today(), "opinion.deputy_period")
	out.Note = o.UnitReply
	tellHandler(o, out, "转办事项已有办理结果", o.Title()+"：请核实后答复群众。")
	return nil
}

func redo(o *Opinion, in *renda.Input, env *renda.Env, out *renda.Outcome) error {
	out.Note = in.Text("text")
	o.Due = env.Due(env.Today(), forwardPeriodKey(o.Complex))
	o.RepliedAt = time.Time{}
	announceForward(o, out, env, "要求重新办理："+out.Note)
	return nil
}

func escalate(o *Opinion, in *renda.Input, env *renda.Env, out *renda.Outcome) error {
	f := facts(env)
	var b strings.Builder
	where := o.StationName
	if where == "" {
		where = o.TownshipName
	}
	if where != "" {
		where = "，" + where
	}
	fmt.Fprintf(&b, "一、群众反映（%s，%s%s）\n%s\n", ChannelLabel(o.Channel), renda.DateOf(o.CreatedAt).Chinese(), where, o.Content)
	if o.Address != "" {
		fmt.Fprintf(&b, "地点：%s\n", o.Address)
	}
	if reason := in.Text("text"); reason != "" {
		fmt.Fprintf(&b, "\n二、代表意见\n%s\n", reason)
	}
	for i, r := range f.Recent {
		if i == 0 {
			fmt.Fprintf(&b, "\n三、近 %d 天%s同类问题反映\n", env.Settings.Int("opinion.recurrence_days"), o.TownshipName)
		}
		src := ChannelLabel(r.Channel)
		if r.Number != "" {
			src += " " + r.Number
		}
		fmt.Fprintf(&b, "%d. %s（%s）%s\n", i+1, renda.DateOf(r.At).Chinese(), src, clip(strings.Join(strings.Fields(r.Content), " "), 80))
	}
	id := f.NewID()
	out.Effect(DraftSuggestion{ID: id, DeputyID: env.Actor.DeputyID, Title: in.Text("title"), Body: b.String(),
		Category: SuggestionCategory(o.Category, env.Settings), SourceEntity: "opinion", SourceID: o.ID, CopyFiles: true})
	o.SuggestionID, o.Due = id, renda.Date{}
	out.Note = "转为代表建议草稿"
	tellCitizen(o, out, env, "escalated", "您反映的问题已由代表转为人大代表建议")
	return nil
}

// SuggestionCategory maps an opinion category onto the suggestions'
// categories (the same name, or a near one), or "".
func SuggestionCategory(category string, set *renda.Settings) string {
	cats := set.Strings("suggestions.categories")
	if slices.Contains(cats, category) {
		return category
	}
	near := map[string]string{"道路交通": "交通运输", "饮水水利": "水利", "环境卫生": "生态环境", "教育": "教育科技", "茶叶产业": "农业农村",
		"治安安全": "政法", "就业创业": "社会保障"}
	if c := near[category]; slices.Contains(cats, c) {
		return c
	}
	return ""
}

func closeWith(o *Opinion, in *renda.Input, env *renda.Env, out *renda.Outcome) error {
	o.CloseReason, o.Answer = in.Text("reason"), in.Text("text")
	o.ClosedAt, o.Due = env.Now, renda.Date{}
	if env.Rel.Has("handler") {
		out.Credit(renda.Credit{DeputyID: o.HandlerID, Kind: "opinion", Title: "答复群众意见：" + o.Title(), Entity: "opinion", EntityID: o.ID})
	}
	out.Note = o.CloseReason + "：" + o.Answer
	tellCitizen(o, out, env, "closed", "您反映的问题已有处理说明")
	return nil
}

func rate(o *Opinion, in *renda.Input, env *renda.Env, out *renda.Outcome) error {
	o.Rating, o.RatingNote = in.Text("rating"), in.Text("note")
	o.RatedAt, o.ClosedAt = env.Now, env.Now
	out.Note = renda.RatingLabel(o.Rating)
	if o.RatingNote != "" {
		out.Note += "：" + o.RatingNote
	}
	if o.Rating == renda.RatingUnsatisfied && o.Reopened < 2 {
		// Not closed: back to the deputy once, then to supervision.
		o.Reopened++
		o.ClosedAt = time.Time{}
		o.Due = env.Due(env.Today(), "opinion.deputy_period")
		body := o.Title() + "：群众评价“不满意”。" + o.RatingNote
		if o.Reopened == 1 && o.HandlerID != "" {
			out.To = Received
			out.Note += "（退回代表继续办理）"
			tellHandler(o, out, "群众对答复不满意，请继续办理", body+"（办理期限 "+o.Due.Chinese()+"）")
			return nil
		}
		o.Reopened = 2
		out.To = Supervised
		out.Note += "（转人大常委会工作机构督办）"
		out.Notify(renda.ToRoles(renda.RoleStaff), "群众再次不满意，请督办", body, link(o))
		if o.HandlerID != "" {
			out.Notify(renda.ToDeputy(o.HandlerID), "群众再次不满意，已转督办", body, link(o))
		}
		return nil
	}
	if o.Rating == renda.RatingUnsatisfied {
		body := o.Title() + "：群众评价“不满意”。" + o.RatingNote
		tellHandler(o, out, "群众对答复不满意", body)
		if o.HandlerID != "" {
			out.Notify(renda.ToRoles(renda.RoleStaff), "群众对答复不满意", body, link(o))
		}
	}
	return nil
}

func archive(o *Opinion, in *renda.Input, env *renda.Env, out *renda.Outcome) error {
	o.ClosedAt = env.Now
	out.Note = "答复后逾期未评价"
	return nil
}

func clip(s string, n int) string {
	if r := []rune(s); len(r) > n {
		return string(r[:n]) + "…"
	}
	return s
}
