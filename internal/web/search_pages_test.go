package web_test

import (
	"context"
	"net/url"
	"strings"
	"testing"

	"renda/internal/apptest"
	"renda/internal/store"
)

// TestSearchPage: the box in the top bar leads to the search page, which
// finds a station by a two-character word for the public, with the match
// marked, and refuses a NUL byte with a message.
func TestSearchPage(t *testing.T) {
	a := apptest.New(t, apptest.Options{Demo: true})
	c := a.Browser("")
	home := c.Get("/")
	if !strings.Contains(string(home.Body), `action="/search"`) {
		t.Fatal("no search box in the top bar")
	}
	page := c.Get("/search?q=" + url.QueryEscape("塔山"))
	if page.Status != 200 || !strings.Contains(string(page.Body), "<mark>塔山</mark>") || !strings.Contains(string(page.Body), `href="/s/`) {
		t.Errorf("search page: %d\n%s", page.Status, page.Body)
	}
	res, err := a.DB.Search(context.Background(), nil, store.SearchFilter{Q: "塔山", Limit: 5})
	if err != nil || res.Total == 0 {
		t.Fatalf("store search: %v %v", res, err)
	}
	if !strings.Contains(string(page.Body), `id="search-total"`) {
		t.Error("no total on the page")
	}
	bad := c.Get("/search?q=%00")
	if bad.Status != 422 {
		t.Errorf("NUL byte: %d", bad.Status)
	}
}
