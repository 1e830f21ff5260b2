package api_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/legacy"

	"renda/internal/api"
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

// Every API response the tests of this package receive — through
// apptest's App.Call, a Browser, or http.DefaultClient — is checked against
// /api/v1/openapi.json (issue 9 point 28): its status must be documented
// and its body must match the documented schema. A mismatch fails the
// request, and so the test that made it.
func init() {
	http.DefaultTransport = &specCheck{next: http.DefaultTransport}
}

type specCheck struct{ next http.RoundTripper }

var spec struct {
	once   sync.Once
	doc    *openapi3.T
	router routers.Router
	err    error
}

// loadSpec builds the OpenAPI document from the same route table the
// server serves (the test TestOpenAPIMatchesRoutes keeps the two in step).
func loadSpec() (*openapi3.T, routers.Router, error) {
	spec.once.Do(func() {
		a := api.New(nil, api.Config{Version: "test"}, slog.New(slog.NewTextHandler(io.Discard, nil)))
		b, err := json.Marshal(a.OpenAPI())
		if err != nil {
			spec.err = err
			return
		}
		doc, err := openapi3.NewLoader().LoadFromData(b)
		if err != nil {
			spec.err = err
			return
		}
		if err := doc.Validate(context.Background()); err != nil {
			spec.err = err
			return
		}
		doc.Servers = nil // match paths on whatever host the test server has
		spec.doc = doc
		spec.router, spec.err = legacy.NewRouter(doc)
	})
	return spec.doc, spec.router, spec.err
}

func (c *specCheck) RoundTrip(req *http.Request) (*http.Response, error) {
	resp, err := c.next.RoundTrip(req)
	if err != nil || !isAPI(req.URL.Path) || req.Method == http.MethodHead {
		return resp, err
	}
	body, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	if err != nil {
		return nil, err
	}
	resp.Body = io.NopCloser(bytes.NewReader(body))
	if err := checkResponse(req, resp, body); err != nil {
		return nil, fmt.Errorf("response %d does not match openapi.json: %w\nbody: %.600s", resp.StatusCode, err, body)
	}
	return resp, nil
}

func isAPI(path string) bool {
	return strings.HasPrefix(path, "/api/") || strings.HasPrefix(path, "/open311/")
}

func checkResponse(req *http.Request, resp *http.Response, body []byte) error {
	doc, router, err := loadSpec()
	if err != nil {
		return fmt.Errorf("openapi.json: %w", err)
	}
	ct := resp.Header.Get("Content-Type")
	route, params, err := router.FindRoute(req)
	if err != nil {
		// Not an operation of the document (an unknown path, a wrong
		// method): the answer must be a problem.
		if resp.StatusCode < 400 {
			return fmt.Errorf("%s %s is not documented but answered %d", req.Method, req.URL.Path, resp.StatusCode)
		}
		if !strings.HasPrefix(ct, "application/problem+json") {
			return fmt.Errorf("error answered as %q, not problem+json", ct)
		}
		var v any
		if err := json.Unmarshal(body, &v); err != nil {
			return err
		}
		return doc.Components.Schemas["Problem"].Value.VisitJSON(v, openapi3.EnableJSONSchema2020())
	}
	opts := &openapi3filter.Options{IncludeResponseStatus: true, MultiError: true}
	if mt, _, _ := strings.Cut(ct, ";"); !strings.HasSuffix(strings.TrimSpace(mt), "json") {
		opts.ExcludeResponseBody = true // a file (xlsx, …): its media type is still checked below
		if ok := route.Operation.Responses.Status(resp.StatusCode); ok != nil && ok.Value != nil && len(ok.Value.Content) > 0 && ok.Value.Content.Get(ct) == nil {
			return fmt.Errorf("media type %q is not documented", ct)
		}
	}
	in := &openapi3filter.ResponseValidationInput{
		RequestValidationInput: &openapi3filter.RequestValidationInput{Request: req, PathParams: params, Route: route},
		Status:                 resp.StatusCode,
		Header:                 resp.Header,
		Options:                opts,
	}
	in.SetBodyBytes(body)
	return openapi3filter.ValidateResponse(context.Background(), in)
}
