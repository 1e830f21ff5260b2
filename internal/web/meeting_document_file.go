package web

import (
	"context"
	"errors"
	"net/http"
	"time"

	"renda"
	"renda/internal/httpx"
	"renda/internal/pdfstamp"
	"renda/meeting"
)

// A meeting document's uploaded file (an original of one of its versions).
// The store decides who may see it, as for the reading page. A PDF
// downloaded by a signed-in reader — member, attendee, leader, staff alike
// — carries the reader's name and the time over every page
// (meeting.Watermark, the words of the reading page and of the PDF renda
// writes), stamped when it is served (package pdfstamp); the stored file
// stays as uploaded. The original itself goes only to the standing
// committee's staff and admins, on asking for it (?original=1, the 原件
// link they alone see), and each such download is an audit record in the
// meeting's history (store.NoteDocumentOriginal). A PDF that cannot be
// stamped (no font, a file PDFium cannot read) is not served at all.
// Other files (Word, OFD) cannot be stamped and are served as uploaded,
// as is every file of a public document to the public, which has no name
// to stamp.
// Route: GET /meetings/{id}/documents/{doc}/files/{aid}[?original=1], public.

// stampWait bounds how long a download waits for a free PDFium worker
// (then 429).
const stampWait = 2 * time.Minute

func (s *Server) meetingDocumentFile(w http.ResponseWriter, r *http.Request) error {
	u := httpx.User(r)
	mid, doc := r.PathValue("id"), r.PathValue("doc")
	a, data, err := s.db.AttachmentFor(r.Context(), u, "meeting_document", doc, r.PathValue("aid"))
	if err != nil {
		return err
	}
	if u == nil || !a.IsPDF() {
		return httpx.WriteAttachment(w, a, data)
	}
	if r.URL.Query().Get("original") == "1" {
		rd, err := s.db.ReadMeetingDocument(r.Context(), u, mid, doc)
		if err != nil {
			return err
		}
		if err := s.db.NoteDocumentOriginal(r.Context(), u, rd.Meeting.ID, "《"+rd.Document.Title+"》原件 "+a.Name); err != nil {
			return err
		}
		return httpx.WriteAttachment(w, a, data)
	}
	ctx, cancel := context.WithTimeout(r.Context(), stampWait)
	defer cancel()
	stamped, err := s.stamp.Stamp(ctx, data, meeting.Watermark(u, s.db.Clock().Now()))
	switch {
	case err == nil:
		return httpx.WriteAttachment(w, a, stamped)
	case s.stamp.Check() != nil:
		s.log.Error("document file: no fonts to stamp it", "err", err)
		s.renderStatus(w, r, http.StatusServiceUnavailable, "error", &ErrorPage{Base: s.base(r, "无法下载PDF原件"), Status: http.StatusServiceUnavailable,
			Message: "服务器上没有可嵌入的中文字体（TrueType），无法在PDF原件上加阅读人姓名和时间，因此暂不提供下载。请管理员安装 fonts-droid-fallback 和 fonts-dejavu-core，或以 --pdf-font 指定字体文件；文件正文可在本页阅读。"})
		return nil
	case errors.Is(err, pdfstamp.ErrUnreadable):
		s.log.Warn("document file: PDF cannot be stamped", "attachment", a.ID, "err", err)
		s.renderStatus(w, r, http.StatusUnprocessableEntity, "error", &ErrorPage{Base: s.base(r, "无法下载PDF原件"), Status: http.StatusUnprocessableEntity,
			Message: "这个PDF原件无法读取（文件损坏或设有打开密码），不能加上阅读人姓名和时间，因此不提供下载。请联系常委会工作人员重新上传；文件正文可在本页阅读。"})
		return nil
	case ctx.Err() != nil && r.Context().Err() == nil:
		s.log.Warn("document file: no PDFium worker free", "attachment", a.ID, "err", err)
		return renda.Errorf(renda.ETOOMANY, "正在处理的PDF较多，请稍后再试")
	}
	return err
}
