package store_test

import (
	"context"
	"testing"
	"time"

	"renda"
	"renda/internal/store"
	"renda/internal/storetest"
	"renda/vote"
)

// TestSealWaitsForItsWork: a long reader (a report, a backup) holding the
// ballot table while a vote is closed keeps the seal from completing. The
// vote must then stay unsealed (封存中) rather than be marked sealed with
// the WAL untruncated / VACUUM FULL not run, and the sweep must complete the
// seal once the reader is gone.
func TestSealWaitsForItsWork(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := storetest.Fixture(t, db)
		cs := candidates(t, db, f, 2)
		v := &vote.Vote{CongressID: f.Congress.ID, Kind: vote.Livelihood, Title: "票决", Adopt: 1, Candidates: cs}
		if err := db.SaveVote(ctx, f.Staff, v); err != nil {
			t.Fatal(err)
		}
		if err := db.SetAttendance(ctx, f.Staff, v.ID, map[string]bool{f.Deputy1.ID: true, f.Deputy2.ID: true}, nil); err != nil {
			t.Fatal(err)
		}
		if err := db.VoteAction(ctx, f.Staff, v.ID, "open", ""); err != nil {
			t.Fatal(err)
		}
		for _, u := range []*renda.User{f.DeputyUser, f.DeputyUser2} {
			if _, err := db.CastBallot(ctx, u, v.ID, vote.Ballot{cs[0].ID: "yes"}); err != nil {
				t.Fatal(err)
			}
		}
		defer store.SetSealTimeout(700 * time.Millisecond)()
		release := store.HoldReader(t, db, v.ID)
		t.Cleanup(release)
		// The request that closes the vote ends as soon as it has its answer:
		// the seal must neither depend on it nor claim success.
		reqCtx, cancel := context.WithTimeout(ctx, 10*time.Second)
		err := db.VoteAction(reqCtx, f.Staff, v.ID, "close", "")
		cancel()
		if err != nil {
			t.Fatal(err)
		}
		time.Sleep(1500 * time.Millisecond) // the seal's attempt has run out
		got, _ := db.Vote(ctx, v.ID)
		if got.Status != vote.Closed {
			t.Fatalf("status %s", got.Status)
		}
		if got.Sealed {
			t.Fatal("vote marked sealed although a reader kept the seal from completing")
		}
		if ids, _ := db.UnsealedVotes(ctx); len(ids) != 1 || ids[0] != v.ID {
			t.Fatalf("the sweep would not retry: %v", ids)
		}
		release()
		// The sweep's retry completes it.
		if err := db.SealVote(ctx, v.ID); err != nil {
			t.Fatal(err)
		}
		got, _ = db.Vote(ctx, v.ID)
		if !got.Sealed {
			t.Fatal("not sealed after the sweep")
		}
		if ids, _ := db.UnsealedVotes(ctx); len(ids) != 0 {
			t.Fatalf("still unsealed: %v", ids)
		}
		seals := 0
		recs, err := db.History(ctx, "vote", v.ID)
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range recs {
			if r.Action == "seal" {
				seals++
			}
		}
		if seals != 1 {
			t.Fatalf("%d seal records", seals)
		}
	})
}
