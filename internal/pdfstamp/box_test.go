package pdfstamp

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"codeberg.org/go-pdf/fpdf"
	"github.com/klippa-app/go-pdfium/enums"
	"github.com/klippa-app/go-pdfium/requests"

	"renda/internal/pdfdoc"
	"renda/internal/storetest"
)

// TestStampTurnedAndCroppedPages: pages turned a quarter, a half and three
// quarters, and one whose visible box does not start at the origin, get
// the stamp over what is shown (pdftotext reads the name on each, in the
// page's own visible box). Set RENDA_STAMP_PNG to a folder to see them.
func TestStampTurnedAndCroppedPages(t *testing.T) {
	fonts := pdfdoc.FindFonts()
	if err := fonts.Check(); err != nil {
		storetest.SkipOrFail(t, "no Chinese TrueType font for PDFs (apt-get install fonts-droid-fallback fonts-dejavu-core): %v", err)
	}
	if _, err := exec.LookPath("pdftotext"); err != nil {
		storetest.SkipOrFail(t, "pdftotext missing (apt-get install poppler-utils)")
	}
	p := fpdf.New("P", "pt", "A4", "")
	p.SetFont("Helvetica", "", 14)
	for _, s := range []string{"upright", "quarter", "cropped", "half"} {
		p.AddPage()
		p.Text(120, 300, "Page "+s)
	}
	var buf bytes.Buffer
	if err := p.Output(&buf); err != nil {
		t.Fatal(err)
	}
	// Turn and crop the pages with PDFium itself.
	pool, err := start()
	if err != nil {
		t.Fatal(err)
	}
	inst, err := pool.GetInstanceWithContext(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	data := buf.Bytes()
	doc, err := inst.FPDF_LoadMemDocument(&requests.FPDF_LoadMemDocument{Data: &data})
	if err != nil {
		t.Fatal(err)
	}
	page := func(i int) requests.Page {
		return requests.Page{ByIndex: &requests.PageByIndex{Document: doc.Document, Index: i}}
	}
	for i, rot := range []enums.FPDF_PAGE_ROTATION{enums.FPDF_PAGE_ROTATION_NONE, enums.FPDF_PAGE_ROTATION_90_CW, enums.FPDF_PAGE_ROTATION_270_CW, enums.FPDF_PAGE_ROTATION_180_CW} {
		if _, err := inst.FPDFPage_SetRotation(&requests.FPDFPage_SetRotation{Page: page(i), Rotate: rot}); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := inst.FPDFPage_SetCropBox(&requests.FPDFPage_SetCropBox{Page: page(2), Left: 80, Bottom: 100, Right: 480, Top: 700}); err != nil {
		t.Fatal(err)
	}
	saved, err := inst.FPDF_SaveAsCopy(&requests.FPDF_SaveAsCopy{Document: doc.Document, Flags: requests.SaveFlagNoIncremental})
	if err != nil {
		t.Fatal(err)
	}
	inst.Close()

	out, err := New(fonts).Stamp(context.Background(), *saved.FileBytes, "李四 2026-12-07 08:30 仅供本人阅读")
	if err != nil {
		t.Fatal(err)
	}
	dir := os.Getenv("RENDA_STAMP_PNG")
	if dir == "" {
		dir = t.TempDir()
	}
	path := filepath.Join(dir, "turned.pdf")
	if err := os.WriteFile(path, out, 0o644); err != nil {
		t.Fatal(err)
	}
	for i, want := range []string{"Pageupright", "Pagequarter", "Pagecropped", "Pagehalf"} {
		txt, err := exec.Command("pdftotext", "-enc", "UTF-8", "-raw", "-f", strconv.Itoa(i+1), "-l", strconv.Itoa(i+1), path, "-").Output()
		if err != nil {
			t.Fatal(err)
		}
		text := strings.Join(strings.Fields(string(txt)), "")
		if !strings.Contains(text, want) || strings.Count(text, "李四") < 8 {
			t.Errorf("page %d: %d names, own text %v:\n%.400s", i+1, strings.Count(text, "李四"), strings.Contains(text, want), text)
		}
	}
	if os.Getenv("RENDA_STAMP_PNG") != "" {
		_ = exec.Command("pdftoppm", "-r", "30", "-png", path, filepath.Join(dir, "turned")).Run()
	}
}
