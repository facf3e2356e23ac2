package zchat

import (
	"context"
	"net/http"
	"net/http/httptrace"
	"sync/atomic"

	"github.com/hashicorp/go-retryablehttp"
)

// callState is per-call bookkeeping, and the performance trick of the
// pipeline's hot path: it is the call's context itself (the caller's, with
// one more value), which saves the allocations of context.WithValue and of a
// separate state on every request, and it holds what each call needs once —
// the retryable request, the 2xx body's reader, the first attempt's context
// (attemptCtx) — so those cost no allocation of their own; readSuccess finds
// it through the response, without a closure. BenchmarkGet measures it against bare net/http
// (docs/PERFORMANCE.md).
type callState struct {
	context.Context
	n           atomic.Int32
	decodeErr   error // a 2xx body that could not be decoded (see readSuccess)
	client      *Client
	req         retryablehttp.Request // the request; each retry sends it again
	out         any                   // where a 2xx body is decoded (see readSuccess)
	body        capReader             // the 2xx body being read (see readSuccess)
	attempt     attemptCtx            // the first attempt's context (see newAttempt)
	attemptUsed bool                  // attempt has been used
	observed    *observedCall         // set when the Client has observers
	operation   string                // Request.Operation, for the attempt's log record
	pattern     string                // Request.Pattern, likewise
	method      string                // the request's, copied: keeping r would make every caller's Request escape
	path        string
	key         string // the Idempotency-Key sent, if any

	// Only for requests that change something (see traced).
	attemptSent atomic.Bool // this attempt's request head was written
	unanswered  bool        // an attempt was sent and got no complete answer
	lastErr     error       // the last retried attempt's *APIError or connection error
}

// traced returns the context to send the request with: for a request that
// changes something, one that notes when each attempt's head is written,
// which tells "never sent" (a refused dial, a DNS failure) from "sent, no
// answer" (see OutcomeUnknownError). GETs are not traced: they pay nothing.
func (s *callState) traced() context.Context {
	if !changesState(s.method) {
		return s
	}
	return httptrace.WithClientTrace(s, &httptrace.ClientTrace{WroteHeaders: s.wroteHeaders})
}

func (s *callState) wroteHeaders() { s.attemptSent.Store(true) }

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
		s.attemptSent.Store(false)
	}
}
