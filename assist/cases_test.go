package assist

import (
	"testing"
)

func TestSamePlace(t *testing.T) {
	for _, c := range []struct {
		a, b []string
		want bool
	}{
		{nil, nil, true},
		{[]string{"塔山瑶族乡"}, []string{"塔山瑶族乡", "狮园村"}, true}, // the township says nothing
		{[]string{"狮园村"}, []string{"敖头村"}, false},
		{[]string{"狮园村", "敖头村"}, []string{"敖头村"}, true},
		{[]string{"狮园村"}, nil, true},
	} {
		if got := SamePlace(c.a, c.b, "塔山瑶族乡"); got != c.want {
			t.Errorf("SamePlace(%v, %v) = %v", c.a, c.b, got)
		}
	}
}

func TestEvalNearDup(t *testing.T) {
	msgs := []Message{
		{ID: "1", Subject: "丽发新城旁搅拌站噪音扰民", Detail: "小区旁边建了搅拌站，噪音和灰尘很大"},
		{ID: "2", Subject: "丽发新城附近搅拌站噪音", Detail: "搅拌站噪音灰尘严重影响小区居民"},
		{ID: "3", Subject: "德雅路破烂不堪", Detail: "德雅路没有人行道也没有路灯"},
		{ID: "4", Subject: "公积金贷款政策咨询", Detail: "首套房商业贷款后能否用公积金"},
	}
	pairs := []Pair{{"1", "2", true}, {"1", "3", false}, {"3", "4", false}}
	res, err := EvalNearDup(msgs, pairs, 0.3)
	if err != nil {
		t.Fatal(err)
	}
	if res.Pairs != 3 || res.Positives != 1 || res.At.Precision != 1 || res.At.Recall != 1 {
		t.Fatalf("%+v", res)
	}
	if _, err := EvalNearDup(msgs, []Pair{{"1", "9", true}}, 0.3); err == nil {
		t.Error("a pair naming an unknown message is accepted")
	}
}
