// Package supervision is the standing committee's supervision year (监督):
// the annual plan of items (专项工作报告, 执法检查, 专题询问, 专项工作评议,
// 调研, 视察, 特定问题调查) with the body reporting, the committee owning
// each and the meeting month; each item's phases; the satisfaction rating
// of an evaluation as a secret ballot on the ballot engine (vote kind
// "evaluation"); the inspected body's rectification list (整改清单); and
// the reproducible random draw of 两官评议 (Draw).
package supervision

import (
	"crypto/sha256"
	"encoding/binary"
	"slices"
	"time"

	"renda"
	"renda/vote"
)

var settings = renda.RegisterSettings([]renda.SettingDef{
	{Key: "supervision.evaluation_rule", Group: "监督工作", Label: "工作评议满意度测评的表决规则", Kind: renda.KindText, Default: "all_at_least_half", Min: 1, Max: 40,
		Help: "预设规则的名称：all_at_least_half（默认：满意票达到全体组成人员半数为满意，满意与基本满意合计达到半数为基本满意，否则不满意）、all_half（全体组成人员过半数）、present_half（出席人员过半数）、valid_half（有效票过半数）、valid_two_thirds（有效票三分之二以上）。"},
	{Key: "supervision.members_group", Group: "监督工作", Label: "测评表决的投票人（代表小组名称）", Kind: renda.KindText, Default: "常委会组成人员", Max: 40,
		Help: "工作评议满意度测评由此代表小组的成员（常委会组成人员）投票；没有这个小组的，由本级人大全体代表投票。"},
	{Key: "supervision.rectify_period", Group: "监督工作", Label: "整改期限", Kind: renda.KindPeriod, Default: renda.Period{N: 3, Unit: renda.UnitMonths}, Min: 1, Max: 24,
		Help: "整改清单未写明期限的，自列入清单之日起按此期限整改；逾期未整改的提醒一次。"},
}...)

// EvaluationRule is the counting rule of an evaluation's rating under the
// deployment's settings: the preset named by supervision.evaluation_rule
// (the default if the name is unknown).
func EvaluationRule(s *renda.Settings) vote.Rule {
	if r, ok := vote.PresetRule(s.String("supervision.evaluation_rule")); ok {
		return r
	}
	r, _ := vote.PresetRule("all_at_least_half")
	return r
}

// The vote kinds of supervision: the satisfaction rating of a special work
// evaluation (满意度测评), graded by the vote's rule.
const (
	VoteEvaluation = "evaluation"
	Entity         = "supervision"
)

var _ = vote.RegisterKind(vote.Kind{Name: VoteEvaluation, Label: "工作评议满意度测评", Entity: Entity, ItemLabel: "评议对象",
	Schemes: []string{vote.SchemeRating}, GradeByRule: true, Rule: EvaluationRule})

// Kinds of supervision items (the API's kind values).
const (
	KindReport        = "report"        // 专项工作报告 and the plan, budget, final accounts, audit, state assets, debt, environment reports
	KindInspection    = "inspection"    // 执法检查
	KindInquiry       = "inquiry"       // 专题询问
	KindEvaluation    = "evaluation"    // 专项工作评议
	KindInvestigation = "investigation" // 调研
	KindVisit         = "visit"         // 视察
	KindSpecial       = "special"       // 特定问题调查
)

// Kinds are the kinds of item, in the plan's order.
var Kinds = []renda.Option{
	{Value: KindReport, Label: "听取审议专项工作报告"}, {Value: KindInspection, Label: "执法检查"}, {Value: KindInquiry, Label: "专题询问"},
	{Value: KindEvaluation, Label: "专项工作评议"}, {Value: KindInvestigation, Label: "调研"}, {Value: KindVisit, Label: "视察"},
	{Value: KindSpecial, Label: "特定问题调查"},
}

// KindValues lists the kinds' values.
func KindValues() []string {
	var out []string
	for _, k := range Kinds {
		out = append(out, k.Value)
	}
	return out
}

// KindLabel names a kind.
func KindLabel(k string) string {
	for _, o := range Kinds {
		if o.Value == k {
			return o.Label
		}
	}
	return k
}

// Item states: the plan, then the phases (an evaluation goes through all;
// other kinds skip the self-check and the rating).
const (
	Draft         = "draft"         // 拟列入计划
	Planned       = "planned"       // 已列入计划（主任会议通过）
	SelfCheck     = "self_check"    // 自查
	Investigating = "investigating" // 调查、检查、视察
	Reporting     = "reporting"     // 向常委会报告
	Rating        = "rating"        // 满意度测评
	Rectifying    = "rectifying"    // 整改
	FollowUp      = "follow_up"     // 跟踪监督、整改情况报告
	Done          = "done"          // 已完成
)

// Verdicts of a rating.
const (
	Satisfied    = "满意"
	Basic        = "基本满意"
	Dissatisfied = "不满意"
)

// Item is one item of the annual supervision plan.
type Item struct {
	ID        string `json:"id"`
	Year      int    `json:"year"`
	Kind      string `json:"kind"`
	Title     string `json:"title"`
	OrgID     string `json:"org_id,omitempty"`
	Body      string `json:"body"` // the reporting (inspected, evaluated) body's name
	Committee string `json:"committee,omitempty"`
	Month     int    `json:"month,omitempty"` // the meeting month
	Summary   string `json:"summary,omitempty"`
	Status    string `json:"status"`
	Published bool   `json:"published"`
	Verdict   string `json:"verdict,omitempty"` // 满意, 基本满意, 不满意 once rated
	Report    string `json:"report,omitempty"`  // the report or the findings
	// The report and opinions loop (监督法 art. 15–17).
	MeetingOn   renda.Date `json:"meeting_on,omitzero"`   // the standing committee's meeting
	ReportOn    renda.Date `json:"report_on,omitzero"`    // the report received
	MembersOn   renda.Date `json:"members_on,omitzero"`   // sent to the members
	Opinions    string     `json:"opinions,omitempty"`    // 审议意见
	OpinionsOn  renda.Date `json:"opinions_on,omitzero"`  // sent to the body
	ResponseDue renda.Date `json:"response_due,omitzero"` // 研究处理情况 due
	Response    string     `json:"response,omitempty"`    // 研究处理情况
	ResponseOn  renda.Date `json:"response_on,omitzero"`
	// An optional 决议 on the report (监督法 art. 18): the body reports how it
	// carried it out by its own deadline.
	Resolution       string     `json:"resolution,omitempty"`
	ResolutionOn     renda.Date `json:"resolution_on,omitzero"`
	ResolutionDue    renda.Date `json:"resolution_due,omitzero"`
	ResolutionAnswer string     `json:"resolution_answer,omitempty"`
	ResolutionDoneOn renda.Date `json:"resolution_done_on,omitzero"`
	// A joint activity with a higher congress: with whom, who organised,
	// which levels' deputies took part (JointLevels).
	JointWith      string   `json:"joint_with,omitempty"`
	JointOrganiser string   `json:"joint_organiser,omitempty"`
	JointLevels    []string `json:"joint_levels,omitempty"`
	// A 质询案 (kind inquiry, Form "interpellation"): the round of the
	// body's answer, how it answers, the current answer's deadline and the
	// day it was given (zero while awaited).
	Form       string     `json:"form,omitempty"`
	Round      int        `json:"round,omitempty"`
	AnswerMode string     `json:"answer_mode,omitempty"`
	AnswerDue  renda.Date `json:"answer_due,omitzero"`
	AnsweredOn renda.Date `json:"answered_on,omitzero"`
	// ReportDraft is the report drafted from the findings, edited by staff
	// until the report is adopted; the staff side's only.
	ReportDraft string    `json:"-"`
	CreatedAt   time.Time `json:"created_at"`
	UpdatedAt   time.Time `json:"updated_at"`
}

// StatusLabel names the item's state.
func (it *Item) StatusLabel() string { return Flow.StateLabel(it.Status) }

// KindLabel names the item's kind (a 质询案 as such).
func (it *Item) KindLabel() string {
	if it.Interpellation() {
		return "质询案"
	}
	return KindLabel(it.Kind)
}

// ListKinds are the kinds a list is filtered by: those of the plan, the
// inquiries with the 质询案.
var ListKinds = func() []renda.Option {
	out := slices.Clone(Kinds)
	for i := range out {
		if out[i].Value == KindInquiry {
			out[i].Label = "专题询问和质询"
		}
	}
	return out
}()

// Evaluation reports whether the item is a special work evaluation.
func (it *Item) Evaluation() bool { return it.Kind == KindEvaluation }

// Filter narrows a list of items.
type Filter struct {
	Year   int
	Kind   string
	Status string
	Joint  bool // joint with a higher congress only
	Public bool // published items only
	Limit  int
	Offset int
}

// Rectification states.
const (
	RectOpen     = "open"     // 整改中
	RectAnswered = "answered" // 已报整改情况
	RectClosed   = "closed"   // 已销号
)

// Rectification is one line of an item's rectification list (整改清单).
type Rectification struct {
	ID        string     `json:"id"`
	ItemID    string     `json:"item_id"`
	Text      string     `json:"text"`    // the problem to rectify
	Measure   string     `json:"measure"` // what the body does
	Owner     string     `json:"owner"`   // who is responsible
	Due       renda.Date `json:"due"`
	Evidence  string     `json:"evidence,omitempty"`
	Status    string     `json:"status"`
	OrgID     string     `json:"org_id,omitempty"` // the body answering it (the item's)
	CreatedAt time.Time  `json:"created_at"`
	UpdatedAt time.Time  `json:"updated_at"`

	ItemTitle string `json:"item_title,omitempty"`
}

// StatusLabel names the rectification's state.
func (r *Rectification) StatusLabel() string { return RectFlow.StateLabel(r.Status) }

// Deadline is the last day to rectify on the working-day calendar: the due
// day, or the next working day when it falls on a rest day or holiday.
func (r *Rectification) Deadline(cal *renda.Calendar) renda.Date {
	d := r.Due
	for i := 0; cal != nil && i < 30 && !cal.IsWorkingDay(d); i++ {
		d = d.AddDays(1)
	}
	return d
}

// Overdue reports whether the rectification is still open after its deadline.
func (r *Rectification) Overdue(today renda.Date, cal *renda.Calendar) bool {
	return r.Status == RectOpen && !r.Due.IsZero() && today.After(r.Deadline(cal))
}

// Draw picks count names from pool, reproducibly: the same pool (in the
// same order), count and seed always give the same names in the same order.
//
// The algorithm, so that anyone can re-draw by hand or in another language:
//  1. key = SHA-256(seed as UTF-8 bytes).
//  2. The random stream is the concatenation of the blocks
//     SHA-256(key ‖ uint64 big-endian k) for k = 0, 1, 2, …; it is read as
//     unsigned 64-bit big-endian numbers, 4 from each block.
//  3. A partial Fisher–Yates shuffle of the pool as given: for i = 0 …
//     count−1, with m = len(pool) − i, take the next number x from the
//     stream, rejecting x ≥ 2^64 − (2^64 mod m) (so every index is equally
//     likely) and taking the next; j = i + x mod m; swap pool[i] and pool[j].
//  4. The drawn names are pool[0 … count−1] in that order.
//
// count larger than the pool gives the whole pool shuffled.
func Draw(pool []string, count int, seed string) []string {
	a := slices.Clone(pool)
	if count > len(a) {
		count = len(a)
	}
	if count < 0 {
		count = 0
	}
	s := newStream(seed)
	for i := 0; i < count; i++ {
		m := uint64(len(a) - i)
		limit := ^uint64(0) - (^uint64(0)%m+1)%m // largest multiple of m, minus 1
		x := s.next()
		for x > limit {
			x = s.next()
		}
		j := i + int(x%m)
		a[i], a[j] = a[j], a[i]
	}
	return a[:count]
}

type stream struct {
	key   [32]byte
	block [32]byte
	k     uint64
	pos   int
}

func newStream(seed string) *stream {
	return &stream{key: sha256.Sum256([]byte(seed)), pos: 32}
}

func (s *stream) next() uint64 {
	if s.pos >= 32 {
		var buf [40]byte
		copy(buf[:32], s.key[:])
		binary.BigEndian.PutUint64(buf[32:], s.k)
		s.block = sha256.Sum256(buf[:])
		s.k++
		s.pos = 0
	}
	x := binary.BigEndian.Uint64(s.block[s.pos : s.pos+8])
	s.pos += 8
	return x
}
