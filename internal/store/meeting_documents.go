package store

import (
	"context"

	"renda"
	"renda/internal/attach"
	"renda/meeting"
)

// Meeting documents (see meeting/document.go). Adding, distributing and
// revising are the meeting's own actions (meetingFlow), so each is in the
// meeting's history; this file writes their records and serves the
// documents to readers. Who may read a document is decided on the object:
// the meeting in the viewer's scope (meetingFor), then meeting.CanRead —
// the same rule for the lists, the reading page, the API and the files.
// A reader's notes are theirs alone: every query of them is keyed by the
// reader, and they are not in the audit trail (they are the reader's own
// papers, not the committee's record).

const meetingDocumentColumns = `d.id, d.meeting_id, d.item_id, COALESCE(i.title, ''), d.title, d.kind, d.access, d.submitter, d.received_on, d.received_due,
	d.distributed_at, d.distribute_due, d.version, d.created_at, d.updated_at`

func scanMeetingDocument(row interface{ Scan(...any) error }) (*meeting.Document, error) {
	d := &meeting.Document{}
	err := row.Scan(&d.ID, &d.MeetingID, &d.ItemID, &d.ItemTitle, &d.Title, &d.Kind, &d.Access, &d.Submitter, dayScan{&d.ReceivedOn}, dayScan{&d.ReceivedDue},
		tsScan{&d.DistributedAt}, dayScan{&d.DistributeDue}, &d.Version, tsScan{&d.CreatedAt}, tsScan{&d.UpdatedAt})
	return d, err
}

// meetingDocuments loads a meeting's documents (without their versions),
// in the order they were added.
func (tx *Tx) meetingDocuments(m *meeting.Meeting) error {
	rows, err := tx.query("SELECT "+meetingDocumentColumns+` FROM meeting_documents d LEFT JOIN meeting_items i ON i.id = d.item_id
		WHERE d.meeting_id = ? ORDER BY d.created_at, d.id`, m.ID)
	if err != nil {
		return err
	}
	defer rows.Close()
	m.Documents = nil
	for rows.Next() {
		d, err := scanMeetingDocument(rows)
		if err != nil {
			return err
		}
		m.Documents = append(m.Documents, d)
	}
	return rows.Err()
}

// saveMeetingDocumentRecord writes a record of a document action; false
// for a record of another kind.
func (tx *Tx) saveMeetingDocumentRecord(rec any) (bool, error) {
	var err error
	switch r := rec.(type) {
	case *meeting.Document:
		_, err = tx.exec(`INSERT INTO meeting_documents (id, meeting_id, item_id, title, kind, access, submitter, received_on, received_due, version, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, r.ID, r.MeetingID, r.ItemID, r.Title, r.Kind, r.Access, r.Submitter, day(r.ReceivedOn), day(r.ReceivedDue),
			r.Version, ts(r.CreatedAt), ts(r.UpdatedAt))
	case *meeting.Version:
		if _, err = tx.exec("INSERT INTO meeting_document_versions (id, document_id, n, body, note, created_at) VALUES (?, ?, ?, ?, ?, ?)",
			r.ID, r.DocumentID, r.N, r.Body, r.Note, ts(r.CreatedAt)); err == nil {
			_, err = tx.exec("UPDATE meeting_documents SET version = ?, updated_at = ? WHERE id = ?", r.N, ts(r.CreatedAt), r.DocumentID)
		}
	case *meeting.Distribution:
		_, err = tx.exec("UPDATE meeting_documents SET distributed_at = ?, distribute_due = ?, updated_at = ? WHERE id = ? AND distributed_at IS NULL",
			ts(r.At), day(r.Due), ts(r.At), r.DocumentID)
	default:
		return false, nil
	}
	return true, err
}

// attachVersionFiles stores an action's uploads with the version it made.
func (tx *Tx) attachVersionFiles(recs []any, files []*attach.File) error {
	if len(files) == 0 {
		return nil
	}
	for _, rec := range recs {
		if v, ok := rec.(*meeting.Version); ok {
			for _, f := range files {
				if _, err := tx.AddAttachment("meeting_document_version", v.ID, f); err != nil {
					return err
				}
			}
			return nil
		}
	}
	return renda.Errorf(renda.EINVALID, "此操作不能附带文件")
}

// titleResolver resolves a ref field to a row's id and title by query q
// (one placeholder, the id).
func titleResolver(q string) func(tx *Tx, filter, id string) (renda.Ref, bool, error) {
	return func(tx *Tx, filter, id string) (renda.Ref, bool, error) {
		var r renda.Ref
		err := tx.queryRow(q, id).Scan(&r.ID, &r.Name)
		if errNoRows(err) {
			return r, false, nil
		}
		return r, err == nil, err
	}
}

func init() {
	all, undistributed := titleResolver("SELECT id, title FROM meeting_documents WHERE id = ?"),
		titleResolver("SELECT id, title FROM meeting_documents WHERE id = ? AND distributed_at IS NULL")
	resolvers["meeting_document"] = func(tx *Tx, filter, id string) (renda.Ref, bool, error) {
		if filter == "undistributed" {
			return undistributed(tx, filter, id)
		}
		return all(tx, filter, id)
	}
	registerAttachmentOwner("meeting_document", func(tx *Tx, viewer *renda.User, id string) (bool, error) {
		var mid string
		if err := tx.queryRow("SELECT meeting_id FROM meeting_documents WHERE id = ?", id).Scan(&mid); err != nil {
			return seen(notFound(err, "文件不存在"))
		}
		_, _, err := tx.meetingDocumentFor(viewer, mid, id)
		return seen(err)
	})
	registerAttachmentChild("meeting_document_version", "meeting_document", func(tx *Tx, id string) (string, error) {
		var doc string
		err := tx.queryRow("SELECT document_id FROM meeting_document_versions WHERE id = ?", id).Scan(&doc)
		return doc, err
	})
}

// meetingDocumentFor loads a meeting and one of its documents as viewer
// may read it: ENOTFOUND for a meeting outside their scope or a document
// they may not read (a non-member learns nothing of it).
func (tx *Tx) meetingDocumentFor(viewer *renda.User, meetingID, docID string) (*meeting.Meeting, *meeting.Document, error) {
	m, err := tx.meetingFor(viewer, meetingID, false)
	if err != nil {
		return nil, nil, err
	}
	for _, d := range m.Documents { // already only what viewer may read
		if d.ID == docID {
			return m, d, nil
		}
	}
	return nil, nil, renda.Errorf(renda.ENOTFOUND, "会议文件不存在")
}

// MeetingDocuments lists the documents of a meeting viewer may read, in
// the order they were added (staff: every one, distributed or not).
func (db *DB) MeetingDocuments(ctx context.Context, viewer *renda.User, meetingID string) (*meeting.Meeting, []*meeting.Document, error) {
	m, err := db.Meeting(ctx, viewer, meetingID)
	if err != nil {
		return nil, nil, err
	}
	return m, m.Documents, nil
}

// DocumentReading is a document as its reader reads it: every version
// (newest first, with its files), the version they had read before this
// reading (0: never), and their own notes.
type DocumentReading struct {
	Meeting  *meeting.Meeting
	Document *meeting.Document
	LastRead int
	Notes    []*meeting.DocNote
}

// ReadMeetingDocument returns a document for viewer to read and, for a
// signed-in reader, remembers the newest version they have read, so that
// a later version is pointed out to them.
func (db *DB) ReadMeetingDocument(ctx context.Context, viewer *renda.User, meetingID, docID string) (*DocumentReading, error) {
	if !renda.ValidID(docID) {
		return nil, renda.Errorf(renda.ENOTFOUND, "会议文件不存在")
	}
	var out *DocumentReading
	load := func(tx *Tx) error {
		m, d, err := tx.meetingDocumentFor(viewer, meetingID, docID)
		if err != nil {
			return err
		}
		if err := tx.documentVersions(d); err != nil {
			return err
		}
		out = &DocumentReading{Meeting: m, Document: d, Notes: []*meeting.DocNote{}}
		if viewer == nil {
			return nil
		}
		if err := tx.queryRow("SELECT COALESCE(MAX(version), 0) FROM meeting_document_reads WHERE document_id = ? AND user_id = ?", d.ID, viewer.ID).Scan(&out.LastRead); err != nil {
			return err
		}
		if out.Notes, err = tx.documentNotes(viewer, d.ID); err != nil {
			return err
		}
		_, err = tx.exec(`INSERT INTO meeting_document_reads (document_id, user_id, version, read_at) VALUES (?, ?, ?, ?)
			ON CONFLICT (document_id, user_id) DO UPDATE SET version = CASE WHEN excluded.version > meeting_document_reads.version
			THEN excluded.version ELSE meeting_document_reads.version END, read_at = excluded.read_at`, d.ID, viewer.ID, d.Version, ts(tx.now))
		return err
	}
	var err error
	if viewer == nil {
		err = db.read(ctx, load)
	} else {
		err = db.write(ctx, viewer, load)
	}
	return out, err
}

// documentVersions loads every version of d, newest first, with its files.
func (tx *Tx) documentVersions(d *meeting.Document) error {
	rows, err := tx.query("SELECT id, document_id, n, body, note, created_at FROM meeting_document_versions WHERE document_id = ? ORDER BY n DESC", d.ID)
	if err != nil {
		return err
	}
	d.Versions = nil
	byID := map[string]*meeting.Version{}
	var ids []any
	for rows.Next() {
		v := &meeting.Version{MeetingID: d.MeetingID}
		if err := rows.Scan(&v.ID, &v.DocumentID, &v.N, &v.Body, &v.Note, tsScan{&v.CreatedAt}); err != nil {
			rows.Close()
			return err
		}
		d.Versions = append(d.Versions, v)
		byID[v.ID] = v
		ids = append(ids, v.ID)
	}
	rows.Close()
	if err := rows.Err(); err != nil || len(ids) == 0 {
		return err
	}
	rows, err = tx.query("SELECT "+attachmentColumns+" FROM attachments WHERE entity = 'meeting_document_version' AND entity_id IN ("+placeholders(len(ids))+") ORDER BY id", ids...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		a, err := scanAttachment(rows)
		if err != nil {
			return err
		}
		if v := byID[a.EntityID]; v != nil {
			v.Files = append(v.Files, a)
		}
	}
	return rows.Err()
}

// documentNotes lists reader's own notes on a document, oldest first.
func (tx *Tx) documentNotes(reader *renda.User, docID string) ([]*meeting.DocNote, error) {
	rows, err := tx.query("SELECT id, document_id, user_id, version, body, created_at FROM meeting_document_notes WHERE document_id = ? AND user_id = ? ORDER BY created_at, id",
		docID, reader.ID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []*meeting.DocNote{}
	for rows.Next() {
		n := &meeting.DocNote{}
		if err := rows.Scan(&n.ID, &n.DocumentID, &n.UserID, &n.Version, &n.Body, tsScan{&n.CreatedAt}); err != nil {
			return nil, err
		}
		out = append(out, n)
	}
	return out, rows.Err()
}

// maxDocNotes caps one reader's notes on one document.
const maxDocNotes = 200

func signedInReader(viewer *renda.User) error {
	if viewer == nil || viewer.ID == "" {
		return renda.Errorf(renda.EUNAUTHORIZED, "请先登录")
	}
	return nil
}

// DocumentNotes lists viewer's own notes on a document they may read.
func (db *DB) DocumentNotes(ctx context.Context, viewer *renda.User, meetingID, docID string) ([]*meeting.DocNote, error) {
	if err := signedInReader(viewer); err != nil {
		return nil, err
	}
	var out []*meeting.DocNote
	err := db.read(ctx, func(tx *Tx) error {
		_, d, err := tx.meetingDocumentFor(viewer, meetingID, docID)
		if err != nil {
			return err
		}
		out, err = tx.documentNotes(viewer, d.ID)
		return err
	})
	return out, err
}

// AddDocumentNote adds a private note of viewer's to a document they may
// read, on its current version.
func (db *DB) AddDocumentNote(ctx context.Context, viewer *renda.User, meetingID, docID, body string) (*meeting.DocNote, error) {
	if err := signedInReader(viewer); err != nil {
		return nil, err
	}
	var p renda.Problems
	body = p.Text("body", "笔记", body, true, 5000)
	if err := p.Err(); err != nil {
		return nil, err
	}
	var n *meeting.DocNote
	err := db.write(ctx, viewer, func(tx *Tx) error {
		_, d, err := tx.meetingDocumentFor(viewer, meetingID, docID)
		if err != nil {
			return err
		}
		count, err := tx.count("SELECT COUNT(*) FROM meeting_document_notes WHERE document_id = ? AND user_id = ?", d.ID, viewer.ID)
		if err != nil {
			return err
		}
		if count >= maxDocNotes {
			return renda.Errorf(renda.ECONFLICT, "每份文件最多记 %d 条笔记", maxDocNotes)
		}
		n = &meeting.DocNote{ID: renda.NewID(), DocumentID: d.ID, UserID: viewer.ID, Version: d.Version, Body: body, CreatedAt: tx.now}
		_, err = tx.exec("INSERT INTO meeting_document_notes (id, document_id, user_id, version, body, created_at) VALUES (?, ?, ?, ?, ?, ?)",
			n.ID, n.DocumentID, n.UserID, n.Version, n.Body, ts(n.CreatedAt))
		return err
	})
	return n, err
}

// DeleteDocumentNote deletes one of viewer's own notes; anyone else's note
// is not found.
func (db *DB) DeleteDocumentNote(ctx context.Context, viewer *renda.User, meetingID, docID, noteID string) error {
	if err := signedInReader(viewer); err != nil {
		return err
	}
	return db.write(ctx, viewer, func(tx *Tx) error {
		_, d, err := tx.meetingDocumentFor(viewer, meetingID, docID)
		if err != nil {
			return err
		}
		res, err := tx.exec("DELETE FROM meeting_document_notes WHERE id = ? AND document_id = ? AND user_id = ?", noteID, d.ID, viewer.ID)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil {
			return err
		} else if n == 0 {
			return renda.Errorf(renda.ENOTFOUND, "笔记不存在")
		}
		return nil
	})
}

// MeetingDocumentsWithVersions lists the documents of a meeting viewer may
// read, each with all its versions, for the archival minutes.
func (db *DB) MeetingDocumentsWithVersions(ctx context.Context, viewer *renda.User, meetingID string) ([]*meeting.Document, error) {
	return readResult(ctx, db, func(tx *Tx) ([]*meeting.Document, error) {
		m, err := tx.meetingFor(viewer, meetingID, false)
		if err != nil {
			return nil, err
		}
		for _, d := range m.Documents {
			if err := tx.documentVersions(d); err != nil {
				return nil, err
			}
		}
		return m.Documents, nil
	})
}
