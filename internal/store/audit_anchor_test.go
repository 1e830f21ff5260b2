package store_test

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"testing"

	"renda"
	"renda/internal/store"
	"renda/internal/storetest"
)

// openKeyed opens a database whose audit chain is signed with key, logging
// (checkpoints included) to log.
func openKeyed(t *testing.T, d store.Dialect, key []byte, log *bytes.Buffer) *store.DB {
	t.Helper()
	db, err := store.Open(context.Background(), storetest.DSN(t, d), store.Options{Box: storetest.Box(),
		Logger: slog.New(slog.NewJSONHandler(log, nil)), AuditKey: key})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if err := db.Migrate(context.Background()); err != nil {
		t.Fatal(err)
	}
	if err := db.Init(context.Background()); err != nil {
		t.Fatal(err)
	}
	return db
}

func wantBroken(t *testing.T, what string, n int64, err error) {
	t.Helper()
	var ve *store.AuditVerifyError
	if !errors.As(err, &ve) {
		t.Errorf("%s: verify says intact (%d records, %v)", what, n, err)
	}
}

// Someone who can write to the database can edit a record and recompute
// every later hash, or delete the last records and recompute the head: the
// unkeyed chain then verifies. A head signed with a key kept outside the
// database, and checkpoints in the log, detect both.
func TestAuditAnchoredOutsideTheDatabase(t *testing.T) {
	key := bytes.Repeat([]byte{7}, 32)
	for _, d := range storetest.Dialects(t) {
		t.Run(d.String(), func(t *testing.T) {
			ctx := context.Background()
			t.Run("edit and recompute", func(t *testing.T) {
				var log bytes.Buffer
				db := openKeyed(t, d, key, &log)
				storetest.Fixture(t, db)
				if _, err := db.VerifyAudit(ctx); err != nil {
					t.Fatalf("fresh keyed chain: %v", err)
				}
				if err := db.LogAuditCheckpoint(ctx); err != nil {
					t.Fatal(err)
				}
				cps, err := store.ParseAuditCheckpoints(&log)
				if err != nil || len(cps) != 1 || cps[0].MAC == "" {
					t.Fatalf("checkpoints in the log = %+v, %v\n%s", cps, err, log.String())
				}
				if _, err := db.VerifyAudit(ctx, cps...); err != nil {
					t.Fatalf("chain with its checkpoint: %v", err)
				}
				if _, err := store.RawDB(db).Exec(store.Rebind(db, "UPDATE audit_log SET note = 'rewritten' WHERE seq = 5")); err != nil {
					t.Fatal(err)
				}
				if err := store.RecomputeAuditChain(db); err != nil {
					t.Fatal(err)
				}
				// The attack works on an unkeyed view of the same database…
				plain := reopen(t, db, nil)
				if _, err := plain.VerifyAudit(ctx); err != nil {
					t.Fatalf("the recomputed chain should pass the unkeyed check: %v", err)
				}
				// …but not against the key, nor against the log.
				n, err := db.VerifyAudit(ctx)
				wantBroken(t, "edit and recompute, keyed", n, err)
				n, err = plain.VerifyAudit(ctx, cps...)
				wantBroken(t, "edit and recompute, against the log's checkpoint", n, err)
			})
			t.Run("truncate and recompute", func(t *testing.T) {
				var log bytes.Buffer
				db := openKeyed(t, d, key, &log)
				f := storetest.Fixture(t, db)
				early, err := db.AuditHead(ctx)
				if err != nil {
					t.Fatal(err)
				}
				for i := range 3 {
					o := &renda.Organization{Code: "T" + itoa(i), Name: "新单位" + itoa(i), Kind: renda.OrgDepartment}
					if err := db.SaveOrganization(ctx, f.Admin, o); err != nil {
						t.Fatal(err)
					}
				}
				if err := db.LogAuditCheckpoint(ctx); err != nil {
					t.Fatal(err)
				}
				cps, _ := store.ParseAuditCheckpoints(&log)
				if _, err := store.RawDB(db).Exec(store.Rebind(db, "DELETE FROM audit_log WHERE seq > ?"), early.Seq); err != nil {
					t.Fatal(err)
				}
				if err := store.RecomputeAuditChain(db); err != nil {
					t.Fatal(err)
				}
				n, err := db.VerifyAudit(ctx)
				wantBroken(t, "truncate and recompute, keyed", n, err)
				// Putting back a signed head seen earlier passes the key…
				if err := store.SetAuditHead(db, early); err != nil {
					t.Fatal(err)
				}
				if _, err := db.VerifyAudit(ctx); err != nil {
					t.Fatalf("an old signed head should pass the key check alone: %v", err)
				}
				// …but not the log, which saw the chain reach further.
				n, err = db.VerifyAudit(ctx, cps...)
				wantBroken(t, "truncate and restore an old head, against the log", n, err)
				// A checkpoint forged without the key is refused too.
				forged := store.AuditCheckpoint{Seq: early.Seq, Hash: early.Hash, MAC: "00"}
				n, err = db.VerifyAudit(ctx, forged)
				wantBroken(t, "forged checkpoint", n, err)
			})
		})
	}
}

// reopen opens the same database again with another audit key.
func reopen(t *testing.T, db *store.DB, key []byte) *store.DB {
	t.Helper()
	other, err := store.Open(context.Background(), store.DSNOf(db), store.Options{Box: storetest.Box(), AuditKey: key})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { other.Close() })
	return other
}
