package store

import (
	"context"
	"crypto/sha256"
	"encoding/hex"

	"renda"
	"renda/internal/attach"
)

// AddAttachment stores a checked file with an item in this transaction and
// records it in the item's history.
func (tx *Tx) AddAttachment(entity, entityID string, f *attach.File) (*renda.Attachment, error) {
	sum := sha256.Sum256(f.Data)
	a := &renda.Attachment{ID: renda.NewID(), Entity: entity, EntityID: entityID, Name: f.Name, ContentType: f.ContentType,
		Size: int64(len(f.Data)), SHA256: hex.EncodeToString(sum[:]), CreatedAt: tx.now}
	if tx.actor != nil {
		a.CreatedBy = tx.actor.ID
	}
	if _, err := tx.exec(`INSERT INTO attachments (id, entity, entity_id, name, content_type, size, sha256, content, created_at, created_by)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, a.ID, entity, entityID, a.Name, a.ContentType, a.Size, a.SHA256, f.Data, ts(tx.now), a.CreatedBy); err != nil {
		return nil, err
	}
	tx.Record(renda.Change{Action: "attach", Entity: entity, EntityID: entityID, After: a, Note: a.Name})
	return a, nil
}

// AddAttachment stores a file with an item in its own transaction. The
// caller has checked that actor may change the item.
func (db *DB) AddAttachment(ctx context.Context, actor *renda.User, entity, entityID string, f *attach.File) (*renda.Attachment, error) {
	var a *renda.Attachment
	err := db.write(ctx, actor, func(tx *Tx) error {
		var err error
		a, err = tx.AddAttachment(entity, entityID, f)
		return err
	})
	return a, err
}

const attachmentColumns = "id, entity, entity_id, name, content_type, size, sha256, created_at, created_by"

func scanAttachment(row interface{ Scan(...any) error }) (*renda.Attachment, error) {
	var a renda.Attachment
	err := row.Scan(&a.ID, &a.Entity, &a.EntityID, &a.Name, &a.ContentType, &a.Size, &a.SHA256, tsScan{&a.CreatedAt}, &a.CreatedBy)
	return &a, err
}

// Attachments lists the files of an item, oldest first.
func (db *DB) Attachments(ctx context.Context, entity, entityID string) ([]*renda.Attachment, error) {
	rows, err := db.r.QueryContext(ctx, db.rebind("SELECT "+attachmentColumns+" FROM attachments WHERE entity = ? AND entity_id = ? ORDER BY id"), entity, entityID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*renda.Attachment
	for rows.Next() {
		a, err := scanAttachment(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, a)
	}
	return out, rows.Err()
}

// Attachment returns one file's description and content. The caller checks
// that the reader may see the item it belongs to (a.Entity, a.EntityID).
func (db *DB) Attachment(ctx context.Context, id string) (*renda.Attachment, []byte, error) {
	var data []byte
	var a renda.Attachment
	err := db.r.QueryRowContext(ctx, db.rebind("SELECT "+attachmentColumns+", content FROM attachments WHERE id = ?"), id).Scan(
		&a.ID, &a.Entity, &a.EntityID, &a.Name, &a.ContentType, &a.Size, &a.SHA256, tsScan{&a.CreatedAt}, &a.CreatedBy, &data)
	if err != nil {
		return nil, nil, notFound(err, "附件不存在")
	}
	return &a, data, nil
}
