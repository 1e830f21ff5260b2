package store

import (
	"context"
	"time"

	"renda"
)

// Token is an API token as its owner and admins see it: never the secret,
// only a short id (the head of its hash) to name it by.
type Token struct {
	ID         string    `json:"id"`
	Name       string    `json:"name"`
	CreatedAt  time.Time `json:"created_at"`
	ExpiresAt  time.Time `json:"expires_at,omitzero"`
	LastSeenAt time.Time `json:"last_seen_at"`
	IP         string    `json:"ip"`
}

// tokenIDLen is how many hex digits of the token's hash name it.
const tokenIDLen = 16

func canSeeTokens(actor *renda.User, userID string) bool {
	return actor != nil && (actor.ID == userID || renda.CanManageUsers(actor))
}

// Tokens lists a user's API tokens, newest first. A user sees their own,
// admins anyone's.
func (db *DB) Tokens(ctx context.Context, actor *renda.User, userID string) ([]Token, error) {
	if !canSeeTokens(actor, userID) {
		return nil, renda.Errorf(renda.ENOTFOUND, "没有这个用户")
	}
	rows, err := db.r.QueryContext(ctx, db.rebind(`SELECT token_hash, name, created_at, expires_at, last_seen_at, ip
		FROM auth_sessions WHERE user_id = ? AND kind = 'api' ORDER BY created_at DESC, token_hash`), userID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []Token{}
	for rows.Next() {
		var t Token
		var hash string
		if err := rows.Scan(&hash, &t.Name, tsScan{&t.CreatedAt}, tsScan{&t.ExpiresAt}, tsScan{&t.LastSeenAt}, &t.IP); err != nil {
			return nil, err
		}
		t.ID = hash[:tokenIDLen]
		out = append(out, t)
	}
	return out, rows.Err()
}

// RevokeToken deletes one of a user's API tokens by its id (see Tokens).
func (db *DB) RevokeToken(ctx context.Context, actor *renda.User, userID, tokenID string) error {
	if !canSeeTokens(actor, userID) {
		return renda.Errorf(renda.ENOTFOUND, "没有这个用户")
	}
	if len(tokenID) != tokenIDLen {
		return renda.Errorf(renda.ENOTFOUND, "没有这个令牌")
	}
	return db.write(ctx, actor, func(tx *Tx) error {
		res, err := tx.exec("DELETE FROM auth_sessions WHERE user_id = ? AND kind = 'api' AND substr(token_hash, 1, 16) = ?", userID, tokenID)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return renda.Errorf(renda.ENOTFOUND, "没有这个令牌")
		}
		tx.Record(renda.Change{Action: "token_revoke", Entity: "user", EntityID: userID, Note: tokenID})
		return nil
	})
}
