package zchat

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"reflect"
	"strconv"
	"strings"

	"github.com/hashicorp/go-retryablehttp"

	"github.com/zchat/zchat-go/internal/safetext"
)

// MaxRequestBytes is the largest request body the APP Server accepts
// (16 MiB); a larger one is refused before sending.
const MaxRequestBytes = 16 << 20

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

// Response tells what came back, beyond the decoded body.
type Response struct {
	StatusCode int
	Header     http.Header
	RequestID  string // X-Request-Id, bounded and cleaned (Header keeps it raw)
	Attempts   int    // how many times the request was sent
}

// Get sends a GET and decodes the answer into out. It, Post, Put and
// Delete are Do for a Request with only a method and a path (and a query or
// a body): the short form of the escape hatch.
func (c *Client) Get(ctx context.Context, path string, query, out any) error {
	_, err := c.do(ctx, &Request{Method: http.MethodGet, Path: path, Query: query}, out)
	return err
}

// Post sends a POST with body in (with an Idempotency-Key) and decodes the
// answer into out.
func (c *Client) Post(ctx context.Context, path string, in, out any) error {
	_, err := c.do(ctx, &Request{Method: http.MethodPost, Path: path, Body: in}, out)
	return err
}

// Put sends a PUT with body in and decodes the answer into out.
func (c *Client) Put(ctx context.Context, path string, in, out any) error {
	_, err := c.do(ctx, &Request{Method: http.MethodPut, Path: path, Body: in}, out)
	return err
}

// Delete sends a DELETE.
func (c *Client) Delete(ctx context.Context, path string) error {
	_, err := c.do(ctx, &Request{Method: http.MethodDelete, Path: path}, nil)
	return err
}

// Do is the request pipeline every call goes through: it builds the request
// (URL, query, JSON body, auth, idempotency key), sends it with retries,
// turns a non-2xx answer into *APIError and decodes a 2xx body into out (a
// pointer, or nil to discard the body). Reads are bounded by
// WithMaxResponseBytes.
//
// Every method of the resource packages is a call to Do. Call it yourself
// for an endpoint the SDK does not wrap yet: you get the same key handling,
// retries, idempotency and errors. The Response is nil when no answer came
// back.
func (c *Client) Do(ctx context.Context, r *Request, out any) (*Response, error) {
	info, err := c.do(ctx, r, out)
	if info.StatusCode == 0 {
		return nil, err // no answer came back
	}
	return &info, err
}

// do is Do with the Response returned by value, which the helpers that
// discard it (Get, Post, Ping…) do not pay an allocation for.
func (c *Client) do(ctx context.Context, r *Request, out any) (Response, error) {
	if ctx == nil {
		return Response{}, invalidArgument("ctx", "is nil")
	}
	if r == nil {
		return Response{}, invalidArgument("request", "is nil")
	}
	state := &callState{Context: ctx, method: r.Method, path: r.Path, operation: r.Operation, pattern: r.Pattern}
	var end func(Response, error)
	if len(c.observers) > 0 {
		state.Context, end = c.observeCall(state, r)
	}
	info, err := c.send(state, r, out)
	if end != nil {
		end(info, err)
	}
	capture(ctx, info)
	return info, err
}

// send builds, sends and reads one call.
func (c *Client) send(state *callState, r *Request, out any) (Response, error) {
	req, err := c.newRequest(state, r)
	if err != nil {
		return Response{}, err
	}
	// The 2xx body is read inside the retry loop, so that a connection lost
	// in the middle of it is retried like one lost before the answer.
	req.SetResponseHandler(func(resp *http.Response) error { return c.readSuccess(resp, out, state) })
	resp, err := c.rc.Do(req)
	if err != nil {
		return Response{Attempts: state.attempts()}, c.transportError(r, state, err)
	}
	defer resp.Body.Close()
	info := Response{
		StatusCode: resp.StatusCode,
		Header:     resp.Header,
		RequestID:  boundToken(resp.Header.Get("X-Request-Id")),
		Attempts:   state.attempts(),
	}
	if !success(resp.StatusCode) {
		body := &capReader{r: resp.Body, remaining: c.maxResponseBytes, limit: c.maxResponseBytes}
		err := c.apiError(r, resp, body, &info)
		if state.unanswered && retryableStatus(resp.StatusCode) {
			// An earlier attempt was sent and got no answer; this answer
			// does not say whether that one took effect.
			err = state.outcomeUnknown(err)
		}
		return info, err
	}
	if state.decodeErr != nil {
		return info, c.callError(r, &info, state.decodeErr)
	}
	return info, nil
}

func success(status int) bool { return status >= 200 && status <= 299 }

// readSuccess decodes a 2xx body into out (or discards it when out is nil)
// and reads what is left, bounded, so the connection can be reused. It runs
// inside the retry loop: an error from the connection itself (a reset, a
// body cut short, an attempt timeout) is returned, and the request is sent
// again, with the same Idempotency-Key. Any other problem (bad JSON, a body
// over the cap) will not heal by retrying; it is kept in state for Do.
func (c *Client) readSuccess(resp *http.Response, out any, state *callState) error {
	state.decodeErr = nil
	if !success(resp.StatusCode) {
		return nil // Do reads error bodies
	}
	// The reader lives in the call's state: one allocation fewer per call.
	state.body = capReader{r: resp.Body, remaining: c.maxResponseBytes, limit: c.maxResponseBytes}
	body := &state.body
	var err error
	if out != nil && resp.StatusCode != http.StatusNoContent {
		if state.attempts() > 1 {
			resetValue(out) // an earlier attempt may have half-filled it
		}
		err = decodeBody(body, resp.Header.Get("Content-Type"), out)
	}
	if err == nil {
		// A connection error here shows in body.readErr; a body going on
		// past the cap after a whole value is left unread.
		_, _ = io.Copy(io.Discard, body)
	}
	if body.readErr != nil {
		return body.readErr
	}
	state.decodeErr = err
	return nil
}

// resetValue sets what out points to back to its zero value.
func resetValue(out any) {
	if v := reflect.ValueOf(out); v.Kind() == reflect.Pointer && !v.IsNil() && v.Elem().CanSet() {
		v.Elem().SetZero()
	}
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
	req, err := retryablehttp.NewRequestWithContext(state.traced(), r.Method, target, rawBody)
	if err != nil {
		return nil, fmt.Errorf("zchat: %s %s: %w", r.Method, r.Path, err)
	}
	h := req.Header
	h["Accept"] = acceptJSON
	// Shared, never-modified value slices: no allocation per request.
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

// Header values shared by every request; set directly (already canonical).
var (
	acceptJSON      = []string{"application/json"}
	contentTypeJSON = []string{"application/json; charset=utf-8"}
)

// utf8BOM is the byte-order mark some Windows servers put before JSON.
var utf8BOM = []byte{0xef, 0xbb, 0xbf}

// decodeBody decodes one JSON value from body into out, with errors that say
// what was wrong: an empty body, an HTML page, null where an object was
// expected, or JSON of the wrong shape. A UTF-8 byte-order mark before the
// JSON is skipped.
func decodeBody(body *capReader, contentType string, out any) error {
	first, err := body.start()
	switch {
	case err != nil && errors.Is(err, io.EOF):
		return errors.New("empty response body where JSON was expected")
	case err != nil:
		return err
	case first == '<' || isHTML(contentType):
		// A login page or a proxy's page with a 2xx, labelled or not: say
		// what it is.
		raw, _ := io.ReadAll(io.LimitReader(body, 4<<10))
		what := mediaType(contentType)
		if !isHTML(contentType) {
			what = "an HTML page"
		}
		return fmt.Errorf("response is %s, not JSON: %q", what, plainExcerpt(raw, "text/html"))
	}
	dec := json.NewDecoder(body)
	if err := dec.Decode(out); err != nil {
		switch {
		case errors.Is(err, ErrResponseTooLarge):
			return err
		case errors.Is(err, io.EOF):
			return errors.New("empty response body where JSON was expected")
		case errors.Is(err, io.ErrUnexpectedEOF):
			return fmt.Errorf("truncated JSON in response: %w", err)
		case !isJSON(contentType):
			return fmt.Errorf("response is %s, not JSON: %w", mediaType(contentType), err)
		}
		return fmt.Errorf("decoding response: %w", err)
	}
	if first == 'n' && !nullable(out) {
		return errors.New("response is null where a JSON object was expected")
	}
	return nil
}

// nullable reports whether JSON null is a fair answer for out: a list (nil
// is an empty list), a map, or an interface. For an object, null would
// leave a zero value that looks like success.
func nullable(out any) bool {
	v := reflect.ValueOf(out)
	if v.Kind() != reflect.Pointer || v.IsNil() {
		return true
	}
	switch v.Elem().Kind() {
	case reflect.Slice, reflect.Map, reflect.Interface:
		return true
	}
	return false
}

func mediaType(contentType string) string {
	mt, _, err := mime.ParseMediaType(contentType)
	if err != nil || mt == "" {
		return "an unknown content type"
	}
	return mt
}

func isHTML(contentType string) bool {
	mt := mediaType(contentType)
	return mt == "text/html" || mt == "application/xhtml+xml"
}

func isJSON(contentType string) bool {
	if contentType == "" {
		return true // many proxies drop it; try JSON anyway
	}
	mt := mediaType(contentType)
	return mt == "application/json" || strings.HasSuffix(mt, "+json")
}

// apiError turns a non-2xx answer into *APIError. The server's JSON error
// body is used when there is one; otherwise (an IIS or Nginx page) Message
// is a short plain-text excerpt of the body.
func (c *Client) apiError(r *Request, resp *http.Response, body io.Reader, info *Response) error {
	e := &APIError{
		StatusCode: resp.StatusCode,
		Method:     r.Method,
		Path:       r.Path,
		Attempts:   info.Attempts,
	}
	if d, ok := parseRetryAfter(resp.Header.Get("Retry-After"), c.now()); ok {
		e.RetryAfter = d
	}
	raw, err := io.ReadAll(io.LimitReader(body, maxErrorBody))
	if err != nil && !errors.Is(err, ErrResponseTooLarge) {
		e.Message = "reading error body: " + err.Error()
	}
	if len(raw) > 0 && !decodeErrorBody(raw, e) {
		e.Message = plainExcerpt(raw, resp.Header.Get("Content-Type"))
		if looksHTML(raw, resp.Header.Get("Content-Type")) {
			e.Message = strings.TrimSuffix("proxy answered with an HTML page: "+e.Message, ": ")
		}
	}
	if e.RequestID == "" {
		e.RequestID = info.RequestID
	}
	return e
}

// maxErrorBody is how much of an error body is read: one worth reading is
// small.
const maxErrorBody = 64 << 10

// maxFields is how many of an error body's Fields are kept.
const maxFields = 50

// decodeErrorBody fills e from the server's JSON error body. It goes by
// the body, not the Content-Type, which proxies and some installs get wrong;
// a JSON value that is not an error object does not count.
func decodeErrorBody(raw []byte, e *APIError) bool {
	trimmed := bytes.TrimSpace(bytes.TrimPrefix(raw, utf8BOM))
	if len(trimmed) == 0 || trimmed[0] != '{' {
		return false
	}
	var body APIError
	if json.Unmarshal(trimmed, &body) != nil || (body.Code == "" && body.Message == "") {
		return false
	}
	e.Code = boundToken(body.Code)
	e.Message = safetext.Line(body.Message, safetext.MaxMessage)
	e.RequestID = boundToken(body.RequestID)
	if len(body.Fields) > 0 {
		e.Fields = make([]FieldError, min(len(body.Fields), maxFields))
		for i := range e.Fields {
			e.Fields[i] = FieldError{Field: boundToken(body.Fields[i].Field), Message: safetext.Line(body.Fields[i].Message, safetext.MaxMessage)}
		}
	}
	return true
}

// callError wraps an error that happened after an answer came back.
func (c *Client) callError(r *Request, info *Response, err error) error {
	msg := "zchat: " + r.Method + " " + r.Path
	if info.RequestID != "" {
		msg += " (request id " + info.RequestID + ")"
	}
	return fmt.Errorf("%s: %w", msg, err)
}

// transportError wraps an error that left no answer: a connection that
// failed on every attempt, a timeout, a cancelled context, a refused
// redirect. The context's error stays reachable with errors.Is, and so does
// the last attempt's answer or connection error when the context ended
// while retrying. A request that changes something and was sent is
// outcome-unknown (see OutcomeUnknownError).
func (c *Client) transportError(r *Request, state *callState, err error) error {
	var redirect *RedirectError
	if errors.As(err, &redirect) {
		e := *redirect // not the *url.Error around it, which repeats the raw Location
		e.Method, e.Path = r.Method, r.Path
		return &e
	}
	err = boundErr(err)
	if state.lastErr != nil && state.lastErr != err && (errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded)) {
		err = &lastAttemptError{err: err, last: state.lastErr}
	}
	if n := state.attempts(); n > 1 {
		err = fmt.Errorf("after %d attempts: %w", n, err)
	}
	if state.unanswered {
		return state.outcomeUnknown(err)
	}
	return fmt.Errorf("zchat: %s %s: %w", r.Method, r.Path, err)
}

// maxCauseText bounds the text of a connection error: net/http quotes what
// a server sent in some of them (a malformed header line, a bad status).
const maxCauseText = 1 << 10

// boundErr returns err, or when its text is long or not one plain line an
// error that says the same, bounded and cleaned, and unwraps to err.
func boundErr(err error) error {
	text := err.Error()
	if len(text) <= maxCauseText && safetext.Line(text, maxCauseText) == text {
		return err
	}
	return &boundedError{err: err, text: safetext.Line(text, maxCauseText)}
}

type boundedError struct {
	err  error
	text string
}

func (e *boundedError) Error() string { return e.text }
func (e *boundedError) Unwrap() error { return e.err }

// outcomeUnknown wraps err in an *OutcomeUnknownError for the call.
func (s *callState) outcomeUnknown(err error) error {
	return &OutcomeUnknownError{Method: s.method, Path: s.path, IdempotencyKey: s.key, Err: err}
}

// plainExcerpt makes a short, single-line text from a body that is not the
// server's JSON: the <title> of an HTML page (else its text without tags),
// or the text itself.
func plainExcerpt(raw []byte, contentType string) string {
	text := string(raw)
	if looksHTML(raw, contentType) {
		if t := htmlTitle(text); t != "" {
			text = t
		} else {
			text = stripTags(text)
		}
	}
	return safetext.Line(text, maxExcerpt)
}

// maxExcerpt bounds the excerpt of a body that is not the server's JSON.
const maxExcerpt = 200

// boundToken bounds a short token from a server (a code, a request id) and
// makes it safe to print. An id that is already short and plain, as every
// real one is, is returned as it is, without allocating.
func boundToken(s string) string {
	if len(s) <= safetext.MaxToken {
		plain := true
		for i := range len(s) {
			if s[i] < 0x21 || s[i] > 0x7e {
				plain = false
				break
			}
		}
		if plain {
			return s
		}
	}
	return safetext.Line(s, safetext.MaxToken)
}

// looksHTML reports whether a body is an HTML page, by its type or its
// first byte (proxies do not always label their pages).
func looksHTML(raw []byte, contentType string) bool {
	return isHTML(contentType) || bytes.HasPrefix(bytes.TrimSpace(bytes.TrimPrefix(raw, utf8BOM)), []byte("<"))
}

func htmlTitle(s string) string {
	lower := strings.ToLower(s)
	i := strings.Index(lower, "<title")
	if i < 0 {
		return ""
	}
	j := strings.IndexByte(lower[i:], '>')
	if j < 0 {
		return ""
	}
	start := i + j + 1
	end := strings.Index(lower[start:], "</title")
	if end < 0 {
		return ""
	}
	return strings.TrimSpace(s[start : start+end])
}

func stripTags(s string) string {
	var b strings.Builder
	in := false
	for _, r := range s {
		switch {
		case r == '<':
			in = true
			b.WriteByte(' ')
		case r == '>':
			in = false
		case !in:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// capReader reads at most remaining bytes and then fails with
// ErrResponseTooLarge if the body goes on; a body of exactly the limit reads
// fine. It keeps the first error the connection itself returned (anything
// but io.EOF), which tells a body cut short from truncated JSON.
type capReader struct {
	r         io.Reader
	remaining int64
	limit     int64
	readErr   error
	head      [3]byte // bytes read ahead by start, returned again by Read
	pending   []byte  // the part of head not yet returned
}

func (c *capReader) Read(p []byte) (int, error) {
	if len(c.pending) == 0 {
		return c.read(p)
	}
	// What start read ahead, and more in the same call: a reader that gets
	// one byte at first would grow its buffer once more.
	n := copy(p, c.pending)
	c.pending = c.pending[n:]
	if n == len(p) || len(c.pending) > 0 {
		return n, nil
	}
	m, err := c.read(p[n:])
	return n + m, err
}

func (c *capReader) read(p []byte) (int, error) {
	if c.remaining <= 0 {
		var one [1]byte
		n, err := io.ReadFull(c.r, one[:])
		if n > 0 {
			return 0, fmt.Errorf("%w: more than %d bytes", ErrResponseTooLarge, c.limit)
		}
		return 0, c.keep(err)
	}
	if int64(len(p)) > c.remaining {
		p = p[:c.remaining]
	}
	n, err := c.r.Read(p)
	c.remaining -= int64(n)
	return n, c.keep(err)
}

// start skips a UTF-8 byte-order mark and JSON white space at the start of
// the body and returns the first byte of what follows, which the next Read
// returns again.
func (c *capReader) start() (byte, error) {
	atStart := true
	for {
		n, err := io.ReadFull(c, c.head[:1])
		if n == 0 {
			return 0, err
		}
		b := c.head[0]
		if atStart && b == utf8BOM[0] {
			atStart = false
			m, _ := io.ReadFull(c, c.head[1:3])
			if m == 2 && bytes.Equal(c.head[:3], utf8BOM) {
				continue
			}
			c.pending = c.head[:1+m] // not a BOM: let the decoder say what it is
			return b, nil
		}
		atStart = false
		switch b {
		case ' ', '\t', '\r', '\n':
			continue
		}
		c.pending = c.head[:1]
		return b, nil
	}
}

func (c *capReader) keep(err error) error {
	if err != nil && err != io.EOF && c.readErr == nil {
		c.readErr = err
	}
	return err
}

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
