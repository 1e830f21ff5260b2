package suggestion

import (
	"regexp"
	"renda"
	"slices"
	"strconv"
	"strings"
	"time"
)

// suggestionSettings are the per-deployment settings of motions and
// suggestions. Every number domain.md §2 and §10 tags [P] or [I] is here.
var settings = renda.RegisterSettings([]renda.SettingDef{
	{Key: "suggestions.reply_period", Group: "议案建议", Label: "答复期限", Kind: renda.KindPeriod, Default: renda.Period{N: 3, Unit: renda.UnitMonths}, Min: 1, Max: 366,
		Help: "自交办之日起计算。湖南省规定为 3 个月（《湖南省人民代表大会议事规则》），最长不超过 6 个月。"},
	{Key: "suggestions.reply_period_max", Group: "议案建议", Label: "答复期限上限（含延期）", Kind: renda.KindPeriod, Default: renda.Period{N: 6, Unit: renda.UnitMonths}, Min: 1, Max: 366,
		Help: "批准延期后，答复期限最迟不超过自交办之日起的这一期限。"},
	{Key: "suggestions.count_from_session_close", Group: "议案建议", Label: "大会期间建议自闭会之日起计算期限", Kind: renda.KindBool, Default: false,
		Help: "部分地方自大会闭幕之日而非交办之日起算答复期限；两个日期都会保存。"},
	{Key: "suggestions.return_window", Group: "议案建议", Label: "申请退办期限", Kind: renda.KindPeriod, Default: renda.Period{N: 10, Unit: renda.UnitDays}, Min: 1, Max: 90,
		Help: "承办单位认为不属于本单位职责的，应在交办之日起这一期限内申请退办，逾期不再受理。"},
	{Key: "suggestions.assist_period", Group: "议案建议", Label: "协办单位提出意见期限", Kind: renda.KindPeriod, Default: renda.Period{N: 1, Unit: renda.UnitMonths}, Min: 1, Max: 366,
		Help: "协办（会办）单位自交办之日起这一期限内将办理意见送主办单位。"},
	{Key: "suggestions.feedback_period", Group: "议案建议", Label: "代表反馈期限", Kind: renda.KindPeriod, Default: renda.Period{N: 10, Unit: renda.UnitDays}, Min: 1, Max: 90,
		Help: "领衔代表自收到答复之日起这一期限内填写征询意见表。"},
	{Key: "suggestions.rehandle_period", Group: "议案建议", Label: "重新办理期限", Kind: renda.KindPeriod, Default: renda.Period{N: 1, Unit: renda.UnitMonths}, Min: 1, Max: 366,
		Help: "代表对答复不满意的，承办单位在这一期限内重新办理并再次答复（有的地方为 2 个月）。"},
	{Key: "suggestions.publish_period", Group: "议案建议", Label: "答复公开期限", Kind: renda.KindPeriod, Default: renda.Period{N: 20, Unit: renda.UnitWorkingDays}, Min: 1, Max: 366,
		Help: "经代表同意公开的答复，自答复之日起这一期限内在公众网站公开（去除联系方式等个人信息）。"},
	{Key: "suggestions.procuratorate_period", Group: "议案建议", Label: "检察机关反馈期限", Kind: renda.KindPeriod, Default: renda.Period{N: 10, Unit: renda.UnitDays}, Min: 1, Max: 90,
		Help: "检察机关立案的，自立案之日起这一期限内将立案决定书、检察建议书抄送人大。"},
	{Key: "suggestions.reminder_days", Group: "议案建议", Label: "到期提醒（提前天数）", Kind: renda.KindInts, Default: []int{30, 15, 7, 1}, Min: 0, Max: 180,
		Help: "答复期限前这些天提醒承办单位（站内消息和短信）；逾期后提醒工作人员和常委会领导。"},
	{Key: "suggestions.feedback_reminder_days", Group: "议案建议", Label: "提醒代表反馈（提前天数）", Kind: renda.KindInt, Default: 3, Min: 0, Max: 30},
	{Key: "suggestions.reply_categories", Group: "议案建议", Label: "答复类别", Kind: renda.KindStrings,
		Default: []string{"A 已经解决或者基本解决", "B 正在解决或者列入规划逐步解决", "C 因目前条件限制需待以后解决", "D 留作参考"},
		Help:    "每行一类：代码、空格、名称。默认为全国人大常委会办公厅的 A/B/C/D 四类；也可改为三类或甲/乙/丙。"},
	{Key: "suggestions.followup_categories", Group: "议案建议", Label: "需跟踪答复的类别", Kind: renda.KindStrings, Default: []string{"B"},
		Help: "这些类别的建议在问题解决后由承办单位再次答复。"},
	{Key: "suggestions.contact_required", Group: "议案建议", Label: "答复前须与代表沟通", Kind: renda.KindBool, Default: true,
		Help: "开启时，承办单位须先记录与领衔代表的沟通（电话、走访、座谈），才能提交答复。"},
	{Key: "suggestions.motion_cosigners_county", Group: "议案建议", Label: "县级议案联名人数", Kind: renda.KindInt, Default: 10, Min: 1, Max: 100,
		Help: "县级人大代表十人以上联名可以提出议案（地方组织法）。"},
	{Key: "suggestions.motion_cosigners_township", Group: "议案建议", Label: "乡镇议案联名人数", Kind: renda.KindInt, Default: 5, Min: 1, Max: 100,
		Help: "乡镇人大代表五人以上联名可以提出议案。"},
	{Key: "suggestions.delegation_motions", Group: "议案建议", Label: "代表团可以提出议案", Kind: renda.KindBool, Default: true,
		Help: "湖南的县级人大允许代表团提出议案。"},
	{Key: "suggestions.categories", Group: "议案建议", Label: "建议分类", Kind: renda.KindStrings,
		Default: []string{"经济发展", "城乡建设", "交通运输", "农业农村", "水利", "教育科技", "医疗卫生", "社会保障", "生态环境", "政法", "其他"},
		Help:    "登记分类时可选的类别，每行一类。"},
}...)

// Suggestion kinds.
const (
	KindSuggestion = "suggestion" // 建议、批评和意见
	KindMotion     = "motion"     // 议案
)

// Suggestion statuses. The fixed path is draft → submitted → registered →
// assigned → replied → closed, with rehandling after an unsatisfied
// feedback; the others are the side roads of §2.2 and §2.3.
const (
	Draft      = "draft"
	Submitted  = "submitted"
	Registered = "registered"
	Listed     = "listed"    // 议案：列入会议议程
	Referred   = "referred"  // 议案：交付常委会或专门委员会审议
	Converted  = "converted" // 议案：转为建议（见 ConvertedTo）
	Assigned   = "assigned"
	Replied    = "replied"
	Rehandling = "rehandling"
	Closed     = "closed"
	Rejected   = "rejected"
	Merged     = "merged"
	Withdrawn  = "withdrawn"
)

// Contact methods of a handling unit with the deputy (沟通方式).
var ContactMethods = []struct{ Value, Label string }{{"phone", "电话"}, {"visit", "走访"}, {"meeting", "座谈"}}

// ContactMethodLabel names a contact method.
func ContactMethodLabel(m string) string {
	for _, c := range ContactMethods {
		if c.Value == m {
			return c.Label
		}
	}
	return m
}

// Unit roles on an item.
const (
	UnitLead   = "lead"   // 主办
	UnitAssist = "assist" // 协办
	UnitJoint  = "joint"  // 会办
	UnitSplit  = "split"  // 分办
)

// UnitRoleLabel names a unit's role.
func UnitRoleLabel(r string) string {
	switch r {
	case UnitLead:
		return "主办"
	case UnitAssist:
		return "协办"
	case UnitJoint:
		return "会办"
	case UnitSplit:
		return "分办"
	}
	return r
}

// Suggestion is a deputy's motion (议案) or suggestion (建议、批评和意见).
type Suggestion struct {
	ID       string `json:"id"`
	Number   string `json:"number"` // 十八届四次会议第 12 号; "" until registered
	Seq      int    `json:"seq,omitempty"`
	Kind     string `json:"kind"`
	Title    string `json:"title"`   // 案由
	Grounds  string `json:"grounds"` // 案据
	Body     string `json:"body"`    // 方案 / 内容
	Category string `json:"category"`
	Status   string `json:"status"`

	ProposerID     string      `json:"proposer_id"` // the lead deputy (领衔代表)
	ProposerName   string      `json:"proposer_name"`
	DelegationID   string      `json:"delegation_id,omitempty"`
	DelegationName string      `json:"delegation_name,omitempty"`
	ByDelegation   bool        `json:"by_delegation"` // a delegation's motion (代表团议案)
	CongressID     string      `json:"congress_id"`
	CongressLevel  renda.Level `json:"congress_level,omitempty"`
	SessionID      string      `json:"session_id,omitempty"`
	SessionName    string      `json:"session_name,omitempty"`
	SessionEnd     renda.Date  `json:"session_end,omitzero"`
	DuringSession  bool        `json:"during_session"`

	LeadUnitID   string     `json:"lead_unit_id"`
	LeadUnitName string     `json:"lead_unit_name,omitempty"`
	HandlingMode string     `json:"handling_mode,omitempty"` // lead (主办+协办/会办) or split (分办)
	AssignedOn   renda.Date `json:"assigned_on"`
	FirstDue     renda.Date `json:"first_due"` // the reply deadline first set at assignment
	Due          renda.Date `json:"due"`       // the reply deadline now in force (after extension, or of re-handling)
	Round        int        `json:"round"`     // handling round: 1, then 2… after each unsatisfied feedback
	RoundStarted renda.Date `json:"round_started"`

	ReplyCategory string     `json:"reply_category,omitempty"`
	RepliedOn     renda.Date `json:"replied_on"`
	FirstReplied  renda.Date `json:"first_replied_on"`
	OnTime        bool       `json:"replied_on_time"` // the first reply came by its deadline
	Rating        string     `json:"rating,omitempty"`
	RatedOn       renda.Date `json:"rated_on"`
	RatedRound    int        `json:"rated_round"` // the round the latest rating is about
	Rehandled     int        `json:"rehandled"`   // how many times the item was re-handled

	Priority           bool   `json:"priority"`
	LeaderID           string `json:"leader_id,omitempty"`
	LeaderName         string `json:"leader_name,omitempty"`
	InspectionRequired bool   `json:"inspection_required"`
	InspectionPassed   bool   `json:"inspection_passed"`

	PublishConsent bool      `json:"publish_consent"`
	PublishedAt    time.Time `json:"published_at,omitzero"`
	PublicText     string    `json:"public_text,omitempty"` // the reply as published, personal data removed

	ProcuratorateID   string     `json:"procuratorate_id,omitempty"`
	ProcuratorateName string     `json:"procuratorate_name,omitempty"`
	ProcuratorateOn   renda.Date `json:"procuratorate_copied_on"`

	MergedInto    string `json:"merged_into,omitempty"`
	ConvertedFrom string `json:"converted_from,omitempty"`
	ConvertedTo   string `json:"converted_to,omitempty"`
	SourceEntity  string `json:"source_entity,omitempty"` // lineage: e.g. "opinion" for a citizen's opinion
	SourceID      string `json:"source_id,omitempty"`
	RejectReason  string `json:"reject_reason,omitempty"`

	CreatedAt    time.Time `json:"created_at"`
	SubmittedAt  time.Time `json:"submitted_at,omitzero"`
	RegisteredAt time.Time `json:"registered_at,omitzero"`
	ClosedAt     time.Time `json:"closed_at,omitzero"`
	UpdatedAt    time.Time `json:"updated_at"`

	// Filled in where a page needs them.
	Signers []Signer `json:"signers,omitempty"`
	Units   []Unit   `json:"units,omitempty"`
	Records []Record `json:"records,omitempty"`
}

// SuggestionSigner is a deputy who signs a suggestion: the lead deputy, or
// a co-signer (联名/附议) whose name counts once they confirm.
type Signer struct {
	DeputyID   string    `json:"deputy_id"`
	Name       string    `json:"name"`
	Lead       bool      `json:"lead"`
	Status     string    `json:"status"` // pending, confirmed, declined
	InvitedAt  time.Time `json:"invited_at"`
	AnsweredAt time.Time `json:"answered_at,omitzero"`
}

// Signer statuses.
const (
	SignerPending   = "pending"
	SignerConfirmed = "confirmed"
	SignerDeclined  = "declined"
)

// SignerStatusLabel names a signer's status.
func SignerStatusLabel(s string) string {
	switch s {
	case SignerPending:
		return "待确认"
	case SignerConfirmed:
		return "已确认"
	case SignerDeclined:
		return "已拒绝"
	}
	return s
}

// SuggestionUnit is a unit handling an item, with its role.
type Unit struct {
	OrgID        string     `json:"org_id"`
	Name         string     `json:"name"`
	Role         string     `json:"role"` // lead, assist, joint, split
	AssignedOn   renda.Date `json:"assigned_on"`
	Opinion      string     `json:"opinion,omitempty"` // an assisting unit's opinion to the lead unit
	OpinionAt    time.Time  `json:"opinion_at,omitzero"`
	RepliedRound int        `json:"replied_round,omitempty"` // split handling: the last round this unit replied in
}

// RoleLabel names the unit's role.
func (u Unit) RoleLabel() string { return UnitRoleLabel(u.Role) }

// SuggestionRecord is one thing done on an item besides a change of state:
// a contact with the deputy, a reply, a feedback, a supervision, an
// inspection, an assisting unit's opinion, a return or extension request,
// a procuratorate step. Each is also in the item's audit history.
type Record struct {
	ID           string     `json:"id"`
	SuggestionID string     `json:"suggestion_id"`
	Kind         string     `json:"kind"`
	Round        int        `json:"round"`
	OrgID        string     `json:"org_id,omitempty"`
	OrgName      string     `json:"org_name,omitempty"`
	UserID       string     `json:"user_id,omitempty"`
	UserName     string     `json:"user_name"`
	On           renda.Date `json:"on"`               // the day it happened (a supervision visit, a contact)
	Method       string     `json:"method,omitempty"` // contact method, procuratorate step, …
	Category     string     `json:"category,omitempty"`
	Rating       string     `json:"rating,omitempty"`
	Text         string     `json:"text,omitempty"`
	Status       string     `json:"status,omitempty"` // requests: pending, approved, rejected; inspection: passed, failed
	Until        renda.Date `json:"until,omitzero"`   // an extension's requested or granted deadline
	AttachmentID string     `json:"attachment_id,omitempty"`
	CreatedAt    time.Time  `json:"created_at"`
}

// Record kinds.
const (
	RecContact       = "contact"
	RecOpinion       = "opinion"
	RecReply         = "reply"
	RecFollowUp      = "follow_up"
	RecFeedback      = "feedback"
	RecSupervision   = "supervision"
	RecInspection    = "inspection"
	RecReturn        = "return"
	RecExtension     = "extension"
	RecProcuratorate = "procuratorate"
)

// RecordKindLabel names a record kind.
func RecordKindLabel(k string) string {
	switch k {
	case RecContact:
		return "沟通联系"
	case RecOpinion:
		return "协办意见"
	case RecReply:
		return "答复"
	case RecFollowUp:
		return "跟踪答复"
	case RecFeedback:
		return "代表反馈"
	case RecSupervision:
		return "督办"
	case RecInspection:
		return "检查验收"
	case RecReturn:
		return "退办申请"
	case RecExtension:
		return "延期申请"
	case RecProcuratorate:
		return "检察机关"
	}
	return k
}

// KindLabel names the record's kind.
func (r Record) KindLabel() string { return RecordKindLabel(r.Kind) }

// MethodLabel names the record's method (contact) or step (procuratorate).
func (r Record) MethodLabel() string {
	if r.Kind == RecProcuratorate {
		return ProcuratorateStepLabel(r.Method)
	}
	return ContactMethodLabel(r.Method)
}

// StatusLabel names the record's status.
func (r Record) StatusLabel() string {
	switch r.Status {
	case "pending":
		return "待审批"
	case "approved":
		return "已同意"
	case "rejected":
		return "未同意"
	case "passed":
		return "验收通过"
	case "failed":
		return "验收未通过"
	}
	return r.Status
}

// RatingLabel names the record's rating.
func (r Record) RatingLabel() string { return renda.RatingLabel(r.Rating) }

// Procuratorate steps (§8).
var ProcuratorateSteps = []struct{ Value, Label string }{
	{"registered", "检察机关登记"}, {"case", "立案决定"}, {"no_case", "不予立案"}, {"recommendation", "发出检察建议"}, {"rectified", "整改情况反馈"},
}

// ProcuratorateStepLabel names a procuratorate step.
func ProcuratorateStepLabel(s string) string {
	for _, p := range ProcuratorateSteps {
		if p.Value == s {
			return p.Label
		}
	}
	return s
}

// KindLabel names the item's kind.
func (s *Suggestion) KindLabel() string { return KindLabel(s.Kind) }

// SuggestionKindLabel names a kind.
func KindLabel(k string) string {
	if k == KindMotion {
		return "议案"
	}
	return "建议"
}

// StatusLabel names the item's status.
func (s *Suggestion) StatusLabel() string { return Flow.StateLabel(s.Status) }

// RatingLabel names the item's latest rating.
func (s *Suggestion) RatingLabel() string { return renda.RatingLabel(s.Rating) }

// Open reports whether a unit still owes a reply.
func (s *Suggestion) Open() bool { return s.Status == Assigned || s.Status == Rehandling }

// Overdue reports whether the reply is late on day today.
func (s *Suggestion) Overdue(today renda.Date) bool {
	return s.Open() && !s.Due.IsZero() && s.Due.Before(today)
}

// DaysLeft is the number of days until the reply is due (negative when late).
func (s *Suggestion) DaysLeft(today renda.Date) int { return today.DaysUntil(s.Due) }

// FeedbackGiven reports whether the lead deputy rated the reply of the current round.
func (s *Suggestion) FeedbackGiven() bool { return s.Rating != "" && s.RatedRound == s.Round }

// ConfirmedSigners counts the deputies whose names count: the lead deputy
// and co-signers who confirmed.
func (s *Suggestion) ConfirmedSigners() int {
	n := 0
	for _, g := range s.Signers {
		if g.Lead || g.Status == SignerConfirmed {
			n++
		}
	}
	return n
}

// Signer returns the signer entry of a deputy.
func (s *Suggestion) Signer(deputyID string) (Signer, bool) {
	for _, g := range s.Signers {
		if g.DeputyID == deputyID {
			return g, true
		}
	}
	return Signer{}, false
}

// Unit returns the unit entry of an organisation.
func (s *Suggestion) Unit(orgID string) (Unit, bool) {
	for _, u := range s.Units {
		if u.OrgID == orgID {
			return u, true
		}
	}
	return Unit{}, false
}

// Relations computes how u stands to the item, for SuggestionWorkflow.Step.
// It needs Signers and Units loaded.
func (s *Suggestion) Relations(u *renda.User) renda.Rel {
	rel := renda.RoleRel(u)
	if u == nil {
		return rel
	}
	if u.DeputyID != "" {
		if s.ProposerID == u.DeputyID {
			rel = append(rel, "proposer")
		}
		if g, ok := s.Signer(u.DeputyID); ok && !g.Lead {
			switch g.Status {
			case SignerPending:
				rel = append(rel, "cosigner_pending")
			case SignerConfirmed:
				rel = append(rel, "cosigner")
			}
		}
	}
	if u.Role == renda.RoleUnit && u.OrgID != "" {
		if su, ok := s.Unit(u.OrgID); ok {
			switch su.Role {
			case UnitLead:
				rel = append(rel, "lead_unit")
			case UnitSplit:
				rel = append(rel, "split_unit")
			default:
				rel = append(rel, "co_unit")
			}
		}
		if s.ProcuratorateID != "" && s.ProcuratorateID == u.OrgID {
			rel = append(rel, "procuratorate")
		}
	}
	if u.Role == renda.RoleLeader && s.Priority && s.LeaderID == u.ID {
		rel = append(rel, "priority_leader")
	}
	return rel
}

// CanSee reports whether u may see the item at all. A draft belongs to its
// proposer and invited co-signers; a unit sees the items it handles (and the
// procuratorate those copied to it); the standing committee's people see
// every submitted item.
func (s *Suggestion) CanSee(u *renda.User) bool {
	if u == nil {
		return false
	}
	rel := s.Relations(u)
	if rel.Has("proposer", "cosigner", "cosigner_pending") {
		return true
	}
	if s.Status == Draft {
		return false
	}
	return u.IsStaffSide() || rel.Has("lead_unit", "split_unit", "co_unit", "procuratorate")
}

// ReplyCategory is one reply category of the setting.
type ReplyCategory struct{ Code, Label string }

// ReplyCategories parses the reply categories setting ("A 已经解决…").
func ReplyCategories(set *renda.Settings) []ReplyCategory {
	var out []ReplyCategory
	for _, line := range set.Strings("suggestions.reply_categories") {
		code, label, ok := strings.Cut(strings.TrimSpace(line), " ")
		if !ok {
			label = code
		}
		out = append(out, ReplyCategory{Code: code, Label: strings.TrimSpace(label)})
	}
	return out
}

// ReplyCategoryLabel names a reply category per the settings.
func ReplyCategoryLabel(set *renda.Settings, code string) string {
	for _, c := range ReplyCategories(set) {
		if c.Code == code {
			return c.Code + "类 " + c.Label
		}
	}
	return code
}

// MotionCosigners is how many deputies (the lead included) a motion needs
// at a congress's level.
func MotionCosigners(set *renda.Settings, level renda.Level) int {
	if level == renda.LevelTownship {
		return set.Int("suggestions.motion_cosigners_township")
	}
	return set.Int("suggestions.motion_cosigners_county")
}

// ValidateDraft checks the deputy's text of a draft.
func (s *Suggestion) ValidateDraft(set *renda.Settings) error {
	var p renda.Problems
	s.Kind = p.OneOf("kind", "类型", s.Kind, true, KindSuggestion, KindMotion)
	s.Title = p.Line("title", "案由（标题）", s.Title, true, 100)
	s.Grounds = p.Text("grounds", "案据", s.Grounds, false, 5000)
	s.Body = p.Text("body", "内容", s.Body, true, 20000)
	if s.Category != "" {
		s.Category = p.OneOf("category", "类别", s.Category, false, set.Strings("suggestions.categories")...)
	}
	if s.Kind == KindMotion && strings.TrimSpace(s.Grounds) == "" && !p.Has("grounds") {
		p.Add("grounds", "议案须写明案据（理由和依据）")
	}
	return p.Err()
}

// Deadlines are the dates an item's handling is measured against.
type Deadlines struct {
	Reply         renda.Date // the reply deadline now in force
	ReplyMax      renda.Date // the latest it may be extended to
	Return        renda.Date // last day to ask for a return (退办)
	AssistOpinion renda.Date // assisting units' opinions
	Feedback      renda.Date // the deputy's feedback on the latest reply
	Publish       renda.Date // publishing the reply
}

// DeadlinesOf computes the item's deadlines with the settings and calendar.
func DeadlinesOf(s *Suggestion, set *renda.Settings, cal *renda.Calendar) Deadlines {
	var d Deadlines
	if s.AssignedOn.IsZero() {
		return d
	}
	base := s.AssignedOn
	if set.Bool("suggestions.count_from_session_close") && s.DuringSession && !s.SessionEnd.IsZero() && s.SessionEnd.After(base) {
		base = s.SessionEnd
	}
	d.Reply = s.Due
	d.ReplyMax = cal.Due(base, set.Period("suggestions.reply_period_max"))
	d.Return = cal.Due(s.AssignedOn, set.Period("suggestions.return_window"))
	d.AssistOpinion = cal.Due(s.AssignedOn, set.Period("suggestions.assist_period"))
	if !s.RepliedOn.IsZero() {
		d.Feedback = cal.Due(s.RepliedOn, set.Period("suggestions.feedback_period"))
		d.Publish = cal.Due(s.RepliedOn, set.Period("suggestions.publish_period"))
	}
	return d
}

// ReplyDue is the first reply deadline of an item assigned on day on.
func ReplyDue(s *Suggestion, on renda.Date, set *renda.Settings, cal *renda.Calendar) renda.Date {
	base := on
	if set.Bool("suggestions.count_from_session_close") && s.DuringSession && !s.SessionEnd.IsZero() && s.SessionEnd.After(base) {
		base = s.SessionEnd
	}
	return cal.Due(base, set.Period("suggestions.reply_period"))
}

var (
	phoneLike = regexp.MustCompile(`(?:\+?86[- ]?)?1[3-9]\d{9}|0\d{2,3}-?\d{7,8}`)
	idLike    = regexp.MustCompile(`\d{17}[\dXx]`)
)

// RedactPersonalData removes what looks like phone numbers and identity
// card numbers from a text before it is published.
func RedactPersonalData(text string) string {
	text = idLike.ReplaceAllStringFunc(text, func(s string) string { return s[:6] + strings.Repeat("*", len(s)-6) })
	return phoneLike.ReplaceAllStringFunc(text, func(s string) string { return renda.MaskPhone(s) })
}

// SuggestionFilter selects items for a list. The store adds the viewer's
// own scope (a unit sees its own items, a deputy theirs).
type Filter struct {
	Q          string
	Kind       string
	Status     []string
	UnitID     string
	Category   string
	SessionID  string
	Year       int
	Overdue    bool
	DueWithin  int // open items due within this many days (and not overdue)
	Priority   bool
	LeaderID   string
	Mine       bool // the viewer's own: a deputy's signed items, a unit's items, a leader's priority items
	Todo       bool // items waiting for the viewer's action
	Published  bool
	ProposerID string
	Sort       string // "due" (soonest first) or "" (newest first)
	Limit      int
	Offset     int
}

// StatusesOpen are the statuses in which a unit owes a reply.
var StatusesOpen = []string{Assigned, Rehandling}

// StatusesCounted are the statuses of items a work review counts as
// received: submitted and not rejected, merged or withdrawn (the list's
// counted=1).
var StatusesCounted = []string{Submitted, Registered, Listed, Referred, Converted, Assigned, Replied, Rehandling, Closed}

// ValidStatus reports whether st is a status of the workflow.
func ValidStatus(st string) bool {
	return slices.ContainsFunc(Flow.States, func(d renda.StateDef) bool { return d.State == st })
}

// SuggestionStats are the handling figures of a group of items: a unit, a
// category or a delegation.
type Stats struct {
	Key        string         `json:"key"`
	Name       string         `json:"name"`
	Total      int            `json:"total"`
	Assigned   int            `json:"assigned"`
	Replied    int            `json:"replied"`
	OnTime     int            `json:"on_time"`
	Overdue    int            `json:"overdue"` // open and late now
	Late       int            `json:"late"`    // replied after the deadline
	Closed     int            `json:"closed"`
	Categories map[string]int `json:"categories"` // reply category → count
	Ratings    map[string]int `json:"ratings"`    // rating → count
	Rehandled  int            `json:"rehandled"`
	Priority   int            `json:"priority"`
	Assisting  int            `json:"assisting"` // items the unit assists with (协办/会办)
}

// Satisfaction is the share of rated items rated satisfied or basically satisfied.
func (st Stats) Satisfaction() (int, int) {
	rated := st.Ratings[renda.RatingSatisfied] + st.Ratings[renda.RatingBasic] + st.Ratings[renda.RatingUnsatisfied]
	return st.Ratings[renda.RatingSatisfied] + st.Ratings[renda.RatingBasic], rated
}

// SeriesOf is the numbering series of a registered item and its display
// prefix: per session for items of a session ("十八届四次会议第 N 号", motions
// separately), per year for items between sessions.
func SeriesOf(s *Suggestion, submitted time.Time) (key, prefix string) {
	if s.DuringSession && s.SessionID != "" {
		if s.Kind == KindMotion {
			return s.SessionID + ":motion", s.SessionName + "议案"
		}
		return s.SessionID + ":suggestion", s.SessionName
	}
	y := renda.DateOf(submitted).Year
	return "year:" + strconv.Itoa(y), strconv.Itoa(y) + "年闭会期间"
}

// NumberOf formats an item's number in its series.
func NumberOf(prefix string, n int) string { return prefix + "第" + strconv.Itoa(n) + "号" }

// StatusTone is the colour of the item's status badge on pages.
func (s *Suggestion) StatusTone() string {
	switch s.Status {
	case Closed:
		return "green"
	case Replied:
		return "blue"
	case Rehandling:
		return "amber"
	case Rejected, Withdrawn, Merged, Converted:
		return ""
	case Assigned:
		return "amber"
	}
	return "blue"
}

// StatusLabel names the signer's status.
func (g Signer) StatusLabel() string { return SignerStatusLabel(g.Status) }
