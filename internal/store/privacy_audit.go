package store

import (
	"context"

	"renda"
	"renda/opinion"
)

// Reads and exports of personal data leave a trace in the audit trail: who
// was shown which citizen's name and phone, who exported what.

// NoteOpinionRead records that viewer was shown the citizen's name and
// phone on opinion o in full (its page, or the API). Nothing is recorded
// when they saw them masked, or there were none.
func (db *DB) NoteOpinionRead(ctx context.Context, viewer *renda.User, o *opinion.Opinion) error {
	if viewer == nil || o == nil || (o.Name == "" && o.Phone == "") || !CanSeeCitizen(viewer, o) {
		return nil
	}
	return db.write(ctx, viewer, func(tx *Tx) error {
		tx.Record(renda.Change{Action: "reveal", Entity: "opinion", EntityID: o.ID, Note: "查看了群众姓名和电话"})
		return nil
	})
}

// NoteExport records that actor exported a list: what (deputies,
// organizations, opinions, suggestions …), and a note saying which part
// (filters) and how many rows.
func (db *DB) NoteExport(ctx context.Context, actor *renda.User, what, note string) error {
	return db.write(ctx, actor, func(tx *Tx) error {
		tx.Record(renda.Change{Action: "export", Entity: "export", EntityID: what, Note: note})
		return nil
	})
}

// NoteDocumentOriginal records that actor (staff) downloaded the original
// of a meeting document's file as uploaded, without the reader's stamp
// every other download carries; it is kept in the meeting's history, the
// note naming the document and the file. Only the standing committee's
// staff and admins may (EFORBIDDEN otherwise); the caller has found the
// file with AttachmentFor, which checks that actor may see it.
func (db *DB) NoteDocumentOriginal(ctx context.Context, actor *renda.User, meetingID, note string) error {
	if !actor.Is(renda.RoleStaff, renda.RoleAdmin) {
		return renda.Errorf(renda.EFORBIDDEN, "只有常委会工作人员可以下载未加水印的原件")
	}
	return db.write(ctx, actor, func(tx *Tx) error {
		tx.Record(renda.Change{Action: "download_original", Entity: "meeting", EntityID: meetingID, Note: note})
		return nil
	})
}
