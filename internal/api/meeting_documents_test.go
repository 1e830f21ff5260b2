package api_test

import (
	"slices"
	"strings"
	"testing"

	"renda/internal/apptest"
)

// TestMeetingDocumentsAPI: on the demo's next meeting, a member lists and
// reads the documents (versions, the late one flagged, their watermark); a
// body's clerk and the public are not told they exist; notes are the
// author's alone — another member, staff and the public never see or delete
// them.
func TestMeetingDocumentsAPI(t *testing.T) {
	apptest.Each(t, apptest.Options{Demo: true}, func(t *testing.T, a *apptest.App) {
		staff, dep, dep2, unit := a.Token("staff"), a.Token("deputy"), a.Token("deputy2"), a.Token("unit")
		var meetings struct {
			Items []map[string]any `json:"items"`
		}
		a.Call("GET", "/api/v1/meetings?kind=standing", staff, nil).JSON(t, &meetings)
		next := meetings.Items[0]["id"].(string)
		base := "/api/v1/meetings/" + next + "/documents"
		var list struct {
			Items []map[string]any `json:"items"`
			Total int              `json:"total"`
		}
		a.Call("GET", base, dep, nil).JSON(t, &list)
		if list.Total != 4 || !slices.Equal(keys(list.Items[0]), []string{"access", "distribute_due", "distributed_at", "id", "item_id", "kind", "late_distributed",
			"late_received", "received_on", "submitter", "title", "version"}) {
			t.Fatalf("member's list: %d %v", list.Total, keys(list.Items[0]))
		}
		var revised, late string
		for _, it := range list.Items {
			if it["version"].(float64) == 2 {
				revised = it["id"].(string)
			}
			if it["late_distributed"] == true {
				late = it["id"].(string)
			}
		}
		if revised == "" || late == "" {
			t.Fatalf("no revised or late document: %v", list.Items)
		}
		for _, tok := range []string{"", unit} {
			if r := a.Call("GET", base, tok, nil); r.Status != 404 {
				t.Errorf("outsider lists the next meeting's documents: %d", r.Status)
			}
			if r := a.Call("GET", base+"/"+revised, tok, nil); r.Status != 404 {
				t.Errorf("outsider reads a document: %d", r.Status)
			}
		}
		var doc struct {
			Version, Shown  int
			LastRead        int `json:"last_read"`
			Body, Watermark string
			Versions        []struct {
				N       int
				Current bool
				Files   []map[string]any
			}
		}
		a.Call("GET", base+"/"+revised, dep, nil).JSON(t, &doc)
		if doc.Version != 2 || doc.Shown != 2 || len(doc.Versions) != 2 || !doc.Versions[0].Current || !strings.Contains(doc.Body, "33.5%") ||
			!strings.Contains(doc.Watermark, a.World.Deputy1.Name()) {
			t.Fatalf("member reads the revised document: %+v", doc)
		}
		a.Call("GET", base+"/"+revised+"?version=1", dep, nil).JSON(t, &doc)
		if doc.Shown != 1 || !strings.Contains(doc.Body, "31.2%") || doc.LastRead != 2 {
			t.Errorf("version 1: shown %d, last read %d", doc.Shown, doc.LastRead)
		}
		if r := a.Call("GET", base+"/"+revised+"?version=9", dep, nil); r.Status != 404 {
			t.Errorf("version 9: %d", r.Status)
		}
		if r := a.Call("GET", base+"/"+revised+"?version=x", dep, nil); r.Status != 422 {
			t.Errorf("version x: %d", r.Status)
		}
		// Notes.
		notes := base + "/" + revised + "/notes"
		var n struct{ ID, Body string }
		if r := a.Call("POST", notes, dep, map[string]any{"body": "政府性基金收入下降原因需询问"}); r.Status != 201 {
			t.Fatalf("add note: %d %s", r.Status, r.Body)
		} else {
			r.JSON(t, &n)
		}
		if r := a.Call("POST", notes, dep, map[string]any{"body": ""}); r.Status != 422 {
			t.Errorf("empty note: %d", r.Status)
		}
		var mine struct {
			Items []map[string]any `json:"items"`
		}
		a.Call("GET", notes, dep, nil).JSON(t, &mine)
		if len(mine.Items) != 1 || mine.Items[0]["body"] != "政府性基金收入下降原因需询问" {
			t.Fatalf("author's notes: %v", mine.Items)
		}
		for _, tok := range []string{dep2, staff, a.Token("admin")} {
			mine.Items = nil
			a.Call("GET", notes, tok, nil).JSON(t, &mine)
			if len(mine.Items) != 0 {
				t.Errorf("another reader sees the note: %v", mine.Items)
			}
			if r := a.Call("DELETE", notes+"/"+n.ID, tok, nil); r.Status != 404 {
				t.Errorf("another reader deletes the note: %d", r.Status)
			}
		}
		if r := a.Call("GET", notes, "", nil); r.Status != 401 {
			t.Errorf("the public read notes: %d", r.Status)
		}
		if r := a.Call("POST", notes, unit, map[string]any{"body": "x"}); r.Status != 404 {
			t.Errorf("a clerk notes a document of a meeting not theirs: %d", r.Status)
		}
		if r := a.Call("DELETE", notes+"/"+n.ID, dep, nil); r.Status != 204 {
			t.Errorf("the author deletes the note: %d", r.Status)
		}
		// Staff add a document through the meeting's action.
		if r := a.Call("POST", "/api/v1/meetings/"+next+"/actions/add_document", staff, map[string]any{"title": "补充材料", "kind": "material", "access": "members", "body": "正文"}); r.Status != 200 {
			t.Errorf("add a document: %d %s", r.Status, r.Body)
		}
		if r := a.Call("POST", "/api/v1/meetings/"+next+"/actions/add_document", dep, map[string]any{"title": "x", "kind": "material", "access": "members", "body": "y"}); r.Status != 403 {
			t.Errorf("a member adds a document: %d", r.Status)
		}
	})
}
