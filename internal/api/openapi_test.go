package api_test

import (
	"context"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"

	"renda/internal/apptest"
)

// Issue 9 point 28: /api/v1/openapi.json passes a real OpenAPI validator
// (kin-openapi), references and all.
func TestOpenAPIDocumentValid(t *testing.T) {
	a := apptest.New(t, apptest.Options{})
	resp := a.Call("GET", "/api/v1/openapi.json", "", nil)
	if resp.Status != 200 {
		t.Fatalf("openapi.json: %d", resp.Status)
	}
	doc, err := loadOpenAPI(resp.Body)
	if err != nil {
		t.Fatalf("load: %v", err)
	}
	if !doc.IsOpenAPI31OrLater() {
		t.Errorf("openapi = %s, want 3.1", doc.OpenAPI)
	}
	if err := doc.Validate(context.Background(), openapi3.EnableSchemaFormatValidation()); err != nil {
		t.Fatalf("openapi.json is not a valid OpenAPI document: %v", err)
	}
	p := doc.Components.Schemas["Problem"]
	if p == nil || p.Ref != "" || p.Value == nil || p.Value.Properties["status"] == nil || p.Value.Properties["detail"] == nil {
		t.Errorf("Problem schema is not an object with status and detail: %+v", p)
	}
}

func loadOpenAPI(b []byte) (*openapi3.T, error) {
	l := openapi3.NewLoader()
	return l.LoadFromData(b)
}

// The check every API test's responses go through (helpers_test.go) refuses
// what openapi.json does not describe.
func TestResponseCheckCatchesMismatches(t *testing.T) {
	req, _ := http.NewRequest("GET", "http://127.0.0.1:1/api/v1/me", nil)
	jsonResp := func(status int, ct, body string) *http.Response {
		return &http.Response{StatusCode: status, Header: http.Header{"Content-Type": {ct}}, Body: io.NopCloser(strings.NewReader(body))}
	}
	for name, c := range map[string]struct {
		resp *http.Response
		body string
	}{
		"wrong type":          {jsonResp(200, "application/json", ""), `{"username": 5}`},
		"undocumented status": {jsonResp(201, "application/json", ""), `{"username": "x"}`},
		"error not a problem": {jsonResp(404, "application/json", ""), `{"error": "x"}`},
		"problem wrong shape": {jsonResp(403, "application/problem+json", ""), `{"status": "forbidden"}`},
	} {
		if err := checkResponse(req, c.resp, []byte(c.body)); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
	if err := checkResponse(req, jsonResp(401, "application/problem+json", ""), []byte(`{"type":"urn:renda:problem:unauthorized","title":"Unauthorized","status":401,"detail":"需要登录","code":"unauthorized"}`)); err != nil {
		t.Errorf("a right problem refused: %v", err)
	}
}
