package store_test

import (
	"context"
	"reflect"
	"testing"

	"renda"
	"renda/internal/store"
	"renda/internal/storetest"
	"renda/project"
	"renda/vote"
)

// TestIllegalVoteAndProjectActionsChangeNothing: an action the table does
// not allow (wrong state, wrong person, hidden or unknown) is refused, and
// neither the item nor its trail changes.
func TestIllegalVoteAndProjectActionsChangeNothing(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := storetest.Fixture(t, db)
		cs := candidates(t, db, f, 2)
		p, err := db.Project(ctx, f.Staff, cs[0].ID)
		if err != nil {
			t.Fatal(err)
		}
		v := &vote.Vote{CongressID: f.Congress.ID, Kind: vote.Livelihood, Title: "票决", Adopt: 1, Candidates: cs}
		if err := db.SaveVote(ctx, f.Staff, v); err != nil {
			t.Fatal(err)
		}
		snapshot := func() (any, any, int, int) {
			pv, err := db.Project(ctx, f.Staff, p.ID)
			if err != nil {
				t.Fatal(err)
			}
			vv, err := db.Vote(ctx, v.ID)
			if err != nil {
				t.Fatal(err)
			}
			hp, _ := db.History(ctx, "project", p.ID)
			hv, _ := db.History(ctx, "vote", v.ID)
			return pv, vv, len(hp), len(hv)
		}
		p0, v0, hp0, hv0 := snapshot()
		for _, tc := range []struct {
			name string
			err  error
			want string
		}{
			{"complete a candidate", db.ActOnProject(ctx, f.Staff, p.ID, "complete", nil, nil), renda.ECONFLICT},
			{"plan a candidate", db.ActOnProject(ctx, f.Staff, p.ID, "plan", renda.Values{"plan_target": {"x"}, "plan_start": {"2024-03-01"}, "plan_deadline": {"2024-12-01"}}, nil), renda.ECONFLICT},
			{"a unit screens", db.ActOnProject(ctx, f.UnitUser, p.ID, "screen_out", nil, nil), renda.EFORBIDDEN},
			{"adopt by hand", db.ActOnProject(ctx, f.Staff, p.ID, "adopt", nil, nil), renda.ENOTFOUND},
			{"unknown", db.ActOnProject(ctx, f.Staff, p.ID, "teleport", nil, nil), renda.ENOTFOUND},
			{"report on a candidate", db.ReportProgress(ctx, f.Staff, p.ID, &project.ProgressReport{Percent: 10, Text: "开工"}, nil), renda.ECONFLICT},
			{"close a draft", db.VoteAction(ctx, f.Staff, v.ID, "close", ""), renda.ECONFLICT},
			{"a deputy opens", db.ActOnVote(ctx, f.DeputyUser, v.ID, "open", nil), renda.EFORBIDDEN},
			{"seal by hand", db.ActOnVote(ctx, f.Staff, v.ID, "seal", nil), renda.ENOTFOUND},
			{"decide a draft", db.Decide(ctx, f.Staff, v.ID, p.ID, true, "决定"), renda.ECONFLICT},
		} {
			if renda.ErrorCode(tc.err) != tc.want {
				t.Errorf("%s: %v, want %s", tc.name, tc.err, tc.want)
			}
		}
		p1, v1, hp1, hv1 := snapshot()
		if !reflect.DeepEqual(p0, p1) || !reflect.DeepEqual(v0, v1) || hp0 != hp1 || hv0 != hv1 {
			t.Fatalf("an illegal action changed something:\n%+v\n%+v\nhistory %d→%d, %d→%d", p0, p1, hp0, hp1, hv0, hv1)
		}
	})
}
