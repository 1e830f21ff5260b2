package supervision

import (
	"slices"
	"testing"

	"renda"
	"renda/vote"
)

// TestVerdictRuleBoundaries grades an evaluation with 29 members by the
// default rule (满意 if 满意 ≥ half of all members) and the other presets.
func TestVerdictRuleBoundaries(t *testing.T) {
	def := EvaluationRule(renda.NewSettings(nil))
	if def.Base != vote.BaseAll || def.Threshold != vote.ThresholdAtLeastHalf {
		t.Fatalf("default rule %+v", def)
	}
	cases := []struct {
		rule                            vote.Rule
		members, present, sat, basic, n int
		want                            string
	}{
		// 29 members: half is 14.5, so 15 satisfied are needed.
		{def, 29, 29, 15, 0, 29, Satisfied},
		{def, 29, 29, 14, 0, 29, Dissatisfied},
		{def, 29, 29, 14, 1, 29, Basic},
		{def, 29, 29, 7, 7, 29, Dissatisfied},
		{def, 29, 29, 7, 8, 29, Basic},
		// 30 members: exactly half (15) is enough under "at least half".
		{def, 30, 30, 15, 0, 30, Satisfied},
		{def, 30, 30, 14, 0, 30, Dissatisfied},
		// All members is the base, not those present: 25 of 29 present, 14 satisfied is not half of 29.
		{def, 29, 25, 14, 0, 25, Dissatisfied},
		// 全体组成人员过半数: 30 members need 16.
		{vote.Rule{Base: vote.BaseAll, Threshold: vote.ThresholdHalf}, 30, 30, 15, 0, 30, Dissatisfied},
		{vote.Rule{Base: vote.BaseAll, Threshold: vote.ThresholdHalf}, 30, 30, 16, 0, 30, Satisfied},
		// 有效票三分之二以上 (两官评议's rule): 27 ballots need 19.
		{vote.Rule{Base: vote.BaseValid, Threshold: vote.ThresholdTwoThirds}, 29, 27, 10, 8, 27, Dissatisfied},
		{vote.Rule{Base: vote.BaseValid, Threshold: vote.ThresholdTwoThirds}, 29, 27, 10, 9, 27, Basic},
	}
	for _, c := range cases {
		v := &vote.Vote{ID: "v", Kind: VoteEvaluation, Scheme: vote.SchemeRating, Rule: c.rule, Candidates: []vote.Candidate{{ID: "i", Title: "评议"}}}
		var ballots []vote.Ballot
		for k := 0; k < c.n; k++ {
			ch := vote.ChoiceDissatisfied
			switch {
			case k < c.sat:
				ch = vote.ChoiceSatisfied
			case k < c.sat+c.basic:
				ch = vote.ChoiceBasic
			}
			ballots = append(ballots, vote.Ballot{"i": ch})
		}
		res := vote.ComputeResult(v, ballots, nil, c.present, c.members, vote.RulesFrom(renda.NewSettings(nil)))
		if got := res.Items[0].Grade; got != c.want {
			t.Errorf("%s, %d members, %d present, %d 满意 %d 基本满意 of %d: %s, want %s (needed %d)", c.rule.Label(), c.members, c.present, c.sat, c.basic, c.n, got, c.want, res.Needed)
		}
	}
	// A rating ballot must mark the item once: blank is refused.
	v := &vote.Vote{ID: "v", Kind: VoteEvaluation, Scheme: vote.SchemeRating, Rule: def, Candidates: []vote.Candidate{{ID: "i", Title: "评议"}}}
	if _, err := v.Normalize(vote.Ballot{}); renda.ErrorCode(err) != renda.EINVALID {
		t.Errorf("blank ballot: %v", err)
	}
	if _, err := v.Normalize(vote.Ballot{"i": "satisfied,basic"}); renda.ErrorCode(err) != renda.EINVALID {
		t.Errorf("two marks: %v", err)
	}
}

// TestDrawReproducible: the same pool, count and seed give the same names;
// another seed another draw; the names are the pool's, without repeats.
func TestDrawReproducible(t *testing.T) {
	pool := []string{"张三", "李四", "王五", "赵六", "钱七", "孙八", "周九", "吴十", "郑十一", "冯十二"}
	a := Draw(pool, 4, "2024-07-01 常宁市人大常委会")
	b := Draw(slices.Clone(pool), 4, "2024-07-01 常宁市人大常委会")
	if !slices.Equal(a, b) || len(a) != 4 {
		t.Fatalf("draws differ: %v %v", a, b)
	}
	seen := map[string]bool{}
	for _, n := range a {
		if !slices.Contains(pool, n) || seen[n] {
			t.Fatalf("bad draw %v", a)
		}
		seen[n] = true
	}
	if c := Draw(pool, 4, "another seed"); slices.Equal(a, c) {
		t.Errorf("another seed gives the same draw %v", c)
	}
	// Pinned: the documented algorithm must keep giving this draw.
	// (An independent implementation of the documented steps in another
	// language gives the same.)
	if got := Draw([]string{"a", "b", "c", "d", "e"}, 3, "seed"); !slices.Equal(got, []string{"c", "a", "e"}) {
		t.Errorf("Draw(a…e, 3, \"seed\") = %v, want [c a e]", got)
	}
	if got := Draw(pool, 20, "x"); len(got) != len(pool) {
		t.Errorf("count over the pool: %d names", len(got))
	}
}
