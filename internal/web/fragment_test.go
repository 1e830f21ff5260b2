package web

import (
	"bytes"
	"io"
	"log/slog"
	"net/url"
	"reflect"
	"strings"
	"testing"
	"time"

	"renda"
	"renda/station"
)

// TestFragmentsFollowTheirData renders the public station page, whose
// deputies' cards, reception days, top and the layout's start, top bar and
// footer are fragments kept by their values, again and again with one thing
// changed each time: each change shows at once, and going back to the
// first values gives the first page byte for byte.
func TestFragmentsFollowTheirData(t *testing.T) {
	s := &Server{log: slog.New(slog.NewTextHandler(io.Discard, nil))}
	if err := s.parseTemplates(); err != nil {
		t.Fatal(err)
	}
	page := func(lang string, change func(*StationPublicPage)) string {
		t.Helper()
		st := sampleStation()
		st.Members = append(st.Members, station.Member{DeputyID: "d2", DeputyCode: "dtashan02", Name: "李明", Level: renda.LevelTownship, Title: "塔山瑶族乡人大代表"})
		base := sampleBase()
		base.User, base.Nav, base.CSRF, base.Query, base.Path, base.Lang = nil, nil, "", url.Values{}, "/s/stashan", lang
		p := &StationPublicPage{Base: base, Station: st, URL: "http://example.org/s/stashan"}
		if change != nil {
			change(p)
		}
		tmpl, err := s.tmpl.get(lang, "station_public")
		if err != nil {
			t.Fatal(err)
		}
		var b bytes.Buffer
		if err := tmpl.ExecuteTemplate(&b, "layout", p); err != nil {
			t.Fatal(err)
		}
		return b.String()
	}
	first := page("zh", nil)
	for _, c := range []struct {
		name   string
		change func(*StationPublicPage)
		want   string
	}{
		{"a deputy's name", func(p *StationPublicPage) { p.Station.Members[1].Name = "李明亮" }, ">李明亮<"},
		{"a deputy's next reception day", func(p *StationPublicPage) { p.Station.Members[1].NextDuty = renda.NewDate(2024, 6, 3) }, "6月3日"},
		{"a reception day's deputies", func(p *StationPublicPage) { p.Station.Upcoming[0].Deputies = []string{"盘秀英", "李明"} }, "盘秀英、李明"},
		{"the station's address", func(p *StationPublicPage) { p.Station.Address = "新址会客厅" }, "新址会客厅"},
		{"large print", func(p *StationPublicPage) { p.Large = true }, "/large?on=0&amp;next=/s/stashan"},
		{"the page's address", func(p *StationPublicPage) { p.Query = url.Values{"x": {"1"}} }, "next=%2fs%2fstashan%3fx%3d1"},
		{"the version", func(p *StationPublicPage) { p.Version = "v9" }, "版本 v9"},
		{"the page's title", func(p *StationPublicPage) { p.Title = "新标题" }, "<title>新标题 · "},
		{"the body's class", func(p *StationPublicPage) { p.BodyClass = "poster" }, `<body class="poster">`},
		{"a signed-in user", func(p *StationPublicPage) {
			p.User = &renda.User{ID: "u", Username: "staff", DisplayName: "张工作人员", Role: renda.RoleStaff}
			p.CSRF = "tok"
		}, `value="tok"`},
	} {
		got := page("zh", c.change)
		if !strings.Contains(got, c.want) || strings.Contains(first, c.want) {
			t.Errorf("%s: the page does not change to show %q", c.name, c.want)
		}
		if again := page("zh", nil); again != first {
			t.Errorf("after %s: the first values no longer give the first page", c.name)
		}
	}
	if en := page("en", nil); en == first || !strings.Contains(en, "Standing Committee") && !strings.Contains(en, "English") && !strings.Contains(en, "中文") {
		t.Error("the English page is the Chinese one")
	}
}

// TestFragmentKeepsOnlyPlainValues checks which values a fragment is kept
// for: values compared by what a template can read of them, not pointers,
// slices or maps, which two different contents can share.
func TestFragmentKeepsOnlyPlainValues(t *testing.T) {
	for _, c := range []struct {
		v     any
		plain bool
	}{
		{station.Member{}, true},
		{UpcomingDay{}, true},
		{TopBar{}, true},
		{"text", true},
		{[2]int{}, true},
		{&station.Member{}, false},
		{[]string{}, false},
		{map[string]int{}, false},
		{struct{ T time.Time }{}, false}, // a pointer to its location inside
		{struct{ A any }{}, false},
	} {
		if got := plainType(reflect.TypeOf(c.v)); got != c.plain {
			t.Errorf("%T: plain %v, want %v", c.v, got, c.plain)
		}
	}
}

// TestFragmentsBounded checks that the kept fragments stay under their
// bound however many different values are rendered.
func TestFragmentsBounded(t *testing.T) {
	s := &Server{log: slog.New(slog.NewTextHandler(io.Discard, nil))}
	if err := s.parseTemplates(); err != nil {
		t.Fatal(err)
	}
	tmpl, err := s.tmpl.get("zh", "station_public")
	if err != nil {
		t.Fatal(err)
	}
	for i := range maxFragments + 10 {
		m := station.Member{Name: "代表", DeputyCode: "d" + strings.Repeat("x", i%7), DeputyID: string(rune('a' + i%26)), Sector: strings.Repeat("农", 1+i/26)}
		if _, err := s.tmpl.fragment(fragmentKey{lang: "zh", page: "station_public", name: "station-member", data: m}, tmpl); err != nil {
			t.Fatal(err)
		}
	}
	s.tmpl.mu.Lock()
	n := len(s.tmpl.fragments)
	s.tmpl.mu.Unlock()
	if n == 0 || n > maxFragments {
		t.Errorf("%d fragments kept, want between 1 and %d", n, maxFragments)
	}
}
