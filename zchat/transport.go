package zchat

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"time"
)

// attemptTransport sits inside the retry loop, so it sees each attempt (and
// each redirect): it bounds it with the per-attempt timeout, from sending
// until the response body is closed, and logs it at debug level. It logs no
// header but the request id: never the key.
type attemptTransport struct {
	next    http.RoundTripper
	logger  *slog.Logger
	timeout time.Duration // 0 = none
	expired error         // the cause of an attempt's timeout; immutable, shared
	pacer   *pacer        // the rate limit and the pause after a Retry-After
}

func (t *attemptTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	if err := t.pacer.wait(req.Context()); err != nil {
		return nil, err
	}
	req, end := t.observeAttempt(req)
	resp, err := t.logRoundTrip(req)
	if err == nil {
		t.pacer.observe(resp) // before anyone hears of the answer
	}
	if end != nil {
		end(resp, err)
	}
	return resp, err
}

// logRoundTrip is roundTrip with the attempt's debug record.
func (t *attemptTransport) logRoundTrip(req *http.Request) (*http.Response, error) {
	if t.logger == nil || !t.logger.Enabled(req.Context(), slog.LevelDebug) {
		return t.roundTrip(req)
	}
	start := time.Now()
	resp, err := t.roundTrip(req)
	attrs := append(callAttrs(req), slog.Duration("duration", time.Since(start)))
	if err != nil {
		attrs = append(attrs, slog.String("error", err.Error()))
	} else {
		attrs = append(attrs, slog.Int("status", resp.StatusCode), slog.String("request_id", resp.Header.Get("X-Request-Id")))
	}
	t.logger.LogAttrs(req.Context(), slog.LevelDebug, "zchat request", attrs...)
	return resp, err
}

// callAttrs names an attempt's call in its log record with low-cardinality
// values: the operation and the path template ("/agents/{userId}"), not the
// path with its ids. A call that names no template (one made through Do
// without a Pattern) logs its path instead.
func callAttrs(req *http.Request) []slog.Attr {
	attrs := make([]slog.Attr, 0, 8)
	attrs = append(attrs, slog.String("method", req.Method))
	s := callStateOf(req.Context())
	if s == nil || s.pattern == "" {
		attrs = append(attrs, slog.String("path", req.URL.Path))
	} else {
		attrs = append(attrs, slog.String("operation", s.operation), slog.String("pattern", s.pattern))
	}
	attempt := 0
	if s != nil {
		attempt = s.attempts()
	}
	return append(attrs, slog.Int("attempt", attempt))
}

// roundTrip sends req with the per-attempt timeout. The timer keeps running
// while the caller reads the body and stops when the body is closed.
func (t *attemptTransport) roundTrip(req *http.Request) (*http.Response, error) {
	if t.timeout <= 0 {
		return t.next.RoundTrip(req)
	}
	ctx, cancel := context.WithTimeoutCause(req.Context(), t.timeout, t.expired)
	resp, err := t.next.RoundTrip(req.WithContext(ctx))
	if err != nil {
		var timedOut *AttemptTimeoutError
		if errors.As(context.Cause(ctx), &timedOut) && !errors.As(err, new(*AttemptTimeoutError)) {
			err = timedOut // say it was our timeout, not the caller's context
		}
		cancel()
		return nil, err
	}
	resp.Body = &cancelOnClose{ReadCloser: resp.Body, cancel: cancel}
	return resp, nil
}

// cancelOnClose stops an attempt's timer when its body is closed.
type cancelOnClose struct {
	io.ReadCloser
	cancel context.CancelFunc
}

func (b *cancelOnClose) Close() error {
	err := b.ReadCloser.Close()
	b.cancel()
	return err
}

// AttemptTimeoutError is the error of an attempt that took longer than the
// per-attempt timeout (WithTimeout). It is a net.Error whose Timeout is true,
// and errors.Is(err, context.DeadlineExceeded) holds for it, as for any
// deadline. The attempt is retried like a connection error.
type AttemptTimeoutError struct{ After time.Duration }

// Error says how long the attempt was allowed.
func (e *AttemptTimeoutError) Error() string {
	return "attempt timed out after " + e.After.String() + " (zchat.WithTimeout)"
}

// Timeout reports true: this is a timeout (net.Error).
func (e *AttemptTimeoutError) Timeout() bool { return true }

// Temporary reports true: the attempt may succeed when sent again.
func (e *AttemptTimeoutError) Temporary() bool { return true }

// Is makes errors.Is(err, context.DeadlineExceeded) true.
func (e *AttemptTimeoutError) Is(target error) bool { return target == context.DeadlineExceeded }
