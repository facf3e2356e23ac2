package zchat

import (
	"context"
	"math/rand/v2"
	"net/http"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"github.com/hashicorp/go-retryablehttp"
)

// retryableStatus reports whether an answer with this status is worth sending
// again: 429, and every 5xx but 501 (Not Implemented will not change).
func retryableStatus(code int) bool {
	return code == http.StatusTooManyRequests || (code >= 500 && code <= 599 && code != http.StatusNotImplemented)
}

// checkRetry decides whether to send a request again. It replaces
// go-retryablehttp's default, which retries every 5xx including 501 and
// sleeps for any Retry-After however long.
func (c *Client) checkRetry(ctx context.Context, resp *http.Response, err error) (bool, error) {
	if ctxErr := ctx.Err(); ctxErr != nil {
		return false, ctxErr
	}
	if err != nil {
		// Connection errors are retried; the default policy knows the few
		// that never heal (too many redirects, bad scheme, TLS trust).
		return retryablehttp.DefaultRetryPolicy(ctx, nil, err)
	}
	if !retryableStatus(resp.StatusCode) {
		return false, nil
	}
	if d, ok := parseRetryAfter(resp.Header.Get("Retry-After"), c.now()); ok && d > c.retryAfterMax {
		// Waiting that long is the caller's decision: return the answer,
		// whose *APIError carries RetryAfter.
		return false, nil
	}
	return true, nil
}

// backoff is how long to wait before attempt n+1: the server's Retry-After
// when it sent one (checkRetry has already refused one over the ceiling),
// else exponential backoff with full jitter between min and max.
func (c *Client) backoff(min, max time.Duration, n int, resp *http.Response) time.Duration {
	if resp != nil {
		if d, ok := parseRetryAfter(resp.Header.Get("Retry-After"), c.now()); ok {
			return d
		}
	}
	return jitteredBackoff(min, max, n)
}

// jitteredBackoff returns a random wait in [min, min·2ⁿ], capped at max.
func jitteredBackoff(min, max time.Duration, n int) time.Duration {
	if max <= min {
		return min
	}
	upper := max
	if n < 62 && min > 0 && min<<n > 0 && min<<n < max {
		upper = min << n
	}
	return min + time.Duration(rand.Int64N(int64(upper-min)+1))
}

// parseRetryAfter reads a Retry-After value in either form the contract
// allows: delta-seconds, or an HTTP-date in any format http.ParseTime knows.
// A date in the past means "now".
func parseRetryAfter(v string, now time.Time) (time.Duration, bool) {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0, false
	}
	if secs, err := strconv.ParseInt(v, 10, 64); err == nil {
		if secs < 0 {
			return 0, false
		}
		const maxSecs = int64(1<<63-1) / int64(time.Second)
		return time.Duration(min(secs, maxSecs)) * time.Second, true
	}
	t, err := http.ParseTime(v)
	if err != nil {
		return 0, false
	}
	return max(t.Sub(now), 0), true
}

// giveUp is called when retries run out or a retry decision returned an
// error. A last answer goes back to the pipeline, which makes it an
// *APIError with status, code and attempts; otherwise the last error.
func giveUp(resp *http.Response, err error, _ int) (*http.Response, error) {
	if err == nil && resp != nil {
		return resp, nil
	}
	if resp != nil {
		resp.Body.Close()
	}
	return nil, err
}

// callState is per-call bookkeeping. It is the call's context itself (the
// caller's, with one more value), which saves the allocations of
// context.WithValue and of a separate state on every request.
type callState struct {
	context.Context
	n         atomic.Int32
	decodeErr error         // a 2xx body that could not be decoded (see readSuccess)
	body      capReader     // the 2xx body being read (see readSuccess)
	observed  *observedCall // set when the Client has observers
	operation string        // Request.Operation, for the attempt's log record
	pattern   string        // Request.Pattern, likewise
}

type callStateKey struct{}

// Value returns the callState itself for callStateKey.
func (s *callState) Value(key any) any {
	if key == (callStateKey{}) {
		return s
	}
	return s.Context.Value(key)
}

func (s *callState) attempts() int { return int(s.n.Load()) }

// callStateOf finds the callState in a request's context.
func callStateOf(ctx context.Context) *callState {
	s, _ := ctx.Value(callStateKey{}).(*callState)
	return s
}

// countAttempt runs before every attempt (go-retryablehttp's RequestLogHook).
func countAttempt(_ retryablehttp.Logger, req *http.Request, _ int) {
	if s := callStateOf(req.Context()); s != nil {
		s.n.Add(1)
	}
}
