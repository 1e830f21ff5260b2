package store_test

import (
	"context"
	"strings"
	"testing"

	"renda"
	"renda/internal/attach"
	"renda/internal/storetest"
	"renda/meeting"
)

// TestMeetingDocuments walks a meeting's documents on both databases: the
// windows (a report received on the last day of the twenty-day window is on
// time, the day after is late; a document distributed on the seventh day
// before is on time, the sixth late), who reads what (nothing before
// distribution; 列席 only their level; the public only public documents and
// only once the meeting is public), versions (the earlier kept, the reader
// told), notes only ever seen by their author, and every add, distribution
// and version in the meeting's history.
func TestMeetingDocuments(t *testing.T) {
	for _, d := range storetest.Dialects(t) {
		t.Run(d.String(), func(t *testing.T) {
			ctx := context.Background()
			clock := renda.NewTestClock(at(2026, 9, 28))
			db := storetest.Open(t, d, clock)
			fx := storetest.Fixture(t, db)
			member, attendee := fx.DeputyUser, fx.DeputyUser2
			// Meeting on Tuesday 2026-10-20: reports due by 09-30, distribution by 10-13.
			m, err := db.CreateMeeting(ctx, fx.Staff, fx.Congress.ID, renda.Values{"kind": {"standing"}, "title": {"第二十四次常委会会议"}, "number": {"24"},
				"date": {"2026-10-20"}, "members": {fx.Deputy1.ID}, "attendees": {fx.Deputy2.ID}})
			if err != nil {
				t.Fatal(err)
			}
			if m, err = db.ActOnMeeting(ctx, fx.Staff, m.ID, "add_item", renda.V("title", "关于预算执行情况的报告", "kind", "report")); err != nil {
				t.Fatal(err)
			}
			add := func(title, access, received string, files ...*attach.File) *meeting.Document {
				t.Helper()
				in := renda.V("title", title, "kind", "report", "access", access, "item", m.Items[0].ID, "submitter", "市财政局", "body", title+"正文第一段。\n\n第二段。")
				if received != "" {
					in["received"] = []string{received}
				}
				got, err := db.ActOnMeeting(ctx, fx.Staff, m.ID, "add_document", in, files...)
				if err != nil {
					t.Fatalf("add %s: %v", title, err)
				}
				return got.Documents[len(got.Documents)-1]
			}
			pdf := &attach.File{Name: "报告.pdf", ContentType: "application/pdf", Data: []byte("%PDF-1.4\n%%EOF\n")}
			onTime := add("预算执行情况的报告", meeting.AccessMembers, "2026-09-28", pdf)
			clock.Set(at(2026, 10, 1))
			lateReport := add("审计工作报告", meeting.AccessAttendees, "2026-10-01")
			public := add("会议议程", meeting.AccessPublic, "")
			if onTime.LateReceived() || !lateReport.LateReceived() || onTime.ReceivedDue != renda.NewDate(2026, 9, 30) {
				t.Fatalf("report window: on time %v (due %s), late %v", onTime.LateReceived(), onTime.ReceivedDue, lateReport.LateReceived())
			}
			// Before distribution only the staff side reads them.
			if _, err := db.ReadMeetingDocument(ctx, member, m.ID, onTime.ID); renda.ErrorCode(err) != renda.ENOTFOUND {
				t.Fatalf("a member reads an undistributed document: %v", err)
			}
			if _, docs, _ := db.MeetingDocuments(ctx, fx.Staff, m.ID); len(docs) != 3 {
				t.Fatalf("staff see %d documents", len(docs))
			}
			distribute := func(doc *meeting.Document) *meeting.Document {
				t.Helper()
				got, err := db.ActOnMeeting(ctx, fx.Staff, m.ID, "distribute_document", renda.V("document", doc.ID))
				if err != nil {
					t.Fatalf("distribute %s: %v", doc.Title, err)
				}
				for _, x := range got.Documents {
					if x.ID == doc.ID {
						return x
					}
				}
				t.Fatal("distributed document gone")
				return nil
			}
			clock.Set(at(2026, 10, 13))
			if x := distribute(onTime); x.LateDistributed() || x.DistributeDue != renda.NewDate(2026, 10, 13) {
				t.Errorf("distributed on the last day: late %v, due %s", x.LateDistributed(), x.DistributeDue)
			}
			if _, err := db.ActOnMeeting(ctx, fx.Staff, m.ID, "distribute_document", renda.V("document", onTime.ID)); renda.ErrorCode(err) != renda.EINVALID {
				t.Errorf("distributed twice: %v", err)
			}
			clock.Set(at(2026, 10, 14))
			if x := distribute(lateReport); !x.LateDistributed() {
				t.Error("distributed six days before the meeting, not flagged late")
			}
			distribute(public)
			// Who reads what.
			reads := func(u *renda.User) []string {
				_, docs, err := db.MeetingDocuments(ctx, u, m.ID)
				if err != nil && renda.ErrorCode(err) != renda.ENOTFOUND {
					t.Fatal(err)
				}
				var out []string
				for _, x := range docs {
					out = append(out, x.Title)
				}
				return out
			}
			if got := reads(member); len(got) != 3 {
				t.Errorf("member reads %v", got)
			}
			if got := reads(attendee); strings.Join(got, "|") != "审计工作报告|会议议程" {
				t.Errorf("列席 reads %v", got)
			}
			if _, err := db.ReadMeetingDocument(ctx, attendee, m.ID, onTime.ID); renda.ErrorCode(err) != renda.ENOTFOUND {
				t.Errorf("列席 reads a members-only document: %v", err)
			}
			if got := reads(nil); len(got) != 0 {
				t.Errorf("the public read %v before the meeting", got)
			}
			if got := reads(fx.UnitUser); len(got) != 0 {
				t.Errorf("a unit's clerk reads %v", got)
			}
			// A new version: the reader who read version 1 is told.
			r1, err := db.ReadMeetingDocument(ctx, member, m.ID, onTime.ID)
			if err != nil || r1.LastRead != 0 || len(r1.Document.Versions) != 1 || len(r1.Document.Versions[0].Files) != 1 {
				t.Fatalf("first reading: %+v %v", r1, err)
			}
			if _, err := db.ActOnMeeting(ctx, fx.Staff, m.ID, "revise_document", renda.V("document", onTime.ID, "note", "更正第二部分数据", "body", "修订后的正文。")); err != nil {
				t.Fatal(err)
			}
			r2, err := db.ReadMeetingDocument(ctx, member, m.ID, onTime.ID)
			if err != nil || r2.LastRead != 1 || r2.Document.Version != 2 || len(r2.Document.Versions) != 2 || r2.Document.Current().Body != "修订后的正文。" ||
				r2.Document.VersionN(1).Body == "" {
				t.Fatalf("after a new version: last read %d, version %d, %d versions (%v)", r2.LastRead, r2.Document.Version, len(r2.Document.Versions), err)
			}
			if r3, _ := db.ReadMeetingDocument(ctx, member, m.ID, onTime.ID); r3.LastRead != 2 {
				t.Errorf("read again: last read %d", r3.LastRead)
			}
			notes, _, _, _ := db.Notifications(ctx, member.ID, 20, 0)
			told := false
			for _, n := range notes {
				told = told || strings.Contains(n.Title, "会议文件已更新")
			}
			if !told {
				t.Error("the member was not told of the new version")
			}
			// Notes: the author's alone.
			n, err := db.AddDocumentNote(ctx, member, m.ID, public.ID, "第三页数据需核实")
			if err != nil {
				t.Fatal(err)
			}
			if got, _ := db.DocumentNotes(ctx, member, m.ID, public.ID); len(got) != 1 || got[0].Body != "第三页数据需核实" {
				t.Errorf("author's notes %v", got)
			}
			for _, u := range []*renda.User{attendee, fx.Staff, fx.Admin} {
				if got, err := db.DocumentNotes(ctx, u, m.ID, public.ID); err != nil || len(got) != 0 {
					t.Errorf("%s sees notes %v (%v)", u.Username, got, err)
				}
				if r, err := db.ReadMeetingDocument(ctx, u, m.ID, public.ID); err != nil || len(r.Notes) != 0 {
					t.Errorf("%s's reading shows notes (%v)", u.Username, err)
				}
				if err := db.DeleteDocumentNote(ctx, u, m.ID, public.ID, n.ID); renda.ErrorCode(err) != renda.ENOTFOUND {
					t.Errorf("%s deletes another's note: %v", u.Username, err)
				}
			}
			if _, err := db.AddDocumentNote(ctx, nil, m.ID, public.ID, "x"); renda.ErrorCode(err) != renda.EUNAUTHORIZED {
				t.Errorf("the public adds a note: %v", err)
			}
			if err := db.DeleteDocumentNote(ctx, member, m.ID, public.ID, n.ID); err != nil {
				t.Errorf("the author deletes their note: %v", err)
			}
			// After the meeting: the public read the public document, nothing else.
			for _, a := range []string{"notify", "open", "close", "publish"} {
				if _, err := db.ActOnMeeting(ctx, fx.Staff, m.ID, a, nil); err != nil {
					t.Fatalf("%s: %v", a, err)
				}
			}
			if got := reads(nil); strings.Join(got, "|") != "会议议程" {
				t.Errorf("the public read %v after the meeting", got)
			}
			if _, _, err := db.AttachmentFor(ctx, nil, "meeting_document", onTime.ID, r2.Document.VersionN(1).Files[0].ID); renda.ErrorCode(err) != renda.ENOTFOUND {
				t.Errorf("the public download a members-only file: %v", err)
			}
			if _, data, err := db.AttachmentFor(ctx, member, "meeting_document", onTime.ID, r2.Document.VersionN(1).Files[0].ID); err != nil || len(data) == 0 {
				t.Errorf("a member downloads the file: %v", err)
			}
			// The history holds every add, distribution and version.
			hist, err := db.History(ctx, "meeting", m.ID)
			if err != nil {
				t.Fatal(err)
			}
			count := map[string]int{}
			for _, h := range hist {
				count[h.Action]++
				if h.Action == "distribute_document" && strings.Contains(h.Note, "审计工作报告") && !strings.Contains(h.Note, "迟发") {
					t.Errorf("late distribution not said in the history: %q", h.Note)
				}
			}
			if count["add_document"] != 3 || count["distribute_document"] != 3 || count["revise_document"] != 1 {
				t.Errorf("history %v", count)
			}
		})
	}
}
