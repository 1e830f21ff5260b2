package api

import (
	"encoding/json"
	"reflect"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"

	"renda"
)

// OpenAPI returns the OpenAPI 3.1 document of the API, made from the same
// route table the mux is built from; a test checks both stay in step.
func (a *API) OpenAPI() map[string]any {
	g := &schemaGen{defs: map[string]any{}}
	paths := map[string]map[string]any{}
	for _, rt := range a.routes {
		op := map[string]any{
			"summary":     rt.Summary,
			"operationId": operationID(rt),
			"tags":        []string{rt.Tag},
			// Who may call it, exactly as the router admits: role names, or ["public"].
			"x-renda-roles": rt.RoleNames(),
		}
		switch {
		case !rt.Public:
			op["security"] = []map[string][]string{{"bearer": {}}}
			op["description"] = "Who may call it: " + strings.Join(rt.RoleNames(), ", ") + " (others get 401 without a token, 403 with one)."
		case rt.SelfAuth != "":
			op["description"] = "No user token: the call authenticates itself. " + rt.SelfAuth + "."
		}
		var params []map[string]any
		for _, name := range pathParams.FindAllStringSubmatch(rt.Path, -1) {
			params = append(params, map[string]any{"name": name[1], "in": "path", "required": true, "schema": map[string]any{"type": "string"}})
		}
		for _, q := range rt.Query {
			s := map[string]any{"type": q.Type}
			if q.Type == "" {
				s["type"] = "string"
			}
			if len(q.Enum) > 0 {
				s["enum"] = q.Enum
			}
			params = append(params, map[string]any{"name": q.Name, "in": "query", "description": q.Description, "schema": s})
		}
		if len(params) > 0 {
			op["parameters"] = params
		}
		if ab, ok := rt.Request.(actionBody); ok {
			op["requestBody"] = map[string]any{"required": false, "content": map[string]any{
				"application/json": map[string]any{"schema": ab.schema()}}}
		} else if mb, ok := rt.Request.(multipartBody); ok {
			op["requestBody"] = map[string]any{"required": true, "content": map[string]any{
				"multipart/form-data": map[string]any{"schema": mb.schema()}}}
		} else if rt.Request != nil {
			op["requestBody"] = map[string]any{"required": true, "content": map[string]any{
				"application/json": map[string]any{"schema": g.schema(reflect.TypeOf(rt.Request))}}}
		}
		status := rt.Status
		if status == 0 {
			status = 200
		}
		ok := map[string]any{"description": "OK"}
		switch {
		case rt.Content != "":
			c := map[string]any{rt.Content: map[string]any{"schema": map[string]any{"type": "string", "format": "binary"}}}
			if rt.Response != nil { // a file, or JSON by the path's extension
				c["application/json"] = map[string]any{"schema": g.schema(reflect.TypeOf(rt.Response))}
			}
			ok["content"] = c
		case rt.Response != nil:
			ok["content"] = map[string]any{"application/json": map[string]any{"schema": g.schema(reflect.TypeOf(rt.Response))}}
		}
		if rt.XML {
			if c, _ := ok["content"].(map[string]any); c != nil {
				c["text/xml"] = map[string]any{"schema": map[string]any{"type": "string"}}
			}
		}
		responses := map[string]any{itoa(status): ok}
		for _, s := range rt.Also {
			responses[itoa(s)] = ok
		}
		errs := append([]int{400, 422}, rt.Errors...)
		if !rt.Public {
			errs = append(errs, 401, 403)
		}
		if rt.Request != nil {
			errs = append(errs, 413)
		}
		// The statuses a caller should expect are listed; any other error
		// (429, 500, …) has the same shape, so "default" describes it.
		errRef := map[string]any{"$ref": "#/components/responses/Problem"}
		if rt.Tag == "open311" {
			errRef = map[string]any{"$ref": "#/components/responses/Open311Errors"}
		}
		for _, s := range errs {
			responses[itoa(s)] = errRef
		}
		responses["default"] = errRef
		op["responses"] = responses
		if paths[rt.Path] == nil {
			paths[rt.Path] = map[string]any{}
		}
		paths[rt.Path][strings.ToLower(rt.Method)] = op
	}
	g.schema(reflect.TypeOf(Problem{})) // registers the Problem component (it returns only a $ref to it)
	return map[string]any{
		"openapi": "3.1.0",
		"info": map[string]any{
			"title":       "renda 智慧人大 API",
			"version":     a.cfg.Version,
			"description": "JSON API of renda. Authenticate with POST /api/v1/auth/login or a token from `renda token create`, then send `Authorization: Bearer <token>`. Errors are RFC 9457 problem details (application/problem+json). Lists take limit (1–500) and offset and return {items, total, limit, offset, next_offset}.",
		},
		"servers": []map[string]any{{"url": serverURL(a.cfg.BaseURL)}},
		"paths":   paths,
		"components": map[string]any{
			"securitySchemes": map[string]any{"bearer": map[string]any{"type": "http", "scheme": "bearer"}},
			"schemas":         g.defs,
			"responses": map[string]any{
				"Problem": map[string]any{
					"description": "An error, as RFC 9457 problem details",
					"content":     map[string]any{"application/problem+json": map[string]any{"schema": map[string]any{"$ref": "#/components/schemas/Problem"}}},
				},
				"Open311Errors": map[string]any{
					"description": "An Open311 error: a list of {code, description}",
					"content":     open311ErrorContent(g),
				},
			},
		},
	}
}

// serverURL is the document's server: the site's public URL, or "/" (this
// host) when none is configured — an empty URL is not valid OpenAPI.
func serverURL(base string) string {
	if base = strings.TrimSuffix(base, "/"); base != "" {
		return base
	}
	return "/"
}

var pathParams = regexp.MustCompile(`\{([a-zA-Z_]+)\.*\}`)

func operationID(rt Route) string {
	p := strings.NewReplacer("/api/v1/", "", "/", "_", "{", "", "}", "", ".", "_", "-", "_").Replace(rt.Path)
	return strings.ToLower(rt.Method) + "_" + p
}

func itoa(n int) string { return strconv.Itoa(n) }

type schemaGen struct {
	defs map[string]any
}

var (
	timeType    = reflect.TypeOf(time.Time{})
	rawJSONType = reflect.TypeOf(json.RawMessage{})
	dateType    = reflect.TypeOf(renda.Date{})
)

// schema describes a Go type as JSON Schema, following json tags. Named
// struct types become components.
func (g *schemaGen) schema(t reflect.Type) map[string]any {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch t {
	case rawJSONType:
		return map[string]any{} // any JSON value
	case timeType:
		return map[string]any{"type": "string", "format": "date-time"}
	case dateType:
		return map[string]any{"type": []string{"string", "null"}, "format": "date"}
	}
	switch t.Kind() {
	case reflect.String:
		return map[string]any{"type": "string"}
	case reflect.Bool:
		return map[string]any{"type": "boolean"}
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64, reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return map[string]any{"type": "integer"}
	case reflect.Float32, reflect.Float64:
		return map[string]any{"type": "number"}
	case reflect.Slice, reflect.Array:
		if t.Elem().Kind() == reflect.Uint8 {
			return map[string]any{"type": "string"}
		}
		return map[string]any{"type": "array", "items": g.schema(t.Elem())}
	case reflect.Map:
		return map[string]any{"type": "object", "additionalProperties": g.schema(t.Elem())}
	case reflect.Interface:
		return map[string]any{}
	case reflect.Struct:
		name := schemaName(t)
		if name != "" {
			if _, ok := g.defs[name]; !ok {
				g.defs[name] = map[string]any{} // placeholder against recursion
				g.defs[name] = g.object(t)
			}
			return map[string]any{"$ref": "#/components/schemas/" + name}
		}
		return g.object(t)
	}
	return map[string]any{}
}

func schemaName(t reflect.Type) string {
	name := t.Name()
	if name == "" {
		return ""
	}
	// Generic instantiations such as List[renda.Deputy] get a readable name.
	if i := strings.IndexByte(name, '['); i >= 0 {
		inner := name[i+1 : len(name)-1]
		if j := strings.LastIndexAny(inner, "./"); j >= 0 {
			inner = inner[j+1:]
		}
		name = name[:i] + "Of" + strings.TrimPrefix(inner, "*")
	}
	return name
}

func (g *schemaGen) object(t reflect.Type) map[string]any {
	props := map[string]any{}
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		if !f.IsExported() {
			continue
		}
		tag := f.Tag.Get("json")
		if tag == "-" {
			continue
		}
		name, _, _ := strings.Cut(tag, ",")
		if f.Anonymous && name == "" {
			if sub, ok := g.object(derefType(f.Type))["properties"].(map[string]any); ok {
				for k, v := range sub {
					props[k] = v
				}
			}
			continue
		}
		if name == "" {
			name = f.Name
		}
		sch := g.schema(f.Type)
		if f.Type.Kind() == reflect.Pointer && !strings.Contains(tag, ",omitempty") {
			sch = nullable(sch) // a nil pointer is written as null
		}
		props[name] = sch
	}
	return map[string]any{"type": "object", "properties": props}
}

func derefType(t reflect.Type) reflect.Type {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	return t
}

// open311ErrorContent is the media types of an Open311 error.
func open311ErrorContent(g *schemaGen) map[string]any {
	return map[string]any{
		"application/json": map[string]any{"schema": g.schema(reflect.TypeOf([]open311Err{}))},
		"text/xml":         map[string]any{"schema": map[string]any{"type": "string", "description": "<errors><error><code/><description/></error></errors>"}},
	}
}

// nullable lets a schema also accept null.
func nullable(s map[string]any) map[string]any {
	switch t := s["type"].(type) {
	case string:
		out := map[string]any{}
		for k, v := range s {
			out[k] = v
		}
		out["type"] = []string{t, "null"}
		return out
	case []string:
		return s // already a list (Date says null itself)
	}
	if len(s) == 0 {
		return s // anything, null included
	}
	return map[string]any{"anyOf": []any{s, map[string]any{"type": "null"}}}
}

// multipartBody describes a multipart/form-data request: text fields (name →
// description) and one file field.
type multipartBody struct {
	Fields map[string]string
	File   string
}

func (m multipartBody) schema() map[string]any {
	props := map[string]any{m.File: map[string]any{"type": "string", "format": "binary"}}
	req := []string{m.File}
	for k, d := range m.Fields {
		props[k] = map[string]any{"type": "string", "description": d}
		req = append(req, k)
	}
	sort.Strings(req)
	return map[string]any{"type": "object", "properties": props, "required": req}
}
