package suggestion

import (
	"testing"
	"time"

	"renda"
)

func env(u *renda.User, s *Suggestion) *renda.Env {
	return &renda.Env{Now: time.Date(2024, 3, 1, 9, 0, 0, 0, renda.CST), Actor: u, Rel: s.Relations(u),
		Settings: renda.NewSettings(nil), Calendar: renda.NewCalendar(nil)}
}

// TestFeedbackAndSplitRepliesAreTransitions: what the store used to
// override after the table — an unsatisfied rating, a split unit's reply
// while others still owe theirs — is the machine's own legal outcome.
func TestFeedbackAndSplitRepliesAreTransitions(t *testing.T) {
	deputy := &renda.User{ID: "u1", Role: renda.RoleDeputy, DeputyID: "d1"}
	s := &Suggestion{ID: "s1", Status: Replied, ProposerID: "d1", Round: 1, RepliedOn: renda.NewDate(2024, 2, 20),
		Signers: []Signer{{DeputyID: "d1", Lead: true, Status: SignerConfirmed}}}
	next, out, err := Flow.Apply(s, "feedback", renda.NewInput().Set("rating", renda.RatingUnsatisfied).Set("comment", "未解决"), env(deputy, s))
	if err != nil {
		t.Fatal(err)
	}
	if next.Status != Rehandling || out.To != Rehandling || next.Round != 2 || s.Status != Replied || s.Round != 1 {
		t.Errorf("unsatisfied: %s→%s round %d (item before: %s round %d)", out.From, next.Status, next.Round, s.Status, s.Round)
	}
	if !Flow.Table().Legal("feedback", Replied, Rehandling) || !Flow.Table().Legal("create", "", Draft) || !Flow.Table().Legal("create", "", Registered) {
		t.Error("feedback to rehandling, or creation, is not in the table")
	}

	unit := &renda.User{ID: "u2", Role: renda.RoleUnit, OrgID: "o1"}
	a := &Suggestion{ID: "s2", Status: Assigned, Round: 1, HandlingMode: "split", Due: renda.NewDate(2024, 4, 1),
		Units:   []Unit{{OrgID: "o1", Role: UnitSplit}, {OrgID: "o2", Role: UnitSplit}},
		Records: []Record{{Kind: RecContact, Round: 1, OrgID: "o1"}}}
	next, out, err = Flow.Apply(a, "reply", renda.NewInput().Set("category", "A").Set("text", "已解决"), env(unit, a))
	if err != nil {
		t.Fatal(err)
	}
	if next.Status != Assigned || out.To != Assigned || next.Units[0].RepliedRound != 1 || a.Units[0].RepliedRound != 0 {
		t.Errorf("first split reply: %s, units %+v (before %+v)", next.Status, next.Units, a.Units)
	}
	// A refused action returns nothing and leaves the item as it was.
	if got, out, err := Flow.Apply(a, "close", nil, env(unit, a)); err == nil || got != nil || out != nil || a.Status != Assigned {
		t.Errorf("a unit closed an item: %v", err)
	}
}
