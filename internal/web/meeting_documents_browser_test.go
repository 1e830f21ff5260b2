package web_test

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"renda/internal/apptest"
	"renda/internal/browsertest"
	"renda/internal/store"
	"renda/meeting"
)

// TestBrowserReadMeetingDocument: a member reads the revised report on a
// 390 px phone — the text fits, their name lies over it as a watermark that
// does not catch taps, they are told of the new version — and keeps a note;
// staff print the meeting's minutes to PDF and the document list is in it
// (pdftotext, when poppler-utils is installed).
func TestBrowserReadMeetingDocument(t *testing.T) {
	a := apptest.New(t, apptest.Options{Dialect: store.SQLite, Demo: true})
	ctx := context.Background()
	all, _, _ := a.DB.Meetings(ctx, a.World.Staff, meeting.Filter{Kind: meeting.Standing})
	next := all[0]
	_, docs, _ := a.DB.MeetingDocuments(ctx, a.World.Staff, next.ID)
	var doc *meeting.Document
	for _, d := range docs {
		if d.Version == 2 {
			doc = d
		}
	}
	b := browsertest.New(t).Phone()
	b.Login(a.URL, "deputy", a.Password())
	b.Open(a.URL + "/meetings/" + next.ID + "/documents/" + doc.ID)
	if mark := b.Text("#watermark span"); !strings.Contains(mark, a.World.Deputy1.Name()) {
		t.Errorf("watermark %q without the reader's name", mark)
	}
	if !strings.Contains(b.Text("#newer"), "第1版") {
		t.Error("the reader is not told the document changed since they read it")
	}
	width, err := chromedp.Run(b.Ctx, chromedp.Evaluate[int](`document.documentElement.scrollWidth`))
	if err != nil || width > 392 {
		t.Errorf("reading page is %d px wide on a 390 px phone (%v)", width, err)
	}
	b.Screenshot("reading")
	b.Fill(map[string]string{"#f-body": "会上询问基金收入下降原因"})
	b.Submit("#notes form.form button[type=submit]")
	if !strings.Contains(b.Text("#notes"), "会上询问基金收入下降原因") {
		t.Fatalf("the note is not kept: %s", b.Text("#notes"))
	}
	// Staff print the minutes of the past meeting (with the next one's document list shown on its own).
	s := browsertest.New(t)
	s.Login(a.URL, "staff", a.Password())
	s.Open(a.URL + "/meetings/" + next.ID + "/minutes")
	if !strings.Contains(s.Text("#minutes-documents"), "第2版") {
		t.Errorf("minutes without the document versions: %s", s.Text("#minutes-documents"))
	}
	pdf, err := chromedp.Call(s.Ctx, page.PrintToPDF, page.PrintToPDFParams{PaperWidth: 8.27, PaperHeight: 11.69})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := exec.LookPath("pdftotext"); err != nil {
		if os.Getenv("RENDA_CI") != "" {
			t.Fatal("pdftotext missing (apt-get install poppler-utils)")
		}
		t.Log("pdftotext not installed: the PDF's text is not checked")
		return
	}
	path := filepath.Join(t.TempDir(), "minutes.pdf")
	if err := os.WriteFile(path, pdf.Data, 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("pdftotext", path, "-").Output()
	if err != nil {
		t.Fatal(err)
	}
	if text := string(out); !strings.Contains(strings.ReplaceAll(text, " ", ""), "会议纪要") || !strings.Contains(text, "迟发") {
		t.Errorf("printed minutes lack the Chinese text or the late flag:\n%.500s", text)
	}
}
