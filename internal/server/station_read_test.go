package server_test

import (
	"context"
	"slices"
	"testing"

	"renda"
	"renda/internal/apptest"
	"renda/internal/store"
	"renda/station"
)

// TestStationUpcomingInOneQuery checks the public station page's reception
// days, read with their deputies in one query, against the reception days
// as the general list reads them: the same next ten planned days of every
// demo station, each with the same deputies in the same order.
func TestStationUpcomingInOneQuery(t *testing.T) {
	apptest.Each(t, apptest.Options{Demo: true}, func(t *testing.T, a *apptest.App) {
		ctx := context.Background()
		stations, _, err := a.DB.Stations(ctx, station.Filter{})
		if err != nil {
			t.Fatal(err)
		}
		withDeputies := 0
		for _, st := range stations {
			got, err := a.DB.StationByCode(ctx, st.Code)
			if err != nil {
				t.Fatal(err)
			}
			all, _, err := a.DB.Duties(ctx, store.DutyFilter{StationID: st.ID, From: renda.DateOf(a.DB.Clock().Now()), Status: station.DutyPlanned, Limit: 1000})
			if err != nil {
				t.Fatal(err)
			}
			slices.Reverse(all) // the list is newest first
			want := all[:min(len(all), 10)]
			if len(got.Upcoming) != len(want) {
				t.Fatalf("%s: %d upcoming days, want %d", st.Code, len(got.Upcoming), len(want))
			}
			for i, d := range got.Upcoming {
				w := want[i]
				if d.ID != w.ID || d.Day != w.Day || d.Start != w.Start || d.Topic != w.Topic || d.StationName != w.StationName ||
					!slices.Equal(d.DeputyIDs, w.DeputyIDs) || !slices.Equal(d.Deputies, w.Deputies) {
					t.Errorf("%s: day %d is %+v, want %+v", st.Code, i, d, w)
				}
				if len(d.Deputies) > 1 {
					withDeputies++
				}
			}
		}
		if withDeputies == 0 {
			t.Fatal("no demo reception day with several deputies: the test checks nothing")
		}
	})
}

// TestStationByCodeFollowsChanges checks the station the public page reads,
// kept in memory while its version stays the same (StationByCode): a change
// to any table it is read from, made by SQL outside the workflows as much as
// through them, shows in the next read (the next request's, for a page that
// reads the versions once), and a caller that changes its copy does not
// change what the next caller gets.
func TestStationByCodeFollowsChanges(t *testing.T) {
	apptest.Each(t, apptest.Options{Demo: true}, func(t *testing.T, a *apptest.App) {
		ctx := context.Background()
		read := func() *station.Station {
			t.Helper()
			st, err := a.DB.StationByCode(ctx, "stashan")
			if err != nil {
				t.Fatal(err)
			}
			return st
		}
		exec := func(q string) {
			t.Helper()
			if _, err := store.RawDB(a.DB).ExecContext(ctx, q); err != nil {
				t.Fatalf("%s: %v", q, err)
			}
		}
		st := read()
		if len(st.Members) < 2 || len(st.Upcoming) == 0 || len(st.Upcoming[0].DeputyIDs) == 0 {
			t.Fatalf("塔山 has %d deputies and %d reception days: the test needs both", len(st.Members), len(st.Upcoming))
		}
		st.Address = "改过的副本"
		if read().Address == "改过的副本" {
			t.Fatal("a caller's change to its copy reached the next caller")
		}
		// A page's request reads the versions once (store.VersionsOnce): it
		// keeps the station it read first, a later request reads the change.
		page := store.VersionsOnce(ctx)
		if _, err := a.DB.StationByCode(page, "stashan"); err != nil {
			t.Fatal(err)
		}
		exec("UPDATE stations SET hours = '全天' WHERE id = '" + st.ID + "'")
		if again, err := a.DB.StationByCode(page, "stashan"); err != nil || again.Hours == "全天" {
			t.Errorf("within one request the station changed (%v): the versions are read more than once", err)
		}
		if read().Hours != "全天" {
			t.Error("the next request does not see the change")
		}
		m, day := st.Members[0], st.Upcoming[0]
		steps := []struct {
			name, sql string
			shows     func(*station.Station) bool
		}{
			{"stations", "UPDATE stations SET address = '新址会客厅' WHERE id = '" + st.ID + "'",
				func(s *station.Station) bool { return s.Address == "新址会客厅" }},
			{"regions", "UPDATE regions SET name = '新名镇' WHERE id = '" + st.TownshipID + "'",
				func(s *station.Station) bool { return s.TownshipName == "新名镇" }},
			{"deputies", "UPDATE deputies SET name = '新名代表' WHERE id = '" + m.DeputyID + "'",
				func(s *station.Station) bool {
					return slices.ContainsFunc(s.Members, func(x station.Member) bool { return x.Name == "新名代表" })
				}},
			{"congresses", "UPDATE congresses SET name = '新名市人民代表大会' WHERE id = (SELECT congress_id FROM deputies WHERE id = '" + m.DeputyID + "')",
				func(s *station.Station) bool {
					return slices.ContainsFunc(s.Members, func(x station.Member) bool { return x.Title == "新名市人大代表" })
				}},
			{"duties", "UPDATE duties SET topic = '新的主题' WHERE id = '" + day.ID + "'",
				func(s *station.Station) bool { return s.Upcoming[0].Topic == "新的主题" }},
			{"duty_deputies", "DELETE FROM duty_deputies WHERE duty_id = '" + day.ID + "' AND deputy_id = '" + day.DeputyIDs[0] + "'",
				func(s *station.Station) bool { return !slices.Contains(s.Upcoming[0].DeputyIDs, day.DeputyIDs[0]) }},
			{"station_deputies", "DELETE FROM station_deputies WHERE station_id = '" + st.ID + "' AND deputy_id = '" + m.DeputyID + "'",
				func(s *station.Station) bool { return len(s.Members) == len(st.Members)-1 }},
		}
		for _, step := range steps {
			if step.shows(read()) {
				t.Fatalf("%s: the change shows before it is made", step.name)
			}
			exec(step.sql)
			if !step.shows(read()) {
				t.Errorf("%s: a change to the table does not show in the next read", step.name)
			}
		}
	})
}
