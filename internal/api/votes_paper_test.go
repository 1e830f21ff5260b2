package api_test

import (
	"testing"

	"renda/internal/apptest"
	"renda/internal/storetest"
	"renda/vote"
)

// TestVotePaperAPI: staff enter paper totals through the API; totals that do
// not add up, or name an item not on the vote, are refused with what is
// wrong and change nothing; the one who entered them cannot confirm them;
// another member of staff can, and the paper ballots then count.
func TestVotePaperAPI(t *testing.T) {
	apptest.Each(t, apptest.Options{}, func(t *testing.T, a *apptest.App) {
		f := storetest.Fixture(t, a.DB)
		vs := makeVoters(t, a.DB, f, 3)
		staff, admin := a.Token("staff"), a.Token("admin")
		id, cands := setUpVote(t, a, f, staff, 2, 1, vs.Deputies[:2])
		if r := a.Call("PUT", "/api/v1/votes/"+id+"/attendance", staff, map[string]any{"paper": map[string]bool{vs.Deputies[2].ID: true}}); r.Status != 200 {
			t.Fatalf("paper voter: %d %s", r.Status, r.Body)
		}
		if r := a.Call("POST", "/api/v1/votes/"+id+"/actions/open", staff, nil); r.Status != 200 {
			t.Fatalf("open: %s", r.Body)
		}
		var v vote.Vote
		a.Call("GET", "/api/v1/votes/"+id, staff, nil).JSON(t, &v)
		first := v.PaperChoices()[0]
		counts := map[string]map[string]int{}
		for _, c := range cands {
			counts[c] = map[string]int{first: 1}
		}
		bad := map[string]map[string]int{cands[0]: {first: 2}, cands[1]: {first: 1}}
		if r := a.Call("PUT", "/api/v1/votes/"+id+"/paper", staff, map[string]any{"ballots": 1, "counts": bad}); r.Status != 422 {
			t.Errorf("totals that do not add up: %d %s", r.Status, r.Body)
		}
		stray := map[string]map[string]int{cands[0]: {first: 1}, cands[1]: {first: 1}, "01jnotacandidate00000000": {first: 1}}
		if r := a.Call("PUT", "/api/v1/votes/"+id+"/paper", staff, map[string]any{"ballots": 1, "counts": stray}); r.Status != 422 {
			t.Errorf("an item not on the vote: %d %s", r.Status, r.Body)
		}
		if r := a.Call("PUT", "/api/v1/votes/"+id+"/paper", vs.Tokens[0], map[string]any{"ballots": 1, "counts": counts}); r.Status != 403 {
			t.Errorf("a deputy enters paper totals: %d", r.Status)
		}
		if p, _ := a.DB.Paper(t.Context(), id); p != nil {
			t.Fatalf("refused totals were kept: %+v", p)
		}
		r := a.Call("PUT", "/api/v1/votes/"+id+"/paper", staff, map[string]any{"ballots": 1, "counts": counts})
		if r.Status != 200 {
			t.Fatalf("enter: %d %s", r.Status, r.Body)
		}
		if r := a.Call("POST", "/api/v1/votes/"+id+"/paper/confirm", staff, nil); r.Status != 403 {
			t.Errorf("the one who entered confirms: %d %s", r.Status, r.Body)
		}
		r = a.Call("POST", "/api/v1/votes/"+id+"/paper/confirm", admin, nil)
		var p vote.PaperTotals
		r.JSON(t, &p)
		if r.Status != 200 || !p.Confirmed() || p.Ballots != 1 {
			t.Fatalf("confirm: %d %s", r.Status, r.Body)
		}
		if r := a.Call("POST", "/api/v1/votes/"+id+"/actions/close", staff, nil); r.Status != 200 {
			t.Fatalf("close: %s", r.Body)
		}
		var res struct {
			Items []struct {
				ID     string         `json:"id"`
				Counts map[string]int `json:"counts"`
			} `json:"items"`
		}
		a.Call("GET", "/api/v1/votes/"+id+"/result", "", nil).JSON(t, &res)
		for _, it := range res.Items {
			if it.Counts[first] != 1 {
				t.Errorf("item %s: %d %s, want the paper ballot's 1", it.ID, it.Counts[first], first)
			}
		}
		// Two items tied for one place: the presidium decides.
		if r := a.Call("POST", "/api/v1/votes/"+id+"/decide", staff, map[string]any{"project_id": "01jnotacandidate00000000", "adopt": true, "note": "主席团决定"}); r.Status != 404 {
			t.Errorf("a decision on an item not on the vote: %d %s", r.Status, r.Body)
		}
		if r := a.Call("POST", "/api/v1/votes/"+id+"/decide", staff, map[string]any{"project_id": cands[0], "adopt": true}); r.Status != 422 {
			t.Errorf("a decision without its grounds: %d %s", r.Status, r.Body)
		}
		if r := a.Call("POST", "/api/v1/votes/"+id+"/decide", staff, map[string]any{"project_id": cands[0], "adopt": true, "note": "主席团会议决定"}); r.Status != 200 {
			t.Fatalf("decide: %d %s", r.Status, r.Body)
		}
		var after struct {
			Items []struct {
				ID      string `json:"id"`
				Adopted bool   `json:"adopted"`
			} `json:"items"`
		}
		a.Call("GET", "/api/v1/votes/"+id+"/result", "", nil).JSON(t, &after)
		for _, it := range after.Items {
			if it.Adopted != (it.ID == cands[0]) {
				t.Errorf("item %s adopted %v after the decision", it.ID, it.Adopted)
			}
		}
	})
}
