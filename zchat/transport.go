package zchat

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
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
	timer   attemptTimer  // ends attempts that outlive timeout
	pacer   *pacer        // the rate limit and the pause after a Retry-After

	// tracesWrites is true when next is net/http's Transport, whose
	// httptrace hook tells whether a request was written (see
	// callState.traced). Through any other RoundTripper a failed attempt
	// counts as sent unless its error says it was not: a write whose fate
	// is unknown must be reported so, or a caller resending it under a new
	// key creates it twice.
	tracesWrites bool
}

func (t *attemptTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	if err := t.pacer.wait(req.Context()); err != nil {
		return nil, err
	}
	req, end := t.observeAttempt(req)
	resp, err := t.logRoundTrip(req)
	if err == nil {
		if resp.Request == nil {
			resp.Request = req // a RoundTripper should set it; readSuccess needs it
		}
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

// roundTrip sends req with the per-attempt timeout, which runs until the
// caller closes the response body (see attemptCtx).
func (t *attemptTransport) roundTrip(req *http.Request) (*http.Response, error) {
	if t.timeout <= 0 {
		return t.send(req)
	}
	a := newAttempt(req.Context())
	a.start(req.Context(), &t.timer)
	resp, err := t.send(req.WithContext(a))
	if err != nil {
		timedOut := a.timedOut()
		a.finish()
		if timedOut && !errors.As(err, new(*AttemptTimeoutError)) {
			err = t.timer.expired // say it was our timeout, not the caller's context
		}
		return nil, err
	}
	a.body = attemptBody{ReadCloser: resp.Body, a: a}
	resp.Body = &a.body
	return resp, nil
}

// send is next.RoundTrip, its answer taken as net/http's Client takes it: no
// Body is an empty one, and neither a response nor an error is an error. A
// caller's transport breaking the contract so (as test doubles do) must not
// make the pipeline panic.
func (t *attemptTransport) send(req *http.Request) (*http.Response, error) {
	doneBefore := req.Context().Err() != nil
	resp, err := t.next.RoundTrip(req)
	switch {
	case err != nil:
		if !t.tracesWrites && !doneBefore && !neverSent(err) {
			if s := callStateOf(req.Context()); s != nil && changesState(s.method) {
				s.attemptSent.Store(true)
			}
		}
	case resp == nil:
		return nil, fmt.Errorf("http: RoundTripper implementation (%T) returned a nil *Response with a nil error", t.next)
	case resp.Body == nil:
		resp.Body = http.NoBody
	}
	return resp, err
}

// neverSent reports errors that mean the request never left: no address
// for the host, or no connection to it.
func neverSent(err error) bool {
	var dnsErr *net.DNSError
	var opErr *net.OpError
	return errors.As(err, &dnsErr) || errors.As(err, &opErr) && opErr.Op == "dial"
}

// newAttempt returns the context of an attempt about to start: the first
// attempt's lives in the call's state; a retry (or a redirect) gets its own.
func newAttempt(ctx context.Context) *attemptCtx {
	if s := callStateOf(ctx); s != nil && !s.attemptUsed {
		s.attemptUsed = true
		return &s.attempt
	}
	return new(attemptCtx)
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
