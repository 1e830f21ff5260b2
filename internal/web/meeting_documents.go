package web

import (
	"net/http"
	"strconv"

	"renda"
	"renda/internal/attach"
	"renda/internal/httpx"
	"renda/meeting"
)

// Meeting documents: the reading page (a clean page for a phone, the
// reader's name and time laid over it as a watermark), the reader's own
// notes, and the files. Adding, distributing and revising are the
// meeting's actions, posted through meetingAct. The store decides who may
// read what (a document one may not read is not found).

func (s *Server) meetingDocumentRoutes() []route {
	return []route{
		{"GET /meetings/{id}/documents/{doc}", nil, s.meetingDocumentPage},
		{"GET /meetings/{id}/documents/{doc}/files/{aid}", nil, s.meetingDocumentFile}, // meeting_document_file.go
		{"GET /meetings/{id}/documents/{doc}/pdf", renda.Roles, s.meetingDocumentPDF},  // meeting_document_pdf.go
		{"POST /meetings/{id}/documents/{doc}/notes", renda.Roles, s.meetingDocumentNoteAdd},
		{"POST /meetings/{id}/documents/{doc}/notes/{note}/delete", renda.Roles, s.meetingDocumentNoteDelete},
	}
}

func init() {
	refOptionSources["meeting_document"] = func(s *Server, r *http.Request, f *renda.Field) ([]Option, error) {
		m, err := s.db.Meeting(r.Context(), httpx.User(r), r.PathValue("id"))
		if err != nil {
			return nil, nil
		}
		var out []Option
		for _, d := range m.Documents {
			if f.Filter == "undistributed" && d.Distributed() {
				continue
			}
			out = append(out, Option{Value: d.ID, Label: d.Title + "（第" + strconv.Itoa(d.Version) + "版）"})
		}
		return out, nil
	}
}

// documentFiles checks the files posted with a document action.
func documentFiles(r *http.Request, rule renda.Rule) ([]*attach.File, error) {
	if !rule.HasFiles() {
		return nil, nil
	}
	return uploadedFiles(r, "files")
}

// MeetingDocumentPage is one document for reading: the version shown, the
// others listed, what the reader had read before, their own notes, and the
// watermark with their name.
type MeetingDocumentPage struct {
	Base
	Meeting   *meeting.Meeting
	Document  *meeting.Document
	Shown     *meeting.Version
	LastRead  int // the version the reader had read before (0: never)
	Notes     []*meeting.DocNote
	NoteForm  *Form
	Watermark string
	Marks     []int // how many times the watermark is repeated down the page
	Staff     bool
	PDF       bool // the text can be downloaded as a PDF with the watermark
	// StaffOriginal: the reader may download PDF originals unstamped
	// (staff and admins; meeting_document_file.go).
	StaffOriginal bool
}

// Newer reports whether the reader last read an earlier version than the current.
func (p *MeetingDocumentPage) Newer() bool {
	return p.LastRead > 0 && p.LastRead < p.Document.Version
}

func (s *Server) meetingDocumentPage(w http.ResponseWriter, r *http.Request) error {
	return s.renderMeetingDocument(w, r, http.StatusOK, nil)
}

func (s *Server) renderMeetingDocument(w http.ResponseWriter, r *http.Request, status int, noteErr error) error {
	u := httpx.User(r)
	rd, err := s.db.ReadMeetingDocument(r.Context(), u, r.PathValue("id"), r.PathValue("doc"))
	if err != nil {
		return err
	}
	d := rd.Document
	p := &MeetingDocumentPage{Base: s.pageBase(r, d.Title), Meeting: rd.Meeting, Document: d, Shown: d.Current(), LastRead: rd.LastRead, Notes: rd.Notes,
		Staff: u.IsStaffSide(), StaffOriginal: u.Is(renda.RoleStaff, renda.RoleAdmin)}
	p.BodyClass = "reading"
	if v := r.URL.Query().Get("v"); v != "" {
		n, _ := strconv.Atoi(v)
		if p.Shown = d.VersionN(n); p.Shown == nil {
			return renda.Errorf(renda.ENOTFOUND, "没有这个版本")
		}
	}
	if u != nil {
		p.Watermark = meeting.Watermark(u, s.db.Clock().Now())
		p.Marks = make([]int, 12)
		p.PDF = s.fonts.Available() && len(p.Shown.Paragraphs()) > 0
		p.NoteForm = newForm(r, "/meetings/"+rd.Meeting.ID+"/documents/"+d.ID+"/notes", "记下",
			&Field{Name: "body", Label: "我的笔记", Type: "textarea", Rows: 3, Max: 5000, Required: true, Wide: true, Help: "笔记只有您本人能看到"})
		if noteErr != nil {
			p.NoteForm.Fill(r)
			p.NoteForm.Fail(noteErr)
		}
	}
	s.renderStatus(w, r, status, "meeting_document", p)
	return nil
}

func (s *Server) meetingDocumentNoteAdd(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(r); err != nil {
		return err
	}
	mid, doc := r.PathValue("id"), r.PathValue("doc")
	if _, err := s.db.AddDocumentNote(r.Context(), httpx.User(r), mid, doc, r.PostFormValue("body")); err != nil {
		if renda.ErrorCode(err) == renda.EINVALID || renda.ErrorCode(err) == renda.ECONFLICT {
			return s.renderMeetingDocument(w, r, httpx.Status(renda.ErrorCode(err)), err)
		}
		return err
	}
	return redirect(w, r, "/meetings/"+mid+"/documents/"+doc+"#notes", "已记下笔记")
}

func (s *Server) meetingDocumentNoteDelete(w http.ResponseWriter, r *http.Request) error {
	mid, doc := r.PathValue("id"), r.PathValue("doc")
	if err := s.db.DeleteDocumentNote(r.Context(), httpx.User(r), mid, doc, r.PathValue("note")); err != nil {
		return err
	}
	return redirect(w, r, "/meetings/"+mid+"/documents/"+doc+"#notes", "已删除笔记")
}
