package vote

import (
	"testing"
	"time"

	"renda"
)

// A kind graded by rule, as supervision registers its evaluations.
var _ = RegisterKind(Kind{Name: "test_graded", Label: "测评", Entity: "test", Schemes: []string{SchemeRating}, GradeByRule: true,
	Rule: func(*renda.Settings) Rule { return Rule{BaseAll, ThresholdAtLeastHalf, 0} }})

// TestPaperInvalidMarks: paper totals of a rating record the ballots on
// which an item was left blank or marked twice; they must add up with the
// choices, and the verdict counts them per the rule's base — in a base of
// all members (or those present) they are ballots that are not 满意, in a
// base of valid ballots they are left out. Boundary counts on either side.
func TestPaperInvalidMarks(t *testing.T) {
	const a = "01jcand00000000000000000aa"
	paper := func(ballots, sat, basic, dis, inv int) *PaperTotals {
		return &PaperTotals{Ballots: ballots, ConfirmedBy: "u2", ConfirmedAt: time.Now(),
			Counts: map[string]map[string]int{a: {ChoiceSatisfied: sat, ChoiceBasic: basic, ChoiceDissatisfied: dis, ChoiceInvalid: inv}}}
	}
	for _, tc := range []struct {
		name                 string
		rule                 Rule
		members, present     int
		sat, basic, dis, inv int // all on paper
		base, needed         int
		grade                string
	}{
		// 监督: 满意 if 满意 ≥ half of all 29 members (15).
		{"29 members, 15 满意, 2 invalid", Rule{BaseAll, ThresholdAtLeastHalf, 0}, 29, 29, 15, 5, 7, 2, 29, 15, "满意"},
		{"29 members, 14 满意, 1 invalid", Rule{BaseAll, ThresholdAtLeastHalf, 0}, 29, 29, 14, 6, 8, 1, 29, 15, "基本满意"},
		{"29 members, 14 满意 + 1 基本满意, 14 invalid", Rule{BaseAll, ThresholdAtLeastHalf, 0}, 29, 29, 14, 1, 0, 14, 29, 15, "基本满意"},
		{"29 members, 10 + 4, 15 invalid", Rule{BaseAll, ThresholdAtLeastHalf, 0}, 29, 29, 10, 4, 0, 15, 29, 15, "不满意"},
		// Present members: 25 present, more than half is 13; invalid ballots stay in the base.
		{"25 present, 13 满意, 12 invalid", Rule{BasePresent, ThresholdHalf, 0}, 29, 25, 13, 0, 0, 12, 25, 13, "满意"},
		{"25 present, 12 满意 + 1 基本满意, 12 invalid", Rule{BasePresent, ThresholdHalf, 0}, 29, 25, 12, 1, 0, 12, 25, 13, "基本满意"},
		// 两官评议: pass if 满意+基本满意 > 2/3 of the valid ballots: 30 returned, 3 invalid → 27 valid, 19 needed.
		{"30 ballots, 3 invalid, 19 满意", Rule{BaseValid, ThresholdTwoThirds, 0}, 29, 30, 19, 2, 6, 3, 27, 19, "满意"},
		{"30 ballots, 3 invalid, 10 + 9 pass", Rule{BaseValid, ThresholdTwoThirds, 0}, 29, 30, 10, 9, 8, 3, 27, 19, "基本满意"},
		{"30 ballots, 3 invalid, 10 + 8 fail", Rule{BaseValid, ThresholdTwoThirds, 0}, 29, 30, 10, 8, 9, 3, 27, 19, "不满意"},
		// Had the 3 invalid counted in the base (30), 19 would not pass (21 needed).
		{"30 ballots, none invalid, 19 pass", Rule{BaseValid, ThresholdTwoThirds, 0}, 29, 30, 10, 9, 11, 0, 30, 21, "不满意"},
		// Every ballot invalid: nothing passes on no votes.
		{"all invalid, base valid", Rule{BaseValid, ThresholdAtLeastHalf, 0}, 29, 29, 0, 0, 0, 29, 0, 1, "不满意"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			v := &Vote{ID: "01jvote00000000000000000000", Kind: "test_graded", Scheme: SchemeRating, Rule: tc.rule, Candidates: []Candidate{{ID: a, Title: "评议对象"}}}
			p := paper(tc.sat+tc.basic+tc.dis+tc.inv, tc.sat, tc.basic, tc.dis, tc.inv)
			if err := v.ValidatePaper(p, 40); err != nil {
				t.Fatalf("valid paper totals refused: %v", err)
			}
			res := ComputeResult(v, nil, p, tc.present, tc.members, ResultRules{})
			it := res.Items[0]
			if it.Invalid != tc.inv || it.Base != tc.base || it.Needed != tc.needed || it.Grade != tc.grade {
				t.Errorf("invalid %d, base %d, needed %d, grade %s; want %d, %d, %d, %s", it.Invalid, it.Base, it.Needed, it.Grade, tc.inv, tc.base, tc.needed, tc.grade)
			}
			if res.Ballots != p.Ballots || res.Needed != it.Needed || !res.AnyInvalid() == (tc.inv > 0) {
				t.Errorf("result ballots %d needed %d invalid %v", res.Ballots, res.Needed, res.AnyInvalid())
			}
		})
	}
	v := &Vote{Kind: "test_graded", Scheme: SchemeRating, Rule: Rule{BaseAll, ThresholdAtLeastHalf, 0}, Candidates: []Candidate{{ID: a, Title: "评议对象"}}}
	if got := v.PaperChoices(); len(got) != 4 || got[3] != ChoiceInvalid {
		t.Errorf("paper columns %v", got)
	}
	// The invalid marks count in the sum: 10 ballots, 9 marked, 1 invalid.
	if err := v.ValidatePaper(paper(10, 5, 2, 2, 0), 10); err == nil {
		t.Errorf("a sum short of the ballots (the invalid one left out) passed")
	}
	if err := v.ValidatePaper(paper(10, 5, 2, 2, 1), 10); err != nil {
		t.Errorf("10 = 5 + 2 + 2 + 1 invalid: %v", err)
	}
	// A yes/no/abstain vote has no invalid column: a blank is an abstention.
	sel := testVote(3, 1)
	if len(sel.PaperChoices()) != 3 {
		t.Errorf("select paper columns %v", sel.PaperChoices())
	}
	bad := &PaperTotals{Ballots: 1, Counts: map[string]map[string]int{sel.Candidates[0].ID: {ChoiceYes: 0, ChoiceInvalid: 1}}}
	if err := sel.ValidatePaper(bad, 5); err == nil {
		t.Errorf("invalid marks on a yes/no/abstain vote passed")
	}
}
