package zchat

import (
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/zchat/zchat-go/internal/safetext"
)

// RedirectError is returned when the server answers a request that changes
// something (any method but GET and HEAD) with a redirect the Client will
// not follow: one that would turn it into a GET (301, 302 or 303 — net/http
// would re-send it as a GET without its body, and the GET's answer would
// look like success), or one to another origin (scheme, host or port), which
// would carry its body and Idempotency-Key there. Nothing was done by the
// redirect's target; update the base URL to where the server now lives.
type RedirectError struct {
	Method     string // the request's method, e.g. "POST"
	Path       string // the request's path below the base path
	StatusCode int    // the redirect's status, e.g. 302
	Location   string // where it pointed, resolved, bounded and on one line
	Reason     string // why it was not followed
}

// Error names the status, the Location and why it was not followed.
func (e *RedirectError) Error() string {
	var b strings.Builder
	b.WriteString("zchat: ")
	if e.Method != "" {
		b.WriteString(e.Method + " " + e.Path + ": ")
	}
	b.WriteString("not following redirect ")
	if e.StatusCode != 0 {
		b.WriteString(strconv.Itoa(e.StatusCode) + " " + http.StatusText(e.StatusCode) + " ")
	}
	b.WriteString("to " + e.Location + ": " + e.Reason)
	return b.String()
}

// changesState reports whether a request with this method may change
// something on the server: every method but GET, HEAD and OPTIONS.
func changesState(method string) bool {
	return method != http.MethodGet && method != http.MethodHead && method != http.MethodOptions
}

// redirectPolicy refuses the redirects RedirectError describes, drops the
// Authorization header on any redirect that leaves the API's host or goes
// from https to http, then applies the caller's own policy (or net/http's
// limit of 10 redirects) to what it allows.
func (c *Client) redirectPolicy(next func(*http.Request, []*http.Request) error) func(*http.Request, []*http.Request) error {
	return func(req *http.Request, via []*http.Request) error {
		if err := refuseRedirect(req, via[0]); err != nil {
			return err
		}
		first := via[0].URL
		if req.URL.Host != first.Host || (first.Scheme == "https" && req.URL.Scheme != "https") {
			req.Header.Del("Authorization")
		}
		if next != nil {
			return next(req, via)
		}
		if len(via) >= 10 {
			return errors.New("stopped after 10 redirects")
		}
		return nil
	}
}

// refuseRedirect returns a *RedirectError for a redirect of a state-changing
// request that changes its method or leaves its origin; GETs follow as
// net/http would.
func refuseRedirect(req, orig *http.Request) error {
	if !changesState(orig.Method) {
		return nil
	}
	var reason string
	switch {
	case req.Method != orig.Method:
		reason = "it would re-send the " + orig.Method + " as a " + req.Method + " without its body, and nothing would be created; point the base URL at the new address"
	case !sameOrigin(req.URL, orig.URL):
		reason = "it leads to another origin, and the " + orig.Method + " with its body and Idempotency-Key is only re-sent within the same scheme, host and port"
	default:
		return nil
	}
	e := &RedirectError{Location: safetext.Line(req.URL.Redacted(), safetext.MaxMessage), Reason: reason}
	if req.Response != nil {
		e.StatusCode = req.Response.StatusCode
	}
	return e
}

// sameOrigin compares scheme, host name and port, with the scheme's default
// port filled in.
func sameOrigin(a, b *url.URL) bool {
	return strings.EqualFold(a.Scheme, b.Scheme) && strings.EqualFold(a.Hostname(), b.Hostname()) && port(a) == port(b)
}

func port(u *url.URL) string {
	if p := u.Port(); p != "" {
		return p
	}
	if strings.EqualFold(u.Scheme, "https") {
		return "443"
	}
	return "80"
}
