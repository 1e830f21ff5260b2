package web_test

import (
	"context"
	"html"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"renda/internal/apptest"
	"renda/internal/store"
)

// TestListsPageByCursor: the staff's lists of suggestions, opinions and 12345
// orders page by a cursor in the plain "next page" link (no script needed):
// following the links lists each item once, as many as the total says, and
// "previous page" goes back; a broken cursor gets a clear error.
func TestListsPageByCursor(t *testing.T) {
	a := apptest.New(t, apptest.Options{Dialect: store.SQLite, Demo: true})
	if _, err := a.DB.SeedSynthetic(context.Background(), 20, nil); err != nil {
		t.Fatal(err)
	}
	staff := a.Browser("staff")
	totalRE := regexp.MustCompile(`class="pager" data-total="(\d+)"`)
	prevRE := regexp.MustCompile(`href="(\?[^"]*)">上一页<`)
	for _, l := range []struct {
		path string
		item *regexp.Regexp
	}{
		{"/suggestions?view=all", regexp.MustCompile(`href="/suggestions/([0-9A-Za-z]{16,})"`)},
		{"/opinions", regexp.MustCompile(`href="/opinions/([0-9A-Za-z]{16,})"`)},
		{"/hotline", regexp.MustCompile(`href="/opinions/([0-9A-Za-z]{16,})"`)},
		{"/replies", regexp.MustCompile(`href="/replies/([0-9A-Za-z]{16,})"`)},
		{"/audit?entity=suggestion", regexp.MustCompile(`<td class="num">(\d+)</td>`)},
	} {
		base, _, _ := strings.Cut(l.path, "?")
		seen := map[string]int{}
		url, pages, total := l.path, 0, -1
		var prevPage []byte
		for url != "" {
			res := staff.Get(url)
			if res.Status != http.StatusOK {
				t.Fatalf("%s: %d", url, res.Status)
			}
			if m := totalRE.FindSubmatch(res.Body); m != nil && total < 0 {
				total, _ = strconv.Atoi(string(m[1]))
			}
			onPage := map[string]bool{}
			for _, m := range l.item.FindAllSubmatch(res.Body, -1) {
				onPage[string(m[1])] = true
			}
			for id := range onPage {
				seen[id]++
			}
			if pages > 0 {
				m := prevRE.FindSubmatch(res.Body)
				if m == nil {
					t.Fatalf("%s: page %d has no link to the previous page", l.path, pages+1)
				}
				back := staff.Get(base + html.UnescapeString(string(m[1])))
				if string(itemsOf(l.item, back.Body)) != string(itemsOf(l.item, prevPage)) {
					t.Errorf("%s: the previous page of page %d is another page", l.path, pages+1)
				}
			}
			prevPage = res.Body
			pages++
			url = ""
			if m := nextPageRE.FindSubmatch(res.Body); m != nil {
				url = base + html.UnescapeString(string(m[1]))
				if !strings.Contains(url, "cursor=") || strings.Contains(url, "page=") {
					t.Fatalf("%s: next page link %s", l.path, url)
				}
			}
			if pages > 200 {
				t.Fatalf("%s: no last page", l.path)
			}
		}
		if pages < 2 {
			t.Errorf("%s: only %d page", l.path, pages)
		}
		if len(seen) != total {
			t.Errorf("%s: %d items over %d pages, the total says %d", l.path, len(seen), pages, total)
		}
		for id, n := range seen {
			if n != 1 {
				t.Errorf("%s: %s on %d pages", l.path, id, n)
			}
		}
	}
	res := staff.Get("/opinions?cursor=bm90LWEtY3Vyc29y")
	if res.Status != http.StatusBadRequest && res.Status != http.StatusUnprocessableEntity || !strings.Contains(string(res.Body), "翻页参数无效") {
		t.Errorf("a broken cursor: %d", res.Status)
	}
}

// itemsOf lists the ids item finds in a page, in order.
func itemsOf(item *regexp.Regexp, body []byte) []byte {
	var out []byte
	for _, m := range item.FindAllSubmatch(body, -1) {
		out = append(append(out, m[1]...), ' ')
	}
	return out
}
