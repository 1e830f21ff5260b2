package web

import "net/http"

// exportFilterNote says, for the audit trail, which part of a list was
// exported (the query string), or nothing for the whole list.
func exportFilterNote(r *http.Request) string {
	if r.URL.RawQuery == "" {
		return ""
	}
	q := r.URL.Query().Encode()
	if len(q) > 200 {
		q = q[:200]
	}
	return "，条件 " + q
}
