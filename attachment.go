package renda

import "time"

// Attachment is a file kept with an item: a reply letter, a photo, a document.
// Whoever may see the item may download its attachments; nobody else.
type Attachment struct {
	ID          string    `json:"id"`
	Entity      string    `json:"entity"`
	EntityID    string    `json:"entity_id"`
	Name        string    `json:"name"`
	ContentType string    `json:"content_type"`
	Size        int64     `json:"size"`
	SHA256      string    `json:"sha256"`
	CreatedAt   time.Time `json:"created_at"`
	CreatedBy   string    `json:"created_by,omitempty"`
}

// IsImage reports whether the attachment is a picture to show inline.
func (a *Attachment) IsImage() bool {
	return a.ContentType == "image/jpeg" || a.ContentType == "image/png"
}

// IsPDF reports whether the file is a PDF (its content began with %PDF-
// when it was uploaded).
func (a *Attachment) IsPDF() bool { return a.ContentType == "application/pdf" }
