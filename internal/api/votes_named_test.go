package api_test

import (
	"testing"

	"renda/internal/apptest"
	"renda/internal/storetest"
	"renda/vote"
)

// TestNamedVoteAPI sets up a named (记名) livelihood vote through the API on
// both databases: any kind may be named; after the close GET …/named lists
// each deputy's choices by name, while a secret vote's …/named is refused
// (409) and before the close too.
func TestNamedVoteAPI(t *testing.T) {
	apptest.Each(t, apptest.Options{}, func(t *testing.T, a *apptest.App) {
		f := storetest.Fixture(t, a.DB)
		vs := makeVoters(t, a.DB, f, 3)
		staff := a.Token("staff")
		secret, cands := setUpVote(t, a, f, staff, 2, 1, vs.Deputies)
		resp := a.Call("POST", "/api/v1/votes", staff, map[string]any{"congress_id": f.Congress.ID, "kind": "select", "title": "记名表决", "adopt": 1, "named": true, "candidates": cands})
		if resp.Status != 201 {
			t.Fatalf("create named vote: %d %s", resp.Status, resp.Body)
		}
		var v vote.Vote
		resp.JSON(t, &v)
		if !v.Named {
			t.Fatal("the vote is not named")
		}
		pres := map[string]bool{}
		for _, d := range vs.Deputies {
			pres[d.ID] = true
		}
		if resp := a.Call("PUT", "/api/v1/votes/"+v.ID+"/attendance", staff, map[string]any{"present": pres}); resp.Status != 200 {
			t.Fatalf("attendance: %s", resp.Body)
		}
		for _, id := range []string{secret, v.ID} {
			if resp := a.Call("POST", "/api/v1/votes/"+id+"/actions/open", staff, nil); resp.Status != 200 {
				t.Fatalf("open: %s", resp.Body)
			}
			for i, tok := range vs.Tokens {
				c := vote.ChoiceYes
				if i == 2 {
					c = vote.ChoiceNo
				}
				if resp := a.Call("POST", "/api/v1/votes/"+id+"/ballots", tok, map[string]any{"choices": vote.Ballot{cands[0]: c}}); resp.Status != 201 {
					t.Fatalf("ballot: %d %s", resp.Status, resp.Body)
				}
			}
			if resp := a.Call("GET", "/api/v1/votes/"+id+"/named", "", nil); resp.Status != 409 {
				t.Fatalf("named ballots before the close: %d", resp.Status)
			}
			if resp := a.Call("POST", "/api/v1/votes/"+id+"/actions/close", staff, nil); resp.Status != 200 {
				t.Fatalf("close: %s", resp.Body)
			}
		}
		if resp := a.Call("GET", "/api/v1/votes/"+secret+"/named", "", nil); resp.Status != 409 {
			t.Fatalf("a secret vote's names: %d %s", resp.Status, resp.Body)
		}
		resp = a.Call("GET", "/api/v1/votes/"+v.ID+"/named", "", nil)
		var named []struct {
			Name    string
			Choices vote.Ballot
		}
		resp.JSON(t, &named)
		if resp.Status != 200 || len(named) != 3 {
			t.Fatalf("named ballots: %d %s", resp.Status, resp.Body)
		}
		for _, b := range named {
			want := vote.ChoiceYes
			if b.Name == vs.Deputies[2].Name {
				want = vote.ChoiceNo
			}
			if b.Choices[cands[0]] != want {
				t.Errorf("%s: %s, want %s", b.Name, b.Choices[cands[0]], want)
			}
		}
	})
}
