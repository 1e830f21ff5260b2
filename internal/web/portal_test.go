package web_test

import (
	"bytes"
	"encoding/xml"
	"html"
	"image"
	"image/color"
	"image/png"
	"mime/multipart"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"renda/internal/apptest"
)

// TestScreenFiguresEqualTheirLists follows every figure of the leaders'
// screen, of a township's screen and of the year's figures to the list it
// links to, as a leader, as staff and as a township's staff, and compares
// the figure with the count the list states.
func TestScreenFiguresEqualTheirLists(t *testing.T) {
	apptest.Each(t, apptest.Options{Demo: true}, func(t *testing.T, a *apptest.App) {
		baisha, yiyang := a.World.TownByName["白沙镇"], a.World.TownByName["宜阳街道"]
		// minimum figures per page: a township's screen counts its opinions,
		// stations, deputies and (a town with a congress) its projects
		pages := map[string]int{"/screen": 15, "/screen?year=2024": 15, "/yearbook/2024": 15,
			"/screen?year=2024&township=" + baisha.ID: 17, "/screen?township=" + yiyang.ID: 12}
		followed := 0
		follow := func(user string, pages map[string]int) map[string]string {
			b := a.Browser(user)
			bodies := map[string]string{}
			for p, least := range pages {
				resp := b.Get(p)
				if resp.Status != 200 {
					t.Fatalf("%s %s: %d", user, p, resp.Status)
				}
				body := string(resp.Body)
				bodies[p] = body
				links := append(statLink.FindAllStringSubmatch(body, -1), cellLink.FindAllStringSubmatch(body, -1)...)
				if len(links) < least {
					t.Errorf("%s %s: only %d figures", user, p, len(links))
				}
				for _, m := range links {
					href := html.UnescapeString(m[1])
					want, _ := strconv.Atoi(m[2])
					list := b.Get(href)
					if list.Status != 200 {
						t.Errorf("%s %s: figure %d links to %s: %d", user, p, want, href, list.Status)
						continue
					}
					tm := listTotal.FindStringSubmatch(string(list.Body))
					if tm == nil {
						t.Errorf("%s %s: figure %d links to %s, which does not state how many it lists", user, p, want, href)
						continue
					}
					followed++
					if got, _ := strconv.Atoi(tm[1]); got != want {
						t.Errorf("%s %s: figure %d links to %s, which lists %d", user, p, want, href, got)
					}
				}
			}
			return bodies
		}
		for _, user := range []string{"leader", "staff"} {
			bodies := follow(user, pages)
			// A township's screen: its name, and every figure's list filtered by it.
			for p, body := range bodies {
				town := baisha
				if strings.Contains(p, yiyang.ID) {
					town = yiyang
				} else if !strings.Contains(p, "township=") {
					continue
				}
				if !strings.Contains(body, "<h1>"+town.Name) {
					t.Errorf("%s %s: the screen does not name %s", user, p, town.Name)
				}
				for _, m := range statLink.FindAllStringSubmatch(body, -1) {
					// the township's lists, or its congress's (projects)
					if c := a.World.TownCongress[town.ID]; !strings.Contains(m[1], town.ID) && (c == nil || !strings.Contains(m[1], "congress="+c.ID)) {
						t.Errorf("%s %s: figure %s links to %s, not filtered by the township", user, p, m[2], m[1])
					}
				}
			}
			if !strings.Contains(bodies["/screen"], `value="`+baisha.ID+`"`) {
				t.Errorf("%s: the county's screen offers no township's", user)
			}
			// The county map: a circle per township, each linking to a figure's list.
			county := bodies["/screen"]
			dots := dotLink.FindAllStringSubmatch(county, -1)
			if len(dots) != len(a.World.Townships) {
				t.Errorf("%s: the county map has %d townships, not %d", user, len(dots), len(a.World.Townships))
			}
			for _, m := range dots {
				if !strings.Contains(county, `class="stat compact" href="`+m[1]+`"`) {
					t.Errorf("%s: the map links to %s, which no figure does", user, m[1])
				}
			}
		}
		// 白沙镇's staff see their own township's screen, whatever is asked.
		for p, body := range follow("staff-bs", map[string]int{"/screen": 17, "/screen?year=2024&township=" + yiyang.ID: 17}) {
			if !strings.Contains(body, "<h1>白沙镇") || strings.Contains(body, `id="panel-suggestions"`) {
				t.Errorf("staff-bs %s: not 白沙镇's screen", p)
			}
		}
		if r := a.Browser("leader").Get("/screen?township=" + a.World.County.ID); r.Status != 404 {
			t.Errorf("the county as a township: %d", r.Status)
		}
		if followed < 100 {
			t.Errorf("only %d figures followed", followed)
		}
		// The year's document for staff to write around.
		doc := a.Browser("staff").Get("/yearbook/2024/report.doc")
		if doc.Status != 200 || !strings.Contains(string(doc.Body), "249") || !strings.Contains(doc.Header.Get("Content-Type"), "msword") {
			t.Errorf("report.doc: %d %s", doc.Status, doc.Header.Get("Content-Type"))
		}
		// Deputies, units and the public do not see the screen.
		for _, user := range []string{"deputy", "unit"} {
			if r := a.Browser(user).Get("/screen"); r.Status != 403 {
				t.Errorf("%s /screen: %d", user, r.Status)
			}
		}
		if r := a.Browser("").Get("/screen"); r.Status != 303 {
			t.Errorf("public /screen: %d", r.Status)
		}
	})
}

var dotLink = regexp.MustCompile(`<a href="([^"]+)"><title>[^<]*</title><circle class="dot"`)

var articleLink = regexp.MustCompile(`href="/news/manage/([0-9a-z]{26})"`)

type atom struct {
	XMLName xml.Name `xml:"http://www.w3.org/2005/Atom feed"`
	Title   string   `xml:"title"`
	Entries []struct {
		Title string `xml:"title"`
		ID    string `xml:"id"`
	} `xml:"entry"`
}

func feed(t *testing.T, b *apptest.Browser) atom {
	t.Helper()
	r := b.Get("/news/feed.xml")
	if r.Status != 200 || !strings.HasPrefix(r.Header.Get("Content-Type"), "application/atom+xml") {
		t.Fatalf("feed: %d %s", r.Status, r.Header.Get("Content-Type"))
	}
	var f atom
	if err := xml.Unmarshal(r.Body, &f); err != nil {
		t.Fatalf("the feed is not Atom XML: %v", err)
	}
	return f
}

func inFeed(f atom, title string) bool {
	for _, e := range f.Entries {
		if e.Title == title {
			return true
		}
	}
	return false
}

// TestNewsDraftReviewPublish: staff draft an article, its writer cannot
// review it, a leader does, staff publish it, and only then the public see
// it, in the list, on its page, in the feed and the sitemap.
func TestNewsDraftReviewPublish(t *testing.T) {
	apptest.Each(t, apptest.Options{Demo: true}, func(t *testing.T, a *apptest.App) {
		staff, leader, public := a.Browser("staff"), a.Browser("leader"), a.Browser("")
		f := feed(t, public)
		if len(f.Entries) < 10 || !inFeed(f, "开栏语") {
			t.Fatalf("the demo feed has %d entries", len(f.Entries))
		}
		for _, hidden := range []string{"（演示）专项工作评议启动", "（演示）代表进站履职月活动", "（演示）一则已撤回的通知"} {
			if inFeed(f, hidden) || strings.Contains(string(public.Get("/news").Body), hidden) {
				t.Errorf("the public see the unpublished %s", hidden)
			}
		}
		staff.Get("/news/manage/new")
		title := "测试文章：代表联络站开放日"
		var body bytes.Buffer
		mw := multipart.NewWriter(&body)
		for k, v := range map[string]string{"csrf": staff.CSRF(), "column": "工作动态", "title": title, "summary": "导语", "body": "第一段\n第二段"} {
			mw.WriteField(k, v)
		}
		fw, _ := mw.CreateFormFile("files", "现场.png")
		img := image.NewRGBA(image.Rect(0, 0, 40, 30))
		img.Set(3, 3, color.RGBA{200, 0, 0, 255})
		png.Encode(fw, img)
		mw.Close()
		r := staff.PostRaw("/news/manage/new", mw.FormDataContentType(), &body)
		if r.Status != 303 {
			t.Fatalf("create: %d %s", r.Status, r.Body)
		}
		id := strings.TrimPrefix(r.Header.Get("Location"), "/news/manage/")
		if len(id) != 26 {
			t.Fatalf("created at %q", r.Header.Get("Location"))
		}
		if r := public.Get("/news/" + id); r.Status != 404 {
			t.Errorf("the public open a draft: %d", r.Status)
		}
		m := regexp.MustCompile(`/news/` + id + `/files/[0-9a-z]{26}`).FindString(string(staff.Get("/news/manage/" + id).Body))
		if m == "" {
			t.Fatal("the picture is not on the article's page")
		}
		if r := public.Get(m); r.Status == 200 {
			t.Errorf("the public open a draft's picture: %d", r.Status)
		}
		// The writer cannot review their own article.
		staff.Get("/news/manage/" + id)
		if r := staff.Post("/news/manage/"+id+"/review", url.Values{"text": {"好"}}); r.Status != 409 {
			t.Errorf("the writer reviewed: %d", r.Status)
		}
		// Publishing asks first, and needs the review.
		if r := staff.Post("/news/manage/"+id+"/publish", url.Values{"confirm": {"1"}}); r.Status < 400 {
			t.Errorf("published a draft: %d", r.Status)
		}
		leader.Get("/news/manage/" + id)
		if r := leader.Post("/news/manage/"+id+"/review", url.Values{"text": {"同意"}}); r.Status != 303 {
			t.Fatalf("review: %d %s", r.Status, r.Body)
		}
		if r := leader.Post("/news/manage/"+id+"/publish", url.Values{"confirm": {"1"}}); r.Status != 403 && r.Status != 404 && r.Status != 409 {
			t.Errorf("a leader published: %d", r.Status)
		}
		staff.Get("/news/manage/" + id)
		if r := staff.Post("/news/manage/"+id+"/publish", url.Values{}); r.Status != 422 {
			t.Errorf("published without confirming: %d", r.Status)
		}
		if r := staff.Post("/news/manage/"+id+"/publish", url.Values{"confirm": {"1"}}); r.Status != 303 {
			t.Fatalf("publish: %d %s", r.Status, r.Body)
		}
		page := public.Get("/news/" + id)
		if page.Status != 200 || !strings.Contains(string(page.Body), title) || !strings.Contains(string(page.Body), "扫一扫在手机打开当前页") ||
			!strings.Contains(string(page.Body), `property="og:title"`) {
			t.Errorf("article page: %d", page.Status)
		}
		if r := public.Get(m); r.Status != 200 || !strings.HasPrefix(r.Header.Get("Content-Type"), "image/") {
			t.Errorf("the published article's picture: %d %s", r.Status, r.Header.Get("Content-Type"))
		}
		if qr := public.Get("/news/qr/" + id); qr.Status != 200 || !strings.HasPrefix(qr.Header.Get("Content-Type"), "image/svg+xml") {
			t.Errorf("qr: %d", qr.Status)
		}
		if !inFeed(feed(t, public), title) {
			t.Error("the published article is not in the feed")
		}
		sm := public.Get("/sitemap.xml")
		var set struct {
			URLs []struct {
				Loc string `xml:"loc"`
			} `xml:"url"`
		}
		if err := xml.Unmarshal(sm.Body, &set); err != nil || !strings.Contains(string(sm.Body), "/news/"+id) {
			t.Errorf("sitemap: %v", err)
		}
		hist := string(staff.Get("/news/manage/" + id).Body)
		for _, s := range []string{"审核通过", "发布"} {
			if !strings.Contains(hist, s) {
				t.Errorf("the history lacks %s", s)
			}
		}
		if !articleLink.MatchString(string(staff.Get("/news/manage").Body)) {
			t.Error("the staff list links no article")
		}
	})
}
