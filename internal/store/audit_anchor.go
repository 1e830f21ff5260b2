package store

import (
	"bufio"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"
)

// AuditCheckpoint is the audit chain's head at one moment: the last
// record's number and hash, and (with an audit key) their HMAC. renda writes
// one to its log whenever the chain has grown (LogAuditCheckpoint, a sweep),
// so the log outside the database remembers how far the chain reached and
// what it said.
type AuditCheckpoint struct {
	Seq  int64  `json:"seq"`
	Hash string `json:"hash"`
	MAC  string `json:"mac,omitempty"`
}

// auditMAC signs a head or checkpoint with the audit key ("" without one).
func (db *DB) auditMAC(seq int64, hash string) string {
	if len(db.auditKey) == 0 {
		return ""
	}
	m := hmac.New(sha256.New, db.auditKey)
	m.Write([]byte("renda audit head v1\n" + strconv.FormatInt(seq, 10) + "\n" + hash))
	return hex.EncodeToString(m.Sum(nil))
}

// AuditHead returns the chain's head as stored.
func (db *DB) AuditHead(ctx context.Context) (AuditCheckpoint, error) {
	var c AuditCheckpoint
	err := db.r.QueryRowContext(ctx, "SELECT seq, hash, mac FROM audit_head WHERE id = 1").Scan(&c.Seq, &c.Hash, &c.MAC)
	return c, err
}

// LogAuditCheckpoint writes the chain's head to the log as an "audit
// checkpoint" line if the chain grew since the last one this process wrote.
func (db *DB) LogAuditCheckpoint(ctx context.Context) error {
	c, err := db.AuditHead(ctx)
	if err != nil {
		return err
	}
	if c.Seq == 0 || db.lastCheckpoint.Swap(c.Seq) == c.Seq {
		return nil
	}
	db.log.Info(auditCheckpointMsg, "seq", c.Seq, "hash", c.Hash, "mac", c.MAC, "at", db.clock.Now().UTC().Format(time.RFC3339))
	return nil
}

const auditCheckpointMsg = "audit checkpoint"

// ParseAuditCheckpoints reads the "audit checkpoint" lines of renda's JSON
// log (other lines are skipped).
func ParseAuditCheckpoints(r io.Reader) ([]AuditCheckpoint, error) {
	var out []AuditCheckpoint
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64*1024), 4<<20)
	for sc.Scan() {
		line := sc.Bytes()
		if !strings.Contains(string(line), auditCheckpointMsg) {
			continue
		}
		var l struct {
			Msg string `json:"msg"`
			AuditCheckpoint
		}
		if err := json.Unmarshal(line, &l); err != nil || l.Msg != auditCheckpointMsg {
			continue
		}
		out = append(out, l.AuditCheckpoint)
	}
	return out, sc.Err()
}

// verifyAnchors checks the head's signature and the checkpoints against the
// chain (verifyChain has found the chain itself consistent).
func (db *DB) verifyAnchors(ctx context.Context, checkpoints []AuditCheckpoint) error {
	head, err := db.AuditHead(ctx)
	if err != nil {
		return err
	}
	keyed := len(db.auditKey) > 0
	if keyed && head.Seq > 0 && !hmac.Equal([]byte(head.MAC), []byte(db.auditMAC(head.Seq, head.Hash))) {
		reason := "the chain's head is not signed with the audit key: the chain was recomputed after records were edited, or the last records were deleted"
		if head.MAC == "" {
			reason = "the chain's head is not signed: it was written without the audit key, or the chain was recomputed"
		}
		return &AuditVerifyError{Seq: head.Seq, Reason: reason}
	}
	for _, c := range checkpoints {
		if keyed && !hmac.Equal([]byte(c.MAC), []byte(db.auditMAC(c.Seq, c.Hash))) {
			return &AuditVerifyError{Seq: c.Seq, Reason: "a checkpoint in the log is not signed with the audit key (the log was altered, or another key was used)"}
		}
		if c.Seq > head.Seq {
			return &AuditVerifyError{Seq: head.Seq + 1, Reason: fmt.Sprintf("the log has a checkpoint at record %d but the chain ends at %d: the last record(s) were deleted", c.Seq, head.Seq)}
		}
		var hash string
		err := db.r.QueryRowContext(ctx, db.rebind("SELECT hash FROM audit_log WHERE seq = ?"), c.Seq).Scan(&hash)
		if errors.Is(err, sql.ErrNoRows) {
			return &AuditVerifyError{Seq: c.Seq, Reason: "the record of a checkpoint in the log is missing"}
		}
		if err != nil {
			return err
		}
		if hash != c.Hash {
			return &AuditVerifyError{Seq: c.Seq, Reason: "the record differs from the checkpoint in the log: records up to it were edited and the chain recomputed"}
		}
	}
	return nil
}
