// Package pdfdoc writes simple archival PDF documents (headings and
// wrapped paragraphs, A4 portrait) with their fonts embedded, for Chinese
// text: the minutes of a meeting. Its fonts are TrueType files found on the
// server; each character is set in the first of them that has it, so a
// Chinese font without Latin letters (Droid Sans Fallback) is paired with a
// Latin one (DejaVu Sans). Only the glyphs used are embedded (a subset).
package pdfdoc

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"unicode"

	"golang.org/x/image/font/sfnt"
)

// DefaultFonts are the TrueType fonts looked for when none are configured,
// in the order a character is looked up in them: Debian's packages
// fonts-droid-fallback (Apache-2.0; Chinese, no Latin letters),
// fonts-dejavu-core (Latin, punctuation) and fonts-arphic-gbsn00lp (AR PL
// SungtiL GB, Arphic Public License; GB 2312 with Latin), and the same
// fonts where other distributions put them. Noto CJK and WenQuanYi ship as
// OpenType collections (.ttc, .otf), which the PDF library cannot embed.
var DefaultFonts = []string{
	"/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf",
	"/usr/share/fonts/google-droid-sans-fonts/DroidSansFallbackFull.ttf",
	"/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
	"/usr/share/fonts/dejavu-sans-fonts/DejaVuSans.ttf",
	"/usr/share/fonts/TTF/DejaVuSans.ttf",
	"/usr/share/fonts/truetype/arphic-gbsn00lp/gbsn00lp.ttf",
}

// probe is what a set of fonts must be able to write: Chinese, digits and
// Latin letters.
const probe = "会议纪要第一次常委会赞成反对弃权0123456789ABCabc"

// Fonts is the set of fonts PDFs are written with. The files are read once,
// when the first PDF is written.
type Fonts struct {
	tried []string // where fonts were looked for
	paths []string // the files found there
	once  sync.Once
	faces []*face
	err   error
}

type face struct {
	family string
	data   []byte
	font   *sfnt.Font
	buf    sfnt.Buffer
	has    map[rune]bool
	mu     sync.Mutex
}

// FindFonts returns the fonts at paths (a comma-separated list, or several
// arguments) or, when none are given, DefaultFonts: those of them that
// exist on this machine. It reads nothing yet: Available tells whether any
// were found, Check whether they can write Chinese.
func FindFonts(paths ...string) *Fonts {
	var list []string
	for _, p := range paths {
		for _, q := range strings.Split(p, ",") {
			if q = strings.TrimSpace(q); q != "" {
				list = append(list, q)
			}
		}
	}
	if len(list) == 0 {
		list = DefaultFonts
	}
	f := &Fonts{tried: list}
	for _, p := range list {
		if st, err := os.Stat(p); err == nil && !st.IsDir() {
			f.paths = append(f.paths, p)
		}
	}
	return f
}

// Paths are the font files in use.
func (f *Fonts) Paths() []string {
	if f == nil {
		return nil
	}
	return f.paths
}

// Available reports whether any font file was found; Check then reads
// them.
func (f *Fonts) Available() bool { return f != nil && len(f.paths) > 0 }

// ErrNoFonts: no TrueType font with Chinese characters was found.
var ErrNoFonts = errors.New("pdfdoc: no TrueType font found (install fonts-droid-fallback and fonts-dejavu-core, or set --pdf-font)")

// Check reads the fonts (once) and reports whether together they can write
// Chinese, digits and Latin letters.
func (f *Fonts) Check() error {
	if !f.Available() {
		if f == nil {
			return ErrNoFonts
		}
		return fmt.Errorf("%w; looked for %s", ErrNoFonts, strings.Join(f.tried, ", "))
	}
	f.once.Do(f.load)
	return f.err
}

func (f *Fonts) load() {
	for i, p := range f.paths {
		if ext := strings.ToLower(filepath.Ext(p)); ext != ".ttf" {
			f.err = fmt.Errorf("pdfdoc: %s: only TrueType fonts (.ttf) can be embedded", p)
			return
		}
		data, err := os.ReadFile(p)
		if err != nil {
			f.err = fmt.Errorf("pdfdoc: %w", err)
			return
		}
		sf, err := sfnt.Parse(data)
		if err != nil {
			f.err = fmt.Errorf("pdfdoc: %s: %w", p, err)
			return
		}
		family := fmt.Sprintf("f%d-%s", i, strings.Map(func(r rune) rune {
			if r < 128 && (unicode.IsLetter(r) || unicode.IsDigit(r)) {
				return r
			}
			return -1
		}, strings.TrimSuffix(filepath.Base(p), filepath.Ext(p))))
		f.faces = append(f.faces, &face{family: family, data: data, font: sf, has: map[rune]bool{}})
	}
	for _, r := range probe {
		if f.faceFor(r) == nil {
			f.err = fmt.Errorf("pdfdoc: none of the fonts %s has the character %q", strings.Join(f.paths, ", "), r)
			return
		}
	}
}

// faceFor is the first font that has the character r, or nil.
func (f *Fonts) faceFor(r rune) *face {
	for _, fc := range f.faces {
		if fc.covers(r) {
			return fc
		}
	}
	return nil
}

func (fc *face) covers(r rune) bool {
	fc.mu.Lock()
	defer fc.mu.Unlock()
	if ok, seen := fc.has[r]; seen {
		return ok
	}
	g, err := fc.font.GlyphIndex(&fc.buf, r)
	ok := err == nil && g != 0
	fc.has[r] = ok
	return ok
}
