package renda

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Text checks a free-text field: valid UTF-8, no control characters other
// than line breaks and tabs, at most max characters. A required field may not
// be blank. It returns the trimmed value.
func (p *Problems) Text(field, label, value string, required bool, max int) string {
	if !utf8.ValidString(value) {
		p.Add(field, "%s含有无效的字符编码（不是合法的 UTF-8）", label)
		return ""
	}
	v := strings.TrimSpace(value)
	if v == "" {
		if required {
			p.Add(field, "请填写%s", label)
		}
		return ""
	}
	if n := utf8.RuneCountInString(v); n > max {
		p.Add(field, "%s太长：最多 %d 个字，现在 %d 个字", label, max, n)
		return v
	}
	for _, r := range v {
		if unicode.IsControl(r) && r != '\n' && r != '\r' && r != '\t' {
			p.Add(field, "%s含有不可见的控制字符", label)
			break
		}
	}
	return v
}

// Line is Text for a single-line field: line breaks are refused.
func (p *Problems) Line(field, label, value string, required bool, max int) string {
	v := p.Text(field, label, value, required, max)
	if strings.ContainsAny(v, "\r\n") && !p.Has(field) {
		p.Add(field, "%s只能填一行", label)
	}
	return v
}

// OneOf checks that value is one of allowed (blank is allowed unless required).
func (p *Problems) OneOf(field, label, value string, required bool, allowed ...string) string {
	v := strings.TrimSpace(value)
	if v == "" {
		if required {
			p.Add(field, "请选择%s", label)
		}
		return ""
	}
	for _, a := range allowed {
		if v == a {
			return v
		}
	}
	p.Add(field, "%s的取值“%s”无效", label, truncate(v, 20))
	return v
}

func truncate(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return string(r[:n]) + "…"
}

// ValidID reports whether s looks like an id renda generated (see NewID),
// so that garbage never reaches a query.
func ValidID(s string) bool {
	if len(s) < 10 || len(s) > 40 {
		return false
	}
	for _, r := range s {
		if !(r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r == '-' || r == '_') {
			return false
		}
	}
	return true
}

// CheckQuery checks text typed into a search box or a filter: valid UTF-8,
// no control characters (a NUL byte included), at most max characters.
func CheckQuery(field, label, value string, max int) error {
	var p Problems
	p.Line(field, label, value, false, max)
	return p.Err()
}
