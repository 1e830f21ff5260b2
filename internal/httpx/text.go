package httpx

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"mime"
	"net/http"
	"net/url"
	"strings"
	"unicode/utf8"

	"renda"
)

// BadText reports whether s is not acceptable as text: invalid UTF-8, or a
// control character other than tab, line feed and carriage return (NUL
// among them, which PostgreSQL cannot store and which has no business in a
// form or a query).
func BadText(s string) bool {
	if !utf8.ValidString(s) {
		return true
	}
	for _, c := range s {
		if c < 0x20 && c != '\t' && c != '\n' && c != '\r' || c == 0x7f || c >= 0x80 && c <= 0x9f {
			return true
		}
	}
	return false
}

// badText is the error for a field holding bad text.
func badText(field string) error {
	return &renda.Error{Code: renda.EINVALID,
		Message: "输入含有不允许的字符（空字符等控制字符），或含有无效的字符编码（不是 UTF-8 文本）：" + field,
		Fields:  []renda.FieldError{{Field: field, Message: "含有不允许的字符或无效的字符编码"}}}
}

// RefuseBadText refuses, before any handler runs, a request whose path,
// query, form fields (plain or multipart, file names included) or JSON
// strings hold bad text (see BadText): fail writes the 422 — problem+json
// for the API, an error page for pages. A form that cannot be read is
// refused the same way (413 when too large, else 422), so handlers see
// forms that were read and checked.
func RefuseBadText(fail func(http.ResponseWriter, *http.Request, error)) Middleware {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if err := checkText(r); err != nil {
				fail(w, r, err)
				return
			}
			next.ServeHTTP(w, r)
		})
	}
}

func checkText(r *http.Request) error {
	if BadText(r.URL.Path) {
		return badText("path")
	}
	if q, _ := url.ParseQuery(r.URL.RawQuery); len(q) > 0 {
		if f := badValues(q); f != "" {
			return badText(f)
		}
	}
	if r.Body == nil || r.Body == http.NoBody || (r.Method != http.MethodPost && r.Method != http.MethodPut && r.Method != http.MethodPatch) {
		return nil
	}
	ct, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	switch {
	case ct == "application/x-www-form-urlencoded":
		if err := r.ParseForm(); err != nil {
			return formError(err)
		}
		if f := badValues(r.PostForm); f != "" {
			return badText(f)
		}
	case ct == "multipart/form-data":
		if err := r.ParseMultipartForm(8 << 20); err != nil {
			return formError(err)
		}
		if f := badValues(r.MultipartForm.Value); f != "" {
			return badText(f)
		}
		for k, fhs := range r.MultipartForm.File {
			if BadText(k) {
				return badText("(name)")
			}
			for _, fh := range fhs {
				if BadText(fh.Filename) {
					return badText(k)
				}
			}
		}
	case ct == "" || ct == "application/json" || strings.HasSuffix(ct, "+json"):
		body, err := io.ReadAll(r.Body)
		r.Body = io.NopCloser(bytes.NewReader(body))
		if err != nil {
			var mbe *http.MaxBytesError
			if errors.As(err, &mbe) {
				return mbe // the caller's error writer says 413
			}
			return nil // the handler meets the same error
		}
		if f := badJSON(body); f != "" {
			return badText(f)
		}
	}
	return nil
}

// badValues returns the name of the first field holding bad text, or "".
func badValues(v url.Values) string {
	for k, vs := range v {
		if BadText(k) {
			return "(name)"
		}
		for _, s := range vs {
			if BadText(s) {
				return k
			}
		}
	}
	return ""
}

// badJSON returns where the first JSON string (key or value) holding bad
// text is, or "" — also when body is not JSON at all (the handler says so).
func badJSON(body []byte) string {
	if !bytes.Contains(body, []byte(`\u`)) && !BadText(string(body)) {
		return "" // no escapes and no raw control bytes: nothing to find
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	var key string
	for {
		tok, err := dec.Token()
		if err != nil {
			if err == io.EOF {
				return ""
			}
			if !utf8.Valid(body) {
				return "(body)"
			}
			return "" // malformed: the handler reports it
		}
		if s, ok := tok.(string); ok {
			if BadText(s) {
				if key == "" {
					return "(body)"
				}
				return key
			}
			key = s
		}
	}
}

func formError(err error) error {
	var mbe *http.MaxBytesError
	if errors.As(err, &mbe) || strings.Contains(err.Error(), "too large") {
		return renda.Errorf(renda.ETOOLARGE, "提交的内容太大")
	}
	return renda.Errorf(renda.EINVALID, "表单无法读取：%s", err.Error())
}
