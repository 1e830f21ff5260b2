package api_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"renda"
	"renda/internal/api"
	"renda/internal/apptest"
	"renda/internal/demo"
	"renda/internal/notify"
	"renda/internal/store"
	"renda/opinion"
	"renda/station"
)

// signedPost posts body to path signed with secret as 12345 signs
// (timestamp, fresh nonce, signature; "" sends no signature).
func signedPost(t *testing.T, a *apptest.App, path, secret string, body []byte) *apptest.Response {
	t.Helper()
	req, err := http.NewRequest("POST", a.URL+path, bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	if secret != "" {
		now := time.Now()
		if a.Clock != nil {
			now = a.Clock.Now()
		}
		notify.SetSignature(req.Header, secret, now, body)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return &apptest.Response{Status: resp.StatusCode, Header: resp.Header, Body: b}
}

func orderJSON(number, region string) []byte {
	b, _ := json.Marshal(map[string]string{"number": number, "channel": "电话", "received_at": "2026-11-20T09:30:00+08:00",
		"region_code": region, "type": "求助", "content": "来电人反映：村里自来水停水两天了。", "due": "2026-11-27T18:00:00+08:00"})
	return b
}

func TestStationsAndMe(t *testing.T) {
	a := apptest.New(t, apptest.Options{Dialect: store.SQLite, Demo: true})
	resp := a.Call("GET", "/api/v1/stations?limit=500", "", nil)
	if resp.Status != 200 {
		t.Fatalf("stations: %d %s", resp.Status, resp.Body)
	}
	var list struct {
		Items []station.Station `json:"items"`
		Total int               `json:"total"`
	}
	resp.JSON(t, &list)
	var codes []string
	for _, s := range list.Items {
		codes = append(codes, s.Code)
	}
	if list.Total < 50 || !slices.Contains(codes, demo.TashanStation) || !slices.Contains(codes, demo.TeaStation) {
		t.Errorf("stations: %d %v", list.Total, codes[:5])
	}
	me := a.Call("GET", "/api/v1/me", a.Token("deputy"), nil).Map(t)
	sc, _ := me["station_codes"].([]any)
	if !slices.ContainsFunc(sc, func(v any) bool { return v == demo.TashanStation }) || me["deputy_code"] != "dtashan01" {
		t.Errorf("me: %v", me)
	}
	one := a.Call("GET", "/api/v1/stations/"+demo.TashanStation, "", nil)
	if one.Status != 200 || !strings.Contains(string(one.Body), "盘秀英") {
		t.Errorf("station: %d %s", one.Status, one.Body)
	}
	if r := a.Call("GET", "/api/v1/stations/no-such", "", nil); r.Status != 404 {
		t.Errorf("unknown station: %d", r.Status)
	}
	if r := a.Call("GET", "/api/v1/stations/%E4%B8%AD", "", nil); r.Status != 404 {
		t.Errorf("bad code: %d", r.Status)
	}
}

func TestOpinionAPIFromSubmissionToRating(t *testing.T) {
	apptest.Each(t, apptest.Options{Demo: true}, func(t *testing.T, a *apptest.App) {
		ctx := context.Background()
		before, _ := a.DB.VerifyAudit(ctx)
		for _, c := range []struct {
			name string
			body any
			code int
		}{
			{"empty", "{}", 422},
			{"not json", "station=x", 400},
			{"bad utf-8", []byte("{\"station\":\"stashan\",\"content\":\"\xff\xfe\"}"), 422},
			{"wrong type", `{"station":"stashan","content":5}`, 422},
			{"unknown field", `{"station":"stashan","content":"路灯坏了三个月","secret":1}`, 422},
			{"too short", map[string]string{"station": demo.TashanStation, "content": "路灯"}, 422},
			{"too long", map[string]string{"station": demo.TashanStation, "content": strings.Repeat("长", 2001)}, 422},
			{"no station", map[string]string{"content": "路灯坏了三个月没人修"}, 422},
			{"unknown station", map[string]string{"station": "snone", "content": "路灯坏了三个月没人修"}, 422},
			{"bad phone", map[string]string{"station": demo.TashanStation, "content": "路灯坏了三个月没人修", "phone": "12345"}, 422},
			{"deputy elsewhere", map[string]string{"station": demo.TashanStation, "deputy": "dyiyang02", "content": "路灯坏了三个月没人修"}, 422},
			{"no consent", map[string]any{"station": demo.TashanStation, "content": "路灯坏了三个月没人修", "consent": false}, 422},
		} {
			resp := a.Call("POST", "/api/v1/opinions", "", c.body)
			if resp.Status != c.code {
				t.Errorf("%s: %d, want %d: %s", c.name, resp.Status, c.code, resp.Body)
			} else if p := resp.Map(t); !regexp.MustCompile(`\p{Han}`).MatchString(p["detail"].(string)) {
				t.Errorf("%s: detail not in Chinese: %v", c.name, p["detail"])
			}
		}
		if after, _ := a.DB.VerifyAudit(ctx); after != before {
			t.Errorf("refused submissions wrote %d audit records", after-before)
		}
		resp := a.Call("POST", "/api/v1/opinions", "", map[string]string{"station": demo.TashanStation, "deputy": "dtashan01",
			"content": "塔山村到乡政府的路有几处塌方，请尽快修复。", "category": "道路交通", "name": "赵六", "phone": "13811112222"})
		if resp.Status != 201 {
			t.Fatalf("submit: %d %s", resp.Status, resp.Body)
		}
		code := resp.Map(t)["tracking_code"].(string)
		if len(code) != 8 || strings.Contains(string(resp.Body), "13811112222") {
			t.Fatalf("created: %s", resp.Body)
		}
		// Following it: the right tail, a wrong one, none.
		if r := a.Call("GET", "/api/v1/opinions/track/"+code+"?phone_tail=0000", "", nil); r.Status != 404 {
			t.Errorf("wrong tail: %d", r.Status)
		}
		if r := a.Call("GET", "/api/v1/opinions/track/"+code, "", nil); r.Status != 404 {
			t.Errorf("no tail: %d", r.Status)
		}
		tr := a.Call("GET", "/api/v1/opinions/track/"+strings.ToLower(code)+"?phone_tail=2222", "", nil)
		if tr.Status != 200 || tr.Map(t)["state"] != "submitted" || strings.Contains(string(tr.Body), "1381111") || strings.Contains(string(tr.Body), "赵六") {
			t.Fatalf("track: %d %s", tr.Status, tr.Body)
		}
		// The deputy's inbox has it, in full; the unit's does not.
		dep := a.Token("deputy")
		var inbox struct{ Items []opinion.Opinion }
		a.Call("GET", "/api/v1/opinions?state=submitted&limit=500", dep, nil).JSON(t, &inbox)
		var id string
		for _, o := range inbox.Items {
			if o.TrackingCode == code {
				id = o.ID
				if o.Phone != "13811112222" || o.Name != "赵六" {
					t.Errorf("handler sees %q %q", o.Name, o.Phone)
				}
			}
		}
		if id == "" {
			t.Fatal("not in the deputy's inbox")
		}
		if r := a.Call("GET", "/api/v1/opinions/"+id, a.Token("unit"), nil); r.Status != 404 {
			t.Errorf("unit sees it: %d", r.Status)
		}
		if r := a.Call("POST", "/api/v1/opinions/"+id+"/actions/answer", a.Token("deputy2"), map[string]string{"text": "x"}); r.Status != 404 {
			t.Errorf("another deputy answers: %d", r.Status)
		}
		if r := a.Call("POST", "/api/v1/opinions/"+id+"/actions/fly", dep, map[string]string{}); r.Status != 404 {
			t.Errorf("unknown action: %d", r.Status)
		}
		if r := a.Call("POST", "/api/v1/opinions/"+id+"/actions/close", dep, map[string]string{"reason": "不存在的理由", "text": "说明"}); r.Status != 422 {
			t.Errorf("bad close reason: %d %s", r.Status, r.Body)
		}
		if r := a.Call("POST", "/api/v1/opinions/"+id+"/actions/forward", dep, map[string]string{"to": "unit", "org_id": "01jzzzzzzzzzzzzzzzzzzzzzzz"}); r.Status != 422 {
			t.Errorf("forward to an unknown unit: %d %s", r.Status, r.Body)
		}
		ans := a.Call("POST", "/api/v1/opinions/"+id+"/actions/answer", dep, map[string]string{"text": "已协调交通运输局，下周抢修。"})
		if ans.Status != 200 || ans.Map(t)["state"] != "answered" {
			t.Fatalf("answer: %d %s", ans.Status, ans.Body)
		}
		if r := a.Call("POST", "/api/v1/opinions/"+id+"/actions/answer", dep, map[string]string{"text": "again"}); r.Status != 409 {
			t.Errorf("answer twice: %d", r.Status)
		}
		// The citizen rates it.
		if r := a.Call("POST", "/api/v1/opinions/rating", "", map[string]string{"tracking_code": code, "phone_tail": "2222", "rating": "great"}); r.Status != 422 {
			t.Errorf("bad rating: %d %s", r.Status, r.Body)
		}
		rate := a.Call("POST", "/api/v1/opinions/rating", "", map[string]string{"tracking_code": code, "phone_tail": "2222", "rating": "satisfied"})
		if rate.Status != 200 || rate.Map(t)["state"] != "closed" {
			t.Fatalf("rate: %d %s", rate.Status, rate.Body)
		}
		if r := a.Call("POST", "/api/v1/opinions/rating", "", map[string]string{"tracking_code": code, "phone_tail": "2222", "rating": "satisfied"}); r.Status != 409 {
			t.Errorf("rate twice: %d", r.Status)
		}
	})
}

func TestOpinionRateLimits(t *testing.T) {
	a := apptest.New(t, apptest.Options{Dialect: store.SQLite, Demo: true})
	admin := a.Token("admin")
	if r := a.Call("PUT", "/api/v1/settings", admin, map[string]string{"opinion.rate_ip_per_hour": "3", "opinion.rate_phone_per_day": "2", "opinion.track_misses": "3"}); r.Status != 204 {
		t.Fatalf("settings: %d %s", r.Status, r.Body)
	}
	post := func(phone string) *apptest.Response {
		return a.Call("POST", "/api/v1/opinions", "", map[string]string{"station": demo.TashanStation, "content": "村里的垃圾没人清运，天热很臭。", "phone": phone})
	}
	for i, want := range []int{201, 201, 429} {
		if r := post("13900000001"); r.Status != want {
			t.Errorf("phone submission %d: %d, want %d: %s", i+1, r.Status, want, r.Body)
		} else if want == 429 && !strings.Contains(string(r.Body), "24 小时内最多提交 2 条") {
			t.Errorf("429 message: %s", r.Body)
		}
	}
	// The third from this address (the refused one did not count).
	if r := post(""); r.Status != 201 {
		t.Errorf("third from the address: %d %s", r.Status, r.Body)
	}
	if r := post(""); r.Status != 429 || !strings.Contains(string(r.Body), "一小时内最多提交 3 条") {
		t.Errorf("fourth from the address: %d %s", r.Status, r.Body)
	}
	// Guessing tracking codes is throttled too.
	for i := range 4 {
		r := a.Call("GET", "/api/v1/opinions/track/ABCDEFGH?phone_tail=1234", "", nil)
		want := 404
		if i == 3 {
			want = 429
		}
		if r.Status != want {
			t.Errorf("guess %d: %d, want %d", i+1, r.Status, want)
		}
	}
}

// TestTrackingCodeMisses: an unknown code, with or without a phone tail, is
// 404; the 21st miss from one address within 10 minutes is 429 (default
// settings); the count forgets misses older than the window.
func TestTrackingCodeMisses(t *testing.T) {
	apptest.Each(t, apptest.Options{Demo: true, Start: time.Date(2026, 3, 2, 9, 0, 0, 0, renda.CST)}, func(t *testing.T, a *apptest.App) {
		for i := range 21 {
			path := "/api/v1/opinions/track/ABCDEFG" + string(rune('A'+i%20))
			if i%2 == 1 {
				path += "?phone_tail=1234"
			}
			r := a.Call("GET", path, "", nil)
			want := 404
			if i == 20 {
				want = 429
			}
			if r.Status != want {
				t.Errorf("miss %d (%s): %d, want %d: %s", i+1, path, r.Status, want, r.Body)
			}
			if r.Status != 200 && !strings.HasPrefix(r.Header.Get("Content-Type"), "application/problem+json") {
				t.Errorf("miss %d: %s", i+1, r.Header.Get("Content-Type"))
			}
			a.Clock.Advance(20 * time.Second)
		}
		a.Clock.Advance(10 * time.Minute)
		if r := a.Call("GET", "/api/v1/opinions/track/ABCDEFGH", "", nil); r.Status != 404 {
			t.Errorf("after the window: %d, want 404", r.Status)
		}
	})
}

func TestHotlineOrdersSignedAndIdempotent(t *testing.T) {
	apptest.Each(t, apptest.Options{Demo: true}, func(t *testing.T, a *apptest.App) {
		body := orderJSON("CN2611200001", "430482206")
		if r := signedPost(t, a, "/api/v1/hotline/orders", "", body); r.Status != 401 {
			t.Errorf("unsigned: %d %s", r.Status, r.Body)
		}
		if r := signedPost(t, a, "/api/v1/hotline/orders", "wrong-secret", body); r.Status != 401 || !strings.HasPrefix(r.Header.Get("Content-Type"), "application/problem+json") {
			t.Errorf("forged: %d %s", r.Status, r.Body)
		}
		// A body changed after signing is refused too.
		req, _ := http.NewRequest("POST", a.URL+"/api/v1/hotline/orders", bytes.NewReader(orderJSON("CN2611200009", "430482206")))
		notify.SetSignature(req.Header, api.DemoHotlineSecret, time.Now(), body)
		if resp, err := http.DefaultClient.Do(req); err != nil || resp.StatusCode != 401 {
			t.Errorf("tampered body: %v %v", resp.StatusCode, err)
		}
		first := signedPost(t, a, "/api/v1/hotline/orders", api.DemoHotlineSecret, body)
		if first.Status != 201 {
			t.Fatalf("new order: %d %s", first.Status, first.Body)
		}
		again := signedPost(t, a, "/api/v1/hotline/orders", api.DemoHotlineSecret, body)
		if again.Status != 200 || again.Map(t)["id"] != first.Map(t)["id"] {
			t.Fatalf("repeat: %d %s", again.Status, again.Body)
		}
		_, n, err := a.DB.HotlineOrders(context.Background(), a.World.Staff, store.HotlineFilter{Q: "CN2611200001"})
		if err != nil || n != 1 {
			t.Errorf("orders with the number: %d %v", n, err)
		}
		for _, c := range []struct{ name, body string }{
			{"bad region", string(orderJSON("CN2611200002", "999999999"))},
			{"bad type", strings.Replace(string(orderJSON("CN2611200003", "430482206")), "求助", "闲聊", 1)},
			{"bad time", strings.Replace(string(orderJSON("CN2611200004", "430482206")), "2026-11-20T09:30:00+08:00", "昨天", 1)},
			{"unknown field", strings.Replace(string(orderJSON("CN2611200005", "430482206")), `"type"`, `"extra":1,"type"`, 1)},
		} {
			if r := signedPost(t, a, "/api/v1/hotline/orders", api.DemoHotlineSecret, []byte(c.body)); r.Status != 422 {
				t.Errorf("%s: %d %s", c.name, r.Status, r.Body)
			}
		}
		// The stationed deputy sees it; staff too; the list of orders is staff-only.
		var inbox struct{ Items []opinion.Opinion }
		a.Call("GET", "/api/v1/opinions?channel=hotline&pool=true&limit=500", a.Token("deputy"), nil).JSON(t, &inbox)
		if !slices.ContainsFunc(inbox.Items, func(o opinion.Opinion) bool { return o.HotlineNumber == "CN2611200001" }) {
			t.Errorf("the 塔山 deputy does not see the order")
		}
		var other struct{ Items []opinion.Opinion }
		a.Call("GET", "/api/v1/opinions?channel=hotline&limit=500", a.Token("deputy2"), nil).JSON(t, &other)
		if slices.ContainsFunc(other.Items, func(o opinion.Opinion) bool { return o.HotlineNumber == "CN2611200001" }) {
			t.Errorf("a deputy of another township sees the order")
		}
		if r := a.Call("GET", "/api/v1/hotline/orders?q=CN2611200001", a.Token("staff"), nil); r.Status != 200 || !strings.Contains(string(r.Body), "CN2611200001") {
			t.Errorf("orders list: %d", r.Status)
		}
		// A configured integration's secret works as well (outside demo too).
		secret, err := a.DB.CreateIntegration(context.Background(), a.World.Admin, &opinion.Integration{Kind: "hotline", Name: "12345 平台"})
		if err != nil {
			t.Fatal(err)
		}
		if r := signedPost(t, a, "/api/v1/hotline/orders", secret, orderJSON("CN2611200006", "430482101")); r.Status != 201 {
			t.Errorf("integration secret: %d %s", r.Status, r.Body)
		}
	})
}

// TestHotlineDemoSecretOnlyInDemo: a deployment that is not the demo refuses the demo secret.
func TestHotlineDemoSecretOnlyInDemo(t *testing.T) {
	a := apptest.New(t, apptest.Options{Dialect: store.SQLite})
	if r := signedPost(t, a, "/api/v1/hotline/orders", api.DemoHotlineSecret, orderJSON("CN1", "430482206")); r.Status != 401 {
		t.Errorf("demo secret outside the demo: %d %s", r.Status, r.Body)
	}
	form := url.Values{"api_key": {api.DemoOpen311Key}, "service_code": {opinion.CategoryCode("道路交通")}, "address_string": {"x"}, "description": {"路面坑洼很多需要修补"}}
	resp, err := http.PostForm(a.URL+"/open311/v2/requests.json", form)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 403 {
		t.Errorf("demo api_key outside the demo: %d", resp.StatusCode)
	}
}

// TestHotlineOutboundSurvivesAnOutage: opinions forwarded to 12345 and the
// results of its orders leave through the outbox; while the platform is
// down nothing is lost, and once it recovers each is delivered once.
func TestHotlineOutboundSurvivesAnOutage(t *testing.T) {
	apptest.Each(t, apptest.Options{Demo: true, Start: time.Date(2026, 3, 2, 9, 0, 0, 0, renda.CST)}, func(t *testing.T, a *apptest.App) {
		ctx := context.Background()
		dep := a.Token("deputy")
		// An order from 12345, claimed and answered by the stationed deputy: the result goes back.
		if r := signedPost(t, a, "/api/v1/hotline/orders", api.DemoHotlineSecret, orderJSON("CN2603020001", "430482206")); r.Status != 201 {
			t.Fatalf("order: %d %s", r.Status, r.Body)
		}
		var inbox struct{ Items []opinion.Opinion }
		a.Call("GET", "/api/v1/opinions?q=CN2603020001", dep, nil).JSON(t, &inbox)
		if len(inbox.Items) != 1 {
			t.Fatalf("inbox: %+v", inbox)
		}
		order := inbox.Items[0].ID
		for _, step := range []struct{ action, text string }{{"claim", ""}, {"answer", "已协调自来水公司抢修，今日恢复供水。"}} {
			if r := a.Call("POST", "/api/v1/opinions/"+order+"/actions/"+step.action, dep, map[string]string{"text": step.text}); r.Status != 200 {
				t.Fatalf("%s: %d %s", step.action, r.Status, r.Body)
			}
		}
		// A citizen's opinion forwarded by the deputy to 12345.
		resp := a.Call("POST", "/api/v1/opinions", "", map[string]string{"station": demo.TashanStation, "deputy": "dtashan01", "content": "塔山村桥头护栏损坏，存在安全隐患。"})
		code := resp.Map(t)["tracking_code"].(string)
		var mine struct{ Items []opinion.Opinion }
		a.Call("GET", "/api/v1/opinions?q="+code, dep, nil).JSON(t, &mine)
		fwd := a.Call("POST", "/api/v1/opinions/"+mine.Items[0].ID+"/actions/forward", dep, map[string]any{"to": "hotline", "complex": true, "text": "请派单处理"})
		if fwd.Status != 200 {
			t.Fatalf("forward: %d %s", fwd.Status, fwd.Body)
		}
		// The platform is down.
		a.Sent.Fail(errors.New("connection refused"))
		for range 3 {
			if _, err := a.Jobs.Deliver(ctx); err != nil {
				t.Fatal(err)
			}
			a.Clock.Advance(10 * time.Minute)
		}
		pending, _, err := a.DB.Outbox(ctx, store.OutboxFilter{Channel: "hotline", Status: renda.MessagePending})
		if err != nil || len(pending) != 2 || pending[0].Attempts < 2 {
			t.Fatalf("pending while down: %+v %v", pending, err)
		}
		// It recovers.
		a.Sent.Fail(nil)
		a.Clock.Advance(2 * time.Hour)
		if _, err := a.Jobs.Deliver(ctx); err != nil {
			t.Fatal(err)
		}
		a.Clock.Advance(2 * time.Hour)
		if _, err := a.Jobs.Deliver(ctx); err != nil {
			t.Fatal(err)
		}
		var got []renda.Message
		for _, m := range a.Sent.Messages() {
			if m.Channel == "hotline" {
				got = append(got, m)
			}
		}
		if len(got) != 2 {
			t.Fatalf("delivered %d hotline messages, want 2 (each once)", len(got))
		}
		kinds := map[string]bool{}
		for _, m := range got {
			var body struct{ Kind, Number, Ref, Result string }
			if err := json.Unmarshal([]byte(m.Body), &body); err != nil {
				t.Fatalf("body %s: %v", m.Body, err)
			}
			kinds[body.Kind] = true
			if body.Kind == "result" && (body.Number != "CN2603020001" || !strings.Contains(body.Result, "恢复供水")) {
				t.Errorf("result: %s", m.Body)
			}
		}
		if !kinds["result"] || !kinds["forward"] {
			t.Errorf("kinds %v", kinds)
		}
		// 12345 reports back on the forwarded item, once even if it repeats.
		reply, _ := json.Marshal(map[string]string{"ref": mine.Items[0].ID, "event": "replied", "text": "已更换护栏。", "at": "2026-03-03T10:00:00+08:00"})
		for i, want := range []bool{true, false} {
			r := signedPost(t, a, "/api/v1/hotline/replies", api.DemoHotlineSecret, reply)
			if r.Status != 200 || r.Map(t)["applied"] != want {
				t.Errorf("reply %d: %d %s", i+1, r.Status, r.Body)
			}
		}
		o := a.Call("GET", "/api/v1/opinions/"+mine.Items[0].ID, dep, nil).Map(t)
		if o["state"] != "replied" || o["unit_reply"] != "已更换护栏。" {
			t.Errorf("after the platform's reply: %v %v", o["state"], o["unit_reply"])
		}
	})
}

// open311 calls the Open311 API.
func open311(t *testing.T, a *apptest.App, method, path string, form url.Values) (int, []byte) {
	t.Helper()
	var resp *http.Response
	var err error
	if method == "POST" {
		resp, err = http.PostForm(a.URL+path, form)
	} else {
		resp, err = http.Get(a.URL + path)
	}
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if !strings.HasPrefix(resp.Header.Get("Content-Type"), "application/json") {
		t.Errorf("%s %s: content type %q", method, path, resp.Header.Get("Content-Type"))
	}
	return resp.StatusCode, b
}

func TestOpen311(t *testing.T) {
	apptest.Each(t, apptest.Options{Demo: true}, func(t *testing.T, a *apptest.App) {
		status, body := open311(t, a, "GET", "/open311/v2/discovery.json", nil)
		var disc struct {
			Endpoints []struct{ Specification, URL string }
		}
		if err := json.Unmarshal(body, &disc); status != 200 || err != nil || len(disc.Endpoints) != 1 || disc.Endpoints[0].URL != a.URL+"/open311/v2" {
			t.Errorf("discovery: %d %s", status, body)
		}
		status, body = open311(t, a, "GET", "/open311/v2/services.json", nil)
		var services []map[string]any
		if err := json.Unmarshal(body, &services); status != 200 || err != nil || len(services) < 5 {
			t.Fatalf("services: %d %s", status, body)
		}
		for _, k := range []string{"service_code", "service_name", "description", "metadata", "type", "keywords", "group"} {
			if _, ok := services[0][k]; !ok {
				t.Errorf("service lacks %s: %v", k, services[0])
			}
		}
		road := opinion.CategoryCode("道路交通")
		status, body = open311(t, a, "GET", "/open311/v2/services/"+road+".json", nil)
		if status != 200 || !strings.Contains(string(body), `"code":"station"`) || !strings.Contains(string(body), `"datatype":"singlevaluelist"`) {
			t.Errorf("definition: %d %s", status, body)
		}
		errArray := func(name string, status, want int, body []byte) {
			t.Helper()
			var errs []struct {
				Code        int    `json:"code"`
				Description string `json:"description"`
			}
			if status != want || json.Unmarshal(body, &errs) != nil || len(errs) == 0 || errs[0].Code != want || errs[0].Description == "" {
				t.Errorf("%s: %d %s, want %d with [{code, description}]", name, status, body, want)
			}
		}
		status, body = open311(t, a, "GET", "/open311/v2/services/cnope.json", nil)
		errArray("unknown service", status, 404, body)
		status, body = open311(t, a, "GET", "/open311/v2/services.json?jurisdiction_id=sfgov.org", nil)
		errArray("other jurisdiction", status, 404, body)
		good := url.Values{"api_key": {api.DemoOpen311Key}, "service_code": {road}, "lat": {"26.19"}, "long": {"112.33"}, "attribute[station]": {demo.TashanStation},
			"description": {"塔山村公路边坡塌方，挡住半幅路面。"}, "first_name": {"小明"}, "last_name": {"赵"}, "phone": {"13700001111"}}
		for name, c := range map[string]struct {
			change map[string]string
			want   int
		}{
			"no key":          {map[string]string{"api_key": ""}, 403},
			"bad key":         {map[string]string{"api_key": "guess"}, 403},
			"no service":      {map[string]string{"service_code": ""}, 400},
			"unknown service": {map[string]string{"service_code": "cnope"}, 404},
			"no location":     {map[string]string{"lat": "", "long": ""}, 400},
			"half location":   {map[string]string{"long": ""}, 400},
			"no description":  {map[string]string{"description": ""}, 400},
		} {
			f := url.Values{}
			for k, v := range good {
				f[k] = v
			}
			for k, v := range c.change {
				if v == "" {
					f.Del(k)
				} else {
					f.Set(k, v)
				}
			}
			status, body := open311(t, a, "POST", "/open311/v2/requests.json", f)
			errArray(name, status, c.want, body)
		}
		status, body = open311(t, a, "POST", "/open311/v2/requests.json", good)
		var created []struct {
			ID        string  `json:"service_request_id"`
			Notice    string  `json:"service_notice"`
			AccountID *string `json:"account_id"`
		}
		if err := json.Unmarshal(body, &created); status != 201 || err != nil || len(created) != 1 || created[0].ID == "" || !strings.Contains(created[0].Notice, "塔山") {
			t.Fatalf("create: %d %s", status, body)
		}
		id := created[0].ID
		status, body = open311(t, a, "GET", "/open311/v2/requests/"+id+".json", nil)
		var one []map[string]any
		if err := json.Unmarshal(body, &one); status != 200 || err != nil || len(one) != 1 {
			t.Fatalf("request: %d %s", status, body)
		}
		r := one[0]
		for _, k := range []string{"service_request_id", "status", "status_notes", "service_name", "service_code", "description", "agency_responsible",
			"service_notice", "requested_datetime", "updated_datetime", "expected_datetime", "address", "address_id", "zipcode", "lat", "long", "media_url"} {
			if _, ok := r[k]; !ok {
				t.Errorf("request lacks %s", k)
			}
		}
		if r["status"] != "open" || r["service_code"] != road || r["lat"] != 26.19 || strings.Contains(string(body), "13700001111") || strings.Contains(string(body), "赵小明") {
			t.Errorf("request: %s", body)
		}
		status, body = open311(t, a, "GET", "/open311/v2/requests/01jzzzzzzzzzzzzzzzzzzzzzzz.json", nil)
		errArray("unknown request", status, 404, body)
		status, body = open311(t, a, "GET", "/open311/v2/requests.json?status=open&service_code="+road, nil)
		if status != 200 || !strings.Contains(string(body), id) {
			t.Errorf("list open: %d %s", status, body)
		}
		status, body = open311(t, a, "GET", "/open311/v2/requests.json?status=closed", nil)
		if status != 200 || strings.Contains(string(body), id) {
			t.Errorf("list closed: %d", status)
		}
		status, body = open311(t, a, "GET", "/open311/v2/requests.json?status=pending", nil)
		errArray("bad status", status, 400, body)
		status, body = open311(t, a, "GET", "/open311/v2/requests.json?start_date=2020-01-01T00:00:00Z&end_date=2021-01-01T00:00:00Z", nil)
		errArray("span over 90 days", status, 400, body)
		// Only Open311 requests are listed: the demo's QR opinions are not.
		status, body = open311(t, a, "GET", "/open311/v2/requests.json", nil)
		var all []map[string]any
		if err := json.Unmarshal(body, &all); status != 200 || err != nil || len(all) == 0 {
			t.Fatalf("list: %d %s", status, body)
		}
		// The deputy answers: the request closes, the answer in status_notes.
		dep := a.Token("deputy")
		o := a.Call("GET", "/api/v1/opinions/"+id, dep, nil)
		if o.Status != 200 {
			t.Fatalf("the nearest station's deputy has no request: %d %s", o.Status, o.Body)
		}
		if r := a.Call("POST", "/api/v1/opinions/"+id+"/actions/answer", dep, map[string]string{"text": "已请公路部门清理塌方。"}); r.Status != 200 {
			t.Fatalf("answer: %d %s", r.Status, r.Body)
		}
		_, body = open311(t, a, "GET", "/open311/v2/requests/"+id+".json", nil)
		if !strings.Contains(string(body), `"status":"closed"`) || !strings.Contains(string(body), "已请公路部门清理塌方") {
			t.Errorf("after answer: %s", body)
		}
	})
}
