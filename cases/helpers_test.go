package cases_test

import (
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/jarcoal/httpmock"

	"github.com/zchat/zchat-go/cases"
	"github.com/zchat/zchat-go/zchat"
)

// apiURL is where setup's client sends its requests.
const apiURL = "https://zchat.test/api/v1"

// setup returns a Client whose requests go to a fresh httpmock transport
// (no global state, so tests run in parallel), without retries.
func setup(t *testing.T) (*cases.Client, *httpmock.MockTransport) {
	t.Helper()
	mt := httpmock.NewMockTransport()
	zc, err := zchat.NewClient("https://zchat.test",
		zchat.WithAPIKey("test-key"),
		zchat.WithHTTPClient(&http.Client{Transport: mt}),
		zchat.WithRetryMax(0))
	if err != nil {
		t.Fatal(err)
	}
	return cases.New(zc), mt
}

// call is one request as the server saw it.
type call struct {
	Method string
	Path   string
	Query  url.Values
	Header http.Header
	Body   []byte
}

// recorder keeps the requests a responder answered.
type recorder struct {
	mu    sync.Mutex
	calls []call
}

func (r *recorder) add(req *http.Request) {
	var body []byte
	if req.Body != nil {
		body, _ = readAll(req)
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	r.calls = append(r.calls, call{req.Method, req.URL.Path, req.URL.Query(), req.Header.Clone(), body})
}

func (r *recorder) all() []call {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]call(nil), r.calls...)
}

// only returns the single request recorded, failing the test otherwise.
func (r *recorder) only(t *testing.T) call {
	t.Helper()
	calls := r.all()
	if len(calls) != 1 {
		t.Fatalf("got %d requests, want 1", len(calls))
	}
	return calls[0]
}

func readAll(req *http.Request) ([]byte, error) {
	defer req.Body.Close()
	return io.ReadAll(req.Body)
}

// respond registers, for method and a path below the base path, an answer
// with status and the JSON fixture file (or no body when fixture is ""),
// and records what it was sent.
func respond(t *testing.T, mt *httpmock.MockTransport, method, path string, status int, fixture string) *recorder {
	t.Helper()
	var body []byte
	if fixture != "" {
		body = readFixture(t, fixture)
	}
	rec := &recorder{}
	mt.RegisterResponder(method, apiURL+path, func(req *http.Request) (*http.Response, error) {
		rec.add(req)
		resp := httpmock.NewBytesResponse(status, body)
		resp.Header.Set("Content-Type", "application/json; charset=utf-8")
		resp.Header.Set("X-Request-Id", "req-1")
		return resp, nil
	})
	return rec
}

func readFixture(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// jsonObject decodes a request body into a generic object.
func jsonObject(t *testing.T, body []byte) map[string]any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal(body, &m); err != nil {
		t.Fatalf("body is not a JSON object: %v\n%s", err, body)
	}
	return m
}

// wantInvalid fails unless err wraps zchat.ErrInvalidArgument and names field.
func wantInvalid(t *testing.T, err error, field string) {
	t.Helper()
	if !errors.Is(err, zchat.ErrInvalidArgument) {
		t.Fatalf("err = %v, want one wrapping zchat.ErrInvalidArgument", err)
	}
	var iae *zchat.InvalidArgumentError
	if !errors.As(err, &iae) {
		t.Fatalf("err = %v, want a *zchat.InvalidArgumentError", err)
	}
	if iae.Name != field {
		t.Fatalf("err names %q, want %q (%v)", iae.Name, field, err)
	}
}

// wantCalls fails unless the transport was called n times.
func wantCalls(t *testing.T, mt *httpmock.MockTransport, n int) {
	t.Helper()
	if got := mt.GetTotalCallCount(); got != n {
		t.Fatalf("%d requests sent, want %d", got, n)
	}
}

// dotNetDate is the time of the fixtures' "\/Date(1764042747000)\/".
var dotNetDate = time.UnixMilli(1764042747000).UTC()

// isoNoOffset is "2026-11-24T03:52:27.1234567", taken as UTC.
var isoNoOffset = time.Date(2026, 11, 24, 3, 52, 27, 123456700, time.UTC)
