package web

import (
	"bytes"
	"net/http"
	"strconv"

	"renda"
	"renda/internal/httpx"
	"renda/internal/pdfdoc"
	"renda/meeting"
)

// A meeting document's text as a PDF written by renda for the signed-in
// reader, their name and the time laid across every page as on the
// reading page (meeting.Watermark). The store decides who may read it, as
// for the page. Uploaded originals are served unchanged: renda's PDF
// library writes PDFs but cannot read one, so it cannot stamp them.
// Route: GET /meetings/{id}/documents/{doc}/pdf[?v=N], signed in.

func (s *Server) meetingDocumentPDF(w http.ResponseWriter, r *http.Request) error {
	u := httpx.User(r)
	rd, err := s.db.ReadMeetingDocument(r.Context(), u, r.PathValue("id"), r.PathValue("doc"))
	if err != nil {
		return err
	}
	d := rd.Document
	shown := d.Current()
	if v := r.URL.Query().Get("v"); v != "" {
		n, _ := strconv.Atoi(v)
		shown = d.VersionN(n)
	}
	if shown == nil || len(shown.Paragraphs()) == 0 {
		return renda.Errorf(renda.ENOTFOUND, "这个版本没有可生成PDF的正文")
	}
	if err := s.fonts.Check(); err != nil {
		s.log.Error("document PDF: no fonts", "err", err)
		s.renderStatus(w, r, http.StatusServiceUnavailable, "error", &ErrorPage{Base: s.base(r, "无法生成PDF"), Status: http.StatusServiceUnavailable,
			Message: "服务器上没有可嵌入的中文字体（TrueType），无法生成PDF。请管理员安装 fonts-droid-fallback 和 fonts-dejavu-core，或以 --pdf-font 指定字体文件；也可打印网页版会议纪要。"})
		return nil
	}
	t := s.tr[lang(r)]
	now := s.db.Clock().Now()
	mark := meeting.Watermark(u, now)
	doc, err := s.fonts.New(pdfdoc.Meta{Title: d.Title, Subject: rd.Meeting.Title, Author: s.base(r, "").Site.Name, Created: now, Lang: "zh-CN", Watermark: mark})
	if err != nil {
		return err
	}
	doc.Title(d.Title)
	sub := rd.Meeting.Title + "　" + t("第") + strconv.Itoa(shown.N) + t("版")
	if shown.N != d.Version {
		sub += "（" + t("已被取代") + "）"
	}
	doc.Subtitle(sub)
	for _, para := range shown.Paragraphs() {
		doc.Para("　　" + para)
	}
	doc.Space(4)
	doc.Small(mark)
	var buf bytes.Buffer
	if err := doc.Write(&buf); err != nil {
		return err
	}
	w.Header().Set("Content-Type", "application/pdf")
	w.Header().Set("Content-Disposition", `attachment; filename="document-`+d.ID+`-v`+strconv.Itoa(shown.N)+`.pdf"`)
	w.Header().Set("Cache-Control", "no-store")
	_, _ = w.Write(buf.Bytes())
	return nil
}
