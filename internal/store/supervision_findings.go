package store

import (
	"context"

	"renda"
	"renda/internal/attach"
	"renda/supervision"
)

// Findings of an inspection, investigation or visit (see
// supervision/findings.go) are working material: the staff side and the
// item's team (its participants, not recused) see them and their photos;
// the public sees the report drafted from them once it is adopted.

// A finding's photos are seen by whoever may see its findings.
func init() {
	registerAttachmentOwner(supervision.EntityFinding, func(tx *Tx, viewer *renda.User, id string) (bool, error) {
		var itemID string
		if err := tx.queryRow("SELECT item_id FROM supervision_findings WHERE id = ?", id).Scan(&itemID); err != nil {
			return seen(notFound(err, "记录不存在"))
		}
		it, err := tx.supItemFor(viewer, itemID, false)
		if err != nil {
			return seen(err)
		}
		return tx.canSeeFindings(viewer, it)
	})
}

// canSeeFindings: the staff side, and the deputies on the item's team.
func (tx *Tx) canSeeFindings(viewer *renda.User, it *supervision.Item) (bool, error) {
	if viewer.IsStaffSide() {
		return true, nil
	}
	if viewer == nil || viewer.Role != renda.RoleDeputy || viewer.DeputyID == "" {
		return false, nil
	}
	n, err := tx.count("SELECT COUNT(*) FROM supervision_participants WHERE item_id = ? AND deputy_id = ? AND recused = ?", it.ID, viewer.DeputyID, false)
	return n > 0, err
}

// findingTeam is the facts of record_finding: the item's team, its members
// not recused, for staff recording a finding on a member's behalf.
func (tx *Tx) findingTeam(itemID string) (*supervision.FindingFacts, error) {
	rows, err := tx.query("SELECT deputy_id FROM supervision_participants WHERE item_id = ? AND recused = ?", itemID, false)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	f := &supervision.FindingFacts{Team: map[string]bool{}}
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		f.Team[id] = true
	}
	return f, rows.Err()
}

// FindingItem is the item a finding belongs to, for viewer: ENOTFOUND
// unless viewer may see the item's findings (the staff side, the team).
func (db *DB) FindingItem(ctx context.Context, viewer *renda.User, findingID string) (string, error) {
	var itemID string
	err := db.read(ctx, func(tx *Tx) error {
		if err := tx.queryRow("SELECT item_id FROM supervision_findings WHERE id = ?", findingID).Scan(&itemID); err != nil {
			return notFound(err, "记录不存在")
		}
		it, err := tx.supItemFor(viewer, itemID, false)
		if err != nil {
			return err
		}
		if ok, err := tx.canSeeFindings(viewer, it); err != nil || !ok {
			if err == nil {
				err = renda.Errorf(renda.ENOTFOUND, "记录不存在")
			}
			return err
		}
		return nil
	})
	return itemID, err
}

// saveFinding writes a finding and keeps its photos with it.
func (tx *Tx) saveFinding(f *supervision.Finding, files []*attach.File) error {
	if _, err := tx.exec(`INSERT INTO supervision_findings (id, item_id, deputy_id, by_name, topic, place, found_on, text, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, f.ID, f.ItemID, nz(f.DeputyID), f.ByName, f.Topic, f.Place, day(f.FoundOn), f.Text, ts(f.CreatedAt)); err != nil {
		return err
	}
	for i, m := range f.With {
		if _, err := tx.exec("INSERT INTO supervision_finding_members (finding_id, deputy_id, position) VALUES (?, ?, ?)", f.ID, m.DeputyID, i+1); err != nil {
			return err
		}
	}
	for _, file := range files {
		a, err := tx.AddAttachment(supervision.EntityFinding, f.ID, file)
		if err != nil {
			return err
		}
		f.Photos = append(f.Photos, a)
	}
	return nil
}

// findings lists an item's findings, in the order they were found, with
// their photos.
func (tx *Tx) findings(itemID string) ([]*supervision.Finding, error) {
	rows, err := tx.query(`SELECT id, item_id, COALESCE(deputy_id, ''), by_name, topic, place, found_on, text, created_at FROM supervision_findings
		WHERE item_id = ? ORDER BY found_on, created_at, id`, itemID)
	if err != nil {
		return nil, err
	}
	out := []*supervision.Finding{}
	byID := map[string]*supervision.Finding{}
	for rows.Next() {
		f := &supervision.Finding{Photos: []*renda.Attachment{}, With: []supervision.FindingMember{}}
		if err := rows.Scan(&f.ID, &f.ItemID, &f.DeputyID, &f.ByName, &f.Topic, &f.Place, dayScan{&f.FoundOn}, &f.Text, tsScan{&f.CreatedAt}); err != nil {
			rows.Close()
			return nil, err
		}
		out = append(out, f)
		byID[f.ID] = f
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	rows, err = tx.query(`SELECT fm.finding_id, fm.deputy_id, d.name FROM supervision_finding_members fm JOIN deputies d ON d.id = fm.deputy_id
		WHERE fm.finding_id IN (SELECT id FROM supervision_findings WHERE item_id = ?) ORDER BY fm.finding_id, fm.position`, itemID)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var fid string
		var m supervision.FindingMember
		if err := rows.Scan(&fid, &m.DeputyID, &m.Name); err != nil {
			rows.Close()
			return nil, err
		}
		if f := byID[fid]; f != nil {
			f.With = append(f.With, m)
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	rows, err = tx.query(`SELECT `+attachmentColumns+` FROM attachments WHERE entity = ? AND entity_id IN (SELECT id FROM supervision_findings WHERE item_id = ?)
		ORDER BY id`, supervision.EntityFinding, itemID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		a, err := scanAttachment(rows)
		if err != nil {
			return nil, err
		}
		if f := byID[a.EntityID]; f != nil {
			f.Photos = append(f.Photos, a)
		}
	}
	return out, rows.Err()
}

// Findings lists an item's findings with their photos for viewer: the
// staff side and the item's team; nobody else (an empty list).
func (db *DB) Findings(ctx context.Context, viewer *renda.User, itemID string) ([]*supervision.Finding, error) {
	out := []*supervision.Finding{}
	err := db.read(ctx, func(tx *Tx) error {
		it, err := tx.supItemFor(viewer, itemID, false)
		if err != nil {
			return err
		}
		if ok, err := tx.canSeeFindings(viewer, it); err != nil || !ok {
			return err
		}
		out, err = tx.findings(itemID)
		return err
	})
	return out, err
}
