package faults_test

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zchat/zchat-go/agents"
	"github.com/zchat/zchat-go/sessions"
	"github.com/zchat/zchat-go/zchat"
)

// rawServer answers every connection on a real TCP listener with the bytes
// respond writes, after reading the request head: the way to send what no
// well-behaved HTTP server would.
func rawServer(t *testing.T, respond func(conn net.Conn)) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	done := make(chan struct{})
	go func() {
		defer close(done)
		for {
			conn, err := ln.Accept()
			if err != nil {
				return
			}
			go func() {
				defer conn.Close()
				_ = conn.SetDeadline(time.Now().Add(10 * time.Second))
				br := bufio.NewReader(conn)
				req, err := http.ReadRequest(br)
				if err != nil {
					return
				}
				_, _ = io.Copy(io.Discard, req.Body)
				respond(conn)
			}()
		}
	}()
	t.Cleanup(func() {
		ln.Close()
		<-done
	})
	return "http://" + ln.Addr().String()
}

func newClient(t *testing.T, baseURL string, opts ...zchat.Option) *zchat.Client {
	t.Helper()
	base := []zchat.Option{zchat.WithAPIKey("fault-key"), zchat.WithRetryWait(time.Millisecond, 5*time.Millisecond)}
	c, err := zchat.NewClient(baseURL, append(base, opts...)...)
	require.NoError(t, err)
	return c
}

// Bad bodies end the call with an error that says what was wrong, and never
// a panic; none is retried as if the server were down.
func TestBadBodiesGiveClearErrors(t *testing.T) {
	t.Parallel()
	const head = "HTTP/1.1 %d %s\r\nContent-Type: %s\r\nContent-Length: %d\r\nX-Request-Id: raw-1\r\nConnection: close\r\n\r\n"
	tests := []struct {
		name        string
		status      int
		contentType string
		body        string
		declared    int // Content-Length sent; 0 = the body's length
		want        string
	}{
		{"truncated JSON", 200, "application/json", `{"UserId":3,"LoginName":"ana","Disp`, 0, "truncated JSON"},
		{"connection closed mid-body", 200, "application/json", `{"UserId":3,"Login`, 500, "unexpected EOF"},
		{"JSON of the wrong shape", 200, "application/json", `["not","an","agent"]`, 0, "cannot unmarshal array"},
		{"empty body where an object is expected", 200, "application/json", ``, 0, "empty response body"},
		{"HTML 502 from Nginx", 502, "text/html", `<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center><hr><center>nginx</center></body></html>`, 0, "502 Bad Gateway"},
		{"HTML 503 from IIS", 503, "text/html", `<HTML><HEAD><TITLE>Service Unavailable</TITLE></HEAD><BODY><h2>Service Unavailable</h2></BODY></HTML>`, 0, "Service Unavailable"},
		{"HTML 504 from a proxy", 504, "text/html", `<html><body><h1>504 Gateway Time-out</h1>The server didn't respond in time.</body></html>`, 0, "504 Gateway Time-out"},
		{"HTML page with 200", 200, "text/html", `<html><body>Please log in</body></html>`, 0, "text/html, not JSON"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var hits atomic.Int32
			url := rawServer(t, func(conn net.Conn) {
				hits.Add(1)
				n := tt.declared
				if n == 0 {
					n = len(tt.body)
				}
				fmt.Fprintf(conn, head, tt.status, http.StatusText(tt.status), tt.contentType, n)
				io.WriteString(conn, tt.body)
			})
			c := newClient(t, url, zchat.WithRetryMax(2))
			a, err := agents.New(c).Get(context.Background(), 3)
			require.Error(t, err)
			assert.Nil(t, a)
			assert.Contains(t, err.Error(), tt.want)
			assert.NotContains(t, err.Error(), "invalid character '<'", "an HTML page is not a JSON parse error")
			if tt.status >= 500 {
				var apiErr *zchat.APIError
				require.ErrorAs(t, err, &apiErr)
				assert.Equal(t, tt.status, apiErr.StatusCode)
				assert.Equal(t, 3, apiErr.Attempts, "a proxy error page is retried")
			}
		})
	}
}

// A body over the cap is stopped at the cap: the client reads no more than
// it allows (plus what the transport buffers), however much the server has.
func TestOversizedResponseIsCutAtTheCap(t *testing.T) {
	t.Parallel()
	const limit = 64 << 10
	var written atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		chunk := []byte(strings.Repeat(`{"SessionId":1},`, 64))
		io.WriteString(w, `{"Items":[`)
		for range 100_000 { // up to ~100 MB if nobody stops reading
			n, err := w.Write(chunk)
			written.Add(int64(n))
			if err != nil {
				return
			}
		}
	}))
	t.Cleanup(srv.Close)
	c := newClient(t, srv.URL, zchat.WithMaxResponseBytes(limit), zchat.WithRetryMax(0))
	_, err := sessions.New(c).List(context.Background(), nil)
	require.ErrorIs(t, err, zchat.ErrResponseTooLarge)
	assert.Contains(t, err.Error(), fmt.Sprint(limit))
	// The server stops once the client hangs up; socket buffers on loopback
	// hold a few MiB at most.
	time.Sleep(50 * time.Millisecond)
	assert.Less(t, written.Load(), int64(16<<20), "the server kept sending: the client read on past the cap")
}

// A server that stalls: the per-attempt timeout or the caller's deadline
// ends the call on time, and the error says which.
func TestStalledServerEndsOnTime(t *testing.T) {
	t.Parallel()
	stall := func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-r.Context().Done():
		case <-time.After(30 * time.Second):
		}
	}
	t.Run("per-attempt timeout", func(t *testing.T) {
		t.Parallel()
		srv := httptest.NewServer(http.HandlerFunc(stall))
		t.Cleanup(srv.Close)
		c := newClient(t, srv.URL, zchat.WithTimeout(200*time.Millisecond), zchat.WithRetryMax(1))
		start := time.Now()
		_, err := c.Ping(context.Background())
		elapsed := time.Since(start)
		require.Error(t, err)
		var timeout *zchat.AttemptTimeoutError
		assert.ErrorAs(t, err, &timeout, "the error names the attempt timeout: %v", err)
		assert.Contains(t, err.Error(), "after 2 attempts")
		assert.Less(t, elapsed, 5*time.Second, "two 200ms attempts")
		var netErr net.Error
		require.ErrorAs(t, err, &netErr)
		assert.True(t, netErr.Timeout())
	})
	t.Run("caller's deadline", func(t *testing.T) {
		t.Parallel()
		srv := httptest.NewServer(http.HandlerFunc(stall))
		t.Cleanup(srv.Close)
		c := newClient(t, srv.URL) // per-attempt timeout 30s: the context ends first
		ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
		defer cancel()
		start := time.Now()
		_, err := c.Ping(ctx)
		assert.Less(t, time.Since(start), 10*time.Second, "well before the 30s stall")
		assert.ErrorIs(t, err, context.DeadlineExceeded)
		var timeout *zchat.AttemptTimeoutError
		assert.False(t, errors.As(err, &timeout), "the caller's deadline, not the attempt timeout")
	})
	t.Run("stall mid-body", func(t *testing.T) {
		t.Parallel()
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "application/json")
			io.WriteString(w, `{"Items":[{"SessionId":1},`)
			w.(http.Flusher).Flush()
			stall(w, r)
		}))
		t.Cleanup(srv.Close)
		c := newClient(t, srv.URL, zchat.WithTimeout(200*time.Millisecond), zchat.WithRetryMax(0))
		start := time.Now()
		_, err := sessions.New(c).List(context.Background(), nil)
		require.Error(t, err)
		assert.Less(t, time.Since(start), 10*time.Second, "the attempt timeout covers reading the body, well before the 30s stall")
		var timeout *zchat.AttemptTimeoutError
		assert.ErrorAs(t, err, &timeout, "%v", err)
	})
}

// A 503 storm: attempts are bounded by RetryMax and time by the waits; a
// Retry-After beyond the ceiling returns at once with RetryAfter set.
func TestServiceUnavailableStorm(t *testing.T) {
	t.Parallel()
	t.Run("bounded attempts and time", func(t *testing.T) {
		t.Parallel()
		var hits atomic.Int32
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			hits.Add(1)
			w.WriteHeader(http.StatusServiceUnavailable)
		}))
		t.Cleanup(srv.Close)
		c := newClient(t, srv.URL, zchat.WithRetryMax(3), zchat.WithRetryWait(10*time.Millisecond, 40*time.Millisecond))
		start := time.Now()
		_, err := c.Ping(context.Background())
		elapsed := time.Since(start)
		var apiErr *zchat.APIError
		require.ErrorAs(t, err, &apiErr)
		assert.Equal(t, 503, apiErr.StatusCode)
		assert.Equal(t, 4, apiErr.Attempts)
		assert.EqualValues(t, 4, hits.Load())
		// Three waits of at most 40ms each, plus the requests themselves.
		assert.Less(t, elapsed, 2*time.Second)
	})
	t.Run("Retry-After beyond the ceiling", func(t *testing.T) {
		t.Parallel()
		var hits atomic.Int32
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			hits.Add(1)
			w.Header().Set("Retry-After", "3600")
			w.WriteHeader(http.StatusServiceUnavailable)
		}))
		t.Cleanup(srv.Close)
		c := newClient(t, srv.URL, zchat.WithRetryAfterMax(time.Minute))
		start := time.Now()
		_, err := c.Ping(context.Background())
		assert.Less(t, time.Since(start), 10*time.Second, "it slept (a minute, the ceiling) instead of returning")
		var apiErr *zchat.APIError
		require.ErrorAs(t, err, &apiErr)
		assert.Equal(t, time.Hour, apiErr.RetryAfter)
		assert.EqualValues(t, 1, hits.Load())
	})
}
