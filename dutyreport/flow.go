package dutyreport

import (
	"strconv"
	"time"

	"renda"
)

// Flow is a report's workflow: the deputy drafts it from their record and
// submits it; staff return it or present it at a meeting and open the
// voters' rating (the ballot engine); closing the rating (staff, or the
// vote closing) records the result; staff publish it.
var Flow = renda.Register(&renda.Machine[Report]{
	Entity: "duty_report",
	Label:  "代表述职",
	States: []renda.StateDef{{State: Draft, Label: "起草中"}, {State: Submitted, Label: "待安排述职"}, {State: Rating, Label: "测评中"},
		{State: Rated, Label: "已测评"}, {State: Published, Label: "已公布"}},
	State: func(r *Report) *string { return &r.State },
	Acts: []renda.Act[Report]{
		{Rule: renda.Rule{Action: "create", Label: "起草述职报告", To: Draft, Who: []string{"author", "staff", "admin"}, Hidden: true}, Do: create},
		{Rule: renda.Rule{Action: "edit", Label: "修改述职报告", From: []string{Draft}, Who: []string{"author"}, Fields: []renda.Field{
			{Name: "title", Label: "标题", Kind: renda.FieldLine, Required: true, Max: 100},
			{Name: "body", Label: "述职报告", Kind: renda.FieldText, Required: true, Max: 20000, Help: "由履职档案生成，可修改补充"},
		}}, Do: edit},
		{Rule: renda.Rule{Action: "submit", Label: "提交述职报告", From: []string{Draft}, To: Submitted, Who: []string{"author"}, Tone: "primary",
			Confirm: "提交后由工作机构安排述职会议。确定提交吗？"}, Pre: perTerm, Do: submit},
		{Rule: renda.Rule{Action: "return", Label: "退回修改", From: []string{Submitted}, To: Draft, Who: []string{"staff", "admin"},
			Fields: []renda.Field{{Name: "note", Label: "退回理由", Kind: renda.FieldText, Required: true, Max: 1000}}}, Do: returnIt},
		{Rule: renda.Rule{Action: "open_rating", Label: "召开述职会议并开始测评", From: []string{Submitted}, To: Rating, Who: []string{"staff", "admin"}, Tone: "primary",
			Help: "选民代表用手机扫描二维码，凭短信验证码对述职进行满意度测评，每个手机号一次。",
			Fields: []renda.Field{
				{Name: "station", Label: "述职地点（联络站）", Kind: renda.FieldRef, Ref: "station", Required: true},
				{Name: "day", Label: "述职日期", Kind: renda.FieldDate, Required: true},
				{Name: "audience", Label: "到会选民代表人数", Kind: renda.FieldInt, Required: true, Min: 1, Max: 100000,
					Help: "不少于 {dutyreport.min_audience} 人"},
			}}, Do: openRating},
		{Rule: renda.Rule{Action: "close_rating", Label: "结束测评", From: []string{Rating}, To: Rated, Who: []string{"staff", "admin", "system"},
			Confirm: "结束后不再接受测评。确定吗？"}, Do: closeRating},
		{Rule: renda.Rule{Action: "publish", Label: "公布测评结果", From: []string{Rated}, To: Published, Who: []string{"staff", "admin"}, Tone: "primary",
			Confirm: "公布后述职报告和测评结果显示在代表的公开页面上。确定公布吗？"}, Do: publish},
	},
})

// Facts are what the store loads for a report's action.
type Facts struct {
	Draft string // create: the text drafted from the duty record
	Title string // create: the default title
	Given int    // submit: the deputy's other reports of this term past the draft
}

// perTerm: a deputy reports to voters dutyreport.per_term times a term (a
// deputy's record is per term: a re-elected deputy is a new deputy).
func perTerm(r *Report, env *renda.Env) error {
	if f, ok := env.Facts.(*Facts); ok && f != nil {
		if n := env.Settings.Int("dutyreport.per_term"); f.Given >= n {
			return renda.Errorf(renda.ECONFLICT, "本届任期内已向选民述职 %d 次（每届 %d 次）", f.Given, n)
		}
	}
	return nil
}

func create(r *Report, in *renda.Input, env *renda.Env, out *renda.Outcome) error {
	if f, ok := env.Facts.(*Facts); ok && f != nil {
		r.Title, r.Body = f.Title, f.Draft
	}
	r.CreatedAt, r.UpdatedAt = env.Now, env.Now
	out.Note = strconv.Itoa(r.Year) + "年度"
	return nil
}

func edit(r *Report, in *renda.Input, env *renda.Env, out *renda.Outcome) error {
	r.Title, r.Body = in.Text("title"), in.Text("body")
	return nil
}

func submit(r *Report, in *renda.Input, env *renda.Env, out *renda.Outcome) error {
	out.Notify(renda.ToRoles(renda.RoleStaff), r.DeputyName+"提交了向选民述职报告", "请安排述职会议。", "/duty_reports/"+r.ID)
	return nil
}

func returnIt(r *Report, in *renda.Input, env *renda.Env, out *renda.Outcome) error {
	out.Note = in.Text("note")
	out.Notify(renda.ToDeputy(r.DeputyID), "您的述职报告被退回修改", in.Text("note"), "/duty_reports/"+r.ID)
	return nil
}

func openRating(r *Report, in *renda.Input, env *renda.Env, out *renda.Outcome) error {
	var p renda.Problems
	day := in.Date("day")
	if env.Today().Before(day) {
		p.Add("day", "述职日期不能晚于今天：会议当场测评")
	}
	if n, min := in.Int("audience"), env.Settings.Int("dutyreport.min_audience"); n < min {
		p.Add("audience", "到会选民代表不少于 %d 人", min)
	}
	if err := p.Err(); err != nil {
		return err
	}
	st := in.Ref("station")
	r.StationID, r.StationName, r.Day, r.Audience = st.ID, st.Name, day, in.Int("audience")
	out.Note = st.Name + "，" + day.Chinese() + "，到会选民代表 " + strconv.Itoa(r.Audience) + " 人"
	// The 述职 itself is a duty done, credited on the day it was given.
	out.Credit(renda.Credit{DeputyID: r.DeputyID, Kind: "report", Title: "向选民述职：" + r.Title, At: day.Start().Add(9 * time.Hour), Entity: "duty_report", EntityID: r.ID})
	return nil
}

func closeRating(r *Report, in *renda.Input, env *renda.Env, out *renda.Outcome) error {
	return nil
}

func publish(r *Report, in *renda.Input, env *renda.Env, out *renda.Outcome) error {
	r.PublishedAt = env.Now
	out.Notify(renda.ToDeputy(r.DeputyID), "您的述职测评结果已公布", r.Title, "/duty_reports/"+r.ID)
	return nil
}
