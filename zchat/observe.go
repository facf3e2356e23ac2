package zchat

import (
	"context"
	"net/http"
)

// Observer sees every call a Client makes and every attempt within it. It is
// the small hook that tracing and metrics adapters (the zchatotel module)
// are built on, so that zchat itself depends on no telemetry library.
// Install one with WithObserver; several may be installed, and each sees
// every call.
//
// An Observer never sees the API key, a request or response body, or the
// query string (which may carry an e-mail address).
type Observer interface {
	// StartCall runs before a call's first attempt. The context it returns
	// is the call's from then on (its attempts run under it, so a span
	// started here is the parent of the attempts' spans); end runs once,
	// with the call's result.
	StartCall(ctx context.Context, call CallInfo) (_ context.Context, end func(CallResult))

	// StartAttempt runs before each attempt is sent, under the call's
	// context. What the observer sets in header (W3C trace context, say) is
	// added to that attempt's request; end runs when the attempt has its
	// answer (status and headers) or its error.
	StartAttempt(ctx context.Context, attempt AttemptInfo, header http.Header) (end func(AttemptResult))
}

// CallInfo names a call with low-cardinality values only, fit for span names
// and metric attributes.
type CallInfo struct {
	Operation     string // the operationId of docs/openapi.yaml ("getAgent"); "" for a Request that names none
	Method        string // "GET", "POST", …
	Pattern       string // the path template below the base path ("/agents/{userId}"); "" when unknown
	ServerAddress string // the APP Server's host name or address
	ServerPort    int    // its port, explicit or the scheme's default
}

// AttemptInfo describes one attempt: one HTTP request sent for a call.
type AttemptInfo struct {
	CallInfo
	Number int    // 1 for the first attempt; Number-1 is the resend count
	URL    string // scheme, host and path, without the query
}

// AttemptResult is the outcome of one attempt: a status, or an error when no
// answer came back.
type AttemptResult struct {
	StatusCode int
	Err        error
}

// CallResult is the outcome of a call.
type CallResult struct {
	StatusCode int // the last answer's status; 0 when none came back
	Attempts   int
	Err        error // nil on success
}

// WithObserver installs o to see every call and attempt of the Client (see
// Observer). It may be given several times.
func WithObserver(o Observer) Option {
	return func(c *config) error {
		if o == nil {
			return invalidArgument("WithObserver", "observer is nil")
		}
		c.observers = append(c.observers, o)
		return nil
	}
}

// observeCall starts the call for every observer and records it in the
// call's state, for its attempts. It returns the call's context (the state's
// parent from then on) and a function that ends the call.
func (c *Client) observeCall(state *callState, r *Request) (context.Context, func(Response, error)) {
	obs := &observedCall{
		observers: c.observers,
		call:      CallInfo{Operation: r.Operation, Method: r.Method, Pattern: r.Pattern, ServerAddress: c.serverAddress, ServerPort: c.serverPort},
	}
	state.observed = obs
	ctx := state.Context
	ends := make([]func(CallResult), len(c.observers))
	for i, o := range c.observers {
		ctx, ends[i] = o.StartCall(ctx, obs.call)
	}
	return ctx, func(info Response, err error) {
		res := CallResult{StatusCode: info.StatusCode, Attempts: info.Attempts, Err: err}
		for i := len(ends) - 1; i >= 0; i-- {
			if ends[i] != nil {
				ends[i](res)
			}
		}
	}
}

// observeAttempt starts an attempt for every observer. It returns the
// request to send (a copy carrying the observers' headers, when they set
// any) and a function that ends the attempt.
func (t *attemptTransport) observeAttempt(req *http.Request) (*http.Request, func(*http.Response, error)) {
	s := callStateOf(req.Context())
	if s == nil || s.observed == nil {
		return req, nil
	}
	info := AttemptInfo{CallInfo: s.observed.call, Number: s.attempts(), URL: req.URL.Scheme + "://" + req.URL.Host + req.URL.EscapedPath()}
	header := http.Header{}
	ends := make([]func(AttemptResult), len(s.observed.observers))
	for i, o := range s.observed.observers {
		ends[i] = o.StartAttempt(req.Context(), info, header)
	}
	if len(header) > 0 {
		req = req.Clone(req.Context())
		for k, v := range header {
			if k == "Authorization" || k == "Idempotency-Key" {
				continue // an observer adds, it never replaces what the call sends
			}
			req.Header[k] = v
		}
	}
	return req, func(resp *http.Response, err error) {
		var res AttemptResult
		if err != nil {
			res.Err = err
		} else {
			res.StatusCode = resp.StatusCode
		}
		for i := len(ends) - 1; i >= 0; i-- {
			if ends[i] != nil {
				ends[i](res)
			}
		}
	}
}

// observedCall is what a call's attempts tell its observers.
type observedCall struct {
	observers []Observer
	call      CallInfo
}
