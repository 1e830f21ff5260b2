package server_test

import (
	"bytes"
	"mime/multipart"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"renda/internal/api"
	"renda/internal/apptest"
	"renda/internal/demo"
	"renda/internal/web"
)

// TestBadTextRefusedEverywhere: a NUL or other control byte in the query of
// every page and API route, in a form field, a multipart field or a JSON
// string is refused with 422 before any handler runs — problem+json for the
// API, a Chinese error page for pages — and never reaches the database.
func TestBadTextRefusedEverywhere(t *testing.T) {
	apptest.Each(t, apptest.Options{Demo: true}, func(t *testing.T, a *apptest.App) {
		srv, err := web.New(a.DB, web.Config{BaseURL: a.URL, Demo: true}, nil)
		if err != nil {
			t.Fatal(err)
		}
		admin := a.Browser("admin")
		pages := 0
		for pattern := range srv.Patterns() {
			method, path, _ := strings.Cut(pattern, " ")
			if method != "GET" {
				continue
			}
			for _, q := range []string{"?q=%00", "?q=a%01b", "?page=1&state=%7f"} {
				resp := admin.Get(concrete(path) + q)
				if resp.Status != http.StatusUnprocessableEntity || !strings.Contains(string(resp.Body), "不允许的字符") {
					t.Errorf("GET %s%s: %d, want 422 with a Chinese message", path, q, resp.Status)
				}
			}
			pages++
		}
		tok := a.Token("admin")
		ap := api.New(a.DB, api.Config{BaseURL: a.URL}, nil)
		apis := 0
		for _, rt := range ap.Routes() {
			if rt.Method != "GET" {
				continue
			}
			resp := a.Call("GET", concrete(rt.Path)+"?q=%00", tok, nil)
			if resp.Status != http.StatusUnprocessableEntity || !strings.HasPrefix(resp.Header.Get("Content-Type"), "application/problem+json") {
				t.Errorf("GET %s?q=%%00: %d %s, want 422 problem+json", rt.Path, resp.Status, resp.Header.Get("Content-Type"))
			}
			apis++
		}
		if pages < 40 || apis < 20 {
			t.Errorf("only %d pages and %d API routes checked", pages, apis)
		}
		// A path segment.
		if resp := admin.Get("/deputies/%00"); resp.Status != http.StatusUnprocessableEntity {
			t.Errorf("NUL in the path: %d", resp.Status)
		}
		// Forms, plain and multipart, signed in and public.
		anon := a.Browser("")
		if resp := anon.Post("/track", url.Values{"code": {"ABCD\x00EFG"}}); resp.Status != http.StatusUnprocessableEntity || !strings.Contains(string(resp.Body), "不允许的字符") {
			t.Errorf("NUL in a public form: %d", resp.Status)
		}
		anon.Get("/s/" + demo.TashanStation + "/new")
		if resp := anon.Post("/s/"+demo.TashanStation+"/new", url.Values{"content": {"路灯坏了\x00"}, "name": {"张三"}}); resp.Status != http.StatusUnprocessableEntity {
			t.Errorf("NUL in an opinion form: %d", resp.Status)
		}
		staff := a.Browser("staff")
		var buf bytes.Buffer
		mw := multipart.NewWriter(&buf)
		_ = mw.WriteField("csrf", staff.CSRF())
		_ = mw.WriteField("title", "标题\x1b[2J")
		mw.Close()
		if resp := staff.PostRaw("/opinions/new", mw.FormDataContentType(), &buf); resp.Status != http.StatusUnprocessableEntity {
			t.Errorf("escape byte in a multipart field: %d", resp.Status)
		}
		// JSON strings, escaped or not, in keys or values.
		for _, body := range []string{
			`{"station":"` + demo.TashanStation + `","content":"路灯坏了\u0000"}`,
			`{"station":"` + demo.TashanStation + `","content":"ok","name":"\u0007"}`,
		} {
			resp := a.Call("POST", "/api/v1/opinions", "", body)
			if resp.Status != http.StatusUnprocessableEntity || !strings.Contains(string(resp.Body), "content") && !strings.Contains(string(resp.Body), "name") {
				t.Errorf("POST %s: %d %s", body, resp.Status, resp.Body)
			}
		}
		// Tabs and line breaks are text.
		if resp := a.Call("POST", "/api/v1/opinions", "", `{"station":"`+demo.TashanStation+`","content":"路灯坏了。\n\t三天了"}`); resp.Status != http.StatusCreated {
			t.Errorf("a line break refused: %d %s", resp.Status, resp.Body)
		}
	})
}
