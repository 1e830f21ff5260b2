package pdfstamp_test

import (
	"bytes"
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"codeberg.org/go-pdf/fpdf"

	"renda/internal/pdfdoc"
	"renda/internal/pdfstamp"
	"renda/internal/storetest"
)

// sample writes a PDF of n A4 pages, each saying "Page i of n" in a core
// font (as a PDF from elsewhere would: renda's fonts are not in it).
func sample(t testing.TB, n int) []byte {
	t.Helper()
	p := fpdf.New("P", "mm", "A4", "")
	p.SetFont("Helvetica", "", 14)
	for i := 1; i <= n; i++ {
		p.AddPage()
		p.Text(30, 40, "Original page "+strconv.Itoa(i)+" of "+strconv.Itoa(n))
	}
	var buf bytes.Buffer
	if err := p.Output(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func need(t testing.TB) *pdfdoc.Fonts {
	t.Helper()
	fonts := pdfdoc.FindFonts()
	if err := fonts.Check(); err != nil {
		storetest.SkipOrFail(t, "no Chinese TrueType font for PDFs (apt-get install fonts-droid-fallback fonts-dejavu-core): %v", err)
	}
	return fonts
}

// pages returns the text of each page (pdftotext -raw, white space removed).
func pages(t *testing.T, pdf []byte) []string {
	t.Helper()
	if _, err := exec.LookPath("pdftotext"); err != nil {
		storetest.SkipOrFail(t, "pdftotext missing (apt-get install poppler-utils)")
	}
	path := filepath.Join(t.TempDir(), "stamped.pdf")
	if err := os.WriteFile(path, pdf, 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("pdftotext", "-enc", "UTF-8", "-raw", path, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext cannot read the stamped PDF: %v", err)
	}
	ps := strings.Split(string(out), "\f")
	if n := len(ps); n > 0 && strings.TrimSpace(ps[n-1]) == "" {
		ps = ps[:n-1]
	}
	for i := range ps {
		ps[i] = strings.Join(strings.Fields(ps[i]), "")
	}
	return ps
}

// TestStamp: every page of a 3-page PDF written elsewhere gets the
// reader's name and the time (Chinese and Latin) laid over it, keeps its
// own text, and the file stays a PDF poppler reads; a request gone gets
// nothing; a file that is no PDF is ErrUnreadable.
func TestStamp(t *testing.T) {
	s := pdfstamp.New(need(t))
	mark := "张三 Zhang 2026-12-07 08:30 仅供本人阅读"
	out, err := s.Stamp(context.Background(), sample(t, 3), mark)
	if err != nil {
		t.Fatal(err)
	}
	ps := pages(t, out)
	if len(ps) != 3 {
		t.Fatalf("stamped PDF has %d pages, want 3", len(ps))
	}
	for i, p := range ps {
		if !strings.Contains(p, "Originalpage"+strconv.Itoa(i+1)+"of3") {
			t.Errorf("page %d lost its text: %q", i+1, p)
		}
		// 14 times on A4, a few cut at the page's edge.
		if n, m := strings.Count(p, "张三"), strings.Count(p, "Zhang2026-12-0708:30仅供本人"); n < 12 || m < 12 {
			t.Errorf("page %d has the name %d times and the time %d times: %q", i+1, n, m, p)
		}
	}
	gone, cancel := context.WithCancel(context.Background())
	cancel()
	if out, err := s.Stamp(gone, sample(t, 3), mark); err == nil || out != nil {
		t.Errorf("a request gone still gets its PDF: %v", err)
	}
	for _, bad := range [][]byte{[]byte("%PDF-1.4 not really"), []byte("hello"), sample(t, 1)[:200]} {
		if out, err := s.Stamp(context.Background(), bad, mark); !errors.Is(err, pdfstamp.ErrUnreadable) || out != nil {
			t.Errorf("a broken PDF %.20q: %v", bad, err)
		}
	}
}

// BenchmarkStamp20Pages: stamping a 20-page PDF once PDFium is running
// (its start is reported as startup-ms, once).
func BenchmarkStamp20Pages(b *testing.B) {
	s := pdfstamp.New(need(b))
	pdf := sample(b, 20)
	mark := "张三 2026-12-07 08:30 仅供本人阅读"
	start := time.Now()
	if _, err := s.Stamp(context.Background(), pdf, mark); err != nil {
		b.Fatal(err)
	}
	first := time.Since(start)
	var size int
	b.ResetTimer()
	for b.Loop() {
		out, err := s.Stamp(context.Background(), pdf, mark)
		if err != nil {
			b.Fatal(err)
		}
		size = len(out)
	}
	b.ReportMetric(float64(first.Milliseconds()), "first-ms")
	b.ReportMetric(float64(len(pdf)), "in-bytes")
	b.ReportMetric(float64(size), "out-bytes")
}
