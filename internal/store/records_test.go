package store_test

import (
	"testing"

	"renda"
	"renda/internal/store"
)

// TestSubmittedSuggestionInDutyRecord: a suggestion a deputy submits is in
// the lead deputy's and the co-signer's records as soon as the submitting
// transaction commits (no batch); a withdrawn one leaves them; the record is
// the deputy's and the staff's, not another deputy's.
func TestSubmittedSuggestionInDutyRecord(t *testing.T) {
	eachSug(t, func(t *testing.T, e *sugEnv) {
		f := e.f
		kinds := func(u *renda.User, dep string) map[string]int {
			t.Helper()
			rec, err := e.db.DutyRecord(e.ctx, u, dep, 2024)
			if err != nil {
				t.Fatal(err)
			}
			out := map[string]int{}
			for _, x := range rec.Entries {
				out[x.Kind]++
			}
			return out
		}
		s, err := e.db.CreateSuggestion(e.ctx, f.DeputyUser, store.SuggestionDraft{Title: "关于修缮村级道路的建议", Body: "道路破损。", CoSignerIDs: []string{f.Deputy2.ID}})
		if err != nil {
			t.Fatal(err)
		}
		e.act(f.DeputyUser2, s.ID, "cosign", renda.V())
		if n := kinds(f.DeputyUser, f.Deputy1.ID)["suggestion_lead"]; n != 0 {
			t.Fatalf("a draft is in the record: %d", n)
		}
		e.act(f.DeputyUser, s.ID, "submit", renda.V())
		if n := kinds(f.DeputyUser, f.Deputy1.ID)["suggestion_lead"]; n != 1 {
			t.Errorf("lead entries after submitting: %d", n)
		}
		if n := kinds(f.Staff, f.Deputy2.ID)["suggestion_cosign"]; n != 1 {
			t.Errorf("co-signer entries after submitting: %d", n)
		}
		if _, err := e.db.DutyRecord(e.ctx, f.DeputyUser2, f.Deputy1.ID, 2024); renda.ErrorCode(err) != renda.EFORBIDDEN {
			t.Errorf("another deputy reads the record: %v", err)
		}
		e.act(f.DeputyUser, s.ID, "withdraw", renda.V("note", "重复"))
		if k := kinds(f.Staff, f.Deputy1.ID); k["suggestion_lead"] != 0 {
			t.Errorf("a withdrawn suggestion stays in the record: %v", k)
		}
	})
}
