package api_test

import (
	"context"
	"net/http"
	"regexp"
	"slices"
	"strings"
	"testing"

	"renda"
	"renda/internal/api"
	"renda/internal/apptest"
	"renda/internal/store"
)

func TestLoginAndMe(t *testing.T) {
	apptest.Each(t, apptest.Options{Demo: true}, func(t *testing.T, a *apptest.App) {
		resp := a.Call("POST", "/api/v1/auth/login", "", map[string]string{"username": "staff", "password": "wrong-password"})
		if resp.Status != 401 || !strings.HasPrefix(resp.Header.Get("Content-Type"), "application/problem+json") {
			t.Fatalf("wrong password: %d %s %s", resp.Status, resp.Header.Get("Content-Type"), resp.Body)
		}
		p := resp.Map(t)
		if p["status"].(float64) != 401 || p["detail"] == "" || p["type"] == "" || p["title"] == "" {
			t.Errorf("problem = %v", p)
		}
		tok := a.Token("deputy")
		me := a.Call("GET", "/api/v1/me", tok, nil)
		m := me.Map(t)
		if me.Status != 200 || m["username"] != "deputy" || m["role"] != "deputy" || m["deputy_code"] == "" {
			t.Errorf("me = %d %v", me.Status, m)
		}
		if _, ok := m["station_codes"]; !ok {
			t.Errorf("me has no station_codes: %v", m)
		}
		if resp := a.Call("GET", "/api/v1/me", "not-a-token", nil); resp.Status != 401 {
			t.Errorf("bad token: %d", resp.Status)
		}
		if resp := a.Call("POST", "/api/v1/auth/logout", tok, nil); resp.Status != 204 {
			t.Errorf("logout: %d", resp.Status)
		}
		if resp := a.Call("GET", "/api/v1/me", tok, nil); resp.Status != 401 {
			t.Errorf("token after logout: %d", resp.Status)
		}
	})
}

func TestDirectoryLists(t *testing.T) {
	apptest.Each(t, apptest.Options{Demo: true}, func(t *testing.T, a *apptest.App) {
		tok := a.Token("unit")
		type list struct {
			Items []map[string]any `json:"items"`
			Total int              `json:"total"`
			Next  int              `json:"next_offset"`
		}
		get := func(path string) list {
			t.Helper()
			resp := a.Call("GET", path, tok, nil)
			if resp.Status != 200 {
				t.Fatalf("%s: %d %s", path, resp.Status, resp.Body)
			}
			var l list
			resp.JSON(t, &l)
			return l
		}
		county := get("/api/v1/deputies?level=county&limit=10")
		if county.Total < 240 || county.Total > 260 || len(county.Items) != 10 || county.Next != 10 {
			t.Errorf("county deputies: total %d, page %d, next %d", county.Total, len(county.Items), county.Next)
		}
		for _, d := range county.Items {
			if d["level"] != "county" {
				t.Errorf("level filter let through %v", d["level"])
			}
			if p, _ := d["phone"].(string); p != "" && !strings.Contains(p, "*") {
				t.Errorf("a unit sees a deputy's phone in full: %s", p)
			}
		}
		page2 := get("/api/v1/deputies?level=county&limit=10&offset=10")
		if page2.Items[0]["id"] == county.Items[0]["id"] {
			t.Error("offset ignored")
		}
		for _, level := range []string{"province", "city", "township"} {
			if l := get("/api/v1/deputies?level=" + level); l.Total == 0 {
				t.Errorf("no %s deputies", level)
			}
		}
		if l := get("/api/v1/deputies?q=" + urlq("盘秀英")); l.Total != 1 {
			t.Errorf("search by name: %d", l.Total)
		}
		if l := get("/api/v1/regions?level=township"); l.Total != 23 {
			t.Errorf("townships: %d", l.Total)
		}
		if l := get("/api/v1/regions?q=" + urlq("塔山")); l.Total < 1 {
			t.Errorf("region search: %d", l.Total)
		}
		if l := get("/api/v1/organizations?handling=true&limit=500"); l.Total < 40 {
			t.Errorf("handling units: %d", l.Total)
		}
		if l := get("/api/v1/organizations?q=" + urlq("住房")); l.Total != 1 {
			t.Errorf("organisation search: %d", l.Total)
		}
	})
}

func urlq(s string) string { return strings.ReplaceAll(urlEscape(s), "+", "%20") }

// TestInvalidInputChangesNothing sends every kind of bad input to the write
// endpoints and checks each answer is a clear problem and nothing was written.
func TestInvalidInputChangesNothing(t *testing.T) {
	apptest.Each(t, apptest.Options{Demo: true}, func(t *testing.T, a *apptest.App) {
		ctx := context.Background()
		tok := a.Token("staff")
		admin := a.Token("admin")
		w := a.World
		valid := `"gender":"女","ethnicity":"汉族","congress_id":"` + w.CountyCongress.ID + `","term_id":"` + w.CountyTerm.ID + `"`
		cases := []struct {
			name, method, path, token, ctype string
			body                             string
			status                           int
			field                            string
		}{
			{"not json", "POST", "/api/v1/deputies", tok, "application/json", `hello`, 400, ""},
			{"wrong content type", "POST", "/api/v1/deputies", tok, "text/plain", `{}`, 422, ""},
			{"empty body", "POST", "/api/v1/deputies", tok, "application/json", ``, 400, ""},
			{"missing fields", "POST", "/api/v1/deputies", tok, "application/json", `{}`, 422, "name"},
			{"wrong type", "POST", "/api/v1/deputies", tok, "application/json", `{"name":5,` + valid + `}`, 422, "name"},
			{"too long", "POST", "/api/v1/deputies", tok, "application/json", `{"name":"` + strings.Repeat("长", 31) + `",` + valid + `}`, 422, "name"},
			{"bad utf-8", "POST", "/api/v1/deputies", tok, "application/json", "{\"name\":\"\xff\xfe\"," + valid + "}", 422, ""},
			{"unknown field", "POST", "/api/v1/deputies", tok, "application/json", `{"nmae":"张三",` + valid + `}`, 422, "nmae"},
			{"unknown id", "POST", "/api/v1/deputies", tok, "application/json", `{"name":"张三","gender":"男","ethnicity":"汉族","congress_id":"01jzzzzzzzzzzzzzzzzzzzzzzz","term_id":"01jzzzzzzzzzzzzzzzzzzzzzzz"}`, 422, "term_id"},
			{"two objects", "POST", "/api/v1/deputies", tok, "application/json", `{"name":"张三",` + valid + `}{}`, 400, ""},
			{"update unknown deputy", "PUT", "/api/v1/deputies/01jzzzzzzzzzzzzzzzzzzzzzzz", tok, "application/json", `{"name":"张三",` + valid + `}`, 404, ""},
			{"update garbage id", "PUT", "/api/v1/deputies/..%2F..%2Fetc", tok, "application/json", `{}`, 404, ""},
			{"bad region level", "POST", "/api/v1/regions", tok, "application/json", `{"code":"430482999","name":"新区","level":"galaxy","valid_from":"2024-01-01"}`, 422, "level"},
			{"bad region date", "POST", "/api/v1/regions", tok, "application/json", `{"code":"430482999","name":"新区","level":"township","valid_from":"2024-13-01"}`, 422, ""},
			{"organisation bad phone", "POST", "/api/v1/organizations", tok, "application/json", `{"code":"new","name":"新单位","kind":"department","contact_phone":"12"}`, 422, "contact_phone"},
			{"organisation duplicate code", "POST", "/api/v1/organizations", tok, "application/json", `{"code":"zjj","name":"另一个住建局","kind":"department"}`, 409, ""},
			{"user weak password", "POST", "/api/v1/users", admin, "application/json", `{"username":"newbie","display_name":"新人","role":"staff","password":"123"}`, 422, "password"},
			{"settings bad value", "PUT", "/api/v1/settings", admin, "application/json", `{"auth.max_failures":"lots"}`, 422, "auth.max_failures"},
			{"settings unknown key", "PUT", "/api/v1/settings", admin, "application/json", `{"no.such.setting":"1"}`, 422, "no.such.setting"},
			{"list bad limit", "GET", "/api/v1/deputies?limit=abc", tok, "", ``, 422, "limit"},
			{"list bad level", "GET", "/api/v1/deputies?level=galaxy", tok, "", ``, 422, "level"},
			{"list bad utf-8 query", "GET", "/api/v1/deputies?q=%FF%FE", tok, "", ``, 422, "q"},
			{"unknown deputy", "GET", "/api/v1/deputies/01jzzzzzzzzzzzzzzzzzzzzzzz", tok, "", ``, 404, ""},
			{"no such endpoint", "GET", "/api/v1/nothing-here", tok, "", ``, 404, ""},
		}
		before, err := a.DB.VerifyAudit(ctx)
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range cases {
			req, _ := http.NewRequest(c.method, a.URL+c.path, strings.NewReader(c.body))
			if c.ctype != "" {
				req.Header.Set("Content-Type", c.ctype)
			}
			req.Header.Set("Authorization", "Bearer "+c.token)
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			var p api.Problem
			decodeJSON(t, resp, &p)
			if resp.StatusCode != c.status {
				t.Errorf("%s: %d, want %d (%s)", c.name, resp.StatusCode, c.status, p.Detail)
				continue
			}
			if !strings.HasPrefix(resp.Header.Get("Content-Type"), "application/problem+json") || p.Detail == "" || p.Status != c.status {
				t.Errorf("%s: not a problem+json with a detail: %+v", c.name, p)
			}
			if !regexp.MustCompile(`\p{Han}`).MatchString(p.Detail) {
				t.Errorf("%s: detail not in Chinese: %q", c.name, p.Detail)
			}
			if c.field != "" {
				found := false
				for _, fe := range p.Errors {
					found = found || fe.Field == c.field
				}
				if !found {
					t.Errorf("%s: errors %v do not name %q", c.name, p.Errors, c.field)
				}
			}
		}
		after, err := a.DB.VerifyAudit(ctx)
		if err != nil {
			t.Fatal(err)
		}
		// Logging in (two tokens) is the only change the test made.
		if after-before != 0 {
			t.Errorf("bad input wrote %d audit records", after-before)
		}
		if _, n, _ := a.DB.Deputies(ctx, w.Admin, renda.DeputyFilter{Q: "张三"}); n != 0 {
			t.Errorf("bad input created %d deputies", n)
		}
	})
}

func TestCreateAndUpdateDeputy(t *testing.T) {
	apptest.Each(t, apptest.Options{Demo: true}, func(t *testing.T, a *apptest.App) {
		tok := a.Token("staff")
		w := a.World
		body := map[string]any{"name": "向阳花", "gender": "女", "ethnicity": "瑶族", "birth_year": 1988, "congress_id": w.CountyCongress.ID,
			"term_id": w.CountyTerm.ID, "delegation_id": w.Delegations[w.TownByName["塔山瑶族乡"].ID].ID, "phone": "13912345678"}
		resp := a.Call("POST", "/api/v1/deputies", tok, body)
		if resp.Status != 201 {
			t.Fatalf("create: %d %s", resp.Status, resp.Body)
		}
		d := resp.Map(t)
		id := d["id"].(string)
		if d["phone"] != "13912345678" || resp.Header.Get("Location") != "/api/v1/deputies/"+id {
			t.Errorf("created = %v, Location %q", d, resp.Header.Get("Location"))
		}
		body["occupation"] = "塔山瑶族乡茶农"
		if resp := a.Call("PUT", "/api/v1/deputies/"+id, tok, body); resp.Status != 200 {
			t.Fatalf("update: %d %s", resp.Status, resp.Body)
		}
		got := a.Call("GET", "/api/v1/deputies/"+id, a.Token("leader"), nil).Map(t)
		if got["occupation"] != "塔山瑶族乡茶农" || got["phone"] != "139****5678" {
			t.Errorf("leader sees %v / %v", got["occupation"], got["phone"])
		}
		h := got["history"].([]any)
		if len(h) != 2 || h[0].(map[string]any)["action"] != "create" || h[1].(map[string]any)["action"] != "update" {
			t.Errorf("history = %v", h)
		}
	})
}

// TestOpenAPIMatchesRoutes keeps /api/v1/openapi.json in step with the mux:
// every route is documented, every documented operation is served.
func TestOpenAPIMatchesRoutes(t *testing.T) {
	a := apptest.New(t, apptest.Options{Dialect: store.SQLite, Demo: true})
	resp := a.Call("GET", "/api/v1/openapi.json", "", nil)
	if resp.Status != 200 {
		t.Fatalf("openapi.json: %d", resp.Status)
	}
	var doc struct {
		OpenAPI string                               `json:"openapi"`
		Paths   map[string]map[string]map[string]any `json:"paths"`
	}
	resp.JSON(t, &doc)
	if !strings.HasPrefix(doc.OpenAPI, "3.") {
		t.Errorf("openapi = %q", doc.OpenAPI)
	}
	documented := map[string]bool{}
	for path, ops := range doc.Paths {
		for method := range ops {
			documented[strings.ToUpper(method)+" "+path] = true
		}
	}
	routes := api.New(a.DB, api.Config{BaseURL: a.URL}, nil).Routes()
	served := map[string]bool{}
	for _, rt := range routes {
		key := rt.Method + " " + rt.Path
		served[key] = true
		if !documented[key] {
			t.Errorf("route %s is not in openapi.json", key)
			continue
		}
		// x-renda-roles is who the router admits: the route's roles, or ["public"].
		var got []string
		raw, ok := doc.Paths[rt.Path][strings.ToLower(rt.Method)]["x-renda-roles"].([]any)
		for _, v := range raw {
			s, _ := v.(string)
			got = append(got, s)
		}
		want := []string{"public"}
		if !rt.Public {
			want = nil
			for _, r := range rt.Roles {
				want = append(want, string(r))
			}
		}
		slices.Sort(got)
		slices.Sort(want)
		if !ok || len(got) == 0 || !slices.Equal(got, want) {
			t.Errorf("%s: x-renda-roles %v, the route admits %v", key, raw, want)
		}
		for _, name := range got {
			if name != "public" && !renda.Role(name).Valid() || name == "public" && len(got) > 1 {
				t.Errorf("%s: x-renda-roles %v: %q is not a role", key, got, name)
			}
		}
	}
	// Every operation documented has x-renda-roles, served or not.
	for path, ops := range doc.Paths {
		for method, op := range ops {
			if _, ok := op["x-renda-roles"].([]any); !ok {
				t.Errorf("%s %s has no x-renda-roles", strings.ToUpper(method), path)
			}
		}
	}
	for key := range documented {
		if !served[key] {
			t.Errorf("openapi.json documents %s, which is not served", key)
		}
	}
	// Every documented operation reaches a handler (not the mux's 404/405).
	tok := a.Token("admin")
	for key := range documented {
		method, path, _ := strings.Cut(key, " ")
		p := regexp.MustCompile(`\{[a-z_]+\}`).ReplaceAllString(path, "01jzzzzzzzzzzzzzzzzzzzzzzz")
		var body any
		if method != "GET" {
			body = "{}"
		}
		r := a.Call(method, p, tok, body)
		if r.Status == 405 || (r.Status == 404 && strings.Contains(string(r.Body), "没有这个接口")) {
			t.Errorf("%s is documented but not routed: %d", key, r.Status)
		}
	}
	if len(routes) < 20 {
		t.Errorf("only %d routes", len(routes))
	}
}
