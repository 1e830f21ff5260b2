package store

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"hash"
	"strconv"
	"strings"

	"renda"
)

// Auditable is implemented by objects whose audit copy must differ from the
// object itself: personal data is masked there, never stored in clear.
type Auditable interface {
	AuditView() any
}

// appendAudit writes the transaction's changes recorded so far to the audit
// trail (in one statement). It normally runs last, from finishAudit just
// before COMMIT, so the chain's head is locked only briefly; a transaction
// that shows its own history first (or replays history) calls it earlier.
func (tx *Tx) appendAudit() error {
	if len(tx.changes) == 0 {
		return nil
	}
	if !tx.audit.loaded {
		// The head row stays locked (PostgreSQL) until the transaction ends,
		// so it can be kept here and written back once (finishAudit).
		if err := tx.queryRow("SELECT seq, hash FROM audit_head WHERE id = 1"+tx.db.forUpdate()).Scan(&tx.audit.seq, &tx.audit.hash); err != nil {
			return fmt.Errorf("audit head: %w", err)
		}
		tx.audit.loaded = true
	}
	seq, prev := tx.audit.seq, tx.audit.hash
	actorID, actorName, actorRole := "", "系统", ""
	if tx.actor != nil {
		actorID, actorName, actorRole = tx.actor.ID, tx.actor.Name(), string(tx.actor.Role)
	}
	rows := make([][]any, 0, len(tx.changes))
	for _, c := range tx.changes {
		seq++
		rec := renda.AuditRecord{
			Seq: seq, At: tx.now, ActorID: actorID, ActorName: actorName, ActorRole: actorRole,
			Action: c.Action, Entity: c.Entity, EntityID: c.EntityID, From: c.From, To: c.To,
			Before: auditJSON(c.Before), After: auditJSON(c.After), Note: c.Note, PrevHash: prev,
		}
		rec.Hash = auditHash(&rec)
		rows = append(rows, []any{rec.Seq, ts(rec.At), rec.ActorID, rec.ActorName, rec.ActorRole, rec.Action, rec.Entity, rec.EntityID,
			rec.From, rec.To, string(rec.Before), string(rec.After), rec.Note, rec.PrevHash, rec.Hash})
		prev = rec.Hash
	}
	if err := tx.insertMany("audit_log", `seq, at, actor_id, actor_name, actor_role, action, entity, entity_id,
		from_state, to_state, before_json, after_json, note, prev_hash, hash`, rows); err != nil {
		return fmt.Errorf("audit append: %w", err)
	}
	tx.audit.seq, tx.audit.hash, tx.audit.dirty = seq, prev, true
	tx.changes = nil
	return nil
}

// finishAudit writes what is left of the transaction's changes and the
// trail's new head; it runs just before COMMIT.
func (tx *Tx) finishAudit() error {
	if err := tx.appendAudit(); err != nil {
		return err
	}
	if !tx.audit.dirty {
		return nil
	}
	_, err := tx.exec("UPDATE audit_head SET seq = ?, hash = ?, mac = ? WHERE id = 1", tx.audit.seq, tx.audit.hash, tx.db.auditMAC(tx.audit.seq, tx.audit.hash))
	tx.audit.dirty = false
	return err
}

func auditJSON(v any) json.RawMessage {
	if v == nil {
		return nil
	}
	if a, ok := v.(Auditable); ok {
		v = a.AuditView()
	}
	b, err := json.Marshal(v)
	if err != nil {
		b, _ = json.Marshal(fmt.Sprint(v))
	}
	if string(b) == "null" {
		// A nil pointer in an interface: no object, as nil (the API's
		// schema has no null before/after).
		return nil
	}
	return b
}

// auditHash is SHA-256 over the record's fields, each length-prefixed, and
// the previous record's hash: editing, inserting or deleting a record
// breaks every hash after it.
func auditHash(r *renda.AuditRecord) string {
	h := sha256.New()
	for _, f := range []string{
		strconv.FormatInt(r.Seq, 10), r.At.UTC().Format(tsFormat), r.ActorID, r.ActorName, r.ActorRole,
		r.Action, r.Entity, r.EntityID, r.From, r.To, string(r.Before), string(r.After), r.Note, r.PrevHash,
	} {
		writeField(h, f)
	}
	return hex.EncodeToString(h.Sum(nil))
}

func writeField(h hash.Hash, s string) {
	var n [8]byte
	binary.BigEndian.PutUint64(n[:], uint64(len(s)))
	h.Write(n[:])
	h.Write([]byte(s))
}

const auditColumns = `seq, at, actor_id, actor_name, actor_role, action, entity, entity_id, from_state, to_state,
	before_json, after_json, note, prev_hash, hash`

func scanAudit(rows interface{ Scan(...any) error }) (renda.AuditRecord, error) {
	var r renda.AuditRecord
	var before, after string
	err := rows.Scan(&r.Seq, tsScan{&r.At}, &r.ActorID, &r.ActorName, &r.ActorRole, &r.Action, &r.Entity, &r.EntityID,
		&r.From, &r.To, &before, &after, &r.Note, &r.PrevHash, &r.Hash)
	if before != "" {
		r.Before = json.RawMessage(before)
	}
	if after != "" {
		r.After = json.RawMessage(after)
	}
	return r, err
}

// AuditVerifyError names the first audit record that is not as renda wrote it.
type AuditVerifyError struct {
	Seq    int64
	Reason string
}

func (e *AuditVerifyError) Error() string {
	return fmt.Sprintf("audit record %d: %s", e.Seq, e.Reason)
}

// VerifyAudit walks the whole audit trail and recomputes its hash chain.
// It returns the number of records checked, and an *AuditVerifyError naming
// the first record that was edited, inserted or deleted behind renda's back.
//
// With an audit key (Options.AuditKey) the head must be signed with it, and
// every checkpoint given (from the log, see ParseAuditCheckpoints) must be
// signed with it and match the chain: so rewriting the chain after an edit,
// or deleting the last records and moving the head back, is detected too.
func (db *DB) VerifyAudit(ctx context.Context, checkpoints ...AuditCheckpoint) (int64, error) {
	n, err := db.verifyChain(ctx)
	if err != nil {
		return n, err
	}
	return n, db.verifyAnchors(ctx, checkpoints)
}

func (db *DB) verifyChain(ctx context.Context) (int64, error) {
	rows, err := db.r.QueryContext(ctx, "SELECT "+auditColumns+" FROM audit_log ORDER BY seq")
	if err != nil {
		return 0, err
	}
	defer rows.Close()
	var n, last int64
	prev := ""
	for rows.Next() {
		r, err := scanAudit(rows)
		if err != nil {
			return n, &AuditVerifyError{Seq: last + 1, Reason: "unreadable: " + err.Error()}
		}
		n++
		switch {
		case r.Seq != last+1:
			return n, &AuditVerifyError{Seq: r.Seq, Reason: fmt.Sprintf("expected record %d next: record(s) %d–%d were deleted, or this one was inserted", last+1, last+1, r.Seq-1)}
		case r.PrevHash != prev:
			return n, &AuditVerifyError{Seq: r.Seq, Reason: "its link to the previous record is broken (the previous record was replaced, or this one inserted)"}
		case auditHash(&r) != r.Hash:
			return n, &AuditVerifyError{Seq: r.Seq, Reason: "its content does not match its hash (it was edited)"}
		}
		prev, last = r.Hash, r.Seq
	}
	if err := rows.Err(); err != nil {
		return n, err
	}
	var headSeq int64
	var headHash string
	if err := db.r.QueryRowContext(ctx, "SELECT seq, hash FROM audit_head WHERE id = 1").Scan(&headSeq, &headHash); err != nil {
		if errors.Is(err, sql.ErrNoRows) {
			return n, &AuditVerifyError{Seq: last, Reason: "the chain's head record is missing"}
		}
		return n, err
	}
	if headSeq != last || headHash != prev {
		if headSeq > last {
			return n, &AuditVerifyError{Seq: last + 1, Reason: fmt.Sprintf("the chain ends at record %d but renda wrote up to %d: the last record(s) were deleted", last, headSeq)}
		}
		return n, &AuditVerifyError{Seq: headSeq + 1, Reason: fmt.Sprintf("record(s) after %d were not written by renda (inserted)", headSeq)}
	}
	return n, nil
}

// AuditLog lists audit records, newest first, for those who may browse the
// whole log (renda.CanReadAuditLog).
func (db *DB) AuditLog(ctx context.Context, actor *renda.User, f renda.AuditFilter) ([]renda.AuditRecord, int, error) {
	if !renda.CanReadAuditLog(actor) {
		return nil, 0, renda.Errorf(renda.EFORBIDDEN, "只有管理员和工作人员可以查阅审计日志")
	}
	cond, args := auditWhere(f)
	var out []renda.AuditRecord
	var total int
	err := db.read(ctx, func(tx *Tx) error {
		var err error
		if total, err = tx.auditTotal(cond, args); err != nil {
			return err
		}
		rows, err := tx.query("SELECT "+auditColumns+" FROM audit_log"+cond+" ORDER BY seq DESC"+limitOffset(f.Limit, f.Offset), args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			r, err := scanAudit(rows)
			if err != nil {
				return err
			}
			out = append(out, r)
		}
		return rows.Err()
	})
	return out, total, err
}

// auditWhere is the condition (" WHERE …" or "") of the records f selects.
func auditWhere(f renda.AuditFilter) (string, []any) {
	var where []string
	var args []any
	if f.Entity != "" {
		where, args = append(where, "entity = ?"), append(args, f.Entity)
	}
	if f.EntityID != "" {
		where, args = append(where, "entity_id = ?"), append(args, f.EntityID)
	}
	if f.ActorID != "" {
		where, args = append(where, "actor_id = ?"), append(args, f.ActorID)
	}
	if f.Action != "" {
		where, args = append(where, "action = ?"), append(args, f.Action)
	}
	if f.Q != "" {
		where, args = append(where, "("+like("actor_name")+" OR entity_id = ?)"), append(args, likeArg(f.Q), f.Q)
	}
	if !f.From.IsZero() {
		where, args = append(where, "at >= ?"), append(args, ts(f.From.Start()))
	}
	if !f.To.IsZero() {
		where, args = append(where, "at < ?"), append(args, ts(f.To.End()))
	}
	if len(where) == 0 {
		return "", nil
	}
	return " WHERE " + strings.Join(where, " AND "), args
}

// auditTotal counts the records of cond. The whole log numbers its records
// without gaps (audit_head holds the last), so its total is read, not
// counted.
func (tx *Tx) auditTotal(cond string, args []any) (int, error) {
	if cond == "" {
		return tx.count("SELECT seq FROM audit_head WHERE id = 1")
	}
	return tx.count("SELECT COUNT(*) FROM audit_log"+cond, args...)
}

// History returns the audit records of one item, oldest first: the item's
// history as its page shows it. The caller has checked the item is visible.
func (db *DB) History(ctx context.Context, entity, id string) ([]renda.AuditRecord, error) {
	return db.history(ctx, "entity = ? AND entity_id = ?", entity, id)
}

// StationHistory is a station's history with its reception days'.
func (db *DB) StationHistory(ctx context.Context, id string) ([]renda.AuditRecord, error) {
	return db.history(ctx, "(entity = 'station' AND entity_id = ?) OR (entity = 'duty' AND entity_id IN (SELECT id FROM duties WHERE station_id = ?))", id, id)
}

func (db *DB) history(ctx context.Context, cond string, args ...any) ([]renda.AuditRecord, error) {
	rows, err := db.r.QueryContext(ctx, db.rebind("SELECT "+auditColumns+" FROM audit_log WHERE "+cond+" ORDER BY seq"), args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []renda.AuditRecord
	for rows.Next() {
		r, err := scanAudit(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// limitOffset returns a LIMIT/OFFSET clause with sane bounds.
func limitOffset(limit, offset int) string {
	if limit <= 0 || limit > 500 {
		limit = 50
	}
	if offset < 0 {
		offset = 0
	}
	return " LIMIT " + strconv.Itoa(limit) + " OFFSET " + strconv.Itoa(offset)
}

// like returns a case-insensitive substring match on col, for likeArg.
func like(col string) string {
	return "LOWER(" + col + ") LIKE LOWER(?) ESCAPE '\\'"
}

// likeArg makes the argument of like: the text, with % and _ escaped.
func likeArg(q string) string {
	return "%" + strings.NewReplacer(`\`, `\\`, "%", `\%`, "_", `\_`).Replace(q) + "%"
}

// Transitions calls fn with every audit record that changed an item's
// state (from or to set), in the order they were written: for checks that
// replay the trail through the workflows' tables.
func (db *DB) Transitions(ctx context.Context, fn func(renda.AuditRecord) error) error {
	rows, err := db.r.QueryContext(ctx, "SELECT "+auditColumns+" FROM audit_log WHERE from_state <> '' OR to_state <> '' ORDER BY seq")
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		r, err := scanAudit(rows)
		if err != nil {
			return err
		}
		if err := fn(r); err != nil {
			return err
		}
	}
	return rows.Err()
}
