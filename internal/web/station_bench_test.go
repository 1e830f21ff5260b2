package web

import (
	"io"
	"log/slog"
	"net/url"
	"strconv"
	"testing"

	"renda"
)

// BenchmarkStationPublicTemplate executes the public station page's template
// alone, for a station with 24 deputies and 7 reception days (as the demo's
// 塔山 has), anonymous.
func BenchmarkStationPublicTemplate(b *testing.B) {
	s := &Server{log: slog.New(slog.NewTextHandler(io.Discard, nil))}
	if err := s.parseTemplates(); err != nil {
		b.Fatal(err)
	}
	st := sampleStation()
	m := st.Members[0]
	st.Members = st.Members[:0]
	for i := range 24 {
		m.DeputyCode, m.Head = "dtashan"+strconv.Itoa(i), i == 0
		st.Members = append(st.Members, m)
	}
	st.Upcoming = nil
	for i := range 7 { // as the demo's 塔山: a week of reception days, two or three deputies each
		d := *sampleDuty()
		d.ID, d.Day, d.Deputies = d.ID+strconv.Itoa(i), renda.NewDate(2024, 5, 15+i), []string{"盘秀英", "李明", "赵红梅"}[:2+i%2]
		st.Upcoming = append(st.Upcoming, &d)
	}
	base := sampleBase()
	base.User, base.Nav, base.CSRF, base.Query, base.Path = nil, nil, "", url.Values{}, "/s/stashan"
	page := &StationPublicPage{Base: base, Station: st, URL: "http://example.org/s/stashan"}
	t, err := s.tmpl.get("zh", "station_public")
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if err := t.ExecuteTemplate(io.Discard, "layout", page); err != nil {
			b.Fatal(err)
		}
	}
}
