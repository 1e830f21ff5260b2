package api_test

import (
	"context"
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"renda"
	"renda/internal/apptest"
	"renda/news"
)

// TestPopolo: GET /api/v1/popolo, without a token, gives the serving
// deputies, their congresses, delegations and groups, memberships and
// terms in Popolo's field names; every membership refers to a person, an
// organisation and a term it gives; no deputy's phone, birth year or other
// personal field is in it, and gender only once the settings publish it.
func TestPopolo(t *testing.T) {
	apptest.Each(t, apptest.Options{Demo: true}, func(t *testing.T, a *apptest.App) {
		ctx := context.Background()
		get := func() (map[string][]map[string]any, string) {
			t.Helper()
			r := a.Call("GET", "/api/v1/popolo", "", nil)
			if r.Status != 200 {
				t.Fatalf("popolo: %d %s", r.Status, r.Body)
			}
			var p map[string][]map[string]any
			if err := json.Unmarshal(r.Body, &p); err != nil {
				t.Fatal(err)
			}
			return p, string(r.Body)
		}
		p, body := get()
		ids := func(kind string) map[string]map[string]any {
			out := map[string]map[string]any{}
			for _, x := range p[kind] {
				out[x["id"].(string)] = x
			}
			return out
		}
		persons, orgs, events := ids("persons"), ids("organizations"), ids("events")
		if len(persons) < 500 || len(orgs) < 10 || len(events) < 4 || len(p["memberships"]) < len(persons) {
			t.Fatalf("%d persons, %d organizations, %d events, %d memberships", len(persons), len(orgs), len(events), len(p["memberships"]))
		}
		classes := map[string]int{}
		for _, o := range orgs {
			classes[o["classification"].(string)]++
			if parent, ok := o["parent_id"].(string); ok && orgs[parent] == nil {
				t.Errorf("organization %s: parent %s not given", o["name"], parent)
			}
		}
		if classes["legislature"] < 4 || classes["delegation"] == 0 || classes["group"] == 0 {
			t.Errorf("organizations by classification: %v", classes)
		}
		inCongress := map[string]bool{}
		for _, m := range p["memberships"] {
			person, org := m["person_id"].(string), m["organization_id"].(string)
			if persons[person] == nil || orgs[org] == nil || m["role"] == "" {
				t.Errorf("membership %v: person or organization not given", m)
			}
			if period, ok := m["legislative_period_id"].(string); ok {
				if events[period] == nil || events[period]["organization_id"] != org {
					t.Errorf("membership %v: term not given or of another congress", m)
				}
				inCongress[person] = true
			}
		}
		if len(inCongress) != len(persons) {
			t.Errorf("%d of %d persons are members of a congress", len(inCongress), len(persons))
		}
		// Only public fields; no personal data.
		allowed := []string{"id", "name", "gender", "image", "identifiers", "links"}
		for _, x := range p["persons"] {
			for k := range x {
				if !slices.Contains(allowed, k) {
					t.Fatalf("a person has the field %q", k)
				}
			}
			if _, ok := x["gender"]; ok {
				t.Fatal("gender is published while the settings keep it private")
			}
		}
		if m := phoneLike.FindString(body); m != "" {
			t.Errorf("a phone number: %s", m)
		}
		if m := idCardLike.FindString(body); m != "" {
			t.Errorf("an ID-card number: %s", m)
		}
		ds, _, err := a.DB.Deputies(ctx, a.World.Staff, renda.DeputyFilter{Limit: 100})
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range ds {
			if d.Phone != "" && strings.Contains(body, d.Phone) {
				t.Errorf("%s's phone is in it", d.Name)
			}
			if persons[d.ID] != nil && d.Occupation != "" && strings.Contains(body, d.Occupation) {
				t.Errorf("%s's occupation is in it", d.Name)
			}
		}
		// Gender, once published.
		if err := a.DB.UpdateSettings(ctx, a.World.Admin, map[string]string{news.SettingPopoloGender: "true"}); err != nil {
			t.Fatal(err)
		}
		p, _ = get()
		for _, x := range p["persons"] {
			if g := x["gender"]; g != "male" && g != "female" {
				t.Fatalf("%s: gender %v", x["name"], g)
			}
		}
		// On the open data page.
		if page := string(a.Browser("").Get("/open").Body); !strings.Contains(page, `href="/api/v1/popolo"`) {
			t.Error("the open data page does not offer the Popolo export")
		}
	})
}
