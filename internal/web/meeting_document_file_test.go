package web_test

import (
	"bytes"
	"context"
	"mime/multipart"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"codeberg.org/go-pdf/fpdf"

	"renda"
	"renda/internal/apptest"
	"renda/internal/pdfdoc"
	"renda/internal/storetest"
	"renda/meeting"
)

// pdfPages returns the text of each page of a PDF (pdftotext -raw, pages
// split at its form feeds), white space removed.
func pdfPages(t *testing.T, pdf []byte) []string {
	t.Helper()
	if !bytes.HasPrefix(pdf, []byte("%PDF-")) {
		t.Fatalf("not a PDF: %.80q", pdf)
	}
	path := filepath.Join(t.TempDir(), "file.pdf")
	if err := os.WriteFile(path, pdf, 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("pdftotext", "-enc", "UTF-8", "-raw", path, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext cannot read the PDF: %v", err)
	}
	pages := strings.Split(string(out), "\f")
	if n := len(pages); n > 0 && strings.TrimSpace(pages[n-1]) == "" {
		pages = pages[:n-1]
	}
	for i := range pages {
		pages[i] = flat(pages[i])
	}
	return pages
}

// TestMeetingDocumentOriginalPDF: staff upload a 3-page PDF as a document's
// original and distribute it; a member downloads it with their own name
// and 仅供本人阅读 over every page and each page's text kept; another
// member gets theirs; a clerk of another body gets 404, the member may not
// ask for the unstamped original (403) while staff may, which is audited;
// a PDF that cannot be read is refused, not served unstamped; a server
// without fonts answers 503 saying what to install.
func TestMeetingDocumentOriginalPDF(t *testing.T) {
	if err := pdfdoc.FindFonts().Check(); err != nil {
		storetest.SkipOrFail(t, "no Chinese TrueType font for PDFs (apt-get install fonts-droid-fallback fonts-dejavu-core): %v", err)
	}
	if _, err := exec.LookPath("pdftotext"); err != nil {
		storetest.SkipOrFail(t, "pdftotext missing (apt-get install poppler-utils)")
	}
	// The original: three pages, as from a word processor elsewhere.
	p := fpdf.New("P", "mm", "A4", "")
	p.SetFont("Helvetica", "", 14)
	for i := 1; i <= 3; i++ {
		p.AddPage()
		p.Text(30, 40, "Budget report page "+strconv.Itoa(i))
	}
	var original bytes.Buffer
	if err := p.Output(&original); err != nil {
		t.Fatal(err)
	}
	apptest.Each(t, apptest.Options{Demo: true}, func(t *testing.T, a *apptest.App) {
		ctx := context.Background()
		all, _, _ := a.DB.Meetings(ctx, a.World.Staff, meeting.Filter{Kind: meeting.Standing})
		next := all[0]
		staff := a.Browser("staff")
		upload := func(title string, files map[string][]byte) (doc string, file map[string]string) {
			t.Helper()
			var buf bytes.Buffer
			mw := multipart.NewWriter(&buf)
			for k, v := range map[string]string{"csrf": staff.CSRF(), "title": title, "kind": "report", "access": "members", "body": title + "正文"} {
				_ = mw.WriteField(k, v)
			}
			for name, data := range files {
				fw, _ := mw.CreateFormFile("files", name)
				_, _ = fw.Write(data)
			}
			_ = mw.Close()
			if r := staff.PostRaw("/meetings/"+next.ID+"/add_document", mw.FormDataContentType(), &buf); r.Status != 303 {
				t.Fatalf("add a document with a PDF: %d %s", r.Status, r.Body)
			}
			_, docs, _ := a.DB.MeetingDocuments(ctx, a.World.Staff, next.ID)
			d := docs[len(docs)-1]
			if _, err := a.DB.ActOnMeeting(ctx, a.World.Staff, next.ID, "distribute_document", renda.V("document", d.ID)); err != nil {
				t.Fatal(err)
			}
			rd, err := a.DB.ReadMeetingDocument(ctx, a.World.Staff, next.ID, d.ID)
			if err != nil || len(rd.Document.Versions[0].Files) != len(files) {
				t.Fatalf("the originals were not kept: %v", err)
			}
			file = map[string]string{}
			for _, f := range rd.Document.Versions[0].Files {
				file[f.Name] = "/meetings/" + next.ID + "/documents/" + d.ID + "/files/" + f.ID
			}
			return d.ID, file
		}
		doc, files := upload("二〇二四年预算执行情况的报告", map[string][]byte{"预算报告.pdf": original.Bytes(), "附表.txt": []byte("附表原件")})
		file := files["预算报告.pdf"]

		dep, dep2 := a.Browser("deputy"), a.Browser("deputy2")
		page := string(dep.Get("/meetings/" + next.ID + "/documents/" + doc).Body)
		if !strings.Contains(page, `href="`+file+`"`) || strings.Contains(page, "original=1") || !strings.Contains(page, "PDF原件下载时每页加上您的姓名和时间") {
			t.Error("the member's reading page: the PDF link missing, an original link shown, or no word of the stamp")
		}
		for _, c := range []struct {
			b         *apptest.Browser
			name, not string
		}{{dep, a.World.Deputy1.Name(), a.World.Deputy2.Name()}, {dep2, a.World.Deputy2.Name(), a.World.Deputy1.Name()}} {
			r := c.b.Get(file)
			if r.Status != 200 || r.Header.Get("Content-Type") != "application/pdf" || bytes.Equal(r.Body, original.Bytes()) {
				t.Fatalf("%s downloads the PDF: %d %s, unchanged: %v", c.name, r.Status, r.Header.Get("Content-Type"), bytes.Equal(r.Body, original.Bytes()))
			}
			pages := pdfPages(t, r.Body)
			if len(pages) != 3 {
				t.Fatalf("the stamped PDF has %d pages, want 3", len(pages))
			}
			for i, text := range pages {
				if !strings.Contains(text, "Budgetreportpage"+strconv.Itoa(i+1)) {
					t.Errorf("%s's copy, page %d lost its text: %.300q", c.name, i+1, text)
				}
				// 14 times on an A4 page, a few cut at its edge.
				if n, m := strings.Count(text, flat(c.name)), strings.Count(text, "仅供本人"); n < 12 || m < 12 || strings.Contains(text, flat(c.not)) {
					t.Errorf("%s's copy, page %d: their name %d times, 仅供本人 %d times, or another's name:\n%.600s", c.name, i+1, n, m, text)
				}
			}
		}
		// The time too, in the reading page's words.
		if text := pdfPages(t, dep.Get(file).Body)[0]; !strings.Contains(text, a.DB.Clock().Now().In(renda.CST).Format("2006-01-02")) {
			t.Errorf("the stamp lacks the date: %.300s", text)
		}
		// Files that are no PDF are served as uploaded.
		if r := dep.Get(files["附表.txt"]); r.Status != 200 || string(r.Body) != "附表原件" {
			t.Errorf("the text original: %d %q", r.Status, r.Body)
		}
		// Who else: not another body's clerk, nor the public; the unstamped original for staff alone, audited.
		if r := a.Browser("unit").Get(file); r.Status != 404 {
			t.Errorf("a body's clerk downloads a members' document's PDF: %d", r.Status)
		}
		if r := a.Browser("").Get(file); r.Status != 404 {
			t.Errorf("the public downloads a members' document's PDF: %d", r.Status)
		}
		if r := dep.Get(file + "?original=1"); r.Status != 403 || bytes.HasPrefix(r.Body, []byte("%PDF")) {
			t.Errorf("a member downloads the unstamped original: %d", r.Status)
		}
		if page := string(staff.Get("/meetings/" + next.ID + "/documents/" + doc).Body); !strings.Contains(page, `href="`+file+`?original=1"`) {
			t.Error("staff's reading page has no link to the unstamped original")
		}
		if r := staff.Get(file + "?original=1"); r.Status != 200 || !bytes.Equal(r.Body, original.Bytes()) {
			t.Errorf("staff download the original: %d, as uploaded: %v", r.Status, bytes.Equal(r.Body, original.Bytes()))
		}
		if r := staff.Get(file); r.Status != 200 || !strings.Contains(pdfPages(t, r.Body)[2], flat(a.World.Staff.Name())) {
			t.Errorf("staff's ordinary download is not stamped with their name: %d", r.Status)
		}
		hist, err := a.DB.History(ctx, "meeting", next.ID)
		if err != nil {
			t.Fatal(err)
		}
		audited := 0
		for _, h := range hist {
			if h.Action == "download_original" && strings.Contains(h.Note, "预算报告.pdf") && h.ActorName == a.World.Staff.Name() {
				audited++
			}
		}
		if audited != 1 {
			t.Errorf("the original's download is in the meeting's history %d times, want 1", audited)
		}

		// A PDF that cannot be read: refused, nothing served unstamped.
		_, broken := upload("损坏的文件", map[string][]byte{"损坏.pdf": []byte("%PDF-1.4\nthis is not a PDF at all")})
		if r := dep.Get(broken["损坏.pdf"]); r.Status != 422 || bytes.HasPrefix(r.Body, []byte("%PDF")) || !strings.Contains(string(r.Body), "无法读取") {
			t.Errorf("a broken PDF: %d %.200s", r.Status, r.Body)
		}
		// No fonts: a clear 503, nothing unstamped.
		bare := apptest.New(t, apptest.Options{Share: a, PDFFont: filepath.Join(t.TempDir(), "missing.ttf")})
		if r := bare.Browser("deputy").Get(file); r.Status != 503 || bytes.HasPrefix(r.Body, []byte("%PDF")) || !strings.Contains(string(r.Body), "fonts-droid-fallback") {
			t.Errorf("the PDF without fonts: %d", r.Status)
		}
	})
}
