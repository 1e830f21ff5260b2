package api

import (
	"encoding/json"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"renda"
	"renda/internal/httpx"
	"renda/internal/store"
	"renda/opinion"
	"renda/station"
)

// Open311 GeoReport v2 (http://wiki.open311.org/GeoReport_v2), JSON only,
// under /open311/v2: existing civic apps can file opinions and follow them.
// Services are the opinion categories of the settings; a service request is
// an opinion of channel "open311". Requests listed publicly carry no
// personal data, and only requests filed through Open311 are listed (a
// citizen who scanned a QR code did not agree to publication).

func (a *API) open311Routes() []Route {
	o := func(h func(http.ResponseWriter, *http.Request) error) func(http.ResponseWriter, *http.Request) error {
		return func(w http.ResponseWriter, r *http.Request) error {
			if err := h(w, r); err != nil {
				a.open311Error(w, r, err)
			}
			return nil
		}
	}
	return []Route{
		{Method: "GET", Path: "/open311/v2/discovery.json", Summary: "Open311 service discovery", Tag: "open311", Public: true, Response: open311Discovery{}, Handler: o(a.open311Discovery)},
		{Method: "GET", Path: "/open311/v2/services.json", Summary: "Open311 GET Service List: the opinion categories", Tag: "open311", Public: true, Response: []open311Service{}, Handler: o(a.open311Services)},
		{Method: "GET", Path: "/open311/v2/services/{file}", Summary: "Open311 GET Service Definition ({service_code}.json)", Tag: "open311", Public: true, Response: open311Definition{}, Errors: []int{404}, Handler: o(a.open311Service)},
		{Method: "GET", Path: "/open311/v2/requests.json", Summary: "Open311 GET Service Requests (those filed through Open311)", Tag: "open311", Public: true,
			Query:    []Param{{Name: "service_request_id"}, {Name: "service_code"}, {Name: "start_date"}, {Name: "end_date"}, {Name: "status", Enum: []string{"open", "closed"}}},
			Response: []open311Request{}, Handler: o(a.open311Requests)},
		{Method: "POST", Path: "/open311/v2/requests.json", Summary: "Open311 POST Service Request (form-encoded, with api_key)", Tag: "open311",
			Public: true, SelfAuth: "Open311 api_key form field: an Open311 integration's key (403 otherwise)",
			Response: []open311Created{}, Status: 201, Errors: []int{403, 404}, Handler: o(a.open311Create)},
		{Method: "GET", Path: "/open311/v2/requests/{file}", Summary: "Open311 GET Service Request ({service_request_id}.json)", Tag: "open311", Public: true, Response: []open311Request{}, Errors: []int{404}, Handler: o(a.open311Request)},
	}
}

// open311Err is one entry of the spec's error array.
type open311Err struct {
	Code        int    `json:"code"`
	Description string `json:"description"`
}

// open311Error writes err as the spec's array of {code, description}: 404
// for what does not exist, 403 for a missing or wrong api_key, 400 for any
// other request that cannot be fulfilled.
func (a *API) open311Error(w http.ResponseWriter, r *http.Request, err error) {
	status := http.StatusBadRequest
	switch renda.ErrorCode(err) {
	case renda.ENOTFOUND:
		status = http.StatusNotFound
	case renda.EFORBIDDEN, renda.EUNAUTHORIZED:
		status = http.StatusForbidden
	case renda.ETOOMANY:
		status = http.StatusTooManyRequests
	case renda.ETOOLARGE:
		status = http.StatusRequestEntityTooLarge
	case renda.EINTERNAL:
		status = http.StatusInternalServerError
		a.log.Error("open311 error", "request_id", httpx.RequestID(r.Context()), "path", r.URL.Path, "err", err)
	}
	var list []open311Err
	for _, f := range renda.ErrorFields(err) {
		list = append(list, open311Err{Code: status, Description: f.Field + ": " + f.Message})
	}
	if len(list) == 0 {
		list = []open311Err{{Code: status, Description: renda.ErrorMessage(err)}}
	}
	b, _ := json.Marshal(list)
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	_, _ = w.Write(append(b, '\n'))
}

// deployment returns the names of the congress this renda serves.
func (a *API) deployment(r *http.Request) (renda.Deployment, error) {
	set, err := a.db.Settings(r.Context())
	if err != nil {
		return renda.Deployment{}, err
	}
	return renda.DeploymentOf(set), nil
}

// checkJurisdiction accepts no jurisdiction_id, or this one: the county's
// statistical code (setting deployment.region_code) or its English name in
// lower case without spaces (deployment.region_en). An endpoint for one
// jurisdiction may ignore it.
func (a *API) checkJurisdiction(r *http.Request) error {
	j := strings.TrimSpace(r.FormValue("jurisdiction_id"))
	if j == "" {
		return nil
	}
	set, err := a.db.Settings(r.Context())
	if err != nil {
		return err
	}
	d := renda.DeploymentOf(set)
	slug := strings.ToLower(strings.ReplaceAll(set.String("deployment.region_en"), " ", ""))
	if (d.RegionCode != "" && j == d.RegionCode) || (slug != "" && j == slug) {
		return nil
	}
	if d.RegionCode == "" {
		return renda.Errorf(renda.ENOTFOUND, "jurisdiction_id %q not found: this endpoint serves one jurisdiction (%s); leave jurisdiction_id out", trunc(j, 30), d.Region)
	}
	return renda.Errorf(renda.ENOTFOUND, "jurisdiction_id %q not found: this endpoint serves %s (%s)", trunc(j, 30), d.RegionCode, d.Region)
}

type open311Endpoint struct {
	Specification string   `json:"specification"`
	URL           string   `json:"url"`
	Changeset     string   `json:"changeset"`
	Type          string   `json:"type"`
	Formats       []string `json:"formats"`
}

type open311Discovery struct {
	Changeset  string            `json:"changeset"`
	Contact    string            `json:"contact"`
	KeyService string            `json:"key_service"`
	Endpoints  []open311Endpoint `json:"endpoints"`
}

// open311Changeset is when this endpoint's interface last changed.
const open311Changeset = "2026-11-27T00:00:00Z"

func (a *API) open311Discovery(w http.ResponseWriter, r *http.Request) error {
	typ := "production"
	if a.cfg.Demo {
		typ = "test"
	}
	d, err := a.deployment(r)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, open311Discovery{Changeset: open311Changeset,
		Contact:    d.Office + "（码上找代表）",
		KeyService: "api_key 由平台管理员在“外部接口”中创建；演示环境使用 " + DemoOpen311Key,
		Endpoints: []open311Endpoint{{Specification: "http://wiki.open311.org/GeoReport_v2", URL: a.cfg.BaseURL + "/open311/v2",
			Changeset: open311Changeset, Type: typ, Formats: []string{"application/json"}}}})
}

type open311Service struct {
	ServiceCode string `json:"service_code"`
	ServiceName string `json:"service_name"`
	Description string `json:"description"`
	Metadata    bool   `json:"metadata"`
	Type        string `json:"type"`
	Keywords    string `json:"keywords"`
	Group       string `json:"group"`
}

func (a *API) categories(r *http.Request) ([]string, error) {
	s, err := a.db.Settings(r.Context())
	if err != nil {
		return nil, err
	}
	return s.Strings("opinion.categories"), nil
}

func (a *API) open311Services(w http.ResponseWriter, r *http.Request) error {
	if err := a.checkJurisdiction(r); err != nil {
		return err
	}
	cats, err := a.categories(r)
	if err != nil {
		return err
	}
	out := []open311Service{}
	for _, c := range cats {
		out = append(out, open311Service{ServiceCode: opinion.CategoryCode(c), ServiceName: c, Description: "向人大代表反映“" + c + "”方面的问题和意见",
			Metadata: true, Type: "realtime", Keywords: c, Group: "码上找代表"})
	}
	return writeJSON(w, http.StatusOK, out)
}

type open311Value struct {
	Key  string `json:"key"`
	Name string `json:"name"`
}

type open311Attribute struct {
	Variable            bool           `json:"variable"`
	Code                string         `json:"code"`
	Datatype            string         `json:"datatype"`
	Required            bool           `json:"required"`
	DatatypeDescription string         `json:"datatype_description"`
	Order               int            `json:"order"`
	Description         string         `json:"description"`
	Values              []open311Value `json:"values,omitempty"`
}

type open311Definition struct {
	ServiceCode string             `json:"service_code"`
	Attributes  []open311Attribute `json:"attributes"`
}

// serviceByCode finds the category of a service code.
func (a *API) serviceByCode(r *http.Request, code string) (string, error) {
	cats, err := a.categories(r)
	if err != nil {
		return "", err
	}
	for _, c := range cats {
		if opinion.CategoryCode(c) == code {
			return c, nil
		}
	}
	return "", renda.Errorf(renda.ENOTFOUND, "service_code %q not found", trunc(code, 30))
}

// jsonFile returns the name of a {name}.json path segment.
func jsonFile(r *http.Request) (string, error) {
	name, ok := strings.CutSuffix(r.PathValue("file"), ".json")
	if !ok {
		return "", renda.Errorf(renda.EINVALID, "only the JSON format is served: append .json")
	}
	return name, nil
}

func (a *API) open311Service(w http.ResponseWriter, r *http.Request) error {
	if err := a.checkJurisdiction(r); err != nil {
		return err
	}
	code, err := jsonFile(r)
	if err != nil {
		return err
	}
	if _, err := a.serviceByCode(r, code); err != nil {
		return err
	}
	stations, _, err := a.db.Stations(r.Context(), station.Filter{ActiveOnly: true, Limit: 500})
	if err != nil {
		return err
	}
	var values []open311Value
	for _, s := range stations {
		values = append(values, open311Value{Key: s.Code, Name: s.Name})
	}
	return writeJSON(w, http.StatusOK, open311Definition{ServiceCode: code, Attributes: []open311Attribute{
		{Variable: true, Code: "station", Datatype: "singlevaluelist", Required: false, Order: 1,
			DatatypeDescription: "不选则按位置分派到最近的联络站", Description: "向哪个代表联络站反映", Values: values},
		{Variable: true, Code: "deputy", Datatype: "string", Required: false, Order: 2,
			DatatypeDescription: "代表的公开代码（见代表二维码，如 dtashan01）", Description: "指定代表（可不填）"},
	}})
}

type open311Created struct {
	ServiceRequestID string  `json:"service_request_id"`
	ServiceNotice    string  `json:"service_notice"`
	AccountID        *string `json:"account_id"`
}

func (a *API) open311Create(w http.ResponseWriter, r *http.Request) error {
	if err := r.ParseForm(); err != nil {
		return renda.Errorf(renda.EINVALID, "the request body must be application/x-www-form-urlencoded")
	}
	for k, vs := range r.PostForm {
		for _, v := range vs {
			if !utf8.ValidString(k) || !utf8.ValidString(v) {
				return renda.Errorf(renda.EINVALID, "the request is not valid UTF-8")
			}
		}
	}
	key := r.PostFormValue("api_key")
	ok := a.cfg.Demo && key == DemoOpen311Key
	if !ok {
		var err error
		if ok, err = a.db.Open311Key(r.Context(), key); err != nil {
			return err
		}
	}
	if !ok {
		if key == "" {
			return renda.Errorf(renda.EFORBIDDEN, "api_key missing: can't proceed with create_request")
		}
		return renda.Errorf(renda.EFORBIDDEN, "Invalid api_key received -- can't proceed with create_request")
	}
	if err := a.checkJurisdiction(r); err != nil {
		return err
	}
	f := r.PostForm
	code := strings.TrimSpace(f.Get("service_code"))
	if code == "" {
		return renda.Errorf(renda.EINVALID, "service_code was not provided")
	}
	category, err := a.serviceByCode(r, code)
	if err != nil {
		return err
	}
	in := opinion.Submission{Channel: opinion.ChannelOpen311, Category: category, Content: f.Get("description"),
		Address: f.Get("address_string"), StationCode: strings.TrimSpace(f.Get("attribute[station]")), DeputyCode: strings.TrimSpace(f.Get("attribute[deputy]")),
		Name: strings.TrimSpace(f.Get("last_name") + f.Get("first_name")), Phone: f.Get("phone"), Consent: true}
	lat, lng := strings.TrimSpace(f.Get("lat")), strings.TrimSpace(f.Get("long"))
	if lat != "" || lng != "" {
		var perr1, perr2 error
		in.Lat, perr1 = strconv.ParseFloat(lat, 64)
		in.Lng, perr2 = strconv.ParseFloat(lng, 64)
		if perr1 != nil || perr2 != nil {
			return renda.Errorf(renda.EINVALID, "lat and long must both be sent, as decimal degrees (WGS84)")
		}
	}
	if in.Lat == 0 && in.Address == "" && f.Get("address_id") == "" {
		return renda.Errorf(renda.EINVALID, "a location is required: lat & long, address_string or address_id")
	}
	if in.Address == "" {
		in.Address = strings.TrimSpace(f.Get("address_id"))
	}
	if m := strings.TrimSpace(f.Get("media_url")); m != "" {
		if utf8.RuneCountInString(m) > 300 || !(strings.HasPrefix(m, "http://") || strings.HasPrefix(m, "https://")) {
			return renda.Errorf(renda.EINVALID, "media_url must be an http(s) URL of at most 300 characters")
		}
		in.Content += "\n（图片链接：" + m + "）"
	}
	o, err := a.db.SubmitOpinion(r.Context(), nil, in, nil)
	if err != nil {
		return err
	}
	notice := "已收到，我们会尽快处理。"
	if o.StationName != "" {
		notice = "已送达" + o.StationName + "，代表将在规定期限内处理并答复。"
	}
	return writeJSON(w, http.StatusCreated, []open311Created{{ServiceRequestID: o.ID, ServiceNotice: notice}})
}

type open311Request struct {
	ServiceRequestID  string   `json:"service_request_id"`
	Status            string   `json:"status"`
	StatusNotes       string   `json:"status_notes"`
	ServiceName       string   `json:"service_name"`
	ServiceCode       string   `json:"service_code"`
	Description       string   `json:"description"`
	AgencyResponsible string   `json:"agency_responsible"`
	ServiceNotice     string   `json:"service_notice"`
	RequestedDatetime string   `json:"requested_datetime"`
	UpdatedDatetime   string   `json:"updated_datetime"`
	ExpectedDatetime  *string  `json:"expected_datetime"`
	Address           string   `json:"address"`
	AddressID         *string  `json:"address_id"`
	Zipcode           *string  `json:"zipcode"`
	Lat               *float64 `json:"lat"`
	Long              *float64 `json:"long"`
	MediaURL          *string  `json:"media_url"`
}

func w3(t time.Time) string { return t.In(renda.CST).Format(time.RFC3339) }

// open311JSON is an opinion as a service request; agency is responsible
// when no unit or station is.
func open311JSON(o *opinion.Opinion, agency string) open311Request {
	out := open311Request{ServiceRequestID: o.ID, Status: "open", ServiceName: o.Category, ServiceCode: opinion.CategoryCode(o.Category),
		Description: o.Content, AgencyResponsible: firstNonEmpty(o.ForwardOrgName, o.StationName, agency),
		StatusNotes: opinion.PublicState(o.State), RequestedDatetime: w3(o.CreatedAt), UpdatedDatetime: w3(o.UpdatedAt), Address: o.Address}
	if !o.Open() {
		out.Status = "closed"
	}
	if o.Answer != "" {
		out.StatusNotes += "：" + o.Answer
	}
	if o.Open() && !o.Due.IsZero() {
		e := w3(o.Due.End().Add(-time.Second))
		out.ExpectedDatetime = &e
	}
	if o.Lat != 0 || o.Lng != 0 {
		lat, lng := o.Lat, o.Lng
		out.Lat, out.Long = &lat, &lng
	}
	return out
}

func firstNonEmpty(ss ...string) string {
	for _, s := range ss {
		if s != "" {
			return s
		}
	}
	return ""
}

func parseW3(s string) (time.Time, error) {
	t, err := time.Parse(time.RFC3339, strings.TrimSpace(s))
	if err != nil {
		return time.Time{}, renda.Errorf(renda.EINVALID, "dates must be in w3 format, e.g. 2024-05-01T00:00:00Z")
	}
	return t, nil
}

func (a *API) open311Requests(w http.ResponseWriter, r *http.Request) error {
	if err := a.checkJurisdiction(r); err != nil {
		return err
	}
	q := r.URL.Query()
	f := store.Open311Filter{Limit: 1000}
	if ids := strings.TrimSpace(q.Get("service_request_id")); ids != "" {
		for _, id := range strings.Split(ids, ",") {
			if id = strings.TrimSpace(id); renda.ValidID(id) {
				f.IDs = append(f.IDs, id)
			}
		}
		if len(f.IDs) == 0 {
			return writeJSON(w, http.StatusOK, []open311Request{})
		}
	} else {
		if codes := strings.TrimSpace(q.Get("service_code")); codes != "" {
			for _, c := range strings.Split(codes, ",") {
				name, err := a.serviceByCode(r, strings.TrimSpace(c))
				if err != nil {
					return err
				}
				f.Categories = append(f.Categories, name)
			}
		}
		now := a.db.Clock().Now()
		f.From, f.To = now.Add(-90*24*time.Hour), now
		var err error
		if s := q.Get("end_date"); s != "" {
			if f.To, err = parseW3(s); err != nil {
				return err
			}
			f.From = f.To.Add(-90 * 24 * time.Hour)
		}
		if s := q.Get("start_date"); s != "" {
			if f.From, err = parseW3(s); err != nil {
				return err
			}
			if q.Get("end_date") == "" && f.From.Add(90*24*time.Hour).Before(f.To) {
				f.To = f.From.Add(90 * 24 * time.Hour)
			}
		}
		if f.To.Before(f.From) {
			return renda.Errorf(renda.EINVALID, "end_date is before start_date")
		}
		if f.To.Sub(f.From) > 90*24*time.Hour+time.Second {
			return renda.Errorf(renda.EINVALID, "start_date and end_date may not span more than 90 days")
		}
		if st := strings.TrimSpace(q.Get("status")); st != "" {
			for _, s := range strings.Split(st, ",") {
				s = strings.TrimSpace(s)
				if s != "open" && s != "closed" {
					return renda.Errorf(renda.EINVALID, "status must be open or closed")
				}
				if !slices.Contains(f.Statuses, s) {
					f.Statuses = append(f.Statuses, s)
				}
			}
		}
	}
	items, err := a.db.Open311Requests(r.Context(), f)
	if err != nil {
		return err
	}
	d, err := a.deployment(r)
	if err != nil {
		return err
	}
	out := []open311Request{}
	for _, o := range items {
		out = append(out, open311JSON(o, d.Name))
	}
	return writeJSON(w, http.StatusOK, out)
}

func (a *API) open311Request(w http.ResponseWriter, r *http.Request) error {
	if err := a.checkJurisdiction(r); err != nil {
		return err
	}
	id, err := jsonFile(r)
	if err != nil {
		return err
	}
	if !renda.ValidID(id) {
		return renda.Errorf(renda.ENOTFOUND, "service_request_id %q not found", trunc(id, 30))
	}
	items, err := a.db.Open311Requests(r.Context(), store.Open311Filter{IDs: []string{id}, Limit: 1})
	if err != nil {
		return err
	}
	if len(items) == 0 {
		return renda.Errorf(renda.ENOTFOUND, "service_request_id %q not found", id)
	}
	d, err := a.deployment(r)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, []open311Request{open311JSON(items[0], d.Name)})
}
