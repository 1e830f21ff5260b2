package supervision

import (
	"fmt"

	"renda"
)

var deadlineSettings = renda.RegisterSettings([]renda.SettingDef{
	{Key: "supervision.report_days", Group: "监督工作", Label: "专项工作报告送交常委会的提前天数", Kind: renda.KindInt, Default: 20, Min: 1, Max: 90,
		Help: "监督法第十六条：专项工作报告在常委会会议举行的二十日前送交；落在休息日的提前到上一个工作日。"},
	{Key: "supervision.members_days", Group: "监督工作", Label: "报告发给组成人员的提前天数", Kind: renda.KindInt, Default: 7, Min: 1, Max: 60,
		Help: "监督法第十六条：常委会办事机构在会议举行的七日前将报告发给组成人员；落在休息日的提前到上一个工作日。"},
	{Key: "supervision.response_period", Group: "监督工作", Label: "研究处理情况的报告期限", Kind: renda.KindPeriod, Default: renda.Period{N: 2, Unit: renda.UnitMonths}, Min: 1, Max: 12,
		Help: "审议意见交有关机关后，有关机关在此期限内报告研究处理情况（监督法第十七条）。"},
	{Key: "supervision.remind_days", Group: "监督工作", Label: "期限前几个工作日提醒", Kind: renda.KindInt, Default: 3, Min: 0, Max: 20,
		Help: "每个期限在到期前此数个工作日提醒一次（已办的不提醒）。"},
}...)

// Deadline is one deadline of an item's report and opinions loop.
type Deadline struct {
	Key   string     // report, members, response
	Label string     // Chinese
	Due   renda.Date // the last day, on the working-day calendar
	Done  renda.Date // when it was met (zero: not yet)
	Body  bool       // the reporting body must act (else the committee's office)
}

// Late reports whether the deadline was met after its day, or is still
// open after it.
func (d Deadline) Late(today renda.Date) bool {
	if !d.Done.IsZero() {
		return d.Done.After(d.Due)
	}
	return today.After(d.Due)
}

// before returns the working day n days before day (the previous working
// day when that falls on a rest day or holiday).
func before(cal *renda.Calendar, day renda.Date, n int) renda.Date {
	d := day.AddDays(-n)
	for i := 0; cal != nil && i < 30 && !cal.IsWorkingDay(d); i++ {
		d = d.AddDays(-1)
	}
	return d
}

// Deadlines lists the item's deadlines under the settings and calendar:
// the report due 20 days and the members' copies 7 days before the
// meeting, once a meeting is scheduled; the 研究处理情况 once the opinions
// are sent.
func (it *Item) Deadlines(set *renda.Settings, cal *renda.Calendar) []Deadline {
	var out []Deadline
	if !it.MeetingOn.IsZero() {
		out = append(out,
			Deadline{Key: "report", Label: "报告送交常委会", Due: before(cal, it.MeetingOn, set.Int("supervision.report_days")), Done: it.ReportOn, Body: true},
			Deadline{Key: "members", Label: "报告发给组成人员", Due: before(cal, it.MeetingOn, set.Int("supervision.members_days")), Done: it.MembersOn})
	}
	if !it.OpinionsOn.IsZero() {
		out = append(out, Deadline{Key: "response", Label: "报告研究处理情况", Due: it.ResponseDue, Done: it.ResponseOn, Body: true})
	}
	if it.Interpellation() && it.Round > 0 && !it.AnswerDue.IsZero() {
		label := "答复质询案"
		if it.Round > 1 {
			label = fmt.Sprintf("第 %d 次答复质询案", it.Round)
		}
		out = append(out, Deadline{Key: "answer" + itoa(it.Round), Label: label, Due: it.AnswerDue, Done: it.AnsweredOn, Body: true})
	}
	if !it.ResolutionOn.IsZero() {
		out = append(out, Deadline{Key: "resolution", Label: "报告决议执行情况", Due: it.ResolutionDue, Done: it.ResolutionDoneOn, Body: true})
	}
	return out
}

// RemindOn is the day a pending deadline is reminded: remind_days working
// days before it.
func RemindOn(set *renda.Settings, cal *renda.Calendar, due renda.Date) renda.Date {
	n := set.Int("supervision.remind_days")
	if n <= 0 || cal == nil {
		return due
	}
	d := due
	for i := 0; i < n; {
		d = d.AddDays(-1)
		if cal.IsWorkingDay(d) {
			i++
		}
	}
	return d
}

func schedule(it *Item, in *renda.Input, env *renda.Env, out *renda.Outcome) error {
	it.MeetingOn = in.Date("meeting_on")
	if !it.MeetingOn.After(env.Today()) {
		return &renda.Error{Code: renda.EINVALID, Message: "输入有误：会议日期应在今天之后", Fields: []renda.FieldError{{Field: "meeting_on", Message: "应在今天之后"}}}
	}
	if it.Month == 0 || it.Month != int(it.MeetingOn.Month) {
		it.Month = int(it.MeetingOn.Month)
	}
	out.Note = it.MeetingOn.Chinese()
	for _, d := range it.Deadlines(env.Settings, env.Calendar) {
		out.Note += "；" + d.Label + "期限 " + d.Due.Chinese()
	}
	if it.OrgID != "" {
		out.Notify(renda.ToOrg(it.OrgID), "请按期报送专项工作报告", it.Title+"：常委会会议 "+it.MeetingOn.Chinese()+"，报告请于 "+
			before(env.Calendar, it.MeetingOn, env.Settings.Int("supervision.report_days")).Chinese()+" 前送交。", "/supervision/"+it.ID)
	}
	return nil
}

func scheduled(it *Item, env *renda.Env) error {
	if it.MeetingOn.IsZero() {
		return renda.Errorf(renda.ECONFLICT, "尚未确定常委会会议日期")
	}
	return nil
}

func reportPending(it *Item, env *renda.Env) error {
	if err := scheduled(it, env); err != nil {
		return err
	}
	if !it.ReportOn.IsZero() {
		return renda.Errorf(renda.ECONFLICT, "报告已送交")
	}
	return nil
}

func membersPending(it *Item, env *renda.Env) error {
	if it.ReportOn.IsZero() {
		return renda.Errorf(renda.ECONFLICT, "报告尚未送交")
	}
	if !it.MembersOn.IsZero() {
		return renda.Errorf(renda.ECONFLICT, "报告已发给组成人员")
	}
	return nil
}

func opinionsPending(it *Item, env *renda.Env) error {
	if !it.OpinionsOn.IsZero() {
		return renda.Errorf(renda.ECONFLICT, "审议意见已交办")
	}
	return nil
}

func responsePending(it *Item, env *renda.Env) error {
	if it.OpinionsOn.IsZero() {
		return renda.Errorf(renda.ECONFLICT, "尚无交办的审议意见")
	}
	if !it.ResponseOn.IsZero() {
		return renda.Errorf(renda.ECONFLICT, "研究处理情况已报告")
	}
	return nil
}

func receiveReport(it *Item, in *renda.Input, env *renda.Env, out *renda.Outcome) error {
	it.ReportOn = env.Today()
	if t := in.Text("report"); t != "" {
		it.Report = t
	}
	out.Note = "报告送交 " + it.ReportOn.Chinese()
	return nil
}

func sendMembers(it *Item, in *renda.Input, env *renda.Env, out *renda.Outcome) error {
	it.MembersOn = env.Today()
	out.Note = "发给组成人员 " + it.MembersOn.Chinese()
	return nil
}

func sendOpinions(it *Item, in *renda.Input, env *renda.Env, out *renda.Outcome) error {
	it.Opinions, it.OpinionsOn = in.Text("opinions"), env.Today()
	it.ResponseDue = env.Due(it.OpinionsOn, "supervision.response_period")
	for i := 0; env.Calendar != nil && i < 30 && !env.Calendar.IsWorkingDay(it.ResponseDue); i++ {
		it.ResponseDue = it.ResponseDue.AddDays(1) // a last day on a rest day runs to the next working day
	}
	out.Note = "研究处理情况报告期限 " + it.ResponseDue.Chinese()
	if it.OrgID != "" {
		out.Notify(renda.ToOrg(it.OrgID), "常委会审议意见已交办", it.Title+"：请于 "+it.ResponseDue.Chinese()+" 前报告研究处理情况。", "/supervision/"+it.ID)
	}
	return nil
}

func answerOpinions(it *Item, in *renda.Input, env *renda.Env, out *renda.Outcome) error {
	it.Response, it.ResponseOn = in.Text("response"), env.Today()
	out.Note = "报告研究处理情况"
	out.Notify(renda.ToRoles(renda.RoleStaff), "研究处理情况已报告", it.Title, "/supervision/"+it.ID)
	return nil
}

func resolutionPending(it *Item, env *renda.Env) error {
	if !it.ResolutionOn.IsZero() {
		return renda.Errorf(renda.ECONFLICT, "已作出决议")
	}
	return nil
}

func resolutionOpen(it *Item, env *renda.Env) error {
	if it.ResolutionOn.IsZero() {
		return renda.Errorf(renda.ECONFLICT, "尚无决议")
	}
	if !it.ResolutionDoneOn.IsZero() {
		return renda.Errorf(renda.ECONFLICT, "决议执行情况已报告")
	}
	return nil
}

// resolve records the standing committee's 决议 on the report and its own
// deadline for the body's report on carrying it out (a last day on a rest
// day runs to the next working day).
func resolve(it *Item, in *renda.Input, env *renda.Env, out *renda.Outcome) error {
	due := in.Date("due")
	if !due.After(env.Today()) {
		return &renda.Error{Code: renda.EINVALID, Message: "输入有误：期限应在今天之后", Fields: []renda.FieldError{{Field: "due", Message: "应在今天之后"}}}
	}
	for i := 0; env.Calendar != nil && i < 30 && !env.Calendar.IsWorkingDay(due); i++ {
		due = due.AddDays(1)
	}
	it.Resolution, it.ResolutionOn, it.ResolutionDue = in.Text("resolution"), env.Today(), due
	out.Note = "决议执行情况报告期限 " + due.Chinese()
	if it.OrgID != "" {
		out.Notify(renda.ToOrg(it.OrgID), "常委会作出决议", it.Title+"：请于 "+due.Chinese()+" 前报告决议执行情况。", "/supervision/"+it.ID)
	}
	return nil
}

func answerResolution(it *Item, in *renda.Input, env *renda.Env, out *renda.Outcome) error {
	it.ResolutionAnswer, it.ResolutionDoneOn = in.Text("answer"), env.Today()
	out.Note = "报告决议执行情况"
	out.Notify(renda.ToRoles(renda.RoleStaff), "决议执行情况已报告", it.Title, "/supervision/"+it.ID)
	return nil
}
