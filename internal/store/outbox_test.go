package store_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"renda"
	"renda/internal/store"
	"renda/internal/storetest"
)

func TestOutboxDeliversOnceWithRetries(t *testing.T) {
	for _, d := range storetest.Dialects(t) {
		t.Run(d.String(), func(t *testing.T) {
			ctx := context.Background()
			clock := renda.NewTestClock(time.Date(2024, 5, 6, 9, 0, 0, 0, renda.CST))
			db := storetest.Open(t, d, clock)
			storetest.Fixture(t, db)
			enqueue := func(key string) {
				err := db.Sweep(ctx, func(tx *store.Tx) error {
					return tx.Enqueue(renda.Message{Channel: "sms", Recipient: "13812345678", Subject: "提醒", Body: "请按期答复", Key: key})
				})
				if err != nil {
					t.Fatal(err)
				}
			}
			enqueue("reminder:1")
			enqueue("reminder:1") // the same key again: dropped
			enqueue("reminder:2")
			msgs, err := db.ClaimMessages(ctx, 10, time.Minute)
			if err != nil || len(msgs) != 2 {
				t.Fatalf("claimed %d (%v), want 2", len(msgs), err)
			}
			// Claimed messages are not claimed again while leased.
			if again, _ := db.ClaimMessages(ctx, 10, time.Minute); len(again) != 0 {
				t.Fatalf("claimed %d leased messages again", len(again))
			}
			if err := db.MessageSent(ctx, msgs[0].ID); err != nil {
				t.Fatal(err)
			}
			if err := db.MessageFailed(ctx, msgs[1].ID, errors.New("gateway down")); err != nil {
				t.Fatal(err)
			}
			// Not due before its backoff.
			if again, _ := db.ClaimMessages(ctx, 10, time.Minute); len(again) != 0 {
				t.Fatalf("a failed message came back before its backoff")
			}
			clock.Advance(31 * time.Second)
			again, _ := db.ClaimMessages(ctx, 10, time.Minute)
			if len(again) != 1 || again[0].Key != "reminder:2" || again[0].Attempts != 1 {
				t.Fatalf("retry = %+v", again)
			}
			// Keep failing: after outbox.max_attempts it is dead and admins are told.
			for i := 0; i < 20; i++ {
				_ = db.MessageFailed(ctx, again[0].ID, errors.New("gateway down"))
			}
			dead, n, _ := db.Outbox(ctx, store.OutboxFilter{Status: renda.MessageDead})
			if n != 1 || dead[0].LastError != "gateway down" {
				t.Errorf("dead messages: %d %+v", n, dead)
			}
			sent, n, _ := db.Outbox(ctx, store.OutboxFilter{Status: renda.MessageSent})
			if n != 1 || sent[0].Key != "reminder:1" {
				t.Errorf("sent: %d", n)
			}
		})
	}
}

func TestOnceKeys(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		var first, second bool
		_ = db.Sweep(context.Background(), func(tx *store.Tx) error {
			var err error
			first, err = tx.Once("k")
			return err
		})
		_ = db.Sweep(context.Background(), func(tx *store.Tx) error {
			var err error
			second, err = tx.Once("k")
			return err
		})
		if !first || second {
			t.Errorf("Once: %v then %v", first, second)
		}
	})
}

// TestSMSCarriesTheSignature: every text message leaves with the
// deployment's signature at its head, once; other channels are left alone.
func TestSMSCarriesTheSignature(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := storetest.Fixture(t, db)
		enqueue := func(m renda.Message) {
			t.Helper()
			if err := db.Sweep(ctx, func(tx *store.Tx) error { return tx.Enqueue(m) }); err != nil {
				t.Fatal(err)
			}
		}
		body := func(key string) string {
			t.Helper()
			msgs, _, err := db.Outbox(ctx, store.OutboxFilter{})
			if err != nil {
				t.Fatal(err)
			}
			for _, m := range msgs {
				if m.Key == key {
					return m.Body
				}
			}
			t.Fatalf("no message %s", key)
			return ""
		}
		// The defaults name no place: the signature is the neutral committee name.
		enqueue(renda.Message{Channel: "sms", Recipient: "13812345678", Body: "请按期答复", Key: "a"})
		if got := body("a"); got != "【本级人大常委会】请按期答复" {
			t.Errorf("default signature: %q", got)
		}
		if err := db.UpdateSettings(ctx, f.Admin, map[string]string{"deployment.name": "耒阳市人大常委会"}); err != nil {
			t.Fatal(err)
		}
		enqueue(renda.Message{Channel: "sms", Recipient: "13812345678", Body: "请按期答复", Key: "b"})
		if got := body("b"); got != "【耒阳市人大常委会】请按期答复" {
			t.Errorf("signature from the name: %q", got)
		}
		// A signature set without brackets gets them; a body already signed is not signed twice.
		if err := db.UpdateSettings(ctx, f.Admin, map[string]string{"deployment.sms_signature": "耒阳人大"}); err != nil {
			t.Fatal(err)
		}
		enqueue(renda.Message{Channel: "sms", Recipient: "13812345678", Body: "请按期答复", Key: "c"})
		enqueue(renda.Message{Channel: "sms", Recipient: "13812345678", Body: "【耒阳人大】已签名", Key: "d"})
		enqueue(renda.Message{Channel: "email", Recipient: "a@example.org", Subject: "提醒", Body: "请按期答复", Key: "e"})
		for key, want := range map[string]string{"c": "【耒阳人大】请按期答复", "d": "【耒阳人大】已签名", "e": "请按期答复"} {
			if got := body(key); got != want {
				t.Errorf("%s: %q, want %q", key, got, want)
			}
		}
		// The name is required; nothing changes on a bad value.
		if err := db.UpdateSettings(ctx, f.Admin, map[string]string{"deployment.name": " ", "deployment.region": "耒阳市"}); renda.ErrorCode(err) != renda.EINVALID {
			t.Errorf("empty name: %v", err)
		}
		set, err := db.Settings(ctx)
		if err != nil || set.String("deployment.region") != "本地" || set.String("deployment.name") != "耒阳市人大常委会" {
			t.Errorf("a refused update changed settings: %v", err)
		}
	})
}
