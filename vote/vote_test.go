package vote

import (
	"renda"
	"strings"
	"testing"
	"time"
)

func testVote(n, adopt int) *Vote {
	v := &Vote{ID: "01jvote00000000000000000000", Kind: Livelihood, Mode: ModeEach, Adopt: adopt, CongressID: "01jcongress000000000000000", Title: "票决"}
	for i := range n {
		v.Candidates = append(v.Candidates, Candidate{ID: "01jcand0000000000000000" + string(rune('a'+i)), Title: "项目" + string(rune('A'+i))})
	}
	return v
}

func TestVoteValidateDifferential(t *testing.T) {
	for _, tc := range []struct {
		m, n, extra int
		ok          bool
	}{{3, 2, 1, true}, {2, 2, 1, false}, {15, 10, 1, true}, {11, 10, 2, false}, {12, 10, 2, true}, {3, 0, 1, false}} {
		v := testVote(tc.m, tc.n)
		err := v.Validate(tc.extra)
		if (err == nil) != tc.ok {
			t.Errorf("M=%d N=%d extra=%d: err=%v, want ok=%v", tc.m, tc.n, tc.extra, err, tc.ok)
		}
	}
	v := testVote(3, 1)
	v.Candidates[2].ID = v.Candidates[0].ID
	if err := v.Validate(1); err == nil {
		t.Error("duplicate candidate accepted")
	}
}

func TestBallotNormalize(t *testing.T) {
	v := testVote(3, 2)
	a, b, c := v.Candidates[0].ID, v.Candidates[1].ID, v.Candidates[2].ID
	got, err := v.Normalize(Ballot{a: "yes", b: "no"})
	if err != nil || got[c] != ChoiceAbstain || got[a] != "yes" {
		t.Fatalf("normalize = %v, %v", got, err)
	}
	for name, bad := range map[string]Ballot{
		"unknown candidate": {"01jzzzzzzzzzzzzzzzzzzzzzzz": "yes"},
		"bad choice":        {a: "maybe"},
		"rating choice":     {a: ChoiceSatisfied},
	} {
		if _, err := v.Normalize(bad); renda.ErrorCode(err) != renda.EINVALID {
			t.Errorf("%s: err = %v, want invalid", name, err)
		}
	}
	v.Mode = ModeUpTo
	if _, err := v.Normalize(Ballot{a: "yes", b: "yes", c: "yes"}); renda.ErrorCode(err) != renda.EINVALID {
		t.Errorf("3 marks on an up-to-2 ballot accepted: %v", err)
	}
	if _, err := v.Normalize(Ballot{a: "no"}); renda.ErrorCode(err) != renda.EINVALID {
		t.Errorf("a 'no' on an up-to ballot accepted: %v", err)
	}
	if got, err := v.Normalize(Ballot{a: "yes", b: "yes"}); err != nil || got[c] != ChoiceAbstain {
		t.Errorf("up-to ballot: %v, %v", got, err)
	}
	r := testVote(2, 0)
	r.Kind = ProjectRating
	if _, err := r.Normalize(Ballot{r.Candidates[0].ID: ChoiceSatisfied}); renda.ErrorCode(err) != renda.EINVALID {
		t.Errorf("a rating ballot must rate every project: %v", err)
	}
	if enc := (Ballot{b: "no", a: "yes"}).Encode(); !strings.HasPrefix(enc, `{"`+a) {
		t.Errorf("encoding not sorted: %s", enc)
	}
}

func TestComputeResult(t *testing.T) {
	v := testVote(4, 2)
	id := func(i int) string { return v.Candidates[i].ID }
	ballots := func(yes ...int) []Ballot { // yes[i] = number of yes for candidate i; 10 ballots
		var out []Ballot
		for k := range 10 {
			b := Ballot{}
			for i, n := range yes {
				if k < n {
					b[id(i)] = ChoiceYes
				} else {
					b[id(i)] = ChoiceNo
				}
			}
			out = append(out, b)
		}
		return out
	}
	rules := ResultRules{AdoptPct: 50, RatingPct: 50}
	// 10 eligible: passing needs 6.
	res := ComputeResult(v, ballots(9, 7, 6, 3), nil, 10, 12, rules)
	if res.Needed != 6 || !res.Items[0].Adopted || !res.Items[1].Adopted || res.Items[2].Adopted || !res.Items[2].Passed || res.Ties || res.TooFew {
		t.Errorf("plain result: %+v", res)
	}
	if res.Items[0].Rank != 1 || res.Items[3].Rank != 4 || res.Items[0].Yes != 9 || res.Items[3].No != 7 {
		t.Errorf("ranks/counts: %+v", res.Items)
	}
	// A tie across the boundary goes to the presidium.
	res = ComputeResult(v, ballots(9, 7, 7, 3), nil, 10, 12, rules)
	if !res.Ties || !res.Items[0].Adopted || res.Items[1].Adopted || !res.Items[1].Tie || !res.Items[2].Tie || len(res.Notes) == 0 {
		t.Errorf("tie: %+v", res)
	}
	// Too few pass.
	res = ComputeResult(v, ballots(9, 5, 5, 3), nil, 10, 12, rules)
	if !res.TooFew || !res.Items[0].Adopted || res.Items[1].Adopted {
		t.Errorf("too few: %+v", res)
	}
	// Exactly half is not more than half.
	res = ComputeResult(v, ballots(5, 5, 1, 1), nil, 10, 12, rules)
	if res.Items[0].Passed {
		t.Errorf("5 of 10 passed")
	}
	// The base can be all deputies on the roll.
	res = ComputeResult(v, ballots(6, 6, 1, 1), nil, 10, 12, ResultRules{AdoptPct: 50, BaseAll: true})
	if res.Needed != 7 || res.Items[0].Passed {
		t.Errorf("base all: %+v", res)
	}
	// Confirmed paper totals count; unconfirmed do not.
	paper := &PaperTotals{Ballots: 2, Counts: map[string]map[string]int{id(3): {"yes": 2}, id(0): {"no": 2}}}
	res = ComputeResult(v, ballots(9, 7, 6, 4), paper, 12, 12, rules)
	if res.Paper != 0 || res.Items[3].Yes != 4 {
		t.Errorf("unconfirmed paper counted: %+v", res)
	}
	paper.ConfirmedBy = "x"
	res = ComputeResult(v, ballots(9, 7, 6, 4), paper, 12, 12, rules)
	if res.Paper != 2 || res.Ballots != 12 || res.Items[3].Yes != 6 || res.Items[0].No != 3 {
		t.Errorf("paper: %+v", res)
	}
}

func TestRatingGrade(t *testing.T) {
	for _, tc := range []struct {
		s, b, n int
		want    string
	}{{6, 0, 10, "满意"}, {5, 1, 10, "基本满意"}, {5, 0, 10, "不满意"}, {0, 0, 0, ""}, {51, 30, 100, "满意"}} {
		if got := RatingGrade(tc.s, tc.b, tc.n, 50); got != tc.want {
			t.Errorf("RatingGrade(%d,%d,%d) = %q, want %q", tc.s, tc.b, tc.n, got, tc.want)
		}
	}
}

func TestVoteEffective(t *testing.T) {
	at := time.Date(2024, 1, 23, 9, 0, 0, 0, renda.CST)
	v := &Vote{Status: Draft, OpensAt: at, ClosesAt: at.Add(time.Hour)}
	for _, tc := range []struct {
		now  time.Time
		want string
	}{{at.Add(-time.Minute), Draft}, {at, Open}, {at.Add(time.Hour), Closed}} {
		if got := v.Effective(tc.now); got != tc.want {
			t.Errorf("at %v: %s, want %s", tc.now, got, tc.want)
		}
	}
}

func TestReceiptsAreRandom(t *testing.T) {
	seen := map[string]bool{}
	for range 2000 {
		r := NewReceipt()
		if len(r) != 14 || r[4] != '-' || seen[r] {
			t.Fatalf("bad or repeated receipt %q", r)
		}
		seen[r] = true
	}
}
