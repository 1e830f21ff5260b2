// Package assist finds similar texts and proposes, from renda's own past
// decisions, the unit to handle a suggestion and the category of an
// opinion. Staff always decide: every proposal carries the past items that
// justify it.
//
// Chinese is written without spaces and a county's vocabulary (place names,
// 路灯, 水库) is in no word list, so a text is described by its character
// bigrams and its Latin/digit words (G356, 12345), weighted by TF-IDF
// (sublinear term frequency, smoothed inverse document frequency) and
// compared by cosine. Place names the deployment knows (its townships and
// villages) are recognised whole, in their full and short forms (柏坊镇 and
// 柏坊), and count as a feature of their own, so two complaints about the
// same road in different villages are told apart.
//
// The package is pure: the store hands it the candidate texts (found by
// the search index within what the viewer may read) and it ranks them.
package assist

import (
	"math"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Places recognises a deployment's place names in text.
type Places struct {
	forms   []placeForm    // longest first, so 塔山瑶族乡 wins over 塔山
	byFirst map[rune][]int // the forms (indexes, in order) starting with a rune
}

type placeForm struct{ form, name string }

// NewPlaces makes a recogniser of the names (each also in its short form,
// without 镇, 乡, 街道, 瑶族乡, 村, 社区 or 居委会, when that leaves two
// characters or more).
func NewPlaces(names []string) *Places {
	p := &Places{}
	seen := map[string]bool{}
	add := func(form, name string) {
		if len([]rune(form)) >= 2 && !seen[form] {
			seen[form] = true
			p.forms = append(p.forms, placeForm{form, name})
		}
	}
	for _, n := range names {
		n = strings.TrimSpace(n)
		add(n, n)
		for _, suf := range []string{"瑶族乡", "街道办事处", "街道", "居委会", "社区", "镇", "乡", "村", "市", "县", "区"} {
			if short := strings.TrimSuffix(n, suf); short != n {
				add(short, n)
				break
			}
		}
	}
	sort.SliceStable(p.forms, func(i, j int) bool { return len(p.forms[i].form) > len(p.forms[j].form) })
	p.byFirst = map[rune][]int{}
	for i, f := range p.forms {
		r, _ := utf8.DecodeRuneInString(f.form)
		p.byFirst[r] = append(p.byFirst[r], i)
	}
	return p
}

// Find returns the places named in text, each once, in the order of first
// mention.
func (p *Places) Find(text string) []string {
	if p == nil {
		return nil
	}
	type at struct {
		i    int
		name string
	}
	// Where each form occurs, from one pass over the text (a county has
	// hundreds of villages: searching the text for each was most of the
	// time of a page's similar items).
	occurs := map[int][]int{} // form → its offsets, in order
	for i, r := range text {
		for _, fi := range p.byFirst[r] {
			if strings.HasPrefix(text[i:], p.forms[fi].form) {
				occurs[fi] = append(occurs[fi], i)
			}
		}
	}
	order := make([]int, 0, len(occurs))
	for fi := range occurs {
		order = append(order, fi)
	}
	sort.Ints(order)
	var found []at
	taken := make([]bool, len(text))
	for _, fi := range order {
		f := p.forms[fi]
		next := 0 // a form's occurrences do not overlap each other
		for _, i := range occurs[fi] {
			if i < next {
				continue
			}
			next = i + len(f.form)
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

// placeWeight is how many bigrams a recognised place counts as.
const placeWeight = 3

// Features are the term counts of a text: Han bigrams (a lone Han character
// between non-Han ones counts as itself), Latin/digit words lower-cased,
// and "@" + each place named. The terms are slices of text (no copy of
// each bigram: building them was most of a candidate's cost).
func Features(text string, places *Places) map[string]float64 {
	tf := map[string]float64{}
	var run []int // byte offsets of the Han run's characters
	word := -1    // byte offset of the Latin/digit word's start
	flushRun := func(end int) {
		switch {
		case len(run) == 1:
			tf[text[run[0]:end]]++
		case len(run) > 1:
			for k := 0; k+1 < len(run); k++ {
				e := end
				if k+2 < len(run) {
					e = run[k+2]
				}
				tf[text[run[k]:e]]++
			}
		}
		run = run[:0]
	}
	flushWord := func(end int) {
		if word >= 0 {
			tf[strings.ToLower(text[word:end])]++
			word = -1
		}
	}
	for i, r := range text {
		switch {
		case unicode.Is(unicode.Han, r):
			flushWord(i)
			run = append(run, i)
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			flushRun(i)
			if word < 0 {
				word = i
			}
		default:
			flushRun(i)
			flushWord(i)
		}
	}
	flushRun(len(text))
	flushWord(len(text))
	for _, p := range places.Find(text) {
		tf["@"+p] += placeWeight
	}
	return tf
}

// Index ranks texts by their similarity to a query text.
type Index struct {
	places *Places
	keys   []string
	tfs    []map[string]float64
	norms  []float64 // each text's TF-IDF length (vector)
	df     map[string]int
	post   map[string][]int
	built  bool
}

// NewIndex makes an empty index that recognises places (which may be nil).
func NewIndex(places *Places) *Index {
	return &Index{places: places, df: map[string]int{}}
}

// Add puts a text in the index under key.
func (x *Index) Add(key, text string) {
	tf := Features(text, x.places)
	x.keys = append(x.keys, key)
	x.tfs = append(x.tfs, tf)
	for t := range tf {
		x.df[t]++
	}
	x.built = false
}

// Len is the number of texts in the index.
func (x *Index) Len() int { return len(x.keys) }

func (x *Index) idf(t string) float64 {
	return math.Log(float64(len(x.keys)+1)/float64(x.df[t]+1)) + 1
}

// vector weighs term counts by TF-IDF and normalises them to length 1.
func (x *Index) vector(tf map[string]float64) map[string]float64 {
	v := make(map[string]float64, len(tf))
	var norm float64
	for t, n := range tf {
		w := (1 + math.Log(n)) * x.idf(t)
		v[t] = w
		norm += w * w
	}
	if norm == 0 {
		return v
	}
	norm = math.Sqrt(norm)
	for t := range v {
		v[t] /= norm
	}
	return v
}

// build lists the texts of each term and each text's length. A text's
// normalised weights are not kept: Similar needs them for the query's
// terms only, and a map of every term of every text was most of the time
// of ranking 300 candidates.
func (x *Index) build() {
	if x.built {
		return
	}
	x.norms = make([]float64, len(x.tfs))
	x.post = map[string][]int{}
	for i, tf := range x.tfs {
		var norm float64
		for t, n := range tf {
			w := (1 + math.Log(n)) * x.idf(t)
			norm += w * w
			x.post[t] = append(x.post[t], i)
		}
		x.norms[i] = math.Sqrt(norm)
	}
	x.built = true
}

// weight is the normalised TF-IDF weight of term t (whose idf is given) in
// text i, as vector gives it.
func (x *Index) weight(i int, t string, idf float64) float64 {
	w := (1 + math.Log(x.tfs[i][t])) * idf
	if x.norms[i] == 0 {
		return w
	}
	return w / x.norms[i]
}

// Hit is a text of the index found similar, with its cosine similarity.
type Hit struct {
	Key   string
	Score float64
}

// Similar returns the k texts most similar to text (above min), most
// similar first, leaving out the keys in skip.
func (x *Index) Similar(text string, k int, min float64, skip ...string) []Hit {
	x.build()
	q := x.vector(Features(text, x.places))
	scores := map[int]float64{}
	for t, w := range q {
		idf := x.idf(t)
		for _, i := range x.post[t] {
			scores[i] += w * x.weight(i, t, idf)
		}
	}
	skipped := map[string]bool{}
	for _, s := range skip {
		skipped[s] = true
	}
	hits := make([]Hit, 0, len(scores))
	for i, s := range scores {
		if s >= min && !skipped[x.keys[i]] {
			hits = append(hits, Hit{x.keys[i], s})
		}
	}
	sort.Slice(hits, func(a, b int) bool {
		if hits[a].Score != hits[b].Score {
			return hits[a].Score > hits[b].Score
		}
		return hits[a].Key < hits[b].Key
	})
	if k > 0 && len(hits) > k {
		hits = hits[:k]
	}
	return hits
}

// Vote is a label proposed from similar past items, with its weight and
// the items that gave it.
type Vote struct {
	Label   string
	Score   float64
	Because []string // keys of the similar items, most similar first
}

// Rank turns similar items into proposals: each label of a hit gains the
// hit's similarity; the labels with most weight come first. labels gives
// the labels of a hit's key (its lead unit, its category); prior breaks
// ties and answers when no hit has a label (the most frequent labels of
// the past, most frequent first).
func Rank(hits []Hit, labels func(key string) []string, prior []string) []Vote {
	byLabel := map[string]*Vote{}
	var order []*Vote
	for _, h := range hits {
		for _, l := range labels(h.Key) {
			v := byLabel[l]
			if v == nil {
				v = &Vote{Label: l}
				byLabel[l] = v
				order = append(order, v)
			}
			v.Score += h.Score
			if len(v.Because) < 5 {
				v.Because = append(v.Because, h.Key)
			}
		}
	}
	rank := map[string]int{}
	for i, l := range prior {
		rank[l] = i + 1
	}
	for _, l := range prior {
		if byLabel[l] == nil {
			v := &Vote{Label: l}
			byLabel[l] = v
			order = append(order, v)
		}
	}
	sort.SliceStable(order, func(a, b int) bool {
		if order[a].Score != order[b].Score {
			return order[a].Score > order[b].Score
		}
		ra, rb := rank[order[a].Label], rank[order[b].Label]
		if ra == 0 {
			ra = math.MaxInt32
		}
		if rb == 0 {
			rb = math.MaxInt32
		}
		return ra < rb
	})
	out := make([]Vote, len(order))
	for i, v := range order {
		out[i] = *v
	}
	return out
}

// ByFrequency lists labels most frequent first (ties by name).
func ByFrequency(labels [][]string) []string {
	n := map[string]int{}
	for _, ls := range labels {
		for _, l := range ls {
			n[l]++
		}
	}
	out := make([]string, 0, len(n))
	for l := range n {
		out = append(out, l)
	}
	sort.Slice(out, func(a, b int) bool {
		if n[out[a]] != n[out[b]] {
			return n[out[a]] > n[out[b]]
		}
		return out[a] < out[b]
	})
	return out
}

// Cosine is the similarity of two texts weighed by the index's document
// frequencies.
func (x *Index) Cosine(a, b string) float64 {
	va, vb := x.vector(Features(a, x.places)), x.vector(Features(b, x.places))
	var s float64
	for t, w := range va {
		s += w * vb[t]
	}
	return s
}
