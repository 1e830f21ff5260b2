package meeting

import (
	"strings"
	"testing"
	"time"
)

// TestQuorumBoundaries: the standing committee and the chairmen's meeting
// need more than half of ALL members; a people's congress two thirds or
// more of all deputies; 列席 attendees never count.
func TestQuorumBoundaries(t *testing.T) {
	cases := []struct {
		kind             string
		members, present int
		reached          bool
	}{
		{Standing, 27, 13, false}, {Standing, 27, 14, true},
		{Standing, 6, 3, false}, {Standing, 6, 4, true},
		{Chair, 5, 2, false}, {Chair, 5, 3, true},
		{Congress, 300, 199, false}, {Congress, 300, 200, true},
		{Congress, 301, 200, false}, {Congress, 301, 201, true},
		{Township, 3, 1, false}, {Township, 3, 2, true},
	}
	for _, c := range cases {
		m := &Meeting{Kind: c.kind}
		for i := 0; i < c.members; i++ {
			m.Members = append(m.Members, &Member{Present: i < c.present})
		}
		m.Members = append(m.Members, &Member{Attends: true, Present: true}) // 列席: not counted
		q := QuorumOf(m, nil)
		if q.Members != c.members || q.Present != c.present || q.Reached != c.reached {
			t.Errorf("%s %d of %d: %+v, want reached %v", c.kind, c.present, c.members, q, c.reached)
		}
	}
}

func TestICSFolding(t *testing.T) {
	m := &Meeting{ID: "m1", Kind: Standing, State: Published, Title: strings.Repeat("常委会会议,议程;", 12), Place: "会议室",
		StartsAt: time.Date(2026, 10, 7, 9, 0, 0, 0, time.UTC)}
	out := Feed("日历", "https://example.org", []*Meeting{m}, nil, m.StartsAt)
	for _, l := range strings.Split(strings.TrimSuffix(out, "\r\n"), "\r\n") {
		if len(l) > 75 {
			t.Errorf("line of %d octets", len(l))
		}
	}
	unfolded := strings.ReplaceAll(out, "\r\n ", "")
	if !strings.Contains(unfolded, "SUMMARY:"+strings.Repeat(`常委会会议\,议程\;`, 12)+"\r\n") {
		t.Errorf("summary not escaped or folded right:\n%s", out)
	}
}
