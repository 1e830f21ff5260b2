package api_test

import (
	"strings"
	"testing"

	"renda"
	"renda/internal/apptest"
	"renda/internal/storetest"
)

// TestVoteEngineFields: the votes list and item say each vote's kind,
// scheme and counting rule (issue 8's fixed interface), a vote may be set up
// from a preset, and closing records close from open to closed in the trail.
func TestVoteEngineFields(t *testing.T) {
	apptest.Each(t, apptest.Options{}, func(t *testing.T, a *apptest.App) {
		f := storetest.Fixture(t, a.DB)
		staff, dep := a.Token("staff"), a.Token("deputy")
		id, cands := setUpVote(t, a, f, staff, 3, 2, []*renda.Deputy{f.Deputy1})

		type rule struct{ Base, Threshold string }
		var one struct {
			Kind, Scheme, Mode string
			Rule               rule
		}
		resp := a.Call("GET", "/api/v1/votes/"+id, "", nil)
		resp.JSON(t, &one)
		if resp.Status != 200 || one.Kind != "livelihood" || one.Scheme != "yes_no_abstain" || one.Mode != "each" || one.Rule != (rule{"present", "half"}) {
			t.Fatalf("vote: %d %s", resp.Status, resp.Body)
		}
		var list struct {
			Items []struct {
				Kind, Scheme string
				Rule         rule
			}
		}
		for _, k := range []string{"livelihood", "select"} {
			resp = a.Call("GET", "/api/v1/votes?kind="+k, "", nil)
			resp.JSON(t, &list)
			if resp.Status != 200 || len(list.Items) != 1 || list.Items[0].Kind != "livelihood" || list.Items[0].Rule.Threshold != "half" {
				t.Fatalf("list kind=%s: %d %s", k, resp.Status, resp.Body)
			}
		}
		if resp := a.Call("GET", "/api/v1/votes?kind=project_rating", "", nil); resp.Status != 200 || !strings.Contains(string(resp.Body), `"items":[]`) {
			t.Fatalf("rating list: %d %s", resp.Status, resp.Body)
		}

		// Set up from a preset, with the up-to-N scheme.
		resp = a.Call("POST", "/api/v1/votes", staff, map[string]any{"congress_id": f.Congress.ID, "kind": "livelihood", "scheme": "up_to_n",
			"preset": "all_two_thirds", "title": "限选票决", "adopt": 1, "candidates": cands[:2]})
		resp.JSON(t, &one)
		if resp.Status != 201 || one.Scheme != "up_to_n" || one.Mode != "upto" || one.Rule != (rule{"all", "two_thirds"}) {
			t.Fatalf("preset: %d %s", resp.Status, resp.Body)
		}
		if resp := a.Call("POST", "/api/v1/votes", staff, map[string]any{"congress_id": f.Congress.ID, "kind": "livelihood",
			"rule": map[string]string{"base": "everyone", "threshold": "half"}, "title": "坏规则", "adopt": 1, "candidates": cands[:2]}); resp.Status != 422 {
			t.Fatalf("bad rule: %d %s", resp.Status, resp.Body)
		}

		// Open, vote, close: the trail says close, open → closed.
		path := "/api/v1/votes/" + id
		if resp := a.Call("POST", path+"/actions/open", staff, nil); resp.Status != 200 {
			t.Fatalf("open: %d %s", resp.Status, resp.Body)
		}
		if resp := a.Call("POST", path+"/ballots", dep, map[string]any{"choices": map[string]string{cands[0]: "yes"}}); resp.Status != 201 {
			t.Fatalf("ballot: %d %s", resp.Status, resp.Body)
		}
		if resp := a.Call("POST", path+"/actions/close", staff, map[string]any{"note": "按时结束"}); resp.Status != 200 {
			t.Fatalf("close: %d %s", resp.Status, resp.Body)
		}
		var trail struct {
			Items []struct{ Action, From, To string }
		}
		resp = a.Call("GET", "/api/v1/audit?entity=vote&entity_id="+id, a.Token("admin"), nil)
		resp.JSON(t, &trail)
		closes := 0
		for _, r := range trail.Items {
			if r.Action == "close" {
				closes++
				if r.From != "open" || r.To != "closed" {
					t.Fatalf("close recorded %q → %q", r.From, r.To)
				}
			}
			if r.Action == "create" && (r.From != "" || r.To != "draft") {
				t.Fatalf("create recorded %q → %q", r.From, r.To)
			}
		}
		if resp.Status != 200 || closes != 1 {
			t.Fatalf("audit: %d %s", resp.Status, resp.Body)
		}
	})
}
