package web_test

import (
	"bytes"
	"context"
	"image"
	"image/color"
	"image/png"
	"net/http"
	"slices"
	"strings"
	"testing"

	"renda"
	"renda/internal/apptest"
	"renda/internal/attach"
	"renda/internal/httpx"
	"renda/opinion"
	"renda/project"
	"renda/suggestion"
)

// TestAttachmentsServedOnlyWithTheirItem: for each kind of item that has
// files, a viewer who may see the item gets the file with the one set of
// headers; a viewer who may not see it gets 404; the file asked for under
// another item's id gets 404.
func TestAttachmentsServedOnlyWithTheirItem(t *testing.T) {
	apptest.Each(t, apptest.Options{Demo: true}, func(t *testing.T, a *apptest.App) {
		ctx := context.Background()
		w := a.World
		add := func(entity, id, name string, data []byte, kind attach.Kind) (*renda.Attachment, *attach.File) {
			t.Helper()
			f, err := attach.Check(name, bytes.NewReader(data), kind)
			if err != nil {
				t.Fatal(err)
			}
			att, err := a.DB.AddAttachment(ctx, w.Admin, entity, id, f)
			if err != nil {
				t.Fatal(err)
			}
			return att, f
		}
		// gets checks viewer b gets the file with the headers every file has.
		gets := func(who string, b *apptest.Browser, path string, f *attach.File, disposition string) {
			t.Helper()
			r := b.Get(path)
			if r.Status != 200 || !bytes.Equal(r.Body, f.Data) {
				t.Errorf("%s %s: %d (%d bytes), want the file (%d bytes)", who, path, r.Status, len(r.Body), len(f.Data))
				return
			}
			h := r.Header
			for name, want := range map[string]string{"Content-Type": f.ContentType, "X-Content-Type-Options": "nosniff",
				"Cache-Control": "private, no-store", "Content-Security-Policy": httpx.FileCSP, "Content-Disposition": attach.Disposition(disposition, f.Name)} {
				if got := h.Get(name); got != want {
					t.Errorf("%s %s: %s %q, want %q", who, path, name, got, want)
				}
			}
		}
		refused := func(who string, b *apptest.Browser, path string, f *attach.File) {
			t.Helper()
			r := b.Get(path)
			if r.Status != http.StatusNotFound || bytes.Contains(r.Body, f.Data) {
				t.Errorf("%s %s: %d, want 404 without the file", who, path, r.Status)
			}
		}
		anon := a.Browser("")
		staff := a.Browser(w.Staff.Username)

		// Suggestions: a unit sees the items assigned to it, not another unit's.
		sugs, _, err := a.DB.Suggestions(ctx, w.Unit1, suggestion.Filter{Limit: 100})
		if err != nil {
			t.Fatal(err)
		}
		var sug, otherSug string
		for _, s := range sugs {
			if _, err := a.DB.Suggestion(ctx, w.Unit2, s.ID); renda.ErrorCode(err) == renda.ENOTFOUND && sug == "" {
				sug = s.ID
			} else if otherSug == "" {
				otherSug = s.ID
			}
		}
		if sug == "" || otherSug == "" {
			t.Fatalf("the demo has no suggestion only unit 1 sees (%d seen)", len(sugs))
		}
		pdf, pdfFile := add("suggestion", sug, "答复函.pdf", []byte("%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"), attach.Document)
		txt, txtFile := add("suggestion", sug, "办理说明.txt", []byte("办理情况说明：已安排专项资金。\n"), attach.Document)
		unit1, unit2 := a.Browser(w.Unit1.Username), a.Browser(w.Unit2.Username)
		gets("unit 1", unit1, "/suggestions/"+sug+"/files/"+pdf.ID, pdfFile, "inline")
		gets("unit 1", unit1, "/suggestions/"+sug+"/files/"+txt.ID, txtFile, "attachment")
		gets("staff", staff, "/suggestions/"+sug+"/files/"+txt.ID, txtFile, "attachment")
		refused("unit 2", unit2, "/suggestions/"+sug+"/files/"+pdf.ID, pdfFile)
		refused("unit 1, under another suggestion", unit1, "/suggestions/"+otherSug+"/files/"+pdf.ID, pdfFile)

		// Opinions: a deputy sees their own inbox, not another deputy's.
		ops, _, err := a.DB.Opinions(ctx, w.Deputy1, opinion.Filter{Limit: 200})
		if err != nil {
			t.Fatal(err)
		}
		var op, otherOp string
		for _, o := range ops {
			if _, err := a.DB.Opinion(ctx, w.Deputy2, o.ID); renda.ErrorCode(err) == renda.ENOTFOUND && op == "" {
				op = o.ID
			} else if otherOp == "" {
				otherOp = o.ID
			}
		}
		if op == "" || otherOp == "" {
			t.Fatalf("the demo has no opinion only deputy 1 sees (%d seen)", len(ops))
		}
		photo, photoFile := add("opinion", op, "现场.png", pngImage(t), attach.Image)
		dep1, dep2 := a.Browser(w.Deputy1.Username), a.Browser(w.Deputy2.Username)
		gets("deputy 1", dep1, "/opinions/"+op+"/photos/"+photo.ID, photoFile, "inline")
		refused("deputy 2", dep2, "/opinions/"+op+"/photos/"+photo.ID, photoFile)
		refused("unit 2", unit2, "/opinions/"+op+"/photos/"+photo.ID, photoFile)
		refused("deputy 1, under another opinion", dep1, "/opinions/"+otherOp+"/photos/"+photo.ID, photoFile)
		refused("deputy 1, a suggestion's file as the opinion's", dep1, "/opinions/"+op+"/photos/"+pdf.ID, pdfFile)

		// Projects: adopted ones are public with their reports' photos;
		// proposals and candidates are for signed-in users only.
		all, _, err := a.DB.Projects(ctx, w.Staff, project.Filter{Limit: 500})
		if err != nil {
			t.Fatal(err)
		}
		var public, hidden string
		for _, p := range all {
			adopted := slices.Contains([]string{"adopted", "in_progress", "completed", "rated"}, p.Status)
			if adopted && public == "" {
				public = p.ID
			}
			if !adopted && hidden == "" {
				hidden = p.ID
			}
		}
		if public == "" || hidden == "" {
			t.Fatalf("the demo lacks an adopted or a candidate project (%d projects)", len(all))
		}
		_, detail, err := a.DB.ProjectDetails(ctx, nil, public)
		if err != nil {
			t.Fatal(err)
		}
		rep := &project.ProgressReport{Percent: 50, Text: "主体工程完工过半。"}
		if len(detail.Reports) > 0 {
			rep = detail.Reports[0]
		} else if err := a.DB.ReportProgress(ctx, w.Staff, public, rep, nil); err != nil {
			t.Fatal(err)
		}
		site, siteFile := add("project_report", rep.ID, "工地.png", pngImage(t), attach.Image)
		gets("the public", anon, "/projects/"+public+"/files/"+site.ID, siteFile, "inline")
		refused("the public, under another project", anon, "/projects/"+hidden+"/files/"+site.ID, siteFile)
		refused("staff, under another project", staff, "/projects/"+hidden+"/files/"+site.ID, siteFile)
		plan, planFile := add("project", hidden, "方案.pdf", []byte("%PDF-1.4\n%候选项目方案\n%%EOF\n"), attach.Document)
		gets("a deputy", dep1, "/projects/"+hidden+"/files/"+plan.ID, planFile, "inline")
		refused("the public", anon, "/projects/"+hidden+"/files/"+plan.ID, planFile)
		refused("a deputy, under another project", dep1, "/projects/"+public+"/files/"+plan.ID, planFile)

		// Deputies: a photo is public, and only under its deputy.
		d, other := w.Deputies[0], w.Deputies[1]
		f, err := attach.Check("照片.png", bytes.NewReader(pngImage(t)), attach.Image)
		if err != nil {
			t.Fatal(err)
		}
		if err := a.DB.SetDeputyPhoto(ctx, w.Admin, d.ID, f); err != nil {
			t.Fatal(err)
		}
		gets("the public", anon, "/deputies/"+d.ID+"/photo", f, "inline")
		d, err = a.DB.Deputy(ctx, w.Admin, d.ID)
		if err != nil {
			t.Fatal(err)
		}
		if _, _, err := a.DB.AttachmentFor(ctx, nil, "deputy", other.ID, d.PhotoID); renda.ErrorCode(err) != renda.ENOTFOUND {
			t.Errorf("a deputy's photo under another deputy: %v, want not found", err)
		}
		if _, _, err := a.DB.AttachmentFor(ctx, w.Admin, "deputy", d.ID, d.PhotoID); err != nil {
			t.Errorf("a deputy's photo under its deputy: %v", err)
		}

		// A file of a kind of item no workflow registered is shown to no one.
		stray, _ := add("nothing", d.ID, "x.png", pngImage(t), attach.Image)
		if _, _, err := a.DB.AttachmentFor(ctx, w.Admin, "nothing", d.ID, stray.ID); renda.ErrorCode(err) != renda.ENOTFOUND {
			t.Errorf("a file of an unregistered kind: %v, want not found", err)
		}
		if strings.Contains(a.Log.String(), `"level":"ERROR"`) {
			t.Errorf("errors logged:\n%s", a.Log.String())
		}
	})
}

// pngImage is a small PNG.
func pngImage(t *testing.T) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, 8, 6))
	for x := range 8 {
		img.Set(x, 3, color.RGBA{R: 200, A: 255})
	}
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}
