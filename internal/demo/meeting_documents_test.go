package demo_test

import (
	"context"
	"io"
	"log/slog"
	"testing"
	"time"

	"renda"
	"renda/internal/demo"
	"renda/internal/storetest"
	"renda/meeting"
)

// TestDemoMeetingDocuments: the next standing committee meeting has
// documents at every access level, one with two versions and one
// distributed late; a member reads them all, an attendee (列席) only those
// of their level, the public none before the meeting.
func TestDemoMeetingDocuments(t *testing.T) {
	for _, d := range storetest.Dialects(t) {
		t.Run(d.String(), func(t *testing.T) {
			db := storetest.Open(t, d, renda.NewTestClock(time.Date(2026, 11, 24, 10, 0, 0, 0, renda.CST)))
			ctx := context.Background()
			w, err := demo.Load(ctx, db, slog.New(slog.NewTextHandler(io.Discard, nil)))
			if err != nil {
				t.Fatal(err)
			}
			all, _, _ := db.Meetings(ctx, w.Staff, meeting.Filter{Kind: meeting.Standing})
			next := all[0]
			_, docs, err := db.MeetingDocuments(ctx, w.Staff, next.ID)
			if err != nil {
				t.Fatal(err)
			}
			access, late, versions := map[string]bool{}, 0, 0
			for _, x := range docs {
				access[x.Access] = true
				if x.LateDistributed() {
					late++
				}
				if x.Version > 1 {
					versions++
				}
			}
			if len(docs) != 4 || len(access) != 3 || late != 1 || versions != 1 {
				t.Fatalf("%d documents, levels %v, %d late, %d revised", len(docs), access, late, versions)
			}
			if _, ds, _ := db.MeetingDocuments(ctx, w.Deputy1, next.ID); len(ds) != 4 {
				t.Errorf("member reads %d documents", len(ds))
			}
			if _, ds, err := db.MeetingDocuments(ctx, nil, next.ID); err == nil || len(ds) != 0 {
				t.Errorf("the public read %d documents of the next meeting", len(ds))
			}
		})
	}
}
