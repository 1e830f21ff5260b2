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
