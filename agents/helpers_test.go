package agents_test

import (
	"io"
	"mime"
	"net/http"
	"net/url"
	"sync"
	"testing"

	"github.com/jarcoal/httpmock"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zchat/zchat-go/agents"
	"github.com/zchat/zchat-go/zchat"
)

const baseURL = "https://zchat.test/api/v1"

// setup returns a Client whose requests go to a fresh mock transport, and
// the transport. An unmatched request is answered 599 and counted, so
// mt.GetTotalCallCount() is the number of requests sent.
func setup(t *testing.T) (*agents.Client, *httpmock.MockTransport) {
	t.Helper()
	mt := httpmock.NewMockTransport()
	mt.RegisterNoResponder(httpmock.NewStringResponder(599, "no responder"))
	hc := &http.Client{Transport: mt}
	zc, err := zchat.NewClient("https://zchat.test", zchat.WithAPIKey("test-key"), zchat.WithHTTPClient(hc), zchat.WithRetryMax(0))
	require.NoError(t, err)
	return agents.New(zc), mt
}

// request is one request as it went over the wire.
type request struct {
	Method string
	Path   string
	Query  url.Values
	Header http.Header
	Body   string
}

// recorder answers with a canned response and keeps every request it saw.
type recorder struct {
	mu   sync.Mutex
	reqs []request
}

func (r *recorder) reply(status int, body string) httpmock.Responder {
	return r.serve(func(*http.Request) (int, string) { return status, body })
}

// serve answers each request with what answer returns for it, after
// recording the request.
func (r *recorder) serve(answer func(*http.Request) (int, string)) httpmock.Responder {
	return func(req *http.Request) (*http.Response, error) {
		var b []byte
		if req.Body != nil {
			b, _ = io.ReadAll(req.Body)
		}
		r.mu.Lock()
		r.reqs = append(r.reqs, request{req.Method, req.URL.Path, req.URL.Query(), req.Header.Clone(), string(b)})
		r.mu.Unlock()
		status, body := answer(req)
		resp := httpmock.NewStringResponse(status, body)
		if body != "" {
			resp.Header.Set("Content-Type", "application/json; charset=utf-8")
		}
		return resp, nil
	}
}

func (r *recorder) requests() []request {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]request(nil), r.reqs...)
}

// only returns the single request r saw.
func (r *recorder) only(t *testing.T) request {
	t.Helper()
	reqs := r.requests()
	require.Len(t, reqs, 1)
	return reqs[0]
}

// checkWire checks what a request looked like on the wire: method, path
// (below the base path), query, auth, content type and idempotency key, and
// the JSON body (wantBody "" means no body).
func checkWire(t *testing.T, got request, method, path string, query url.Values, wantBody string) {
	t.Helper()
	assert.Equal(t, method, got.Method, "method")
	assert.Equal(t, "/api/v1"+path, got.Path, "path")
	if query == nil {
		query = url.Values{}
	}
	assert.Equal(t, query, got.Query, "query")
	assert.Equal(t, "Bearer test-key", got.Header.Get("Authorization"))
	assert.Equal(t, "application/json", got.Header.Get("Accept"))
	if wantBody == "" {
		assert.Empty(t, got.Body, "body")
		assert.Empty(t, got.Header.Get("Content-Type"), "Content-Type without a body")
	} else {
		mt, _, err := mime.ParseMediaType(got.Header.Get("Content-Type"))
		assert.NoError(t, err)
		assert.Equal(t, "application/json", mt, "Content-Type")
		assert.JSONEq(t, wantBody, got.Body, "body")
	}
	if method == http.MethodPost {
		assert.NotEmpty(t, got.Header.Get("Idempotency-Key"), "Idempotency-Key on POST")
	} else {
		assert.Empty(t, got.Header.Get("Idempotency-Key"), "Idempotency-Key on "+method)
	}
}
