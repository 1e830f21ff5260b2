// Package search turns Chinese (and mixed Latin and digit) text into the
// tokens renda's full-text index keeps, and a query into what to match.
//
// Chinese is written without spaces and most words have one or two
// characters, so the index keeps every Han character alone (unigrams) and
// every pair of neighbouring Han characters (bigrams), in separate streams.
// A one-character query matches the unigrams; a longer one matches its
// bigrams as a phrase (水库 is the bigram 水库; 路灯坏了 is 路灯 灯坏 坏了
// in a row), which finds 1- and 2-character words that a trigram index
// misses, without a dictionary. Runs of Latin letters and digits (G356,
// 12345) are words of their own, lower-cased. The token streams are plain
// space-separated words, which SQLite's FTS5 (unicode61) and PostgreSQL's
// to_tsvector('simple', …) both read as they are.
package search

import (
	"html"
	"slices"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Streams are the two token streams of a text.
type Streams struct {
	Uni string // Han characters one by one, and Latin/digit words
	Bi  string // pairs of neighbouring Han characters, and Latin/digit words
}

// Tokens returns the token streams of text.
func Tokens(text string) Streams {
	var uni, bi []string
	var run []rune // the current run of Han characters
	var word []rune
	flushRun := func() {
		for i, r := range run {
			uni = append(uni, string(r))
			if i+1 < len(run) {
				bi = append(bi, string(run[i:i+2]))
			}
		}
		run = run[:0]
	}
	flushWord := func() {
		if len(word) > 0 {
			w := strings.ToLower(string(word))
			uni, bi = append(uni, w), append(bi, w)
			word = word[:0]
		}
	}
	for _, r := range text {
		switch {
		case isHan(r):
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
	return Streams{Uni: strings.Join(uni, " "), Bi: strings.Join(bi, " ")}
}

func isHan(r rune) bool { return unicode.Is(unicode.Han, r) }

// Term is one part of a query: a phrase to find in one of the streams.
type Term struct {
	Text   string   // as typed (for highlighting)
	Uni    bool     // match Tokens in the unigram stream (a single Han character)
	Tokens []string // to match in a row
}

// Parse splits a query into terms. Spaces separate terms that must all be
// found; a run of Han characters is one term (its bigrams in a row, or the
// character itself); a Latin/digit word is a term; punctuation is ignored.
func Parse(q string) []Term {
	var terms []Term
	for _, field := range strings.Fields(q) {
		var run, word []rune
		flush := func() {
			switch {
			case len(run) == 1:
				terms = append(terms, Term{Text: string(run), Uni: true, Tokens: []string{string(run)}})
			case len(run) > 1:
				t := Term{Text: string(run)}
				for i := 0; i+1 < len(run); i++ {
					t.Tokens = append(t.Tokens, string(run[i:i+2]))
				}
				terms = append(terms, t)
			}
			if len(word) > 0 {
				w := strings.ToLower(string(word))
				terms = append(terms, Term{Text: string(word), Tokens: []string{w}})
			}
			run, word = run[:0], word[:0]
		}
		for _, r := range field {
			switch {
			case isHan(r):
				if len(word) > 0 {
					flush()
				}
				run = append(run, r)
			case unicode.IsLetter(r) || unicode.IsDigit(r):
				if len(run) > 0 {
					flush()
				}
				word = append(word, r)
			default:
				flush()
			}
		}
		flush()
	}
	// The same term twice asks nothing more.
	seen := map[string]bool{}
	out := terms[:0]
	for _, t := range terms {
		k := strings.ToLower(t.Text)
		if !seen[k] {
			seen[k] = true
			out = append(out, t)
		}
	}
	if len(out) > 8 {
		out = out[:8]
	}
	return out
}

// Holds reports whether text holds every term as the index finds it: each
// term's tokens in a row in its stream of the text's tokens (a Han
// character among the unigrams, Han pairs and Latin words among the
// bigrams), as an FTS5 phrase on that column, or a tsquery of followed-by
// operators on that tsvector, matches. Most terms are told from the text
// itself, without tokenizing it (TestHoldsAsStreams compares).
func Holds(text string, terms []Term) bool {
	if len(terms) == 0 {
		return false
	}
	lower := ""
	var streams *[2][]string // the unigram and bigram tokens, when needed
	for _, t := range terms {
		first, _ := utf8.DecodeRuneInString(t.Tokens[0])
		switch {
		case !isHan(first): // a Latin/digit word: whole, case aside
			if lower == "" {
				lower = strings.ToLower(text)
			}
			if !hasWord(lower, t.Tokens[0]) {
				return false
			}
		case t.Uni || strings.Contains(text, t.Text):
			// One character; or the run typed, which is then within one
			// run of the text, its pairs in a row.
			if !strings.Contains(text, t.Text) {
				return false
			}
		default:
			// The pairs may still follow each other across two runs of
			// the text (路灯、灯坏 holds 路灯坏): the streams tell.
			for _, tok := range t.Tokens {
				if !strings.Contains(text, tok) {
					return false
				}
			}
			if streams == nil {
				s := Tokens(text)
				streams = &[2][]string{strings.Fields(s.Uni), strings.Fields(s.Bi)}
			}
			if !hasRun(streams[1], t.Tokens) {
				return false
			}
		}
	}
	return true
}

// hasWord reports whether w occurs in s as a whole Latin/digit word: not
// next to another letter or digit that is not Han.
func hasWord(s, w string) bool {
	word := func(r rune) bool { return !isHan(r) && (unicode.IsLetter(r) || unicode.IsDigit(r)) }
	for from := 0; ; {
		i := strings.Index(s[from:], w)
		if i < 0 {
			return false
		}
		i += from
		before, _ := utf8.DecodeLastRuneInString(s[:i])
		after, _ := utf8.DecodeRuneInString(s[i+len(w):])
		if (i == 0 || !word(before)) && (i+len(w) == len(s) || !word(after)) {
			return true
		}
		from = i + 1
	}
}

// hasRun reports whether run occurs in stream, in a row.
func hasRun(stream, run []string) bool {
	for i := 0; i+len(run) <= len(stream); i++ {
		if slices.Equal(stream[i:i+len(run)], run) {
			return true
		}
	}
	return false
}

// Snippet returns an excerpt of text around the first match of any term,
// about n characters long, HTML-escaped, with the matches in <mark>.
func Snippet(text string, terms []Term, n int) string {
	text = strings.Join(strings.Fields(text), " ")
	runes := []rune(text)
	lower := []rune(strings.ToLower(text))
	first := -1
	for _, t := range terms {
		if i := index(lower, []rune(strings.ToLower(t.Text))); i >= 0 && (first < 0 || i < first) {
			first = i
		}
	}
	start := 0
	if first > n/3 {
		start = first - n/3
	}
	end := min(len(runes), start+n)
	if end-start < n && end == len(runes) {
		start = max(0, end-n)
	}
	s := Highlight(string(runes[start:end]), terms)
	if start > 0 {
		s = "…" + s
	}
	if end < len(runes) {
		s += "…"
	}
	return s
}

// Highlight HTML-escapes text and wraps every match of the terms in <mark>.
func Highlight(text string, terms []Term) string {
	runes := []rune(text)
	lower := []rune(strings.ToLower(text))
	marked := make([]bool, len(runes))
	for _, t := range terms {
		pat := []rune(strings.ToLower(t.Text))
		if len(pat) == 0 {
			continue
		}
		for i := 0; i+len(pat) <= len(lower); {
			j := index(lower[i:], pat)
			if j < 0 {
				break
			}
			for k := i + j; k < i+j+len(pat); k++ {
				marked[k] = true
			}
			i += j + len(pat)
		}
	}
	var b strings.Builder
	in := false
	for i, r := range runes {
		if marked[i] != in {
			if marked[i] {
				b.WriteString("<mark>")
			} else {
				b.WriteString("</mark>")
			}
			in = marked[i]
		}
		b.WriteString(html.EscapeString(string(r)))
	}
	if in {
		b.WriteString("</mark>")
	}
	return b.String()
}

func index(s, pat []rune) int {
	for i := 0; i+len(pat) <= len(s); i++ {
		ok := true
		for j := range pat {
			if s[i+j] != pat[j] {
				ok = false
				break
			}
		}
		if ok {
			return i
		}
	}
	return -1
}

// Unique sorts and de-duplicates a list of principals.
func Unique(ss []string) []string {
	sort.Strings(ss)
	out := ss[:0]
	for i, s := range ss {
		if i == 0 || s != ss[i-1] {
			out = append(out, s)
		}
	}
	return out
}
