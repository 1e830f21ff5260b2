package web_test

import (
	"context"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"renda/internal/apptest"
	"renda/internal/store"
)

// TestPublicPageCache: the anonymous station page is served from memory for
// the cache's lifetime (a change shows after it), and with the cache off
// (renda serve --page-cache 0) every request sees the change at once.
func TestPublicPageCache(t *testing.T) {
	for _, tc := range []struct {
		name  string
		cache time.Duration
		stale bool
	}{
		{"default", 0, true},
		{"off", -1, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a := apptest.New(t, apptest.Options{Dialect: store.SQLite, Demo: true, PageCache: tc.cache})
			ctx := context.Background()
			get := func() string {
				resp, err := http.Get(a.URL + "/s/stashan")
				if err != nil {
					t.Fatal(err)
				}
				defer resp.Body.Close()
				b, _ := io.ReadAll(resp.Body)
				if resp.StatusCode != 200 {
					t.Fatalf("station page: %d", resp.StatusCode)
				}
				return string(b)
			}
			if strings.Contains(get(), "新址会客厅") {
				t.Fatal("new address before the change")
			}
			st, err := a.DB.StationByCode(ctx, "stashan")
			if err != nil {
				t.Fatal(err)
			}
			st.Address = "新址会客厅"
			if err := a.DB.SaveStation(ctx, a.World.Staff, st); err != nil {
				t.Fatal(err)
			}
			if got := strings.Contains(get(), "新址会客厅"); got == tc.stale {
				t.Errorf("after the change: new address shown %v, want %v", got, !tc.stale)
			}
		})
	}
}
