package store

import "renda"

// Rebind exposes placeholder rebinding to tests.
func Rebind(db *DB, q string) string { return db.rebind(q) }

// RecomputeAuditChain is what someone with write access to the database but
// without the audit key can do after editing or deleting records: recompute
// every hash from the first record on and point the head at the last one
// (the head's signature they cannot make, so it is left as it was).
func RecomputeAuditChain(db *DB) error {
	rows, err := db.w.Query("SELECT " + auditColumns + " FROM audit_log ORDER BY seq")
	if err != nil {
		return err
	}
	var recs []renda.AuditRecord
	for rows.Next() {
		r, err := scanAudit(rows)
		if err != nil {
			rows.Close()
			return err
		}
		recs = append(recs, r)
	}
	rows.Close()
	prev := ""
	for i := range recs {
		r := &recs[i]
		r.PrevHash = prev
		r.Hash = auditHash(r)
		if _, err := db.w.Exec(db.rebind("UPDATE audit_log SET prev_hash = ?, hash = ? WHERE seq = ?"), r.PrevHash, r.Hash, r.Seq); err != nil {
			return err
		}
		prev = r.Hash
	}
	last := recs[len(recs)-1]
	_, err = db.w.Exec(db.rebind("UPDATE audit_head SET seq = ?, hash = ? WHERE id = 1"), last.Seq, last.Hash)
	return err
}

// SetAuditHead is an attacker putting back a head (with its signature) they
// saw earlier.
func SetAuditHead(db *DB, c AuditCheckpoint) error {
	_, err := db.w.Exec(db.rebind("UPDATE audit_head SET seq = ?, hash = ?, mac = ? WHERE id = 1"), c.Seq, c.Hash, c.MAC)
	return err
}

// DSNOf returns the address the database was opened with.
func DSNOf(db *DB) string { return db.dsn }
