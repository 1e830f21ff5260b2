package api_test

import (
	"context"
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
