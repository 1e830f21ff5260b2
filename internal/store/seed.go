package store

import (
	"context"
	"database/sql"
	"errors"

	"renda"
)

// Seed runs fn in one write transaction as actor, for loading reference data
// in bulk (the demo county, installation scripts). fn uses the Tx's Save…
// methods, which validate like the single-object ones.
func (db *DB) Seed(ctx context.Context, actor *renda.User, fn func(tx *Tx) error) error {
	return db.write(ctx, actor, fn)
}

// SaveRegion validates and saves a region in this transaction.
func (tx *Tx) SaveRegion(r *renda.Region) error {
	if err := r.Validate(); err != nil {
		return err
	}
	return tx.saveRegion(r)
}

// SaveCongress validates and saves a congress in this transaction.
func (tx *Tx) SaveCongress(c *renda.Congress) error {
	if err := c.Validate(); err != nil {
		return err
	}
	return tx.saveCongress(c)
}

// SaveTerm validates and saves a term in this transaction.
func (tx *Tx) SaveTerm(t *renda.Term) error {
	if err := t.Validate(); err != nil {
		return err
	}
	return tx.saveTerm(t)
}

// SaveSession validates and saves a session in this transaction.
func (tx *Tx) SaveSession(s *renda.Session) error {
	if err := s.Validate(); err != nil {
		return err
	}
	return tx.saveSession(s)
}

// SaveDelegation saves a delegation in this transaction.
func (tx *Tx) SaveDelegation(g *renda.Delegation) error { return tx.saveDelegation(g) }

// SaveGroup saves a professional group in this transaction.
func (tx *Tx) SaveGroup(g *renda.Group) error { return tx.saveGroup(g) }

// SaveOrganization validates and saves an organisation in this transaction.
func (tx *Tx) SaveOrganization(o *renda.Organization) error {
	if err := o.Validate(); err != nil {
		return err
	}
	return tx.saveOrganization(o, false)
}

// SaveDeputy validates and saves a deputy in this transaction.
func (tx *Tx) SaveDeputy(d *renda.Deputy) error {
	if err := d.Validate(); err != nil {
		return err
	}
	return tx.saveDeputy(d, false)
}

// SetMeta records a fact about this database (e.g. that it holds the demo).
func (tx *Tx) SetMeta(key, value string) error {
	_, err := tx.exec("INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value", key, value)
	return err
}

// Meta returns a fact recorded with SetMeta, or "".
func (db *DB) Meta(ctx context.Context, key string) (string, error) {
	var v string
	err := db.r.QueryRowContext(ctx, db.rebind("SELECT value FROM meta WHERE key = ?"), key).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	return v, err
}

// IsDemo reports whether the database holds the demo county.
func (db *DB) IsDemo(ctx context.Context) bool {
	v, _ := db.Meta(ctx, "demo")
	return v == "true"
}

// IsEmpty reports whether no organisation, deputy or user exists yet.
func (db *DB) IsEmpty(ctx context.Context) (bool, error) {
	var n int
	err := db.r.QueryRowContext(ctx, "SELECT (SELECT COUNT(*) FROM users) + (SELECT COUNT(*) FROM deputies) + (SELECT COUNT(*) FROM organizations)").Scan(&n)
	return n == 0, err
}

// CheckKey makes sure the personal-data key opens what is stored: a server
// started with another key must not run and show garbage.
func (db *DB) CheckKey(ctx context.Context) error {
	var enc string
	err := db.r.QueryRowContext(ctx, "SELECT phone_enc FROM deputies WHERE phone_enc <> '' LIMIT 1").Scan(&enc)
	if errors.Is(err, sql.ErrNoRows) {
		return nil
	}
	if err != nil {
		return err
	}
	if _, err := db.box.Open(enc); err != nil {
		return errors.New("the secret key does not open the personal data in this database: start renda with the key it was written with (--secret-key or the key file in --data-dir)")
	}
	return nil
}

// RawDB exposes the writer connection for maintenance in tests and tools
// (checkpointing a template database). Application code never uses it.
func RawDB(db *DB) *sql.DB { return db.w }

// AddGroupMembers adds deputies to a group in this transaction.
func (tx *Tx) AddGroupMembers(groupID string, deputyIDs []string) error {
	return tx.addGroupMembers(groupID, deputyIDs)
}

// RecordGroupActivity records a group's activity in this transaction,
// crediting the deputies who took part.
func (tx *Tx) RecordGroupActivity(a *renda.GroupActivity) error { return tx.recordGroupActivity(a) }

// GroupMemberDeputies lists the ids of a group's deputies, in this transaction.
func (tx *Tx) GroupMemberDeputies(groupID string) ([]*renda.Deputy, error) {
	rows, err := tx.query(`SELECT d.id, d.name FROM deputies d WHERE d.group_id = ? OR EXISTS (SELECT 1 FROM group_members m WHERE m.group_id = ? AND m.deputy_id = d.id) ORDER BY d.name, d.id`, groupID, groupID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*renda.Deputy
	for rows.Next() {
		var d renda.Deputy
		if err := rows.Scan(&d.ID, &d.Name); err != nil {
			return nil, err
		}
		out = append(out, &d)
	}
	return out, rows.Err()
}
