package store

import (
	"context"
	"strconv"
	"strings"
	"time"

	"renda"
)

// Notify writes an in-app message to a user in this transaction.
func (tx *Tx) Notify(userID, title, body, link string) error {
	_, err := tx.exec(`INSERT INTO notifications (id, user_id, title, body, link, created_at) VALUES (?, ?, ?, ?, ?, ?)`,
		renda.NewID(), userID, title, body, link, ts(tx.now))
	return err
}

// NotifyRoles writes an in-app message to every active user with one of the
// roles (e.g. staff and leaders, on escalation).
func (tx *Tx) NotifyRoles(roles []renda.Role, title, body, link string) error {
	ids, err := tx.userIDsByRole(roles...)
	if err != nil {
		return err
	}
	for _, id := range ids {
		if err := tx.Notify(id, title, body, link); err != nil {
			return err
		}
	}
	return nil
}

// NotifyOrg writes an in-app message to every active user of an organisation.
func (tx *Tx) NotifyOrg(orgID, title, body, link string) error {
	return tx.notifyUsers(title, body, link, "SELECT id FROM users WHERE org_id = ? AND disabled = ? ORDER BY id", orgID, false)
}

// notifyUsers writes an in-app message to every user id query q returns.
func (tx *Tx) notifyUsers(title, body, link, q string, args ...any) error {
	rows, err := tx.query(q, args...)
	if err != nil {
		return err
	}
	ids, err := collectStrings(rows)
	if err != nil {
		return err
	}
	for _, id := range ids {
		if err := tx.Notify(id, title, body, link); err != nil {
			return err
		}
	}
	return nil
}

func (tx *Tx) userIDsByRole(roles ...renda.Role) ([]string, error) {
	args := []any{false}
	for _, r := range roles {
		args = append(args, string(r))
	}
	rows, err := tx.query("SELECT id FROM users WHERE disabled = ? AND role IN ("+placeholders(len(roles))+") ORDER BY id", args...)
	if err != nil {
		return nil, err
	}
	return collectStrings(rows)
}

// Enqueue puts a message in the outbox in this transaction, so it leaves
// renda if and only if the change that caused it commits. A message whose
// Key is already in the outbox is dropped: it is delivered at most once.
// A text message (channel sms) gets the deployment's SMS signature at its
// head, so every SMS renda sends is signed as its gateway requires.
func (tx *Tx) Enqueue(m renda.Message) error {
	if m.Key == "" {
		m.Key = renda.NewID()
	}
	if m.Channel == "sms" {
		d, err := tx.Deployment()
		if err != nil {
			return err
		}
		m.Body = d.Signed(m.Body)
	}
	_, err := tx.exec(`INSERT INTO outbox (id, channel, recipient, recipient_enc, subject, body, dedupe_key, status, attempts, next_at, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, 'pending', 0, ?, ?) ON CONFLICT (dedupe_key) DO NOTHING`,
		renda.NewID(), m.Channel, maskRecipient(m.Recipient), tx.db.box.Seal(m.Recipient), m.Subject, m.Body, m.Key, ts(tx.now), ts(tx.now))
	tx.enqueued++
	return err
}

// maskRecipient is what the outbox page may show of an address: a phone
// masked, the head and domain of an e-mail address, a URL as it is.
func maskRecipient(r string) string {
	switch {
	case strings.HasPrefix(r, "http://"), strings.HasPrefix(r, "https://"):
		return r
	case strings.Contains(r, "@"):
		local, domain, _ := strings.Cut(r, "@")
		if local != "" {
			local = string([]rune(local)[:1])
		}
		return local + "***@" + domain
	}
	return renda.MaskPhone(r)
}

// sealOutbox seals the recipients of messages written before they were
// sealed (once, when the store starts).
func (tx *Tx) sealOutbox() error {
	rows, err := tx.query("SELECT id, recipient FROM outbox WHERE recipient_enc = '' AND recipient <> '' AND erased_at IS NULL")
	if err != nil {
		return err
	}
	type row struct{ id, r string }
	var todo []row
	for rows.Next() {
		var x row
		if err := rows.Scan(&x.id, &x.r); err != nil {
			rows.Close()
			return err
		}
		todo = append(todo, x)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	for _, x := range todo {
		if _, err := tx.exec("UPDATE outbox SET recipient = ?, recipient_enc = ? WHERE id = ?", maskRecipient(x.r), tx.db.box.Seal(x.r), x.id); err != nil {
			return err
		}
	}
	return nil
}

// EraseDeliveredMessages removes the personal data (recipient and text) of
// messages delivered, or given up, more than outbox.retention_days ago: the
// row stays, so the outbox still shows that a message went out (a sweep).
func (db *DB) EraseDeliveredMessages(ctx context.Context) error {
	return db.write(ctx, nil, func(tx *Tx) error {
		set, err := tx.settings()
		if err != nil {
			return err
		}
		limit := ts(tx.now.Add(-time.Duration(set.Int("outbox.retention_days")) * 24 * time.Hour))
		_, err = tx.exec(`UPDATE outbox SET recipient = '', recipient_enc = '', body = '', erased_at = ?
			WHERE erased_at IS NULL AND ((status = 'sent' AND sent_at < ?) OR (status = 'dead' AND created_at < ?))`, ts(tx.now), limit, limit)
		return err
	})
}

// Once reports whether key is new, and remembers it. Reminders use it so
// that each fires exactly once, whichever server's sweep gets there first:
// the second insert waits for the first transaction and then finds the key.
func (tx *Tx) Once(key string) (bool, error) {
	res, err := tx.exec("INSERT INTO once_keys (key, created_at) VALUES (?, ?) ON CONFLICT (key) DO NOTHING", key, ts(tx.now))
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

// Sweep runs fn in one write transaction as the system. Background jobs use
// it to find due work and record what they do about it.
func (db *DB) Sweep(ctx context.Context, fn func(tx *Tx) error) error {
	return db.write(ctx, nil, fn)
}

// ClaimMessages takes up to n due outbox messages for delivery and locks them
// for lease, so another server does not deliver them at the same time.
func (db *DB) ClaimMessages(ctx context.Context, n int, lease time.Duration) ([]renda.Message, error) {
	var out []renda.Message
	err := db.write(ctx, nil, func(tx *Tx) error {
		now := ts(tx.now)
		rows, err := tx.query(`SELECT id FROM outbox WHERE status = 'pending' AND next_at <= ?
			AND (locked_until IS NULL OR locked_until <= ?) ORDER BY next_at, id LIMIT ?`+tx.db.skipLocked(), now, now, n)
		if err != nil {
			return err
		}
		ids, err := collectStrings(rows)
		if err != nil || len(ids) == 0 {
			return err
		}
		args := []any{ts(tx.now.Add(lease))}
		for _, id := range ids {
			args = append(args, id)
		}
		if _, err := tx.exec("UPDATE outbox SET locked_until = ? WHERE id IN ("+placeholders(len(ids))+")", args...); err != nil {
			return err
		}
		rows, err = tx.query(`SELECT id, channel, recipient_enc, subject, body, dedupe_key, status, attempts, last_error, created_at
			FROM outbox WHERE id IN (`+placeholders(len(ids))+") ORDER BY next_at, id", args[1:]...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var m renda.Message
			var enc string
			if err := rows.Scan(&m.ID, &m.Channel, &enc, &m.Subject, &m.Body, &m.Key, &m.Status, &m.Attempts, &m.LastError, tsScan{&m.CreatedAt}); err != nil {
				return err
			}
			if m.Recipient, err = tx.db.box.Open(enc); err != nil {
				return err
			}
			out = append(out, m)
		}
		return rows.Err()
	})
	return out, err
}

// MessageSent marks a message delivered.
func (db *DB) MessageSent(ctx context.Context, id string) error {
	return db.write(ctx, nil, func(tx *Tx) error {
		_, err := tx.exec("UPDATE outbox SET status = 'sent', sent_at = ?, locked_until = NULL, attempts = attempts + 1, last_error = '' WHERE id = ?", ts(tx.now), id)
		return err
	})
}

// MessageFailed records a failed delivery and schedules the next attempt
// with exponential backoff (30 s, 1 min, 2 min, … at most 1 h); after the
// configured number of attempts the message is marked dead and admins told.
func (db *DB) MessageFailed(ctx context.Context, id string, cause error) error {
	return db.write(ctx, nil, func(tx *Tx) error {
		set, err := tx.settings()
		if err != nil {
			return err
		}
		var attempts int
		var channel string
		if err := tx.queryRow("SELECT attempts, channel FROM outbox WHERE id = ?", id).Scan(&attempts, &channel); err != nil {
			return notFound(err, "外发消息不存在")
		}
		attempts++
		msg := cause.Error()
		if len(msg) > 500 {
			msg = msg[:500]
		}
		if attempts >= set.Int("outbox.max_attempts") {
			if _, err := tx.exec("UPDATE outbox SET status = 'dead', attempts = ?, last_error = ?, locked_until = NULL WHERE id = ?", attempts, msg, id); err != nil {
				return err
			}
			return tx.NotifyRoles([]renda.Role{renda.RoleAdmin}, "外发消息多次发送失败",
				"通道 "+channel+" 的一条消息已重试 "+itoa(attempts)+" 次仍失败："+msg, "/outbox")
		}
		backoff := min(30*time.Second<<min(attempts-1, 10), time.Hour)
		_, err = tx.exec("UPDATE outbox SET attempts = ?, last_error = ?, next_at = ?, locked_until = NULL WHERE id = ?",
			attempts, msg, ts(tx.now.Add(backoff)), id)
		return err
	})
}

// OutboxFilter selects outbox messages.
type OutboxFilter struct {
	Status  string
	Channel string
	Limit   int
	Offset  int
}

// Outbox lists outbox messages, newest first (admins).
func (db *DB) Outbox(ctx context.Context, f OutboxFilter) ([]renda.Message, int, error) {
	var where []string
	var args []any
	if f.Status != "" {
		where, args = append(where, "status = ?"), append(args, f.Status)
	}
	if f.Channel != "" {
		where, args = append(where, "channel = ?"), append(args, f.Channel)
	}
	cond := ""
	if len(where) > 0 {
		cond = " WHERE " + strings.Join(where, " AND ")
	}
	var out []renda.Message
	var total int
	err := db.read(ctx, func(tx *Tx) error {
		var err error
		if total, err = tx.count("SELECT COUNT(*) FROM outbox"+cond, args...); err != nil {
			return err
		}
		rows, err := tx.query(`SELECT id, channel, recipient, subject, body, dedupe_key, status, attempts, last_error, created_at, sent_at, next_at
			FROM outbox`+cond+" ORDER BY created_at DESC, id DESC"+limitOffset(f.Limit, f.Offset), args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var m renda.Message
			if err := rows.Scan(&m.ID, &m.Channel, &m.Recipient, &m.Subject, &m.Body, &m.Key, &m.Status, &m.Attempts, &m.LastError,
				tsScan{&m.CreatedAt}, tsScan{&m.SentAt}, tsScan{&m.NextAt}); err != nil {
				return err
			}
			out = append(out, m)
		}
		return rows.Err()
	})
	return out, total, err
}

// Notifications lists a user's in-app messages, newest first, and how many are unread.
func (db *DB) Notifications(ctx context.Context, userID string, limit, offset int) ([]renda.Notification, int, int, error) {
	var out []renda.Notification
	var total, unread int
	err := db.read(ctx, func(tx *Tx) error {
		var err error
		if total, err = tx.count("SELECT COUNT(*) FROM notifications WHERE user_id = ?", userID); err != nil {
			return err
		}
		if unread, err = tx.count("SELECT COUNT(*) FROM notifications WHERE user_id = ? AND read_at IS NULL", userID); err != nil {
			return err
		}
		rows, err := tx.query("SELECT id, user_id, title, body, link, created_at, read_at FROM notifications WHERE user_id = ? ORDER BY created_at DESC, id DESC"+limitOffset(limit, offset), userID)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var n renda.Notification
			if err := rows.Scan(&n.ID, &n.UserID, &n.Title, &n.Body, &n.Link, tsScan{&n.CreatedAt}, tsScan{&n.ReadAt}); err != nil {
				return err
			}
			out = append(out, n)
		}
		return rows.Err()
	})
	return out, total, unread, err
}

// UnreadCount returns how many unread in-app messages a user has.
func (db *DB) UnreadCount(ctx context.Context, userID string) (int, error) {
	var n int
	err := db.r.QueryRowContext(ctx, db.rebind("SELECT COUNT(*) FROM notifications WHERE user_id = ? AND read_at IS NULL"), userID).Scan(&n)
	return n, err
}

// MarkNotificationsRead marks a user's messages read (all of them when ids is empty).
// Reading one's messages is not audited: it changes nothing anyone else sees.
func (db *DB) MarkNotificationsRead(ctx context.Context, user *renda.User, ids []string) error {
	return db.write(ctx, user, func(tx *Tx) error {
		if len(ids) == 0 {
			_, err := tx.exec("UPDATE notifications SET read_at = ? WHERE user_id = ? AND read_at IS NULL", ts(tx.now), user.ID)
			return err
		}
		for _, id := range ids {
			if _, err := tx.exec("UPDATE notifications SET read_at = ? WHERE id = ? AND user_id = ? AND read_at IS NULL", ts(tx.now), id, user.ID); err != nil {
				return err
			}
		}
		return nil
	})
}

func collectStrings(rows interface {
	Next() bool
	Scan(...any) error
	Err() error
	Close() error
}) ([]string, error) {
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, rows.Err()
}

func itoa(n int) string { return strconv.Itoa(n) }
