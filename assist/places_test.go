package assist

import (
	"math/rand/v2"
	"slices"
	"sort"
	"strings"
	"testing"
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
