package api_test

import (
	"fmt"
	"net/url"
	"strings"
	"testing"

	"renda/internal/apptest"
)

// TestListsPageByCursor: the API's long lists, walked by next_cursor, list
// each item exactly once, as many as the total, in the same order as the
// pages by offset; prev_cursor leads back to the page before; a broken
// cursor is refused (422).
func TestListsPageByCursor(t *testing.T) {
	apptest.Each(t, apptest.Options{Demo: true}, func(t *testing.T, a *apptest.App) {
		staff := a.Token("staff")
		type page struct {
			Items      []map[string]any `json:"items"`
			Total      int              `json:"total"`
			Offset     int              `json:"offset"`
			NextCursor string           `json:"next_cursor"`
			PrevCursor string           `json:"prev_cursor"`
		}
		get := func(path, tok string) page {
			t.Helper()
			resp := a.Call("GET", path, tok, nil)
			if resp.Status != 200 {
				t.Fatalf("%s: %d %s", path, resp.Status, resp.Body)
			}
			var p page
			resp.JSON(t, &p)
			return p
		}
		key := func(it map[string]any) string {
			if id, ok := it["id"].(string); ok {
				return id
			}
			return fmt.Sprint(it["seq"])
		}
		keys := func(p page) []string {
			out := make([]string, len(p.Items))
			for i, it := range p.Items {
				out[i] = key(it)
			}
			return out
		}
		for _, c := range []struct {
			path, tok string
			limit     int
		}{
			{"/api/v1/suggestions", staff, 7},
			{"/api/v1/opinions", staff, 13},
			{"/api/v1/hotline/orders", staff, 3},
			{"/api/v1/audit", staff, 250},
			{"/api/v1/replies", "", 4},
			{"/api/v1/news", "", 2},
		} {
			sep := "?"
			if strings.Contains(c.path, "?") {
				sep = "&"
			}
			base := fmt.Sprintf("%s%slimit=%d", c.path, sep, c.limit)
			var byCursor, byOffset []string
			seen := map[string]int{}
			p := get(base, c.tok)
			total, pages := p.Total, 0
			var prev []string
			for {
				pages++
				if pages > 1 {
					back := get(base+"&cursor="+url.QueryEscape(p.PrevCursor), c.tok)
					if !equalStrings(keys(back), prev) {
						t.Errorf("%s: back from page %d: %v, want %v", c.path, pages, keys(back), prev)
					}
				}
				for _, k := range keys(p) {
					seen[k]++
				}
				byCursor = append(byCursor, keys(p)...)
				if p.NextCursor == "" {
					break
				}
				if pages > 2000 {
					t.Fatalf("%s: no end", c.path)
				}
				prev = keys(p)
				p = get(base+"&cursor="+url.QueryEscape(p.NextCursor), c.tok)
				if p.Offset != len(byCursor) {
					t.Errorf("%s: page %d at offset %d, after %d items", c.path, pages+1, p.Offset, len(byCursor))
				}
			}
			if pages < 3 || total == 0 {
				t.Errorf("%s: %d pages of %d items: too few to test", c.path, pages, total)
			}
			if len(byCursor) != total || len(seen) != total {
				t.Errorf("%s: %d listed (%d different), total %d", c.path, len(byCursor), len(seen), total)
			}
			for k, n := range seen {
				if n != 1 {
					t.Errorf("%s: %s listed %d times", c.path, k, n)
				}
			}
			// The same list by offset: first page, then offsets.
			for off := 0; off < total; off += c.limit {
				byOffset = append(byOffset, keys(get(fmt.Sprintf("%s&offset=%d", base, off), c.tok))...)
			}
			if !equalStrings(byCursor, byOffset) {
				t.Errorf("%s: by cursor\n%v\nby offset\n%v", c.path, byCursor, byOffset)
			}
		}
		if resp := a.Call("GET", "/api/v1/audit?cursor=broken!", staff, nil); resp.Status != 422 {
			t.Errorf("a broken cursor: %d %s", resp.Status, resp.Body)
		}
	})
}

func equalStrings(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
