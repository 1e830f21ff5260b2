package store_test

import (
	"context"
	"testing"

	"renda"
	"renda/internal/store"
	"renda/internal/storetest"
	"renda/opinion"
)

// TestNoticesDoneWhenItemDealtWith: the deputy's "new opinion" message is
// done once the opinion is answered, so the badge counts only what still
// needs them (issue 9, point 22).
func TestNoticesDoneWhenItemDealtWith(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := storetest.Fixture(t, db)
		s := stationFixture(t, db, f)
		o, err := db.SubmitOpinion(ctx, nil, opinion.Submission{Channel: opinion.ChannelQR, StationCode: s.Code, Content: "村口路灯坏了。", Consent: true, IP: "10.0.0.4"}, nil)
		if err != nil {
			t.Fatal(err)
		}
		unread, err := db.UnreadCount(ctx, f.DeputyUser.ID)
		if err != nil || unread == 0 {
			t.Fatalf("the deputy was not told of the new opinion: %d %v", unread, err)
		}
		if _, err := db.ActOnOpinion(ctx, f.DeputyUser, o.ID, "answer", renda.V("text", "已修好。")); err != nil {
			t.Fatal(err)
		}
		list, _, after, err := db.Notifications(ctx, f.DeputyUser.ID, 50, 0)
		if err != nil {
			t.Fatal(err)
		}
		for _, n := range list {
			if n.Link == "/opinions/"+o.ID && n.ReadAt.IsZero() {
				t.Errorf("still unread after the answer: %s", n.Title)
			}
		}
		if after != unread-1 {
			t.Errorf("badge %d after answering, want %d", after, unread-1)
		}
	})
}
