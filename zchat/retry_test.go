package zchat_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zchat/zchat-go/zchat"
)

// failFirst answers status to the first n requests, then 200 with body.
func failFirst(n int32, status int, header http.Header, body string) (http.HandlerFunc, *atomic.Int32) {
	var hits atomic.Int32
	return func(w http.ResponseWriter, r *http.Request) {
		if hits.Add(1) <= n {
			for k, v := range header {
				w.Header()[k] = v
			}
			w.WriteHeader(status)
			fmt.Fprint(w, `{"Code":"unavailable","Message":"busy"}`)
			return
		}
		fmt.Fprint(w, body)
	}, &hits
}

func TestRetriesRetryableStatuses(t *testing.T) {
	t.Parallel()
	for _, status := range []int{429, 500, 502, 503, 504} {
		t.Run(fmt.Sprint(status), func(t *testing.T) {
			t.Parallel()
			h, hits := failFirst(2, status, nil, `{"Version":"1"}`)
			c, _ := setupServer(t, h, zchat.WithRetryMax(4))
			info, err := c.Ping(context.Background())
			require.NoError(t, err)
			assert.Equal(t, "1", info.Version)
			assert.EqualValues(t, 3, hits.Load())
		})
	}
}

func TestNeverRetriesOtherStatuses(t *testing.T) {
	t.Parallel()
	for _, status := range []int{400, 401, 403, 404, 409, 413, 422, 501} {
		t.Run(fmt.Sprint(status), func(t *testing.T) {
			t.Parallel()
			h, hits := failFirst(1, status, nil, `{}`)
			c, _ := setupServer(t, h, zchat.WithRetryMax(4))
			_, err := c.Ping(context.Background())
			var apiErr *zchat.APIError
			require.ErrorAs(t, err, &apiErr)
			assert.Equal(t, status, apiErr.StatusCode)
			assert.EqualValues(t, 1, hits.Load())
		})
	}
}

func TestRetryMaxZeroDisablesRetries(t *testing.T) {
	t.Parallel()
	h, hits := failFirst(5, 503, nil, `{}`)
	c, _ := setupServer(t, h, zchat.WithRetryMax(0))
	_, err := c.Ping(context.Background())
	var apiErr *zchat.APIError
	require.ErrorAs(t, err, &apiErr)
	assert.EqualValues(t, 1, hits.Load())
	assert.Equal(t, 1, apiErr.Attempts)
}

func TestRetriesExhaustedGiveTheLastAnswer(t *testing.T) {
	t.Parallel()
	var hits atomic.Int32
	c, _ := setupServer(t, func(w http.ResponseWriter, r *http.Request) {
		n := hits.Add(1)
		w.Header().Set("X-Request-Id", fmt.Sprintf("rq-%d", n))
		w.WriteHeader(503)
		fmt.Fprintf(w, `{"Code":"unavailable","Message":"try %d","RequestId":"rq-%d"}`, n, n)
	}, zchat.WithRetryMax(2))
	_, err := c.Ping(context.Background())
	var apiErr *zchat.APIError
	require.ErrorAs(t, err, &apiErr, "an *APIError, not retryablehttp's bare giving-up error")
	assert.Equal(t, 503, apiErr.StatusCode)
	assert.Equal(t, "unavailable", apiErr.Code)
	assert.Equal(t, "try 3", apiErr.Message)
	assert.Equal(t, "rq-3", apiErr.RequestID)
	assert.Equal(t, 3, apiErr.Attempts)
	assert.EqualValues(t, 3, hits.Load())
	assert.NotContains(t, err.Error(), "giving up")
	assert.Contains(t, err.Error(), "after 3 attempts")
}

func TestIntermediateResponsesAreDrainedAndConnectionsReused(t *testing.T) {
	t.Parallel()
	h, hits := failFirst(3, 503, nil, `{"Version":"1"}`)
	srv := httptest.NewUnstartedServer(h)
	var conns atomic.Int32
	srv.Config.ConnState = func(_ net.Conn, s http.ConnState) {
		if s == http.StateNew {
			conns.Add(1)
		}
	}
	srv.Start()
	t.Cleanup(srv.Close)
	c, err := zchat.NewClient(srv.URL, zchat.WithRetryWait(0, 0))
	require.NoError(t, err)
	_, err = c.Ping(context.Background())
	require.NoError(t, err)
	assert.EqualValues(t, 4, hits.Load())
	assert.EqualValues(t, 1, conns.Load(), "each 503 body was drained and closed, so one connection served all attempts")
}

func TestRetryAfterDeltaSecondsIsHonored(t *testing.T) {
	t.Parallel()
	h, hits := failFirst(1, 429, http.Header{"Retry-After": {"1"}}, `{}`)
	// The backoff bounds are tiny; Retry-After must win anyway.
	c, _ := setupServer(t, h, zchat.WithRetryWait(0, time.Millisecond))
	start := time.Now()
	_, err := c.Ping(context.Background())
	require.NoError(t, err)
	assert.GreaterOrEqual(t, time.Since(start), 950*time.Millisecond)
	assert.EqualValues(t, 2, hits.Load())
}

func TestRetryAfterHTTPDateIsHonored(t *testing.T) {
	t.Parallel()
	var hits atomic.Int32
	c, _ := setupServer(t, func(w http.ResponseWriter, r *http.Request) {
		if hits.Add(1) == 1 {
			// Two seconds ahead at one-second resolution: a wait of 1–2 s.
			w.Header().Set("Retry-After", time.Now().Add(2*time.Second).UTC().Format(http.TimeFormat))
			w.WriteHeader(503)
			return
		}
		fmt.Fprint(w, `{}`)
	}, zchat.WithRetryWait(0, time.Millisecond))
	start := time.Now()
	_, err := c.Ping(context.Background())
	require.NoError(t, err)
	assert.GreaterOrEqual(t, time.Since(start), 900*time.Millisecond)
	assert.Less(t, time.Since(start), 5*time.Second)
}

func TestRetryAfterBeyondCeilingReturnsAtOnce(t *testing.T) {
	t.Parallel()
	for _, status := range []int{429, 503} {
		t.Run(fmt.Sprint(status), func(t *testing.T) {
			t.Parallel()
			h, hits := failFirst(100, status, http.Header{"Retry-After": {"3600"}}, `{}`)
			c, _ := setupServer(t, h, zchat.WithRetryAfterMax(time.Minute))
			start := time.Now()
			_, err := c.Ping(context.Background())
			assert.Less(t, time.Since(start), 10*time.Second, "slept (a minute, the ceiling) instead of returning")
			var apiErr *zchat.APIError
			require.ErrorAs(t, err, &apiErr)
			assert.Equal(t, status, apiErr.StatusCode)
			assert.Equal(t, time.Hour, apiErr.RetryAfter)
			assert.EqualValues(t, 1, hits.Load())
			assert.Contains(t, err.Error(), "retry after 1h0m0s")
		})
	}
}

func TestRetryAfterCeilingIsSettable(t *testing.T) {
	t.Parallel()
	h, hits := failFirst(1, 503, http.Header{"Retry-After": {"1"}}, `{}`)
	c, _ := setupServer(t, h, zchat.WithRetryAfterMax(500*time.Millisecond))
	_, err := c.Ping(context.Background())
	var apiErr *zchat.APIError
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, time.Second, apiErr.RetryAfter)
	assert.EqualValues(t, 1, hits.Load())
}

func TestCancelStopsWaitingAtOnce(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		ctx    func() (context.Context, context.CancelFunc)
		target error
	}{
		{"cancel", func() (context.Context, context.CancelFunc) {
			ctx, cancel := context.WithCancel(context.Background())
			time.AfterFunc(100*time.Millisecond, cancel)
			return ctx, cancel
		}, context.Canceled},
		{"deadline", func() (context.Context, context.CancelFunc) {
			return context.WithTimeout(context.Background(), 100*time.Millisecond)
		}, context.DeadlineExceeded},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			// The server asks for a 30 s wait; the context ends long before.
			h, _ := failFirst(100, 503, http.Header{"Retry-After": {"30"}}, `{}`)
			c, _ := setupServer(t, h)
			ctx, cancel := tt.ctx()
			defer cancel()
			start := time.Now()
			_, err := c.Ping(ctx)
			assert.Less(t, time.Since(start), 10*time.Second, "well before the 30s Retry-After")
			assert.ErrorIs(t, err, tt.target)
		})
	}
}

func TestCancelDuringRequest(t *testing.T) {
	t.Parallel()
	c, _ := setupServer(t, func(w http.ResponseWriter, r *http.Request) {
		<-r.Context().Done() // stall until the client gives up
	})
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	start := time.Now()
	_, err := c.Ping(ctx)
	assert.Less(t, time.Since(start), 10*time.Second, "well before the 30s attempt timeout")
	assert.ErrorIs(t, err, context.DeadlineExceeded)
}

func TestPerAttemptTimeout(t *testing.T) {
	t.Parallel()
	var hits atomic.Int32
	c, _ := setupServer(t, func(w http.ResponseWriter, r *http.Request) {
		if hits.Add(1) == 1 {
			select { // the first attempt stalls past the timeout
			case <-r.Context().Done():
			case <-time.After(20 * time.Second):
			}
			return
		}
		fmt.Fprint(w, `{"Version":"2"}`)
	}, zchat.WithTimeout(time.Second), zchat.WithRetryMax(1)) // generous: CI machines are busy
	start := time.Now()
	info, err := c.Ping(context.Background())
	require.NoError(t, err, "the stalled attempt timed out and the retry succeeded")
	assert.Equal(t, "2", info.Version)
	assert.Less(t, time.Since(start), 10*time.Second)

	c0, _ := setupServer(t, func(w http.ResponseWriter, r *http.Request) { <-r.Context().Done() },
		zchat.WithTimeout(100*time.Millisecond), zchat.WithRetryMax(0))
	_, err = c0.Ping(context.Background())
	var netErr net.Error
	require.ErrorAs(t, err, &netErr)
	assert.True(t, netErr.Timeout(), "the error says it timed out: %v", err)
}

func TestConnectionErrorsAreRetried(t *testing.T) {
	t.Parallel()
	var hits atomic.Int32
	c, _ := setupServer(t, func(w http.ResponseWriter, r *http.Request) {
		if hits.Add(1) == 1 {
			conn, _, err := w.(http.Hijacker).Hijack()
			if err == nil {
				conn.Close() // reset before any answer
			}
			return
		}
		fmt.Fprint(w, `{"Version":"3"}`)
	})
	info, err := c.Ping(context.Background())
	require.NoError(t, err)
	assert.Equal(t, "3", info.Version)
	assert.EqualValues(t, 2, hits.Load())
}

func TestConnectionRefusedAfterRetries(t *testing.T) {
	t.Parallel()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	addr := ln.Addr().String()
	ln.Close() // nothing listens there now
	c, err := zchat.NewClient("http://"+addr, zchat.WithRetryWait(0, 0), zchat.WithRetryMax(2))
	require.NoError(t, err)
	_, err = c.Ping(context.Background())
	require.Error(t, err)
	assert.Contains(t, err.Error(), "after 3 attempts")
	var opErr *net.OpError
	assert.ErrorAs(t, err, &opErr)
}

// recorder keeps what each request carried.
type recorder struct {
	mu     sync.Mutex
	keys   []string
	bodies [][]byte
}

func (r *recorder) handler(failures int32) http.HandlerFunc {
	var hits atomic.Int32
	return func(w http.ResponseWriter, req *http.Request) {
		body, _ := io.ReadAll(req.Body)
		r.mu.Lock()
		r.keys = append(r.keys, req.Header.Get("Idempotency-Key"))
		r.bodies = append(r.bodies, body)
		r.mu.Unlock()
		if hits.Add(1) <= failures {
			w.WriteHeader(502)
			return
		}
		w.WriteHeader(201)
		fmt.Fprint(w, `{"LeadId":1}`)
	}
}

func TestIdempotencyKeySameAcrossRetriesDifferentAcrossCalls(t *testing.T) {
	t.Parallel()
	rec := &recorder{}
	c, _ := setupServer(t, rec.handler(2), zchat.WithRetryMax(4))
	body := map[string]any{"Email": "ana@example.com", "DisplayName": "Ana Ñ", "Note": "<&>"}
	require.NoError(t, c.Post(context.Background(), "/leads", body, nil))
	require.NoError(t, c.Post(context.Background(), "/leads", body, nil))

	require.Len(t, rec.keys, 4)
	assert.Regexp(t, `^[0-9a-f]{32}$`, rec.keys[0])
	assert.Equal(t, rec.keys[0], rec.keys[1], "retry 1 reused the key")
	assert.Equal(t, rec.keys[0], rec.keys[2], "retry 2 reused the key")
	assert.NotEqual(t, rec.keys[0], rec.keys[3], "a new call has a new key")
	want, err := json.Marshal(body)
	require.NoError(t, err)
	for i, b := range rec.bodies {
		assert.True(t, bytes.Equal(want, b), "attempt %d body differs: %s", i+1, b)
	}
}

func TestIdempotencyKeyFromContext(t *testing.T) {
	t.Parallel()
	rec := &recorder{}
	c, _ := setupServer(t, rec.handler(1), zchat.WithRetryMax(2))
	ctx := zchat.WithIdempotencyKey(context.Background(), "crm-session-4411")
	require.NoError(t, c.Post(ctx, "/leads", map[string]string{"Email": "a@b.c"}, nil))
	require.NoError(t, c.Post(ctx, "/leads", map[string]string{"Email": "a@b.c"}, nil))
	assert.Equal(t, []string{"crm-session-4411", "crm-session-4411", "crm-session-4411"}, rec.keys)
	key, ok := zchat.IdempotencyKey(ctx)
	assert.True(t, ok)
	assert.Equal(t, "crm-session-4411", key)
}

func TestIdempotencyKeyChecked(t *testing.T) {
	t.Parallel()
	rec := &recorder{}
	c, _ := setupServer(t, rec.handler(0))
	for _, key := range []string{"", "has space", "tab\t", "ключ", string(make([]byte, 256))} {
		ctx := zchat.WithIdempotencyKey(context.Background(), key)
		err := c.Post(ctx, "/leads", map[string]string{}, nil)
		assert.ErrorIs(t, err, zchat.ErrInvalidArgument, "key %q", key)
	}
	assert.Empty(t, rec.keys, "nothing sent with a bad key")
	ok := bytes.Repeat([]byte{'k'}, 255)
	require.NoError(t, c.Post(zchat.WithIdempotencyKey(context.Background(), string(ok)), "/leads", map[string]string{}, nil))
	assert.Len(t, rec.keys, 1)
	// GET, PUT and DELETE never carry a key.
	assert.NoError(t, zchat.CheckIdempotencyKey("~!visible-ASCII_0123"))
}

func TestRedirectDropsAuthorizationOnOtherHost(t *testing.T) {
	t.Parallel()
	var gotAuth atomic.Value
	other := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		gotAuth.Store(r.Header.Get("Authorization"))
		fmt.Fprint(w, `{"Version":"elsewhere"}`)
	}))
	t.Cleanup(other.Close)
	var sameHostAuth atomic.Value
	c, _ := setupServer(t, func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/api/v1/ping":
			// Same host name, other port: net/http alone would forward the key.
			http.Redirect(w, r, other.URL+"/steal", http.StatusFound)
		case "/api/v1/moved":
			http.Redirect(w, r, "/api/v1/here", http.StatusTemporaryRedirect)
		case "/api/v1/here":
			sameHostAuth.Store(r.Header.Get("Authorization"))
			fmt.Fprint(w, `{}`)
		}
	})
	info, err := c.Ping(context.Background())
	require.NoError(t, err)
	assert.Equal(t, "elsewhere", info.Version)
	assert.Equal(t, "", gotAuth.Load(), "the key went to another host")

	require.NoError(t, c.Get(context.Background(), "/moved", nil, nil))
	assert.Equal(t, "Bearer "+testKey, sameHostAuth.Load(), "a redirect on the same host keeps the key")
}

func TestRedirectKeepsCallerPolicy(t *testing.T) {
	t.Parallel()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/elsewhere", http.StatusFound)
	}))
	t.Cleanup(srv.Close)
	stop := errors.New("no redirects please")
	c, err := zchat.NewClient(srv.URL, zchat.WithRetryMax(0), zchat.WithHTTPClient(&http.Client{
		CheckRedirect: func(*http.Request, []*http.Request) error { return stop },
	}))
	require.NoError(t, err)
	_, err = c.Ping(context.Background())
	assert.ErrorIs(t, err, stop)
}

func TestBodyCutShortIsRetriedAndDecodedAfresh(t *testing.T) {
	t.Parallel()
	rec := &recorder{}
	var hits atomic.Int32
	c, _ := setupServer(t, func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		rec.mu.Lock()
		rec.keys = append(rec.keys, r.Header.Get("Idempotency-Key"))
		rec.bodies = append(rec.bodies, body)
		rec.mu.Unlock()
		if hits.Add(1) == 1 {
			// Promise 100 bytes, send a stale half object, hang up.
			w.Header().Set("Content-Length", "100")
			w.WriteHeader(201)
			io.WriteString(w, `{"Name":"stale","Id":`)
			w.(http.Flusher).Flush()
			conn, _, err := w.(http.Hijacker).Hijack()
			if err == nil {
				conn.Close()
			}
			return
		}
		w.WriteHeader(201)
		io.WriteString(w, `{"Id":7}`)
	})
	var out struct {
		ID   int    `json:"Id"`
		Name string `json:"Name"`
	}
	info, err := c.Do(context.Background(), &zchat.Request{Method: "POST", Path: "/things", Body: map[string]int{"n": 1}}, &out)
	require.NoError(t, err)
	assert.Equal(t, 2, info.Attempts)
	assert.Equal(t, 7, out.ID)
	assert.Empty(t, out.Name, "nothing of the cut-short attempt is left")
	require.Len(t, rec.keys, 2)
	assert.Equal(t, rec.keys[0], rec.keys[1], "the retry carried the same Idempotency-Key")
	assert.Equal(t, rec.bodies[0], rec.bodies[1])
}

func TestTruncatedJSONIsNotRetried(t *testing.T) {
	t.Parallel()
	// A whole body (its Content-Length is met) holding cut-off JSON is the
	// server's mistake, not the network's: retrying will not help.
	var hits atomic.Int32
	c, _ := setupServer(t, func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		io.WriteString(w, `{"Version":"1`)
	})
	_, err := c.Ping(context.Background())
	require.Error(t, err)
	assert.Contains(t, err.Error(), "truncated JSON")
	assert.EqualValues(t, 1, hits.Load())
}

// A Retry-After beyond the ceiling, however large — past int64 seconds, or
// an HTTP-date centuries away — returns at once with RetryAfter set
// (saturated), instead of being taken for no Retry-After and retried.
func TestRetryAfterHugeReturnsAtOnce(t *testing.T) {
	t.Parallel()
	const maxDuration = time.Duration(1<<63 - 1)
	for _, v := range []string{"99999999999999999999", "9223372036854775807", "Fri, 31 Dec 9999 23:59:59 GMT"} {
		t.Run(v, func(t *testing.T) {
			t.Parallel()
			h, hits := failFirst(100, 429, http.Header{"Retry-After": {v}}, `{}`)
			c, _ := setupServer(t, h, zchat.WithRetryMax(4))
			_, err := c.Ping(context.Background())
			var apiErr *zchat.APIError
			require.ErrorAs(t, err, &apiErr)
			assert.Equal(t, 429, apiErr.StatusCode)
			assert.Equal(t, maxDuration, apiErr.RetryAfter)
			assert.EqualValues(t, 1, hits.Load(), "not retried")
		})
	}
}
