package api

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"strconv"
	"strings"

	"renda"
	"renda/internal/attach"
	"renda/internal/httpx"
	"renda/internal/store"
	"renda/suggestion"
)

// suggestionRoutes are the API routes of motions and suggestions.
func (a *API) suggestionRoutes() []Route {
	list := []Param{{Name: "status", Description: "one status, or several separated by commas", Enum: sugStates()},
		{Name: "kind", Enum: []string{"suggestion", "motion"}}, {Name: "unit", Description: "a handling unit's id"},
		{Name: "overdue", Type: "boolean", Description: "only items whose reply is late"}, {Name: "priority", Type: "boolean"},
		{Name: "todo", Type: "boolean", Description: "only items waiting for the caller's action"},
		{Name: "q", Description: "title, number or proposer"}, {Name: "category"}, {Name: "session_id"}, {Name: "year", Type: "integer"},
		{Name: "limit", Type: "integer"}, {Name: "offset", Type: "integer"}}
	reporters := []renda.Role{renda.RoleAdmin, renda.RoleStaff, renda.RoleLeader, renda.RoleUnit}
	statsQ := []Param{{Name: "year", Type: "integer"}, {Name: "session_id"}, {Name: "kind", Enum: []string{"suggestion", "motion"}}}
	return []Route{
		{Method: "POST", Path: "/api/v1/suggestions", Summary: "Draft a motion or suggestion (a deputy)", Tag: "suggestions", Roles: deputyOnly,
			Request: suggestionInput{}, Response: suggestionResponse{}, Status: 201, Errors: []int{409}, Handler: a.createSuggestion},
		{Method: "GET", Path: "/api/v1/suggestions", Summary: "List the motions and suggestions the caller may see", Tag: "suggestions", Roles: signedIn,
			Query: append(list[:len(list):len(list)], cursorParam), Response: List[suggestion.Suggestion]{}, Handler: a.listSuggestions},
		{Method: "GET", Path: "/api/v1/suggestions/export.xlsx", Summary: "The summary table (办理情况汇总表) as a spreadsheet", Tag: "suggestions",
			Roles: reporters, Query: statsQ, Content: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", Handler: a.exportSuggestions},
		{Method: "GET", Path: "/api/v1/suggestions/stats", Summary: "Handling statistics per unit, category and delegation", Tag: "suggestions",
			Roles: reporters, Query: statsQ, Response: store.SuggestionStatistics{}, Handler: a.suggestionStats},
		{Method: "GET", Path: "/api/v1/suggestions/{id}", Summary: "One motion or suggestion with its records and history", Tag: "suggestions", Roles: signedIn,
			Response: suggestionResponse{}, Errors: []int{404}, Handler: a.getSuggestion},
		{Method: "PUT", Path: "/api/v1/suggestions/{id}", Summary: "Change a draft (its proposer)", Tag: "suggestions", Roles: deputyOnly,
			Request: suggestionInput{}, Response: suggestionResponse{}, Errors: []int{403, 404, 409}, Handler: a.updateSuggestion},
		{Method: "POST", Path: "/api/v1/suggestions/{id}/actions/{action}", Summary: "Take a workflow action: submit, register, assign, contact, reply, feedback, close, …",
			Tag: "suggestions", Roles: signedIn, Request: actionBody{suggestion.Flow.Table()}, Response: suggestionResponse{}, Errors: []int{403, 404, 409}, Handler: a.suggestionAction},
		{Method: "GET", Path: "/api/v1/replies", Summary: "Published replies to deputies' suggestions (no personal data)", Tag: "suggestions", Public: true,
			Query: []Param{{Name: "q"}, {Name: "limit", Type: "integer"}, {Name: "offset", Type: "integer"}, cursorParam}, Response: List[store.SuggestionPublic]{}, Handler: a.listReplies},
		{Method: "GET", Path: "/api/v1/replies/{id}", Summary: "One published reply", Tag: "suggestions", Public: true,
			Response: store.SuggestionPublic{}, Errors: []int{404}, Handler: a.getReply},
	}
}

func sugStates() []string {
	var out []string
	for _, s := range suggestion.Flow.States {
		out = append(out, s.State)
	}
	return out
}

type suggestionInput struct {
	Kind         string   `json:"kind"`
	Title        string   `json:"title"`
	Grounds      string   `json:"grounds"`
	Body         string   `json:"body"`
	Category     string   `json:"category"`
	CosignerIDs  []string `json:"cosigner_ids"`
	ByDelegation bool     `json:"by_delegation"`
}

func (in suggestionInput) draft() store.SuggestionDraft {
	return store.SuggestionDraft{Kind: in.Kind, Title: in.Title, Grounds: in.Grounds, Body: in.Body, Category: in.Category,
		CoSignerIDs: in.CosignerIDs, ByDelegation: in.ByDelegation}
}

// suggestionResponse is one item as the API shows it: the item, its
// deadlines, the actions the caller may take now, and its history.
type suggestionResponse struct {
	*suggestion.Suggestion
	Deadlines struct {
		Reply         renda.Date `json:"reply"`
		ReplyMax      renda.Date `json:"reply_max"`
		Return        renda.Date `json:"return"`
		AssistOpinion renda.Date `json:"assist_opinion"`
		Feedback      renda.Date `json:"feedback"`
		Publish       renda.Date `json:"publish"`
	} `json:"deadlines"`
	Overdue bool           `json:"overdue"`
	Actions []string       `json:"actions"`
	History []historyEntry `json:"history"`
}

func (a *API) suggestionResponse(r *http.Request, u *renda.User, s *suggestion.Suggestion) (*suggestionResponse, error) {
	set, err := a.db.Settings(r.Context())
	if err != nil {
		return nil, err
	}
	cal, err := a.db.Calendar(r.Context())
	if err != nil {
		return nil, err
	}
	resp := &suggestionResponse{Suggestion: s, Actions: []string{}}
	d := suggestion.DeadlinesOf(s, set, cal)
	resp.Deadlines.Reply, resp.Deadlines.ReplyMax, resp.Deadlines.Return = d.Reply, d.ReplyMax, d.Return
	resp.Deadlines.AssistOpinion, resp.Deadlines.Feedback, resp.Deadlines.Publish = d.AssistOpinion, d.Feedback, d.Publish
	resp.Overdue = s.Overdue(renda.DateOf(a.db.Clock().Now()))
	rules, err := a.db.SuggestionActions(r.Context(), u, s)
	if err != nil {
		return nil, err
	}
	for _, rule := range rules {
		resp.Actions = append(resp.Actions, rule.Action)
	}
	if resp.History, err = a.history(r, "suggestion", s.ID); err != nil {
		return nil, err
	}
	return resp, nil
}

func (a *API) createSuggestion(w http.ResponseWriter, r *http.Request) error {
	u := httpx.User(r)
	var in suggestionInput
	if err := decode(r, &in); err != nil {
		return err
	}
	s, err := a.db.CreateSuggestion(r.Context(), u, in.draft())
	if err != nil {
		return err
	}
	resp, err := a.suggestionResponse(r, u, s)
	if err != nil {
		return err
	}
	w.Header().Set("Location", "/api/v1/suggestions/"+s.ID)
	return writeJSON(w, http.StatusCreated, resp)
}

func (a *API) updateSuggestion(w http.ResponseWriter, r *http.Request) error {
	u := httpx.User(r)
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	var in suggestionInput
	if err := decode(r, &in); err != nil {
		return err
	}
	s, err := a.db.UpdateSuggestionDraft(r.Context(), u, id, in.draft())
	if err != nil {
		return err
	}
	resp, err := a.suggestionResponse(r, u, s)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, resp)
}

func (a *API) getSuggestion(w http.ResponseWriter, r *http.Request) error {
	u := httpx.User(r)
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	s, err := a.db.Suggestion(r.Context(), u, id)
	if err != nil {
		return err
	}
	resp, err := a.suggestionResponse(r, u, s)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, resp)
}

// SuggestionFilter reads the list filters of a request (shared with pages).
func suggestionFilter(r *http.Request) (suggestion.Filter, error) {
	var f suggestion.Filter
	var p renda.Problems
	q := r.URL.Query()
	for _, name := range []string{"q", "status", "kind", "unit", "category", "session_id", "year", "overdue", "priority", "todo"} {
		if v := q.Get(name); !validQuery(v) {
			p.Add(name, "参数 %s 不是合法的 UTF-8 或太长", name)
		}
	}
	if err := p.Err(); err != nil {
		return f, err
	}
	f.Q = strings.TrimSpace(q.Get("q"))
	if st := q.Get("status"); st != "" {
		for _, s := range strings.Split(st, ",") {
			if !suggestion.ValidStatus(s) {
				p.Add("status", "没有“%s”这个状态", trunc(s, 20))
				continue
			}
			f.Status = append(f.Status, s)
		}
	}
	f.Kind = p.OneOf("kind", "kind", q.Get("kind"), false, suggestion.KindSuggestion, suggestion.KindMotion)
	for name, dst := range map[string]*string{"unit": &f.UnitID, "session_id": &f.SessionID} {
		idParam(&p, r, name, dst)
	}
	f.Category = q.Get("category")
	if y := q.Get("year"); y != "" {
		n, err := strconv.Atoi(y)
		if err != nil || n < 2000 || n > 2100 {
			p.Add("year", "year 应为年份，如 2024")
		}
		f.Year = n
	}
	for name, dst := range map[string]*bool{"overdue": &f.Overdue, "priority": &f.Priority, "todo": &f.Todo} {
		switch q.Get(name) {
		case "", "false", "0":
		case "true", "1":
			*dst = true
		default:
			p.Add(name, "%s 应为 true 或 false", name)
		}
	}
	return f, p.Err()
}

func validQuery(v string) bool { return len(v) <= 400 && strings.ToValidUTF8(v, "\uFFFD") == v }

func (a *API) listSuggestions(w http.ResponseWriter, r *http.Request) error {
	u := httpx.User(r)
	pg, err := page(r)
	if err != nil {
		return err
	}
	f, err := suggestionFilter(r)
	if err != nil {
		return err
	}
	f.Limit, f.Offset = pg.Limit, pg.Offset
	if pg.byCursor() {
		items, total, kp, err := a.db.SuggestionPage(r.Context(), u, f, pg.Cursor)
		if err != nil {
			return err
		}
		return writeJSON(w, http.StatusOK, newPageList(items, total, pg, kp))
	}
	items, total, err := a.db.Suggestions(r.Context(), u, f)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, newList(items, total, pg))
}

// fileInput is a file sent with an action as JSON (the "files" member of
// an action that takes files), e.g. the signed reply letter.
type fileInput struct {
	Name    string `json:"name"`
	Content []byte `json:"content"` // base64
}

// suggestionAction takes a workflow action: the body is decoded by the
// action's declared fields (suggestion.Flow), and an action that takes
// files may carry them as "files": [{name, content (base64)}].
func (a *API) suggestionAction(w http.ResponseWriter, r *http.Request) error {
	u := httpx.User(r)
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	rule, err := offeredRule(suggestion.Flow.Table(), r.PathValue("action"))
	if err != nil {
		return err
	}
	files, err := actionFiles(r, rule)
	if err != nil {
		return err
	}
	in, err := actionValues(r, rule)
	if err != nil {
		return err
	}
	s, err := a.db.ActOnSuggestion(r.Context(), u, id, rule.Action, in, files)
	if err != nil {
		return err
	}
	s, err = a.db.Suggestion(r.Context(), u, s.ID)
	if err != nil {
		// The actor may no longer see the item (a unit whose return was approved).
		if renda.ErrorCode(err) == renda.ENOTFOUND {
			w.WriteHeader(http.StatusNoContent)
			return nil
		}
		return err
	}
	resp, err := a.suggestionResponse(r, u, s)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, resp)
}

// actionFiles takes the "files" member out of an action's JSON body (for
// actions that take files), checks each file, and leaves the rest of the
// body for actionValues.
func actionFiles(r *http.Request, rule renda.Rule) ([]*attach.File, error) {
	if !rule.HasFiles() || r.ContentLength == 0 {
		return nil, nil
	}
	body, err := io.ReadAll(r.Body)
	if err != nil {
		return nil, renda.Errorf(renda.EINVALID, "无法读取请求内容")
	}
	r.Body, r.ContentLength = io.NopCloser(bytes.NewReader(body)), int64(len(body))
	var raw map[string]json.RawMessage
	if len(bytes.TrimSpace(body)) == 0 || json.Unmarshal(body, &raw) != nil || raw["files"] == nil {
		return nil, nil // actionValues reports a malformed body
	}
	var in []fileInput
	if err := json.Unmarshal(raw["files"], &in); err != nil {
		return nil, &renda.Error{Code: renda.EINVALID, Message: "files 应为 [{name, content}] 数组", Fields: []renda.FieldError{{Field: "files", Message: "格式有误"}}}
	}
	delete(raw, "files")
	rest, _ := json.Marshal(raw)
	r.Body, r.ContentLength = io.NopCloser(bytes.NewReader(rest)), int64(len(rest))
	var files []*attach.File
	for i, f := range in {
		af, err := attach.Check(f.Name, bytes.NewReader(f.Content), attach.Image|attach.Document)
		if err != nil {
			return nil, &renda.Error{Code: renda.ErrorCode(err), Message: renda.ErrorMessage(err), Fields: []renda.FieldError{{Field: "files[" + strconv.Itoa(i) + "]", Message: renda.ErrorMessage(err)}}}
		}
		files = append(files, af)
	}
	return files, nil
}

func statsFilter(r *http.Request) (store.SuggestionStatsFilter, error) {
	var f store.SuggestionStatsFilter
	var p renda.Problems
	q := r.URL.Query()
	if y := q.Get("year"); y != "" {
		n, err := strconv.Atoi(y)
		if err != nil || n < 2000 || n > 2100 {
			p.Add("year", "year 应为年份，如 2024")
		}
		f.Year = n
	}
	idParam(&p, r, "session_id", &f.SessionID)
	f.Kind = p.OneOf("kind", "kind", q.Get("kind"), false, suggestion.KindSuggestion, suggestion.KindMotion)
	return f, p.Err()
}

func (a *API) suggestionStats(w http.ResponseWriter, r *http.Request) error {
	u := httpx.User(r)
	f, err := statsFilter(r)
	if err != nil {
		return err
	}
	st, err := a.db.SuggestionStatistics(r.Context(), u, f)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, st)
}

func (a *API) exportSuggestions(w http.ResponseWriter, r *http.Request) error {
	u := httpx.User(r)
	f, err := statsFilter(r)
	if err != nil {
		return err
	}
	title := "代表议案建议办理情况汇总表"
	if f.Year > 0 {
		title = strconv.Itoa(f.Year) + "年" + title
	}
	b, err := a.db.SuggestionSummaryBook(r.Context(), u, f, title)
	if err != nil {
		return err
	}
	defer b.Close()
	if err := a.db.NoteExport(r.Context(), u, "suggestions", title+"（API）"); err != nil {
		return err
	}
	w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
	w.Header().Set("Content-Disposition", attach.Disposition("attachment", "议案建议办理情况汇总表.xlsx"))
	_, err = b.WriteTo(w)
	return err
}

func (a *API) listReplies(w http.ResponseWriter, r *http.Request) error {
	pg, err := page(r)
	if err != nil {
		return err
	}
	q, err := query(r, "q", 50)
	if err != nil {
		return err
	}
	if pg.byCursor() {
		items, total, kp, err := a.db.PublishedRepliesPage(r.Context(), q, pg.Limit, pg.Cursor)
		if err != nil {
			return err
		}
		return writeJSON(w, http.StatusOK, newPageList(items, total, pg, kp))
	}
	items, total, err := a.db.PublishedReplies(r.Context(), q, pg.Limit, pg.Offset)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, newList(items, total, pg))
}

func (a *API) getReply(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	p, err := a.db.PublishedReply(r.Context(), id)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, p)
}
