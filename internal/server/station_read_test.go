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
