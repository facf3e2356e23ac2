package zchatotel_test

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/trace"

	"github.com/zchat/zchat-go/zchat"
	"github.com/zchat/zchat-go/zchatotel"
)

const testKey = "test-key-0123456789"

// flakyServer answers 503 to the first request and the agent to the next,
// keeping the traceparent header of each request.
func flakyServer(t *testing.T) (*httptest.Server, func() []string) {
	t.Helper()
	var (
		n            atomic.Int32
		mu           sync.Mutex
		traceparents []string
	)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		traceparents = append(traceparents, r.Header.Get("Traceparent"))
		mu.Unlock()
		if n.Add(1) == 1 {
			w.WriteHeader(http.StatusServiceUnavailable)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprint(w, `{"UserId":3}`)
	}))
	t.Cleanup(srv.Close)
	return srv, func() []string {
		mu.Lock()
		defer mu.Unlock()
		return append([]string(nil), traceparents...)
	}
}

func newClient(t *testing.T, url string, opts ...zchat.Option) *zchat.Client {
	t.Helper()
	base := []zchat.Option{zchat.WithAPIKey(testKey), zchat.WithRetryWait(time.Millisecond, 5*time.Millisecond)}
	c, err := zchat.NewClient(url, append(base, opts...)...)
	require.NoError(t, err)
	return c
}

var getAgent = zchat.Request{Method: http.MethodGet, Path: "/agents/3", Operation: "getAgent", Pattern: "/agents/{userId}"}

// A call is one Internal span named by its operation, with one Client span
// per request sent below it; each request carries its own span's trace
// context; a retry says so.
func TestTracingSpansPerCallAndAttempt(t *testing.T) {
	t.Parallel()
	tel := newTelemetry(t)
	srv, traceparents := flakyServer(t)
	c := newClient(t, srv.URL, zchatotel.Tracing(tel.options()...))

	ctx, parent := tel.tp.Tracer("test").Start(context.Background(), "caller")
	req := getAgent
	_, err := c.Do(ctx, &req, nil)
	parent.End()
	require.NoError(t, err)

	calls := tel.ended(t, "getAgent")
	require.Len(t, calls, 1)
	call := calls[0]
	assert.Equal(t, trace.SpanKindInternal, call.SpanKind())
	assert.Equal(t, parent.SpanContext().SpanID(), call.Parent().SpanID(), "the call span is the caller's child")
	port, _ := strconv.Atoi(srv.URL[len("http://127.0.0.1:"):])
	assert.Equal(t, map[string]any{
		"zchat.operation":           "getAgent",
		"http.request.method":       "GET",
		"url.template":              "/agents/{userId}",
		"server.address":            "127.0.0.1",
		"server.port":               int64(port),
		"http.response.status_code": int64(200),
		"zchat.attempts":            int64(2),
	}, attrs(call.Attributes()))
	assert.Equal(t, codes.Unset, call.Status().Code)

	tries := tel.ended(t, "GET /agents/{userId}")
	require.Len(t, tries, 2)
	common := map[string]any{
		"http.request.method": "GET",
		"url.template":        "/agents/{userId}",
		"server.address":      "127.0.0.1",
		"server.port":         int64(port),
		"url.full":            srv.URL + "/api/v1/agents/3",
	}
	want := []map[string]any{
		merge(common, map[string]any{"http.response.status_code": int64(503), "error.type": "503"}),
		merge(common, map[string]any{"http.response.status_code": int64(200), "http.request.resend_count": int64(1)}),
	}
	wantStatus := []codes.Code{codes.Error, codes.Unset}
	got := traceparents()
	require.Len(t, got, 2)
	for i, s := range tries {
		assert.Equal(t, trace.SpanKindClient, s.SpanKind())
		assert.Equal(t, call.SpanContext().SpanID(), s.Parent().SpanID(), "attempt %d is the call's child", i+1)
		assert.Equal(t, parent.SpanContext().TraceID(), s.SpanContext().TraceID())
		assert.Equal(t, want[i], attrs(s.Attributes()), "attempt %d", i+1)
		assert.Equal(t, wantStatus[i], s.Status().Code, "attempt %d", i+1)
		assert.Empty(t, s.Status().Description, "the status code says it all")
		assert.Equal(t, fmt.Sprintf("00-%s-%s-01", s.SpanContext().TraceID(), s.SpanContext().SpanID()), got[i],
			"request %d carries its own span's W3C trace context", i+1)
	}
}

func merge(a, b map[string]any) map[string]any {
	out := make(map[string]any, len(a)+len(b))
	for k, v := range a {
		out[k] = v
	}
	for k, v := range b {
		out[k] = v
	}
	return out
}

// Span names are the operation or "{method} {template}", never a path with
// its ids; a method the conventions do not know is "_OTHER", named "HTTP".
func TestTracingSpanNames(t *testing.T) {
	t.Parallel()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusNoContent)
	}))
	t.Cleanup(srv.Close)
	tests := []struct {
		req               zchat.Request
		callName, tryName string
		method            string
	}{
		{zchat.Request{Method: "GET", Path: "/agents/3", Operation: "getAgent", Pattern: "/agents/{userId}"}, "getAgent", "GET /agents/{userId}", "GET"},
		{zchat.Request{Method: "DELETE", Path: "/departments/2/agents/7", Pattern: "/departments/{departmentId}/agents/{userId}"},
			"DELETE /departments/{departmentId}/agents/{userId}", "DELETE /departments/{departmentId}/agents/{userId}", "DELETE"},
		{zchat.Request{Method: "GET", Path: "/agents/3"}, "GET", "GET", "GET"},
		{zchat.Request{Method: "PURGE", Path: "/cache/3"}, "HTTP", "HTTP", "_OTHER"},
	}
	for _, tt := range tests {
		t.Run(tt.callName, func(t *testing.T) {
			t.Parallel()
			tel := newTelemetry(t)
			c := newClient(t, srv.URL, zchatotel.Tracing(tel.options()...))
			req := tt.req
			_, err := c.Do(context.Background(), &req, nil)
			require.NoError(t, err)
			spans := tel.spans.Ended()
			require.Len(t, spans, 2)
			try, call := spans[0], spans[1] // the attempt ends first
			assert.Equal(t, tt.tryName, try.Name())
			assert.Equal(t, tt.callName, call.Name())
			for _, s := range spans {
				a := attrs(s.Attributes())
				assert.Equal(t, tt.method, a["http.request.method"])
				if tt.method == "_OTHER" {
					assert.Equal(t, tt.req.Method, a["http.request.method_original"])
				}
				assert.NotContains(t, s.Name(), "3", "no id in a span name")
			}
		})
	}
}

// A failed call: an error status marks both spans as errors with the status
// as error.type; a request that got no answer has the error's type and no
// status code.
func TestTracingErrorSpans(t *testing.T) {
	t.Parallel()
	t.Run("status", func(t *testing.T) {
		t.Parallel()
		tel := newTelemetry(t)
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(http.StatusNotFound)
			fmt.Fprint(w, `{"Code":"not_found","Message":"no such agent"}`)
		}))
		t.Cleanup(srv.Close)
		c := newClient(t, srv.URL, zchatotel.Tracing(tel.options()...))
		req := getAgent
		_, err := c.Do(context.Background(), &req, nil)
		require.ErrorIs(t, err, zchat.ErrNotFound)

		call := tel.ended(t, "getAgent")[0]
		assert.Equal(t, codes.Error, call.Status().Code)
		assert.Equal(t, err.Error(), call.Status().Description)
		assert.Equal(t, "404", attrs(call.Attributes())["error.type"])
		assert.Equal(t, int64(404), attrs(call.Attributes())["http.response.status_code"])
		try := tel.ended(t, "GET /agents/{userId}")[0]
		assert.Equal(t, codes.Error, try.Status().Code)
		assert.Equal(t, "404", attrs(try.Attributes())["error.type"])
	})
	t.Run("no answer", func(t *testing.T) {
		t.Parallel()
		tel := newTelemetry(t)
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		require.NoError(t, err)
		addr := ln.Addr().String()
		require.NoError(t, ln.Close()) // nothing listens there now
		c := newClient(t, "http://"+addr, zchat.WithRetryMax(0), zchatotel.Tracing(tel.options()...))
		req := getAgent
		_, err = c.Do(context.Background(), &req, nil)
		require.Error(t, err)

		try := tel.ended(t, "GET /agents/{userId}")[0]
		a := attrs(try.Attributes())
		assert.NotContains(t, a, "http.response.status_code")
		assert.Equal(t, "*net.OpError", a["error.type"])
		assert.Equal(t, codes.Error, try.Status().Code)
		call := tel.ended(t, "getAgent")[0]
		assert.Equal(t, codes.Error, call.Status().Code)
		assert.Equal(t, "*net.OpError", attrs(call.Attributes())["error.type"])
		assert.Equal(t, int64(1), attrs(call.Attributes())["zchat.attempts"])
	})
	t.Run("timeout", func(t *testing.T) {
		t.Parallel()
		tel := newTelemetry(t)
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			<-r.Context().Done()
		}))
		t.Cleanup(srv.Close)
		c := newClient(t, srv.URL, zchat.WithRetryMax(0), zchatotel.Tracing(tel.options()...))
		ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
		defer cancel()
		req := getAgent
		_, err := c.Do(ctx, &req, nil)
		require.ErrorIs(t, err, context.DeadlineExceeded)
		assert.Equal(t, "timeout", attrs(tel.ended(t, "GET /agents/{userId}")[0].Attributes())["error.type"])
		assert.Equal(t, "timeout", attrs(tel.ended(t, "getAgent")[0].Attributes())["error.type"])
	})
}
