// Package filing is the filing and review of normative documents
// (规范性文件备案审查, domain.md §4): every document a body under the
// standing committee's supervision issues is filed within the filing
// period, checked at the registry, reviewed against a checklist, and, if
// it is faulty, corrected by the body itself or annulled by the committee
// (有件必备、有备必审、有错必纠). Citizens and organisations may ask for a
// review (审查建议, RequestFlow).
package filing

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"time"

	"renda"
)

// settings are the periods of filing review (domain.md §4 and §10; a typical
// provincial 条例 and the 立法法). Every one is a setting.
var settings = renda.RegisterSettings([]renda.SettingDef{
	{Key: "filing.filing_period", Group: "备案审查", Label: "报备期限", Kind: renda.KindPeriod, Default: renda.Period{N: 30, Unit: renda.UnitDays}, Min: 1, Max: 120,
		Help: "规范性文件公布之日起报送备案的期限；超过即为迟报。[P] 浙江等地条例：30 日。"},
	{Key: "filing.registry_period", Group: "备案审查", Label: "登记审查期限", Kind: renda.KindPeriod, Default: renda.Period{N: 5, Unit: renda.UnitWorkingDays}, Min: 1, Max: 60,
		Help: "收到报备文件后审查是否齐全、是否属于备案范围并登记或退回的期限。[P]"},
	{Key: "filing.resubmit_period", Group: "备案审查", Label: "退回补正期限", Kind: renda.KindPeriod, Default: renda.Period{N: 10, Unit: renda.UnitWorkingDays}, Min: 1, Max: 60,
		Help: "报备材料不齐全被退回后，制定机关补正重报的期限。[P]"},
	{Key: "filing.review_period", Group: "备案审查", Label: "审查期限", Kind: renda.KindPeriod, Default: renda.Period{N: 30, Unit: renda.UnitDays}, Min: 1, Max: 180,
		Help: "登记后提出审查意见的期限。[P]"},
	{Key: "filing.correction_period", Group: "备案审查", Label: "制定机关纠正期限", Kind: renda.KindPeriod, Default: renda.Period{N: 2, Unit: renda.UnitMonths}, Min: 1, Max: 12,
		Help: "制定机关收到审查意见后修改、废止或书面答复的期限。[V] 立法法：两个月内。"},
	{Key: "filing.catalogue_month_day", Group: "备案审查", Label: "年度目录报送日", Kind: renda.KindInt, Default: 131, Min: 101, Max: 1231,
		Help: "制定机关每年报送上一年度规范性文件目录的截止日（月日，如 131 即 1 月 31 日）。[P]"},
}...)

// Filing states (domain.md §4: PUBLISHED → FILED → REGISTERED |
// RETURNED_FOR_CORRECTION → REVIEWING → NO_ISSUE | ISSUE_FOUND →
// OPINION_SENT → SELF_CORRECTED | ANNULLED).
const (
	Filed       = "filed"        // 已报备，待登记
	Returned    = "returned"     // 退回补正
	Registered  = "registered"   // 已登记，待审查
	Reviewing   = "reviewing"    // 审查中
	NoIssue     = "no_issue"     // 审查无问题
	IssueFound  = "issue_found"  // 发现问题
	OpinionSent = "opinion_sent" // 已发审查意见，待纠正
	Corrected   = "corrected"    // 制定机关已纠正
	Annulled    = "annulled"     // 已撤销
)

// States in display order.
var States = []string{Filed, Returned, Registered, Reviewing, NoIssue, IssueFound, OpinionSent, Corrected, Annulled}

// OpenStates are the states in which someone still has to act.
var OpenStates = []string{Filed, Returned, Registered, Reviewing, IssueFound, OpinionSent}

// ReviewedStates are the states of a document whose review is done.
var ReviewedStates = []string{NoIssue, IssueFound, OpinionSent, Corrected, Annulled}

// IssueStates are the states of a document found faulty.
var IssueStates = []string{IssueFound, OpinionSent, Corrected, Annulled}

// Check is one point of the review checklist.
type Check struct{ Key, Label, Help string }

// Checklist is what a reviewer checks of every document.
var Checklist = []Check{
	{"authority", "制定权限", "是否超越权限，是否有权对该事项作出规定"},
	{"conflict", "与上位法是否抵触", "是否同宪法、法律、法规和上级规范性文件相抵触"},
	{"appropriateness", "适当性", "是否明显不适当：违背客观规律、手段与目的不相称、违反公平"},
	{"procedure", "制定程序", "是否经过起草、征求意见、合法性审核、集体讨论和公布"},
	{"political", "政治方向", "是否符合党中央的路线方针政策和决策部署"},
}

// Check results.
const (
	CheckOK    = "ok"
	CheckIssue = "issue"
)

// Resolutions: how a faulty document ended.
const (
	Amended  = "amended"  // 制定机关修改
	Repealed = "repealed" // 制定机关废止
	Annul    = "annulled" // 常委会撤销
)

// ResolutionLabel names a resolution.
func ResolutionLabel(r string) string {
	return map[string]string{Amended: "制定机关自行修改", Repealed: "制定机关自行废止", Annul: "常委会依法撤销"}[r]
}

// Filing is one normative document filed with the standing committee.
type Filing struct {
	ID          string     `json:"id"`
	Title       string     `json:"title"`
	Number      string     `json:"number"` // 文号
	FilerID     string     `json:"filer_id"`
	IssuedOn    renda.Date `json:"issued_on,omitzero"`
	PublishedOn renda.Date `json:"published_on"`
	FiledOn     renda.Date `json:"filed_on"`
	FilingDue   renda.Date `json:"filing_due"` // the last day it could be filed on time
	Late        bool       `json:"late"`
	Text        string     `json:"text,omitempty"`
	Explanation string     `json:"explanation,omitempty"` // 起草说明
	Basis       string     `json:"basis,omitempty"`       // 制定依据
	State       string     `json:"state"`
	Due         renda.Date `json:"due,omitzero"` // the deadline of whoever must act now
	ReviewerID  string     `json:"reviewer_id,omitempty"`
	// Checks are the checklist's results by key (ok or issue).
	Checks       map[string]string `json:"checks,omitempty"`
	CheckNote    string            `json:"check_note,omitempty"`
	Issue        string            `json:"issue,omitempty"`
	Opinion      string            `json:"opinion,omitempty"` // the review opinion sent to the filer
	Resolution   string            `json:"resolution,omitempty"`
	Result       string            `json:"result,omitempty"`
	Citations    int               `json:"citations"` // complaints that cite it: the more, the sooner it is reviewed
	ReturnReason string            `json:"return_reason,omitempty"`
	PreviousID   string            `json:"previous_id,omitempty"` // the earlier version of the same document
	CreatedAt    time.Time         `json:"created_at"`
	UpdatedAt    time.Time         `json:"updated_at"`
	RegisteredAt time.Time         `json:"registered_at,omitzero"`
	ReviewedAt   time.Time         `json:"reviewed_at,omitzero"`
	ClosedAt     time.Time         `json:"closed_at,omitzero"`

	// Filled in by the store for display.
	FilerName    string `json:"filer"`
	ReviewerName string `json:"reviewer,omitempty"`
}

// StateLabel names the filing's state.
func (f *Filing) StateLabel() string { return Flow.StateLabel(f.State) }

// Open reports whether someone still has to act on it.
func (f *Filing) Open() bool { return slices.Contains(OpenStates, f.State) }

// Overdue reports whether the current deadline has passed on today.
func (f *Filing) Overdue(today renda.Date) bool {
	return f.Open() && !f.Due.IsZero() && today.After(f.Due)
}

// ChecksDone reports whether every point of the checklist has a result.
func (f *Filing) ChecksDone() bool {
	for _, c := range Checklist {
		if f.Checks[c.Key] == "" {
			return false
		}
	}
	return true
}

// ChecksWithIssue lists the labels of the points found faulty.
func (f *Filing) ChecksWithIssue() []string {
	var out []string
	for _, c := range Checklist {
		if f.Checks[c.Key] == CheckIssue {
			out = append(out, c.Label)
		}
	}
	return out
}

// CheckResult returns the result of one point ("" if not yet checked).
func (f *Filing) CheckResult(key string) string { return f.Checks[key] }

// AuditView is what the trail keeps: everything but the document's text,
// which is long and kept in the item itself.
func (f *Filing) AuditView() any {
	v := *f
	v.Text, v.Explanation = "", ""
	return &v
}

// Filter narrows a list of filings.
type Filter struct {
	State   string // a state, or open, overdue
	FilerID string
	Year    int    // filed in the year
	Flag    string // late, reviewed, issue
	Q       string
	Limit   int
	Offset  int
}

// Flags of Filter.
var Flags = []string{"late", "reviewed", "issue"}

// Citation is a complaint (a suggestion, an opinion, a 12345 order) that
// names a filed document: a child record of the filing.
type Citation struct {
	FilingID string
	Source   string // suggestion, opinion, hotline
	Ref      string // the item's id or number
	Note     string
	At       time.Time
}

// Sources a citation may come from.
var Sources = []renda.Option{{Value: "suggestion", Label: "代表建议"}, {Value: "opinion", Label: "群众意见"}, {Value: "hotline", Label: "12345 工单"}}

// RegisterEntry is one document on a filer's own list of issued documents:
// what it must file. An entry not filed by its due day is flagged.
type RegisterEntry struct {
	ID          string     `json:"id"`
	FilerID     string     `json:"filer_id"`
	FilerName   string     `json:"filer"`
	Title       string     `json:"title"`
	Number      string     `json:"number"`
	PublishedOn renda.Date `json:"published_on"`
	Due         renda.Date `json:"due"`
	FilingID    string     `json:"filing_id,omitempty"`
	FiledOn     renda.Date `json:"filed_on,omitzero"`
}

// Unfiled reports whether the entry is past its due day without a filing.
func (e *RegisterEntry) Unfiled(today renda.Date) bool { return e.FilingID == "" && today.After(e.Due) }

// Late reports whether it was filed after its due day.
func (e *RegisterEntry) Late() bool { return e.FilingID != "" && e.FiledOn.After(e.Due) }

// --- automatic hints ---

// Hint kinds: clauses a reviewer must look at twice (行政许可、行政处罚、
// 行政强制、收费, and restrictions of citizens' rights), which a normative
// document may create only within the law.
var hintWords = []struct {
	Kind, Label string
	re          *regexp.Regexp
}{
	{"licence", "许可", regexp.MustCompile(`许可|审批|批准|核准|准予|备案登记`)},
	{"penalty", "处罚", regexp.MustCompile(`处罚|罚款|没收|吊销|责令停产|拘留|警告`)},
	{"coercion", "强制", regexp.MustCompile(`强制|查封|扣押|冻结|强行|代履行`)},
	{"fee", "收费", regexp.MustCompile(`收费|收取|缴纳|[^消]费用|保证金|押金`)},
	{"restriction", "限制权利", regexp.MustCompile(`不得|禁止|限制|取消.{0,6}资格|停止.{0,4}(享受|发放)`)},
}

// Provision is one paragraph of a document as a reviewer sees it: the
// clauses hinted at, and, against the earlier version, whether it is new
// or already reviewed there.
type Provision struct {
	Text     string
	Hints    []string // labels of the hint kinds it matches
	Reviewed bool     // the same provision was reviewed in the earlier version
	New      bool     // not in the earlier version
}

// Hinted reports whether the provision needs a second look.
func (p Provision) Hinted() bool { return len(p.Hints) > 0 && !p.Reviewed }

// Provisions splits text into its paragraphs and marks each: hints for the
// clauses that create licences, penalties, coercion or fees or restrict
// rights, and, given the text of an earlier reviewed version (prev, "" for
// none), which provisions are unchanged (reviewed already, need no second
// review) and which are new. Removed are the earlier version's provisions
// no longer in the text.
func Provisions(text, prev string) (out []Provision, removed []string) {
	old := map[string]bool{}
	for _, p := range paragraphs(prev) {
		old[p] = true
	}
	seen := map[string]bool{}
	for _, p := range paragraphs(text) {
		seen[p] = true
		v := Provision{Text: p}
		if prev != "" {
			v.Reviewed, v.New = old[p], !old[p]
		}
		for _, h := range hintWords {
			if h.re.MatchString(p) {
				v.Hints = append(v.Hints, h.Label)
			}
		}
		out = append(out, v)
	}
	for _, p := range paragraphs(prev) {
		if !seen[p] {
			removed = append(removed, p)
		}
	}
	return out, removed
}

// HintCount counts the provisions with hints that still need review.
func HintCount(text, prev string) int {
	ps, _ := Provisions(text, prev)
	n := 0
	for _, p := range ps {
		if p.Hinted() {
			n++
		}
	}
	return n
}

func paragraphs(text string) []string {
	var out []string
	for _, line := range strings.Split(strings.ReplaceAll(text, "\r\n", "\n"), "\n") {
		if line = strings.TrimSpace(line); line != "" {
			out = append(out, line)
		}
	}
	return out
}

// Subject is what a document is about, for finding documents on the same
// subject: the name in 《》 if any, else what follows 关于 up to 的, without
// the words every title has.
func Subject(title string) string {
	s := title
	if i := strings.Index(s, "《"); i >= 0 {
		s = s[i+len("《"):]
		if j := strings.Index(s, "》"); j >= 0 {
			s = s[:j]
		}
	} else if i := strings.Index(s, "关于"); i >= 0 {
		s = s[i+len("关于"):]
		if j := strings.LastIndex(s, "的"); j > 0 {
			s = s[:j]
		}
	}
	for _, w := range []string{"常宁市", "实施细则", "实施办法", "管理办法", "暂行办法", "办法", "规定", "若干措施", "实施意见", "意见", "通知", "决定", "（试行）", "(试行)", "印发"} {
		s = strings.ReplaceAll(s, w, "")
	}
	return strings.TrimSpace(s)
}

// Doc is a filing's entry in the search index: the standing committee's
// people and the filer's own clerks may find it.
func Doc(f *Filing) *renda.Doc {
	d := &renda.Doc{Kind: "filing", ID: f.ID, Title: f.Title, URL: "/filings/" + f.ID, Year: f.FiledOn.Year, OrgID: f.FilerID,
		State: f.State, At: f.CreatedAt, Readers: append(renda.ReadRoles(renda.RoleAdmin, renda.RoleStaff, renda.RoleLeader), renda.ReadOrg(f.FilerID))}
	var body []string
	for _, s := range []string{f.Number, f.FilerName, f.Text, f.Explanation, f.Basis, f.Issue, f.Opinion, f.Result} {
		if s != "" {
			body = append(body, s)
		}
	}
	d.Body = strings.Join(body, "\n")
	return d
}

var _ = renda.RegisterSearchKind("filing", "规范性文件", "filing")

// Report is the year's figures of filing review (备案审查工作情况报告):
// each the count of a list (see Filter), computed from the work recorded.
type Report struct {
	Year        int `json:"year"`
	Filed       int `json:"filed"`
	OnTime      int `json:"on_time"`
	Late        int `json:"late"`
	Unfiled     int `json:"unfiled"` // on filers' registers, due, not filed
	Returned    int `json:"returned"`
	Reviewed    int `json:"reviewed"`
	NoIssue     int `json:"no_issue"`
	Issues      int `json:"issues"`
	Corrected   int `json:"corrected"`
	Annulled    int `json:"annulled"`
	Pending     int `json:"pending"` // opinion sent, not yet corrected
	Requests    int `json:"requests"`
	Transferred int `json:"transferred"`
	Answered    int `json:"answered"`
}

// Draft is the report's text, drafted from its figures, for staff to edit.
func (r *Report) Draft(dep renda.Deployment) string {
	var b strings.Builder
	fmt.Fprintf(&b, "关于%d年度规范性文件备案审查工作情况的报告\n\n", r.Year)
	fmt.Fprintf(&b, "%d年，%s坚持“有件必备、有备必审、有错必纠”，依法开展规范性文件备案审查工作，维护国家法治统一。现将有关情况报告如下：\n\n", r.Year, dep.Name)
	fmt.Fprintf(&b, "一、备案情况\n全年共接收报备规范性文件 %d 件，其中按期报备 %d 件、逾期报备 %d 件；经登记审查退回补正 %d 件", r.Filed, r.OnTime, r.Late, r.Returned)
	if r.Unfiled > 0 {
		fmt.Fprintf(&b, "；另有 %d 件已公布文件逾期未报备，已督促制定机关报备", r.Unfiled)
	}
	b.WriteString("。\n\n")
	fmt.Fprintf(&b, "二、审查情况\n全年审查规范性文件 %d 件，未发现问题 %d 件，发现问题 %d 件。对发现的问题均提出审查意见，其中制定机关自行修改或废止 %d 件，常委会依法撤销 %d 件，%d 件正在纠正中。\n\n",
		r.Reviewed, r.NoIssue, r.Issues, r.Corrected, r.Annulled, r.Pending)
	fmt.Fprintf(&b, "三、审查建议办理情况\n全年收到公民、组织提出的审查建议 %d 件，已审查并告知结果 %d 件，不属于本机关审查范围、依法移送有关机关 %d 件。\n\n", r.Requests, r.Answered, r.Transferred)
	b.WriteString("四、下一步工作\n进一步健全备案审查衔接联动机制，加强主动审查、专项审查，推进备案审查信息化建设，不断提高备案审查工作质量。\n")
	return b.String()
}
