package zchat

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/zchat/zchat-go/internal/safetext"
)

// ErrOutcomeUnknown is matched (errors.Is) by every error of a call that
// may have taken effect on the server although no answer says so: a request
// that changes something (POST, PUT, DELETE) was sent, and the connection
// broke, an attempt timed out, or the caller's context ended before a
// complete answer came; or the last answer is a proxy's 502 or 504, which
// says the proxy got none from the server. errors.As reaches the
// *OutcomeUnknownError, whose IdempotencyKey makes the resend safe (and, for
// a 502 or 504, the *APIError too). See docs/RELIABILITY.md.
var ErrOutcomeUnknown = errors.New("zchat: outcome unknown: the request was sent and no answer came; it may have taken effect")

// OutcomeUnknownError is the error of a call that may have taken effect
// (see ErrOutcomeUnknown). Resend a POST with its key, and the server acts
// at most once:
//
//	var e *zchat.OutcomeUnknownError
//	if errors.As(err, &e) && e.IdempotencyKey != "" {
//		lead, err = c.UpsertLead(zchat.WithIdempotencyKey(ctx, e.IdempotencyKey), in)
//	}
//
// PUT and DELETE carry no key: sending them again is safe as they are.
// Err is the cause (errors.Is(err, context.DeadlineExceeded) still holds).
type OutcomeUnknownError struct {
	Method         string // "POST", "PUT", "DELETE"
	Path           string // below the base path, e.g. "/leads"
	IdempotencyKey string // the Idempotency-Key every attempt carried; "" for PUT and DELETE
	Err            error
}

// Error says that the outcome is unknown, how to resend safely, and why.
func (e *OutcomeUnknownError) Error() string {
	var b strings.Builder
	b.WriteString("zchat: " + e.Method + " " + e.Path + ": outcome unknown, it may have taken effect (")
	if e.IdempotencyKey != "" {
		b.WriteString("resend with Idempotency-Key " + strconv.Quote(e.IdempotencyKey) + " to be safe")
	} else {
		b.WriteString("safe to send again as it is")
	}
	b.WriteString(")")
	if e.Err != nil {
		b.WriteString(": " + e.Err.Error())
	}
	return b.String()
}

// Is makes errors.Is(err, ErrOutcomeUnknown) true.
func (e *OutcomeUnknownError) Is(target error) bool { return target == ErrOutcomeUnknown }

// Unwrap returns the cause.
func (e *OutcomeUnknownError) Unwrap() error { return e.Err }

// lastAttemptError is a context's error that ended a call after earlier
// attempts had failed: both stay in the chain, so errors.Is(err,
// context.DeadlineExceeded) and errors.As(err, &apiErr) both hold.
type lastAttemptError struct {
	err  error // the context's error
	last error // the last attempt's answer (*APIError) or connection error
}

func (e *lastAttemptError) Error() string {
	last := e.last.Error()
	var apiErr *APIError
	if errors.As(e.last, &apiErr) {
		last = apiErr.describe() // without the "zchat: METHOD /path: " already said
	}
	return e.err.Error() + " while retrying; the last attempt: " + last
}

func (e *lastAttemptError) Unwrap() []error { return []error{e.err, e.last} }

// transportError wraps an error that left no answer: a connection that
// failed on every attempt, a timeout, a cancelled context, a refused
// redirect. The context's error stays reachable with errors.Is, and so does
// the last attempt's answer or connection error when the context ended
// while retrying. A request that changes something and was sent is
// outcome-unknown (see OutcomeUnknownError).
func (c *Client) transportError(r *Request, state *callState, err error) error {
	var redirect *RedirectError
	if errors.As(err, &redirect) {
		e := *redirect // not the *url.Error around it, which repeats the raw Location
		e.Method, e.Path = r.Method, r.Path
		return &e
	}
	err = boundErr(err)
	if state.lastErr != nil && state.lastErr != err && (errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded)) {
		err = &lastAttemptError{err: err, last: state.lastErr}
	}
	if n := state.attempts(); n > 1 {
		err = fmt.Errorf("after %d attempts: %w", n, err)
	}
	if state.unanswered {
		return state.outcomeUnknown(err)
	}
	return fmt.Errorf("zchat: %s %s: %w", r.Method, r.Path, err)
}

// maxCauseText bounds the text of a connection error: net/http quotes what
// a server sent in some of them (a malformed header line, a bad status).
const maxCauseText = 1 << 10

// boundErr returns err, or when its text is long or not one plain line an
// error that says the same, bounded and cleaned, and unwraps to err.
func boundErr(err error) error {
	text := err.Error()
	if len(text) <= maxCauseText && safetext.Line(text, maxCauseText) == text {
		return err
	}
	return &boundedError{err: err, text: safetext.Line(text, maxCauseText)}
}

type boundedError struct {
	err  error
	text string
}

func (e *boundedError) Error() string { return e.text }
func (e *boundedError) Unwrap() error { return e.err }

// outcomeUnknown wraps err in an *OutcomeUnknownError for the call.
func (s *callState) outcomeUnknown(err error) error {
	return &OutcomeUnknownError{Method: s.method, Path: s.path, IdempotencyKey: s.key, Err: err}
}
