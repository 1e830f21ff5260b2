package api

import (
	"bytes"
	"encoding/xml"
	"net/http"
	"net/url"
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

// Open311 GeoReport v2 (http://wiki.open311.org/GeoReport_v2), in XML and JSON,
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
	routes := []Route{
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
	// Every endpoint answers in XML too (the spec requires it): the format
	// is the path's extension, as GeoReport v2 has it.
	for _, rt := range slices.Clone(routes) {
		if base, ok := strings.CutSuffix(rt.Path, ".json"); ok {
			rt.Path, rt.Summary, rt.Response, rt.Content = base+".xml", rt.Summary+" (XML)", nil, open311XMLType
			routes = append(routes, rt)
		}
	}
	for i := range routes {
		routes[i].XML = true
	}
	return routes
}

// open311Err is one entry of the spec's error array.
type open311Err struct {
	Code        int    `json:"code" xml:"code"`
	Description string `json:"description" xml:"description"`
}

// open311XMLType is the media type of Open311's XML format.
const open311XMLType = "text/xml; charset=utf-8"

// open311XML reports whether the request asks for XML: the path ends in
// .xml (discovery.xml, services.xml, requests.xml, {code}.xml, {id}.xml).
func open311XML(r *http.Request) bool { return strings.HasSuffix(r.URL.Path, ".xml") }

// open311Write writes v in the request's format. In XML the document
// element is root and, when v is a list, each entry is an item element
// (<services><service>…</service></services>), as in the spec's examples.
func open311Write(w http.ResponseWriter, r *http.Request, status int, root, item string, v any) error {
	if !open311XML(r) {
		return writeJSON(w, status, v)
	}
	var buf bytes.Buffer
	buf.WriteString(xml.Header)
	enc := xml.NewEncoder(&buf)
	var err error
	if item == "" {
		err = enc.EncodeElement(v, xml.StartElement{Name: xml.Name{Local: root}})
	} else {
		start := xml.StartElement{Name: xml.Name{Local: root}}
		if err = enc.EncodeToken(start); err == nil {
			if err = enc.EncodeElement(v, xml.StartElement{Name: xml.Name{Local: item}}); err == nil {
				err = enc.EncodeToken(start.End())
			}
		}
	}
	if err == nil {
		err = enc.Flush()
	}
	if err != nil {
		return err
	}
	buf.WriteByte('\n')
	w.Header().Set("Content-Type", open311XMLType)
	w.WriteHeader(status)
	_, err = w.Write(buf.Bytes())
	return err
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
	_ = open311Write(w, r, status, "errors", "error", list)
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
	Specification string   `json:"specification" xml:"specification"`
	URL           string   `json:"url" xml:"url"`
	Changeset     string   `json:"changeset" xml:"changeset"`
	Type          string   `json:"type" xml:"type"`
	Formats       []string `json:"formats" xml:"formats>format"`
}

type open311Discovery struct {
	Changeset  string            `json:"changeset" xml:"changeset"`
	Contact    string            `json:"contact" xml:"contact"`
	KeyService string            `json:"key_service" xml:"key_service"`
	Endpoints  []open311Endpoint `json:"endpoints" xml:"endpoints>endpoint"`
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
	return open311Write(w, r, http.StatusOK, "discovery", "", open311Discovery{Changeset: open311Changeset,
		Contact:    d.Office + "（码上找代表）",
		KeyService: "api_key 由平台管理员在“外部接口”中创建；演示环境使用 " + DemoOpen311Key,
		Endpoints: []open311Endpoint{{Specification: "http://wiki.open311.org/GeoReport_v2", URL: a.cfg.BaseURL + "/open311/v2",
			Changeset: open311Changeset, Type: typ, Formats: []string{"text/xml", "application/json"}}}})
}

type open311Service struct {
	ServiceCode string `json:"service_code" xml:"service_code"`
	ServiceName string `json:"service_name" xml:"service_name"`
	Description string `json:"description" xml:"description"`
	Metadata    bool   `json:"metadata" xml:"metadata"`
	Type        string `json:"type" xml:"type"`
	Keywords    string `json:"keywords" xml:"keywords"`
	Group       string `json:"group" xml:"group"`
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
	return open311Write(w, r, http.StatusOK, "services", "service", out)
}

type open311Value struct {
	Key  string `json:"key" xml:"key"`
	Name string `json:"name" xml:"name"`
}

type open311Attribute struct {
	Variable            bool           `json:"variable" xml:"variable"`
	Code                string         `json:"code" xml:"code"`
	Datatype            string         `json:"datatype" xml:"datatype"`
	Required            bool           `json:"required" xml:"required"`
	DatatypeDescription string         `json:"datatype_description" xml:"datatype_description"`
	Order               int            `json:"order" xml:"order"`
	Description         string         `json:"description" xml:"description"`
	Values              []open311Value `json:"values,omitempty" xml:"values>value,omitempty"`
}

type open311Definition struct {
	ServiceCode string             `json:"service_code" xml:"service_code"`
	Attributes  []open311Attribute `json:"attributes" xml:"attributes>attribute"`
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

// jsonFile returns the name of a {name}.json or {name}.xml path segment.
func jsonFile(r *http.Request) (string, error) {
	file := r.PathValue("file")
	if name, ok := strings.CutSuffix(file, ".json"); ok {
		return name, nil
	}
	if name, ok := strings.CutSuffix(file, ".xml"); ok {
		return name, nil
	}
	return "", renda.Errorf(renda.EINVALID, "the format is the extension: append .xml or .json")
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
	return open311Write(w, r, http.StatusOK, "service_definition", "", open311Definition{ServiceCode: code, Attributes: []open311Attribute{
		{Variable: true, Code: "station", Datatype: "singlevaluelist", Required: false, Order: 1,
			DatatypeDescription: "不选则按位置分派到最近的联络站", Description: "向哪个代表联络站反映", Values: values},
		{Variable: true, Code: "deputy", Datatype: "string", Required: false, Order: 2,
			DatatypeDescription: "代表的公开代码（见代表二维码，如 dtashan01）", Description: "指定代表（可不填）"},
	}})
}

type open311Created struct {
	ServiceRequestID string  `json:"service_request_id" xml:"service_request_id"`
	ServiceNotice    string  `json:"service_notice" xml:"service_notice"`
	AccountID        *string `json:"account_id" xml:"account_id"`
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
	if n := utf8.RuneCountInString(f.Get("description")); n > 4000 {
		return renda.Errorf(renda.EINVALID, "description may be at most 4000 characters (got %d)", n)
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
	return open311Write(w, r, http.StatusCreated, "service_requests", "request", []open311Created{{ServiceRequestID: o.ID, ServiceNotice: notice}})
}

type open311Request struct {
	ServiceRequestID  string   `json:"service_request_id" xml:"service_request_id"`
	Status            string   `json:"status" xml:"status"`
	StatusNotes       string   `json:"status_notes" xml:"status_notes"`
	ServiceName       string   `json:"service_name" xml:"service_name"`
	ServiceCode       string   `json:"service_code" xml:"service_code"`
	Description       string   `json:"description" xml:"description"`
	AgencyResponsible string   `json:"agency_responsible" xml:"agency_responsible"`
	ServiceNotice     string   `json:"service_notice" xml:"service_notice"`
	RequestedDatetime string   `json:"requested_datetime" xml:"requested_datetime"`
	UpdatedDatetime   string   `json:"updated_datetime" xml:"updated_datetime"`
	ExpectedDatetime  *string  `json:"expected_datetime" xml:"expected_datetime"`
	Address           string   `json:"address" xml:"address"`
	AddressID         *string  `json:"address_id" xml:"address_id"`
	Zipcode           *string  `json:"zipcode" xml:"zipcode"`
	Lat               *float64 `json:"lat" xml:"lat"`
	Long              *float64 `json:"long" xml:"long"`
	MediaURL          *string  `json:"media_url" xml:"media_url"`
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
	if ids := listParam(q, "service_request_id"); len(ids) > 0 {
		for _, id := range ids {
			if id = strings.TrimSpace(id); renda.ValidID(id) {
				f.IDs = append(f.IDs, id)
			}
		}
		if len(f.IDs) == 0 {
			return open311Write(w, r, http.StatusOK, "service_requests", "request", []open311Request{})
		}
	} else {
		if codes := listParam(q, "service_code"); len(codes) > 0 {
			for _, c := range codes {
				name, err := a.serviceByCode(r, c)
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
		if st := listParam(q, "status"); len(st) > 0 {
			for _, s := range st {
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
	return open311Write(w, r, http.StatusOK, "service_requests", "request", out)
}

// listParam reads a list parameter given comma-separated, repeated
// (status=open&status=closed), or both; empty entries are dropped.
func listParam(q url.Values, name string) []string {
	var out []string
	for _, v := range q[name] {
		for _, s := range strings.Split(v, ",") {
			if s = strings.TrimSpace(s); s != "" {
				out = append(out, s)
			}
		}
	}
	return out
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
	return open311Write(w, r, http.StatusOK, "service_requests", "request", []open311Request{open311JSON(items[0], d.Name)})
}
