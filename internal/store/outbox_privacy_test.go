package store_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"renda"
	"renda/internal/store"
	"renda/internal/storetest"
)

// Phones in the outbox are sealed like every other phone (the database holds
// no number in clear), delivery still gets the number, and the retention
// sweep erases delivered messages' recipient and text.
func TestOutboxPhonesSealedAndErased(t *testing.T) {
	for _, d := range storetest.Dialects(t) {
		t.Run(d.String(), func(t *testing.T) {
			ctx := context.Background()
			clock := renda.NewTestClock(time.Date(2024, 5, 6, 9, 0, 0, 0, renda.CST))
			db := storetest.Open(t, d, clock)
			storetest.Fixture(t, db)
			const phone = "13987654321"
			err := db.Sweep(ctx, func(tx *store.Tx) error {
				return tx.Enqueue(renda.Message{Channel: "sms", Recipient: phone, Body: "您的意见已答复，查询码 ABCD2345", Key: "citizen:1"})
			})
			if err != nil {
				t.Fatal(err)
			}
			inClear := func() int {
				t.Helper()
				var n int
				if err := store.RawDB(db).QueryRow(store.Rebind(db, `SELECT COUNT(*) FROM outbox WHERE recipient LIKE ? OR recipient_enc LIKE ? OR body LIKE ?`),
					"%"+phone+"%", "%"+phone+"%", "%"+phone+"%").Scan(&n); err != nil {
					t.Fatal(err)
				}
				return n
			}
			if n := inClear(); n != 0 {
				t.Errorf("%d outbox rows hold the phone in clear", n)
			}
			list, _, err := db.Outbox(ctx, store.OutboxFilter{})
			if err != nil || len(list) != 1 || list[0].Recipient != renda.MaskPhone(phone) {
				t.Fatalf("outbox page sees %+v, %v", list, err)
			}
			msgs, err := db.ClaimMessages(ctx, 10, time.Minute)
			if err != nil || len(msgs) != 1 || msgs[0].Recipient != phone {
				t.Fatalf("delivery gets %+v, %v", msgs, err)
			}
			if err := db.MessageSent(ctx, msgs[0].ID); err != nil {
				t.Fatal(err)
			}
			// Within the retention period the message is kept as it was.
			clock.Advance(29 * 24 * time.Hour)
			if err := db.EraseDeliveredMessages(ctx); err != nil {
				t.Fatal(err)
			}
			if list, _, _ := db.Outbox(ctx, store.OutboxFilter{}); list[0].Body == "" {
				t.Error("erased before outbox.retention_days")
			}
			clock.Advance(2 * 24 * time.Hour)
			if err := db.EraseDeliveredMessages(ctx); err != nil {
				t.Fatal(err)
			}
			var rec, enc, body string
			if err := store.RawDB(db).QueryRow("SELECT recipient, recipient_enc, body FROM outbox").Scan(&rec, &enc, &body); err != nil {
				t.Fatal(err)
			}
			if rec != "" || enc != "" || strings.Contains(body, "ABCD2345") {
				t.Errorf("after retention: recipient %q, sealed %q, body %q", rec, enc, body)
			}

			// A message written in clear before sealing is sealed when the store starts.
			if _, err := store.RawDB(db).Exec(store.Rebind(db, `INSERT INTO outbox (id, channel, recipient, subject, body, dedupe_key, status, attempts, next_at, created_at)
				VALUES ('old1', 'sms', ?, '', '旧消息', 'old:1', 'pending', 0, '2024-05-06T01:00:00.000000Z', '2024-05-06T01:00:00.000000Z')`), phone); err != nil {
				t.Fatal(err)
			}
			if err := db.Init(ctx); err != nil {
				t.Fatal(err)
			}
			if n := inClear(); n != 0 {
				t.Errorf("a message written before sealing is still in clear after start")
			}
			if msgs, _ := db.ClaimMessages(ctx, 10, time.Minute); len(msgs) != 1 || msgs[0].Recipient != phone {
				t.Errorf("the old message delivers to %+v", msgs)
			}
		})
	}
}
