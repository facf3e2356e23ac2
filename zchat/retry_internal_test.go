package zchat

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestRetryDecisions(t *testing.T) {
	t.Parallel()
	c, err := NewClient("https://zchat.test", WithRetryAfterMax(time.Minute))
	require.NoError(t, err)
	resp := func(code int, retryAfter string) *http.Response {
		h := http.Header{}
		if retryAfter != "" {
			h.Set("Retry-After", retryAfter)
		}
		return &http.Response{StatusCode: code, Header: h}
	}
	connReset := &url.Error{Op: "Get", URL: "https://zchat.test", Err: syscall.ECONNRESET}
	tests := []struct {
		name  string
		resp  *http.Response
		err   error
		retry bool
	}{
		{"200", resp(200, ""), nil, false},
		{"201", resp(201, ""), nil, false},
		{"400", resp(400, ""), nil, false},
		{"401", resp(401, ""), nil, false},
		{"403", resp(403, ""), nil, false},
		{"404", resp(404, ""), nil, false},
		{"409", resp(409, ""), nil, false},
		{"413", resp(413, ""), nil, false},
		{"422", resp(422, ""), nil, false},
		{"429", resp(429, ""), nil, true},
		{"429 with short Retry-After", resp(429, "30"), nil, true},
		{"429 with Retry-After at the ceiling", resp(429, "60"), nil, true},
		{"429 with Retry-After over the ceiling", resp(429, "61"), nil, false},
		{"500", resp(500, ""), nil, true},
		{"501", resp(501, ""), nil, false},
		{"502", resp(502, ""), nil, true},
		{"503", resp(503, ""), nil, true},
		{"503 asking for an hour", resp(503, "3600"), nil, false},
		{"504", resp(504, ""), nil, true},
		{"599", resp(599, ""), nil, true},
		{"connection reset", nil, connReset, true},
		{"too many redirects", nil, &url.Error{Op: "Get", URL: "x", Err: errors.New("stopped after 10 redirects")}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			retry, _ := c.checkRetry(context.Background(), tt.resp, tt.err)
			assert.Equal(t, tt.retry, retry)
		})
	}

	t.Run("cancelled context stops with its error", func(t *testing.T) {
		t.Parallel()
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		retry, err := c.checkRetry(ctx, nil, connReset)
		assert.False(t, retry)
		assert.ErrorIs(t, err, context.Canceled)
	})

	t.Run("an answer that came as the context ended is used, not retried", func(t *testing.T) {
		t.Parallel()
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		retry, err := c.checkRetry(ctx, resp(503, ""), nil)
		assert.False(t, retry)
		assert.NoError(t, err)
	})
}

func TestParseRetryAfter(t *testing.T) {
	t.Parallel()
	const maxDuration = time.Duration(1<<63 - 1)
	now := time.Date(2026, 11, 24, 3, 52, 27, 0, time.UTC)
	tests := []struct {
		in   string
		want time.Duration
		ok   bool
	}{
		{"", 0, false},
		{"0", 0, true},
		{"5", 5 * time.Second, true},
		{" 120 ", 2 * time.Minute, true},
		{"-1", 0, false},
		{"1.5", 0, false},
		{"soon", 0, false},
		{"99999999999999999999", maxDuration, true},               // beyond int64: saturates
		{"9223372036854775807", maxDuration, true},                // int64 seconds overflow a Duration
		{"Fri, 31 Dec 9999 23:59:59 GMT", maxDuration, true},      // far future: saturates
		{"Tue, 24 Nov 2026 03:52:57 GMT", 30 * time.Second, true}, // RFC 1123
		{"Tuesday, 24-Nov-26 03:53:27 GMT", time.Minute, true},    // RFC 850
		{"Tue Nov 24 03:52:37 2026", 10 * time.Second, true},      // ANSI C asctime
		{"Tue, 24 Nov 2026 03:00:00 GMT", 0, true},                // in the past: now
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			t.Parallel()
			got, ok := parseRetryAfter(tt.in, now)
			assert.Equal(t, tt.ok, ok)
			assert.Equal(t, tt.want, got)
		})
	}
}

func TestJitteredBackoffStaysInBounds(t *testing.T) {
	t.Parallel()
	min, max := 100*time.Millisecond, 2*time.Second
	for n := range 12 {
		upper := max
		if n < 5 {
			upper = min << n
		}
		var seenAboveMin bool
		for range 200 {
			d := jitteredBackoff(min, max, n)
			require.GreaterOrEqual(t, d, min, "attempt %d", n)
			require.LessOrEqual(t, d, upper, "attempt %d", n)
			seenAboveMin = seenAboveMin || d > min
		}
		if n > 0 {
			assert.True(t, seenAboveMin, "attempt %d: no jitter", n)
		}
	}
	assert.Equal(t, time.Duration(0), jitteredBackoff(0, 0, 3))
	assert.Equal(t, time.Second, jitteredBackoff(time.Second, time.Second, 3))
}

func TestBackoffPrefersRetryAfter(t *testing.T) {
	t.Parallel()
	c, err := NewClient("https://zchat.test")
	require.NoError(t, err)
	resp := &http.Response{StatusCode: 429, Header: http.Header{"Retry-After": {"7"}}}
	// Retry-After wins even though it is outside the backoff bounds.
	assert.Equal(t, 7*time.Second, c.backoff(time.Millisecond, 2*time.Millisecond, 0, resp))
	d := c.backoff(time.Millisecond, 2*time.Millisecond, 0, &http.Response{StatusCode: 502, Header: http.Header{}})
	assert.LessOrEqual(t, d, 2*time.Millisecond)
}
