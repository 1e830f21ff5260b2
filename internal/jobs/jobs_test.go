package jobs_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"renda"
	"renda/internal/apptest"
	"renda/internal/store"
)

// TestOutboxSurvivesAnOutage: while the gateway is down nothing is lost;
// once it is back every message is delivered exactly once.
func TestOutboxSurvivesAnOutage(t *testing.T) {
	apptest.Each(t, apptest.Options{Start: time.Date(2024, 5, 6, 9, 0, 0, 0, renda.CST)}, func(t *testing.T, a *apptest.App) {
		ctx := context.Background()
		for _, key := range []string{"a", "b", "c"} {
			err := a.DB.Sweep(ctx, func(tx *store.Tx) error {
				return tx.Enqueue(renda.Message{Channel: "sms", Recipient: "13812345678", Body: "提醒 " + key, Key: key})
			})
			if err != nil {
				t.Fatal(err)
			}
		}
		a.Sent.Fail(errors.New("gateway unreachable"))
		for range 3 {
			if _, err := a.Jobs.Deliver(ctx); err != nil {
				t.Fatal(err)
			}
			a.Clock.Advance(10 * time.Minute)
		}
		if n := len(a.Sent.Messages()); n != 0 {
			t.Fatalf("%d delivered while down", n)
		}
		a.Sent.Fail(nil)
		a.Clock.Advance(2 * time.Hour)
		n, err := a.Jobs.Deliver(ctx)
		if err != nil || n != 3 {
			t.Fatalf("after recovery delivered %d (%v)", n, err)
		}
		a.Clock.Advance(2 * time.Hour)
		if n, _ := a.Jobs.Deliver(ctx); n != 0 {
			t.Errorf("delivered %d again", n)
		}
		if got := len(a.Sent.Messages()); got != 3 {
			t.Errorf("sent %d messages, want 3", got)
		}
	})
}
