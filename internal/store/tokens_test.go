package store_test

import (
	"context"
	"testing"
	"time"

	"renda"
	"renda/internal/store"
	"renda/internal/storetest"
)

// A password change or an admin's reset revokes every API token issued
// before it; tokens end after auth.token_idle_days without use; users list
// and revoke their own tokens, admins anyone's.
func TestTokensRevokedAndIdle(t *testing.T) {
	for _, d := range storetest.Dialects(t) {
		t.Run(d.String(), func(t *testing.T) {
			ctx := context.Background()
			clock := renda.NewTestClock(time.Date(2024, 5, 6, 9, 0, 0, 0, renda.CST))
			db := storetest.Open(t, d, clock)
			f := storetest.Fixture(t, db)
			issue := func(u *renda.User, name string) string {
				t.Helper()
				tok, err := db.CreateSession(ctx, u, store.APIToken, name, "cli", 0)
				if err != nil {
					t.Fatal(err)
				}
				return tok
			}
			valid := func(tok string) bool {
				_, err := db.SessionUser(ctx, tok, store.APIToken)
				return err == nil
			}

			// Own password change.
			tok := issue(f.Staff, "sync")
			if err := db.SetPassword(ctx, f.Staff, f.Staff.ID, storetest.Password, "another-pass-88"); err != nil {
				t.Fatal(err)
			}
			if valid(tok) {
				t.Error("a token issued before a password change still works")
			}
			// An admin's reset.
			tok = issue(f.Staff, "sync")
			if err := db.SetPassword(ctx, f.Admin, f.Staff.ID, "", "third-password-99"); err != nil {
				t.Fatal(err)
			}
			if valid(tok) {
				t.Error("a token issued before an admin's reset still works")
			}
			// A new token works after the change.
			tok = issue(f.Staff, "sync")
			if !valid(tok) {
				t.Fatal("a new token does not work")
			}

			// Idle timeout (auth.token_idle_days, 30 by default); use keeps it alive.
			clock.Advance(20 * 24 * time.Hour)
			if !valid(tok) {
				t.Fatal("token idle for 20 days refused")
			}
			clock.Advance(20 * 24 * time.Hour)
			if !valid(tok) {
				t.Fatal("token used 20 days ago refused")
			}
			clock.Advance(31 * 24 * time.Hour)
			if valid(tok) {
				t.Error("a token idle for 31 days still works")
			}

			// List and revoke.
			a, b := issue(f.Staff, "first"), issue(f.Staff, "second")
			list, err := db.Tokens(ctx, f.Staff, f.Staff.ID)
			if err != nil {
				t.Fatal(err)
			}
			if len(list) != 3 || list[0].ID == "" || list[0].ID == list[1].ID {
				t.Fatalf("tokens = %+v", list)
			}
			if _, err := db.Tokens(ctx, f.UnitUser, f.Staff.ID); renda.ErrorCode(err) != renda.ENOTFOUND {
				t.Errorf("another user listed staff's tokens: %v", err)
			}
			if adm, err := db.Tokens(ctx, f.Admin, f.Staff.ID); err != nil || len(adm) != 3 {
				t.Errorf("admin's list = %d, %v", len(adm), err)
			}
			var first, second string
			for _, x := range list {
				switch x.Name {
				case "first":
					first = x.ID
				case "second":
					second = x.ID
				}
			}
			if err := db.RevokeToken(ctx, f.UnitUser, f.Staff.ID, first); renda.ErrorCode(err) != renda.ENOTFOUND {
				t.Errorf("another user revoked a token: %v", err)
			}
			if err := db.RevokeToken(ctx, f.Staff, f.Staff.ID, first); err != nil {
				t.Fatal(err)
			}
			if valid(a) || !valid(b) {
				t.Errorf("after revoking first: first %v, second %v", valid(a), valid(b))
			}
			if err := db.RevokeToken(ctx, f.Admin, f.Staff.ID, second); err != nil {
				t.Fatal(err)
			}
			if valid(b) {
				t.Error("a token revoked by an admin still works")
			}
			if err := db.RevokeToken(ctx, f.Staff, f.Staff.ID, second); renda.ErrorCode(err) != renda.ENOTFOUND {
				t.Errorf("revoked twice: %v", err)
			}
			hist, err := db.History(ctx, "user", f.Staff.ID)
			if err != nil {
				t.Fatal(err)
			}
			revokes := 0
			for _, h := range hist {
				if h.Action == "token_revoke" {
					revokes++
				}
			}
			if revokes != 2 {
				t.Errorf("%d token_revoke records, want 2", revokes)
			}
		})
	}
}
