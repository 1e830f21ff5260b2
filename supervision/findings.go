package supervision

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"renda"
)

// Findings: the participants of an inspection, investigation, visit or
// evaluation record what they found (text, place, day, a topic to group
// by, photos); staff draft the item's report from them — grouped by topic,
// numbered — edit the draft, and adopt it with the report action.

// EntityFinding is the audit and attachment entity of a finding: its
// photos are files of the finding.
const EntityFinding = "supervision_finding"

// Finding is one problem found on an inspection, visit or investigation.
type Finding struct {
	ID        string     `json:"id"`
	ItemID    string     `json:"-"`
	DeputyID  string     `json:"deputy_id,omitempty"` // the participant who found it (empty: recorded by staff)
	ByName    string     `json:"by"`
	Topic     string     `json:"topic,omitempty"`
	Place     string     `json:"place,omitempty"`
	FoundOn   renda.Date `json:"found_on"`
	Text      string     `json:"text"`
	CreatedAt time.Time  `json:"created_at"`
	// With are the other team members who joined in finding it.
	With []FindingMember `json:"with"`
	// Photos are the finding's pictures (filled by the store for display).
	Photos []*renda.Attachment `json:"photos"`
}

// FindingMember is a team member who joined in finding a problem.
type FindingMember struct {
	DeputyID string `json:"deputy_id"`
	Name     string `json:"name"`
}

// WithNames are the names of those who joined in finding it.
func (f *Finding) WithNames() string {
	var names []string
	for _, m := range f.With {
		names = append(names, m.Name)
	}
	return strings.Join(names, "、")
}

// TopicOrOther is the finding's topic, or 其他问题.
func (f *Finding) TopicOrOther() string {
	if t := strings.TrimSpace(f.Topic); t != "" {
		return t
	}
	return "其他问题"
}

// FindingFacts are what the store loads for drafting a report (the item's
// findings in the order they were found, with their photos) and for
// recording a finding (the team: its members not recused).
type FindingFacts struct {
	Findings []*Finding
	Team     map[string]bool // deputy id → on the team
}

// findingKinds are the kinds of item whose teams go out and find things.
var findingKinds = []string{KindInspection, KindInvestigation, KindVisit, KindSpecial, KindEvaluation}

// Findable reports whether findings are recorded on the item's kind.
func (it *Item) Findable() bool {
	return slices.Contains(findingKinds, it.Kind) && !it.Interpellation()
}

func findable(it *Item, env *renda.Env) error {
	if !it.Findable() {
		return renda.Errorf(renda.ECONFLICT, "只有执法检查、调研、视察、评议和特定问题调查记录发现的问题")
	}
	return nil
}

var findingActs = []renda.Act[Item]{
	{Rule: renda.Rule{Action: "record_finding", Label: "记录发现的问题", From: []string{Investigating}, Who: []string{"participant", "staff", "admin"}, Tone: "primary",
		Help: "检查组、调研组成员记录发现的问题，可附现场照片；起草报告时按问题类别分组编号。",
		Fields: []renda.Field{
			{Name: "text", Label: "发现的问题", Kind: renda.FieldText, Required: true, Max: 4000},
			{Name: "topic", Label: "问题类别", Kind: renda.FieldLine, Max: 40, Help: "如：安全隐患、制度落实、监管执法；留空归入“其他问题”"},
			{Name: "place", Label: "地点", Kind: renda.FieldLine, Max: 100, Help: "如某企业、某乡镇某村"},
			{Name: "found_on", Label: "日期", Kind: renda.FieldDate, Help: "留空为今天"},
			{Name: "deputy_id", Label: "检查组成员", Kind: renda.FieldRef, Ref: "deputy", Help: "工作人员代为记录检查组成员发现的问题时选择，计入其履职档案；检查组成员本人记录不用选"},
			{Name: "with_ids", Label: "一同发现的检查组成员", Kind: renda.FieldRefs, Ref: "deputy", Help: "同去发现这个问题的检查组其他成员，同样计入其履职档案"},
			{Name: "by", Label: "发现人", Kind: renda.FieldLine, Max: 60, Help: "工作人员代为记录、发现人不是检查组成员时填写；检查组成员本人记录不用填"},
			{Name: "files", Label: "现场照片", Kind: renda.FieldFiles, Accept: "image/*", Help: "最多 9 张"},
		}}, Pre: findable, Do: recordFinding},
	{Rule: renda.Rule{Action: "draft_report", Label: "根据发现的问题起草报告", From: []string{Investigating}, Who: staff,
		Help: "把记录的问题按类别分组、编号，生成报告稿；已有的报告稿会被替换。报告稿可以修改，提请审议时采用。"}, Pre: findable, Do: draftReport},
	{Rule: renda.Rule{Action: "edit_draft", Label: "修改报告稿", From: []string{Investigating}, Who: staff,
		Fields: []renda.Field{{Name: "draft", Label: "报告稿", Kind: renda.FieldText, Required: true, Max: 20000}}}, Pre: drafted, Do: editDraft},
}

func recordFinding(it *Item, in *renda.Input, env *renda.Env, out *renda.Outcome) error {
	if in.Files > 9 {
		return &renda.Error{Code: renda.EINVALID, Message: "输入有误：一次最多上传 9 张照片", Fields: []renda.FieldError{{Field: "files", Message: "最多 9 张"}}}
	}
	f := &Finding{ID: renda.NewID(), ItemID: it.ID, Topic: in.Text("topic"), Place: in.Text("place"), FoundOn: in.Date("found_on"), Text: in.Text("text"), CreatedAt: env.Now}
	if f.FoundOn.IsZero() {
		f.FoundOn = env.Today()
	}
	if f.FoundOn.After(env.Today()) {
		return &renda.Error{Code: renda.EINVALID, Message: "输入有误：日期不能晚于今天", Fields: []renda.FieldError{{Field: "found_on", Message: "不能晚于今天"}}}
	}
	f.ByName = in.Text("by")
	if env.Rel.Has("participant") && env.Actor != nil && env.Actor.Role == renda.RoleDeputy {
		if r := in.Ref("deputy_id"); r != nil && r.ID != env.Actor.DeputyID {
			return &renda.Error{Code: renda.EINVALID, Message: "输入有误：检查组成员只能记录自己发现的问题", Fields: []renda.FieldError{{Field: "deputy_id", Message: "只能记录自己发现的问题"}}}
		}
		f.DeputyID, f.ByName = env.Actor.DeputyID, env.Actor.Name()
	} else if r := in.Ref("deputy_id"); r != nil {
		facts, _ := env.Facts.(*FindingFacts)
		if facts == nil || !facts.Team[r.ID] {
			msg := r.Name + "不是本事项检查组（调研组）的成员"
			return &renda.Error{Code: renda.EINVALID, Message: "输入有误：" + msg, Fields: []renda.FieldError{{Field: "deputy_id", Message: msg}}}
		}
		f.DeputyID, f.ByName = r.ID, r.Name
	}
	if f.ByName == "" {
		f.ByName = env.ActorName()
	}
	if with := in.Refs("with_ids"); len(with) > 0 {
		facts, _ := env.Facts.(*FindingFacts)
		for _, r := range with {
			if facts == nil || !facts.Team[r.ID] {
				msg := r.Name + "不是本事项检查组（调研组）的成员"
				return &renda.Error{Code: renda.EINVALID, Message: "输入有误：" + msg, Fields: []renda.FieldError{{Field: "with_ids", Message: msg}}}
			}
			if r.ID != f.DeputyID {
				f.With = append(f.With, FindingMember{DeputyID: r.ID, Name: r.Name})
			}
		}
	}
	out.Add(f)
	if f.DeputyID != "" {
		out.Credit(findingCredit(it, f, f.DeputyID, env))
	}
	for _, m := range f.With {
		out.Credit(findingCredit(it, f, m.DeputyID, env))
	}
	out.Note = f.TopicOrOther() + "：" + f.Text
	if len(f.With) > 0 {
		out.Note += "（" + f.ByName + "、" + f.WithNames() + "发现）"
	}
	if in.Files > 0 {
		out.Note += fmt.Sprintf("（照片 %d 张）", in.Files)
	}
	return nil
}

// findingCredit is what recording a finding credits on the duty record of
// the member who found it, and of each who joined in: the finding itself
// (so each one is an entry, linking to it), on the day it was found.
func findingCredit(it *Item, f *Finding, deputyID string, env *renda.Env) renda.Credit {
	at := env.Now
	if f.FoundOn != renda.DateOf(env.Now) {
		at = f.FoundOn.Start().Add(9 * time.Hour)
	}
	return renda.Credit{DeputyID: deputyID, Kind: "finding", Title: KindLabel(it.Kind) + "：" + it.Title + "（" + f.TopicOrOther() + "）", At: at,
		Entity: EntityFinding, EntityID: f.ID}
}

func draftReport(it *Item, in *renda.Input, env *renda.Env, out *renda.Outcome) error {
	f, _ := env.Facts.(*FindingFacts)
	if f == nil || len(f.Findings) == 0 {
		return renda.Errorf(renda.ECONFLICT, "尚未记录发现的问题，不能起草报告")
	}
	it.ReportDraft = DraftReport(it, f.Findings)
	out.Note = fmt.Sprintf("根据 %d 条问题起草报告稿", len(f.Findings))
	return nil
}

func drafted(it *Item, env *renda.Env) error {
	if it.ReportDraft == "" {
		return renda.Errorf(renda.ECONFLICT, "尚未起草报告稿")
	}
	return nil
}

func editDraft(it *Item, in *renda.Input, env *renda.Env, out *renda.Outcome) error {
	it.ReportDraft = in.Text("draft")
	out.Note = "修改报告稿"
	return nil
}

// DraftReport drafts an item's report from its findings: an opening
// paragraph, then the findings grouped by topic (in the order each topic
// was first found), the groups numbered 一、二、… and the findings in each
// (一)(二)…, each with its place, day, who found it and its photos; then a
// heading for the opinions and suggestions the drafter writes.
func DraftReport(it *Item, findings []*Finding) string {
	var topics []string
	groups := map[string][]*Finding{}
	first, last := renda.Date{}, renda.Date{}
	places, photos := map[string]bool{}, 0
	for _, f := range findings {
		t := f.TopicOrOther()
		if _, ok := groups[t]; !ok {
			topics = append(topics, t)
		}
		groups[t] = append(groups[t], f)
		if first.IsZero() || f.FoundOn.Before(first) {
			first = f.FoundOn
		}
		if last.IsZero() || f.FoundOn.After(last) {
			last = f.FoundOn
		}
		if f.Place != "" {
			places[f.Place] = true
		}
		photos += len(f.Photos)
	}
	var b strings.Builder
	title := it.Title
	if !strings.HasSuffix(title, "报告") {
		title += "的报告"
	}
	b.WriteString(title + "（草稿）\n\n")
	when := first.Chinese()
	if last != first {
		when += "至" + last.Chinese()
	}
	who := "常委会"
	if it.Committee != "" {
		who = it.Committee
	}
	body := ""
	if it.Body != "" {
		body = "对" + it.Body
	}
	fmt.Fprintf(&b, "%s，%s组织常委会组成人员和人大代表%s开展%s", when, who, body, KindLabel(it.Kind))
	if len(places) > 0 {
		fmt.Fprintf(&b, "，深入 %d 个地点实地察看", len(places))
	}
	fmt.Fprintf(&b, "，共发现问题 %d 个", len(findings))
	if photos > 0 {
		fmt.Fprintf(&b, "（现场照片 %d 张）", photos)
	}
	b.WriteString("。现将发现的主要问题报告如下。\n")
	for i, t := range topics {
		fmt.Fprintf(&b, "\n%s、%s\n", ChineseNumber(i+1), t)
		for j, f := range groups[t] {
			text := strings.TrimRight(strings.TrimSpace(f.Text), "。；;.")
			var where []string
			if f.Place != "" {
				where = append(where, f.Place)
			}
			where = append(where, f.FoundOn.Chinese())
			if f.ByName != "" {
				who := f.ByName
				if len(f.With) > 0 {
					who += "、" + f.WithNames()
				}
				where = append(where, who+"发现")
			}
			if n := len(f.Photos); n > 0 {
				where = append(where, fmt.Sprintf("照片 %d 张", n))
			}
			fmt.Fprintf(&b, "（%s）%s。（%s）\n", ChineseNumber(j+1), text, strings.Join(where, "，"))
		}
	}
	fmt.Fprintf(&b, "\n%s、意见和建议\n（起草人根据以上问题填写）\n", ChineseNumber(len(topics)+1))
	return b.String()
}

// ChineseNumber writes n (1–99) in Chinese numerals: 一, 十, 十一, 二十三.
func ChineseNumber(n int) string {
	digits := []string{"零", "一", "二", "三", "四", "五", "六", "七", "八", "九"}
	switch {
	case n <= 0 || n >= 100:
		return fmt.Sprint(n)
	case n < 10:
		return digits[n]
	case n < 20:
		if n == 10 {
			return "十"
		}
		return "十" + digits[n%10]
	}
	s := digits[n/10] + "十"
	if n%10 != 0 {
		s += digits[n%10]
	}
	return s
}
