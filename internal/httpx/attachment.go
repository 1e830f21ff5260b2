package httpx

import (
	"net/http"
	"strconv"

	"renda"

	"renda/internal/attach"
	"renda/internal/store"
)

// FileCSP is the Content-Security-Policy of a stored file served back: it
// may show itself (an image, a PDF) and nothing else — no script, no
// request anywhere, no form, framed only by renda's own pages.
const FileCSP = "default-src 'none'; img-src 'self'; object-src 'self'; style-src 'unsafe-inline'; frame-ancestors 'self'; base-uri 'none'; form-action 'none'"

// ServeAttachment is the one way a stored file leaves renda, for pages and
// API alike. It serves file id to the request's user (or the public) under
// the item (entity, entityID) its URL names, if db.AttachmentFor finds that
// the file belongs to that item and the item's own rule lets the user see
// it (ENOTFOUND otherwise, so a file of an item one may not see is a plain
// 404). Every file goes out with the same headers: its stored type,
// nosniff, a Content-Disposition with its name (inline for images and PDF,
// a download otherwise), Cache-Control private and no-store, and FileCSP.
func ServeAttachment(w http.ResponseWriter, r *http.Request, db *store.DB, entity, entityID, id string) error {
	a, data, err := db.AttachmentFor(r.Context(), User(r), entity, entityID, id)
	if err != nil {
		return err
	}
	return WriteAttachment(w, a, data)
}

// WriteAttachment sends data as file a with ServeAttachment's headers:
// for a handler that found the file with db.AttachmentFor itself and sends
// it changed (a PDF stamped with its reader's name).
func WriteAttachment(w http.ResponseWriter, a *renda.Attachment, data []byte) error {
	ct, disp := a.ContentType, "attachment"
	if ct == "" {
		ct = "application/octet-stream"
	}
	if a.IsImage() || ct == "application/pdf" {
		disp = "inline"
	}
	h := w.Header()
	h.Set("Content-Type", ct)
	h.Set("Content-Length", strconv.Itoa(len(data)))
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Content-Disposition", attach.Disposition(disp, a.Name))
	h.Set("Cache-Control", "private, no-store")
	h.Set("Content-Security-Policy", FileCSP)
	_, err := w.Write(data)
	return err
}
