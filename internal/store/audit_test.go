package store_test

import (
	"context"
	"database/sql"
	"errors"
	"strings"
	"testing"

	"renda"
	"renda/internal/store"
	"renda/internal/storetest"
)

func TestAuditChain(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := storetest.Fixture(t, db)
		n, err := db.VerifyAudit(ctx)
		if err != nil {
			t.Fatalf("fresh chain: %v", err)
		}
		if n < 15 {
			t.Fatalf("only %d audit records after the fixture", n)
		}
		h, err := db.History(ctx, "deputy", f.Deputy1.ID)
		if err != nil || len(h) != 1 || h[0].Action != "create" {
			t.Fatalf("history of a new deputy = %+v, %v", h, err)
		}
		if strings.Contains(string(h[0].After), "13812345678") {
			t.Errorf("the audit trail holds a phone number in clear: %s", h[0].After)
		}
		if !strings.Contains(string(h[0].After), "138****5678") {
			t.Errorf("the audit trail should hold the masked phone: %s", h[0].After)
		}
	})
}

// tamper opens the database behind renda's back.
func tamper(t *testing.T, db *store.DB, dsn string, stmt string, args ...any) {
	t.Helper()
	raw := store.RawDB(db)
	if _, err := raw.Exec(stmt, args...); err != nil {
		t.Fatalf("tamper %q: %v", stmt, err)
	}
}

func TestAuditVerifyDetectsTampering(t *testing.T) {
	cases := []struct {
		name    string
		stmt    string
		wantSeq int64
	}{
		{"edit", "UPDATE audit_log SET actor_name = 'someone else' WHERE seq = 5", 5},
		{"edit note", "UPDATE audit_log SET note = 'x' WHERE seq = 9", 9},
		{"delete middle", "DELETE FROM audit_log WHERE seq = 7", 8},
		{"delete last", "DELETE FROM audit_log WHERE seq = (SELECT MAX(seq) FROM audit_log)", -1},
		{"insert at end", `INSERT INTO audit_log (seq, at, action, entity, entity_id, prev_hash, hash)
			SELECT MAX(seq) + 1, '2024-01-01T00:00:00.000000Z', 'create', 'deputy', 'x', '', '' FROM audit_log`, -1},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			storetest.Each(t, func(t *testing.T, db *store.DB) {
				storetest.Fixture(t, db)
				if _, err := db.VerifyAudit(context.Background()); err != nil {
					t.Fatalf("before tampering: %v", err)
				}
				tamper(t, db, "", store.Rebind(db, c.stmt))
				_, err := db.VerifyAudit(context.Background())
				var ve *store.AuditVerifyError
				if !errors.As(err, &ve) {
					t.Fatalf("after %s: err = %v, want an AuditVerifyError", c.name, err)
				}
				if c.wantSeq > 0 && ve.Seq != c.wantSeq {
					t.Errorf("names record %d (%s), want %d", ve.Seq, ve.Reason, c.wantSeq)
				}
			})
		})
	}
}

func TestWriteRollsBackAuditWithChange(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := storetest.Fixture(t, db)
		before, _ := db.VerifyAudit(ctx)
		// A duplicate code fails inside the transaction: neither the row nor
		// its audit record may remain.
		o := &renda.Organization{Code: f.Unit1.Code, Name: "重复的单位", Kind: renda.OrgDepartment}
		err := db.SaveOrganization(ctx, f.Admin, o)
		if renda.ErrorCode(err) != renda.ECONFLICT {
			t.Fatalf("duplicate code: %v", err)
		}
		after, err := db.VerifyAudit(ctx)
		if err != nil || after != before {
			t.Fatalf("audit records %d → %d (%v)", before, after, err)
		}
		_ = sql.ErrNoRows
	})
}
