package web_test

import (
	"bytes"
	"context"
	"mime/multipart"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"renda/internal/apptest"
	"renda/meeting"
)

// TestMeetingDocumentPages: a member opens the next meeting on a phone,
// reads the revised report with their name as a watermark and is told it
// changed; keeps a note another member never sees nor deletes; the public
// and another body's clerk get 404; staff see the late document flagged;
// staff add a document with its original through the meeting's form.
func TestMeetingDocumentPages(t *testing.T) {
	apptest.Each(t, apptest.Options{Demo: true}, func(t *testing.T, a *apptest.App) {
		ctx := context.Background()
		all, _, _ := a.DB.Meetings(ctx, a.World.Staff, meeting.Filter{Kind: meeting.Standing})
		next := all[0]
		_, docs, err := a.DB.MeetingDocuments(ctx, a.World.Staff, next.ID)
		if err != nil {
			t.Fatal(err)
		}
		var revised *meeting.Document
		for _, d := range docs {
			if d.Version == 2 {
				revised = d
			}
		}
		path := "/meetings/" + next.ID + "/documents/" + revised.ID
		dep := a.Browser("deputy")
		if body := string(dep.Get("/meetings/" + next.ID).Body); !strings.Contains(body, `href="`+path+`"`) || !strings.Contains(body, `id="documents"`) {
			t.Fatal("the member's meeting page does not list the documents")
		}
		page := dep.Get(path)
		body := string(page.Body)
		if page.Status != 200 || !strings.Contains(body, `id="watermark"`) || !strings.Contains(body, a.World.Deputy1.Name()+" ") || !strings.Contains(body, "仅供本人阅读") {
			t.Fatalf("reading page %d without the reader's watermark", page.Status)
		}
		if !strings.Contains(body, "33.5%") || !strings.Contains(body, "?v=1") {
			t.Error("reading page without the current text or the earlier version")
		}
		if r := dep.Get(path + "?v=1"); !strings.Contains(string(r.Body), "31.2%") || !strings.Contains(string(r.Body), "已被取代的旧版本") {
			t.Error("version 1 is not readable or not marked superseded")
		}
		// Notes are the author's alone.
		if r := dep.Post(path+"/notes", url.Values{"body": {"第三部分数据待核实"}}); r.Status != 303 {
			t.Fatalf("note: %d %s", r.Status, r.Body)
		}
		body = string(dep.Get(path).Body)
		if !strings.Contains(body, "第三部分数据待核实") {
			t.Fatal("the author does not see their note")
		}
		noteID := regexp.MustCompile(`/notes/([0-9a-z]+)/delete`).FindStringSubmatch(body)
		if noteID == nil {
			t.Fatal("no delete button on the author's note")
		}
		dep2 := a.Browser("deputy2")
		if b := string(dep2.Get(path).Body); strings.Contains(b, "第三部分数据待核实") || !strings.Contains(b, a.World.Deputy2.Name()+" ") {
			t.Error("another member sees the note, or not their own watermark")
		}
		if r := dep2.Post(path+"/notes/"+noteID[1]+"/delete", url.Values{}); r.Status != 404 {
			t.Errorf("another member deletes the note: %d", r.Status)
		}
		staff := a.Browser("staff")
		if b := string(staff.Get(path).Body); strings.Contains(b, "第三部分数据待核实") {
			t.Error("staff see a member's note")
		}
		if r := dep.Post(path+"/notes", url.Values{"body": {""}}); r.Status != 422 || !strings.Contains(string(r.Body), "笔记") {
			t.Errorf("empty note: %d", r.Status)
		}
		for _, b := range []*apptest.Browser{a.Browser(""), a.Browser("unit")} {
			if r := b.Get(path); r.Status != 404 {
				t.Errorf("outsider reads the document: %d", r.Status)
			}
		}
		// Staff: the late document flagged; a new document with its original.
		sp := string(staff.Get("/meetings/" + next.ID).Body)
		if !strings.Contains(sp, "迟发") || !strings.Contains(sp, `action="/meetings/`+next.ID+`/add_document"`) {
			t.Error("staff page without the late flag or the add-document form")
		}
		var buf bytes.Buffer
		mw := multipart.NewWriter(&buf)
		for k, v := range map[string]string{"csrf": staff.CSRF(), "title": "补充说明", "kind": "explanation", "access": "attendees", "body": "补充说明正文"} {
			_ = mw.WriteField(k, v)
		}
		fw, _ := mw.CreateFormFile("files", "说明.txt")
		_, _ = fw.Write([]byte("补充说明原件"))
		_ = mw.Close()
		r := staff.PostRaw("/meetings/"+next.ID+"/add_document", mw.FormDataContentType(), &buf)
		if r.Status != 303 {
			t.Fatalf("add a document with a file: %d %s", r.Status, r.Body)
		}
		_, docs, _ = a.DB.MeetingDocuments(ctx, a.World.Staff, next.ID)
		added := docs[len(docs)-1]
		rd, err := a.DB.ReadMeetingDocument(ctx, a.World.Staff, next.ID, added.ID)
		if err != nil || len(rd.Document.Versions[0].Files) != 1 {
			t.Fatalf("the original was not kept: %v", err)
		}
		file := path[:strings.LastIndex(path, "/")] + "/" + added.ID + "/files/" + rd.Document.Versions[0].Files[0].ID
		if r := staff.Get(file); r.Status != 200 || string(r.Body) != "补充说明原件" {
			t.Errorf("staff download the original: %d", r.Status)
		}
		if r := dep.Get(file); r.Status != 404 {
			t.Errorf("a member downloads an undistributed document's file: %d", r.Status)
		}
	})
}
