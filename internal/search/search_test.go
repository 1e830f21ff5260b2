package search

import (
	"math/rand/v2"
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

// TestHolds: a text holds a query when each term is in it as a phrase of
// its stream: one character anywhere, a word's pairs in a row, a Latin word
// whole (case aside), every term.
func TestHolds(t *testing.T) {
	title := "G356国道六中段污水管道、路灯坏了"
	for q, want := range map[string]bool{
		"水": true, "路灯": true, "污水管道": true, "g356": true, "G356": true, "路灯 水": true, "国道 路灯": true,
		"灯": true, "水库": false, "路灯 水库": false, "G35": false, "管道路": false, "道路": false, "灯坏了 六": true, "": false,
	} {
		if got := Holds(title, Parse(q)); got != want {
			t.Errorf("Holds(%q, %q) = %v, want %v", title, q, got, want)
		}
	}
	// A word's pairs in a row across two runs of the text, as the index's
	// phrase finds them, though the word is not in the text.
	for q, want := range map[string]bool{"路灯坏": true, "路灯灯坏": false, "灯、灯": true} {
		if got := Holds("路灯、灯坏了", Parse(q)); got != want {
			t.Errorf("Holds(%q, %q) = %v, want %v", "路灯、灯坏了", q, got, want)
		}
	}
}

// TestHoldsAsStreams: Holds, with its shortcut for texts lacking a token,
// says what the token streams say, on random texts and queries mixing Han,
// Latin in both cases, digits and punctuation.
func TestHoldsAsStreams(t *testing.T) {
	pieces := []string{"路", "灯", "路灯", "坏", "水", "水库", "、", "，", " ", "G356", "g3", "Road", "ÄB", "äb", "İ", "12345", "道"}
	rng := rand.New(rand.NewPCG(7, 8))
	text := func(n int) string {
		var b strings.Builder
		for range n {
			b.WriteString(pieces[rng.IntN(len(pieces))])
		}
		return b.String()
	}
	held := 0
	for range 20000 {
		title, terms := text(rng.IntN(12)), Parse(text(1+rng.IntN(3)))
		if len(terms) == 0 {
			continue
		}
		s := Tokens(title)
		uni, bi := strings.Fields(s.Uni), strings.Fields(s.Bi)
		want := true
		for _, term := range terms {
			stream := map[bool][]string{true: uni, false: bi}[term.Uni]
			if !hasRun(stream, term.Tokens) {
				want = false
			}
		}
		if got := Holds(title, terms); got != want {
			t.Fatalf("Holds(%q, %+v) = %v, the streams say %v", title, terms, got, want)
		}
		if want {
			held++
		}
	}
	if held < 1000 {
		t.Errorf("only %d of the random texts held their query: too few to compare", held)
	}
}
