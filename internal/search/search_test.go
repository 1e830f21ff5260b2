package search

import (
	"slices"
	"strings"
	"testing"
)

func TestTokens(t *testing.T) {
	s := Tokens("G356六中段污水管道，水。路灯12345坏了")
	if s.Uni != "g356 六 中 段 污 水 管 道 水 路 灯 12345 坏 了" {
		t.Errorf("uni %q", s.Uni)
	}
	if s.Bi != "g356 六中 中段 段污 污水 水管 管道 路灯 12345 坏了" {
		t.Errorf("bi %q", s.Bi)
	}
}

func TestParse(t *testing.T) {
	got := Parse("水  路灯坏了 G356, 水")
	want := []Term{{Text: "水", Uni: true, Tokens: []string{"水"}}, {Text: "路灯坏了", Tokens: []string{"路灯", "灯坏", "坏了"}}, {Text: "G356", Tokens: []string{"g356"}}}
	if len(got) != len(want) {
		t.Fatalf("got %+v", got)
	}
	for i := range want {
		if got[i].Text != want[i].Text || got[i].Uni != want[i].Uni || !slices.Equal(got[i].Tokens, want[i].Tokens) {
			t.Errorf("term %d: got %+v, want %+v", i, got[i], want[i])
		}
	}
	if len(Parse("，。！")) != 0 {
		t.Error("punctuation alone is no term")
	}
}

// Every 2-character word of a text is one of its bigrams, and every
// character one of its unigrams: the index finds them all (recall 1.0).
func TestShortWordsAreIndexed(t *testing.T) {
	text := "关于加强塔山瑶族乡农村饮水安全和水库除险加固的建议：路灯损坏，道路积水"
	bi := strings.Fields(Tokens(text).Bi)
	uni := strings.Fields(Tokens(text).Uni)
	for _, w := range []string{"路灯", "水库", "饮水", "道路", "积水", "农村", "安全", "加固"} {
		if !slices.Contains(bi, w) {
			t.Errorf("%s not among the bigrams", w)
		}
	}
	for _, c := range []string{"水", "路", "灯"} {
		if !slices.Contains(uni, c) {
			t.Errorf("%s not among the unigrams", c)
		}
	}
}

func TestHighlight(t *testing.T) {
	terms := Parse("路灯 g356")
	if got := Highlight("G356 <旁> 路灯坏了，路灯", terms); got != "<mark>G356</mark> &lt;旁&gt; <mark>路灯</mark>坏了，<mark>路灯</mark>" {
		t.Errorf("got %q", got)
	}
	long := strings.Repeat("啊", 100) + "路灯" + strings.Repeat("哦", 100)
	s := Snippet(long, terms, 40)
	if !strings.Contains(s, "<mark>路灯</mark>") || !strings.HasPrefix(s, "…") || !strings.HasSuffix(s, "…") {
		t.Errorf("snippet %q", s)
	}
}

// TestStreamsApart: a Han character is a token of the unigram stream only
// and a pair of Han characters of the bigram stream only (Latin/digit words
// are in both), so a query's term finds in any column what it finds in its
// own stream's (the SQLite index's MATCH names no columns but the title's).
func TestStreamsApart(t *testing.T) {
	for _, text := range []string{"G356国道六中段污水管道、水路灯12345坏了", "水", "路灯。灯坏 a水b 水库ABC水", "塔山瑶族乡\u3000大塘村 2024年"} {
		s := Tokens(text)
		for _, tok := range strings.Fields(s.Uni) {
			if r := []rune(tok); isHan(r[0]) && len(r) != 1 {
				t.Errorf("%q: unigram token %q", text, tok)
			}
		}
		for _, tok := range strings.Fields(s.Bi) {
			if r := []rune(tok); isHan(r[0]) && len(r) != 2 {
				t.Errorf("%q: bigram token %q", text, tok)
			}
		}
		for _, term := range Parse(text) {
			for _, tok := range term.Tokens {
				if r := []rune(tok); isHan(r[0]) && len(r) != map[bool]int{true: 1, false: 2}[term.Uni] {
					t.Errorf("%q: term %+v has token %q", text, term, tok)
				}
			}
		}
	}
}
