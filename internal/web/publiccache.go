package web

import (
	"bytes"
	"net/http"
	"time"

	"renda/internal/httpx"
)

// DefaultPageCache is how long a public page (a station's or a deputy's,
// reached by QR code) is served from memory to the anonymous public unless
// Config.PageCache (renda serve --page-cache) says otherwise. A poster
// shared in a WeChat group brings bursts of the same page; five seconds of
// staleness — the same as the settings cache — is invisible there.
const DefaultPageCache = 5 * time.Second

type cachedPage struct {
	body []byte
	at   time.Time
}

// cachedPublic serves a public page from memory when the request is
// anonymous and plain (no session, no flash message, no query string), else
// renders it as usual. With the cache off (Config.PageCache < 0) every
// request renders afresh. build returns the template and data. The cache holds
// at most one entry per page, language and text size, so it cannot grow
// with what strangers type into URLs.
func (s *Server) cachedPublic(w http.ResponseWriter, r *http.Request, build func() (string, any, error)) error {
	_, flash := r.Cookie("renda_flash")
	if s.cfg.PageCache < 0 || httpx.User(r) != nil || flash == nil || r.URL.RawQuery != "" {
		page, data, err := build()
		if err != nil {
			return err
		}
		return s.render(w, r, page, data)
	}
	large := "0"
	if c, err := r.Cookie("renda_large"); err == nil && c.Value == "1" {
		large = "1"
	}
	key := lang(r) + "|" + large + "|" + r.URL.Path
	cache := &s.publicPages
	if v, ok := cache.Load(key); ok && time.Since(v.(cachedPage).at) < s.cfg.PageCache {
		writePage(w, v.(cachedPage).body)
		return nil
	}
	page, data, err := build()
	if err != nil {
		return err
	}
	t, err := s.tmpl.get(lang(r), page)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, "layout", data); err != nil {
		return err
	}
	cache.Store(key, cachedPage{body: buf.Bytes(), at: time.Now()})
	writePage(w, buf.Bytes())
	return nil
}

func writePage(w http.ResponseWriter, body []byte) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(http.StatusOK)
	_, _ = w.Write(body)
}
