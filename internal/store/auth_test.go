package store_test

import (
	"context"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"renda"
	"renda/internal/store"
	"renda/internal/storetest"
)

func TestLoginLockout(t *testing.T) {
	for _, d := range storetest.Dialects(t) {
		t.Run(d.String(), func(t *testing.T) {
			ctx := context.Background()
			clock := renda.NewTestClock(time.Date(2024, 5, 6, 9, 0, 0, 0, renda.CST))
			db := storetest.Open(t, d, clock)
			storetest.Fixture(t, db)
			if _, err := db.Login(ctx, "staff", storetest.Password, "10.0.0.1"); err != nil {
				t.Fatalf("right password: %v", err)
			}
			for i := 0; i < 5; i++ {
				if _, err := db.Login(ctx, "staff", "wrong-password-1", "10.0.0.1"); renda.ErrorCode(err) != renda.EUNAUTHORIZED {
					t.Fatalf("attempt %d: %v", i, err)
				}
			}
			// Locked now, even with the right password.
			if _, err := db.Login(ctx, "staff", storetest.Password, "10.0.0.2"); renda.ErrorCode(err) != renda.ETOOMANY {
				t.Fatalf("after 5 failures: %v", err)
			}
			// Another account from the same address is not locked.
			if _, err := db.Login(ctx, "leader", storetest.Password, "10.0.0.1"); err != nil {
				t.Fatalf("another account: %v", err)
			}
			clock.Advance(16 * time.Minute)
			if _, err := db.Login(ctx, "staff", storetest.Password, "10.0.0.1"); err != nil {
				t.Fatalf("after the lockout: %v", err)
			}
			// An unknown user fails like a wrong password.
			if _, err := db.Login(ctx, "nobody", "whatever-123", "10.0.0.1"); renda.ErrorCode(err) != renda.EUNAUTHORIZED {
				t.Errorf("unknown user: %v", err)
			}
		})
	}
}

// TestLoginLockoutUnderConcurrency: 30 wrong passwords sent at once, then
// the right one, do not let the right one in — every attempt is counted
// before its password is checked, atomically, so at most max_failures
// attempts are judged at all.
func TestLoginLockoutUnderConcurrency(t *testing.T) {
	for _, d := range storetest.Dialects(t) {
		t.Run(d.String(), func(t *testing.T) {
			ctx := context.Background()
			db := storetest.Open(t, d, renda.SystemClock{})
			storetest.Fixture(t, db)
			var wg sync.WaitGroup
			var judged atomic.Int32
			for i := 0; i < 30; i++ {
				wg.Add(1)
				go func() {
					defer wg.Done()
					_, err := db.Login(ctx, "staff", "wrong-password-1", "10.0.0."+itoa(i))
					switch renda.ErrorCode(err) {
					case renda.EUNAUTHORIZED:
						judged.Add(1)
					case renda.ETOOMANY:
					default:
						t.Errorf("attempt %d: %v", i, err)
					}
				}()
			}
			wg.Wait()
			if n := judged.Load(); n > 5 {
				t.Errorf("%d wrong passwords were checked, want at most 5 (auth.max_failures)", n)
			}
			if _, err := db.Login(ctx, "staff", storetest.Password, "10.0.1.1"); renda.ErrorCode(err) != renda.ETOOMANY {
				t.Errorf("the right password after 30 concurrent failures: %v, want locked", err)
			}
		})
	}
}

func TestSessions(t *testing.T) {
	for _, d := range storetest.Dialects(t) {
		t.Run(d.String(), func(t *testing.T) {
			ctx := context.Background()
			clock := renda.NewTestClock(time.Date(2024, 5, 6, 9, 0, 0, 0, renda.CST))
			db := storetest.Open(t, d, clock)
			f := storetest.Fixture(t, db)
			web, err := db.CreateSession(ctx, f.Staff, store.WebSession, "", "10.0.0.1", 7*24*time.Hour)
			if err != nil {
				t.Fatal(err)
			}
			api, err := db.CreateSession(ctx, f.Staff, store.APIToken, "hotline", "cli", 0)
			if err != nil {
				t.Fatal(err)
			}
			if u, err := db.SessionUser(ctx, web, store.WebSession); err != nil || u.ID != f.Staff.ID {
				t.Fatalf("web session: %v", err)
			}
			if _, err := db.SessionUser(ctx, web, store.APIToken); err == nil {
				t.Error("a browser session works as an API token")
			}
			// Idle for longer than auth.session_hours (12): the browser session ends, the token lives on.
			clock.Advance(13 * time.Hour)
			if _, err := db.SessionUser(ctx, web, store.WebSession); renda.ErrorCode(err) != renda.EUNAUTHORIZED {
				t.Errorf("idle session still valid: %v", err)
			}
			if _, err := db.SessionUser(ctx, api, store.APIToken); err != nil {
				t.Errorf("token expired: %v", err)
			}
			// Disabling the account ends everything.
			if err := db.SetUserDisabled(ctx, f.Admin, f.Staff.ID, true); err != nil {
				t.Fatal(err)
			}
			if _, err := db.SessionUser(ctx, api, store.APIToken); renda.ErrorCode(err) != renda.EUNAUTHORIZED {
				t.Errorf("token of a disabled user: %v", err)
			}
			if _, err := db.Login(ctx, "staff", storetest.Password, "10.0.0.1"); renda.ErrorCode(err) != renda.EUNAUTHORIZED {
				t.Errorf("a disabled user signed in: %v", err)
			}
		})
	}
}

func TestUserManagement(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := storetest.Fixture(t, db)
		nu := store.NewUser{Username: "clerk", DisplayName: "新经办人", Role: renda.RoleUnit, OrgID: f.Unit2.ID, Password: "good-password-77"}
		if _, err := db.CreateUser(ctx, f.Staff, nu); renda.ErrorCode(err) != renda.EFORBIDDEN {
			t.Errorf("staff created a user: %v", err)
		}
		for _, bad := range []store.NewUser{
			{Username: "Bad Name", DisplayName: "x", Role: renda.RoleStaff, Password: "good-password-77"},
			{Username: "u1", DisplayName: "x", Role: renda.RoleUnit, Password: "good-password-77"},   // a unit clerk without a unit
			{Username: "u2", DisplayName: "x", Role: renda.RoleDeputy, Password: "good-password-77"}, // a deputy account without a deputy
			{Username: "u3", DisplayName: "x", Role: "king", Password: "good-password-77"},
			{Username: "u4", DisplayName: "x", Role: renda.RoleStaff, Password: "short"},
			{Username: "u5", DisplayName: "x", Role: renda.RoleDeputy, DeputyID: f.Deputy1.ID, Password: "good-password-77"}, // has an account already
		} {
			if _, err := db.CreateUser(ctx, f.Admin, bad); err == nil {
				t.Errorf("created %+v", bad)
			}
		}
		u, err := db.CreateUser(ctx, f.Admin, nu)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := db.CreateUser(ctx, f.Admin, nu); renda.ErrorCode(err) != renda.ECONFLICT {
			t.Errorf("duplicate username: %v", err)
		}
		if _, err := db.Login(ctx, "clerk", "good-password-77", "x"); err != nil {
			t.Fatal(err)
		}
		if err := db.SetPassword(ctx, u, u.ID, "wrong-current-1", "another-pass-88"); renda.ErrorCode(err) != renda.EINVALID {
			t.Errorf("changed with a wrong current password: %v", err)
		}
		if err := db.SetPassword(ctx, u, u.ID, "good-password-77", "another-pass-88"); err != nil {
			t.Fatal(err)
		}
		if err := db.SetPassword(ctx, f.UnitUser, u.ID, "", "third-password-99"); renda.ErrorCode(err) != renda.EFORBIDDEN {
			t.Errorf("a unit user reset another's password: %v", err)
		}
		if err := db.SetUserDisabled(ctx, f.Admin, f.Admin.ID, true); renda.ErrorCode(err) != renda.ECONFLICT {
			t.Errorf("an admin disabled themselves: %v", err)
		}
	})
}
