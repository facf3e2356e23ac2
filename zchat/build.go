package zchat

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/hashicorp/go-retryablehttp"

	"github.com/zchat/zchat-go/internal/apispec"
	"github.com/zchat/zchat-go/internal/safetext"
)

// MaxRequestBytes is the largest request body the APP Server accepts
// (16 MiB); a larger one is refused before sending.
const MaxRequestBytes = apispec.MaxRequestBytes

// Request is one API call, as Do sends it. Path is below the base path and
// built with Path, so its segments are escaped. The resource packages build
// theirs from the contract's operation table; build one yourself to call an
// endpoint the SDK does not wrap yet (see Do).
type Request struct {
	Method string
	Path   string
	Query  any // a struct with `url:"…"` tags (go-querystring), or nil
	Body   any // encoded as JSON, or nil for no body

	// Operation and Pattern name the call for logs, traces and metrics with
	// low-cardinality values: the operationId of docs/openapi.yaml
	// ("getAgent") and the path template Path was built from
	// ("/agents/{userId}"). Both are optional for a call made through Do.
	Operation string
	Pattern   string
}

// newRequest builds the retryable request: URL, query, body and headers.
func (c *Client) newRequest(state *callState, r *Request) (*retryablehttp.Request, error) {
	if r.Method == "" {
		return nil, invalidArgument("request", "has no method")
	}
	if err := checkPath(r.Path); err != nil {
		return nil, err
	}
	target := c.apiURL + r.Path
	if r.Query != nil {
		q, err := encodeQuery(r.Query)
		if err != nil {
			return nil, err
		}
		if q != "" {
			target += "?" + q
		}
	}
	var body []byte
	if r.Body != nil {
		var err error
		if body, err = json.Marshal(r.Body); err != nil {
			return nil, fmt.Errorf("zchat: %s %s: encoding request body: %w", r.Method, r.Path, err)
		}
		if len(body) > MaxRequestBytes {
			return nil, invalidArgument("request body", "is %d bytes, over the server's limit of %d", len(body), MaxRequestBytes)
		}
	}
	var rawBody any // nil interface when there is no body: retryablehttp must see "no body"
	if body != nil {
		rawBody = body
	}
	// retryablehttp.NewRequestWithContext, with the request in the call's
	// state.
	hreq, err := http.NewRequestWithContext(state.traced(), r.Method, target, nil)
	if err == nil {
		state.req = retryablehttp.Request{Request: hreq}
		err = state.req.SetBody(rawBody)
	}
	if err != nil {
		return nil, fmt.Errorf("zchat: %s %s: %w", r.Method, r.Path, err)
	}
	req := &state.req
	h := req.Header
	h["Accept"] = acceptJSON
	if c.userAgentHeader != nil {
		h["User-Agent"] = c.userAgentHeader
	}
	if c.authHeader != nil {
		h["Authorization"] = c.authHeader
	}
	if body != nil {
		h["Content-Type"] = contentTypeJSON
	}
	if r.Method == http.MethodPost {
		key, err := idempotencyKeyFor(state)
		if err != nil {
			return nil, err
		}
		state.key = key
		// Set once here: every retry re-sends this same request, so the key
		// is the same on every attempt and the server acts at most once.
		h["Idempotency-Key"] = []string{key}
	}
	return req, nil
}

// sharedValue is a header value built once (per package, or per Client for
// Authorization and User-Agent) and shared by every request, never modified.
// It is set straight into the request's header map under its canonical key,
// so a request pays no allocation for it; BenchmarkGet measures the pipeline
// it is part of.
type sharedValue []string

// Header values shared by every request.
var (
	acceptJSON      = sharedValue{"application/json"}
	contentTypeJSON = sharedValue{"application/json; charset=utf-8"}
)

// Path joins segments into an escaped API path: Path("agents", 3) is
// "/agents/3", and a string segment is escaped so "a/b" stays one segment.
// An empty, "." or ".." segment cannot be escaped into something a server
// or proxy keeps as it is: the pipeline refuses a path holding one with an
// *InvalidArgumentError before sending anything.
func Path(segments ...any) string {
	var b strings.Builder
	for _, s := range segments {
		b.WriteByte('/')
		switch v := s.(type) {
		case int:
			b.WriteString(strconv.Itoa(v))
		case int64:
			b.WriteString(strconv.FormatInt(v, 10))
		case string:
			b.WriteString(escapeSegment(v))
		case ChatID:
			b.WriteString(escapeSegment(string(v)))
		default:
			b.WriteString(escapeSegment(fmt.Sprint(v)))
		}
	}
	return b.String()
}

// checkPath refuses a request path that does not start with "/" or holds
// an empty, "." or ".." segment (also percent-encoded), which a server or
// a proxy would resolve to another resource than the one named.
func checkPath(p string) error {
	if p == "" {
		return nil
	}
	if p[0] != '/' {
		return invalidArgument("request", "path %q must start with /", safetext.Line(p, safetext.MaxMessage))
	}
	for rest := p[1:]; ; {
		seg, tail, more := strings.Cut(rest, "/")
		if seg == "" || isDotSegment(seg) {
			return invalidArgument("path", "%q has an empty, \".\" or \"..\" segment; nothing was sent", safetext.Line(p, safetext.MaxMessage))
		}
		if !more {
			return nil
		}
		rest = tail
	}
}

func isDotSegment(seg string) bool {
	if len(seg) > 6 || strings.Trim(seg, ".%2eE") != "" {
		return false // fast path: most segments hold other characters
	}
	seg = strings.ReplaceAll(strings.ToLower(seg), "%2e", ".")
	return seg == "." || seg == ".."
}

// escapeSegment escapes one path segment, "/" included.
func escapeSegment(s string) string { return url.PathEscape(s) }
