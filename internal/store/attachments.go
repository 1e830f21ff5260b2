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

// attachmentOwner says who may see the files of one kind of item.
type attachmentOwner struct {
	// canSee reports whether viewer may see the item (false if there is
	// none): the same rule the workflow's own reads apply.
	canSee func(tx *Tx, viewer *renda.User, id string) (bool, error)
	// parent and parentOf, for files of a child record (a progress
	// report's photos), name the item they are shown under; whoever may
	// see that item may see them.
	parent   string
	parentOf func(tx *Tx, id string) (string, error)
}

// attachmentOwners is the registry of who may see files, keyed by the
// entity they are attached to. Each workflow's store file registers its
// own kinds of items; a file of an unregistered kind is shown to no one.
var attachmentOwners = map[string]attachmentOwner{}

// registerAttachmentOwner says the files of entity are seen by whoever
// canSee admits.
func registerAttachmentOwner(entity string, canSee func(tx *Tx, viewer *renda.User, id string) (bool, error)) {
	if _, dup := attachmentOwners[entity]; dup {
		panic("store: attachment owner registered twice: " + entity)
	}
	attachmentOwners[entity] = attachmentOwner{canSee: canSee}
}

// registerAttachmentChild says the files of entity (a child record) are
// shown under the item of kind parent that parentOf names for it.
func registerAttachmentChild(entity, parent string, parentOf func(tx *Tx, id string) (string, error)) {
	if _, dup := attachmentOwners[entity]; dup {
		panic("store: attachment owner registered twice: " + entity)
	}
	attachmentOwners[entity] = attachmentOwner{parent: parent, parentOf: parentOf}
}

// seen turns a load that found nothing the viewer may see (ENOTFOUND) into
// a plain "no", for canSee rules built on a workflow's loader.
func seen(err error) (bool, error) {
	if renda.ErrorCode(err) == renda.ENOTFOUND {
		return false, nil
	}
	return err == nil, err
}

// AttachmentFor returns one file and its content for viewer (nil: the
// public), shown under the item (entity, entityID) — the owner its URL
// names. It is ENOTFOUND, with nothing read of the content, unless the
// file belongs to that item (directly, or through a child record such as
// a progress report) and the item's own rule lets viewer see it.
func (db *DB) AttachmentFor(ctx context.Context, viewer *renda.User, entity, entityID, id string) (*renda.Attachment, []byte, error) {
	missing := renda.Errorf(renda.ENOTFOUND, "附件不存在")
	if !renda.ValidID(id) || !renda.ValidID(entityID) {
		return nil, nil, missing
	}
	var a *renda.Attachment
	var data []byte
	err := db.read(ctx, func(tx *Tx) error {
		var err error
		if a, err = scanAttachment(tx.queryRow("SELECT "+attachmentColumns+" FROM attachments WHERE id = ?", id)); err != nil {
			return notFound(err, missing.Message)
		}
		owner, ok := attachmentOwners[a.Entity]
		if !ok {
			return missing
		}
		ownerEntity, ownerID := a.Entity, a.EntityID
		if owner.parentOf != nil {
			ownerEntity = owner.parent
			if ownerID, err = owner.parentOf(tx, a.EntityID); err != nil {
				return notFound(err, missing.Message)
			}
			if owner, ok = attachmentOwners[ownerEntity]; !ok || owner.canSee == nil {
				return missing
			}
		}
		if ownerEntity != entity || ownerID != entityID {
			return missing
		}
		if ok, err := owner.canSee(tx, viewer, ownerID); err != nil || !ok {
			if err == nil {
				err = missing
			}
			return err
		}
		return tx.queryRow("SELECT content FROM attachments WHERE id = ?", id).Scan(&data)
	})
	if err != nil {
		return nil, nil, err
	}
	return a, data, nil
}
