package web_test

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"renda/internal/apptest"
	"renda/internal/pdfdoc"
	"renda/internal/storetest"
	"renda/meeting"
)

// pdfText returns the text pdftotext reads from a PDF (with options such
// as -raw: in the order it is drawn, which keeps turned text whole), with
// white space removed (pdftotext spaces out mixed Chinese and Latin text its
// own way), after checking that every font in it is embedded (pdffonts).
func pdfText(t *testing.T, pdf []byte, opts ...string) string {
	t.Helper()
	if !bytes.HasPrefix(pdf, []byte("%PDF-")) {
		t.Fatalf("not a PDF: %.80q", pdf)
	}
	path := filepath.Join(t.TempDir(), "minutes.pdf")
	if err := os.WriteFile(path, pdf, 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("pdftotext", append(append([]string{"-enc", "UTF-8"}, opts...), path, "-")...).Output()
	if err != nil {
		t.Fatalf("pdftotext cannot read the PDF: %v", err)
	}
	fonts, err := exec.Command("pdffonts", path).Output()
	if err != nil {
		t.Fatalf("pdffonts: %v", err)
	}
	lines := strings.Split(strings.TrimSpace(string(fonts)), "\n")
	if len(lines) < 3 {
		t.Errorf("no fonts in the PDF:\n%s", fonts)
	}
	for _, l := range lines[2:] {
		// name type encoding emb sub uni object ID: emb is the 5th field from the end.
		if f := strings.Fields(l); len(f) < 5 || f[len(f)-5] != "yes" {
			t.Errorf("a font is not embedded: %s", l)
		}
	}
	return strings.Join(strings.Fields(string(out)), "")
}

func flat(s string) string { return strings.Join(strings.Fields(s), "") }

// TestMinutesPDF: staff download a meeting's minutes as a PDF renda writes
// itself; it opens (pdftotext reads it), its fonts are embedded, and it
// has the meeting's title, an agenda item and a vote's result in Chinese;
// a session's minutes, on the page and in the PDF, give the groups'
// deliberation and each candidate's votes in the 差额 election; the English
// PDF is in English; a deputy may not download it. A server without fonts
// hides the link and answers 503 with what to install.
func TestMinutesPDF(t *testing.T) {
	if err := pdfdoc.FindFonts().Check(); err != nil {
		storetest.SkipOrFail(t, "no Chinese TrueType font for PDFs (apt-get install fonts-droid-fallback fonts-dejavu-core): %v", err)
	}
	if _, err := exec.LookPath("pdftotext"); err != nil {
		storetest.SkipOrFail(t, "pdftotext missing (apt-get install poppler-utils)")
	}
	apptest.Each(t, apptest.Options{Demo: true}, func(t *testing.T, a *apptest.App) {
		ctx := context.Background()
		all, _, err := a.DB.Meetings(ctx, a.World.Staff, meeting.Filter{})
		if err != nil {
			t.Fatal(err)
		}
		var past, session *meeting.Meeting
		for _, m := range all {
			if m.Kind == meeting.Standing && m.State == meeting.Published && past == nil {
				past = m
			}
			if m.IsSession() && session == nil {
				session = m
			}
		}
		if past == nil || session == nil {
			t.Fatalf("the demo lacks a published standing committee meeting or a session")
		}
		past, _ = a.DB.Meeting(ctx, a.World.Staff, past.ID)
		session, _ = a.DB.Meeting(ctx, a.World.Staff, session.ID)
		staff := a.Browser("staff")

		page := staff.Get("/meetings/" + past.ID + "/minutes")
		if page.Status != 200 || !strings.Contains(string(page.Body), `href="/meetings/`+past.ID+`/minutes.pdf"`) {
			t.Fatalf("minutes page %d without the PDF link", page.Status)
		}
		r := staff.Get("/meetings/" + past.ID + "/minutes.pdf")
		if r.Status != 200 || r.Header.Get("Content-Type") != "application/pdf" {
			t.Fatalf("minutes.pdf: %d %s %.200s", r.Status, r.Header.Get("Content-Type"), r.Body)
		}
		text := pdfText(t, r.Body)
		var item, voted *meeting.Item
		for _, it := range past.Items {
			if item == nil {
				item = it
			}
			if it.VoteID != "" && voted == nil {
				voted = it
			}
		}
		if voted == nil {
			t.Fatal("no voted item in the demo meeting")
		}
		res, err := a.DB.Result(ctx, voted.VoteID)
		if err != nil || res == nil || len(res.Items) == 0 {
			t.Fatalf("the voted item's result: %v", err)
		}
		wantResult := "赞成" + strconv.Itoa(res.Items[0].Yes) + "票，反对" + strconv.Itoa(res.Items[0].No) + "票，弃权" + strconv.Itoa(res.Items[0].Abstain) + "票"
		for _, w := range []string{flat(past.Title), "会议纪要", flat(item.Title), flat(voted.Title), wantResult, "赞成21票", flat(voted.ResultLabel())} {
			if !strings.Contains(text, w) {
				t.Errorf("the minutes PDF lacks %q:\n%.3000s", w, text)
			}
		}
		if len(past.Resolutions) == 0 || !strings.Contains(text, flat(past.Resolutions[0].Title)) {
			t.Error("the minutes PDF lacks the resolution")
		}

		// A session: the groups' deliberation and the election, on the page and in the PDF.
		if len(session.Elections) == 0 || len(session.Opinions) == 0 {
			t.Fatalf("the demo session has %d elections and %d opinions", len(session.Elections), len(session.Opinions))
		}
		el := session.Elections[0]
		var elected, beaten *meeting.Candidate
		for _, c := range el.Candidates {
			if c.Elected && elected == nil {
				elected = c
			}
			if !c.Elected && !c.Tie {
				beaten = c
			}
		}
		if elected == nil || beaten == nil || beaten.Votes == 0 {
			t.Fatalf("the demo election has no elected and beaten candidate with votes: %+v", el.Candidates)
		}
		var summarised *meeting.Item
		for _, it := range session.Items {
			if it.Summary != "" {
				summarised = it
			}
		}
		if summarised == nil {
			t.Fatal("no item of the demo session has a summary")
		}
		op := session.Opinions[0]
		group := session.Group(op.GroupID)
		spage := staff.Get("/meetings/" + session.ID + "/minutes")
		if spage.Status != 200 {
			t.Fatalf("session minutes: %d", spage.Status)
		}
		body := flat(string(spage.Body))
		if want := "汇总意见：" + flat(strings.ReplaceAll(summarised.Summary, "\n", "<br>")); !strings.Contains(body, want) {
			t.Errorf("session minutes page lacks the summary %q", want)
		}
		for _, w := range []string{
			"分组审议情况", "汇总意见：", "汇总草稿：", flat(group.Name) + "：" + op.Speaker + "代表提出，",
			"选举结果", flat(el.Title), "<td>" + elected.Name + "</td><tdclass=\"num\">" + strconv.Itoa(elected.Votes) + "</td><td>当选</td>",
			"<td>" + beaten.Name + "</td><tdclass=\"num\">" + strconv.Itoa(beaten.Votes) + "</td><td>未当选</td>",
		} {
			if !strings.Contains(body, w) {
				t.Errorf("session minutes page lacks %q", w)
			}
		}
		r = staff.Get("/meetings/" + session.ID + "/minutes.pdf")
		if r.Status != 200 {
			t.Fatalf("session minutes.pdf: %d", r.Status)
		}
		text = pdfText(t, r.Body)
		for _, w := range []string{
			flat(session.Title), "分组审议情况", "汇总意见：" + flat(summarised.Summary), "汇总草稿：", flat(group.Name) + "：" + op.Speaker + "代表提出，",
			"选举结果", flat(el.Title), elected.Name + "：" + strconv.Itoa(elected.Votes) + "票，当选",
			beaten.Name + "：" + strconv.Itoa(beaten.Votes) + "票，未当选",
		} {
			if !strings.Contains(text, w) {
				t.Errorf("the session minutes PDF lacks %q:\n%.4000s", w, text)
			}
		}

		// In English.
		r = staff.Get("/meetings/" + session.ID + "/minutes.pdf?lang=en")
		if text := pdfText(t, r.Body); r.Status != 200 || !strings.Contains(text, "Minutes") || !strings.Contains(text, "Electionresults") || strings.Contains(text, "选举结果") {
			t.Errorf("English minutes PDF: %d\n%.2000s", r.Status, text)
		}
		// Same authorisation as the minutes page.
		if r := a.Browser("deputy").Get("/meetings/" + past.ID + "/minutes.pdf"); r.Status != 403 {
			t.Errorf("a deputy downloads the minutes PDF: %d", r.Status)
		}

		// A server whose fonts are missing: no link, and a clear 503.
		bare := apptest.New(t, apptest.Options{Share: a, PDFFont: filepath.Join(t.TempDir(), "missing.ttf")})
		bs := bare.Browser("staff")
		if page := bs.Get("/meetings/" + past.ID + "/minutes"); page.Status != 200 || strings.Contains(string(page.Body), "minutes.pdf") {
			t.Errorf("minutes page without fonts: %d, PDF link shown", page.Status)
		}
		if r := bs.Get("/meetings/" + past.ID + "/minutes.pdf"); r.Status != 503 || !strings.Contains(string(r.Body), "fonts-droid-fallback") {
			t.Errorf("minutes.pdf without fonts: %d", r.Status)
		}
	})
}

// TestMeetingDocumentPDF: a member downloads a meeting document's text as
// a PDF with their own name and the time across every page; another member
// gets theirs, not the first's; an earlier version comes as itself; a body
// that may not read the document gets 404, the public the sign-in page.
func TestMeetingDocumentPDF(t *testing.T) {
	if err := pdfdoc.FindFonts().Check(); err != nil {
		storetest.SkipOrFail(t, "no Chinese TrueType font for PDFs (apt-get install fonts-droid-fallback fonts-dejavu-core): %v", err)
	}
	if _, err := exec.LookPath("pdftotext"); err != nil {
		storetest.SkipOrFail(t, "pdftotext missing (apt-get install poppler-utils)")
	}
	apptest.Each(t, apptest.Options{Demo: true}, func(t *testing.T, a *apptest.App) {
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
		if doc == nil {
			t.Fatal("the demo has no revised document")
		}
		rd, err := a.DB.ReadMeetingDocument(ctx, a.World.Staff, next.ID, doc.ID)
		if err != nil {
			t.Fatal(err)
		}
		v1, v2 := rd.Document.VersionN(1), rd.Document.VersionN(2)
		if v1 == nil || v2 == nil || len(v2.Paragraphs()) == 0 {
			t.Fatal("the revised document lacks its text")
		}
		base := "/meetings/" + next.ID + "/documents/" + doc.ID
		dep := a.Browser("deputy")
		if page := dep.Get(base); page.Status != 200 || !strings.Contains(string(page.Body), `href="`+base+`/pdf?v=2"`) {
			t.Fatalf("reading page %d without the PDF link", page.Status)
		}
		name1, name2 := a.World.Deputy1.Name(), a.World.Users["deputy2"].Name()
		r := dep.Get(base + "/pdf")
		if r.Status != 200 || r.Header.Get("Content-Type") != "application/pdf" {
			t.Fatalf("document PDF: %d %.200s", r.Status, r.Body)
		}
		text := pdfText(t, r.Body, "-raw")
		// The watermark: 14 times a page (and once under the text).
		if n := strings.Count(text, flat(name1)); n < 15 || strings.Count(text, "仅供本人阅读") != n {
			t.Errorf("document PDF has the reader's name %s %d times, want it across the page:\n%.1500s", name1, n, text)
		}
		for _, w := range []string{flat(doc.Title), "第2版", flat(v2.Paragraphs()[0])} {
			if !strings.Contains(text, w) {
				t.Errorf("document PDF lacks %q:\n%.1500s", w, text)
			}
		}
		r = a.Browser("deputy2").Get(base + "/pdf?v=1")
		if text := pdfText(t, r.Body, "-raw"); r.Status != 200 || strings.Count(text, flat(name2)) < 15 || strings.Contains(text, flat(name1)) || !strings.Contains(text, "第1版") ||
			!strings.Contains(text, flat(v1.Paragraphs()[0])) {
			t.Errorf("another member's PDF of version 1: %d\n%.1500s", r.Status, text)
		}
		if r := a.Browser("unit").Get(base + "/pdf"); r.Status != 404 {
			t.Errorf("a body's clerk downloads a members' document: %d", r.Status)
		}
		if r := a.Browser("").Get(base + "/pdf"); r.Status != 303 {
			t.Errorf("the public downloads a members' document: %d", r.Status)
		}
	})
}
