package store_test

import (
	"context"
	"fmt"
	"slices"
	"testing"

	"renda"
	"renda/internal/store"
	"renda/internal/storetest"
	"renda/vote"
)

// TestNamedAndSecretVotes puts two items of one meeting to the vote on both
// databases, one named (记名) and one secret: the named vote's choices are
// listed by name after the close; the secret one records nothing that links
// a member to a ballot (vote_named holds no row of it, and asking for its
// names is refused).
func TestNamedAndSecretVotes(t *testing.T) {
	for _, d := range storetest.Dialects(t) {
		t.Run(d.String(), func(t *testing.T) {
			ctx := context.Background()
			db := storetest.Open(t, d, renda.NewTestClock(at(2026, 10, 12)))
			fx := storetest.Fixture(t, db)
			root := &renda.User{ID: "system", Username: "system", Role: renda.RoleAdmin}
			deps := []*renda.Deputy{fx.Deputy1, fx.Deputy2}
			users := []*renda.User{fx.DeputyUser, fx.DeputyUser2}
			for i := 3; i <= 4; i++ {
				dp := &renda.Deputy{Name: fmt.Sprintf("委员%d", i), Gender: "男", Ethnicity: "汉族", Occupation: "常委会委员", Sector: "党政干部",
					CongressID: fx.Congress.ID, TermID: fx.Term.ID, DelegationID: fx.Delegation.ID, RegionID: fx.Town1.ID}
				if err := db.SaveDeputy(ctx, root, dp); err != nil {
					t.Fatal(err)
				}
				u, err := db.CreateUserHashed(ctx, nil, store.NewUser{Username: fmt.Sprintf("named%d", i), DisplayName: dp.Name, Role: renda.RoleDeputy, DeputyID: dp.ID}, "x")
				if err != nil {
					t.Fatal(err)
				}
				deps, users = append(deps, dp), append(users, u)
			}
			var ids []string
			for _, dp := range deps {
				ids = append(ids, dp.ID)
			}
			m, err := db.CreateMeeting(ctx, fx.Staff, fx.Congress.ID, renda.Values{"kind": {"standing"}, "title": {"第二十四次常委会会议"}, "number": {"24"},
				"date": {"2026-10-14"}, "time": {"09:30"}, "place": {"常委会会议室"}, "members": ids})
			if err != nil {
				t.Fatal(err)
			}
			for _, title := range []string{"关于召开第七次会议的决定（草案）", "关于任免事项的决定"} {
				if m, err = db.ActOnMeeting(ctx, fx.Staff, m.ID, "add_item", renda.V("title", title, "kind", "decision")); err != nil {
					t.Fatal(err)
				}
			}
			for _, a := range []string{"notify", "open"} {
				if m, err = db.ActOnMeeting(ctx, fx.Staff, m.ID, a, nil); err != nil {
					t.Fatal(a, err)
				}
			}
			for _, u := range users {
				if m, err = db.ActOnMeeting(ctx, u, m.ID, "checkin", nil); err != nil {
					t.Fatal(err)
				}
			}
			named, secret := m.Items[0].ID, m.Items[1].ID
			choices := []string{vote.ChoiceYes, vote.ChoiceYes, vote.ChoiceNo, vote.ChoiceAbstain}
			voteOf := map[string]string{}
			for _, item := range []string{named, secret} {
				if m, err = db.ActOnMeeting(ctx, fx.Staff, m.ID, "vote_item", renda.V("item", item, "named", item == named)); err != nil {
					t.Fatal(err)
				}
				for _, it := range m.Items {
					if it.ID == item {
						voteOf[item] = it.VoteID
					}
				}
				v, err := db.Vote(ctx, voteOf[item])
				if err != nil || v.Named != (item == named) {
					t.Fatalf("vote %s named=%v: %v", item, v.Named, err)
				}
				for i, u := range users {
					if _, err := db.CastBallot(ctx, u, voteOf[item], vote.Ballot{item: choices[i]}); err != nil {
						t.Fatal(err)
					}
				}
				if _, err := db.NamedBallots(ctx, voteOf[item]); renda.ErrorCode(err) != renda.ECONFLICT {
					t.Fatalf("names before the close: %v", err)
				}
				if err := db.VoteAction(ctx, fx.Staff, voteOf[item], "close", ""); err != nil {
					t.Fatal(err)
				}
			}
			got, err := db.NamedBallots(ctx, voteOf[named])
			if err != nil {
				t.Fatal(err)
			}
			want := map[string]string{}
			for i, dp := range deps {
				want[dp.Name] = choices[i]
			}
			if len(got) != 4 {
				t.Fatalf("named ballots: %+v", got)
			}
			for _, b := range got {
				if want[b.Name] != b.Choices[named] {
					t.Errorf("%s voted %s, recorded %s", b.Name, want[b.Name], b.Choices[named])
				}
			}
			if res, _ := db.Result(ctx, voteOf[named]); res == nil || res.Items[0].Yes != 2 || res.Items[0].No != 1 {
				t.Fatalf("named vote counts: %+v", res)
			}
			// The secret vote: refused by name, and nothing stored links a member to its ballot.
			if _, err := db.NamedBallots(ctx, voteOf[secret]); renda.ErrorCode(err) != renda.ECONFLICT {
				t.Fatalf("names of a secret vote: %v", err)
			}
			// Speeches noted by staff per item (a member may not), kept for the minutes.
			if _, err := db.ActOnMeeting(ctx, users[0], m.ID, "note_speech", renda.V("item", named, "speaker", "张委员", "summary", "同意")); err == nil {
				t.Fatal("a member noted a speech")
			}
			if _, err := db.ActOnMeeting(ctx, fx.Staff, m.ID, "note_speech", renda.V("item", named, "speaker", "张委员", "summary", "")); renda.ErrorCode(err) != renda.EINVALID {
				t.Fatalf("a speech without its gist: %v", err)
			}
			if _, err := db.ActOnMeeting(ctx, fx.Staff, m.ID, "note_speech", renda.V("item", named, "speaker", "张委员", "summary", "建议增加督办时限。")); err != nil {
				t.Fatal(err)
			}
			m, _ = db.Meeting(ctx, fx.Staff, m.ID)
			if sp := m.Items[0].Speeches; len(sp) != 1 || sp[0].Speaker != "张委员" || sp[0].Summary != "建议增加督办时限。" || len(m.Items[1].Speeches) != 0 {
				t.Fatalf("speeches: %+v", sp)
			}
			raw := store.RawDB(db)
			var all, ofNamed int
			if err := raw.QueryRowContext(ctx, "SELECT COUNT(*) FROM vote_named").Scan(&all); err != nil {
				t.Fatal(err)
			}
			if err := raw.QueryRowContext(ctx, "SELECT COUNT(*) FROM vote_named WHERE vote_id = '"+voteOf[named]+"'").Scan(&ofNamed); err != nil || all != 4 || ofNamed != 4 {
				t.Fatalf("vote_named holds %d rows, %d of the named vote (a secret vote must have none): %v", all, ofNamed, err)
			}
			var cols []string
			schema, err := db.Schema(ctx)
			if err != nil {
				t.Fatal(err)
			}
			cols = schema["vote_ballots"]
			if !slices.Equal(cols, []string{"choices", "receipt", "vote_id"}) {
				t.Fatalf("vote_ballots has columns %v", cols)
			}
		})
	}
}
