package renda

import (
	"encoding/json"
	"fmt"
	"slices"
	"sort"
	"strings"
	"time"
)

// voteSettings are the per-deployment settings of this workflow (domain.md §3).
var voteSettings = RegisterSettings([]SettingDef{
	{Key: "vote.adopt_pct", Group: "民生实事票决", Label: "通过所需赞成票比例（%）",
		Help: "候选项目的赞成票须超过全体有效投票人（出席并有投票资格的代表）的此百分比方为通过，默认过半数（50）。",
		Kind: KindInt, Default: 50, Min: 1, Max: 99},
	{Key: "vote.base_all_deputies", Group: "民生实事票决", Label: "以全体代表为基数计算是否通过",
		Help: "是：以本届全体代表人数为基数；否（默认）：以出席并有投票资格的代表人数为基数。", Kind: KindBool, Default: false},
	{Key: "vote.min_extra_candidates", Group: "民生实事票决", Label: "差额：候选项目至少多于拟选项目数",
		Help: "差额票决：候选项目数须至少比拟选出的项目数多此数（默认 1）。", Kind: KindInt, Default: 1, Min: 1, Max: 20},
	{Key: "vote.checkin_max_failures", Group: "民生实事票决", Label: "签到码输错次数上限",
		Help: "代表在手机上输错签到码达到此次数后，须由工作人员登记出席。", Kind: KindInt, Default: 5, Min: 1, Max: 20},
	{Key: "vote.rating_pct", Group: "民生实事票决", Label: "满意度测评：满意所需比例（%）",
		Help: "满意票超过有效票的此比例为“满意”；否则满意与基本满意合计超过此比例为“基本满意”；否则为“不满意”。",
		Kind: KindInt, Default: 50, Min: 1, Max: 99},
	{Key: "project.report_days", Group: "民生实事票决", Label: "项目进度报送周期（天）",
		Help: "已票决项目的责任单位每隔此天数至少报送一次进度，逾期提醒。", Kind: KindInt, Default: 30, Min: 7, Max: 180},
	{Key: "project.behind_points", Group: "民生实事票决", Label: "进度滞后判定（百分点）",
		Help: "按计划开始到完成期限线性推算，实际进度落后此百分点以上即视为滞后；超过完成期限未完成也视为滞后。", Kind: KindInt, Default: 15, Min: 1, Max: 100},
}...)

// Vote kinds: choosing projects (票决) or rating last year's (满意度测评).
const (
	VoteSelect = "select"
	VoteRating = "rating"
)

// Ballot modes of a select vote.
const (
	ModeEach = "each" // 赞成/反对/弃权 on each candidate
	ModeUpTo = "upto" // mark up to N candidates (the others count as abstentions)
)

// Vote statuses.
const (
	VoteDraft  = "draft"
	VoteOpen   = "open"
	VoteClosed = "closed"
)

// Choices on a ballot. A select vote uses yes/no/abstain, a rating vote
// satisfied/basic/dissatisfied.
const (
	ChoiceYes          = "yes"
	ChoiceNo           = "no"
	ChoiceAbstain      = "abstain"
	ChoiceSatisfied    = "satisfied"
	ChoiceBasic        = "basic"
	ChoiceDissatisfied = "dissatisfied"
)

// ChoiceLabel names a choice in Chinese.
func ChoiceLabel(c string) string {
	return map[string]string{ChoiceYes: "赞成", ChoiceNo: "反对", ChoiceAbstain: "弃权",
		ChoiceSatisfied: "满意", ChoiceBasic: "基本满意", ChoiceDissatisfied: "不满意"}[c]
}

// VoteWorkflow is the transition table of a vote.
var VoteWorkflow = RegisterWorkflow(&Workflow{
	Entity: "vote",
	States: []StateDef{{VoteDraft, "准备中"}, {VoteOpen, "投票中"}, {VoteClosed, "已结束"}},
	Rules: []Rule{
		{Action: "update", Label: "修改", From: []string{VoteDraft}, Who: []string{"admin", "staff"}},
		{Action: "attendance", Label: "登记出席", From: []string{VoteDraft, VoteOpen}, Who: []string{"admin", "staff"}},
		{Action: "checkin", Label: "代表签到", From: []string{VoteDraft, VoteOpen}, Who: []string{"voter"}},
		{Action: "open", Label: "开始投票", From: []string{VoteDraft}, To: VoteOpen, Who: []string{"admin", "staff", "system"}},
		{Action: "ballot", Label: "投票", From: []string{VoteOpen}, Who: []string{"voter"}},
		{Action: "paper", Label: "录入纸质票", From: []string{VoteOpen, VoteClosed}, Who: []string{"admin", "staff"}},
		{Action: "paper_confirm", Label: "复核纸质票", From: []string{VoteOpen, VoteClosed}, Who: []string{"admin", "staff"}},
		{Action: "close", Label: "结束投票", From: []string{VoteOpen}, To: VoteClosed, Who: []string{"admin", "staff", "system"}},
		{Action: "decide", Label: "主席团决定", From: []string{VoteClosed}, Who: []string{"admin", "staff"}},
		{Action: "seal", Label: "封存选票", From: []string{VoteClosed}, Who: []string{"system"}},
	},
})

// ProjectWorkflow is the transition table of a livelihood project (民生实事项目).
var ProjectWorkflow = RegisterWorkflow(&Workflow{
	Entity: "project",
	States: []StateDef{
		{"proposed", "征集中"}, {"candidate", "候选项目"}, {"rejected", "未入围"},
		{"adopted", "已票决"}, {"not_adopted", "未当选"}, {"in_progress", "实施中"}, {"completed", "已完成"}, {"rated", "已测评"},
	},
	Rules: []Rule{
		{Action: "update", Label: "修改", From: []string{"proposed", "candidate"}, Who: []string{"admin", "staff"}},
		{Action: "screen_in", Label: "审查入围", From: []string{"proposed", "rejected"}, To: "candidate", Who: []string{"admin", "staff"}},
		{Action: "screen_out", Label: "审查未入围", From: []string{"proposed", "candidate"}, To: "rejected", Who: []string{"admin", "staff"}},
		{Action: "adopt", Label: "票决通过", From: []string{"candidate"}, To: "adopted", Who: []string{"system", "admin", "staff"}},
		{Action: "not_adopt", Label: "票决未通过", From: []string{"candidate"}, To: "not_adopted", Who: []string{"system", "admin", "staff"}},
		{Action: "plan", Label: "制定实施计划", From: []string{"adopted", "in_progress"}, Who: []string{"admin", "staff", "responsible_unit"}},
		{Action: "milestone", Label: "设置节点", From: []string{"adopted", "in_progress"}, Who: []string{"admin", "staff", "responsible_unit"}},
		{Action: "report", Label: "报送进度", From: []string{"adopted", "in_progress"}, To: "in_progress", Who: []string{"responsible_unit", "admin", "staff"}},
		{Action: "inspect", Label: "代表视察", From: []string{"adopted", "in_progress", "completed"}, Who: []string{"deputy", "admin", "staff"}},
		{Action: "complete", Label: "确认完成", From: []string{"in_progress"}, To: "completed", Who: []string{"admin", "staff"}},
		{Action: "rate", Label: "满意度测评", From: []string{"adopted", "in_progress", "completed"}, To: "rated", Who: []string{"system", "admin", "staff"}},
	},
})

var _ = RegisterEntityLabel("vote", "票决")
var _ = RegisterEntityLabel("project", "民生实事项目")

// Project is a livelihood project: proposed, screened, put to the deputies'
// vote, and when adopted planned, reported on, inspected and rated.
type Project struct {
	ID          string `json:"id"`
	CongressID  string `json:"congress_id"`
	Year        int    `json:"year"`
	Title       string `json:"title"`
	Description string `json:"description,omitempty"`
	Category    string `json:"category,omitempty"`
	Budget      int    `json:"budget"` // 万元
	UnitID      string `json:"unit_id,omitempty"`
	Target      string `json:"target,omitempty"`
	Deadline    Date   `json:"deadline"`
	Source      string `json:"source"` // government, deputy, citizen
	Proposer    string `json:"proposer,omitempty"`
	Status      string `json:"status"`
	// The plan once adopted.
	PlanTarget   string    `json:"plan_target,omitempty"`
	PlanStart    Date      `json:"plan_start"`
	PlanDeadline Date      `json:"plan_deadline"`
	PlanFunds    int       `json:"plan_funds"` // 万元
	Progress     int       `json:"progress"`   // last reported percentage
	LastReport   Date      `json:"last_report"`
	Rating       string    `json:"rating,omitempty"` // 满意, 基本满意, 不满意
	CreatedAt    time.Time `json:"created_at"`
	UpdatedAt    time.Time `json:"updated_at"`

	UnitName     string `json:"unit_name,omitempty"`
	CongressName string `json:"congress_name,omitempty"`
}

// ProjectSources are who may propose a project.
var ProjectSources = []string{"government", "deputy", "citizen"}

// SourceLabel names the project's source.
func (p *Project) SourceLabel() string {
	return map[string]string{"government": "政府提出", "deputy": "代表提出", "citizen": "群众建议"}[p.Source]
}

// StatusLabel names the project's state.
func (p *Project) StatusLabel() string { return ProjectWorkflow.StateLabel(p.Status) }

// Validate checks a project before it is saved.
func (p *Project) Validate() error {
	var pr Problems
	if !ValidID(p.CongressID) {
		pr.Add("congress_id", "请选择人大")
	}
	if p.Year < 2000 || p.Year > 2100 {
		pr.Add("year", "年度应为 2000 到 2100 之间")
	}
	p.Title = pr.Line("title", "项目名称", p.Title, true, 80)
	p.Description = pr.Text("description", "项目内容", p.Description, false, 2000)
	p.Category = pr.Line("category", "类别", p.Category, false, 20)
	if p.Budget < 0 || p.Budget > 10000000 {
		pr.Add("budget", "预算（万元）应为 0 到 10000000 之间的整数")
	}
	if p.UnitID != "" && !ValidID(p.UnitID) {
		pr.Add("unit_id", "所选责任单位不存在")
	}
	p.Target = pr.Text("target", "目标", p.Target, false, 500)
	if p.Source == "" {
		p.Source = "government"
	}
	pr.OneOf("source", "来源", p.Source, true, ProjectSources...)
	p.Proposer = pr.Line("proposer", "提出人", p.Proposer, false, 60)
	return pr.Err()
}

// ProjectRel is the actor's relations to a project: its role, and
// "responsible_unit" for the clerk of the unit that carries it out.
func ProjectRel(u *User, p *Project) Rel {
	rel := RoleRel(u)
	if u != nil && u.Role == RoleUnit && u.OrgID != "" && u.OrgID == p.UnitID {
		rel = append(rel, "responsible_unit")
	}
	return rel
}

// Behind reports whether an adopted project lags its plan on day today:
// past its deadline and not complete, or behind a straight line from its
// start to its deadline by more than points percentage points.
func (p *Project) Behind(today Date, points int) bool {
	if p.Status != "adopted" && p.Status != "in_progress" {
		return false
	}
	end := p.PlanDeadline
	if end.IsZero() {
		end = p.Deadline
	}
	if end.IsZero() {
		return false
	}
	if today.After(end) {
		return p.Progress < 100
	}
	start := p.PlanStart
	if start.IsZero() || !today.After(start) {
		return false
	}
	total := end.Start().Sub(start.Start()).Hours()
	done := today.Start().Sub(start.Start()).Hours()
	if total <= 0 {
		return false
	}
	expected := int(100 * done / total)
	return expected-p.Progress > points
}

// Milestone is a dated step of a project's plan.
type Milestone struct {
	ID        string `json:"id"`
	ProjectID string `json:"project_id"`
	Title     string `json:"title"`
	Due       Date   `json:"due"`
	Done      bool   `json:"done"`
	DoneOn    Date   `json:"done_on"`
}

// ProgressReport is a responsible unit's report on a project.
type ProgressReport struct {
	ID          string        `json:"id"`
	ProjectID   string        `json:"project_id"`
	Percent     int           `json:"percent"`
	Text        string        `json:"text"`
	ReportedOn  Date          `json:"reported_on"`
	ByName      string        `json:"by_name"`
	CreatedAt   time.Time     `json:"created_at"`
	Attachments []*Attachment `json:"attachments,omitempty"`
}

// Validate checks a report.
func (r *ProgressReport) Validate() error {
	var p Problems
	if r.Percent < 0 || r.Percent > 100 {
		p.Add("percent", "完成进度应为 0 到 100 之间的整数")
	}
	r.Text = p.Text("text", "进展情况", r.Text, true, 2000)
	return p.Err()
}

// Inspection is deputies' inspection (视察) of a project, with notes.
type Inspection struct {
	ID        string    `json:"id"`
	ProjectID string    `json:"project_id"`
	Day       Date      `json:"day"`
	Deputies  string    `json:"deputies"` // names of the deputies who took part
	Notes     string    `json:"notes"`
	ByName    string    `json:"by_name"`
	CreatedAt time.Time `json:"created_at"`
}

// Validate checks an inspection.
func (i *Inspection) Validate() error {
	var p Problems
	if i.Day.IsZero() {
		p.Add("day", "请填写视察日期")
	}
	i.Deputies = p.Line("deputies", "参加代表", i.Deputies, true, 300)
	i.Notes = p.Text("notes", "视察意见", i.Notes, true, 3000)
	return p.Err()
}

// Vote is one secret ballot of a congress: choosing livelihood projects from
// more candidates than will be adopted, or rating last year's projects.
type Vote struct {
	ID          string    `json:"id"`
	CongressID  string    `json:"congress_id"`
	SessionID   string    `json:"session_id,omitempty"`
	Kind        string    `json:"kind"`
	Title       string    `json:"title"`
	Description string    `json:"description,omitempty"`
	Mode        string    `json:"mode"`
	Adopt       int       `json:"adopt"` // N projects to adopt
	Status      string    `json:"status"`
	OpensAt     time.Time `json:"opens_at,omitzero"`
	ClosesAt    time.Time `json:"closes_at,omitzero"`
	CheckinCode string    `json:"-"` // shown in the hall; deputies type it to check in
	Sealed      bool      `json:"sealed"`
	OpenedAt    time.Time `json:"opened_at,omitzero"`
	ClosedAt    time.Time `json:"closed_at,omitzero"`
	CreatedAt   time.Time `json:"created_at"`
	UpdatedAt   time.Time `json:"updated_at"`

	Candidates   []Candidate `json:"candidates"`
	CongressName string      `json:"congress_name,omitempty"`
	Level        Level       `json:"level,omitempty"`
	SessionName  string      `json:"session_name,omitempty"`
}

// Candidate is one project on a vote's ballot. Its id is the project's.
type Candidate struct {
	ID       string `json:"id"`
	Title    string `json:"title"`
	Position int    `json:"position"`
	Budget   int    `json:"budget"`
	UnitName string `json:"unit_name,omitempty"`
	Target   string `json:"target,omitempty"`
	Summary  string `json:"summary,omitempty"`
}

// StatusLabel names the vote's state.
func (v *Vote) StatusLabel() string { return VoteWorkflow.StateLabel(v.Status) }

// Presidium names who runs the vote and decides what it leaves open: the
// session's presidium at county level; at a township, whose congress has
// no standing committee, its presidium also supervises the projects
// between sessions.
func (v *Vote) Presidium() string {
	if v.Level == LevelTownship {
		return "乡镇人大主席团"
	}
	return "大会主席团"
}

// KindLabel names the vote's kind.
func (v *Vote) KindLabel() string {
	if v.Kind == VoteRating {
		return "满意度测评"
	}
	return "项目票决"
}

// Choices lists the choices a ballot of this vote offers.
func (v *Vote) Choices() []string {
	if v.Kind == VoteRating {
		return []string{ChoiceSatisfied, ChoiceBasic, ChoiceDissatisfied}
	}
	return []string{ChoiceYes, ChoiceNo, ChoiceAbstain}
}

// Blank is the choice a candidate left unmarked counts as.
func (v *Vote) Blank() string {
	if v.Kind == VoteRating {
		return "" // a rating ballot must rate every project
	}
	return ChoiceAbstain
}

// Effective returns the vote's status at now, taking its window into
// account: a draft whose window has begun is open, an open vote whose
// window has ended is closed, even before a sweep has recorded it.
func (v *Vote) Effective(now time.Time) string {
	switch v.Status {
	case VoteDraft:
		if !v.OpensAt.IsZero() && !now.Before(v.OpensAt) && (v.ClosesAt.IsZero() || now.Before(v.ClosesAt)) {
			return VoteOpen
		}
		if !v.OpensAt.IsZero() && !v.ClosesAt.IsZero() && !now.Before(v.ClosesAt) {
			return VoteClosed
		}
	case VoteOpen:
		if !v.ClosesAt.IsZero() && !now.Before(v.ClosesAt) {
			return VoteClosed
		}
	}
	return v.Status
}

// Validate checks a vote's set-up. minExtra is vote.min_extra_candidates.
func (v *Vote) Validate(minExtra int) error {
	var p Problems
	if !ValidID(v.CongressID) {
		p.Add("congress_id", "请选择人大")
	}
	if v.SessionID != "" && !ValidID(v.SessionID) {
		p.Add("session_id", "所选会议不存在")
	}
	v.Title = p.Line("title", "名称", v.Title, true, 100)
	v.Description = p.Text("description", "说明", v.Description, false, 2000)
	p.OneOf("kind", "类型", v.Kind, true, VoteSelect, VoteRating)
	if v.Mode == "" {
		v.Mode = ModeEach
	}
	p.OneOf("mode", "投票方式", v.Mode, true, ModeEach, ModeUpTo)
	if v.Kind == VoteRating {
		v.Mode, v.Adopt = ModeEach, 0
		if len(v.Candidates) == 0 {
			p.Add("candidates", "请至少选择一个测评项目")
		}
	} else if v.Kind == VoteSelect {
		if v.Adopt < 1 {
			p.Add("adopt", "拟选项目数至少为 1")
		} else if len(v.Candidates) < v.Adopt+minExtra {
			p.Add("candidates", "差额票决：候选项目须至少 %d 个（拟选 %d 个，至少多 %d 个），现在 %d 个", v.Adopt+minExtra, v.Adopt, minExtra, len(v.Candidates))
		}
	}
	seen := map[string]bool{}
	for _, c := range v.Candidates {
		if !ValidID(c.ID) || seen[c.ID] {
			p.Add("candidates", "候选项目重复或不存在")
			break
		}
		seen[c.ID] = true
	}
	if !v.OpensAt.IsZero() && !v.ClosesAt.IsZero() && !v.ClosesAt.After(v.OpensAt) {
		p.Add("closes_at", "结束时间必须晚于开始时间")
	}
	return p.Err()
}

// Ballot is what a voter marked: a choice per candidate id.
type Ballot map[string]string

// Normalize checks a ballot against the vote and fills unmarked candidates
// with the blank choice. It returns an EINVALID error saying what is wrong.
func (v *Vote) Normalize(b Ballot) (Ballot, error) {
	var p Problems
	ids := map[string]bool{}
	for _, c := range v.Candidates {
		ids[c.ID] = true
	}
	allowed := v.Choices()
	out := Ballot{}
	for id, c := range b {
		if !ids[id] {
			p.Add("choices", "候选项目“%s”不在本次表决中", truncate(id, 30))
			continue
		}
		if !slices.Contains(allowed, c) {
			p.Add("choices", "选项“%s”无效，应为 %s", truncate(c, 20), strings.Join(allowed, "、"))
			continue
		}
		out[id] = c
	}
	if err := p.Err(); err != nil {
		return nil, err
	}
	for _, c := range v.Candidates {
		if _, ok := out[c.ID]; !ok {
			if v.Blank() == "" {
				p.Add("choices", "请对每个项目作出评价：“%s”尚未评价", c.Title)
				return nil, p.Err()
			}
			out[c.ID] = v.Blank()
		}
	}
	if v.Kind == VoteSelect && v.Mode == ModeUpTo {
		yes := 0
		for _, c := range out {
			if c == ChoiceYes {
				yes++
			}
			if c == ChoiceNo {
				p.Add("choices", "本次表决为限选方式：只能勾选赞成的项目")
				return nil, p.Err()
			}
		}
		if yes > v.Adopt {
			p.Add("choices", "最多只能选 %d 个项目，现在选了 %d 个", v.Adopt, yes)
			return nil, p.Err()
		}
	}
	return out, nil
}

// Encode is the ballot's stored and published form: JSON with the candidate
// ids in sorted order, so equal ballots are equal text.
func (b Ballot) Encode() string {
	j, _ := json.Marshal(map[string]string(b)) // maps marshal with sorted keys
	return string(j)
}

// DecodeBallot reads an encoded ballot.
func DecodeBallot(s string) (Ballot, error) {
	var b Ballot
	if err := json.Unmarshal([]byte(s), &b); err != nil {
		return nil, fmt.Errorf("ballot: %w", err)
	}
	return b, nil
}

// NewReceipt returns a random receipt such as "K7M2-9QXD-4RTB" (60 bits): no
// time in it, nothing derived from the voter.
func NewReceipt() string {
	t := strings.ToUpper(RandomToken(12))
	return t[0:4] + "-" + t[4:8] + "-" + t[8:12]
}

// PaperTotals are the totals of paper ballots counted in the hall: the
// number of ballots, and per candidate the count of each choice.
type PaperTotals struct {
	Ballots     int                       `json:"ballots"`
	Counts      map[string]map[string]int `json:"counts"`
	EnteredBy   string                    `json:"entered_by"`
	EnteredName string                    `json:"entered_name"`
	EnteredAt   time.Time                 `json:"entered_at"`
	ConfirmedBy string                    `json:"confirmed_by,omitempty"`
	ConfirmName string                    `json:"confirmed_name,omitempty"`
	ConfirmedAt time.Time                 `json:"confirmed_at,omitzero"`
}

// Confirmed reports whether a second person has confirmed the totals.
func (t *PaperTotals) Confirmed() bool { return t != nil && t.ConfirmedBy != "" }

// Validate checks paper totals against the vote: every candidate's counts
// add up to the number of ballots, which may not exceed the paper voters.
func (v *Vote) ValidatePaper(t *PaperTotals, paperVoters int) error {
	var p Problems
	if t.Ballots < 0 || t.Ballots > paperVoters {
		p.Add("ballots", "纸质票数应在 0 到 %d（已登记纸质投票的代表人数）之间", paperVoters)
	}
	for _, c := range v.Candidates {
		sum := 0
		for _, ch := range v.Choices() {
			n := t.Counts[c.ID][ch]
			if n < 0 {
				p.Add("c_"+c.ID+"_"+ch, "票数不能为负")
			}
			sum += n
		}
		if sum != t.Ballots {
			p.Add("c_"+c.ID+"_"+ch0(v), "“%s”各项票数之和（%d）应等于纸质票数（%d）", c.Title, sum, t.Ballots)
		}
	}
	return p.Err()
}

func ch0(v *Vote) string { return v.Choices()[0] }

// Tally is one candidate's line in a result.
type Tally struct {
	ID      string         `json:"id"`
	Title   string         `json:"title"`
	Counts  map[string]int `json:"counts"`
	Yes     int            `json:"yes"`
	No      int            `json:"no"`
	Abstain int            `json:"abstain"`
	Passed  bool           `json:"passed"`  // over the threshold
	Adopted bool           `json:"adopted"` // among the N adopted
	Rank    int            `json:"rank"`
	Tie     bool           `json:"tie,omitempty"` // tied at the boundary: for the presidium
	Grade   string         `json:"grade,omitempty"`
	Paper   map[string]int `json:"paper,omitempty"`   // of Counts, from paper totals
	Decided string         `json:"decided,omitempty"` // the presidium's decision, if any
}

// Result is a vote's outcome, frozen when it closes.
type Result struct {
	VoteID     string      `json:"vote_id"`
	Kind       string      `json:"kind"`
	Adopt      int         `json:"adopt"`
	Base       int         `json:"base"`     // the number the threshold is a share of
	Eligible   int         `json:"eligible"` // present, entitled voters
	Members    int         `json:"members"`  // all deputies on the roll
	Ballots    int         `json:"ballots"`  // electronic + paper
	Electronic int         `json:"electronic"`
	Paper      int         `json:"paper"`
	Needed     int         `json:"needed"` // yes votes needed to pass
	Items      []Tally     `json:"items"`
	Ties       bool        `json:"ties"`
	TooFew     bool        `json:"too_few"`
	Notes      []string    `json:"notes,omitempty"`
	Rules      ResultRules `json:"rules"`
}

// ResultRules are the settings a result is computed with.
type ResultRules struct {
	AdoptPct  int  `json:"adopt_pct"`
	BaseAll   bool `json:"base_all"`
	RatingPct int  `json:"rating_pct"`
}

// RulesFrom reads the result rules from settings.
func RulesFrom(s *Settings) ResultRules {
	return ResultRules{AdoptPct: s.Int("vote.adopt_pct"), BaseAll: s.Bool("vote.base_all_deputies"), RatingPct: s.Int("vote.rating_pct")}
}

// ComputeResult counts ballots (and confirmed paper totals) into a result.
// A select vote adopts, in order of 赞成 votes, up to N candidates whose
// 赞成 votes exceed AdoptPct% of the base; a tie at the boundary and fewer
// than N passing are reported for the presidium. A rating vote grades
// each project by §3's rule.
func ComputeResult(v *Vote, ballots []Ballot, paper *PaperTotals, eligible, members int, r ResultRules) *Result {
	res := &Result{VoteID: v.ID, Kind: v.Kind, Adopt: v.Adopt, Eligible: eligible, Members: members, Electronic: len(ballots), Rules: r}
	counts := map[string]map[string]int{}
	for _, c := range v.Candidates {
		counts[c.ID] = map[string]int{}
	}
	for _, b := range ballots {
		for id, ch := range b {
			if m, ok := counts[id]; ok {
				m[ch]++
			}
		}
	}
	if paper.Confirmed() {
		res.Paper = paper.Ballots
		for id, m := range paper.Counts {
			if cm, ok := counts[id]; ok {
				for ch, n := range m {
					cm[ch] += n
				}
			}
		}
	}
	res.Ballots = res.Electronic + res.Paper
	for _, c := range v.Candidates {
		m := counts[c.ID]
		t := Tally{ID: c.ID, Title: c.Title, Counts: m, Yes: m[ChoiceYes], No: m[ChoiceNo], Abstain: m[ChoiceAbstain]}
		if res.Paper > 0 {
			t.Paper = paper.Counts[c.ID]
		}
		res.Items = append(res.Items, t)
	}
	if v.Kind == VoteRating {
		for i := range res.Items {
			t := &res.Items[i]
			t.Grade = RatingGrade(t.Counts[ChoiceSatisfied], t.Counts[ChoiceBasic], res.Ballots, r.RatingPct)
		}
		return res
	}
	res.Base = eligible
	if r.BaseAll {
		res.Base = members
	}
	// Passing needs yes > pct% of base: the smallest integer strictly above.
	res.Needed = res.Base*r.AdoptPct/100 + 1
	order := make([]int, len(res.Items))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(a, b int) bool { return res.Items[order[a]].Yes > res.Items[order[b]].Yes })
	rank := 0
	for pos, i := range order {
		if pos == 0 || res.Items[i].Yes != res.Items[order[pos-1]].Yes {
			rank = pos + 1
		}
		res.Items[i].Rank = rank
		res.Items[i].Passed = res.Items[i].Yes >= res.Needed
	}
	var passed []int
	for _, i := range order {
		if res.Items[i].Passed {
			passed = append(passed, i)
		}
	}
	if len(passed) <= v.Adopt {
		for _, i := range passed {
			res.Items[i].Adopted = true
		}
		if len(passed) < v.Adopt {
			res.TooFew = true
			res.Notes = append(res.Notes, fmt.Sprintf("获得通过的项目只有 %d 个，少于拟选的 %d 个，提请主席团研究决定。", len(passed), v.Adopt))
		}
		return res
	}
	// More pass than N: take the N with most votes; a tie across the boundary is for the presidium.
	boundary := res.Items[passed[v.Adopt-1]].Yes
	next := res.Items[passed[v.Adopt]].Yes
	for _, i := range passed {
		t := &res.Items[i]
		switch {
		case t.Yes > boundary || (t.Yes == boundary && boundary != next):
			t.Adopted = true
		case t.Yes == boundary:
			t.Tie = true
		}
	}
	if boundary == next {
		res.Ties = true
		n := 0
		for _, i := range passed {
			if res.Items[i].Adopted {
				n++
			}
		}
		res.Notes = append(res.Notes, fmt.Sprintf("第 %d 名起有项目赞成票相同（%d 票），已确定当选 %d 个，其余名额提请主席团研究决定。", n+1, boundary, n))
	}
	return res
}

// RatingGrade applies §3's scoring rule: 满意 if satisfied votes exceed
// pct% of ballots; else 基本满意 if satisfied and basically satisfied
// together do; else 不满意.
func RatingGrade(satisfied, basic, ballots, pct int) string {
	if ballots == 0 {
		return ""
	}
	switch {
	case satisfied*100 > ballots*pct:
		return "满意"
	case (satisfied+basic)*100 > ballots*pct:
		return "基本满意"
	}
	return "不满意"
}

// Turnout is what the hall sees while a vote is open: never choices.
type Turnout struct {
	Eligible int `json:"eligible"`
	Present  int `json:"present"`
	Voted    int `json:"voted"`
	Paper    int `json:"paper"`
	Members  int `json:"members"`
}

// VoteFilter selects votes.
type VoteFilter struct {
	Status     string
	CongressID string
	Kind       string
	Limit      int
	Offset     int
}

// ProjectFilter selects projects.
type ProjectFilter struct {
	CongressID string
	Year       int
	Status     string
	UnitID     string
	Q          string
	Public     bool // only projects past the vote: adopted and later
	Limit      int
	Offset     int
}
