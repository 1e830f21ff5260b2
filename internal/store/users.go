package store

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"database/sql"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"strings"
	"time"

	"renda"
	"renda/internal/password"
)

const userColumns = `u.id, u.username, u.display_name, u.role, u.org_id, u.deputy_id, u.disabled, u.created_at, u.last_login_at,
	COALESCE(o.name, ''), COALESCE(d.name, '')`

const userFrom = ` FROM users u LEFT JOIN organizations o ON o.id = u.org_id LEFT JOIN deputies d ON d.id = u.deputy_id`

func scanUser(row interface{ Scan(...any) error }) (*renda.User, error) {
	var u renda.User
	var role string
	err := row.Scan(&u.ID, &u.Username, &u.DisplayName, &role, strScan{&u.OrgID}, strScan{&u.DeputyID}, boolScan{&u.Disabled},
		tsScan{&u.CreatedAt}, tsScan{&u.LastLoginAt}, &u.OrgName, &u.DeputyName)
	u.Role = renda.Role(role)
	return &u, err
}

// NewUser is what an admin fills in to create an account.
type NewUser struct {
	Username    string
	DisplayName string
	Role        renda.Role
	OrgID       string
	DeputyID    string
	Password    string
}

func (n *NewUser) validate(p *renda.Problems) {
	n.Username = p.Line("username", "用户名", n.Username, true, 40)
	for _, r := range n.Username {
		if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '.' || r == '_' || r == '-') {
			p.Add("username", "用户名只能使用小写字母、数字和 . _ -")
			break
		}
	}
	n.DisplayName = p.Line("display_name", "姓名", n.DisplayName, true, 40)
	if !n.Role.Valid() {
		p.Add("role", "请选择角色")
	}
	if n.Role == renda.RoleUnit && n.OrgID == "" {
		p.Add("org_id", "承办单位经办人必须选择所属单位")
	}
	if n.Role == renda.RoleDeputy && n.DeputyID == "" {
		p.Add("deputy_id", "代表账号必须关联一名代表")
	}
	if n.OrgID != "" && !renda.ValidID(n.OrgID) {
		p.Add("org_id", "所选单位不存在")
	}
	if n.DeputyID != "" && !renda.ValidID(n.DeputyID) {
		p.Add("deputy_id", "所选代表不存在")
	}
}

// CreateUser creates an account. Only admins may (actor nil means the
// command line, run by whoever runs the server).
func (db *DB) CreateUser(ctx context.Context, actor *renda.User, n NewUser) (*renda.User, error) {
	if actor != nil && !renda.CanManageUsers(actor) {
		return nil, renda.Errorf(renda.EFORBIDDEN, "只有系统管理员可以管理账号")
	}
	var p renda.Problems
	n.validate(&p)
	if err := renda.PasswordPolicy(n.Username, n.Password); err != nil {
		for _, f := range renda.ErrorFields(err) {
			p.Add("password", "%s", f.Message)
		}
	}
	if err := p.Err(); err != nil {
		return nil, err
	}
	hash, err := password.Hash(n.Password)
	if err != nil {
		return nil, err
	}
	return db.createUserHashed(ctx, actor, n, hash)
}

// CreateUserHashed creates an account whose password was hashed already
// (the demo county gives all its accounts one password, hashed once).
func (db *DB) CreateUserHashed(ctx context.Context, actor *renda.User, n NewUser, hash string) (*renda.User, error) {
	var p renda.Problems
	n.validate(&p)
	if err := p.Err(); err != nil {
		return nil, err
	}
	return db.createUserHashed(ctx, actor, n, hash)
}

func (db *DB) createUserHashed(ctx context.Context, actor *renda.User, n NewUser, hash string) (*renda.User, error) {
	id := renda.NewID()
	err := db.write(ctx, actor, func(tx *Tx) error {
		if err := tx.checkUserLinks(n.Role, n.OrgID, n.DeputyID); err != nil {
			return err
		}
		if taken, err := tx.exists("SELECT 1 FROM users WHERE username = ?", n.Username); err != nil {
			return err
		} else if taken {
			return &renda.Error{Code: renda.ECONFLICT, Message: "用户名“" + n.Username + "”已被使用", Fields: []renda.FieldError{{Field: "username", Message: "已被使用"}}}
		}
		_, err := tx.exec(`INSERT INTO users (id, username, display_name, role, password_hash, org_id, deputy_id, disabled, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, id, n.Username, n.DisplayName, string(n.Role), hash, nz(n.OrgID), nz(n.DeputyID), false, ts(tx.now), ts(tx.now))
		if err != nil {
			return err
		}
		u, err := tx.user(id)
		if err != nil {
			return err
		}
		tx.Record(renda.Change{Action: "create", Entity: "user", EntityID: id, After: u})
		return nil
	})
	if err != nil {
		return nil, err
	}
	return db.User(ctx, id)
}

func (tx *Tx) checkUserLinks(role renda.Role, orgID, deputyID string) error {
	if orgID != "" {
		if ok, err := tx.exists("SELECT 1 FROM organizations WHERE id = ?", orgID); err != nil {
			return err
		} else if !ok {
			return &renda.Error{Code: renda.EINVALID, Message: "所选单位不存在", Fields: []renda.FieldError{{Field: "org_id", Message: "不存在"}}}
		}
	}
	if deputyID != "" {
		if ok, err := tx.exists("SELECT 1 FROM deputies WHERE id = ?", deputyID); err != nil {
			return err
		} else if !ok {
			return &renda.Error{Code: renda.EINVALID, Message: "所选代表不存在", Fields: []renda.FieldError{{Field: "deputy_id", Message: "不存在"}}}
		}
		if role == renda.RoleDeputy {
			if ok, err := tx.exists("SELECT 1 FROM users WHERE deputy_id = ? AND role = 'deputy'", deputyID); err != nil {
				return err
			} else if ok {
				return &renda.Error{Code: renda.ECONFLICT, Message: "这名代表已有账号", Fields: []renda.FieldError{{Field: "deputy_id", Message: "已有账号"}}}
			}
		}
	}
	return nil
}

func (tx *Tx) user(id string) (*renda.User, error) {
	u, err := scanUser(tx.queryRow("SELECT "+userColumns+userFrom+" WHERE u.id = ?", id))
	return u, notFound(err, "用户不存在")
}

// User returns an account by id.
func (db *DB) User(ctx context.Context, id string) (*renda.User, error) {
	u, err := scanUser(db.r.QueryRowContext(ctx, db.rebind("SELECT "+userColumns+userFrom+" WHERE u.id = ?"), id))
	return u, notFound(err, "用户不存在")
}

// UserByUsername returns an account by its username.
func (db *DB) UserByUsername(ctx context.Context, username string) (*renda.User, error) {
	u, err := scanUser(db.r.QueryRowContext(ctx, db.rebind("SELECT "+userColumns+userFrom+" WHERE u.username = ?"), username))
	return u, notFound(err, "用户“"+username+"”不存在")
}

// UserFilter selects accounts.
type UserFilter struct {
	Q      string
	Role   renda.Role
	Limit  int
	Offset int
}

// Users lists accounts (admins only).
func (db *DB) Users(ctx context.Context, actor *renda.User, f UserFilter) ([]*renda.User, int, error) {
	if actor != nil && !renda.CanManageUsers(actor) {
		return nil, 0, renda.Errorf(renda.EFORBIDDEN, "只有系统管理员可以管理账号")
	}
	var where []string
	var args []any
	if f.Q != "" {
		where = append(where, "("+like("u.username")+" OR "+like("u.display_name")+")")
		args = append(args, likeArg(f.Q), likeArg(f.Q))
	}
	if f.Role != "" {
		where, args = append(where, "u.role = ?"), append(args, string(f.Role))
	}
	cond := ""
	if len(where) > 0 {
		cond = " WHERE " + strings.Join(where, " AND ")
	}
	var out []*renda.User
	var total int
	err := db.read(ctx, func(tx *Tx) error {
		var err error
		if total, err = tx.count("SELECT COUNT(*)"+userFrom+cond, args...); err != nil {
			return err
		}
		rows, err := tx.query("SELECT "+userColumns+userFrom+cond+" ORDER BY u.role, u.username"+limitOffset(f.Limit, f.Offset), args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			u, err := scanUser(rows)
			if err != nil {
				return err
			}
			out = append(out, u)
		}
		return rows.Err()
	})
	return out, total, err
}

// UserUpdate is what an admin may change on an account.
type UserUpdate struct {
	DisplayName string
	Role        renda.Role
	OrgID       string
	DeputyID    string
}

// UpdateUser changes an account's name, role and links (admins only).
func (db *DB) UpdateUser(ctx context.Context, actor *renda.User, id string, up UserUpdate) error {
	if !renda.CanManageUsers(actor) {
		return renda.Errorf(renda.EFORBIDDEN, "只有系统管理员可以管理账号")
	}
	var p renda.Problems
	n := NewUser{Username: "x", DisplayName: up.DisplayName, Role: up.Role, OrgID: up.OrgID, DeputyID: up.DeputyID}
	n.validate(&p)
	if err := p.Err(); err != nil {
		return err
	}
	return db.write(ctx, actor, func(tx *Tx) error {
		before, err := tx.user(id)
		if err != nil {
			return err
		}
		if before.DeputyID != n.DeputyID {
			if err := tx.checkUserLinks(n.Role, n.OrgID, n.DeputyID); err != nil {
				return err
			}
		} else if err := tx.checkUserLinks(renda.RoleAdmin, n.OrgID, ""); err != nil {
			return err
		}
		if before.ID == actor.ID && n.Role != renda.RoleAdmin {
			return renda.Errorf(renda.ECONFLICT, "不能取消自己的管理员角色")
		}
		if _, err := tx.exec("UPDATE users SET display_name = ?, role = ?, org_id = ?, deputy_id = ?, updated_at = ? WHERE id = ?",
			n.DisplayName, string(n.Role), nz(n.OrgID), nz(n.DeputyID), ts(tx.now), id); err != nil {
			return err
		}
		after, err := tx.user(id)
		if err != nil {
			return err
		}
		tx.Record(renda.Change{Action: "update", Entity: "user", EntityID: id, Before: before, After: after})
		return nil
	})
}

// SetUserDisabled disables or enables an account; disabling signs it out everywhere.
func (db *DB) SetUserDisabled(ctx context.Context, actor *renda.User, id string, disabled bool) error {
	if actor != nil && !renda.CanManageUsers(actor) {
		return renda.Errorf(renda.EFORBIDDEN, "只有系统管理员可以管理账号")
	}
	return db.write(ctx, actor, func(tx *Tx) error {
		before, err := tx.user(id)
		if err != nil {
			return err
		}
		if actor != nil && actor.ID == id && disabled {
			return renda.Errorf(renda.ECONFLICT, "不能停用自己的账号")
		}
		if before.Disabled == disabled {
			return nil
		}
		if _, err := tx.exec("UPDATE users SET disabled = ?, updated_at = ? WHERE id = ?", disabled, ts(tx.now), id); err != nil {
			return err
		}
		if disabled {
			if _, err := tx.exec("DELETE FROM auth_sessions WHERE user_id = ?", id); err != nil {
				return err
			}
		}
		action := "enable"
		if disabled {
			action = "disable"
		}
		after := *before
		after.Disabled = disabled
		tx.Record(renda.Change{Action: action, Entity: "user", EntityID: id, Before: before, After: &after})
		return nil
	})
}

// SetPassword sets a new password. Admins may reset anyone's (actor nil:
// the command line); a user may change their own with the current one.
// Every session of that user is signed out and every API token revoked:
// whoever knew the old password may have made one.
func (db *DB) SetPassword(ctx context.Context, actor *renda.User, id, current, next string) error {
	self := actor != nil && actor.ID == id
	if actor != nil && !self && !renda.CanManageUsers(actor) {
		return renda.Errorf(renda.EFORBIDDEN, "只能修改自己的密码")
	}
	u, err := db.User(ctx, id)
	if err != nil {
		return err
	}
	if err := renda.PasswordPolicy(u.Username, next); err != nil {
		return err
	}
	if self {
		var hash string
		if err := db.r.QueryRowContext(ctx, db.rebind("SELECT password_hash FROM users WHERE id = ?"), id).Scan(&hash); err != nil {
			return err
		}
		if ok, _ := password.Check(hash, current); !ok {
			return &renda.Error{Code: renda.EINVALID, Message: "当前密码不正确", Fields: []renda.FieldError{{Field: "current", Message: "不正确"}}}
		}
	}
	hash, err := password.Hash(next)
	if err != nil {
		return err
	}
	return db.write(ctx, actor, func(tx *Tx) error {
		if _, err := tx.exec("UPDATE users SET password_hash = ?, updated_at = ? WHERE id = ?", hash, ts(tx.now), id); err != nil {
			return err
		}
		if _, err := tx.exec("DELETE FROM auth_sessions WHERE user_id = ?", id); err != nil {
			return err
		}
		action := "reset_password"
		if self {
			action = "password"
		}
		tx.Record(renda.Change{Action: action, Entity: "user", EntityID: id})
		return nil
	})
}

// --- sign-in ---

// Login checks a username and password. Repeated failures for one username
// or from one address lock sign-in for a while (settings auth.*).
// It returns EUNAUTHORIZED for wrong credentials and ETOOMANY when locked.
func (db *DB) Login(ctx context.Context, username, pass, ip string) (*renda.User, error) {
	set, err := db.Settings(ctx)
	if err != nil {
		return nil, err
	}
	maxFail, lockMin := set.Int("auth.max_failures"), set.Int("auth.lockout_minutes")
	// Every attempt is counted as a failure before its password is checked,
	// in one transaction that also counts the earlier ones (serialised per
	// username and address), so concurrent guesses cannot all slip under the
	// limit; a right password then clears the account's failures.
	locked := false
	attempt := renda.NewID()
	err = db.write(ctx, nil, func(tx *Tx) error {
		if tx.db.dialect == Postgres {
			if _, err := tx.exec("SELECT pg_advisory_xact_lock(7401, hashtext(?))", "user:"+username); err != nil {
				return err
			}
			if _, err := tx.exec("SELECT pg_advisory_xact_lock(7402, hashtext(?))", "ip:"+ip); err != nil {
				return err
			}
		}
		since := ts(tx.now.Add(-time.Duration(lockMin) * time.Minute))
		byUser, err := tx.count("SELECT COUNT(*) FROM login_failures WHERE username = ? AND at > ?", username, since)
		if err != nil {
			return err
		}
		byIP, err := tx.count("SELECT COUNT(*) FROM login_failures WHERE ip = ? AND at > ?", ip, since)
		if err != nil {
			return err
		}
		// An office shares one address: allow it several people's mistakes.
		if byUser >= maxFail || byIP >= maxFail*4 {
			locked = true
			return nil
		}
		_, err = tx.exec("INSERT INTO login_failures (id, username, ip, at) VALUES (?, ?, ?, ?)", attempt, username, ip, ts(tx.now))
		return err
	})
	if err != nil {
		return nil, err
	}
	if locked {
		return nil, renda.Errorf(renda.ETOOMANY, "登录失败次数过多，账号已暂时锁定，请 %d 分钟后再试", lockMin)
	}
	var id, hash string
	var disabled bool
	err = db.r.QueryRowContext(ctx, db.rebind("SELECT id, password_hash, disabled FROM users WHERE username = ?"), username).Scan(&id, &hash, boolScan{&disabled})
	ok := false
	switch {
	case errors.Is(err, sql.ErrNoRows):
		password.CheckDummy(pass)
	case err != nil:
		return nil, err
	default:
		ok, _ = password.Check(hash, pass)
	}
	if !ok || disabled {
		// The attempt was recorded as a failure above.
		if ok && disabled {
			return nil, renda.Errorf(renda.EUNAUTHORIZED, "该账号已停用，请联系系统管理员")
		}
		return nil, renda.Errorf(renda.EUNAUTHORIZED, "用户名或密码错误")
	}
	u, err := db.User(ctx, id)
	if err != nil {
		return nil, err
	}
	err = db.write(ctx, u, func(tx *Tx) error {
		if _, err := tx.exec("DELETE FROM login_failures WHERE username = ?", username); err != nil {
			return err
		}
		_, err := tx.exec("UPDATE users SET last_login_at = ? WHERE id = ?", ts(tx.now), id)
		return err
	})
	return u, err
}

// SessionKind distinguishes browser sessions from API tokens.
type SessionKind string

// Session kinds.
const (
	WebSession SessionKind = "web"
	APIToken   SessionKind = "api"
)

// CreateSession starts a session (or issues an API token) for a user and
// returns its secret token; only its hash is stored. ttl 0 means no expiry
// (API tokens made on the command line).
func (db *DB) CreateSession(ctx context.Context, u *renda.User, kind SessionKind, name, ip string, ttl time.Duration) (string, error) {
	raw := make([]byte, 32)
	if _, err := rand.Read(raw); err != nil {
		return "", err
	}
	token := base64.RawURLEncoding.EncodeToString(raw)
	err := db.write(ctx, u, func(tx *Tx) error {
		var exp any
		if ttl > 0 {
			exp = ts(tx.now.Add(ttl))
		}
		if _, err := tx.exec(`INSERT INTO auth_sessions (token_hash, user_id, kind, name, created_at, expires_at, last_seen_at, ip)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, tokenHash(token), u.ID, string(kind), name, ts(tx.now), exp, ts(tx.now), ip); err != nil {
			return err
		}
		action := "login"
		if kind == APIToken && name != "" {
			action = "token_create"
		}
		tx.Record(renda.Change{Action: action, Entity: "user", EntityID: u.ID, Note: strings.TrimSpace(string(kind) + " " + name)})
		return nil
	})
	return token, err
}

func tokenHash(token string) string {
	h := sha256.Sum256([]byte(token))
	return hex.EncodeToString(h[:])
}

// SessionUser returns the user of a session or API token, or EUNAUTHORIZED
// if it is unknown, expired, or its user disabled. A web session expires
// after auth.session_hours without use, an API token after
// auth.token_idle_days.
func (db *DB) SessionUser(ctx context.Context, token string, kind SessionKind) (*renda.User, error) {
	if token == "" || len(token) > 100 {
		return nil, renda.Errorf(renda.EUNAUTHORIZED, "请先登录")
	}
	var userID string
	var exp, seen time.Time
	err := db.r.QueryRowContext(ctx, db.rebind("SELECT user_id, expires_at, last_seen_at FROM auth_sessions WHERE token_hash = ? AND kind = ?"),
		tokenHash(token), string(kind)).Scan(&userID, tsScan{&exp}, tsScan{&seen})
	if errors.Is(err, sql.ErrNoRows) {
		return nil, renda.Errorf(renda.EUNAUTHORIZED, "登录已失效，请重新登录")
	}
	if err != nil {
		return nil, err
	}
	now := db.clock.Now()
	if !exp.IsZero() && !now.Before(exp) {
		return nil, renda.Errorf(renda.EUNAUTHORIZED, "登录已过期，请重新登录")
	}
	set, err := db.Settings(ctx)
	if err != nil {
		return nil, err
	}
	idle := time.Duration(set.Int("auth.session_hours")) * time.Hour
	if kind == APIToken {
		idle = time.Duration(set.Int("auth.token_idle_days")) * 24 * time.Hour
	}
	if now.Sub(seen) > idle {
		return nil, renda.Errorf(renda.EUNAUTHORIZED, "长时间未使用，登录已过期，请重新登录")
	}
	u, err := db.User(ctx, userID)
	if err != nil {
		return nil, err
	}
	if u.Disabled {
		return nil, renda.Errorf(renda.EUNAUTHORIZED, "该账号已停用")
	}
	// Record use at most once a minute: a write per request would make the
	// single SQLite writer the bottleneck of every page.
	if now.Sub(seen) > time.Minute {
		_ = db.write(ctx, nil, func(tx *Tx) error {
			_, err := tx.exec("UPDATE auth_sessions SET last_seen_at = ? WHERE token_hash = ?", ts(tx.now), tokenHash(token))
			return err
		})
	}
	return u, nil
}

// DeleteSession ends a session (sign-out) or revokes a token.
func (db *DB) DeleteSession(ctx context.Context, u *renda.User, token string) error {
	return db.write(ctx, u, func(tx *Tx) error {
		res, err := tx.exec("DELETE FROM auth_sessions WHERE token_hash = ?", tokenHash(token))
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n > 0 && u != nil {
			tx.Record(renda.Change{Action: "logout", Entity: "user", EntityID: u.ID})
		}
		return nil
	})
}

// PurgeExpired removes expired sessions and old login failures (a sweep).
func (db *DB) PurgeExpired(ctx context.Context) error {
	return db.write(ctx, nil, func(tx *Tx) error {
		if _, err := tx.exec("DELETE FROM auth_sessions WHERE expires_at IS NOT NULL AND expires_at < ?", ts(tx.now)); err != nil {
			return err
		}
		_, err := tx.exec("DELETE FROM login_failures WHERE at < ?", ts(tx.now.Add(-24*time.Hour)))
		return err
	})
}
