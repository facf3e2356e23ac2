package zchattest

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"time"

	"github.com/zchat/zchat-go/internal/apispec"
	"github.com/zchat/zchat-go/zchat"
)

// MaxBodyBytes is the largest request body the server accepts (16 MiB, the
// contract's limit); a larger one gets 413 payload_too_large.
const MaxBodyBytes = apispec.MaxRequestBytes

// handler serves one endpoint. It runs with Server.mu held and returns the
// answer's value: nil for 204 No Content, created{v} for 201, anything else
// for 200; or an error (an *apiError, else 500 internal).
type handler func(c *call) (any, error)

// withObject is the handler of an operation on the object of the path's id
// (its only one): lookup finds it, or answers the contract's 404, and do
// does the rest with it.
func withObject[T any](s *Server, lookup func(*state, int) (T, error), do func(*call, T) (any, error)) handler {
	return func(c *call) (any, error) {
		x, err := lookup(s.st, c.ids[0])
		if err != nil {
			return nil, err
		}
		return do(c, x)
	}
}

// created marks a handler's value as a 201 Created answer.
type created struct{ v any }

// reply is an answer as it goes on the wire, kept whole so that an
// idempotent request can be answered again with it.
type reply struct {
	status int
	header http.Header
	body   []byte
	proxy  bool // written by "a proxy" (an HTML fault page): no X-Request-Id
}

// ServeHTTP answers one request as the APP Server would: fault injection,
// auth, the body limit, routing, idempotency, then the endpoint. A Server
// can also be mounted in a handler of one's own.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	start := time.Now()
	rel, _ := s.relPath(r.URL.Path)
	rec := RequestRecord{
		Method: r.Method, Path: rel, Query: r.URL.RawQuery,
		IdempotencyKey: r.Header.Get("Idempotency-Key"),
		RequestID:      s.recorder.newID(), Time: s.now(),
	}
	defer func() { s.record(rec, time.Since(start)) }()

	f := s.takeFault(r, rel)
	rec.Fault = f != nil
	if f != nil && !f.After && s.faultBefore(w, r, f, &rec) {
		return
	}
	rp, done := s.handle(r, &rec)
	if f != nil && f.After {
		// The request is done; the answer is stored for idempotency once
		// the delay is over, then it is broken as the fault says.
		ok := s.wait(r, f.Delay)
		done()
		if !ok {
			s.drop(w, &rec)
			return
		}
		if s.breakAnswer(w, f, rp, &rec) {
			return
		}
	} else {
		done()
	}
	s.write(w, rp, &rec)
}

// handle runs the server's own steps and returns the answer, and a function
// to call once it is final (it stores the answer of an idempotent request).
func (s *Server) handle(r *http.Request, rec *RequestRecord) (*reply, func()) {
	noop := func() {}
	if !s.authorized(r) {
		return s.errorReply(rec.RequestID, errUnauthorized()), noop
	}
	body, err := readBody(r)
	if err != nil {
		return s.errorReply(rec.RequestID, err), noop
	}
	h, ids, err := s.route(r.Method, r.URL.Path)
	if err != nil {
		return s.errorReply(rec.RequestID, err), noop
	}
	c := &call{r: r, body: body, ids: ids, rid: rec.RequestID}
	if r.Method == http.MethodPost {
		return s.idempotent(c, h, rec)
	}
	return s.run(c, h), noop
}

// readBody reads at most MaxBodyBytes+1 bytes: one more means too large.
func readBody(r *http.Request) ([]byte, error) {
	if r.Body == nil || r.Body == http.NoBody {
		return nil, nil
	}
	b, err := io.ReadAll(io.LimitReader(r.Body, MaxBodyBytes+1))
	if err != nil {
		return nil, badRequest("reading the body: %v", err)
	}
	if len(b) > MaxBodyBytes {
		e := errorf(http.StatusRequestEntityTooLarge, zchat.CodePayloadTooLarge,
			"the request body is over the limit of %d bytes", MaxBodyBytes)
		e.header = http.Header{"Connection": {"close"}}
		return nil, e
	}
	return b, nil
}

// run calls the handler with the state locked and makes its answer.
func (s *Server) run(c *call, h handler) *reply {
	v, err := s.locked(c, h)
	if err != nil {
		return s.errorReply(c.rid, err)
	}
	status := http.StatusOK
	switch x := v.(type) {
	case nil:
		return &reply{status: http.StatusNoContent}
	case created:
		status, v = http.StatusCreated, x.v
	}
	rp, err := jsonReply(status, v)
	if err != nil {
		return s.errorReply(c.rid, err)
	}
	return rp
}

// locked runs h with s.mu held; a panic in it becomes an error, so the lock
// and any idempotency key in progress are released.
func (s *Server) locked(c *call, h handler) (v any, err error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("zchattest: handler panicked: %v", p)
		}
	}()
	return h(c)
}

func jsonReply(status int, v any) (*reply, error) {
	body, err := encodeJSON(v)
	if err != nil {
		return nil, err
	}
	return &reply{status: status, header: http.Header{"Content-Type": {"application/json; charset=utf-8"}}, body: body}, nil
}

// errorReply is the contract's error body for err (500 internal unless err
// is an *apiError).
func (s *Server) errorReply(rid string, err error) *reply {
	var ae *apiError
	if !errors.As(err, &ae) {
		ae = errorf(http.StatusInternalServerError, zchat.CodeInternal, "%v", err)
	}
	rp, encErr := jsonReply(ae.status, zchat.APIError{Code: ae.code, Message: ae.message, RequestID: rid, Fields: ae.fields})
	if encErr != nil { // cannot happen: the body is strings only
		rp = &reply{status: http.StatusInternalServerError}
	}
	for k, v := range ae.header {
		rp.header[k] = v
	}
	return rp
}

// write sends an answer.
func (s *Server) write(w http.ResponseWriter, rp *reply, rec *RequestRecord) {
	s.writeHead(w, rp, rec, len(rp.body))
	_, _ = w.Write(rp.body)
}

func (s *Server) writeHead(w http.ResponseWriter, rp *reply, rec *RequestRecord, contentLength int) {
	h := w.Header()
	for k, v := range rp.header {
		h[k] = v
	}
	if !rp.proxy {
		h.Set("X-Request-Id", rec.RequestID)
	}
	if rp.status != http.StatusNoContent {
		h.Set("Content-Length", strconv.Itoa(contentLength))
	}
	w.WriteHeader(rp.status)
	rec.Status = rp.status
}

// call is one request as a handler sees it.
type call struct {
	r    *http.Request
	body []byte
	ids  []int // the ids in the path, in order
	rid  string
}

var utf8BOM = []byte("\xef\xbb\xbf")

// decode reads the JSON body into v. A missing body, one that is not JSON,
// or a value of the wrong type → 400 invalid_request (naming the field when
// encoding/json can).
func (c *call) decode(v any) error {
	b := bytes.TrimSpace(bytes.TrimPrefix(c.body, utf8BOM))
	if len(b) == 0 || bytes.Equal(b, []byte("null")) {
		return badRequest("a JSON body is required")
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	if err := dec.Decode(v); err != nil {
		e := badRequest("the body is not valid JSON for this endpoint: %v", err)
		var te *json.UnmarshalTypeError
		if errors.As(err, &te) && te.Field != "" {
			e.fields = []zchat.FieldError{{Field: te.Field, Message: fmt.Sprintf("must be a %s, not a JSON %s", te.Type, te.Value)}}
		}
		return e
	}
	if dec.More() {
		return badRequest("the body has data after its JSON value")
	}
	return nil
}
