package api

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strings"
	"time"
	"unicode/utf8"

	"renda"
	"renda/internal/httpx"
	"renda/internal/store"
	"renda/opinion"
	"renda/station"
)

// DemoHotlineSecret is the 12345 integration's secret in demo mode only.
const DemoHotlineSecret = "renda-demo-hotline"

// DemoOpen311Key is the Open311 api_key in demo mode only.
const DemoOpen311Key = "renda-demo-open311"

// hotlineAuth is how the 12345 platform's calls authenticate themselves: no
// user token, so they are public to the router, and signedBody refuses
// them (401) unless the body is signed with an integration's secret.
const hotlineAuth = "12345 integration: X-Renda-Timestamp (Unix seconds, within 5 minutes of now by default), X-Renda-Nonce (16–64 characters, never reused) and X-Renda-Signature: sha256=<hex HMAC-SHA256(secret, timestamp + \"\\n\" + nonce + \"\\n\" + body)> with an integration's secret (401 otherwise)"

// opinionRoutes are the API routes of stations, citizens' opinions, the
// 12345 link and Open311.
func (a *API) opinionRoutes() []Route {
	pageQ := []Param{{Name: "limit", Type: "integer"}, {Name: "offset", Type: "integer"}}
	routes := []Route{
		{Method: "GET", Path: "/api/v1/stations", Summary: "List liaison stations (public) with their code and deputies", Tag: "stations", Public: true,
			Query:    append([]Param{{Name: "q"}, {Name: "kind", Enum: []string{"township", "village", "special"}}, {Name: "township_id"}}, pageQ...),
			Response: List[station.Station]{}, Handler: a.listStations},
		{Method: "GET", Path: "/api/v1/stations/{code}", Summary: "One liaison station (public), with its deputies and announced reception days", Tag: "stations", Public: true,
			Response: station.Station{}, Errors: []int{404}, Handler: a.getStation},

		{Method: "POST", Path: "/api/v1/opinions", Summary: "Leave an opinion (public, no token): as the form on a station's or deputy's page", Tag: "opinions", Public: true,
			Request: opinionRequest{}, Response: opinionCreated{}, Status: 201, Errors: []int{429}, Handler: a.createOpinion},
		{Method: "GET", Path: "/api/v1/opinions/track/{tracking_code}", Summary: "Follow an opinion by its tracking code and the last 4 digits of the phone left with it (public)", Tag: "opinions", Public: true,
			Query:    []Param{{Name: "phone_tail", Description: "last 4 digits of the phone left with the opinion (omit if none was left)"}},
			Response: trackResponse{}, Errors: []int{404, 429}, Handler: a.trackOpinion},
		{Method: "POST", Path: "/api/v1/opinions/rating", Summary: "Rate the answer (public, with tracking code and phone tail)", Tag: "opinions", Public: true,
			Request: ratingRequest{}, Response: trackResponse{}, Errors: []int{404, 409, 429}, Handler: a.rateOpinion},
		{Method: "GET", Path: "/api/v1/opinions", Summary: "Opinions: a deputy's inbox, a unit's forwarded items, all for staff", Tag: "opinions", Roles: signedIn,
			Query: append([]Param{{Name: "q"}, {Name: "state", Description: "a state, or open, overdue"}, {Name: "channel", Enum: opinion.Channels}, {Name: "category"},
				{Name: "station_id"}, {Name: "township_id"}, {Name: "unit_id", Description: "the handling unit it was forwarded to; - for items not forwarded to a unit"}, {Name: "pool", Type: "boolean", Description: "only unclaimed items"}, cursorParam}, pageQ...),
			Response: List[opinion.Opinion]{}, Handler: a.listOpinions},
		{Method: "GET", Path: "/api/v1/opinions/recurring", Summary: "Candidate suggestions: problems recurring in one township", Tag: "opinions", Roles: signedIn,
			Response: List[opinion.RecurringProblem]{}, Handler: a.recurringOpinions},
		{Method: "GET", Path: "/api/v1/opinions/stats", Summary: "Statistics of opinions, stations and reception days", Tag: "opinions", Roles: staffSide,
			Query: []Param{{Name: "from", Description: "YYYY-MM-DD"}, {Name: "to", Description: "YYYY-MM-DD"}}, Response: store.OpinionStats{}, Handler: a.opinionStats},
		{Method: "GET", Path: "/api/v1/opinions/{id}", Summary: "One opinion with its history", Tag: "opinions", Roles: signedIn, Response: opinionResponse{}, Errors: []int{404}, Handler: a.getOpinion},
		{Method: "POST", Path: "/api/v1/opinions/{id}/actions/{action}", Summary: "Act on an opinion: answer, forward, escalate, close (and claim, assign, receive, sign, extend, return, reply, redo)", Tag: "opinions", Roles: signedIn,
			Request: actionBody{opinion.Flow.Table()}, Response: opinion.Opinion{}, Errors: []int{403, 404, 409}, Handler: a.opinionAction},

		{Method: "POST", Path: "/api/v1/hotline/orders", Summary: "Receive a 12345 work order (platform; signed: X-Renda-Timestamp, X-Renda-Nonce, X-Renda-Signature). 201 new, 200 the same order again, 409 the number with different content, 401 bad signature, stale timestamp or reused nonce", Tag: "hotline",
			Public: true, SelfAuth: hotlineAuth,
			Request: hotlineOrderRequest{}, Response: opinion.HotlineOrder{}, Status: 201, Also: []int{200}, Errors: []int{401, 409}, Handler: a.receiveHotlineOrder},
		{Method: "POST", Path: "/api/v1/hotline/replies", Summary: "The 12345 platform reports on an opinion forwarded to it: signed, extended, returned, replied (signed like orders)", Tag: "hotline",
			Public: true, SelfAuth: hotlineAuth,
			Request: hotlineReplyRequest{}, Response: hotlineReplyResponse{}, Errors: []int{401, 404, 409}, Handler: a.receiveHotlineReply},
		{Method: "GET", Path: "/api/v1/hotline/orders", Summary: "The 12345 orders received", Tag: "hotline", Roles: staffSide,
			Query: append([]Param{{Name: "q"}, {Name: "from"}, {Name: "to"}, cursorParam}, pageQ...), Response: List[opinion.HotlineOrder]{}, Handler: a.listHotlineOrders},
	}
	return append(routes, a.open311Routes()...)
}

// stationCodes returns the codes of the liaison stations a deputy serves,
// for GET /api/v1/me.
func (a *API) stationCodes(r *http.Request, deputyID string) ([]string, error) {
	return a.db.StationCodesOf(r.Context(), deputyID)
}

// --- stations ---

func (a *API) listStations(w http.ResponseWriter, r *http.Request) error {
	pg, err := page(r)
	if err != nil {
		return err
	}
	q, err := query(r, "q", 50)
	if err != nil {
		return err
	}
	f := station.Filter{Q: q, ActiveOnly: true, Limit: pg.Limit, Offset: pg.Offset}
	var p renda.Problems
	f.Kind = station.Kind(p.OneOf("kind", "kind", r.URL.Query().Get("kind"), false, "township", "village", "special"))
	idParam(&p, r, "township_id", &f.TownshipID)
	if err := p.Err(); err != nil {
		return err
	}
	items, total, err := a.db.Stations(r.Context(), f)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, newList(items, total, pg))
}

func (a *API) getStation(w http.ResponseWriter, r *http.Request) error {
	s, err := a.db.StationByCode(r.Context(), r.PathValue("code"))
	if err != nil {
		return err
	}
	if !s.Active {
		return renda.Errorf(renda.ENOTFOUND, "联络站已停用")
	}
	return writeJSON(w, http.StatusOK, s)
}

// --- the citizen's side ---

type opinionRequest struct {
	Station  string   `json:"station"`
	Deputy   string   `json:"deputy,omitempty"`
	Content  string   `json:"content"`
	Category string   `json:"category,omitempty"`
	Address  string   `json:"address,omitempty"`
	Name     string   `json:"name,omitempty"`
	Phone    string   `json:"phone,omitempty"`
	Consent  *bool    `json:"consent,omitempty"` // the citizen agreed to the privacy notice (default true: the client showed it)
	Lat      *float64 `json:"lat,omitempty"`
	Lng      *float64 `json:"lng,omitempty"`
}

type opinionCreated struct {
	TrackingCode string `json:"tracking_code"`
	State        string `json:"state"`
	TrackURL     string `json:"track_url"`
	Deputy       string `json:"deputy,omitempty"`
}

func (a *API) createOpinion(w http.ResponseWriter, r *http.Request) error {
	var in opinionRequest
	if err := decode(r, &in); err != nil {
		return err
	}
	consent := in.Consent == nil || *in.Consent
	oi := opinion.Submission{Channel: opinion.ChannelQR, StationCode: in.Station, DeputyCode: in.Deputy, Content: in.Content, Category: in.Category,
		Address: in.Address, Name: in.Name, Phone: in.Phone, Consent: consent, IP: httpx.ClientIP(r)}
	if in.Lat != nil && in.Lng != nil {
		oi.Lat, oi.Lng = *in.Lat, *in.Lng
	}
	var p renda.Problems
	p.Line("station", "联络站代码", in.Station, false, 40)
	p.Line("deputy", "代表代码", in.Deputy, false, 40)
	if err := p.Err(); err != nil {
		return err
	}
	o, err := a.db.SubmitOpinion(r.Context(), nil, oi, nil)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusCreated, opinionCreated{TrackingCode: o.TrackingCode, State: o.State, TrackURL: a.cfg.BaseURL + "/t/" + o.TrackingCode})
}

type trackResponse struct {
	TrackingCode string                  `json:"tracking_code"`
	State        string                  `json:"state"`
	StateLabel   string                  `json:"state_label"`
	Category     string                  `json:"category,omitempty"`
	Content      string                  `json:"content"`
	Station      string                  `json:"station,omitempty"`
	CreatedAt    time.Time               `json:"created_at"`
	Answer       string                  `json:"answer,omitempty"`
	AnsweredAt   time.Time               `json:"answered_at,omitzero"`
	Rating       string                  `json:"rating,omitempty"`
	CanRate      bool                    `json:"can_rate"`
	Steps        []store.TrackStep       `json:"steps"`
	Suggestion   *store.SuggestionPublic `json:"suggestion,omitempty"`
}

func trackJSON(t *store.OpinionTrack, code string) trackResponse {
	o := t.Opinion
	out := trackResponse{TrackingCode: code, State: o.State, StateLabel: t.PublicState, Category: o.Category, Content: o.Content, Station: o.StationName,
		CreatedAt: o.CreatedAt, Answer: o.Answer, AnsweredAt: o.AnsweredAt, Rating: o.Rating, CanRate: t.CanRate, Steps: t.Steps, Suggestion: t.Suggestion}
	if out.Steps == nil {
		out.Steps = []store.TrackStep{}
	}
	return out
}

func (a *API) trackOpinion(w http.ResponseWriter, r *http.Request) error {
	code := store.NormalizeTrackingCode(r.PathValue("tracking_code"))
	if code == "" {
		return renda.Errorf(renda.ENOTFOUND, "查询码应为 8 位字母和数字")
	}
	tail, err := query(r, "phone_tail", 4)
	if err != nil {
		return err
	}
	t, err := a.db.TrackOpinion(r.Context(), code, tail, httpx.ClientIP(r))
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, trackJSON(t, code))
}

type ratingRequest struct {
	TrackingCode string `json:"tracking_code"`
	PhoneTail    string `json:"phone_tail"`
	Rating       string `json:"rating"` // satisfied, basic, unsatisfied
	Note         string `json:"note,omitempty"`
}

func (a *API) rateOpinion(w http.ResponseWriter, r *http.Request) error {
	var in ratingRequest
	if err := decode(r, &in); err != nil {
		return err
	}
	code := store.NormalizeTrackingCode(in.TrackingCode)
	if code == "" {
		return renda.Errorf(renda.ENOTFOUND, "查询码应为 8 位字母和数字")
	}
	t, err := a.db.RateOpinion(r.Context(), code, in.PhoneTail, httpx.ClientIP(r), in.Rating, in.Note)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, trackJSON(t, code))
}

// --- inboxes and actions ---

func (a *API) listOpinions(w http.ResponseWriter, r *http.Request) error {
	u := httpx.User(r)
	pg, err := page(r)
	if err != nil {
		return err
	}
	q, err := query(r, "q", 50)
	if err != nil {
		return err
	}
	v := r.URL.Query()
	f := opinion.Filter{Q: q, Limit: pg.Limit, Offset: pg.Offset}
	var p renda.Problems
	states := []string{"open", "overdue"}
	for _, s := range opinion.Flow.States {
		states = append(states, s.State)
	}
	f.State = p.OneOf("state", "state", v.Get("state"), false, states...)
	f.Channel = p.OneOf("channel", "channel", v.Get("channel"), false, opinion.Channels...)
	f.Category = p.Line("category", "category", v.Get("category"), false, 60)
	for name, dst := range map[string]*string{"station_id": &f.StationID, "township_id": &f.TownshipID} {
		idParam(&p, r, name, dst)
	}
	if f.UnitID = v.Get("unit_id"); f.UnitID != "" && f.UnitID != "-" && !renda.ValidID(f.UnitID) {
		p.Add("unit_id", "%s 不是有效的编号", "unit_id")
	}
	switch v.Get("pool") {
	case "", "false", "0":
	case "true", "1":
		f.Pool = true
	default:
		p.Add("pool", "pool 应为 true 或 false")
	}
	if err := p.Err(); err != nil {
		return err
	}
	if pg.byCursor() {
		items, total, kp, err := a.db.OpinionPage(r.Context(), u, f, pg.Cursor)
		if err != nil {
			return err
		}
		return writeJSON(w, http.StatusOK, newPageList(items, total, pg, kp))
	}
	items, total, err := a.db.Opinions(r.Context(), u, f)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, newList(items, total, pg))
}

type opinionResponse struct {
	*opinion.Opinion
	Photos  []*renda.Attachment `json:"photos"`
	Actions []string            `json:"actions"`
	History []historyEntry      `json:"history"`
}

func (a *API) getOpinion(w http.ResponseWriter, r *http.Request) error {
	u := httpx.User(r)
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	o, err := a.db.Opinion(r.Context(), u, id)
	if err != nil {
		return err
	}
	if err := a.db.NoteOpinionRead(r.Context(), u, o); err != nil {
		return err
	}
	photos, err := a.db.Attachments(r.Context(), "opinion", id)
	if err != nil {
		return err
	}
	h, err := a.history(r, "opinion", id)
	if err != nil {
		return err
	}
	if photos == nil {
		photos = []*renda.Attachment{}
	}
	acts, err := a.db.OpinionActions(r.Context(), u, o)
	if err != nil {
		return err
	}
	names := []string{}
	for _, rule := range acts {
		names = append(names, rule.Action)
	}
	return writeJSON(w, http.StatusOK, opinionResponse{Opinion: o, Photos: photos, Actions: names, History: h})
}

func (a *API) opinionAction(w http.ResponseWriter, r *http.Request) error {
	u := httpx.User(r)
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	rule, err := offeredRule(opinion.Flow.Table(), r.PathValue("action"))
	if err != nil {
		return err
	}
	if _, err := a.db.Opinion(r.Context(), u, id); err != nil {
		return err
	}
	in, err := actionValues(r, rule)
	if err != nil {
		return err
	}
	o, err := a.db.ActOnOpinion(r.Context(), u, id, rule.Action, in)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, o)
}

func (a *API) recurringOpinions(w http.ResponseWriter, r *http.Request) error {
	u := httpx.User(r)
	items, err := a.db.RecurringProblems(r.Context(), u)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, newList(items, len(items), Page{Limit: len(items)}))
}

func (a *API) opinionStats(w http.ResponseWriter, r *http.Request) error {
	u := httpx.User(r)
	from, to, err := period(r, a.db.Clock().Now())
	if err != nil {
		return err
	}
	st, err := a.db.OpinionStatistics(r.Context(), u, from, to)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, st)
}

// period reads ?from= and ?to= (default: this year so far).
func period(r *http.Request, now time.Time) (renda.Date, renda.Date, error) {
	var p renda.Problems
	today := renda.DateOf(now)
	from, err := renda.ParseDate(r.URL.Query().Get("from"))
	if err != nil {
		p.Add("from", "%s", err.Error())
	}
	to, err := renda.ParseDate(r.URL.Query().Get("to"))
	if err != nil {
		p.Add("to", "%s", err.Error())
	}
	if from.IsZero() {
		from = renda.NewDate(today.Year, 1, 1)
	}
	if to.IsZero() {
		to = today
	}
	if to.Before(from) {
		p.Add("to", "结束日期不能早于开始日期")
	}
	return from, to, p.Err()
}

// --- the 12345 link ---

type hotlineOrderRequest struct {
	Number     string    `json:"number"`
	Channel    string    `json:"channel"`
	ReceivedAt time.Time `json:"received_at"`
	RegionCode string    `json:"region_code"`
	Type       string    `json:"type"`
	Content    string    `json:"content"`
	Due        time.Time `json:"due"`
}

// signedBody reads a request body of at most 1 MB and checks its signature
// (store.VerifyHotlineRequest: HMAC-SHA256 of timestamp, nonce and body with
// a 12345 integration's secret or, in demo mode, the demo secret; timestamp
// near now; nonce never seen). Any fault is 401 before anything is parsed.
func (a *API) signedBody(r *http.Request) ([]byte, error) {
	return a.signedBodyOf(r, opinion.IntegrationHotline, DemoHotlineSecret)
}

// signedBodyOf is signedBody for the integrations of kind (hotline,
// finance), with demo its secret in demo mode.
func (a *API) signedBodyOf(r *http.Request, kind, demo string) ([]byte, error) {
	body, err := io.ReadAll(io.LimitReader(r.Body, 1<<20+1))
	if err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return nil, renda.Errorf(renda.ETOOLARGE, "请求内容太大")
		}
		return nil, renda.Errorf(renda.EINVALID, "无法读取请求内容")
	}
	if len(body) > 1<<20 {
		return nil, renda.Errorf(renda.ETOOLARGE, "请求内容太大：最多 1 MB")
	}
	var extra []string
	if a.cfg.Demo {
		extra = append(extra, demo)
	}
	if err := a.db.VerifySignedRequest(r.Context(), kind, store.HotlineRequest{Timestamp: r.Header.Get("X-Renda-Timestamp"),
		Nonce: r.Header.Get("X-Renda-Nonce"), Signature: r.Header.Get("X-Renda-Signature"), Body: body}, extra...); err != nil {
		return nil, err
	}
	return body, nil
}

// decodeBytes is decode for a body already read.
func decodeBytes(body []byte, v any) error {
	if len(bytes.TrimSpace(body)) == 0 {
		return renda.Errorf(renda.EMALFORMED, "请求内容为空：需要一个 JSON 对象")
	}
	if !utf8.Valid(body) {
		return renda.Errorf(renda.EINVALID, "请求内容不是合法的 UTF-8 编码")
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		if strings.Contains(err.Error(), "parsing time") {
			return renda.Errorf(renda.EINVALID, "时间格式应为 RFC 3339，如 2024-05-06T09:30:00+08:00")
		}
		return jsonError(err)
	}
	if dec.More() {
		return renda.Errorf(renda.EMALFORMED, "请求内容只能包含一个 JSON 对象")
	}
	return nil
}

func (a *API) receiveHotlineOrder(w http.ResponseWriter, r *http.Request) error {
	body, err := a.signedBody(r)
	if err != nil {
		return err
	}
	var in hotlineOrderRequest
	if err := decodeBytes(body, &in); err != nil {
		return err
	}
	h := &opinion.HotlineOrder{Number: in.Number, Channel: in.Channel, ReceivedAt: in.ReceivedAt, RegionCode: in.RegionCode, Type: in.Type,
		Content: in.Content, Due: in.Due, Source: "api"}
	out, created, err := a.db.ReceiveHotlineOrder(r.Context(), h)
	if err != nil {
		return err
	}
	status := http.StatusOK
	if created {
		status = http.StatusCreated
	}
	return writeJSON(w, status, out)
}

type hotlineReplyRequest struct {
	Ref    string    `json:"ref"`
	Number string    `json:"number,omitempty"`
	Event  string    `json:"event"` // signed, extended, returned, replied
	Text   string    `json:"text,omitempty"`
	At     time.Time `json:"at"`
}

type hotlineReplyResponse struct {
	Applied bool `json:"applied"` // false: the same report was applied before
}

func (a *API) receiveHotlineReply(w http.ResponseWriter, r *http.Request) error {
	body, err := a.signedBody(r)
	if err != nil {
		return err
	}
	var in hotlineReplyRequest
	if err := decodeBytes(body, &in); err != nil {
		return err
	}
	applied, err := a.db.ApplyHotlineReply(r.Context(), opinion.HotlineReply{Ref: in.Ref, Number: in.Number, Event: in.Event, Text: in.Text, At: in.At})
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, hotlineReplyResponse{Applied: applied})
}

func (a *API) listHotlineOrders(w http.ResponseWriter, r *http.Request) error {
	u := httpx.User(r)
	pg, err := page(r)
	if err != nil {
		return err
	}
	q, err := query(r, "q", 50)
	if err != nil {
		return err
	}
	var p renda.Problems
	from, err := renda.ParseDate(r.URL.Query().Get("from"))
	if err != nil {
		p.Add("from", "%s", err.Error())
	}
	to, err := renda.ParseDate(r.URL.Query().Get("to"))
	if err != nil {
		p.Add("to", "%s", err.Error())
	}
	if err := p.Err(); err != nil {
		return err
	}
	hf := store.HotlineFilter{Q: q, From: from, To: to, Limit: pg.Limit, Offset: pg.Offset}
	if pg.byCursor() {
		items, total, kp, err := a.db.HotlineOrderPage(r.Context(), u, hf, pg.Cursor)
		if err != nil {
			return err
		}
		return writeJSON(w, http.StatusOK, newPageList(items, total, pg, kp))
	}
	items, total, err := a.db.HotlineOrders(r.Context(), u, hf)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, newList(items, total, pg))
}
