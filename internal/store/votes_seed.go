package store

import (
	"crypto/rand"
	"encoding/base64"

	"renda"
)

// CreateUserHashed creates an account with a password hashed already, in
// this transaction: for loading many accounts at once (a congress's
// deputies for a test or a rehearsal of a vote).
func (tx *Tx) CreateUserHashed(n NewUser, hash string) (*renda.User, error) {
	var p renda.Problems
	n.validate(&p)
	if err := p.Err(); err != nil {
		return nil, err
	}
	if err := tx.checkUserLinks(n.Role, n.OrgID, n.DeputyID); err != nil {
		return nil, err
	}
	id := renda.NewID()
	if _, err := tx.exec(`INSERT INTO users (id, username, display_name, role, password_hash, org_id, deputy_id, disabled, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, id, n.Username, n.DisplayName, string(n.Role), hash, nz(n.OrgID), nz(n.DeputyID), false, ts(tx.now), ts(tx.now)); err != nil {
		return nil, err
	}
	u, err := tx.user(id)
	if err != nil {
		return nil, err
	}
	tx.Record(renda.Change{Action: "create", Entity: "user", EntityID: id, After: u})
	return u, nil
}

// CreateAPIToken issues an API token for u in this transaction and returns
// it; only its hash is stored.
func (tx *Tx) CreateAPIToken(u *renda.User, name string) (string, error) {
	raw := make([]byte, 32)
	if _, err := rand.Read(raw); err != nil {
		return "", err
	}
	token := base64.RawURLEncoding.EncodeToString(raw)
	if _, err := tx.exec(`INSERT INTO auth_sessions (token_hash, user_id, kind, name, created_at, expires_at, last_seen_at, ip)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, tokenHash(token), u.ID, string(APIToken), name, ts(tx.now), nil, ts(tx.now), ""); err != nil {
		return "", err
	}
	tx.Record(renda.Change{Action: "token_create", Entity: "user", EntityID: u.ID, Note: "api " + name})
	return token, nil
}
