package meeting

import "testing"

// TestSessionQuorumBoundary: a people's congress needs two thirds or more
// of ALL its deputies — for every size, the least number k with 3k ≥ 2n, so
// k-1 present is not enough.
func TestSessionQuorumBoundary(t *testing.T) {
	for n := 1; n <= 500; n++ {
		k := Needed(Congress, n, 50)
		if 3*k < 2*n || 3*(k-1) >= 2*n {
			t.Fatalf("%d deputies: needed %d", n, k)
		}
		if Needed(Township, n, 50) != k {
			t.Fatalf("township %d: %d", n, Needed(Township, n, 50))
		}
	}
	for _, c := range []struct{ n, k int }{{3, 2}, {6, 4}, {7, 5}, {9, 6}, {250, 167}} {
		if got := Needed(Congress, c.n, 50); got != c.k {
			t.Errorf("%d deputies: %d, want %d", c.n, got, c.k)
		}
	}
}

// TestPresenceOf: registration or any check-in is attendance; otherwise
// only an approved leave excuses.
func TestPresenceOf(t *testing.T) {
	for _, c := range []struct {
		m    Member
		want string
	}{
		{Member{Registered: true}, PresenceAttended},
		{Member{Present: true}, PresenceAttended},
		{Member{Attended: true, Leave: "approved"}, PresenceAttended},
		{Member{Leave: "approved"}, PresenceLeave},
		{Member{Leave: "requested"}, PresenceAbsent},
		{Member{}, PresenceAbsent},
	} {
		if got := PresenceOf(&c.m); got != c.want {
			t.Errorf("%+v: %s, want %s", c.m, got, c.want)
		}
	}
}

func TestDraftSummary(t *testing.T) {
	m := &Meeting{Groups: []*Group{{ID: "g1", Name: "一组"}, {ID: "g2", Name: "二组"}},
		Opinions: []*Opinion{{ItemID: "i", GroupID: "g2", Speaker: "乙", Text: "意见二。"}, {ItemID: "i", GroupID: "g1", Speaker: "甲", Text: "意见一"},
			{ItemID: "i", GroupID: "g1", Speaker: "丙", Text: "意见三；"}, {ItemID: "j", GroupID: "g1", Speaker: "丁", Text: "别的议程"}}}
	want := "2 个代表团（小组）审议，提出意见 3 条。\n一组：甲代表提出，意见一；丙代表提出，意见三。\n二组：乙代表提出，意见二。"
	if got := DraftSummary(m, "i"); got != want {
		t.Errorf("draft:\n%s\nwant\n%s", got, want)
	}
	if DraftSummary(m, "k") != "" {
		t.Error("a draft without opinions")
	}
}
