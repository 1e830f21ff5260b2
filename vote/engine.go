package vote

import (
	"fmt"
	"slices"
	"sort"
	"sync"

	"renda"
)

// Choice schemes: what a ballot lets the voter mark on each item.
const (
	SchemeYesNoAbstain = "yes_no_abstain" // 赞成/反对/弃权 on each item
	SchemeRating       = "rating"         // 满意/基本满意/不满意 on each item
	SchemeUpToN        = "up_to_n"        // mark up to N of the M items (the others count as abstentions)
)

// Schemes are the choice schemes, in the order forms offer them.
var Schemes = []string{SchemeYesNoAbstain, SchemeRating, SchemeUpToN}

// SchemeLabel names a scheme in Chinese.
func SchemeLabel(s string) string {
	return map[string]string{SchemeYesNoAbstain: "赞成/反对/弃权", SchemeRating: "满意/基本满意/不满意", SchemeUpToN: "限选（最多选 N 项）"}[s]
}

// How a result is counted: "select" adopts up to N items whose 赞成 votes
// reach the rule's threshold (yes/no/abstain and up-to-N schemes); "rating"
// grades each item (the rating scheme).
const (
	CountSelect = "select"
	CountRating = "rating"
)

// Bases of a counting rule: what the threshold is a share of.
const (
	BaseAll     = "all"     // all members on the roll
	BasePresent = "present" // members present (entitled to vote)
	BaseValid   = "valid"   // valid ballots returned
)

// Thresholds of a counting rule.
const (
	ThresholdHalf        = "half"          // more than half (more than Pct% when Pct is set)
	ThresholdAtLeastHalf = "at_least_half" // at least half
	ThresholdTwoThirds   = "two_thirds"    // more than two thirds
)

// Rule is a vote's counting rule: the base and the threshold an item's
// 赞成 votes (满意 votes, for a rating) must reach. Pct refines "half" to
// "more than Pct%" where a deployment's setting says so (vote.adopt_pct;
// 0 or 50 is more than half).
type Rule struct {
	Base      string `json:"base"`
	Threshold string `json:"threshold"`
	Pct       int    `json:"pct,omitempty"`
}

// Needed returns how many votes of base pass the rule.
func (r Rule) Needed(base int) int {
	switch r.Threshold {
	case ThresholdAtLeastHalf:
		return (base + 1) / 2
	case ThresholdTwoThirds:
		return base*2/3 + 1
	}
	pct := r.Pct
	if pct == 0 {
		pct = 50
	}
	return base*pct/100 + 1 // strictly more than pct%
}

// Label says the rule in Chinese, e.g. 出席代表过半数.
func (r Rule) Label() string {
	base := map[string]string{BaseAll: "全体组成人员", BasePresent: "出席代表", BaseValid: "有效票"}[r.Base]
	switch r.Threshold {
	case ThresholdAtLeastHalf:
		return base + "半数以上（含半数）"
	case ThresholdTwoThirds:
		return base + "三分之二以上"
	}
	if r.Pct != 0 && r.Pct != 50 {
		return fmt.Sprintf("%s的 %d%% 以上", base, r.Pct)
	}
	return base + "过半数"
}

// Valid reports whether the rule names a known base and threshold.
func (r Rule) Valid() bool {
	return slices.Contains([]string{BaseAll, BasePresent, BaseValid}, r.Base) &&
		slices.Contains([]string{ThresholdHalf, ThresholdAtLeastHalf, ThresholdTwoThirds}, r.Threshold)
}

// Preset is a named counting rule a vote can be set up with.
type Preset struct {
	Name  string
	Label string
	Rule  Rule
}

// Presets are the counting rules offered when a vote is set up.
var Presets = []Preset{
	{"present_half", "出席代表过半数", Rule{BasePresent, ThresholdHalf, 0}},
	{"all_half", "全体组成人员过半数", Rule{BaseAll, ThresholdHalf, 0}},
	{"valid_half", "有效票过半数", Rule{BaseValid, ThresholdHalf, 0}},
	{"present_at_least_half", "出席代表半数以上", Rule{BasePresent, ThresholdAtLeastHalf, 0}},
	{"all_two_thirds", "全体组成人员三分之二以上", Rule{BaseAll, ThresholdTwoThirds, 0}},
	{"present_two_thirds", "出席代表三分之二以上", Rule{BasePresent, ThresholdTwoThirds, 0}},
}

// PresetRule returns the rule of the preset called name.
func PresetRule(name string) (Rule, bool) {
	for _, p := range Presets {
		if p.Name == name {
			return p.Rule, true
		}
	}
	return Rule{}, false
}

// Kind is one kind of vote, registered by the workflow whose items it is
// about: the entity of its items, its choice schemes (the first is the
// default), its default counting rule, and how it names things.
type Kind struct {
	Name   string // "livelihood", "project_rating", "evaluation", …
	Label  string // 项目票决
	Entity string // the audit entity of its items, e.g. "project"
	// Schemes the kind allows; the first is the default.
	Schemes []string
	// Rule returns the default counting rule from the deployment's settings.
	Rule func(*renda.Settings) Rule
	// ItemLabel names one item on a ballot (候选项目, 测评对象, 被提名人…).
	ItemLabel string
	// Adopts: the vote chooses N of its items (差额), else each item is
	// passed or graded on its own.
	Adopts bool
	// Alias is the kind's older name, still accepted on input ("select").
	Alias string
	// Voters: the ballots are cast by voters, not deputies — no roll of
	// deputies; each voter rates once with a one-time code sent by SMS to
	// their phone (vote_codes), no account (e.g. duty_report: 述职测评).
	Voters bool
	// Members: with Voters, the raters are the standing committee's members
	// (leader accounts), each once, signed in — no code (e.g. a higher-level
	// deputy's report to the county committee that elected them).
	Members bool
}

var (
	kindsMu sync.RWMutex
	kinds   = map[string]*Kind{}
)

// RegisterKind makes a kind of vote known to the engine. A workflow that
// needs a secret ballot calls it from a package-level var.
func RegisterKind(k Kind) *Kind {
	if k.Name == "" || k.Entity == "" || len(k.Schemes) == 0 || k.Rule == nil {
		panic("vote: a kind needs a name, an entity, a scheme and a rule")
	}
	kindsMu.Lock()
	defer kindsMu.Unlock()
	if _, dup := kinds[k.Name]; dup {
		panic("vote: kind registered twice: " + k.Name)
	}
	kinds[k.Name] = &k
	return &k
}

// KindOf returns a registered kind by its name or alias.
func KindOf(name string) (*Kind, bool) {
	kindsMu.RLock()
	defer kindsMu.RUnlock()
	if k, ok := kinds[name]; ok {
		return k, true
	}
	for _, k := range kinds {
		if k.Alias != "" && k.Alias == name {
			return k, true
		}
	}
	return nil, false
}

// Kinds lists the registered kinds by name.
func Kinds() []*Kind {
	kindsMu.RLock()
	defer kindsMu.RUnlock()
	var out []*Kind
	for _, k := range kinds {
		out = append(out, k)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

// KindNames lists the names (and aliases) a kind may be given by on input.
func KindNames() []string {
	var out []string
	for _, k := range Kinds() {
		out = append(out, k.Name)
		if k.Alias != "" {
			out = append(out, k.Alias)
		}
	}
	return out
}

// The kinds of the livelihood-projects workflow (民生实事项目票决, 满意度测评).
const (
	Livelihood    = "livelihood"
	ProjectRating = "project_rating"
)

var (
	_ = RegisterKind(Kind{Name: Livelihood, Label: "项目票决", Entity: "project", ItemLabel: "候选项目", Adopts: true, Alias: "select",
		Schemes: []string{SchemeYesNoAbstain, SchemeUpToN},
		Rule: func(s *renda.Settings) Rule {
			r := Rule{Base: BasePresent, Threshold: ThresholdHalf, Pct: s.Int("vote.adopt_pct")}
			if s.Bool("vote.base_all_deputies") {
				r.Base = BaseAll
			}
			return r
		}})
	_ = RegisterKind(Kind{Name: ProjectRating, Label: "满意度测评", Entity: "project", ItemLabel: "测评项目", Alias: "rating",
		Schemes: []string{SchemeRating},
		Rule: func(s *renda.Settings) Rule {
			return Rule{Base: BaseValid, Threshold: ThresholdHalf, Pct: s.Int("vote.rating_pct")}
		}})
)
