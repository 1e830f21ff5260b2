package store

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/hex"
	"errors"
	"fmt"
	"math/big"
	"time"

	"renda"
	"renda/internal/password"
)

// Password recovery by a text message (找回密码, issue 9 point 22): a user
// names their account and the phone on record and receives a one-time code
// by SMS; with it they set a new password. Whether the account and phone
// matched is never said (the answer is the same), requests are throttled per
// account and per address, a code lives 10 minutes, is void after 5 wrong
// tries or a newer code, and a reset signs out every session and revokes
// every API token, like any password change.
const (
	RecoveryCodeTTL     = 10 * time.Minute
	recoveryTries       = 5
	recoveryPerAccount  = 3  // codes per account per hour
	recoveryPerAddress  = 10 // requests per address per hour
	recoveryCodeDigits  = 6
	recoveryActionCode  = "password_code"
	recoveryActionReset = "recover_password"
)

// errBadCode is what every wrong, old or used code answers.
var errBadCode = &renda.Error{Code: renda.EINVALID, Message: "验证码不正确或已过期，请重新获取",
	Fields: []renda.FieldError{{Field: "code", Message: "不正确或已过期"}}}

func recoveryHash(userID, code string) string {
	h := sha256.Sum256([]byte(userID + ":" + code))
	return hex.EncodeToString(h[:])
}

// SetRecoveryPhone records the phone a user recovers their password with.
// Only the user themselves, with their current password (a borrowed session
// must not redirect recovery to another phone), or an admin. An empty phone
// removes it.
func (db *DB) SetRecoveryPhone(ctx context.Context, actor *renda.User, id, current, phone string) error {
	self := actor != nil && actor.ID == id
	if actor != nil && !self && !renda.CanManageUsers(actor) {
		return renda.Errorf(renda.EFORBIDDEN, "只能修改自己的手机号")
	}
	phone = renda.NormalizePhone(phone)
	if phone != "" && !renda.ValidPhone(phone) {
		return &renda.Error{Code: renda.EINVALID, Message: "手机号格式不正确", Fields: []renda.FieldError{{Field: "phone", Message: "应为 11 位手机号"}}}
	}
	if self {
		var hash string
		if err := db.r.QueryRowContext(ctx, db.rebind("SELECT password_hash FROM users WHERE id = ?"), id).Scan(&hash); err != nil {
			if errNoRows(err) {
				return renda.Errorf(renda.ENOTFOUND, "用户不存在")
			}
			return err
		}
		if ok, _ := password.Check(hash, current); !ok {
			return &renda.Error{Code: renda.EINVALID, Message: "当前密码不正确", Fields: []renda.FieldError{{Field: "current", Message: "不正确"}}}
		}
	}
	return db.write(ctx, actor, func(tx *Tx) error {
		enc, idx := "", ""
		if phone != "" {
			enc, idx = tx.db.box.Seal(phone), tx.db.box.Index(phone)
		}
		res, err := tx.exec("UPDATE users SET phone_enc = ?, phone_index = ?, updated_at = ? WHERE id = ?", enc, idx, ts(tx.now), id)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return renda.Errorf(renda.ENOTFOUND, "用户不存在")
		}
		// The audit trail says that it changed, never the number.
		tx.Record(renda.Change{Action: "recovery_phone", Entity: "user", EntityID: id})
		return nil
	})
}

// RecoveryPhone is the user's own recovery phone, masked, or "" when none
// is on record; for a deputy's account the deputy's phone counts.
func (db *DB) RecoveryPhone(ctx context.Context, id string) (string, error) {
	var own, dep string
	err := db.r.QueryRowContext(ctx, db.rebind(`SELECT u.phone_enc, COALESCE(d.phone_enc, '') FROM users u
		LEFT JOIN deputies d ON d.id = u.deputy_id WHERE u.id = ?`), id).Scan(&own, &dep)
	if err != nil {
		if errNoRows(err) {
			return "", nil
		}
		return "", err
	}
	for _, enc := range []string{own, dep} {
		if enc == "" {
			continue
		}
		p, err := db.box.Open(enc)
		if err != nil {
			return "", err
		}
		if p != "" {
			return renda.MaskPhone(p), nil
		}
	}
	return "", nil
}

// RequestPasswordCode sends a recovery code to phone if it is the phone on
// record of the enabled account username. It answers nil whether or not
// they matched (so nobody learns which accounts and phones exist), ETOOMANY
// when the address asked too often, EINVALID for a malformed phone. It
// returns the code for tests and the demo's outbox page; callers must not
// show it.
func (db *DB) RequestPasswordCode(ctx context.Context, username, phone, ip string) (string, error) {
	var probs renda.Problems
	probs.Line("username", "用户名", username, true, 40)
	phone = renda.NormalizePhone(phone)
	if phone == "" {
		probs.Add("phone", "请填写登记的手机号")
	} else if !renda.ValidPhone(phone) {
		probs.Add("phone", "应为 11 位手机号")
	}
	if err := probs.Err(); err != nil {
		return "", err
	}
	code, err := randomDigits(recoveryCodeDigits)
	if err != nil {
		return "", err
	}
	sent := ""
	throttled := false
	err = db.write(ctx, nil, func(tx *Tx) error {
		if tx.db.dialect == Postgres {
			if _, err := tx.exec("SELECT pg_advisory_xact_lock(7403, hashtext(?))", "ip:"+ip); err != nil {
				return err
			}
		}
		hour := ts(tx.now.Add(-time.Hour))
		byIP, err := tx.count("SELECT COUNT(*) FROM password_codes WHERE ip = ? AND created_at > ?", ip, hour)
		if err != nil {
			return err
		}
		if byIP >= recoveryPerAddress {
			throttled = true
			return nil
		}
		idx := tx.db.box.Index(phone)
		var uid string
		err = tx.queryRow(`SELECT u.id FROM users u LEFT JOIN deputies d ON d.id = u.deputy_id
			WHERE u.username = ? AND u.disabled = ? AND (u.phone_index = ? OR d.phone_index = ?)`, username, false, idx, idx).Scan(&uid)
		if err != nil && !errNoRows(err) {
			return err
		}
		id := renda.NewID()
		exp := ts(tx.now.Add(RecoveryCodeTTL))
		if uid == "" {
			// Counted against the address, nothing sent.
			_, err := tx.exec("INSERT INTO password_codes (id, user_id, ip, created_at, expires_at) VALUES (?, NULL, ?, ?, ?)", id, ip, ts(tx.now), exp)
			return err
		}
		byUser, err := tx.count("SELECT COUNT(*) FROM password_codes WHERE user_id = ? AND created_at > ?", uid, hour)
		if err != nil {
			return err
		}
		if byUser >= recoveryPerAccount {
			// The account's owner is not flooded with texts; the caller
			// hears the same answer as always.
			_, err := tx.exec("INSERT INTO password_codes (id, user_id, ip, created_at, expires_at) VALUES (?, NULL, ?, ?, ?)", id, ip, ts(tx.now), exp)
			return err
		}
		// A new code voids the earlier ones.
		if _, err := tx.exec("UPDATE password_codes SET used_at = ? WHERE user_id = ? AND used_at IS NULL", ts(tx.now), uid); err != nil {
			return err
		}
		if _, err := tx.exec("INSERT INTO password_codes (id, user_id, ip, code_hash, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?)",
			id, uid, ip, recoveryHash(uid, code), ts(tx.now), exp); err != nil {
			return err
		}
		if err := tx.Enqueue(renda.Message{Channel: "sms", Recipient: phone, Key: "password-code:" + id,
			Body: fmt.Sprintf("您正在找回登录密码，验证码 %s，%d 分钟内有效。如非本人操作，请忽略本短信，不要把验证码告诉任何人。", code, int(RecoveryCodeTTL.Minutes()))}); err != nil {
			return err
		}
		tx.Record(renda.Change{Action: recoveryActionCode, Entity: "user", EntityID: uid})
		sent = code
		return nil
	})
	if err != nil {
		return "", err
	}
	if throttled {
		return "", renda.Errorf(renda.ETOOMANY, "获取验证码过于频繁，请 1 小时后再试")
	}
	return sent, nil
}

// ResetPasswordWithCode sets account username's password to next if code
// is its latest recovery code, unexpired and unused. A wrong code counts
// against the code (5 wrong tries void it); a right one is used up, and
// every session and API token of the account ends.
func (db *DB) ResetPasswordWithCode(ctx context.Context, username, code, next string) error {
	var probs renda.Problems
	probs.Line("username", "用户名", username, true, 40)
	probs.Line("code", "验证码", code, true, 12)
	if err := probs.Err(); err != nil {
		return err
	}
	if err := renda.PasswordPolicy(username, next); err != nil {
		return err
	}
	var uid string
	err := db.r.QueryRowContext(ctx, db.rebind("SELECT id FROM users WHERE username = ? AND disabled = ?"), username, false).Scan(&uid)
	if errNoRows(err) {
		return errBadCode
	}
	if err != nil {
		return err
	}
	// Hashing a password is deliberately slow: do it only when the account
	// has a live code, so guesses cannot be used to load the server.
	var live int
	if err := db.r.QueryRowContext(ctx, db.rebind("SELECT COUNT(*) FROM password_codes WHERE user_id = ? AND used_at IS NULL AND expires_at > ?"),
		uid, ts(db.clock.Now())).Scan(&live); err != nil {
		return err
	}
	if live == 0 {
		return errBadCode
	}
	u, err := db.User(ctx, uid)
	if err != nil {
		return err
	}
	hash, err := password.Hash(next)
	if err != nil {
		return err
	}
	bad := false
	err = db.write(ctx, u, func(tx *Tx) error {
		var id, want string
		var tries int
		err := tx.queryRow(`SELECT id, code_hash, attempts FROM password_codes
			WHERE user_id = ? AND used_at IS NULL AND expires_at > ? ORDER BY created_at DESC LIMIT 1`, uid, ts(tx.now)).Scan(&id, &want, &tries)
		if errNoRows(err) {
			bad = true
			return nil
		}
		if err != nil {
			return err
		}
		if subtle.ConstantTimeCompare([]byte(want), []byte(recoveryHash(uid, code))) != 1 {
			bad = true
			// The wrong try is kept (this transaction commits).
			used := any(nil)
			if tries+1 >= recoveryTries {
				used = ts(tx.now)
			}
			_, err := tx.exec("UPDATE password_codes SET attempts = attempts + 1, used_at = ? WHERE id = ?", used, id)
			return err
		}
		if _, err := tx.exec("UPDATE password_codes SET used_at = ? WHERE id = ?", ts(tx.now), id); err != nil {
			return err
		}
		if _, err := tx.exec("UPDATE users SET password_hash = ?, updated_at = ? WHERE id = ?", hash, ts(tx.now), uid); err != nil {
			return err
		}
		if _, err := tx.exec("DELETE FROM auth_sessions WHERE user_id = ?", uid); err != nil {
			return err
		}
		if _, err := tx.exec("DELETE FROM login_failures WHERE username = ?", username); err != nil {
			return err
		}
		tx.Record(renda.Change{Action: recoveryActionReset, Entity: "user", EntityID: uid})
		return nil
	})
	if err != nil {
		return err
	}
	if bad {
		return errBadCode
	}
	return nil
}

// randomDigits is a uniformly random string of n decimal digits.
func randomDigits(n int) (string, error) {
	max := big.NewInt(1)
	for range n {
		max.Mul(max, big.NewInt(10))
	}
	v, err := rand.Int(rand.Reader, max)
	if err != nil {
		return "", errors.Join(errors.New("recovery code"), err)
	}
	return fmt.Sprintf("%0*d", n, v), nil
}
