package assist

import (
	"fmt"
	"math"
	"strings"
)

// Neighbours is how many similar past items a proposal weighs.
const Neighbours = 20

// RouteItem is a suggestion with the units that handled it, as the
// evaluation files give it.
type RouteItem struct {
	Title     string   `json:"title"`
	LeadUnits []string `json:"lead_units"`
	CoUnits   []string `json:"co_units"`
}

// RouteResult is how often the item's first lead unit was the first
// proposal, or among the first three — for the method and for the
// baseline (always the most frequent lead units of the training file).
type RouteResult struct {
	Items               int     `json:"items"`
	AccuracyAt1         float64 `json:"accuracy_at_1"`
	AccuracyAt3         float64 `json:"accuracy_at_3"`
	BaselineAccuracyAt1 float64 `json:"baseline_accuracy_at_1"`
	BaselineAccuracyAt3 float64 `json:"baseline_accuracy_at_3"`
}

// EvalRoute learns from train only and measures on test.
func EvalRoute(train, test []RouteItem, places *Places) (RouteResult, error) {
	if len(train) == 0 || len(test) == 0 {
		return RouteResult{}, fmt.Errorf("the training and the test file must each hold at least one item")
	}
	x := NewIndex(places)
	leads := map[string][]string{}
	var all [][]string
	for i, it := range train {
		key := fmt.Sprint(i)
		x.Add(key, it.Title)
		leads[key] = it.LeadUnits
		all = append(all, it.LeadUnits)
	}
	prior := ByFrequency(all)
	r := RouteResult{}
	for _, it := range test {
		if len(it.LeadUnits) == 0 {
			continue
		}
		r.Items++
		want := it.LeadUnits[0]
		votes := Rank(x.Similar(it.Title, Neighbours, 0.05), func(k string) []string { return leads[k] }, prior)
		r.AccuracyAt1 += hitAt(votes, want, 1)
		r.AccuracyAt3 += hitAt(votes, want, 3)
		r.BaselineAccuracyAt1 += inFirst(prior, want, 1)
		r.BaselineAccuracyAt3 += inFirst(prior, want, 3)
	}
	if r.Items == 0 {
		return r, fmt.Errorf("no test item names a lead unit")
	}
	n := float64(r.Items)
	r.AccuracyAt1, r.AccuracyAt3 = round(r.AccuracyAt1/n), round(r.AccuracyAt3/n)
	r.BaselineAccuracyAt1, r.BaselineAccuracyAt3 = round(r.BaselineAccuracyAt1/n), round(r.BaselineAccuracyAt3/n)
	return r, nil
}

// CategoryItem is an opinion with its category, as the evaluation files
// give it.
type CategoryItem struct {
	Subject  string `json:"subject"`
	Detail   string `json:"detail"`
	Category string `json:"category"`
}

// Text is what the category is proposed from.
func (c CategoryItem) Text() string { return c.Subject + "\n" + c.Subject + "\n" + c.Detail }

// CategoryResult is the accuracy and the macro-averaged F1 of the proposed
// categories, for the method and the baseline (always the most frequent
// category of the training file).
type CategoryResult struct {
	Items            int     `json:"items"`
	Accuracy         float64 `json:"accuracy"`
	MacroF1          float64 `json:"macro_f1"`
	BaselineAccuracy float64 `json:"baseline_accuracy"`
	BaselineMacroF1  float64 `json:"baseline_macro_f1"`
}

// EvalCategory learns from train only and measures on test.
func EvalCategory(train, test []CategoryItem, places *Places) (CategoryResult, error) {
	if len(train) == 0 || len(test) == 0 {
		return CategoryResult{}, fmt.Errorf("the training and the test file must each hold at least one item")
	}
	x := NewIndex(places)
	cats := map[string][]string{}
	var all [][]string
	for i, it := range train {
		key := fmt.Sprint(i)
		x.Add(key, it.Text())
		cats[key] = []string{it.Category}
		all = append(all, cats[key])
	}
	prior := ByFrequency(all)
	var got, base, want []string
	for _, it := range test {
		if it.Category == "" {
			continue
		}
		votes := Rank(x.Similar(it.Text(), Neighbours, 0.05), func(k string) []string { return cats[k] }, prior)
		got = append(got, votes[0].Label)
		base = append(base, prior[0])
		want = append(want, it.Category)
	}
	if len(want) == 0 {
		return CategoryResult{}, fmt.Errorf("no test item names a category")
	}
	r := CategoryResult{Items: len(want)}
	r.Accuracy, r.MacroF1 = scores(got, want)
	r.BaselineAccuracy, r.BaselineMacroF1 = scores(base, want)
	return r, nil
}

// scores are the accuracy and macro-F1 of got against want, over the
// classes that occur in want.
func scores(got, want []string) (acc, macroF1 float64) {
	tp, fp, fn := map[string]float64{}, map[string]float64{}, map[string]float64{}
	classes := map[string]bool{}
	for i := range want {
		classes[want[i]] = true
		if got[i] == want[i] {
			acc++
			tp[want[i]]++
		} else {
			fp[got[i]]++
			fn[want[i]]++
		}
	}
	for c := range classes {
		if p, r := tp[c]+fp[c], tp[c]+fn[c]; p > 0 && r > 0 && tp[c] > 0 {
			prec, rec := tp[c]/p, tp[c]/r
			macroF1 += 2 * prec * rec / (prec + rec)
		}
	}
	return round(acc / float64(len(want))), round(macroF1 / float64(len(classes)))
}

func hitAt(votes []Vote, want string, n int) float64 {
	for i := 0; i < n && i < len(votes); i++ {
		if same(votes[i].Label, want) {
			return 1
		}
	}
	return 0
}

func inFirst(labels []string, want string, n int) float64 {
	for i := 0; i < n && i < len(labels); i++ {
		if same(labels[i], want) {
			return 1
		}
	}
	return 0
}

func same(a, b string) bool { return strings.TrimSpace(a) == strings.TrimSpace(b) }

func round(f float64) float64 { return math.Round(f*10000) / 10000 }

// Folds splits n items into k folds for cross-validation: item i is in the
// test part of fold i mod k.
func Folds[T any](items []T, k int) (trains, tests [][]T) {
	for f := 0; f < k; f++ {
		var train, test []T
		for i, it := range items {
			if i%k == f {
				test = append(test, it)
			} else {
				train = append(train, it)
			}
		}
		trains, tests = append(trains, train), append(tests, test)
	}
	return trains, tests
}

// Message is a citizen's message as the near-duplicate evaluation reads it.
type Message struct {
	ID      string `json:"id"`
	Subject string `json:"subject"`
	Detail  string `json:"detail"`
}

// Pair is two messages labelled the same problem or not.
type Pair struct {
	A, B string
	Same bool
}

// NearDupPoint is near-duplicate detection at one similarity threshold.
type NearDupPoint struct {
	Threshold float64 `json:"threshold"`
	Precision float64 `json:"precision"`
	Recall    float64 `json:"recall"`
	F1        float64 `json:"f1"`
}

// NearDupResult is near-duplicate detection measured on labelled pairs:
// at the threshold asked for, and at each threshold from 0.15 to 0.90.
type NearDupResult struct {
	Pairs     int            `json:"pairs"`
	Positives int            `json:"positives"`
	At        NearDupPoint   `json:"at"`
	Sweep     []NearDupPoint `json:"sweep"`
}

// EvalNearDup scores each labelled pair by the cosine of its two texts in
// an index of all the messages (for the document frequencies; no labels
// are learnt) and measures the pairs at or above a threshold as detected.
func EvalNearDup(messages []Message, pairs []Pair, threshold float64) (NearDupResult, error) {
	x := NewIndex(nil)
	text := map[string]string{}
	for _, m := range messages {
		t := m.Subject + "\n" + m.Subject + "\n" + m.Detail
		text[m.ID] = t
		x.Add(m.ID, t)
	}
	scores := make([]float64, len(pairs))
	res := NearDupResult{Pairs: len(pairs)}
	for i, p := range pairs {
		a, ok1 := text[p.A]
		b, ok2 := text[p.B]
		if !ok1 || !ok2 {
			return res, fmt.Errorf("pair %s %s: message not in the messages file", p.A, p.B)
		}
		scores[i] = x.Cosine(a, b)
		if p.Same {
			res.Positives++
		}
	}
	at := func(t float64) NearDupPoint {
		var tp, fp, fn int
		for i, p := range pairs {
			switch hit := scores[i] >= t; {
			case hit && p.Same:
				tp++
			case hit:
				fp++
			case p.Same:
				fn++
			}
		}
		pt := NearDupPoint{Threshold: t}
		if tp+fp > 0 {
			pt.Precision = round3(float64(tp) / float64(tp+fp))
		}
		if tp+fn > 0 {
			pt.Recall = round3(float64(tp) / float64(tp+fn))
		}
		if pt.Precision+pt.Recall > 0 {
			pt.F1 = round3(2 * pt.Precision * pt.Recall / (pt.Precision + pt.Recall))
		}
		return pt
	}
	res.At = at(threshold)
	for t := 15; t <= 90; t += 5 {
		res.Sweep = append(res.Sweep, at(float64(t)/100))
	}
	return res, nil
}

func round3(f float64) float64 { return math.Round(f*1000) / 1000 }
