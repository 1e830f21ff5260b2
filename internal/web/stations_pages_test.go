package web_test

import (
	"bytes"
	"context"
	"mime/multipart"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"renda"
	"renda/internal/apptest"
	"renda/internal/demo"
	"renda/internal/store"
	"renda/internal/xlsx"
	"renda/opinion"
)

var stationLink = regexp.MustCompile(`^/stations/([0-9a-z]+)$`)

// TestStationManagementPages: staff keep a station (errors in Chinese, input
// kept), its deputies, its rota (announced ahead), and its log, whose
// matters become opinions; deputies of other stations may not write to it.
func TestStationManagementPages(t *testing.T) {
	a := apptest.New(t, apptest.Options{Dialect: store.SQLite, Demo: true})
	ctx := context.Background()
	w := a.World
	staff := a.Browser("staff")
	staff.Get("/stations/new")
	town := w.TownByName["兰江乡"]
	form := url.Values{"name": {"兰江乡应伏村人大代表联络点"}, "kind": {"village"}, "region_id": {town.ID}, "address": {""},
		"lat": {"26.3"}, "code": {"Bad Code!"}, "active": {"on"}}
	r := staff.Post("/stations", form)
	body := string(r.Body)
	if r.Status != 422 || !strings.Contains(body, "请填写地址") || !strings.Contains(body, "站点代码只能由") || !strings.Contains(body, "经度和纬度须同时填写") ||
		!strings.Contains(body, "应伏村人大代表联络点") {
		t.Fatalf("bad station: %d %s", r.Status, regexp.MustCompile(`(?s)<main.*</main>`).Find(r.Body))
	}
	form.Set("address", "应伏村党群服务中心")
	form.Set("lng", "112.5")
	form.Set("code", "syingfu")
	r = staff.Post("/stations", form)
	m := stationLink.FindStringSubmatch(r.Header.Get("Location"))
	if r.Status != http.StatusSeeOther || m == nil {
		t.Fatalf("create: %d %s", r.Status, r.Body)
	}
	id := m[1]
	page := staff.Get("/stations/" + id)
	if page.Status != 200 || !strings.Contains(string(page.Body), "syingfu/qr.svg") {
		t.Fatalf("station page: %d", page.Status)
	}
	// Deputies: by code, a head who is not one of them is refused.
	if r := staff.Post("/stations/"+id+"/deputies", url.Values{"codes": {"dtashan01, nobody"}}); r.Status != 422 || !strings.Contains(string(r.Body), "没有代码为“nobody”的代表") {
		t.Errorf("unknown code: %d", r.Status)
	}
	if r := staff.Post("/stations/"+id+"/deputies", url.Values{"codes": {"dtashan01"}, "head": {w.Deputy2.DeputyID}}); r.Status != 422 || !strings.Contains(string(r.Body), "站长须是本站的进站代表") {
		t.Errorf("head elsewhere: %d", r.Status)
	}
	if r := staff.Post("/stations/"+id+"/deputies", url.Values{"codes": {"dtashan01"}, "head": {w.Deputy1.DeputyID}}); r.Status != http.StatusSeeOther {
		t.Fatalf("members: %d %s", r.Status, r.Body)
	}
	// The rota is announced at least 3 days ahead.
	today := renda.DateOf(time.Now())
	if r := staff.Post("/stations/"+id+"/duties", url.Values{"day": {today.AddDays(1).String()}, "start": {"09:00"}, "end": {"11:30"}, "deputy_ids": {w.Deputy1.DeputyID}}); r.Status != 422 || !strings.Contains(string(r.Body), "须至少提前 3 天公布") {
		t.Errorf("short notice: %d", r.Status)
	}
	if r := staff.Post("/stations/"+id+"/duties", url.Values{"day": {today.AddDays(5).String()}, "start": {"11:00"}, "end": {"09:00"}, "deputy_ids": {w.Deputy1.DeputyID}}); r.Status != 422 || !strings.Contains(string(r.Body), "结束时间应晚于开始时间") {
		t.Errorf("end before start: %d", r.Status)
	}
	if r := staff.Post("/stations/"+id+"/duties", url.Values{"day": {today.AddDays(5).String()}, "start": {"09:00"}, "end": {"11:30"}, "topic": {"饮水安全专题接待"}, "deputy_ids": {w.Deputy1.DeputyID}}); r.Status != http.StatusSeeOther {
		t.Fatalf("duty: %d %s", r.Status, r.Body)
	}
	pub := a.Browser("").Get("/s/syingfu")
	if !strings.Contains(string(pub.Body), "饮水安全专题接待") || !strings.Contains(string(pub.Body), "盘秀英") {
		t.Errorf("the public page does not announce the day")
	}
	duties, _, err := a.DB.Duties(ctx, store.DutyFilter{StationID: id})
	if err != nil || len(duties) != 1 {
		t.Fatalf("duties: %v %v", duties, err)
	}
	staff.Get("/stations/" + id)
	if r := staff.Post("/duties/"+duties[0].ID+"/cancel", url.Values{"next": {"/stations/" + id}}); r.Status != http.StatusSeeOther || !strings.Contains(r.Header.Get("Set-Cookie"), url.QueryEscape("取消失败")) {
		t.Errorf("cancel without a reason: %d %s", r.Status, r.Header.Get("Set-Cookie"))
	}
	if r := staff.Post("/duties/"+duties[0].ID+"/cancel", url.Values{"next": {"/stations/" + id}, "reason": {"代表参加市人代会"}}); r.Status != http.StatusSeeOther {
		t.Errorf("cancel: %d", r.Status)
	}
	if r := staff.Post("/duties/"+duties[0].ID+"/cancel", url.Values{"next": {"/stations/" + id}, "reason": {"再取消"}}); r.Status != 409 {
		t.Errorf("cancel twice: %d", r.Status)
	}
	// The log: the stationed deputy writes it; a deputy from elsewhere may not.
	d2 := a.Browser("deputy2")
	d2.Get("/stations/" + id)
	if r := d2.Post("/stations/"+id+"/receptions", url.Values{"day": {today.String()}, "visitors": {"3"}, "summary": {"x"}, "deputy_ids": {w.Deputy2.DeputyID}}); r.Status != 403 {
		t.Errorf("deputy of another station writes the log: %d", r.Status)
	}
	dep := a.Browser("deputy")
	dep.Get("/stations/" + id)
	if r := dep.Post("/stations/"+id+"/receptions", url.Values{"day": {today.AddDays(1).String()}, "visitors": {"3"}, "summary": {"接待"}, "deputy_ids": {w.Deputy1.DeputyID}}); r.Status != 422 || !strings.Contains(string(r.Body), "接待日期不能晚于今天") {
		t.Errorf("reception tomorrow: %d", r.Status)
	}
	r = dep.Post("/stations/"+id+"/receptions", url.Values{"day": {today.String()}, "visitors": {"6"}, "summary": {"接待应伏村群众 6 人次，主要反映饮水问题。"}, "deputy_ids": {w.Deputy1.DeputyID}})
	recID := strings.TrimPrefix(r.Header.Get("Location"), "/receptions/")
	if r.Status != http.StatusSeeOther || recID == "" {
		t.Fatalf("reception: %d %s", r.Status, r.Body)
	}
	dep.Get("/receptions/" + recID)
	r = dep.Post("/receptions/"+recID+"/matters", url.Values{"content": {"应伏村自来水夏季经常停水。"}, "category": {"饮水水利"}, "phone": {"13712340000"},
		"answer": {"当场解释：供水管网改造已列入本年计划，七月完工。"}})
	if r.Status != http.StatusSeeOther || !strings.Contains(r.Header.Get("Set-Cookie"), url.QueryEscape("已登记事项并记录当场答复")) {
		t.Fatalf("matter: %d %s", r.Status, r.Header.Get("Set-Cookie"))
	}
	r = dep.Post("/receptions/"+recID+"/matters", url.Values{"content": {"应伏村小学门前没有斑马线。"}, "category": {"道路交通"}})
	if r.Status != http.StatusSeeOther {
		t.Fatalf("second matter: %d", r.Status)
	}
	matters, _, err := a.DB.Opinions(ctx, w.Deputy1, opinion.Filter{ReceptionID: recID})
	if err != nil || len(matters) != 2 {
		t.Fatalf("matters: %v %v", matters, err)
	}
	states := map[string]bool{}
	for _, o := range matters {
		states[o.State] = true
		if o.Channel != opinion.ChannelReception || o.HandlerID != w.Deputy1.DeputyID {
			t.Errorf("matter: %s %s", o.Channel, o.HandlerID)
		}
	}
	if !states[opinion.Answered] || !states[opinion.Submitted] {
		t.Errorf("matter states %v", states)
	}
	if r := dep.Get("/receptions/" + recID); !strings.Contains(string(r.Body), "斑马线") {
		t.Errorf("the log does not list its matters")
	}
	held, _, _ := a.DB.Receptions(ctx, id, 10, 0)
	if len(held) != 1 || held[0].Matters != 2 || held[0].Visitors != 6 {
		t.Errorf("log: %+v", held)
	}
}

// TestHotlineImportAndIntegrations: staff import a 12345 export (bad rows
// import nothing, a second import adds nothing); an admin creates an
// integration whose secret is shown once.
func TestHotlineImportAndIntegrations(t *testing.T) {
	a := apptest.New(t, apptest.Options{Dialect: store.SQLite, Demo: true})
	ctx := context.Background()
	staff := a.Browser("staff")
	staff.Get("/hotline")
	upload := func(rows [][]any) *apptest.Response {
		var book bytes.Buffer
		if err := xlsx.Write(&book, xlsx.Sheet{Name: "工单", Columns: store.HotlineColumns, Rows: rows}); err != nil {
			t.Fatal(err)
		}
		var body bytes.Buffer
		mw := multipart.NewWriter(&body)
		fw, _ := mw.CreateFormFile("file", "12345导出.xlsx")
		fw.Write(book.Bytes())
		mw.Close()
		return staff.PostRaw("/hotline/import", mw.FormDataContentType(), &body)
	}
	good := [][]any{
		{"CN2611270001", "电话", "2026-11-27 09:30", "430482206", "求助", "来电人反映：塔山村自来水停水。", "2026-12-04 18:00"},
		{"CN2611270002", "微信", "2026/11/27 10:05", "430482101201", "投诉", "来电人反映：柏坊镇某村垃圾清运不及时。", "2026-12-04"},
	}
	bad := append(append([][]any{}, good...), []any{"CN2611270003", "", "昨天上午", "999", "闲聊", "", ""})
	r := upload(bad)
	if r.Status != 422 || !strings.Contains(string(r.Body), "时间格式无法识别") || !strings.Contains(string(r.Body), "工单类型") {
		t.Fatalf("bad import: %d", r.Status)
	}
	if _, n, _ := a.DB.HotlineOrders(ctx, a.World.Staff, store.HotlineFilter{Q: "CN26112700"}); n != 0 {
		t.Fatalf("a bad import imported %d", n)
	}
	r = upload(good)
	if r.Status != http.StatusSeeOther || !strings.Contains(r.Header.Get("Set-Cookie"), url.QueryEscape("新增 2 条工单")) {
		t.Fatalf("import: %d %s", r.Status, r.Header.Get("Set-Cookie"))
	}
	staff.Get("/hotline")
	r = upload(good)
	if r.Status != http.StatusSeeOther || !strings.Contains(r.Header.Get("Set-Cookie"), url.QueryEscape("新增 0 条工单，已有 2 条")) {
		t.Errorf("second import: %d %s", r.Status, r.Header.Get("Set-Cookie"))
	}
	if p := staff.Get("/hotline?q=CN2611270002"); !strings.Contains(string(p.Body), "垃圾清运") {
		t.Errorf("ledger does not list the order")
	}
	admin := a.Browser("admin")
	admin.Get("/integrations")
	r = admin.Post("/integrations", url.Values{"kind": {"hotline"}, "name": {"常宁市 12345 平台"}})
	m := regexp.MustCompile(`id="secret">([0-9a-z]{32})<`).FindSubmatch(r.Body)
	if r.Status != 200 || m == nil {
		t.Fatalf("create: %d", r.Status)
	}
	if again := admin.Get("/integrations"); bytes.Contains(again.Body, m[1]) {
		t.Error("the secret is shown again")
	}
	if r := admin.Post("/integrations", url.Values{"kind": {"smtp"}, "name": {""}}); r.Status != 422 {
		t.Errorf("bad integration: %d", r.Status)
	}
}

// TestOpinionPagesForDeputiesAndStaff: the inboxes, a forward on the page,
// escalation into a suggestion, statistics and candidate suggestions.
func TestOpinionPagesForDeputiesAndStaff(t *testing.T) {
	a := apptest.New(t, apptest.Options{Dialect: store.SQLite, Demo: true})
	ctx := context.Background()
	w := a.World
	o, err := a.DB.SubmitOpinion(ctx, nil, opinion.Submission{Channel: opinion.ChannelQR, StationCode: demo.TeaStation, DeputyCode: "dtashan01",
		Content: "茶园到加工厂的机耕道没有硬化，雨天鲜叶运不出去。", Category: "茶叶产业", Consent: true}, nil)
	if err != nil {
		t.Fatal(err)
	}
	dep := a.Browser("deputy")
	for _, p := range []string{"/opinions", "/opinions?state=overdue", "/opinions?pool=1", "/opinions?state=answered&channel=hotline", "/opinions/recurring",
		"/opinions/new", "/stations", "/opinions/" + o.ID} {
		if r := dep.Get(p); r.Status != 200 {
			t.Errorf("deputy %s: %d", p, r.Status)
		}
	}
	for _, p := range []string{"/opinions/stats", "/opinions/stats?from=2026-01-01&to=2026-12-31", "/hotline", "/opinions/export.xlsx", "/stations", "/opinions?q=" + o.TrackingCode} {
		if r := a.Browser("staff").Get(p); r.Status != 200 {
			t.Errorf("staff %s: %d", p, r.Status)
		}
	}
	if r := a.Browser("unit").Get("/opinions"); r.Status != 200 {
		t.Errorf("unit inbox: %d", r.Status)
	}
	// Escalate on the page: a title is required.
	dep.Get("/opinions/" + o.ID)
	if r := dep.Post("/opinions/"+o.ID+"/escalate", url.Values{"title": {""}, "confirm": {"1"}}); r.Status != 422 || !strings.Contains(string(r.Body), "请填写建议标题") {
		t.Errorf("escalate without a title: %d", r.Status)
	}
	if r := dep.Post("/opinions/"+o.ID+"/escalate", url.Values{"title": {"关于硬化塔山茶园机耕道的建议"}, "text": {"茶农多次反映。"}, "confirm": {"1"}}); r.Status != http.StatusSeeOther {
		t.Fatalf("escalate: %d %s", r.Status, r.Body)
	}
	got, err := a.DB.Opinion(ctx, w.Deputy1, o.ID)
	if err != nil || got.State != opinion.Escalated || got.SuggestionID == "" {
		t.Fatalf("escalated: %+v %v", got, err)
	}
	if r := dep.Get("/suggestions/" + got.SuggestionID); r.Status != 200 || !strings.Contains(string(r.Body), "关于硬化塔山茶园机耕道的建议") {
		t.Errorf("the draft suggestion: %d", r.Status)
	}
	// A deputy's own note.
	dep.Get("/opinions/new")
	if r := dep.Post("/opinions/new", url.Values{"content": {"短"}}); r.Status != 422 || !strings.Contains(string(r.Body), "反映内容太短") {
		t.Errorf("short note: %d", r.Status)
	}
	if r := dep.Post("/opinions/new", url.Values{"content": {"走访中群众反映：塔山村卫生室常用药不全。"}, "category": {"医疗卫生"}}); r.Status != http.StatusSeeOther {
		t.Errorf("note: %d %s", r.Status, r.Body)
	}
	// Forward on the page to a unit; the unit signs and replies on its page.
	note, _, _ := a.DB.Opinions(ctx, w.Deputy1, opinion.Filter{Channel: opinion.ChannelDeputy, State: opinion.Submitted, Q: "卫生室"})
	if len(note) != 1 {
		t.Fatalf("note in the inbox: %v", note)
	}
	dep.Get("/opinions/" + note[0].ID)
	if r := dep.Post("/opinions/"+note[0].ID+"/forward", url.Values{"to": {"unit"}, "due": {"2020-01-01"}, "org_id": {w.Orgs["zjj"].ID}}); r.Status != 422 || !strings.Contains(string(r.Body), "办理期限应晚于今天") {
		t.Errorf("forward into the past: %d", r.Status)
	}
	if r := dep.Post("/opinions/"+note[0].ID+"/forward", url.Values{"to": {"unit"}, "org_id": {w.Orgs["zjj"].ID}, "text": {"请核实"}}); r.Status != http.StatusSeeOther {
		t.Fatalf("forward: %d %s", r.Status, r.Body)
	}
	unit := a.Browser("unit")
	unit.Get("/opinions/" + note[0].ID)
	for _, step := range []url.Values{{"text": {""}}, {"text": {"已协调卫健局补充药品。"}}} {
		action := "sign"
		if step.Get("text") != "" {
			action = "reply"
		}
		if r := unit.Post("/opinions/"+note[0].ID+"/"+action, step); r.Status != http.StatusSeeOther {
			t.Fatalf("unit %s: %d %s", action, r.Status, r.Body)
		}
	}
	if r := a.Browser("unit2").Get("/opinions/" + note[0].ID); r.Status != 404 {
		t.Errorf("another unit sees it: %d", r.Status)
	}
	page := dep.Get("/opinions/" + note[0].ID)
	if !strings.Contains(string(page.Body), "已协调卫健局补充药品") || !strings.Contains(string(page.Body), "已回复代表") {
		t.Errorf("the deputy does not see the unit's reply")
	}
}
