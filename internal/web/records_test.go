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
