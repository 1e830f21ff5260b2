package store_test

import (
	"context"
	"testing"

	"renda"
	"renda/appointment"
	"renda/internal/store"
	"renda/internal/storetest"
	"renda/vote"
)

// checkAppointeeReview: 述职评议 of an appointed official — arranged once a
// year, only for an official voted through; the report entered, heard at a
// meeting, rated by the committee's members once each on the ballot
// engine; the result graded, published, and only then public. Each step is
// in the review's history; a wrong action changes nothing.
func checkAppointeeReview(t *testing.T, db *store.DB, fx *storetest.Fix, rejectedID, appointedID, meetingID string) {
	t.Helper()
	ctx := context.Background()
	if _, err := db.CreateAppointeeReview(ctx, fx.Staff, rejectedID, renda.V("year", 2026)); renda.ErrorCode(err) != renda.ECONFLICT {
		t.Errorf("a review of a rejected nominee: %v", err)
	}
	if _, err := db.CreateAppointeeReview(ctx, fx.Leader, appointedID, renda.V("year", 2026)); renda.ErrorCode(err) != renda.EFORBIDDEN {
		t.Errorf("a leader arranges a review: %v", err)
	}
	r, err := db.CreateAppointeeReview(ctx, fx.Staff, appointedID, renda.V("year", 2026))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.CreateAppointeeReview(ctx, fx.Staff, appointedID, renda.V("year", 2026)); renda.ErrorCode(err) != renda.ECONFLICT {
		t.Errorf("two reviews in a year: %v", err)
	}
	if _, err := db.ActOnAppointeeReview(ctx, fx.Staff, r.ID, "open_rating", renda.V("meeting", meetingID)); renda.ErrorCode(err) != renda.ECONFLICT {
		t.Errorf("rating without a report: %v", err)
	}
	if got, _ := db.AppointeeReview(ctx, fx.Staff, r.ID); got.State != appointment.ReviewDraft || got.VoteID != "" {
		t.Errorf("a refused action changed the review: %+v", got)
	}
	if r, err = db.ActOnAppointeeReview(ctx, fx.Staff, r.ID, "edit", renda.V("title", r.Title, "body", "一年来依法履职……")); err != nil {
		t.Fatal(err)
	}
	if _, err := db.AppointeeReview(ctx, nil, r.ID); renda.ErrorCode(err) != renda.ENOTFOUND {
		t.Errorf("the public sees a review before it is published: %v", err)
	}
	if r, err = db.ActOnAppointeeReview(ctx, fx.Staff, r.ID, "open_rating", renda.V("meeting", meetingID)); err != nil {
		t.Fatal(err)
	}
	v, err := db.Vote(ctx, r.VoteID)
	if err != nil || v.Kind != appointment.ReviewKind || v.Status != vote.Open {
		t.Fatalf("the rating's vote: %+v %v", v, err)
	}
	if _, err := db.VoteFor(ctx, nil, r.VoteID); renda.ErrorCode(err) != renda.ENOTFOUND {
		t.Errorf("the public opens the rating of an unpublished review: %v", err)
	}
	if _, err := db.CastMemberBallot(ctx, fx.Staff, r.VoteID, vote.Ballot{r.ID: vote.ChoiceSatisfied}); renda.ErrorCode(err) != renda.EFORBIDDEN {
		t.Errorf("staff rate: %v", err)
	}
	if _, err := db.CastMemberBallot(ctx, fx.Leader, r.VoteID, vote.Ballot{r.ID: vote.ChoiceSatisfied}); err != nil {
		t.Fatal(err)
	}
	if _, err := db.CastMemberBallot(ctx, fx.Leader, r.VoteID, vote.Ballot{r.ID: vote.ChoiceDissatisfied}); renda.ErrorCode(err) != renda.ECONFLICT {
		t.Errorf("a member rates twice: %v", err)
	}
	// Closing the vote on its own page moves the review on.
	if err := db.VoteAction(ctx, fx.Staff, r.VoteID, "close", ""); err != nil {
		t.Fatal(err)
	}
	if r, err = db.AppointeeReview(ctx, fx.Staff, r.ID); err != nil || r.State != appointment.ReviewRated || r.Ballots != 1 || r.Satisfied != 1 || r.Grade != "满意" {
		t.Fatalf("after the close: %+v %v", r, err)
	}
	if r, err = db.ActOnAppointeeReview(ctx, fx.Staff, r.ID, "publish", nil); err != nil {
		t.Fatal(err)
	}
	pub, err := db.AppointeeReviews(ctx, nil, appointedID)
	if err != nil || len(pub) != 1 || pub[0].Grade != "满意" {
		t.Errorf("the public's reviews: %+v %v", pub, err)
	}
	if _, err := db.VoteFor(ctx, nil, r.VoteID); err != nil {
		t.Errorf("the public cannot open the published review's rating: %v", err)
	}
	h, err := db.History(ctx, "appointee_review", r.ID)
	if err != nil {
		t.Fatal(err)
	}
	var actions []string
	for _, a := range h {
		actions = append(actions, a.Action)
	}
	want := map[string]bool{"create": true, "edit": true, "open_rating": true, "close_rating": true, "publish": true}
	for _, a := range actions {
		delete(want, a)
	}
	if len(want) > 0 {
		t.Errorf("history %v lacks %v", actions, want)
	}
}
