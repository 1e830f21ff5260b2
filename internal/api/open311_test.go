package api_test

import (
	"encoding/xml"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"renda/internal/api"
	"renda/internal/apptest"
	"renda/internal/demo"
	"renda/opinion"
)

// open311XML calls an Open311 endpoint in XML and decodes the answer.
func open311XML(t *testing.T, a *apptest.App, method, path string, form url.Values, v any) int {
	t.Helper()
	var resp *http.Response
	var err error
	if method == "POST" {
		resp, err = http.PostForm(a.URL+path, form)
	} else {
		resp, err = http.Get(a.URL + path)
	}
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if ct := resp.Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/xml") {
		t.Errorf("%s %s: content type %q: %s", method, path, ct, b)
		return resp.StatusCode
	}
	if !strings.HasPrefix(string(b), "<?xml") {
		t.Errorf("%s %s: no XML declaration: %.200s", method, path, b)
	}
	if err := xml.Unmarshal(b, v); err != nil {
		t.Errorf("%s %s: not the expected XML (%v): %s", method, path, err, b)
	}
	return resp.StatusCode
}

type xmlErrors struct {
	XMLName xml.Name `xml:"errors"`
	Errors  []struct {
		Code        int    `xml:"code"`
		Description string `xml:"description"`
	} `xml:"error"`
}

type xmlRequest struct {
	ID          string `xml:"service_request_id"`
	Status      string `xml:"status"`
	ServiceCode string `xml:"service_code"`
	Description string `xml:"description"`
	Requested   string `xml:"requested_datetime"`
	Lat         string `xml:"lat"`
	Notice      string `xml:"service_notice"`
}

type xmlRequests struct {
	XMLName  xml.Name     `xml:"service_requests"`
	Requests []xmlRequest `xml:"request"`
}

// Issue 9 point 29: GeoReport v2 in XML as well as JSON on every endpoint
// (the format is the extension), descriptions of up to 4,000 characters,
// and repeated status parameters.
func TestOpen311XMLAndLimits(t *testing.T) {
	apptest.Each(t, apptest.Options{Demo: true}, func(t *testing.T, a *apptest.App) {
		var disc struct {
			XMLName   xml.Name `xml:"discovery"`
			Changeset string   `xml:"changeset"`
			Endpoints []struct {
				URL     string   `xml:"url"`
				Formats []string `xml:"formats>format"`
			} `xml:"endpoints>endpoint"`
		}
		if s := open311XML(t, a, "GET", "/open311/v2/discovery.xml", nil, &disc); s != 200 || len(disc.Endpoints) != 1 ||
			strings.Join(disc.Endpoints[0].Formats, ",") != "text/xml,application/json" || disc.Changeset == "" {
			t.Errorf("discovery.xml: %d %+v", s, disc)
		}
		var services struct {
			XMLName  xml.Name `xml:"services"`
			Services []struct {
				Code     string `xml:"service_code"`
				Name     string `xml:"service_name"`
				Metadata bool   `xml:"metadata"`
				Type     string `xml:"type"`
			} `xml:"service"`
		}
		if s := open311XML(t, a, "GET", "/open311/v2/services.xml", nil, &services); s != 200 || len(services.Services) < 5 ||
			services.Services[0].Code == "" || services.Services[0].Type != "realtime" || !services.Services[0].Metadata {
			t.Errorf("services.xml: %d %+v", s, services)
		}
		road := opinion.CategoryCode("道路交通")
		var def struct {
			XMLName    xml.Name `xml:"service_definition"`
			Code       string   `xml:"service_code"`
			Attributes []struct {
				Code     string `xml:"code"`
				Datatype string `xml:"datatype"`
				Values   []struct {
					Key  string `xml:"key"`
					Name string `xml:"name"`
				} `xml:"values>value"`
			} `xml:"attributes>attribute"`
		}
		if s := open311XML(t, a, "GET", "/open311/v2/services/"+road+".xml", nil, &def); s != 200 || def.Code != road ||
			len(def.Attributes) == 0 || def.Attributes[0].Code != "station" || len(def.Attributes[0].Values) == 0 {
			t.Errorf("service definition xml: %d %+v", s, def)
		}
		var errs xmlErrors
		if s := open311XML(t, a, "GET", "/open311/v2/services/cnope.xml", nil, &errs); s != 404 || len(errs.Errors) == 0 || errs.Errors[0].Code != 404 || errs.Errors[0].Description == "" {
			t.Errorf("unknown service xml: %d %+v", s, errs)
		}

		long := strings.Repeat("路", 3992) + "边坡塌方挡路面。" // 4000 characters
		form := url.Values{"api_key": {api.DemoOpen311Key}, "service_code": {road}, "lat": {"26.19"}, "long": {"112.33"},
			"attribute[station]": {demo.TashanStation}, "description": {long}}
		var created xmlRequests
		if s := open311XML(t, a, "POST", "/open311/v2/requests.xml", form, &created); s != 201 || len(created.Requests) != 1 || created.Requests[0].ID == "" {
			t.Fatalf("create xml with a 4000-character description: %d %+v", s, created)
		}
		id := created.Requests[0].ID
		form.Set("description", long+"多")
		errs = xmlErrors{}
		if s := open311XML(t, a, "POST", "/open311/v2/requests.xml", form, &errs); s != 400 || len(errs.Errors) == 0 {
			t.Errorf("4001 characters: %d %+v", s, errs)
		}
		form.Set("api_key", "guess")
		errs = xmlErrors{}
		if s := open311XML(t, a, "POST", "/open311/v2/requests.xml", form, &errs); s != 403 || len(errs.Errors) == 0 || errs.Errors[0].Code != 403 {
			t.Errorf("bad key xml: %d %+v", s, errs)
		}
		var one xmlRequests
		if s := open311XML(t, a, "GET", "/open311/v2/requests/"+id+".xml", nil, &one); s != 200 || len(one.Requests) != 1 ||
			one.Requests[0].Description != long || one.Requests[0].Status != "open" || one.Requests[0].Lat != "26.19" || one.Requests[0].Requested == "" {
			t.Errorf("request xml: %d %d requests", s, len(one.Requests))
		}
		// The same request in JSON, description whole.
		resp, err := http.Get(a.URL + "/open311/v2/requests/" + id + ".json")
		if err != nil {
			t.Fatal(err)
		}
		var js []struct {
			Description string `json:"description"`
		}
		decodeJSON(t, resp, &js)
		if len(js) != 1 || js[0].Description != long {
			t.Errorf("json description cut")
		}

		// Close one other request, then ask for open and closed at once.
		form.Set("api_key", api.DemoOpen311Key)
		form.Set("description", "第二个问题：路灯不亮已经一个月。")
		created = xmlRequests{}
		open311XML(t, a, "POST", "/open311/v2/requests.xml", form, &created)
		if len(created.Requests) != 1 {
			t.Fatal("second request not created")
		}
		closed := created.Requests[0].ID
		dep := a.Token("deputy")
		if r := a.Call("POST", "/api/v1/opinions/"+closed+"/actions/answer", dep, map[string]string{"text": "已修复路灯。"}); r.Status != 200 {
			t.Fatalf("answer: %d %s", r.Status, r.Body)
		}
		ids := func(q string) map[string]string {
			t.Helper()
			var l xmlRequests
			if s := open311XML(t, a, "GET", "/open311/v2/requests.xml?"+q, nil, &l); s != 200 {
				t.Errorf("%s: %d", q, s)
			}
			out := map[string]string{}
			for _, r := range l.Requests {
				out[r.ID] = r.Status
			}
			return out
		}
		for _, q := range []string{"status=open&status=closed", "status=open,closed", "status=closed&status=open"} {
			got := ids(q)
			if got[id] != "open" || got[closed] != "closed" {
				t.Errorf("%s: %v", q, got)
			}
		}
		if got := ids("status=closed"); got[id] != "" || got[closed] != "closed" {
			t.Errorf("status=closed: %v", got)
		}
		var js2 []map[string]any
		resp, err = http.Get(a.URL + "/open311/v2/requests.json?status=closed&status=open&service_code=" + road)
		if err != nil {
			t.Fatal(err)
		}
		decodeJSON(t, resp, &js2)
		seen := map[any]bool{}
		for _, r := range js2 {
			seen[r["service_request_id"]] = true
		}
		if !seen[id] || !seen[closed] {
			t.Errorf("repeated status in JSON: %v", js2)
		}
		errs = xmlErrors{}
		if s := open311XML(t, a, "GET", "/open311/v2/requests.xml?status=open&status=pending", nil, &errs); s != 400 || len(errs.Errors) == 0 {
			t.Errorf("bad repeated status: %d", s)
		}
	})
}
