package assist

import (
	"maps"
	"math"
	"math/rand/v2"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"
	"unicode"
)

// findNaive is Find as first written: each form searched for in the whole
// text, longest form first, an occurrence kept where no longer form took
// its bytes. Find must give the same places in the same order.
func findNaive(p *Places, text string) []string {
	type at struct {
		i    int
		name string
	}
	var found []at
	taken := make([]bool, len(text))
	for _, f := range p.forms {
		for off := 0; ; {
			i := strings.Index(text[off:], f.form)
			if i < 0 {
				break
			}
			i += off
			free := true
			for k := i; k < i+len(f.form); k++ {
				if taken[k] {
					free = false
					break
				}
			}
			if free {
				for k := i; k < i+len(f.form); k++ {
					taken[k] = true
				}
				found = append(found, at{i, f.name})
			}
			off = i + len(f.form)
		}
	}
	sort.Slice(found, func(a, b int) bool { return found[a].i < found[b].i })
	var out []string
	seen := map[string]bool{}
	for _, f := range found {
		if !seen[f.name] {
			seen[f.name] = true
			out = append(out, f.name)
		}
	}
	return out
}

// TestPlacesFind: places named in overlapping, repeated, short and long
// forms are found as the search of each form in turn finds them.
func TestPlacesFind(t *testing.T) {
	names := []string{"塔山瑶族乡", "塔山村", "柏坊镇", "柏坊村", "西岭镇", "西岭村", "官岭镇", "岭南村", "水口山镇", "山口村", "大堡乡", "堡山社区", "宜阳街道", "阳光社区"}
	p := NewPlaces(names)
	for _, c := range []struct {
		text string
		want []string
	}{
		{"塔山瑶族乡塔山村的路灯坏了", []string{"塔山瑶族乡", "塔山村"}},
		{"柏坊到西岭的路，柏坊镇政府", []string{"柏坊镇", "西岭镇"}},
		{"水口山镇山口村", []string{"水口山镇", "山口村"}},
		{"没有地名", nil},
	} {
		if got := p.Find(c.text); !slices.Equal(got, c.want) {
			t.Errorf("Find(%q) = %v, want %v", c.text, got, c.want)
		}
	}
	// Random texts from the forms' characters and others: the same result.
	var runes []rune
	for _, f := range p.forms {
		runes = append(runes, []rune(f.form)...)
	}
	runes = append(runes, []rune("的路灯坏了A1 ，")...)
	rng := rand.New(rand.NewPCG(1, 2))
	for range 20000 {
		var b strings.Builder
		for range rng.IntN(40) {
			if rng.IntN(4) == 0 {
				b.WriteString(p.forms[rng.IntN(len(p.forms))].form)
			} else {
				b.WriteRune(runes[rng.IntN(len(runes))])
			}
		}
		text := b.String()
		if got, want := p.Find(text), findNaive(p, text); !slices.Equal(got, want) {
			t.Fatalf("Find(%q) = %v, the search of each form gives %v", text, got, want)
		}
	}
}

// BenchmarkPlacesFind: a county's hundreds of village names against a
// complaint's text.
func BenchmarkPlacesFind(b *testing.B) {
	var names []string
	for i := range 800 {
		names = append(names, string([]rune("东南西北上下大小新老")[i%10])+string([]rune("山水田石桥塘岭坪湾冲")[i/10%10])+string([]rune("村镇乡社区")[i/100%5]))
	}
	p := NewPlaces(names)
	text := strings.Repeat("柏坊镇西岭村的路灯坏了很久，晚上出行很不方便，希望有关部门尽快修复。", 8)
	b.Run("one pass", func(b *testing.B) {
		for b.Loop() {
			p.Find(text)
		}
	})
	b.Run("each form", func(b *testing.B) {
		for b.Loop() {
			findNaive(p, text)
		}
	})
}

// rankTexts are 300 candidates' texts, as the assistance ranks for a page.
func rankTexts() (query string, texts []string) {
	rng := rand.New(rand.NewPCG(3, 4))
	words := []string{"路灯", "水库", "道路", "修复", "晚上", "出行", "村口", "水泥", "照明", "损坏", "学校", "医院", "垃圾", "清运", "河道", "治理", "G356", "12345", "柏坊镇", "西岭村", "希望", "尽快", "有关部门", "群众", "反映"}
	text := func(n int) string {
		var b strings.Builder
		for range n {
			b.WriteString(words[rng.IntN(len(words))])
			if rng.IntN(5) == 0 {
				b.WriteString("，")
			}
		}
		return b.String()
	}
	for range 300 {
		texts = append(texts, text(40+rng.IntN(80)))
	}
	return text(60), texts
}

// TestSimilarAsVectors: Similar's scores are the cosines of the texts'
// TF-IDF vectors (vector), computed in full here.
func TestSimilarAsVectors(t *testing.T) {
	query, texts := rankTexts()
	x := NewIndex(NewPlaces([]string{"柏坊镇", "西岭村"}))
	for i, s := range texts {
		x.Add(strconv.Itoa(i), s)
	}
	hits := x.Similar(query, 0, 0)
	if len(hits) < 100 {
		t.Fatalf("%d hits", len(hits))
	}
	q := x.vector(Features(query, x.places))
	for _, h := range hits {
		i, _ := strconv.Atoi(h.Key)
		v := x.vector(x.tfs[i])
		var want float64
		for term, w := range q {
			want += w * v[term]
		}
		if math.Abs(h.Score-want) > 1e-12 {
			t.Errorf("text %d: score %v, its vectors' cosine %v", i, h.Score, want)
		}
	}
}

// BenchmarkSimilar: ranking a page's 300 candidates (the assistance's
// rankCandidates).
func BenchmarkSimilar(b *testing.B) {
	query, texts := rankTexts()
	places := NewPlaces([]string{"柏坊镇", "西岭村"})
	for b.Loop() {
		x := NewIndex(places)
		for i, s := range texts {
			x.Add(strconv.Itoa(i), s)
		}
		x.Similar(query, 10, 0.1)
	}
}

// featuresNaive is Features as first written (each term built rune by
// rune); the term counts of a text: Han bigrams (a lone Han character
// between non-Han ones counts as itself), Latin/digit words lower-cased,
// and "@" + each place named.
func featuresNaive(text string, places *Places) map[string]float64 {
	tf := map[string]float64{}
	var run []rune
	var word []rune
	flushRun := func() {
		switch {
		case len(run) == 1:
			tf[string(run)]++
		case len(run) > 1:
			for i := 0; i+1 < len(run); i++ {
				tf[string(run[i:i+2])]++
			}
		}
		run = run[:0]
	}
	flushWord := func() {
		if len(word) > 0 {
			tf[strings.ToLower(string(word))]++
			word = word[:0]
		}
	}
	for _, r := range text {
		switch {
		case unicode.Is(unicode.Han, r):
			flushWord()
			run = append(run, r)
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			flushRun()
			word = append(word, unicode.ToLower(r))
		default:
			flushRun()
			flushWord()
		}
	}
	flushRun()
	flushWord()
	for _, p := range places.Find(text) {
		tf["@"+p] += placeWeight
	}
	return tf
}

// TestFeaturesAsFirstWritten: Features gives what it gave when each term
// was built rune by rune, on texts mixing Han, Latin in both cases, digits,
// punctuation, places, other scripts and broken UTF-8.
func TestFeaturesAsFirstWritten(t *testing.T) {
	places := NewPlaces([]string{"柏坊镇", "西岭村"})
	pieces := []string{"路", "灯", "水库", "柏坊镇", "西岭", "G356", "Road", "ÄBC", "12345", "，", " ", "。", "é", "Ω", "ß", "\xff", "\xe8\xb7", "🙂", "İ", "x", "坏"}
	rng := rand.New(rand.NewPCG(5, 6))
	for range 20000 {
		var b strings.Builder
		for range rng.IntN(30) {
			b.WriteString(pieces[rng.IntN(len(pieces))])
		}
		text := b.String()
		if got, want := Features(text, places), featuresNaive(text, places); !maps.Equal(got, want) {
			t.Fatalf("Features(%q) = %v, first written %v", text, got, want)
		}
	}
}
