package zchat_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jarcoal/httpmock"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zchat/zchat-go/zchat"
)

// dropAfterReading reads the request and hangs up without an answer: the
// server may have acted.
func dropAfterReading(w http.ResponseWriter, r *http.Request) {
	_, _ = io.ReadAll(r.Body)
	if conn, _, err := w.(http.Hijacker).Hijack(); err == nil {
		conn.Close()
	}
}

// stall holds the request until the client gives up.
func stall(w http.ResponseWriter, r *http.Request) {
	_, _ = io.ReadAll(r.Body)
	select {
	case <-r.Context().Done():
	case <-time.After(20 * time.Second):
	}
}

// A request that changes something, sent with no answer back, may have taken
// effect: its error is ErrOutcomeUnknown and carries the Idempotency-Key
// every attempt carried. A request never sent, a GET, or one answered is
// not.
func TestOutcomeUnknownWhenSentWithoutAnswer(t *testing.T) {
	t.Parallel()
	type check func(t *testing.T, err error, e *zchat.OutcomeUnknownError)
	tests := []struct {
		name    string
		method  string
		handler func(hits int32) http.HandlerFunc
		opts    []zchat.Option
		ctx     func() (context.Context, context.CancelFunc)
		unknown bool
		check   check
	}{
		{name: "POST dropped after sending, no retries", method: "POST",
			handler: func(int32) http.HandlerFunc { return dropAfterReading },
			opts:    []zchat.Option{zchat.WithRetryMax(0)}, unknown: true},
		{name: "POST dropped on every retry", method: "POST",
			handler: func(int32) http.HandlerFunc { return dropAfterReading },
			opts:    []zchat.Option{zchat.WithRetryMax(2)}, unknown: true,
			check: func(t *testing.T, err error, _ *zchat.OutcomeUnknownError) {
				assert.Contains(t, err.Error(), "after 3 attempts")
			}},
		{name: "POST attempt timeout", method: "POST",
			handler: func(int32) http.HandlerFunc { return stall },
			opts:    []zchat.Option{zchat.WithRetryMax(0), zchat.WithTimeout(100 * time.Millisecond)}, unknown: true,
			check: func(t *testing.T, err error, _ *zchat.OutcomeUnknownError) {
				assert.ErrorIs(t, err, context.DeadlineExceeded)
				var timeout *zchat.AttemptTimeoutError
				assert.ErrorAs(t, err, &timeout)
			}},
		{name: "POST caller's deadline after sending", method: "POST",
			handler: func(int32) http.HandlerFunc { return stall },
			ctx: func() (context.Context, context.CancelFunc) {
				return context.WithTimeout(context.Background(), 150*time.Millisecond)
			}, unknown: true,
			check: func(t *testing.T, err error, _ *zchat.OutcomeUnknownError) {
				assert.ErrorIs(t, err, context.DeadlineExceeded)
			}},
		{name: "POST caller's cancel after sending", method: "POST",
			handler: func(int32) http.HandlerFunc { return stall },
			ctx: func() (context.Context, context.CancelFunc) {
				ctx, cancel := context.WithCancel(context.Background())
				time.AfterFunc(150*time.Millisecond, cancel)
				return ctx, cancel
			}, unknown: true,
			check: func(t *testing.T, err error, _ *zchat.OutcomeUnknownError) {
				assert.ErrorIs(t, err, context.Canceled)
			}},
		{name: "POST dropped, then 503 until retries run out", method: "POST",
			handler: func(n int32) http.HandlerFunc {
				return func(w http.ResponseWriter, r *http.Request) {
					if n == 1 {
						dropAfterReading(w, r)
						return
					}
					w.WriteHeader(503)
					fmt.Fprint(w, `{"Code":"unavailable","Message":"busy"}`)
				}
			},
			opts: []zchat.Option{zchat.WithRetryMax(2)}, unknown: true,
			check: func(t *testing.T, err error, _ *zchat.OutcomeUnknownError) {
				var apiErr *zchat.APIError
				require.ErrorAs(t, err, &apiErr, "the last answer stays reachable")
				assert.Equal(t, 503, apiErr.StatusCode)
			}},
		{name: "PUT dropped: unknown, no key", method: "PUT",
			handler: func(int32) http.HandlerFunc { return dropAfterReading },
			opts:    []zchat.Option{zchat.WithRetryMax(0)}, unknown: true,
			check: func(t *testing.T, err error, e *zchat.OutcomeUnknownError) {
				assert.Empty(t, e.IdempotencyKey)
				assert.Contains(t, err.Error(), "safe to send again")
			}},
		{name: "DELETE dropped", method: "DELETE",
			handler: func(int32) http.HandlerFunc { return dropAfterReading },
			opts:    []zchat.Option{zchat.WithRetryMax(0)}, unknown: true},
		{name: "GET dropped is not", method: "GET",
			handler: func(int32) http.HandlerFunc { return dropAfterReading },
			opts:    []zchat.Option{zchat.WithRetryMax(1)}},
		{name: "POST answered 503 on every attempt is not", method: "POST",
			handler: func(int32) http.HandlerFunc {
				return func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(503) }
			},
			opts: []zchat.Option{zchat.WithRetryMax(2)}},
		{name: "POST answered 422 is not", method: "POST",
			handler: func(int32) http.HandlerFunc {
				return func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(422) }
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var hits atomic.Int32
			var sentKey atomic.Value
			c, _ := setupServer(t, func(w http.ResponseWriter, r *http.Request) {
				sentKey.Store(r.Header.Get("Idempotency-Key"))
				tt.handler(hits.Add(1))(w, r)
			}, tt.opts...)
			ctx, cancel := context.Background(), context.CancelFunc(func() {})
			if tt.ctx != nil {
				ctx, cancel = tt.ctx()
			}
			defer cancel()
			var body any
			if tt.method != "DELETE" && tt.method != "GET" {
				body = map[string]string{"Email": "a@b.c"}
			}
			_, err := c.Do(ctx, &zchat.Request{Method: tt.method, Path: "/leads", Body: body}, nil)
			require.Error(t, err)
			var e *zchat.OutcomeUnknownError
			if !tt.unknown {
				assert.NotErrorIs(t, err, zchat.ErrOutcomeUnknown)
				assert.False(t, errors.As(err, &e))
				return
			}
			assert.ErrorIs(t, err, zchat.ErrOutcomeUnknown)
			require.ErrorAs(t, err, &e)
			assert.Equal(t, tt.method, e.Method)
			assert.Equal(t, "/leads", e.Path)
			assert.Equal(t, sentKey.Load(), e.IdempotencyKey, "the key that was sent")
			if tt.method == "POST" {
				assert.NotEmpty(t, e.IdempotencyKey)
				assert.Contains(t, err.Error(), e.IdempotencyKey)
			}
			assert.Contains(t, err.Error(), "outcome unknown")
			if tt.check != nil {
				tt.check(t, err, e)
			}
		})
	}
}

// A failure before anything was written (nothing listens) is not
// outcome-unknown: nothing can have taken effect.
func TestOutcomeKnownWhenNothingWasSent(t *testing.T) {
	t.Parallel()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	addr := ln.Addr().String()
	ln.Close()
	c, err := zchat.NewClient("http://"+addr, zchat.WithRetryWait(0, 0), zchat.WithRetryMax(2))
	require.NoError(t, err)
	err = c.Post(context.Background(), "/leads", map[string]string{}, nil)
	require.Error(t, err)
	assert.NotErrorIs(t, err, zchat.ErrOutcomeUnknown)
	var opErr *net.OpError
	assert.ErrorAs(t, err, &opErr)

	// Nor is a call whose context ended before it started.
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	c2, _ := setupServer(t, dropAfterReading)
	err = c2.Post(ctx, "/leads", map[string]string{}, nil)
	assert.ErrorIs(t, err, context.Canceled)
	assert.NotErrorIs(t, err, zchat.ErrOutcomeUnknown)
}

// A call whose context is already done sends nothing, on any attempt: the
// server never sees it, and the error is the context's, not
// ErrOutcomeUnknown and never success. Many calls, since a request slipping
// through would be a race with the attempt's context.
func TestContextAlreadyDoneSendsNothing(t *testing.T) {
	t.Parallel()
	var got atomic.Int32
	c, _ := setupServer(t, func(w http.ResponseWriter, r *http.Request) {
		got.Add(1)
		w.WriteHeader(http.StatusCreated)
		fmt.Fprint(w, `{"LeadId":5}`)
	}, zchat.WithRetryMax(0))
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	for i := range 200 {
		err := c.Post(ctx, "/leads", map[string]string{"Email": "a@b.c"}, nil)
		require.ErrorIs(t, err, context.Canceled, "call %d", i)
		require.NotErrorIs(t, err, zchat.ErrOutcomeUnknown, "call %d", i)
	}
	assert.Zero(t, got.Load(), "requests the server received")
}

// The caller's own key is the one reported, and resending with it is what
// the server sees; WithCaptureResponse still records the attempts.
func TestOutcomeUnknownCarriesCallersKeyAndCapture(t *testing.T) {
	t.Parallel()
	var keys []string
	var calls atomic.Int32
	keyCh := make(chan string, 8)
	c, _ := setupServer(t, func(w http.ResponseWriter, r *http.Request) {
		keyCh <- r.Header.Get("Idempotency-Key")
		if calls.Add(1) <= 2 {
			dropAfterReading(w, r)
			return
		}
		w.WriteHeader(201)
		fmt.Fprint(w, `{"LeadId":5}`)
	}, zchat.WithRetryMax(1))
	var resp zchat.Response
	ctx := zchat.WithCaptureResponse(zchat.WithIdempotencyKey(context.Background(), "crm-77"), &resp)
	err := c.Post(ctx, "/leads", map[string]string{"Email": "a@b.c"}, nil)
	var e *zchat.OutcomeUnknownError
	require.ErrorAs(t, err, &e)
	assert.Equal(t, "crm-77", e.IdempotencyKey)
	assert.Equal(t, 2, resp.Attempts, "WithCaptureResponse records the attempts")
	assert.Zero(t, resp.StatusCode)

	var out struct{ LeadID int }
	require.NoError(t, c.Post(zchat.WithIdempotencyKey(context.Background(), e.IdempotencyKey), "/leads", map[string]string{"Email": "a@b.c"}, &out))
	assert.Equal(t, 5, out.LeadID)
	close(keyCh)
	for k := range keyCh {
		keys = append(keys, k)
	}
	assert.Equal(t, []string{"crm-77", "crm-77", "crm-77"}, keys)
}

// When the caller's deadline ends while waiting to retry, the error keeps
// both: the context's error and the last answer (an *APIError) or the last
// connection error; the message says both.
func TestDeadlineWhileRetryingKeepsTheLastAnswer(t *testing.T) {
	t.Parallel()
	t.Run("last answer", func(t *testing.T) {
		t.Parallel()
		h, hits := failFirst(100, 503, http.Header{"Retry-After": {"5"}}, `{}`)
		c, _ := setupServer(t, h)
		ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
		defer cancel()
		_, err := c.Ping(ctx)
		assert.ErrorIs(t, err, context.DeadlineExceeded)
		var apiErr *zchat.APIError
		require.ErrorAs(t, err, &apiErr)
		assert.Equal(t, 503, apiErr.StatusCode)
		assert.Equal(t, "busy", apiErr.Message)
		assert.Equal(t, 5*time.Second, apiErr.RetryAfter)
		assert.Contains(t, err.Error(), "context deadline exceeded")
		assert.Contains(t, err.Error(), "503 Service Unavailable (unavailable): busy")
		assert.EqualValues(t, 1, hits.Load())
		assert.NotErrorIs(t, err, zchat.ErrOutcomeUnknown, "a GET")
	})
	t.Run("last connection error", func(t *testing.T) {
		t.Parallel()
		c, _ := setupServer(t, dropAfterReading, zchat.WithRetryWait(5*time.Second, 5*time.Second))
		ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
		defer cancel()
		_, err := c.Ping(ctx)
		assert.ErrorIs(t, err, context.DeadlineExceeded)
		var urlErr *url.Error
		require.ErrorAs(t, err, &urlErr, "the connection error stays reachable")
		assert.ErrorIs(t, err, io.EOF)
		assert.Contains(t, err.Error(), "context deadline exceeded")
		assert.Contains(t, err.Error(), "EOF")
	})
	t.Run("POST: also outcome-unknown", func(t *testing.T) {
		t.Parallel()
		var hits atomic.Int32
		c, _ := setupServer(t, func(w http.ResponseWriter, r *http.Request) {
			if hits.Add(1) == 1 {
				dropAfterReading(w, r)
				return
			}
			w.Header().Set("Retry-After", "5")
			w.WriteHeader(503)
			fmt.Fprint(w, `{"Code":"unavailable","Message":"busy"}`)
		})
		ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
		defer cancel()
		err := c.Post(ctx, "/leads", map[string]string{}, nil)
		assert.ErrorIs(t, err, context.DeadlineExceeded)
		assert.ErrorIs(t, err, zchat.ErrOutcomeUnknown)
		var apiErr *zchat.APIError
		require.ErrorAs(t, err, &apiErr)
		assert.Equal(t, 503, apiErr.StatusCode)
	})
}

// Through a RoundTripper that is not net/http's Transport (a caller's own,
// a test double) the SDK cannot see whether a request was written: a failed
// write counts as sent, and so outcome-unknown with its key, unless its
// error says it never left (no address, no connection). A GET is never
// outcome-unknown.
func TestOutcomeUnknownThroughAnOpaqueTransport(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		method  string
		err     error
		unknown bool
	}{
		{"reset after a write", "POST", errors.New("connection reset by peer"), true},
		{"PUT reset", "PUT", errors.New("connection reset by peer"), true},
		{"dial refused", "POST", &net.OpError{Op: "dial", Net: "tcp", Err: errors.New("connection refused")}, false},
		{"no such host", "POST", &net.DNSError{Err: "no such host", Name: "zchat.test"}, false},
		{"GET reset", "GET", errors.New("connection reset by peer"), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			c, mt := setupMock(t)
			mt.RegisterResponder(tt.method, mockBase+"/api/v1/leads", httpmock.NewErrorResponder(tt.err))
			var body any
			if tt.method != "GET" {
				body = map[string]string{"Email": "a@b.c"}
			}
			ctx := zchat.WithIdempotencyKey(context.Background(), "crm-ticket-1")
			_, err := c.Do(ctx, &zchat.Request{Method: tt.method, Path: "/leads", Body: body}, nil)
			require.Error(t, err)
			assert.ErrorIs(t, err, tt.err, "the cause stays in the chain")
			assert.Equal(t, tt.unknown, errors.Is(err, zchat.ErrOutcomeUnknown), "%v", err)
			var e *zchat.OutcomeUnknownError
			if tt.unknown && tt.method == "POST" {
				require.ErrorAs(t, err, &e)
				assert.Equal(t, "crm-ticket-1", e.IdempotencyKey)
			}
		})
	}
}

// A write answered 502 or 504 by the proxy in front may have taken effect:
// the proxy got no answer from the APP Server, which may have acted. It is
// outcome-unknown, carrying its key, and still an *APIError. A 503, and any
// answer to a GET, are not.
func TestProxyGatewayErrorsOnWritesAreOutcomeUnknown(t *testing.T) {
	t.Parallel()
	tests := []struct {
		method  string
		status  int
		unknown bool
	}{
		{"POST", http.StatusGatewayTimeout, true},
		{"POST", http.StatusBadGateway, true},
		{"DELETE", http.StatusGatewayTimeout, true},
		{"POST", http.StatusServiceUnavailable, false},
		{"POST", http.StatusInternalServerError, false},
		{"GET", http.StatusGatewayTimeout, false},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprint(tt.method, tt.status), func(t *testing.T) {
			t.Parallel()
			c, mt := setupMock(t, zchat.WithRetryMax(1), zchat.WithRetryWait(0, 0))
			mt.RegisterResponder(tt.method, mockBase+"/api/v1/leads", httpmock.NewStringResponder(tt.status, "<html><title>Gateway</title></html>"))
			var body any
			if tt.method == "POST" {
				body = map[string]string{"Email": "a@b.c"}
			}
			ctx := zchat.WithIdempotencyKey(context.Background(), "crm-ticket-2")
			_, err := c.Do(ctx, &zchat.Request{Method: tt.method, Path: "/leads", Body: body}, nil)
			var apiErr *zchat.APIError
			require.ErrorAs(t, err, &apiErr)
			assert.Equal(t, tt.status, apiErr.StatusCode)
			assert.Equal(t, 2, apiErr.Attempts, "retried with the same key first")
			assert.Equal(t, tt.unknown, errors.Is(err, zchat.ErrOutcomeUnknown), "%v", err)
			var e *zchat.OutcomeUnknownError
			if tt.unknown && tt.method == "POST" {
				require.ErrorAs(t, err, &e)
				assert.Equal(t, "crm-ticket-2", e.IdempotencyKey)
			}
		})
	}
}
