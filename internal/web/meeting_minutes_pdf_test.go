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

// pdfText returns the text pdftotext reads from a PDF, with white space
// removed (pdftotext spaces out mixed Chinese and Latin text its own way),
// after checking that every font in it is embedded (pdffonts).
func pdfText(t *testing.T, pdf []byte) string {
	t.Helper()
	if !bytes.HasPrefix(pdf, []byte("%PDF-")) {
		t.Fatalf("not a PDF: %.80q", pdf)
	}
	path := filepath.Join(t.TempDir(), "minutes.pdf")
	if err := os.WriteFile(path, pdf, 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("pdftotext", "-enc", "UTF-8", path, "-").Output()
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
