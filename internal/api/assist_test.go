package api_test

import (
	"strings"
	"testing"

	"renda/internal/apptest"
	"renda/internal/store"
)

type similarJSON struct {
	Items []struct {
		Kind  string  `json:"kind"`
		ID    string  `json:"id"`
		Title string  `json:"title"`
		Score float64 `json:"score"`
	} `json:"items"`
}

// TestSimilarItemsOnlyWhatTheCallerMaySee: for every suggestion and opinion
// a user may open, each similar item listed is one the same user may open
// too, and each user finds some; staff find similar items across doors; routing proposes units with
// the past suggestions that justify them and is staff-only.
func TestSimilarItemsOnlyWhatTheCallerMaySee(t *testing.T) {
	apptest.Each(t, apptest.Options{Demo: true}, func(t *testing.T, a *apptest.App) {
		kindPath := map[string]string{"suggestion": "/api/v1/suggestions/", "opinion": "/api/v1/opinions/", "hotline": "/api/v1/opinions/"}
		crossDoor, listed := 0, 0
		for _, user := range []string{"staff", "deputy", "deputy2", "unit"} {
			tok := a.Token(user)
			limit := "12"
			var sugs struct{ Items []struct{ ID string } }
			a.Call("GET", "/api/v1/suggestions?limit="+limit, tok, nil).JSON(t, &sugs)
			var ops struct {
				Items []struct{ ID, Channel string }
			}
			a.Call("GET", "/api/v1/opinions?limit="+limit, tok, nil).JSON(t, &ops)
			// The door each item came through: a deputy's suggestion, a
			// citizen's opinion, a 12345 order.
			sources := map[string][]string{"/api/v1/suggestions/": nil, "/api/v1/opinions/": nil}
			door := map[string]string{}
			for _, s := range sugs.Items {
				sources["/api/v1/suggestions/"] = append(sources["/api/v1/suggestions/"], s.ID)
				door[s.ID] = "suggestion"
			}
			for _, o := range ops.Items {
				sources["/api/v1/opinions/"] = append(sources["/api/v1/opinions/"], o.ID)
				door[o.ID] = "opinion"
				if o.Channel == "hotline" {
					door[o.ID] = "hotline"
				}
			}
			mine := 0 // similar items listed to this user
			for base, ids := range sources {
				for _, id := range ids {
					var sim similarJSON
					r := a.Call("GET", base+id+"/similar", tok, nil)
					if r.Status != 200 {
						t.Fatalf("%s: similar to %s%s: %d %s", user, base, id, r.Status, r.Body)
					}
					r.JSON(t, &sim)
					for _, it := range sim.Items {
						listed++
						mine++
						if it.ID == id {
							t.Errorf("%s: %s%s is listed as similar to itself", user, base, id)
						}
						if it.Score <= 0 || it.Score > 1.0001 || it.Title == "" {
							t.Errorf("%s: bad item %+v", user, it)
						}
						if got := a.Call("GET", kindPath[it.Kind]+it.ID, tok, nil).Status; got != 200 {
							t.Errorf("%s: similar to %s%s lists %s %s (%s), which the user may not open: %d", user, base, id, it.Kind, it.ID, it.Title, got)
						}
						if user == "staff" && it.Kind != door[id] {
							crossDoor++
						}
					}
				}
			}
			// Each finds similar items among what it may read (on
			// PostgreSQL a deputy's and a unit's are asked of the GIN
			// index with their readers).
			if mine == 0 {
				t.Errorf("%s: no similar item listed for any of its items", user)
			}
		}
		if listed == 0 || crossDoor == 0 {
			t.Fatalf("the demo county shows no similar items (%d) or none across doors (%d)", listed, crossDoor)
		}

		// Routing: staff get units with reasons; a deputy is refused.
		var sugs struct{ Items []struct{ ID, Status string } }
		a.Call("GET", "/api/v1/suggestions?limit=100", a.Token("staff"), nil).JSON(t, &sugs)
		proposed := 0
		for _, s := range sugs.Items {
			var rt store.Routing
			r := a.Call("GET", "/api/v1/suggestions/"+s.ID+"/routing", a.Token("staff"), nil)
			if r.Status != 200 {
				t.Fatalf("routing: %d %s", r.Status, r.Body)
			}
			r.JSON(t, &rt)
			for _, u := range rt.Units {
				if u.Name == "" || u.OrganizationID == "" {
					t.Errorf("routing of %s: unit without a name: %+v", s.ID, u)
				}
				for _, b := range u.Because {
					if b.ID == s.ID || b.Kind != "suggestion" {
						t.Errorf("routing of %s justified by %+v", s.ID, b)
					}
				}
				if len(u.Because) > 0 {
					proposed++
				}
			}
		}
		if proposed == 0 {
			t.Error("no suggestion of the demo county gets a unit justified by a similar past suggestion")
		}
		if len(sugs.Items) > 0 {
			if r := a.Call("GET", "/api/v1/suggestions/"+sugs.Items[0].ID+"/routing", a.Token("deputy"), nil); r.Status != 403 {
				t.Errorf("a deputy asks for routing: %d", r.Status)
			}
			if r := a.Call("GET", "/api/v1/suggestions/nonexistent/similar", a.Token("staff"), nil); r.Status != 404 || !strings.Contains(r.Header.Get("Content-Type"), "problem+json") {
				t.Errorf("similar to a missing suggestion: %d %s", r.Status, r.Header.Get("Content-Type"))
			}
		}
	})
}
