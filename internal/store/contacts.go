package store

import (
	"context"

	"renda"
)

// DeputyContact is the phone of a deputy whom a handling unit must reach:
// the lead deputy or a co-signer of an item it handles.
type DeputyContact struct {
	DeputyID string
	Name     string
	Lead     bool
	Phone    string // in full
}

// SuggestionContacts returns the phones of an item's lead deputy and of the
// co-signers who confirmed, for the users of the units it was assigned to
// (the law requires them to contact the deputies), and records each reveal
// in the audit trail in the same transaction: who saw whose phone, for which
// item, and where (the item's page, the 交办函). Anyone else gets nothing.
func (db *DB) SuggestionContacts(ctx context.Context, viewer *renda.User, s *renda.Suggestion, where string) ([]DeputyContact, error) {
	if viewer == nil || viewer.Role != renda.RoleUnit || s.LeadUnitID == "" || !s.Relations(viewer).Has("lead_unit", "split_unit", "co_unit") {
		return nil, nil
	}
	var out []DeputyContact
	err := db.write(ctx, viewer, func(tx *Tx) error {
		for _, g := range s.Signers {
			if !g.Lead && g.Status != renda.SignerConfirmed {
				continue
			}
			var enc string
			if err := tx.queryRow("SELECT phone_enc FROM deputies WHERE id = ?", g.DeputyID).Scan(&enc); err != nil {
				return err
			}
			phone, err := db.box.Open(enc)
			if err != nil {
				return err
			}
			if phone == "" {
				continue
			}
			out = append(out, DeputyContact{DeputyID: g.DeputyID, Name: g.Name, Lead: g.Lead, Phone: phone})
			title := s.Number
			if title == "" {
				title = s.Title
			}
			tx.Record(renda.Change{Action: "reveal_phone", Entity: "deputy", EntityID: g.DeputyID,
				Note: "承办单位查看代表联系电话（" + where + "，" + title + "）"})
		}
		return nil
	})
	return out, err
}
