package api_test

import (
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"testing"
)

func urlEscape(s string) string { return url.QueryEscape(s) }

func decodeJSON(t *testing.T, resp *http.Response, v any) {
	t.Helper()
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, v); err != nil {
		t.Fatalf("not JSON (%v): %s", err, b)
	}
}
