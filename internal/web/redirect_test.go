package web

import "testing"

// TestSafeNext: only same-site paths survive; everything a browser could
// read as another host (after it strips tabs and newlines, or turns a
// backslash into a slash) becomes "/".
func TestSafeNext(t *testing.T) {
	for in, want := range map[string]string{
		"/s/abc":                "/s/abc",
		"/opinions?state=new#x": "/opinions?state=new#x",
		"/":                     "/",
		"":                      "/",
		"//evil.example":        "/",
		"/\\evil.example":       "/",
		"/\t/evil.example":      "/",
		"/\n/evil.example":      "/",
		"/\r\n/evil.example":    "/",
		"\t//evil.example":      "/",
		"/%09/evil.example":     "/%09/evil.example", // still encoded: a path on this site
		"https://evil.example/": "/",
		"javascript:alert(1)":   "/",
		"/a\\b":                 "/",
		"/\x00/evil.example":    "/",
		"/ /evil.example":       "/ /evil.example",
		"evil.example":          "/",
		"/.//evil.example":      "/.//evil.example",
		"/x/../\t/evil.example": "/",
		"/login?next=//evil.ex": "/login?next=//evil.ex",
	} {
		if got := safeNext(in); got != want {
			t.Errorf("safeNext(%q) = %q, want %q", in, got, want)
		}
	}
}
