package zchat

import (
	"bytes"
	"context"
	"errors"
	"io"
	"math/rand/v2"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/hashicorp/go-retryablehttp"
	"github.com/zchat/zchat-go/internal/safetext"
)

// retryableStatus reports whether an answer with this status is worth sending
// again: 429, and every 5xx but 501 (Not Implemented will not change).
func retryableStatus(code int) bool {
	return code == http.StatusTooManyRequests || (code >= 500 && code <= 599 && code != http.StatusNotImplemented)
}

// checkRetry decides whether to send a request again. It replaces
// go-retryablehttp's default, which retries every 5xx including 501 and
// sleeps for any Retry-After however long. It also keeps, in the call's
// state, what each failed attempt left: the answer or the connection error
// (so that a context ending during the next wait can report it), and
// whether a sent attempt got no answer (see OutcomeUnknownError).
func (c *Client) checkRetry(ctx context.Context, resp *http.Response, err error) (bool, error) {
	state := callStateOf(ctx)
	if err != nil && state != nil && state.attemptSent.Load() {
		state.unanswered = true
	}
	if ctxErr := ctx.Err(); ctxErr != nil {
		if err == nil && resp != nil {
			return false, nil // an answer came after all: use it
		}
		return false, ctxErr
	}
	if err != nil {
		if errors.As(err, new(*RedirectError)) {
			return false, nil // refused by policy: it will not change
		}
		// Connection errors are retried; the default policy knows the few
		// that never heal (too many redirects, bad scheme, TLS trust).
		retry, perr := retryablehttp.DefaultRetryPolicy(ctx, nil, err)
		if retry && state != nil {
			state.lastErr = boundErr(err)
		}
		return retry, perr
	}
	if !retryableStatus(resp.StatusCode) {
		return false, nil
	}
	if d, ok := parseRetryAfter(resp.Header.Get("Retry-After"), c.now()); ok && d > c.retryAfterMax {
		// Waiting that long is the caller's decision: return the answer,
		// whose *APIError carries RetryAfter.
		return false, nil
	}
	if state != nil {
		c.keepAnswer(state, resp)
	}
	return true, nil
}

// keepAnswer makes the answer about to be retried an *APIError in state,
// reading its bounded body; the body is put back, so that the answer still
// reads the same if it turns out to be the last one.
func (c *Client) keepAnswer(state *callState, resp *http.Response) {
	raw, err := io.ReadAll(io.LimitReader(resp.Body, maxErrorBody))
	resp.Body.Close()
	resp.Body = io.NopCloser(io.MultiReader(bytes.NewReader(raw), errReader{err}))
	info := Response{RequestID: safetext.Token(resp.Header.Get("X-Request-Id")), Attempts: state.attempts()}
	state.lastErr = c.apiError(&Request{Method: state.method, Path: state.path}, resp, bytes.NewReader(raw), &info)
}

// errReader returns err, or io.EOF when err is nil.
type errReader struct{ err error }

func (r errReader) Read([]byte) (int, error) {
	if r.err == nil {
		return 0, io.EOF
	}
	return 0, r.err
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
	if allDigits(v) {
		// Saturate: a number too large for int64 is a very long wait, not
		// no wait at all.
		const maxSecs = int64(1<<63-1) / int64(time.Second)
		secs, err := strconv.ParseInt(v, 10, 64)
		if err != nil || secs > maxSecs {
			return time.Duration(1<<63 - 1), true
		}
		return time.Duration(secs) * time.Second, true
	}
	t, err := http.ParseTime(v)
	if err != nil {
		return 0, false
	}
	return max(t.Sub(now), 0), true
}

func allDigits(s string) bool {
	for i := range len(s) {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
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
