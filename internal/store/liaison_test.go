package store_test

import (
	"context"
	"testing"

	"renda"
	"renda/internal/storetest"
	"renda/liaison"
)

// TestTwoContacts: staff link a committee member to a deputy; the member
// logs contacts only with deputies linked to them, each in the deputy's
// record (the credits equal the contacts); the links count them against the
// minimum; the reminder fires once a year; deputies and units see nothing.
func TestTwoContacts(t *testing.T) {
	for _, d := range storetest.Dialects(t) {
		t.Run(d.String(), func(t *testing.T) {
			ctx := context.Background()
			clock := renda.NewTestClock(at(2026, 10, 12))
			db := storetest.Open(t, d, clock)
			fx := storetest.Fixture(t, db)
			if err := db.LinkMember(ctx, fx.Leader, fx.Leader.ID, []string{fx.Deputy1.ID}); renda.ErrorCode(err) != renda.EFORBIDDEN {
				t.Errorf("a member links themself: %v", err)
			}
			if err := db.LinkMember(ctx, fx.Staff, fx.Staff.ID, []string{fx.Deputy1.ID}); renda.ErrorCode(err) != renda.EINVALID {
				t.Errorf("staff linked as a member: %v", err)
			}
			if err := db.LinkMember(ctx, fx.Staff, fx.Leader.ID, []string{fx.Deputy1.ID}); err != nil {
				t.Fatal(err)
			}
			c := &liaison.Contact{DeputyID: fx.Deputy2.ID, Kind: liaison.Visit, Day: renda.NewDate(2026, 5, 1), Note: "走访"}
			if err := db.LogContact(ctx, fx.Leader, c); renda.ErrorCode(err) != renda.EINVALID {
				t.Errorf("a contact with a deputy not linked: %v", err)
			}
			for i, k := range []string{liaison.Visit, liaison.Call} {
				c := &liaison.Contact{DeputyID: fx.Deputy1.ID, Kind: k, Day: renda.NewDate(2026, 5, 1+i), Note: "联系"}
				if err := db.LogContact(ctx, fx.Leader, c); err != nil {
					t.Fatal(err)
				}
			}
			if err := db.LogContact(ctx, fx.Staff, &liaison.Contact{DeputyID: fx.Deputy1.ID, Kind: liaison.Call, Day: renda.NewDate(2026, 5, 3), Note: "x"}); renda.ErrorCode(err) != renda.EFORBIDDEN {
				t.Errorf("staff log a member's contact: %v", err)
			}
			rec, err := db.DutyRecord(ctx, fx.DeputyUser, fx.Deputy1.ID, 2026)
			if err != nil {
				t.Fatal(err)
			}
			contacts, err := db.LiaisonContacts(ctx, fx.Staff, "", 2026)
			if err != nil {
				t.Fatal(err)
			}
			ids := map[string]bool{}
			for _, c := range contacts {
				ids[c.ID] = true
			}
			n := 0
			for _, e := range rec.Entries {
				if e.Kind == "liaison" {
					n++
					if e.Source.Entity != "liaison_contact" || !ids[e.Source.ID] {
						t.Errorf("a liaison entry with no contact behind it: %+v", e)
					}
				}
			}
			if n != 2 || len(contacts) != 2 {
				t.Errorf("record has %d contacts, the log %d", n, len(contacts))
			}
			links, err := db.LiaisonLinks(ctx, fx.Leader, "", 2026)
			if err != nil || len(links) != 1 || links[0].Contacts != 2 || links[0].Short() {
				t.Fatalf("links: %+v %v", links, err)
			}
			if _, err := db.LiaisonLinks(ctx, fx.DeputyUser, "", 2026); renda.ErrorCode(err) != renda.EFORBIDDEN {
				t.Errorf("a deputy reads the links: %v", err)
			}
			// The minimum raised to 3: one reminder, once.
			if err := db.UpdateSettings(ctx, fx.Admin, map[string]string{"liaison.yearly_min": "3"}); err != nil {
				t.Fatal(err)
			}
			for range 2 {
				if err := db.RemindLiaison(ctx); err != nil {
					t.Fatal(err)
				}
			}
			ns, _, _, err := db.Notifications(ctx, fx.Leader.ID, 50, 0)
			if err != nil {
				t.Fatal(err)
			}
			got := 0
			for _, x := range ns {
				if x.Title == "联系代表次数不足" {
					got++
				}
			}
			if got != 1 {
				t.Errorf("reminders: %d", got)
			}
		})
	}
}
