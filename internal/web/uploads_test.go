package web_test

import (
	"bytes"
	"mime/multipart"
	"net/http"
	"path/filepath"
	"testing"

	"renda/internal/apptest"
	"renda/internal/demo"
	"renda/internal/httpx"
)

// TestMultipartTempFilesRemoved: a multipart post large enough to be
// spooled to disk leaves no multipart-* file behind, whoever sends it and
// wherever it was read (by a handler, or by the CSRF check of a signed-in
// post that then fails).
func TestMultipartTempFilesRemoved(t *testing.T) {
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp)
	apptest.Each(t, apptest.Options{Demo: true}, func(t *testing.T, a *apptest.App) {
		body := func() (*bytes.Buffer, string) {
			var buf bytes.Buffer
			mw := multipart.NewWriter(&buf)
			_ = mw.WriteField("content", "路灯坏了")
			fw, _ := mw.CreateFormFile("photos", "big.jpg")
			_, _ = fw.Write(bytes.Repeat([]byte{0xff}, 9<<20))
			mw.Close()
			return &buf, mw.FormDataContentType()
		}
		anon := a.Browser("")
		for _, path := range []string{"/s/" + demo.TashanStation + "/new", "/track", "/login"} {
			b, ct := body()
			anon.PostRaw(path, ct, b)
		}
		// A signed-in post without its CSRF token: the check reads the form.
		staff := a.Browser("staff")
		b, ct := body()
		req, _ := http.NewRequest("POST", a.URL+"/opinions/new", b)
		req.Header.Set("Content-Type", ct)
		req.AddCookie(&http.Cookie{Name: httpx.SessionCookie, Value: staff.SessionCookie()})
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusForbidden {
			t.Errorf("post without CSRF token: %d", resp.StatusCode)
		}
		left, _ := filepath.Glob(filepath.Join(tmp, "multipart-*"))
		if len(left) > 0 {
			t.Errorf("%d temporary upload files left behind: %v", len(left), left)
		}
	})
}
