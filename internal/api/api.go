// Package api serves renda's JSON API under /api/v1: one route table, from
// which both the mux and the OpenAPI document are made, handlers that
// return errors, and RFC 9457 problem+json for every error.
package api

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"renda"
	"renda/internal/httpx"
	"renda/internal/store"
	"renda/internal/xlsx"
)

// Config is what the API needs to know about the deployment.
type Config struct {
	BaseURL string // public URL of the site, for links and QR codes
	Demo    bool   // demo mode: demo integration secrets are accepted
	Version string
}

// API is the JSON API.
type API struct {
	db     *store.DB
	cfg    Config
	log    *slog.Logger
	routes []Route
}

// Route is one API operation: the mux pattern, who may call it, and its
// OpenAPI description.
//
// Who may call it is data: the router admits a caller before the handler
// runs (401 without a valid token, 403 for a role the route does not
// list), and /api/v1/openapi.json shows it as x-renda-roles. A route is
// either Public or lists its Roles; New refuses a table where one is
// neither or both. Whether the caller may see or change a particular item
// is still decided on the object, in the store.
type Route struct {
	Method  string
	Path    string // with {name} parameters, as net/http's ServeMux reads it
	Summary string
	Tag     string
	Public  bool         // anyone may call it, signed in or not
	Roles   []renda.Role // otherwise the roles that may call it (signedIn: every role)
	// SelfAuth says how a public route authenticates its caller itself
	// (an integration's signature or api_key): the router lets everyone
	// through and the handler refuses a bad credential.
	SelfAuth string
	Query    []Param // query parameters
	Request  any     // a value of the request body type, or nil
	Response any     // a value of the 2xx response body type, or nil
	Status   int     // the success status (default 200)
	Also     []int   // further success statuses with the same body (e.g. 200 for a repeat of a 201)
	Errors   []int   // statuses of problem responses besides 401/422
	Handler  func(w http.ResponseWriter, r *http.Request) error
	Content  string // response media type when not JSON (e.g. an xlsx file)
	XML      bool   // the route may also answer in XML (Open311's {file}.xml), errors included
	// Mux is the pattern the route is served under when its own would
	// clash with another route's (GET /api/v1/opinions/{id}/similar beside
	// GET /api/v1/opinions/track/{tracking_code}): routes sharing a Mux
	// pattern are told apart by the literal segments of their Path.
	Mux string
}

// samePath reports whether a request path has the shape of a route's Path:
// as many segments, the literal ones equal.
func samePath(pattern, path string) bool {
	ps, qs := strings.Split(pattern, "/"), strings.Split(path, "/")
	if len(ps) != len(qs) {
		return false
	}
	for i, p := range ps {
		if !strings.HasPrefix(p, "{") && p != qs[i] {
			return false
		}
	}
	return true
}

// Param is a query parameter.
type Param struct {
	Name, Type, Description string
	Enum                    []string
}

// New makes the API and its route table.
func New(db *store.DB, cfg Config, log *slog.Logger) *API {
	a := &API{db: db, cfg: cfg, log: log}
	a.routes = slices.Concat(a.foundationRoutes(), a.suggestionRoutes(), a.opinionRoutes(), a.voteRoutes(), a.searchRoutes(),
		a.recordRoutes(),
		a.tokenRoutes(),
		a.filingRoutes(),
		a.assistRoutes(),
		a.supervisionRoutes(),
		a.budgetRoutes(),
		a.dutyReportRoutes(),
		a.liaisonRoutes(),
		a.meetingRoutes(),
		a.meetingSessionRoutes(),
		a.appointeeReviewRoutes(),
		a.voteStaffRoutes(),
		a.portalRoutes(),
	)
	a.routes = append(a.routes, Route{Method: "GET", Path: "/api/v1/openapi.json", Summary: "This OpenAPI document", Tag: "meta", Public: true,
		Handler: func(w http.ResponseWriter, r *http.Request) error {
			return writeJSON(w, http.StatusOK, a.OpenAPI())
		}})
	for _, rt := range a.routes {
		if err := rt.check(); err != nil {
			panic(err)
		}
	}
	return a
}

// The sets of roles routes share.
var (
	signedIn   = renda.Roles // every signed-in user
	adminOnly  = []renda.Role{renda.RoleAdmin}
	adminStaff = []renda.Role{renda.RoleAdmin, renda.RoleStaff}
	staffSide  = []renda.Role{renda.RoleAdmin, renda.RoleStaff, renda.RoleLeader}
	deputyOnly = []renda.Role{renda.RoleDeputy}
)

// check reports a route whose callers are not declared exactly once.
func (rt Route) check() error {
	name := rt.Method + " " + rt.Path
	switch {
	case rt.Public && len(rt.Roles) > 0:
		return fmt.Errorf("api: route %s is public and lists roles", name)
	case !rt.Public && len(rt.Roles) == 0:
		return fmt.Errorf("api: route %s says neither Public nor Roles", name)
	case !rt.Public && rt.SelfAuth != "":
		return fmt.Errorf("api: route %s has SelfAuth but is not public", name)
	}
	for _, r := range rt.Roles {
		if !r.Valid() {
			return fmt.Errorf("api: route %s lists unknown role %q", name, r)
		}
	}
	return nil
}

// RoleNames is who may call the route, as x-renda-roles says it: the
// names of its roles in renda.Roles order, or ["public"].
func (rt Route) RoleNames() []string {
	if rt.Public {
		return []string{"public"}
	}
	var out []string
	for _, r := range renda.Roles {
		if slices.Contains(rt.Roles, r) {
			out = append(out, string(r))
		}
	}
	return out
}

// Admits reports whether a signed-in user of role may call the route.
func (rt Route) Admits(role renda.Role) bool {
	return rt.Public || slices.Contains(rt.Roles, role)
}

// Routes returns the route table itself (tests may replace handlers
// before Register).
func (a *API) Routes() []Route { return a.routes }

// Register adds every route to mux.
func (a *API) Register(mux *http.ServeMux) {
	shared := map[string][]Route{}
	for _, rt := range a.routes {
		if rt.Mux != "" {
			if shared[rt.Mux] == nil {
				pattern := rt.Mux
				mux.HandleFunc(pattern, func(w http.ResponseWriter, r *http.Request) {
					for _, rt := range shared[pattern] {
						if samePath(rt.Path, r.URL.Path) {
							a.adapt(rt).ServeHTTP(w, r)
							return
						}
					}
					a.adapt(Route{Public: true, Handler: func(w http.ResponseWriter, r *http.Request) error {
						return renda.Errorf(renda.ENOTFOUND, "没有这个接口：%s %s", r.Method, r.URL.Path)
					}}).ServeHTTP(w, r)
				})
			}
			shared[rt.Mux] = append(shared[rt.Mux], rt)
			continue
		}
		mux.Handle(rt.Method+" "+rt.Path, a.adapt(rt))
	}
	// Anything else under /api/ is a problem+json 404, not an HTML page —
	// or a 405 with Allow when the address exists for other methods.
	mux.Handle("/api/", a.adapt(Route{Public: true, Handler: func(w http.ResponseWriter, r *http.Request) error {
		if allow := allowed(mux, r); len(allow) > 0 {
			w.Header().Set("Allow", strings.Join(allow, ", "))
			return renda.Errorf(renda.EMETHOD, "接口 %s 不支持 %s 方法，可用：%s", r.URL.Path, r.Method, strings.Join(allow, ", "))
		}
		return renda.Errorf(renda.ENOTFOUND, "没有这个接口：%s %s", r.Method, r.URL.Path)
	}}))
}

// allowed returns the methods the mux serves r's path with (HEAD with GET).
func allowed(mux *http.ServeMux, r *http.Request) []string {
	var out []string
	for _, m := range []string{"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE"} {
		if m == r.Method {
			continue
		}
		probe := r.Clone(r.Context())
		probe.Method = m
		if _, pattern := mux.Handler(probe); pattern != "" && pattern != "/api/" {
			out = append(out, m)
		}
	}
	return out
}

// adapt turns a route into an http.Handler: it admits the caller by the
// route's roles, runs the handler, and writes any error as problem+json.
func (a *API) adapt(rt Route) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "no-store")
		err := admit(rt, r)
		if err == nil {
			err = rt.Handler(w, r)
		}
		if err != nil {
			a.problem(w, r, err)
		}
	})
}

// admit refuses a caller the route does not admit: EUNAUTHORIZED without a
// valid token (or why the token presented was refused), EFORBIDDEN for a
// signed-in user of a role the route does not list. Handlers of routes
// that are not public can rely on httpx.User(r) being one of the route's
// roles.
func admit(rt Route, r *http.Request) error {
	if rt.Public {
		return nil
	}
	u := httpx.User(r)
	if u == nil {
		if err := httpx.BadToken(r); err != nil {
			return err
		}
		return renda.Errorf(renda.EUNAUTHORIZED, "需要登录：请在 Authorization 头中提供 Bearer 令牌")
	}
	if !u.Is(rt.Roles...) {
		return renda.Errorf(renda.EFORBIDDEN, "您的角色（%s）无权进行此操作", u.Role.Label())
	}
	return nil
}

// Problem is an RFC 9457 problem details object.
type Problem struct {
	Type      string             `json:"type"`
	Title     string             `json:"title"`
	Status    int                `json:"status"`
	Detail    string             `json:"detail"`
	Instance  string             `json:"instance,omitempty"`
	Code      string             `json:"code"`
	RequestID string             `json:"request_id,omitempty"`
	Errors    []renda.FieldError `json:"errors,omitempty"`
	// Rows lists every bad row and column of a rejected import (nothing stored).
	Rows []xlsx.RowError `json:"rows,omitempty"`
}

var titles = map[string]string{
	renda.EINVALID: "Invalid input", renda.EMALFORMED: "Bad request", renda.EMETHOD: "Method not allowed", renda.ENOTFOUND: "Not found", renda.EFORBIDDEN: "Forbidden",
	renda.ECONFLICT: "Conflict", renda.EUNAUTHORIZED: "Unauthorized", renda.ETOOMANY: "Too many requests",
	renda.ETOOLARGE: "Too large", renda.EINTERNAL: "Internal error",
}

// Problem writes err as problem+json (for middleware that refuses a request
// before it reaches a route).
func (a *API) Problem(w http.ResponseWriter, r *http.Request, err error) { a.problem(w, r, err) }

func (a *API) problem(w http.ResponseWriter, r *http.Request, err error) {
	code := renda.ErrorCode(err)
	var mbe *http.MaxBytesError
	if errors.As(err, &mbe) {
		code, err = renda.ETOOLARGE, renda.Errorf(renda.ETOOLARGE, "请求内容太大：最多 %d 字节", mbe.Limit)
	}
	var ie *xlsx.ImportError
	if errors.As(err, &ie) {
		code = renda.EINVALID
	}
	status := httpx.Status(code)
	if code == renda.EINTERNAL {
		a.log.Error("api error", "request_id", httpx.RequestID(r.Context()), "path", r.URL.Path, "err", err)
	}
	p := Problem{
		Type: "urn:renda:problem:" + code, Title: titles[code], Status: status, Detail: renda.ErrorMessage(err),
		Instance: r.URL.Path, Code: code, RequestID: httpx.RequestID(r.Context()), Errors: renda.ErrorFields(err),
	}
	if ie != nil {
		p.Detail, p.Rows = ie.Error(), ie.Rows
	}
	if code == renda.EUNAUTHORIZED {
		w.Header().Set("WWW-Authenticate", `Bearer realm="renda"`)
	}
	w.Header().Set("Content-Type", "application/problem+json; charset=utf-8")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(p)
}

// writeJSON writes v as JSON with status.
func writeJSON(w http.ResponseWriter, status int, v any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	_, err = w.Write(append(b, '\n'))
	return err
}

// decode reads a JSON request body into v strictly: it must be JSON, valid
// UTF-8, one object, and name no field v lacks. Errors say in Chinese what
// is wrong and where.
func decode(r *http.Request, v any) error {
	if ct := r.Header.Get("Content-Type"); ct != "" && !strings.HasPrefix(ct, "application/json") {
		return renda.Errorf(renda.EINVALID, "请求内容类型应为 application/json，而不是 %s", ct)
	}
	body, err := io.ReadAll(r.Body)
	if err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return renda.Errorf(renda.ETOOLARGE, "请求内容太大：最多 %d 字节", mbe.Limit)
		}
		return renda.Errorf(renda.EINVALID, "无法读取请求内容")
	}
	if len(strings.TrimSpace(string(body))) == 0 {
		return renda.Errorf(renda.EMALFORMED, "请求内容为空：需要一个 JSON 对象")
	}
	if !utf8.Valid(body) {
		return renda.Errorf(renda.EINVALID, "请求内容不是合法的 UTF-8 编码")
	}
	dec := json.NewDecoder(strings.NewReader(string(body)))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return jsonError(err)
	}
	if dec.More() {
		return renda.Errorf(renda.EMALFORMED, "请求内容只能包含一个 JSON 对象")
	}
	return nil
}

func jsonError(err error) error {
	var se *json.SyntaxError
	var te *json.UnmarshalTypeError
	switch {
	case errors.As(err, &se):
		return renda.Errorf(renda.EMALFORMED, "JSON 格式错误（第 %d 字节附近）", se.Offset)
	case errors.As(err, &te) && te.Field == "":
		return renda.Errorf(renda.EMALFORMED, "请求内容应为一个 JSON 对象，而不是%s", jsonKind(te.Value))
	case errors.As(err, &te):
		field := te.Field
		return &renda.Error{Code: renda.EINVALID, Message: fmt.Sprintf("字段 %s 的类型错误：应为 %s", field, jsonKind(te.Type.Kind().String())),
			Fields: []renda.FieldError{{Field: field, Message: "类型错误，应为 " + jsonKind(te.Type.Kind().String())}}}
	case strings.HasPrefix(err.Error(), "json: unknown field "):
		name := strings.Trim(strings.TrimPrefix(err.Error(), "json: unknown field "), `"`)
		return &renda.Error{Code: renda.EINVALID, Message: "未知字段：" + name, Fields: []renda.FieldError{{Field: name, Message: "未知字段"}}}
	case errors.Is(err, io.ErrUnexpectedEOF):
		return renda.Errorf(renda.EMALFORMED, "JSON 不完整")
	}
	var re *renda.Error
	if errors.As(err, &re) {
		return re
	}
	return renda.Errorf(renda.EINVALID, "JSON 无法解析：%s", err.Error())
}

func jsonKind(k string) string {
	switch k {
	case "string":
		return "字符串"
	case "array":
		return "数组"
	case "int", "int64", "int32", "float64", "number":
		return "数字"
	case "bool":
		return "布尔值"
	case "slice":
		return "数组"
	case "struct", "map":
		return "对象"
	}
	return k
}

// List is the shape of every list response.
type List[T any] struct {
	Items      []T `json:"items"`
	Total      int `json:"total"`
	Limit      int `json:"limit"`
	Offset     int `json:"offset"`
	NextOffset int `json:"next_offset,omitempty"` // absent on the last page
	// NextCursor and PrevCursor lead to the neighbouring pages of a list read
	// by cursor (keyset): pass one as ?cursor= (absent where there is none).
	NextCursor string `json:"next_cursor,omitempty"`
	PrevCursor string `json:"prev_cursor,omitempty"`
}

func newList[T any](items []T, total int, p Page) List[T] {
	if items == nil {
		items = []T{}
	}
	l := List[T]{Items: items, Total: total, Limit: p.Limit, Offset: p.Offset}
	if p.Offset+len(items) < total {
		l.NextOffset = p.Offset + len(items)
	}
	return l
}

// newPageList is a list read by cursor: kp says where its page sits.
func newPageList[T any](items []T, total int, p Page, kp store.Page) List[T] {
	l := newList(items, total, Page{Limit: p.Limit, Offset: kp.From})
	l.NextCursor, l.PrevCursor = kp.Next, kp.Prev
	if kp.Next == "" {
		l.NextOffset = 0
	}
	return l
}

// Page is the limit and offset (or cursor) of a list request.
type Page struct {
	Limit, Offset int
	Cursor        string
}

// byCursor reports whether a list that can page by cursor is read so: a
// cursor is given, or no offset (a first page). An offset still works, the
// old way.
func (p Page) byCursor() bool { return p.Cursor != "" || p.Offset == 0 }

// cursorParam is the query parameter of a list that pages by cursor.
var cursorParam = Param{Name: "cursor", Description: "next_cursor or prev_cursor of another page of the list (keyset paging: costs the same at any depth; instead of offset)"}

// page reads ?limit= (1–500, default 50) and ?offset= (≥ 0).
func page(r *http.Request) (Page, error) {
	p := Page{Limit: 50}
	var probs renda.Problems
	if s := r.URL.Query().Get("limit"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 || n > 500 {
			probs.Add("limit", "limit 应为 1 到 500 之间的整数")
		}
		p.Limit = n
	}
	if s := r.URL.Query().Get("offset"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 0 {
			probs.Add("offset", "offset 应为非负整数")
		}
		p.Offset = n
	}
	if s := r.URL.Query().Get("cursor"); s != "" {
		if len(s) > 2000 {
			probs.Add("cursor", "cursor 无效：请使用上一页返回的 next_cursor")
		}
		p.Cursor = s
	}
	return p, probs.Err()
}

// query returns a query parameter checked for valid UTF-8 and length.
func query(r *http.Request, name string, max int) (string, error) {
	v := r.URL.Query().Get(name)
	if !utf8.ValidString(v) {
		return "", &renda.Error{Code: renda.EINVALID, Message: "参数 " + name + " 不是合法的 UTF-8", Fields: []renda.FieldError{{Field: name, Message: "编码错误"}}}
	}
	if utf8.RuneCountInString(v) > max {
		return "", &renda.Error{Code: renda.EINVALID, Message: fmt.Sprintf("参数 %s 太长（最多 %d 个字）", name, max), Fields: []renda.FieldError{{Field: name, Message: "太长"}}}
	}
	return strings.TrimSpace(v), nil
}

// idParam reads an optional id query parameter into dst; anything that is
// not an id renda makes is reported on p.
func idParam(p *renda.Problems, r *http.Request, name string, dst *string) {
	if v := r.URL.Query().Get(name); v != "" {
		if !renda.ValidID(v) {
			p.Add(name, "%s 不是有效的编号", name)
		}
		*dst = v
	}
}

// pathID returns a path parameter that must be a renda id; anything else
// is "not found" without touching the database.
func pathID(r *http.Request, name string) (string, error) {
	id := r.PathValue(name)
	if !renda.ValidID(id) {
		return "", renda.Errorf(renda.ENOTFOUND, "找不到编号为“%s”的记录", trunc(id, 40))
	}
	return id, nil
}

func trunc(s string, n int) string {
	s = strings.ToValidUTF8(s, "")
	if r := []rune(s); len(r) > n {
		return string(r[:n]) + "…"
	}
	return s
}
