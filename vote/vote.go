// Package vote is renda's ballot engine: secret votes of deputies on any
// set of items (livelihood projects, projects to rate, and what later
// workflows register as kinds), with a choice scheme and a counting rule.
package vote

import (
	"encoding/json"
	"fmt"
	"slices"
	"sort"
	"strings"
	"time"

	"renda"
)

// settings are the per-deployment settings of this workflow (domain.md §3).
var settings = renda.RegisterSettings([]renda.SettingDef{
	{Key: "vote.adopt_pct", Group: "民生实事票决", Label: "通过所需赞成票比例（%）",
		Help: "候选项目的赞成票须超过全体有效投票人（出席并有投票资格的代表）的此百分比方为通过，默认过半数（50）。",
		Kind: renda.KindInt, Default: 50, Min: 1, Max: 99},
	{Key: "vote.base_all_deputies", Group: "民生实事票决", Label: "以全体代表为基数计算是否通过",
		Help: "是：以本届全体代表人数为基数；否（默认）：以出席并有投票资格的代表人数为基数。", Kind: renda.KindBool, Default: false},
	{Key: "vote.min_extra_candidates", Group: "民生实事票决", Label: "差额：候选项目至少多于拟选项目数",
		Help: "差额票决：候选项目数须至少比拟选出的项目数多此数（默认 1）。", Kind: renda.KindInt, Default: 1, Min: 1, Max: 20},
	{Key: "vote.checkin_max_failures", Group: "民生实事票决", Label: "签到码输错次数上限",
		Help: "代表在手机上输错签到码达到此次数后，须由工作人员登记出席。", Kind: renda.KindInt, Default: 5, Min: 1, Max: 20},
	{Key: "vote.rating_pct", Group: "民生实事票决", Label: "满意度测评：满意所需比例（%）",
		Help: "满意票超过有效票的此比例为“满意”；否则满意与基本满意合计超过此比例为“基本满意”；否则为“不满意”。",
		Kind: renda.KindInt, Default: 50, Min: 1, Max: 99},
}...)

// Ballot modes of a select vote (the API's "mode"; the scheme says the same).
const (
	ModeEach = "each" // 赞成/反对/弃权 on each candidate
	ModeUpTo = "upto" // mark up to N candidates (the others count as abstentions)
)

// Vote statuses.
const (
	Draft  = "draft"
	Open   = "open"
	Closed = "closed"
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
	// ChoiceInvalid counts, in paper totals of a rating, the ballots on
	// which an item was left blank or marked more than once: returned, so
	// in a base of all or present members, but not valid, and never 满意.
	ChoiceInvalid = "invalid"
)

// ChoiceLabel names a choice in Chinese.
func ChoiceLabel(c string) string {
	return map[string]string{ChoiceYes: "赞成", ChoiceNo: "反对", ChoiceAbstain: "弃权",
		ChoiceSatisfied: "满意", ChoiceBasic: "基本满意", ChoiceDissatisfied: "不满意", ChoiceInvalid: "无效（未划或多划）"}[c]
}

// Vote is one secret ballot of a congress: choosing livelihood projects from
// more candidates than will be adopted, or rating last year's projects.
type Vote struct {
	ID          string    `json:"id"`
	CongressID  string    `json:"congress_id"`
	SessionID   string    `json:"session_id,omitempty"`
	Kind        string    `json:"kind"`   // a registered Kind: livelihood, project_rating, …
	Scheme      string    `json:"scheme"` // yes_no_abstain, rating, up_to_n
	Rule        Rule      `json:"rule"`   // the counting rule: base and threshold
	Title       string    `json:"title"`
	Description string    `json:"description,omitempty"`
	Mode        string    `json:"mode"`
	Adopt       int       `json:"adopt"` // N projects to adopt
	Status      string    `json:"status"`
	OpensAt     time.Time `json:"opens_at,omitzero"`
	ClosesAt    time.Time `json:"closes_at,omitzero"`
	CheckinCode string    `json:"-"` // shown in the hall; deputies type it to check in
	Sealed      bool      `json:"sealed"`
	// Named makes the vote open (记名表决): each member's choices are
	// recorded by name for the minutes. A secret vote (the default) links
	// no member to a ballot.
	Named     bool      `json:"named"`
	OpenedAt  time.Time `json:"opened_at,omitzero"`
	ClosedAt  time.Time `json:"closed_at,omitzero"`
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`

	// Roll, when set on creation, is the vote's whole roll (deputy ids):
	// a meeting's members rather than every deputy of the congress.
	Roll []string `json:"-"`

	Candidates   []Candidate `json:"candidates"`
	CongressName string      `json:"congress_name,omitempty"`
	Level        renda.Level `json:"level,omitempty"`
	SessionName  string      `json:"session_name,omitempty"`
}

// Candidate is one item on a vote's ballot: a project for the livelihood
// kinds, whatever entity a later kind registers. Its id is the item's.
type Candidate struct {
	ID       string `json:"id"`
	Entity   string `json:"entity,omitempty"`
	Title    string `json:"title"`
	Position int    `json:"position"`
	Budget   int    `json:"budget"`
	UnitName string `json:"unit_name,omitempty"`
	Target   string `json:"target,omitempty"`
	Summary  string `json:"summary,omitempty"`
	// Href is the item's page, when not a project's (filled by the store's
	// describe of the item's entity).
	Href string `json:"-"`
}

// StatusLabel names the vote's state.
func (v *Vote) StatusLabel() string { return Flow.StateLabel(v.Status) }

// Presidium names who runs the vote and decides what it leaves open: the
// session's presidium at county level; at a township, whose congress has
// no standing committee, its presidium also supervises the projects
// between sessions.
func (v *Vote) Presidium() string {
	if v.Level == renda.LevelTownship {
		return "乡镇人大主席团"
	}
	return "大会主席团"
}

// KindLabel names the vote's kind.
func (v *Vote) KindLabel() string {
	if k, ok := KindOf(v.Kind); ok {
		return k.Label
	}
	return v.Kind
}

// SchemeOf returns the vote's choice scheme: its own, or what its kind and
// mode say (a vote read from an older result has only those).
func (v *Vote) SchemeOf() string {
	if v.Scheme != "" {
		return v.Scheme
	}
	if k, ok := KindOf(v.Kind); ok {
		if v.Mode == ModeUpTo && slices.Contains(k.Schemes, SchemeUpToN) {
			return SchemeUpToN
		}
		return k.Schemes[0]
	}
	if v.Mode == ModeUpTo {
		return SchemeUpToN
	}
	return SchemeYesNoAbstain
}

// Counting says how the vote's result is counted: CountRating for the
// rating scheme, CountSelect otherwise.
func (v *Vote) Counting() string {
	if v.SchemeOf() == SchemeRating {
		return CountRating
	}
	return CountSelect
}

// Rating reports whether the vote grades its items (满意度测评).
func (v *Vote) Rating() bool { return v.Counting() == CountRating }

// Choices lists the choices a ballot of this vote offers.
func (v *Vote) Choices() []string {
	if v.Rating() {
		return []string{ChoiceSatisfied, ChoiceBasic, ChoiceDissatisfied}
	}
	return []string{ChoiceYes, ChoiceNo, ChoiceAbstain}
}

// PaperChoices lists the columns of the paper totals: the choices and, for
// a rating, the invalid marks (an item left blank or marked twice on a
// paper ballot; a phone ballot cannot be either).
func (v *Vote) PaperChoices() []string {
	if v.Rating() {
		return append(v.Choices(), ChoiceInvalid)
	}
	return v.Choices()
}

// Blank is the choice a candidate left unmarked counts as.
func (v *Vote) Blank() string {
	if v.Rating() {
		return "" // a rating ballot must rate every project
	}
	return ChoiceAbstain
}

// Defaults settles a vote's kind (an alias becomes the kind's name), its
// scheme (from the mode, or the kind's first) and, if none was set, its
// counting rule (the kind's, from settings). It does not validate.
func (v *Vote) Defaults(set *renda.Settings) {
	k, ok := KindOf(v.Kind)
	if !ok {
		return
	}
	v.Kind = k.Name
	if v.Scheme == "" || !slices.Contains(k.Schemes, v.Scheme) {
		v.Scheme = ""
		v.Scheme = v.SchemeOf()
	}
	if v.Scheme == SchemeUpToN {
		v.Mode = ModeUpTo
	} else {
		v.Mode = ModeEach
	}
	if v.Rule.Base == "" && v.Rule.Threshold == "" && set != nil {
		v.Rule = k.Rule(set)
	}
}

// Effective returns the vote's status at now, taking its window into
// account: a draft whose window has begun is open, an open vote whose
// window has ended is closed, even before a sweep has recorded it.
func (v *Vote) Effective(now time.Time) string {
	switch v.Status {
	case Draft:
		if !v.OpensAt.IsZero() && !now.Before(v.OpensAt) && (v.ClosesAt.IsZero() || now.Before(v.ClosesAt)) {
			return Open
		}
		if !v.OpensAt.IsZero() && !v.ClosesAt.IsZero() && !now.Before(v.ClosesAt) {
			return Closed
		}
	case Open:
		if !v.ClosesAt.IsZero() && !now.Before(v.ClosesAt) {
			return Closed
		}
	}
	return v.Status
}

// Validate checks a vote's set-up. minExtra is vote.min_extra_candidates.
func (v *Vote) Validate(minExtra int) error {
	var p renda.Problems
	if !renda.ValidID(v.CongressID) {
		p.Add("congress_id", "请选择人大")
	}
	if v.SessionID != "" && !renda.ValidID(v.SessionID) {
		p.Add("session_id", "所选会议不存在")
	}
	v.Title = p.Line("title", "名称", v.Title, true, 100)
	v.Description = p.Text("description", "说明", v.Description, false, 2000)
	p.OneOf("kind", "类型", v.Kind, true, KindNames()...)
	if v.Mode == "" {
		v.Mode = ModeEach
	}
	p.OneOf("mode", "投票方式", v.Mode, true, ModeEach, ModeUpTo)
	k, _ := KindOf(v.Kind)
	if k != nil && v.Scheme != "" {
		p.OneOf("scheme", "投票方式", v.Scheme, true, k.Schemes...)
	}
	if (v.Rule.Base != "" || v.Rule.Threshold != "") && !v.Rule.Valid() {
		p.Add("rule", "表决规则无效：基数应为 all、present 或 valid，通过线应为 half、at_least_half 或 two_thirds")
	}
	if v.Rating() {
		v.Mode, v.Adopt = ModeEach, 0
		if len(v.Candidates) == 0 {
			p.Add("candidates", "请至少选择一个测评项目")
		}
	} else if k != nil && k.Adopts {
		if v.Adopt < 1 {
			p.Add("adopt", "拟选项目数至少为 1")
		} else if len(v.Candidates) < v.Adopt+minExtra {
			p.Add("candidates", "差额票决：候选项目须至少 %d 个（拟选 %d 个，至少多 %d 个），现在 %d 个", v.Adopt+minExtra, v.Adopt, minExtra, len(v.Candidates))
		}
	}
	seen := map[string]bool{}
	for _, c := range v.Candidates {
		if !renda.ValidID(c.ID) || seen[c.ID] {
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
// with the blank choice. It returns an renda.EINVALID error saying what is wrong.
func (v *Vote) Normalize(b Ballot) (Ballot, error) {
	var p renda.Problems
	ids := map[string]bool{}
	for _, c := range v.Candidates {
		ids[c.ID] = true
	}
	allowed := v.Choices()
	out := Ballot{}
	for id, c := range b {
		if !ids[id] {
			p.Add("choices", "候选项目“%s”不在本次表决中", cut(id, 30))
			continue
		}
		if !slices.Contains(allowed, c) {
			p.Add("choices", "选项“%s”无效，应为 %s", cut(c, 20), strings.Join(allowed, "、"))
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
	if v.SchemeOf() == SchemeUpToN {
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
	t := strings.ToUpper(renda.RandomToken(12))
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

// ValidatePaper checks paper totals against the vote: every candidate's
// counts (with a rating's invalid marks) add up to the number of ballots,
// which may not exceed the paper voters.
func (v *Vote) ValidatePaper(t *PaperTotals, paperVoters int) error {
	var p renda.Problems
	if t.Ballots < 0 || t.Ballots > paperVoters {
		p.Add("ballots", "纸质票数应在 0 到 %d（已登记纸质投票的代表人数）之间", paperVoters)
	}
	for id, m := range t.Counts {
		for ch := range m {
			if !slices.Contains(v.PaperChoices(), ch) {
				p.Add("c_"+cut(id, 30)+"_"+cut(ch, 20), "选项“%s”不能录入", cut(ch, 20))
			}
		}
	}
	for _, c := range v.Candidates {
		sum := 0
		for _, ch := range v.PaperChoices() {
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
	Paper   map[string]int `json:"paper,omitempty"` // of Counts, from paper totals
	// Invalid are the paper ballots on which this item was left blank or
	// marked twice (a rating): counted in Ballots, never valid.
	Invalid int `json:"invalid,omitempty"`
	// Base and Needed of this item, for a rating graded by rule (a base of
	// valid ballots leaves out the item's invalid marks).
	Base    int    `json:"base,omitempty"`
	Needed  int    `json:"needed,omitempty"`
	Decided string `json:"decided,omitempty"` // the presidium's decision, if any
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
	// The engine's names for what Kind ("select"/"rating": how it was
	// counted) and Rules say.
	BallotKind string `json:"ballot_kind,omitempty"`
	Scheme     string `json:"scheme,omitempty"`
}

// AnyInvalid reports whether any item has invalid marks (paper ratings).
func (r *Result) AnyInvalid() bool {
	return slices.ContainsFunc(r.Items, func(t Tally) bool { return t.Invalid > 0 })
}

// ResultRules are the settings a result is computed with.
type ResultRules struct {
	AdoptPct  int  `json:"adopt_pct"`
	BaseAll   bool `json:"base_all"`
	RatingPct int  `json:"rating_pct"`
	// Rule is the vote's counting rule; without one (older results) the
	// rule is more than AdoptPct% of the members present (of all, BaseAll).
	Rule *Rule `json:"rule,omitempty"`
}

// rule returns the counting rule of a select vote.
func (r ResultRules) rule() Rule {
	if r.Rule != nil && r.Rule.Valid() {
		return *r.Rule
	}
	base := BasePresent
	if r.BaseAll {
		base = BaseAll
	}
	return Rule{Base: base, Threshold: ThresholdHalf, Pct: r.AdoptPct}
}

// RulesFrom reads the result rules from settings.
func RulesFrom(s *renda.Settings) ResultRules {
	return ResultRules{AdoptPct: s.Int("vote.adopt_pct"), BaseAll: s.Bool("vote.base_all_deputies"), RatingPct: s.Int("vote.rating_pct")}
}

// ComputeResult counts ballots (and confirmed paper totals) into a result.
// A select vote adopts, in order of 赞成 votes, up to N candidates whose
// 赞成 votes exceed AdoptPct% of the base; a tie at the boundary and fewer
// than N passing are reported for the presidium. A rating vote grades
// each project by §3's rule.
func ComputeResult(v *Vote, ballots []Ballot, paper *PaperTotals, eligible, members int, r ResultRules) *Result {
	if v.Rule.Valid() {
		rule := v.Rule
		r.Rule = &rule
	}
	res := &Result{VoteID: v.ID, Kind: v.Counting(), Adopt: v.Adopt, Eligible: eligible, Members: members, Electronic: len(ballots), Rules: r,
		Scheme: v.SchemeOf()}
	if k, ok := KindOf(v.Kind); ok {
		res.BallotKind = k.Name
	}
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
		t := Tally{ID: c.ID, Title: c.Title, Counts: m, Yes: m[ChoiceYes], No: m[ChoiceNo], Abstain: m[ChoiceAbstain], Invalid: m[ChoiceInvalid]}
		if res.Paper > 0 {
			t.Paper = paper.Counts[c.ID]
		}
		res.Items = append(res.Items, t)
	}
	if k, ok := KindOf(v.Kind); ok && k.GradeByRule && v.Rating() && v.Rule.Valid() {
		res.Base = v.Rule.BaseOf(members, eligible, res.Ballots)
		res.Needed = v.Rule.Needed(res.Base)
		for i := range res.Items {
			t := &res.Items[i]
			// Invalid marks stay in a base of all or present members (they
			// are not 满意) and leave a base of valid ballots.
			t.Base = v.Rule.BaseOf(members, eligible, res.Ballots-t.Invalid)
			t.Needed = max(v.Rule.Needed(t.Base), 1) // nothing passes on no votes
			t.Grade = RuleGrade(t.Counts[ChoiceSatisfied], t.Counts[ChoiceBasic], t.Needed, res.Ballots)
			t.Passed = t.Grade != "" && t.Grade != "不满意"
			if i == 0 {
				res.Base, res.Needed = t.Base, t.Needed
			}
		}
		return res
	}
	if v.Rating() {
		for i := range res.Items {
			t := &res.Items[i]
			t.Grade = RatingGrade(t.Counts[ChoiceSatisfied], t.Counts[ChoiceBasic], res.Ballots-t.Invalid, r.RatingPct)
		}
		return res
	}
	rule := r.rule()
	res.Base = rule.BaseOf(members, eligible, res.Ballots)
	res.Needed = rule.Needed(res.Base)
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
	if v.Adopt == 0 { // each item passes or fails on its own
		for _, i := range passed {
			res.Items[i].Adopted = true
		}
		return res
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

// BaseOf returns the number the rule's threshold is a share of: all
// members on the roll, those present, or the valid ballots.
func (r Rule) BaseOf(members, present, ballots int) int {
	switch r.Base {
	case BaseAll:
		return members
	case BaseValid:
		return ballots
	}
	return present
}

// RuleGrade grades a rated item by a counting rule (kinds with
// GradeByRule): 满意 if its satisfied votes reach needed; else 基本满意 if
// satisfied and basically satisfied together do; else 不满意. No ballots, no
// grade.
func RuleGrade(satisfied, basic, needed, ballots int) string {
	switch {
	case ballots == 0:
		return ""
	case satisfied >= needed:
		return "满意"
	case satisfied+basic >= needed:
		return "基本满意"
	}
	return "不满意"
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

// Filter selects votes.
type Filter struct {
	Status     string
	CongressID string
	Kind       string
	Year       int // only the votes opened (held) in this year, China time
	Limit      int
	Offset     int
	// Scoped limits the votes of kinds whose workflow hides them (a
	// meeting's votes until it is published) to what Viewer may see.
	Scoped bool
	Viewer *renda.User
}

// cut shortens s to n runes for a message.
func cut(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n]) + "…"
}

// HasCandidate reports whether id is one of the vote's items.
func (v *Vote) HasCandidate(id string) bool {
	for _, c := range v.Candidates {
		if c.ID == id {
			return true
		}
	}
	return false
}
