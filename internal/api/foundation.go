package api

import (
	"net/http"
	"time"

	"renda"
	"renda/internal/httpx"
	"renda/internal/store"
)

func (a *API) foundationRoutes() []Route {
	return []Route{
		{Method: "POST", Path: "/api/v1/auth/login", Summary: "Sign in; returns a bearer token", Tag: "auth", Public: true,
			Request: loginRequest{}, Response: loginResponse{}, Errors: []int{401, 429}, Handler: a.login},
		{Method: "POST", Path: "/api/v1/auth/logout", Summary: "Revoke the bearer token used", Tag: "auth", Roles: signedIn, Status: 204, Handler: a.logout},
		{Method: "GET", Path: "/api/v1/me", Summary: "The signed-in user", Tag: "auth", Roles: signedIn, Response: meResponse{}, Handler: a.me},

		{Method: "GET", Path: "/api/v1/deputies", Summary: "List deputies", Tag: "deputies", Roles: signedIn,
			Query: []Param{{Name: "q", Description: "name, occupation or code"}, {Name: "level", Enum: []string{"province", "city", "county", "township"}},
				{Name: "congress_id"}, {Name: "delegation_id"}, {Name: "region_id"}, {Name: "status", Enum: []string{"active", "suspended", "terminated"}},
				{Name: "limit", Type: "integer"}, {Name: "offset", Type: "integer"}},
			Response: List[renda.Deputy]{}, Handler: a.listDeputies},
		{Method: "GET", Path: "/api/v1/deputies/{id}", Summary: "One deputy, with history", Tag: "deputies", Roles: signedIn, Response: deputyResponse{}, Errors: []int{404}, Handler: a.getDeputy},
		{Method: "POST", Path: "/api/v1/deputies", Summary: "Add a deputy", Tag: "deputies", Roles: adminStaff, Request: deputyInput{}, Response: renda.Deputy{}, Status: 201, Errors: []int{409}, Handler: a.createDeputy},
		{Method: "PUT", Path: "/api/v1/deputies/{id}", Summary: "Change a deputy", Tag: "deputies", Roles: adminStaff, Request: deputyInput{}, Response: renda.Deputy{}, Errors: []int{404, 409}, Handler: a.updateDeputy},

		{Method: "GET", Path: "/api/v1/regions", Summary: "List administrative regions", Tag: "regions", Roles: signedIn,
			Query: []Param{{Name: "q"}, {Name: "level", Enum: []string{"province", "city", "county", "township", "village"}}, {Name: "parent_id"},
				{Name: "on", Description: "only regions valid on this day (YYYY-MM-DD)"}, {Name: "limit", Type: "integer"}, {Name: "offset", Type: "integer"}},
			Response: List[renda.Region]{}, Handler: a.listRegions},
		{Method: "GET", Path: "/api/v1/regions/{id}", Summary: "One region", Tag: "regions", Roles: signedIn, Response: renda.Region{}, Errors: []int{404}, Handler: a.getRegion},
		{Method: "POST", Path: "/api/v1/regions", Summary: "Add a region", Tag: "regions", Roles: adminStaff, Request: regionInput{}, Response: renda.Region{}, Status: 201, Errors: []int{409}, Handler: a.createRegion},

		{Method: "GET", Path: "/api/v1/organizations", Summary: "List organisations and handling units", Tag: "organizations", Roles: signedIn,
			Query:    []Param{{Name: "q"}, {Name: "kind"}, {Name: "handling", Type: "boolean", Description: "only handling units"}, {Name: "limit", Type: "integer"}, {Name: "offset", Type: "integer"}},
			Response: List[renda.Organization]{}, Handler: a.listOrganizations},
		{Method: "GET", Path: "/api/v1/organizations/{id}", Summary: "One organisation", Tag: "organizations", Roles: signedIn, Response: renda.Organization{}, Errors: []int{404}, Handler: a.getOrganization},
		{Method: "POST", Path: "/api/v1/organizations", Summary: "Add an organisation", Tag: "organizations", Roles: adminStaff, Request: orgInput{}, Response: renda.Organization{}, Status: 201, Errors: []int{409}, Handler: a.createOrganization},

		{Method: "GET", Path: "/api/v1/congresses", Summary: "Congresses with their terms and sessions", Tag: "congresses", Roles: signedIn, Response: List[renda.Congress]{}, Handler: a.listCongresses},

		{Method: "GET", Path: "/api/v1/users", Summary: "List accounts", Tag: "users", Roles: adminOnly, Query: []Param{{Name: "q"}, {Name: "role"}, {Name: "limit", Type: "integer"}, {Name: "offset", Type: "integer"}},
			Response: List[renda.User]{}, Handler: a.listUsers},
		{Method: "POST", Path: "/api/v1/users", Summary: "Create an account", Tag: "users", Roles: adminOnly, Request: userInput{}, Response: renda.User{}, Status: 201, Errors: []int{409}, Handler: a.createUser},

		{Method: "GET", Path: "/api/v1/audit", Summary: "Browse the audit log", Tag: "audit", Roles: adminStaff,
			Query:    []Param{{Name: "entity"}, {Name: "entity_id"}, {Name: "actor_id"}, {Name: "action"}, {Name: "from"}, {Name: "to"}, {Name: "limit", Type: "integer"}, {Name: "offset", Type: "integer"}, cursorParam},
			Response: List[renda.AuditRecord]{}, Handler: a.listAudit},
		{Method: "GET", Path: "/api/v1/notifications", Summary: "The signed-in user's messages", Tag: "auth", Roles: signedIn, Response: List[renda.Notification]{}, Handler: a.listNotifications},
		{Method: "GET", Path: "/api/v1/settings", Summary: "Settings in force", Tag: "settings", Roles: adminOnly, Response: map[string]any{}, Handler: a.getSettings},
		{Method: "PUT", Path: "/api/v1/settings", Summary: "Change settings (values as typed on the settings page)", Tag: "settings", Roles: adminOnly, Request: map[string]string{}, Status: 204, Handler: a.putSettings},
	}
}

type loginRequest struct {
	Username string `json:"username"`
	Password string `json:"password"`
}

type loginResponse struct {
	Token     string      `json:"token"`
	ExpiresAt time.Time   `json:"expires_at"`
	User      *renda.User `json:"user"`
}

// apiTokenTTL is how long a token from /auth/login lives.
const apiTokenTTL = 30 * 24 * time.Hour

func (a *API) login(w http.ResponseWriter, r *http.Request) error {
	var in loginRequest
	if err := decode(r, &in); err != nil {
		return err
	}
	var p renda.Problems
	p.Line("username", "用户名", in.Username, true, 100)
	p.Text("password", "密码", in.Password, true, 200)
	if err := p.Err(); err != nil {
		return err
	}
	u, err := a.db.Login(r.Context(), in.Username, in.Password, httpx.ClientIP(r))
	if err != nil {
		return err
	}
	tok, err := a.db.CreateSession(r.Context(), u, store.APIToken, "", httpx.ClientIP(r), apiTokenTTL)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, loginResponse{Token: tok, ExpiresAt: a.db.Clock().Now().Add(apiTokenTTL).UTC(), User: u})
}

func (a *API) logout(w http.ResponseWriter, r *http.Request) error {
	u := httpx.User(r)
	if err := a.db.DeleteSession(r.Context(), u, httpx.BearerToken(r)); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

type meResponse struct {
	*renda.User
	DeputyCode   string   `json:"deputy_code,omitempty"`
	StationCodes []string `json:"station_codes,omitzero"`
}

func (a *API) me(w http.ResponseWriter, r *http.Request) error {
	u := httpx.User(r)
	resp := meResponse{User: u}
	if u.DeputyID != "" {
		d, err := a.db.Deputy(r.Context(), u, u.DeputyID)
		if err != nil {
			return err
		}
		resp.DeputyCode = d.Code
		resp.StationCodes, err = a.stationCodes(r, d.ID)
		if err != nil {
			return err
		}
		if resp.StationCodes == nil {
			resp.StationCodes = []string{}
		}
	}
	return writeJSON(w, http.StatusOK, resp)
}

// --- deputies ---

func (a *API) listDeputies(w http.ResponseWriter, r *http.Request) error {
	u := httpx.User(r)
	pg, err := page(r)
	if err != nil {
		return err
	}
	q, err := query(r, "q", 50)
	if err != nil {
		return err
	}
	f := renda.DeputyFilter{Q: q, Limit: pg.Limit, Offset: pg.Offset}
	var p renda.Problems
	f.Level = renda.Level(p.OneOf("level", "level", r.URL.Query().Get("level"), false, "province", "city", "county", "township"))
	f.Status = renda.DeputyStatus(p.OneOf("status", "status", r.URL.Query().Get("status"), false, "active", "suspended", "terminated"))
	for name, dst := range map[string]*string{"congress_id": &f.CongressID, "delegation_id": &f.DelegationID, "region_id": &f.RegionID, "term_id": &f.TermID, "group_id": &f.GroupID} {
		idParam(&p, r, name, dst)
	}
	if err := p.Err(); err != nil {
		return err
	}
	items, total, err := a.db.Deputies(r.Context(), u, f)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, newList(items, total, pg))
}

type deputyResponse struct {
	*renda.Deputy
	History []historyEntry `json:"history"`
}

// historyEntry is one step of an item's history, as every item's GET shows it.
type historyEntry struct {
	At     time.Time `json:"at"`
	Actor  string    `json:"actor"`
	Action string    `json:"action"`
	Label  string    `json:"label"`
	From   string    `json:"from"`
	To     string    `json:"to"`
	Note   string    `json:"note,omitempty"`
}

func (a *API) history(r *http.Request, entity, id string) ([]historyEntry, error) {
	recs, err := a.db.History(r.Context(), entity, id)
	if err != nil {
		return nil, err
	}
	out := make([]historyEntry, 0, len(recs))
	for _, h := range recs {
		out = append(out, historyEntry{At: h.At, Actor: h.ActorName, Action: h.Action, Label: h.ActionLabel(), From: h.From, To: h.To, Note: h.Note})
	}
	return out, nil
}

func (a *API) getDeputy(w http.ResponseWriter, r *http.Request) error {
	u := httpx.User(r)
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	d, err := a.db.Deputy(r.Context(), u, id)
	if err != nil {
		return err
	}
	h, err := a.history(r, "deputy", id)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, deputyResponse{Deputy: d, History: h})
}

type deputyInput struct {
	Code         string `json:"code"`
	Name         string `json:"name"`
	Gender       string `json:"gender"`
	Ethnicity    string `json:"ethnicity"`
	BirthYear    int    `json:"birth_year"`
	Party        string `json:"party"`
	Occupation   string `json:"occupation"`
	Sector       string `json:"sector"`
	CongressID   string `json:"congress_id"`
	TermID       string `json:"term_id"`
	DelegationID string `json:"delegation_id"`
	District     string `json:"district"`
	GroupID      string `json:"group_id"`
	RegionID     string `json:"region_id"`
	Phone        string `json:"phone"`
	Status       string `json:"status"`
	Note         string `json:"note"`
}

func (in deputyInput) deputy(id string) *renda.Deputy {
	return &renda.Deputy{ID: id, Code: in.Code, Name: in.Name, Gender: in.Gender, Ethnicity: in.Ethnicity, BirthYear: in.BirthYear,
		Party: in.Party, Occupation: in.Occupation, Sector: in.Sector, CongressID: in.CongressID, TermID: in.TermID,
		DelegationID: in.DelegationID, District: in.District, GroupID: in.GroupID, RegionID: in.RegionID, Phone: in.Phone,
		Status: renda.DeputyStatus(in.Status), Note: in.Note}
}

func (a *API) createDeputy(w http.ResponseWriter, r *http.Request) error {
	u := httpx.User(r)
	var in deputyInput
	if err := decode(r, &in); err != nil {
		return err
	}
	d := in.deputy("")
	if err := a.db.SaveDeputy(r.Context(), u, d); err != nil {
		return err
	}
	d, err := a.db.Deputy(r.Context(), u, d.ID)
	if err != nil {
		return err
	}
	w.Header().Set("Location", "/api/v1/deputies/"+d.ID)
	return writeJSON(w, http.StatusCreated, d)
}

func (a *API) updateDeputy(w http.ResponseWriter, r *http.Request) error {
	u := httpx.User(r)
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if _, err := a.db.Deputy(r.Context(), u, id); err != nil {
		return err
	}
	var in deputyInput
	if err := decode(r, &in); err != nil {
		return err
	}
	d := in.deputy(id)
	if err := a.db.SaveDeputy(r.Context(), u, d); err != nil {
		return err
	}
	d, err = a.db.Deputy(r.Context(), u, id)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, d)
}

// --- regions ---

func (a *API) listRegions(w http.ResponseWriter, r *http.Request) error {
	pg, err := page(r)
	if err != nil {
		return err
	}
	q, err := query(r, "q", 50)
	if err != nil {
		return err
	}
	f := renda.RegionFilter{Q: q, Limit: pg.Limit, Offset: pg.Offset}
	var p renda.Problems
	f.Level = renda.RegionLevel(p.OneOf("level", "level", r.URL.Query().Get("level"), false, "province", "city", "county", "township", "village"))
	idParam(&p, r, "parent_id", &f.ParentID)
	if v := r.URL.Query().Get("on"); v != "" {
		d, err := renda.ParseDate(v)
		if err != nil {
			p.Add("on", "%s", err.Error())
		}
		f.OnDate = d
	}
	if err := p.Err(); err != nil {
		return err
	}
	items, total, err := a.db.Regions(r.Context(), f)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, newList(items, total, pg))
}

func (a *API) getRegion(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	reg, err := a.db.Region(r.Context(), id)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, reg)
}

type regionInput struct {
	Code      string     `json:"code"`
	Name      string     `json:"name"`
	Level     string     `json:"level"`
	Kind      string     `json:"kind"`
	ParentID  string     `json:"parent_id"`
	ValidFrom renda.Date `json:"valid_from"`
	ValidTo   renda.Date `json:"valid_to"`
}

func (a *API) createRegion(w http.ResponseWriter, r *http.Request) error {
	u := httpx.User(r)
	var in regionInput
	if err := decode(r, &in); err != nil {
		return err
	}
	reg := &renda.Region{Code: in.Code, Name: in.Name, Level: renda.RegionLevel(in.Level), Kind: in.Kind, ParentID: in.ParentID, ValidFrom: in.ValidFrom, ValidTo: in.ValidTo}
	if err := a.db.SaveRegion(r.Context(), u, reg); err != nil {
		return err
	}
	reg, err := a.db.Region(r.Context(), reg.ID)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusCreated, reg)
}

// --- organisations ---

func (a *API) listOrganizations(w http.ResponseWriter, r *http.Request) error {
	u := httpx.User(r)
	pg, err := page(r)
	if err != nil {
		return err
	}
	q, err := query(r, "q", 50)
	if err != nil {
		return err
	}
	f := renda.OrgFilter{Q: q, Limit: pg.Limit, Offset: pg.Offset}
	if k := r.URL.Query().Get("kind"); k != "" {
		if !renda.OrgKind(k).Valid() {
			return &renda.Error{Code: renda.EINVALID, Message: "kind 的取值无效", Fields: []renda.FieldError{{Field: "kind", Message: "无效"}}}
		}
		f.Kind = renda.OrgKind(k)
	}
	switch r.URL.Query().Get("handling") {
	case "", "false", "0":
	case "true", "1":
		f.HandlingOnly = true
	default:
		return &renda.Error{Code: renda.EINVALID, Message: "handling 应为 true 或 false", Fields: []renda.FieldError{{Field: "handling", Message: "应为 true 或 false"}}}
	}
	items, total, err := a.db.Organizations(r.Context(), u, f)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, newList(items, total, pg))
}

func (a *API) getOrganization(w http.ResponseWriter, r *http.Request) error {
	u := httpx.User(r)
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	o, err := a.db.Organization(r.Context(), u, id)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, o)
}

type orgInput struct {
	Code          string `json:"code"`
	Name          string `json:"name"`
	ShortName     string `json:"short_name"`
	Kind          string `json:"kind"`
	ParentID      string `json:"parent_id"`
	RegionID      string `json:"region_id"`
	HandlingUnit  bool   `json:"handling_unit"`
	ContactPerson string `json:"contact_person"`
	ContactPhone  string `json:"contact_phone"`
	Address       string `json:"address"`
	Sort          int    `json:"sort"`
}

func (a *API) createOrganization(w http.ResponseWriter, r *http.Request) error {
	u := httpx.User(r)
	var in orgInput
	if err := decode(r, &in); err != nil {
		return err
	}
	o := &renda.Organization{Code: in.Code, Name: in.Name, ShortName: in.ShortName, Kind: renda.OrgKind(in.Kind), ParentID: in.ParentID,
		RegionID: in.RegionID, HandlingUnit: in.HandlingUnit, ContactPerson: in.ContactPerson, ContactPhone: in.ContactPhone, Address: in.Address, Sort: in.Sort}
	if err := a.db.SaveOrganization(r.Context(), u, o); err != nil {
		return err
	}
	o, err := a.db.Organization(r.Context(), u, o.ID)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusCreated, o)
}

func (a *API) listCongresses(w http.ResponseWriter, r *http.Request) error {
	cs, err := a.db.Congresses(r.Context())
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, newList(cs, len(cs), Page{Limit: len(cs)}))
}

// --- users, audit, settings ---

func (a *API) listUsers(w http.ResponseWriter, r *http.Request) error {
	u := httpx.User(r)
	pg, err := page(r)
	if err != nil {
		return err
	}
	q, err := query(r, "q", 50)
	if err != nil {
		return err
	}
	f := store.UserFilter{Q: q, Limit: pg.Limit, Offset: pg.Offset}
	if v := r.URL.Query().Get("role"); v != "" {
		if !renda.Role(v).Valid() {
			return &renda.Error{Code: renda.EINVALID, Message: "role 的取值无效", Fields: []renda.FieldError{{Field: "role", Message: "无效"}}}
		}
		f.Role = renda.Role(v)
	}
	items, total, err := a.db.Users(r.Context(), u, f)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, newList(items, total, pg))
}

type userInput struct {
	Username    string `json:"username"`
	DisplayName string `json:"display_name"`
	Role        string `json:"role"`
	OrgID       string `json:"org_id"`
	DeputyID    string `json:"deputy_id"`
	Password    string `json:"password"`
}

func (a *API) createUser(w http.ResponseWriter, r *http.Request) error {
	u := httpx.User(r)
	var in userInput
	if err := decode(r, &in); err != nil {
		return err
	}
	nu, err := a.db.CreateUser(r.Context(), u, store.NewUser{Username: in.Username, DisplayName: in.DisplayName, Role: renda.Role(in.Role),
		OrgID: in.OrgID, DeputyID: in.DeputyID, Password: in.Password})
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusCreated, nu)
}

func (a *API) listAudit(w http.ResponseWriter, r *http.Request) error {
	u := httpx.User(r)
	pg, err := page(r)
	if err != nil {
		return err
	}
	qv := r.URL.Query()
	f := renda.AuditFilter{Entity: qv.Get("entity"), EntityID: qv.Get("entity_id"), ActorID: qv.Get("actor_id"), Action: qv.Get("action"), Limit: pg.Limit, Offset: pg.Offset}
	var p renda.Problems
	for _, name := range []string{"entity", "entity_id", "actor_id", "action"} {
		p.Line(name, name, qv.Get(name), false, 60)
	}
	if f.From, err = renda.ParseDate(qv.Get("from")); err != nil {
		p.Add("from", "%s", err.Error())
	}
	if f.To, err = renda.ParseDate(qv.Get("to")); err != nil {
		p.Add("to", "%s", err.Error())
	}
	if err := p.Err(); err != nil {
		return err
	}
	if pg.byCursor() {
		items, total, kp, err := a.db.AuditLogPage(r.Context(), u, f, pg.Cursor)
		if err != nil {
			return err
		}
		return writeJSON(w, http.StatusOK, newPageList(items, total, pg, kp))
	}
	items, total, err := a.db.AuditLog(r.Context(), u, f)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, newList(items, total, pg))
}

func (a *API) listNotifications(w http.ResponseWriter, r *http.Request) error {
	u := httpx.User(r)
	pg, err := page(r)
	if err != nil {
		return err
	}
	items, total, _, err := a.db.Notifications(r.Context(), u.ID, pg.Limit, pg.Offset)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, newList(items, total, pg))
}

func (a *API) getSettings(w http.ResponseWriter, r *http.Request) error {
	s, err := a.db.Settings(r.Context())
	if err != nil {
		return err
	}
	out := map[string]any{}
	for _, d := range renda.AllSettings() {
		out[d.Key] = s.Raw(d.Key)
	}
	return writeJSON(w, http.StatusOK, out)
}

func (a *API) putSettings(w http.ResponseWriter, r *http.Request) error {
	u := httpx.User(r)
	var in map[string]string
	if err := decode(r, &in); err != nil {
		return err
	}
	if err := a.db.UpdateSettings(r.Context(), u, in); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}
