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
