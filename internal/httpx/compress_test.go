package httpx_test

import (
	"bytes"
	"compress/gzip"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"renda/internal/httpx"
)

func gunzip(t *testing.T, b []byte) string {
	t.Helper()
	zr, err := gzip.NewReader(bytes.NewReader(b))
	if err != nil {
		t.Fatalf("not gzip: %v", err)
	}
	out, err := io.ReadAll(zr)
	if err != nil {
		t.Fatal(err)
	}
	return string(out)
}

func TestGzipByType(t *testing.T) {
	body := strings.Repeat("人大代表联络站 renda ", 200)
	h := httpx.Gzip(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", r.URL.Query().Get("ct"))
		_, _ = io.WriteString(w, body)
	}))
	for ct, want := range map[string]bool{
		"text/html; charset=utf-8": true, "text/css; charset=utf-8": true, "application/json": true,
		"application/problem+json; charset=utf-8": true, "image/svg+xml": true,
		"image/png": false, "image/jpeg": false, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": false,
	} {
		req := httptest.NewRequest("GET", "/x?ct="+url.QueryEscape(ct), nil)
		req.Header.Set("Accept-Encoding", "br, gzip;q=0.8")
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		got := rec.Header().Get("Content-Encoding") == "gzip"
		if got != want {
			t.Errorf("%s: compressed %v, want %v", ct, got, want)
		}
		if !strings.Contains(rec.Header().Get("Vary"), "Accept-Encoding") {
			t.Errorf("%s: no Vary: Accept-Encoding", ct)
		}
		if got && gunzip(t, rec.Body.Bytes()) != body {
			t.Errorf("%s: body changed", ct)
		}
		if !got && rec.Body.String() != body {
			t.Errorf("%s: body changed", ct)
		}
	}
	// A client that does not accept gzip (or refuses it) gets the plain body.
	for _, ae := range []string{"", "identity", "gzip;q=0", "br"} {
		req := httptest.NewRequest("GET", "/x?ct=text/html", nil)
		req.Header.Set("Accept-Encoding", ae)
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if rec.Header().Get("Content-Encoding") != "" || rec.Body.String() != body {
			t.Errorf("Accept-Encoding %q: compressed", ae)
		}
	}
}

// A streamed response reaches the client piece by piece, compressed.
func TestGzipStreams(t *testing.T) {
	next := make(chan struct{})
	srv := httptest.NewServer(httpx.Gzip(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		_, _ = io.WriteString(w, "<p>first</p>")
		if err := http.NewResponseController(w).Flush(); err != nil {
			t.Errorf("flush: %v", err)
		}
		<-next
		_, _ = io.WriteString(w, "<p>second</p>")
	})))
	defer srv.Close()
	resp, err := http.Get(srv.URL) // the client asks for gzip and decodes it
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if !resp.Uncompressed {
		t.Error("response was not gzip-compressed")
	}
	buf := make([]byte, len("<p>first</p>"))
	done := make(chan error, 1)
	go func() { _, err := io.ReadFull(resp.Body, buf); done <- err }()
	select {
	case err := <-done:
		if err != nil || string(buf) != "<p>first</p>" {
			t.Fatalf("first part: %q %v", buf, err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("first part did not arrive before the handler finished: not streamed")
	}
	close(next)
	rest, _ := io.ReadAll(resp.Body)
	if string(rest) != "<p>second</p>" {
		t.Errorf("rest = %q", rest)
	}
}
