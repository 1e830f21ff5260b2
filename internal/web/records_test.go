package web_test

import (
	"context"
	"net/url"
	"strings"
	"testing"

	"renda/internal/apptest"
)

// TestRecordPages: a deputy opens their card from the menu and adds context
// to an entry; staff add a training done elsewhere (a bad one is refused and
// kept on the form) and see the ranking; another deputy and a unit may not
// open the card.
func TestRecordPages(t *testing.T) {
	a := apptest.New(t, apptest.Options{Demo: true})
	dep := a.World.Deputy1.DeputyID
	card := "/deputies/" + dep + "/record"
	d := a.Browser("deputy")
	home := d.Get("/")
	if !strings.Contains(string(home.Body), `href="`+card+`"`) {
		t.Fatal("no link to the deputy's own record in the menu")
	}
	page := d.Get(card)
	body := string(page.Body)
	if page.Status != 200 || !strings.Contains(body, "履职档案") || !strings.Contains(body, "年度积分") || !strings.Contains(body, `name="entry"`) {
		t.Fatalf("card: %d\n%s", page.Status, body)
	}
	for _, who := range []string{"deputy2", "unit"} {
		if r := a.Browser(who).Get(card); r.Status != 403 {
			t.Errorf("%s opens deputy1's card: %d", who, r.Status)
		}
	}

	s := a.Browser("staff")
	bad := s.Post(card+"/entries", url.Values{"kind": {"training"}, "title": {"参加代表培训"}, "date": {""}, "evidence": {""}})
	if bad.Status != 422 || !strings.Contains(string(bad.Body), "请填写日期") || !strings.Contains(string(bad.Body), "参加代表培训") {
		t.Errorf("bad entry: %d\n%s", bad.Status, bad.Body)
	}
	today := a.DB.Clock().Now().Format("2006-01-02")
	ok := s.Post(card+"/entries", url.Values{"kind": {"training"}, "title": {"参加代表培训"}, "date": {today}, "evidence": {"培训签到表"}})
	if ok.Status != 303 {
		t.Fatalf("add entry: %d\n%s", ok.Status, ok.Body)
	}
	if after := s.Get(card); !strings.Contains(string(after.Body), "参加代表培训") || !strings.Contains(string(after.Body), "培训签到表") {
		t.Fatalf("the added entry is not on the card\n%s", after.Body)
	}
	// The deputy adds context to it.
	page = d.Get(card)
	i := strings.Index(string(page.Body), `value="training:external:`)
	if i < 0 {
		t.Fatal("the added entry has no reply form")
	}
	key := string(page.Body)[i+len(`value="`):]
	key = key[:strings.Index(key, `"`)]
	noted := d.Post(card+"/notes", url.Values{"entry": {key}, "text": {"培训为期三天"}})
	if noted.Status != 303 || !strings.Contains(string(d.Get(card).Body), "培训为期三天") {
		t.Errorf("note: %d\n%s", noted.Status, noted.Body)
	}
	if r := a.Browser("deputy2").Post(card+"/notes", url.Values{"entry": {key}, "text": {"x我来说"}}); r.Status != 403 {
		t.Errorf("another deputy's note: %d", r.Status)
	}

	// The public page counts what the deputy did, without titles or points.
	dd, err := a.DB.Deputy(context.Background(), a.World.Staff, dep)
	if err != nil {
		t.Fatal(err)
	}
	pub := a.Browser("").Get("/d/" + dd.Code)
	if pub.Status != 200 || !strings.Contains(string(pub.Body), "年履职情况") || strings.Contains(string(pub.Body), "培训签到表") {
		t.Errorf("public page: %d", pub.Status)
	}

	rank := s.Get("/records")
	if rank.Status != 200 || !strings.Contains(string(rank.Body), `href="`+card+`?year=`) {
		t.Errorf("ranking: %d", rank.Status)
	}
	if r := d.Get("/records"); r.Status != 403 {
		t.Errorf("deputy opens the ranking: %d", r.Status)
	}
}

// TestGroupPage: staff open a practice base, record an activity (a bad one is
// refused and kept), and the deputies who took part find it in their cards.
func TestGroupPage(t *testing.T) {
	a := apptest.New(t, apptest.Options{Demo: true})
	ctx := context.Background()
	gs, err := a.DB.Groups(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var base string
	for _, g := range gs {
		if g.Kind == "base" {
			base = g.ID
			break
		}
	}
	if base == "" {
		t.Fatal("no practice base in the demo")
	}
	s := a.Browser("staff")
	list := s.Get("/groups")
	if !strings.Contains(string(list.Body), `href="/groups/`+base+`"`) {
		t.Fatal("the groups page does not link to the base")
	}
	page := s.Get("/groups/" + base)
	if page.Status != 200 || !strings.Contains(string(page.Body), "实践基地") || !strings.Contains(string(page.Body), "领办代表") {
		t.Fatalf("base page: %d", page.Status)
	}
	ms, err := a.DB.GroupMembers(ctx, base)
	if err != nil || len(ms) == 0 {
		t.Fatalf("members: %v %v", ms, err)
	}
	bad := s.Post("/groups/"+base+"/activities", url.Values{"title": {"田间调研"}, "day": {""}})
	if bad.Status != 422 || !strings.Contains(string(bad.Body), "请填写活动日期") || !strings.Contains(string(bad.Body), "田间调研") {
		t.Errorf("bad activity: %d", bad.Status)
	}
	today := a.DB.Clock().Now().Format("2006-01-02")
	ok := s.Post("/groups/"+base+"/activities", url.Values{"title": {"田间调研"}, "day": {today}, "deputies": {ms[0].DeputyID}})
	if ok.Status != 303 {
		t.Fatalf("activity: %d\n%s", ok.Status, ok.Body)
	}
	card := s.Get("/deputies/" + ms[0].DeputyID + "/record")
	if !strings.Contains(string(card.Body), "田间调研") || !strings.Contains(string(card.Body), `href="/groups/activities/`) {
		t.Errorf("the activity is not on the deputy's card")
	}
	if r := a.Browser("unit").Get("/groups/" + base); r.Status != 403 {
		t.Errorf("unit opens a group: %d", r.Status)
	}
}
