// Package httpx holds what the HTML pages and the JSON API share: the
// signed-in user in the request context, request ids, logging, metrics,
// limits, and the one table from renda error codes to HTTP statuses.
package httpx

import (
	"context"
	"net"
	"net/http"
	"strings"

	"renda"
)

// Status maps a renda error code to its HTTP status.
func Status(code string) int {
	switch code {
	case renda.EINVALID:
		return http.StatusUnprocessableEntity
	case renda.EMALFORMED:
		return http.StatusBadRequest
	case renda.ENOTFOUND:
		return http.StatusNotFound
	case renda.EMETHOD:
		return http.StatusMethodNotAllowed
	case renda.EFORBIDDEN:
		return http.StatusForbidden
	case renda.ECONFLICT:
		return http.StatusConflict
	case renda.EUNAUTHORIZED:
		return http.StatusUnauthorized
	case renda.ETOOMANY:
		return http.StatusTooManyRequests
	case renda.ETOOLARGE:
		return http.StatusRequestEntityTooLarge
	case "":
		return http.StatusOK
	}
	return http.StatusInternalServerError
}

type ctxKey int

const (
	userKey ctxKey = iota
	requestIDKey
	sessionKey
)

// WithUser returns a context carrying the signed-in user.
func WithUser(ctx context.Context, u *renda.User) context.Context {
	return context.WithValue(ctx, userKey, u)
}

// User returns the signed-in user, or nil for the public.
func User(r *http.Request) *renda.User {
	u, _ := r.Context().Value(userKey).(*renda.User)
	return u
}

// RequestID returns the request's id.
func RequestID(ctx context.Context) string {
	s, _ := ctx.Value(requestIDKey).(string)
	return s
}

// SessionToken returns the browser session token of the request, if any.
func SessionToken(r *http.Request) string {
	s, _ := r.Context().Value(sessionKey).(string)
	return s
}

// ClientIP returns the address of the client. X-Forwarded-For is believed
// only when the direct peer is a trusted proxy on loopback or a private net.
func ClientIP(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		host = r.RemoteAddr
	}
	if ip := net.ParseIP(host); ip != nil && (ip.IsLoopback() || ip.IsPrivate()) {
		if xff := r.Header.Get("X-Forwarded-For"); xff != "" {
			first := strings.TrimSpace(strings.Split(xff, ",")[0])
			if net.ParseIP(first) != nil {
				return first
			}
		}
	}
	return host
}

// BearerToken returns the token of an "Authorization: Bearer" header.
func BearerToken(r *http.Request) string {
	h := r.Header.Get("Authorization")
	if len(h) > 7 && strings.EqualFold(h[:7], "bearer ") {
		return strings.TrimSpace(h[7:])
	}
	return ""
}
