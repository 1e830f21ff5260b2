package web_test

import (
	"strings"
	"testing"

	"renda/internal/apptest"
	"renda/internal/store"
	"renda/internal/storetest"
)

// TestLargeTextEverywhere: large-text mode (适老化) is switched from any
// page, comes back to the same page with its filters, is remembered, and
// enlarges signed-in pages too (the class is on <html>, so every rem-sized
// text, heading, input and button grows) (issue 9 point 23).
func TestLargeTextEverywhere(t *testing.T) {
	a := apptest.New(t, apptest.Options{Dialect: store.SQLite})
	storetest.Fixture(t, a.DB)
	b := a.Browser("staff")
	page := string(b.Get("/suggestions?year=2024").Body)
	if strings.Contains(page, `class="large"`) {
		t.Fatal("large text is on before it was asked for")
	}
	if !strings.Contains(page, `href="/large?on=1&amp;next=%2fsuggestions%3fyear%3d2024"`) {
		t.Fatalf("no large-text switch that comes back to this page and its filter on a signed-in page")
	}
	r := b.Get("/large?on=1&next=%2fsuggestions%3fyear%3d2024")
	if r.Status != 303 || r.Header.Get("Location") != "/suggestions?year=2024" {
		t.Fatalf("switch: %d %q", r.Status, r.Header.Get("Location"))
	}
	for _, p := range []string{"/suggestions", "/account", "/"} {
		if body := string(b.Get(p).Body); !strings.Contains(body, `<html lang="zh-CN" class="large">`) || !strings.Contains(body, "/large?on=0") {
			t.Errorf("%s: large text not on, or no way back, after it was chosen", p)
		}
	}
	b.Get("/large?on=0&next=/")
	if body := string(b.Get("/suggestions").Body); strings.Contains(body, `class="large"`) {
		t.Error("large text stays on after it was switched off")
	}
}
