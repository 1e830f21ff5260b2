package pdfdoc

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"renda/internal/storetest"
)

func glyphsOf(s string) []glyph {
	var gs []glyph
	for _, r := range s {
		w := 1.0
		if cjk(r) {
			w = 2
		}
		gs = append(gs, glyph{r: r, w: w})
	}
	return gs
}

func text(lines [][]glyph) []string {
	var out []string
	for _, l := range lines {
		var b strings.Builder
		for _, g := range l {
			b.WriteRune(g.r)
		}
		out = append(out, b.String())
	}
	return out
}

// TestWrap: Chinese breaks between any two characters and keeps every
// character (fpdf's own SplitText drops the one at the break); Latin text
// breaks at spaces; closing punctuation hangs rather than begins a line; an
// opening bracket goes to the next line with what it opens; a word longer
// than the line is cut.
func TestWrap(t *testing.T) {
	for _, c := range []struct {
		in   string
		w    float64
		want []string
	}{
		{"赞成二十一票反对零票", 8, []string{"赞成二十", "一票反对", "零票"}},
		{"赞成二十一票，反对零票", 8, []string{"赞成二十", "一票，反", "对零票"}},
		{"赞成二十一，反对", 10, []string{"赞成二十一，", "反对"}},
		{"赞成一（二十一票）", 8, []string{"赞成一", "（二十一", "票）"}},
		{"the quorum is reached", 10, []string{"the quorum", "is reached"}},
		{"abcdefghijkl", 5, []string{"abcde", "fghij", "kl"}},
		{"出席 21 people", 9, []string{"出席 21", "people"}},
		{"", 5, []string{""}},
	} {
		got := text(wrap(glyphsOf(c.in), c.w))
		if strings.Join(got, "|") != strings.Join(c.want, "|") {
			t.Errorf("wrap(%q, %v) = %q, want %q", c.in, c.w, got, c.want)
		}
		if strings.ReplaceAll(strings.Join(got, ""), " ", "") != strings.ReplaceAll(c.in, " ", "") {
			t.Errorf("wrap(%q) lost characters: %q", c.in, got)
		}
	}
}

// TestDocument writes a PDF with the machine's fonts and reads its text
// back with pdftotext: every character is there, in the embedded fonts, and
// the page numbers at the foot.
func TestDocument(t *testing.T) {
	fonts := FindFonts()
	if err := fonts.Check(); err != nil {
		storetest.SkipOrFail(t, "no fonts for PDFs (apt-get install fonts-droid-fallback fonts-dejavu-core): %v", err)
	}
	if _, err := exec.LookPath("pdftotext"); err != nil {
		storetest.SkipOrFail(t, "pdftotext missing (apt-get install poppler-utils)")
	}
	d, err := fonts.New(Meta{Title: "会议纪要", Author: "常委会办公室", Created: time.Date(2026, 12, 6, 9, 0, 0, 0, time.UTC), Lang: "zh-CN"})
	if err != nil {
		t.Fatal(err)
	}
	d.Title("第二十三次会议")
	d.Subtitle("会议纪要")
	long := strings.Repeat("审议通过了关于市财政局工作评议意见的决议，赞成 21 票，反对 0 票，弃权 1 票（Quorum reached）。", 40)
	d.Heading("一、会议议程")
	d.Para(long)
	d.Indented("（子议程）听取报告", 1)
	var buf bytes.Buffer
	if err := d.Write(&buf); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "doc.pdf")
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("pdftotext", path, "-").Output()
	if err != nil {
		t.Fatal(err)
	}
	var body []string // the text without the page numbers at the foot
	for _, l := range strings.Split(string(out), "\n") {
		if l = strings.TrimSpace(l); strings.HasPrefix(l, "—") {
			continue
		}
		body = append(body, l)
	}
	flat := strings.Join(strings.Fields(strings.Join(body, "")), "")
	if want := strings.ReplaceAll(long, " ", ""); !strings.Contains(flat, want) {
		t.Errorf("the long paragraph is not whole in the PDF's text:\n%s", out)
	}
	for _, w := range []string{"第二十三次会议", "一、会议议程", "（子议程）听取报告", "—1—", "—2—"} {
		if !strings.Contains(strings.ReplaceAll(string(out), " ", ""), w) {
			t.Errorf("PDF text lacks %q", w)
		}
	}
	if info, err := exec.Command("pdffonts", path).Output(); err == nil {
		for _, l := range strings.Split(string(info), "\n")[2:] {
			if f := strings.Fields(l); len(f) >= 5 && f[len(f)-5] != "yes" {
				t.Errorf("a font is not embedded: %s", l)
			}
		}
	}
}
