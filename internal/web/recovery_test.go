package web_test

import (
	"context"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"renda/internal/apptest"
	"renda/internal/storetest"
)

var smsCode = regexp.MustCompile(`验证码 (\d{6})`)

// TestPasswordRecoveryBySMS: a user who forgot their password gets a code
// by text message to the phone on record (a deputy's own phone, or one
// they recorded on /account) and sets a new one; the answer never says
// whether the account and phone matched; a wrong code counts and five void
// it; a used code is used up; the reset signs out every session and API
// token; requests are throttled; it all shows in the account's history.
func TestPasswordRecoveryBySMS(t *testing.T) {
	apptest.Each(t, apptest.Options{}, func(t *testing.T, a *apptest.App) {
		ctx := context.Background()
		f := storetest.Fixture(t, a.DB)
		if body := string(a.Browser("").Get("/login").Body); !strings.Contains(body, `href="/password/forgot"`) {
			t.Error("the sign-in page has no link to recover a password")
		}
		lastCode := func() string {
			t.Helper()
			if _, err := a.Jobs.Deliver(ctx); err != nil {
				t.Fatal(err)
			}
			msgs := a.Sent.Messages()
			for i := len(msgs) - 1; i >= 0; i-- {
				if m := smsCode.FindStringSubmatch(msgs[i].Body); m != nil {
					return msgs[i].Recipient + " " + m[1]
				}
			}
			return ""
		}
		oldSession := a.Browser("deputy")
		oldToken := a.Token("deputy")
		if r := a.Call("GET", "/api/v1/me", oldToken, nil); r.Status != 200 {
			t.Fatalf("the token before the reset: %d", r.Status)
		}

		anon := a.Browser("")
		// A wrong phone and an unknown account get the same answer as a
		// right one, and no text message leaves.
		same := ""
		for _, v := range []url.Values{
			{"username": {"deputy"}, "phone": {"13900000000"}},
			{"username": {"nobody"}, "phone": {"13812345678"}},
		} {
			r := anon.Post("/password/forgot", v)
			if r.Status != 200 || !strings.Contains(string(r.Body), "验证码短信已经发出") {
				t.Fatalf("forgot %v: %d", v, r.Status)
			}
			same = string(r.Body)
		}
		if c := lastCode(); c != "" {
			t.Fatalf("a code was sent for a wrong phone or account: %s", c)
		}
		if strings.Contains(same, "demo-code") {
			t.Error("outside demo mode the page shows the code")
		}
		// Malformed input is refused with its reason, nothing sent.
		if r := anon.Post("/password/forgot", url.Values{"username": {"deputy"}, "phone": {"12"}}); r.Status != 422 || !strings.Contains(string(r.Body), "应为 11 位手机号") {
			t.Errorf("a malformed phone: %d", r.Status)
		}

		// The deputy's phone on record receives a code.
		if r := anon.Post("/password/forgot", url.Values{"username": {"deputy"}, "phone": {"138 1234 5678"}}); r.Status != 200 {
			t.Fatalf("forgot: %d %s", r.Status, r.Body)
		}
		got := lastCode()
		if !strings.HasPrefix(got, "13812345678 ") {
			t.Fatalf("no code to the deputy's phone: %q", got)
		}
		code := strings.Fields(got)[1]
		wrong := "000000"
		if code == wrong {
			wrong = "111111"
		}
		next := "new-passw0rd-2026"
		reset := func(code string) *apptest.Response {
			return anon.Post("/password/reset", url.Values{"username": {"deputy"}, "code": {code}, "next": {next}, "again": {next}})
		}
		if r := reset(wrong); r.Status != 422 || !strings.Contains(string(r.Body), "验证码不正确或已过期") {
			t.Fatalf("a wrong code: %d", r.Status)
		}
		if r := reset(code); r.Status != 303 || r.Header.Get("Location") != "/login" {
			t.Fatalf("the right code: %d %s", r.Status, r.Body)
		}
		if r := reset(code); r.Status != 422 {
			t.Errorf("a used code works again: %d", r.Status)
		}
		// The new password signs in; the old sessions and tokens are over.
		if r := a.Browser("").Post("/login", url.Values{"username": {"deputy"}, "password": {next}}); r.Status != 303 {
			t.Errorf("sign in with the new password: %d", r.Status)
		}
		if r := oldSession.Get("/account"); r.Status != 303 {
			t.Errorf("a session from before the reset still works: %d", r.Status)
		}
		if r := a.Call("GET", "/api/v1/me", oldToken, nil); r.Status != 401 {
			t.Errorf("a token from before the reset still works: %d", r.Status)
		}

		// Five wrong tries void a code, even for the right one after.
		anon.Post("/password/forgot", url.Values{"username": {"deputy"}, "phone": {"13812345678"}})
		code = strings.Fields(lastCode())[1]
		for range 5 {
			reset(wrong)
		}
		if r := reset(code); r.Status != 422 {
			t.Errorf("a code after five wrong tries: %d", r.Status)
		}

		// A staff account records its own phone (with its password) and
		// recovers with it.
		staff := a.Browser("staff")
		if r := staff.Post("/account/phone", url.Values{"phone": {"13987654321"}, "current": {"wrong-one-1234"}}); r.Status != 422 {
			t.Errorf("phone saved with a wrong password: %d", r.Status)
		}
		if r := staff.Post("/account/phone", url.Values{"phone": {"13987654321"}, "current": {a.Password()}}); r.Status != 303 {
			t.Fatalf("save phone: %d %s", r.Status, r.Body)
		}
		if body := string(staff.Get("/account").Body); !strings.Contains(body, "139****4321") || strings.Contains(body, "13987654321") {
			t.Error("the account page does not show the recorded phone masked")
		}
		a.Browser("").Post("/password/forgot", url.Values{"username": {"staff"}, "phone": {"13987654321"}})
		if got := lastCode(); !strings.HasPrefix(got, "13987654321 ") {
			t.Errorf("no code to the staff member's phone: %q", got)
		}

		// Throttled per address: the eleventh request in an hour is refused.
		var last int
		for range 10 {
			last = a.Browser("").Post("/password/forgot", url.Values{"username": {"leader"}, "phone": {"13800000000"}}).Status
		}
		if last != 429 {
			t.Errorf("requests are not throttled: %d", last)
		}

		h, err := a.DB.History(ctx, "user", f.DeputyUser.ID)
		if err != nil {
			t.Fatal(err)
		}
		actions := map[string]int{}
		for _, r := range h {
			actions[r.Action]++
		}
		if actions["password_code"] != 2 || actions["recover_password"] != 1 {
			t.Errorf("history of the account: %v", actions)
		}
	})
}
