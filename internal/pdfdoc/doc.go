package pdfdoc

import (
	"bytes"
	"errors"
	"io"
	"math"
	"strconv"
	"strings"
	"time"
	"unicode"

	"codeberg.org/go-pdf/fpdf"
)

// Page layout of A4 portrait, in millimetres, and the body's type size in
// points.
const (
	pageW, pageH = 210.0, 297.0
	marginX      = 25.0
	marginTop    = 25.0
	marginBottom = 22.0
	bodySize     = 11.5
)

// Meta is a document's description, written into the PDF's information.
type Meta struct {
	Title, Subject, Author string
	Created                time.Time
	// Lang is the document's language ("zh-CN", "en").
	Lang string
	// Watermark, if set, is laid diagonally across every page, light grey
	// under the text (a reader's name and the time: 仅供本人阅读).
	Watermark string
}

// Doc is a PDF being written, top to bottom.
type Doc struct {
	pdf    *fpdf.Fpdf
	fonts  *Fonts
	added  map[*face]bool
	widths map[widthKey]float64
	y      float64
}

type widthKey struct {
	fc   *face
	r    rune
	size float64
}

// New starts a document on A4 portrait with a page number at the foot of
// each page. It fails when the fonts cannot write Chinese.
func (f *Fonts) New(meta Meta) (*Doc, error) {
	if err := f.Check(); err != nil {
		return nil, err
	}
	p := fpdf.NewCustom(&fpdf.InitType{OrientationStr: "P", UnitStr: "mm", SizeStr: "A4"})
	p.SetMargins(marginX, marginTop, marginX)
	p.SetAutoPageBreak(false, marginBottom)
	p.SetCellMargin(0)
	p.SetTitle(meta.Title, true)
	p.SetSubject(meta.Subject, true)
	p.SetAuthor(meta.Author, true)
	p.SetCreator("renda", true)
	p.SetProducer("renda", true)
	if meta.Lang != "" {
		p.SetLang(meta.Lang)
	}
	if !meta.Created.IsZero() {
		p.SetCreationDate(meta.Created)
		p.SetModificationDate(meta.Created)
	}
	d := &Doc{pdf: p, fonts: f, added: map[*face]bool{}, widths: map[widthKey]float64{}}
	p.SetFooterFunc(func() {
		d.line(d.runs([]rune("— "+strconv.Itoa(p.PageNo())+" —"), 10), pageH-marginBottom+8, 5, marginX, pageW-2*marginX, "C")
	})
	if meta.Watermark != "" {
		mark := []rune(meta.Watermark)
		p.SetHeaderFunc(func() { d.watermark(mark) })
	}
	d.newPage()
	return d, p.Error()
}

func (d *Doc) newPage() {
	d.pdf.AddPage()
	d.y = marginTop
}

// watermark lays text across an A4 page in rows, turned 30 degrees, light
// grey; drawn first, so the page's text lies over it.
func (d *Doc) watermark(text []rune) {
	d.pdf.SetTextColor(200, 200, 200)
	d.marks(text, pageW, pageH)
	d.pdf.SetTextColor(0, 0, 0)
}

// marks lays text across a page w by h millimetres: rows 40 mm apart,
// columns 105 mm apart, every other row shifted, each turned 30 degrees
// (14 times on A4 portrait). On a page whose shorter side is not about
// A4's, spacing and size grow or shrink with it.
func (d *Doc) marks(text []rune, w, h float64) {
	k := math.Min(w, h) / pageW
	k = math.Max(0.6, math.Min(k, 6))
	rs := d.runs(text, 13*k)
	tw := 0.0
	for _, r := range rs {
		tw += r.width
	}
	for row := 0; 40*k*float64(row+1) < h-10*k; row++ {
		y := 40 * k * float64(row+1)
		for x := (10 + float64(row%2)*20) * k; x < w-40*k; x += 105 * k {
			d.pdf.TransformBegin()
			d.pdf.TransformRotate(30, x, y)
			d.line(rs, y, 6*k, x, tw, "L")
			d.pdf.TransformEnd()
		}
	}
}

// Overlay writes a PDF that has only text laid across its pages as
// Doc's watermark is, one page for each size (width and height in
// points), for stamping onto PDFs renda did not write (package pdfstamp).
// The text is mid grey and translucent, to lie over a page's content,
// scanned images included, and leave it readable.
func (f *Fonts) Overlay(text string, sizes [][2]float64) ([]byte, error) {
	if err := f.Check(); err != nil {
		return nil, err
	}
	if len(sizes) == 0 {
		return nil, errors.New("pdfdoc: an overlay needs a page size")
	}
	const mm = 25.4 / 72
	p := fpdf.NewCustom(&fpdf.InitType{OrientationStr: "P", UnitStr: "mm", Size: fpdf.SizeType{Wd: sizes[0][0] * mm, Ht: sizes[0][1] * mm}})
	p.SetMargins(0, 0, 0)
	p.SetAutoPageBreak(false, 0)
	p.SetCellMargin(0)
	p.SetCreator("renda", true)
	p.SetProducer("renda", true)
	d := &Doc{pdf: p, fonts: f, added: map[*face]bool{}, widths: map[widthKey]float64{}}
	mark := []rune(text)
	for _, sz := range sizes {
		w, h := sz[0]*mm, sz[1]*mm
		p.AddPageFormat("P", fpdf.SizeType{Wd: w, Ht: h})
		p.SetTextColor(128, 128, 128)
		p.SetAlpha(0.3, "Normal")
		d.marks(mark, w, h)
	}
	var buf bytes.Buffer
	if err := p.Output(&buf); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// Title writes the document's title, large and centred.
func (d *Doc) Title(text string) { d.block(text, 18, 0, "C", true, 4) }

// Subtitle writes a line under the title, centred.
func (d *Doc) Subtitle(text string) { d.block(text, 15, 0, "C", false, 4) }

// Heading writes a section's heading.
func (d *Doc) Heading(text string) {
	d.space(3)
	d.block(text, 13.5, 0, "L", true, 2)
}

// Para writes a paragraph, wrapped to the page's width.
func (d *Doc) Para(text string) { d.block(text, bodySize, 0, "L", false, 1.5) }

// Indented writes a paragraph indented by level steps (of 7 mm).
func (d *Doc) Indented(text string, level int) {
	d.block(text, bodySize, 7*float64(level), "L", false, 1.5)
}

// Small writes a paragraph in a smaller size (notes).
func (d *Doc) Small(text string) { d.block(text, 9.5, 0, "L", false, 1) }

// Space leaves mm millimetres of space.
func (d *Doc) Space(mm float64) { d.space(mm) }

func (d *Doc) space(mm float64) {
	d.y += mm
}

// Write finishes the document and writes it to w.
func (d *Doc) Write(w io.Writer) error {
	return d.pdf.Output(w)
}

// run is a stretch of text in one font.
type run struct {
	fc    *face
	size  float64
	text  []rune
	width float64
}

// glyph is one character with its font and width.
type glyph struct {
	r  rune
	fc *face
	w  float64
}

func (d *Doc) glyphs(text []rune, size float64) []glyph {
	out := make([]glyph, 0, len(text))
	for _, r := range text {
		if r == '\t' {
			r = ' '
		}
		if unicode.IsControl(r) {
			continue
		}
		fc := d.fonts.faceFor(r)
		if fc == nil {
			r = '?'
			fc = d.fonts.faceFor(r)
		}
		out = append(out, glyph{r: r, fc: fc, w: d.width(fc, r, size)})
	}
	return out
}

func (d *Doc) width(fc *face, r rune, size float64) float64 {
	k := widthKey{fc: fc, r: r, size: size}
	if w, ok := d.widths[k]; ok {
		return w
	}
	d.use(fc, size)
	w := d.pdf.GetStringWidth(string(r))
	d.widths[k] = w
	return w
}

// use selects fc at size, adding the font to the document the first time.
func (d *Doc) use(fc *face, size float64) {
	if !d.added[fc] {
		d.pdf.AddUTF8FontFromBytes(fc.family, "", fc.data)
		d.added[fc] = true
	}
	d.pdf.SetFont(fc.family, "", size)
}

// runs groups glyphs into runs of one font.
func (d *Doc) runs(text []rune, size float64) []run {
	return group(d.glyphs(text, size), size)
}

func group(gs []glyph, size float64) []run {
	var out []run
	for _, g := range gs {
		if n := len(out); n > 0 && out[n-1].fc == g.fc {
			out[n-1].text = append(out[n-1].text, g.r)
			out[n-1].width += g.w
			continue
		}
		out = append(out, run{fc: g.fc, size: size, text: []rune{g.r}, width: g.w})
	}
	return out
}

// block writes text (paragraphs separated by newlines) wrapped to the width
// left after indent, with after millimetres of space below.
func (d *Doc) block(text string, size, indent float64, align string, bold bool, after float64) {
	lineH := size * 0.3528 * 1.6 // points to mm, with leading
	maxW := pageW - 2*marginX - indent
	for _, para := range strings.Split(text, "\n") {
		for _, ln := range wrap(d.glyphs([]rune(para), size), maxW) {
			if d.y+lineH > pageH-marginBottom {
				d.newPage()
			}
			if bold {
				d.pdf.SetTextRenderingMode(2)
				d.pdf.SetLineWidth(size * 0.012)
			}
			d.line(group(ln, size), d.y, lineH, marginX+indent, maxW, align)
			if bold {
				d.pdf.SetTextRenderingMode(0)
			}
			d.y += lineH
		}
	}
	d.y += after
}

// line writes one line of runs at y, aligned within width w from x.
func (d *Doc) line(rs []run, y, h, x, w float64, align string) {
	total := 0.0
	for _, r := range rs {
		total += r.width
	}
	if align == "C" && total < w {
		x += (w - total) / 2
	}
	for _, r := range rs {
		d.use(r.fc, r.size)
		d.pdf.SetXY(x, y)
		d.pdf.CellFormat(r.width, h, string(r.text), "", 0, "L", false, 0, "")
		x += r.width
	}
}

// wrap breaks a paragraph into lines no wider than maxW: between any two
// Chinese characters, at spaces between Latin words, and inside a word only
// when it is longer than a line. Closing punctuation may hang past the
// margin rather than begin a line.
func wrap(gs []glyph, maxW float64) [][]glyph {
	var lines [][]glyph
	start, width := 0, 0.0
	for i := 0; i < len(gs); i++ {
		g := gs[i]
		if width+g.w <= maxW || i == start || closing(g.r) {
			width += g.w
			continue
		}
		// Break before i, or at the last opportunity after start.
		at := i
		if !cjk(g.r) && !unicode.IsSpace(g.r) {
			for j := i; j > start; j-- {
				if breakBefore(gs, j) {
					at = j
					break
				}
			}
		}
		if at-1 > start && opening(gs[at-1].r) {
			at-- // an opening bracket goes with what it opens
		}
		lines = append(lines, trimSpace(gs[start:at]))
		for at < len(gs) && unicode.IsSpace(gs[at].r) {
			at++
		}
		start, width, i = at, 0, at-1
	}
	if start < len(gs) || len(lines) == 0 {
		lines = append(lines, trimSpace(gs[start:]))
	}
	return lines
}

// breakBefore reports whether a line may begin at gs[j].
func breakBefore(gs []glyph, j int) bool {
	if j == 0 || closing(gs[j].r) {
		return false
	}
	prev, cur := gs[j-1].r, gs[j].r
	return unicode.IsSpace(prev) || (cjk(cur) && !opening(prev)) || (cjk(prev) && !opening(prev))
}

func trimSpace(gs []glyph) []glyph {
	for len(gs) > 0 && unicode.IsSpace(gs[len(gs)-1].r) {
		gs = gs[:len(gs)-1]
	}
	return gs
}

func cjk(r rune) bool {
	return unicode.Is(unicode.Han, r) || (r >= 0x3000 && r <= 0x303F) || (r >= 0xFF00 && r <= 0xFFEF)
}

func closing(r rune) bool {
	return strings.ContainsRune("，。、；：！？）》」』”’】〉,.;:!?)", r)
}

func opening(r rune) bool { return strings.ContainsRune("（《「『“‘【〈(", r) }
