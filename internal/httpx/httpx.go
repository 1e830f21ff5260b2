// Package httpx holds what the HTML pages and the JSON API share: the
// signed-in user in the request context, request ids, logging, metrics,
// limits, and the one table from renda error codes to HTTP statuses.
package httpx

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"net/netip"
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

type clientIPKey struct{}

// ParseProxies parses the --trusted-proxies list: CIDRs (or single
// addresses) separated by commas. An empty string trusts no proxy.
func ParseProxies(list string) ([]netip.Prefix, error) {
	var out []netip.Prefix
	for _, f := range strings.Split(list, ",") {
		f = strings.TrimSpace(f)
		if f == "" {
			continue
		}
		if !strings.Contains(f, "/") {
			a, err := netip.ParseAddr(f)
			if err != nil {
				return nil, fmt.Errorf("trusted proxy %q: not an address or CIDR", f)
			}
			out = append(out, netip.PrefixFrom(a.Unmap(), a.Unmap().BitLen()))
			continue
		}
		p, err := netip.ParsePrefix(f)
		if err != nil {
			return nil, fmt.Errorf("trusted proxy %q: %v", f, err)
		}
		if p.Addr().Is4In6() {
			p = netip.PrefixFrom(p.Addr().Unmap(), p.Bits()-96)
		}
		out = append(out, p.Masked())
	}
	return out, nil
}

// ClientAddress decides once per request who the client is and puts it in
// the context for ClientIP. The direct peer is the client unless it is one
// of the trusted proxies; then X-Forwarded-For is read from the right, and
// the first address that is not a trusted proxy is the client. Without
// trusted proxies X-Forwarded-For is ignored.
func ClientAddress(trusted []netip.Prefix) Middleware {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			ip := clientAddr(r, trusted)
			next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), clientIPKey{}, ip)))
		})
	}
}

func clientAddr(r *http.Request, trusted []netip.Prefix) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		host = r.RemoteAddr
	}
	isTrusted := func(s string) bool {
		a, err := netip.ParseAddr(s)
		if err != nil {
			return false
		}
		a = a.Unmap()
		for _, p := range trusted {
			if p.Contains(a) {
				return true
			}
		}
		return false
	}
	if len(trusted) == 0 || !isTrusted(host) {
		return host
	}
	var hops []string
	for _, v := range r.Header.Values("X-Forwarded-For") {
		hops = append(hops, strings.Split(v, ",")...)
	}
	client := host
	for i := len(hops) - 1; i >= 0; i-- {
		h := strings.TrimSpace(hops[i])
		a, err := netip.ParseAddr(h)
		if err != nil {
			return client // garbage left of a trusted hop: the last trusted hop is all we know
		}
		client = a.Unmap().String()
		if !isTrusted(client) {
			return client
		}
	}
	return client
}

// ClientIP returns the address of the client as ClientAddress decided it
// (the direct peer when that middleware did not run).
func ClientIP(r *http.Request) string {
	if s, ok := r.Context().Value(clientIPKey{}).(string); ok {
		return s
	}
	return clientAddr(r, nil)
}

// BearerToken returns the token of an "Authorization: Bearer" header.
func BearerToken(r *http.Request) string {
	h := r.Header.Get("Authorization")
	if len(h) > 7 && strings.EqualFold(h[:7], "bearer ") {
		return strings.TrimSpace(h[7:])
	}
	return ""
}
