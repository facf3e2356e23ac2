package wiretest

import (
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/jarcoal/httpmock"
	"github.com/stretchr/testify/require"

	"github.com/zchat/zchat-go/zchat"
)

const (
	// ServerURL is the server NewClient's client talks to.
	ServerURL = "https://zchat.test"
	// BaseURL is where the API is below ServerURL: register responders at
	// BaseURL + a resource path.
	BaseURL = ServerURL + "/api/v1"
	// APIKey is the key NewClient's client sends.
	APIKey = "test-key"
)

// NewClient returns a zchat.Client whose requests go to a fresh mock
// transport (no global state, so tests may run in parallel), and the
// transport. The client sends APIKey and does not retry; opts come after
// those and may change them. An unmatched request is answered 599 and
// counted, so mt.GetTotalCallCount() is the number of requests sent.
func NewClient(t testing.TB, opts ...zchat.Option) (*zchat.Client, *httpmock.MockTransport) {
	t.Helper()
	mt := httpmock.NewMockTransport()
	mt.RegisterNoResponder(httpmock.NewStringResponder(599, "no responder"))
	opts = append([]zchat.Option{
		zchat.WithAPIKey(APIKey),
		zchat.WithHTTPClient(&http.Client{Transport: mt}),
		zchat.WithRetryMax(0),
	}, opts...)
	zc, err := zchat.NewClient(ServerURL, opts...)
	require.NoError(t, err)
	return zc, mt
}

// Setup returns a resource client made by newClient (e.g. agents.New) on
// NewClient's client, and the mock transport.
func Setup[C any](t testing.TB, newClient func(*zchat.Client) C, opts ...zchat.Option) (C, *httpmock.MockTransport) {
	t.Helper()
	zc, mt := NewClient(t, opts...)
	return newClient(zc), mt
}

// Request is one request as it went over the wire.
type Request struct {
	Method string
	Path   string // the URL path, with the base path: "/api/v1/agents/3"
	Query  url.Values
	Header http.Header
	Body   []byte
}

// Recorder answers requests and keeps every request it answered. The zero
// Recorder is ready to use; it is safe for concurrent use.
type Recorder struct {
	mu   sync.Mutex
	reqs []Request
}

// Reply answers every request with status and body (JSON, or "" for none).
func (r *Recorder) Reply(status int, body string) httpmock.Responder {
	return r.Serve(func(*http.Request) (int, string) { return status, body })
}

// Serve answers each request with the status and body (JSON, or "" for
// none) that answer returns for it, after recording the request.
func (r *Recorder) Serve(answer func(*http.Request) (int, string)) httpmock.Responder {
	return func(req *http.Request) (*http.Response, error) {
		var b []byte
		if req.Body != nil {
			b, _ = io.ReadAll(req.Body)
		}
		r.mu.Lock()
		r.reqs = append(r.reqs, Request{req.Method, req.URL.Path, req.URL.Query(), req.Header.Clone(), b})
		r.mu.Unlock()
		status, body := answer(req)
		resp := httpmock.NewStringResponse(status, body)
		if body != "" {
			resp.Header.Set("Content-Type", "application/json; charset=utf-8")
		}
		return resp, nil
	}
}

// Requests returns the requests recorded so far, in the order they came.
func (r *Recorder) Requests() []Request {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]Request(nil), r.reqs...)
}

// Only returns the single request recorded, failing the test now when there
// was not exactly one.
func (r *Recorder) Only(t testing.TB) Request {
	t.Helper()
	reqs := r.Requests()
	require.Len(t, reqs, 1, "requests recorded")
	return reqs[0]
}

// QueryValues returns the query parameter key of each request recorded, in
// order ("" where a request had none), e.g. the cursors a list was paged by.
func (r *Recorder) QueryValues(key string) []string {
	var out []string
	for _, req := range r.Requests() {
		out = append(out, req.Query.Get(key))
	}
	return out
}

// Respond registers on mt, for method and a path below BaseURL, a Recorder
// answering status and body, and returns the Recorder.
func Respond(mt *httpmock.MockTransport, method, path string, status int, body string) *Recorder {
	rec := &Recorder{}
	mt.RegisterResponder(method, BaseURL+path, rec.Reply(status, body))
	return rec
}

// RespondFunc registers on mt, for method and a path below BaseURL, a
// Recorder answering as answer says (see Recorder.Serve), and returns the
// Recorder.
func RespondFunc(mt *httpmock.MockTransport, method, path string, answer func(*http.Request) (int, string)) *Recorder {
	rec := &Recorder{}
	mt.RegisterResponder(method, BaseURL+path, rec.Serve(answer))
	return rec
}

// RespondFixture is Respond with the body read from the file testdata/fixture.
func RespondFixture(t testing.TB, mt *httpmock.MockTransport, method, path string, status int, fixture string) *Recorder {
	t.Helper()
	return Respond(mt, method, path, status, string(LoadFixture(t, fixture)))
}

// LoadFixture returns the content of the file testdata/name of the package
// under test, failing the test now when it cannot be read.
func LoadFixture(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	require.NoError(t, err)
	return b
}

// Pages is a paged list as a server holds it: each page's JSON body by the
// cursor that asks for it, "" for the first page.
type Pages map[string]string

// Answer answers a list request with the page for its cursor query
// parameter: 200 and the page, or 400 invalid_cursor when there is none.
// Pass it to RespondFunc or Recorder.Serve.
func (p Pages) Answer(r *http.Request) (int, string) {
	body, ok := p[r.URL.Query().Get("cursor")]
	if !ok {
		return http.StatusBadRequest, `{"Code":"invalid_cursor"}`
	}
	return http.StatusOK, body
}

// FailingAt answers as Answer does, except that a request for one of the
// cursors listed is answered with status and body.
func (p Pages) FailingAt(status int, body string, cursors ...string) func(*http.Request) (int, string) {
	return func(r *http.Request) (int, string) {
		cursor := r.URL.Query().Get("cursor")
		for _, c := range cursors {
			if c == cursor {
				return status, body
			}
		}
		return p.Answer(r)
	}
}
