package webhook

import (
	"errors"
	"strconv"
)

// Sentinel errors. Every error this package returns wraps one of them, so
// callers can write errors.Is(err, webhook.ErrInvalidSignature). No error
// text ever contains a secret or the signature Verify expected.
var (
	// ErrMissingHeaders is wrapped when webhook-id, webhook-timestamp or
	// webhook-signature is absent or empty.
	ErrMissingHeaders = errors.New("webhook: missing signature headers")

	// ErrInvalidHeaders is wrapped when the signature headers are present but
	// malformed: a webhook-timestamp that is not Unix seconds, two different
	// values for webhook-id or webhook-timestamp, or more than MaxSignatures
	// signatures.
	ErrInvalidHeaders = errors.New("webhook: invalid signature headers")

	// ErrInvalidSignature is wrapped when no v1 signature matches the body
	// under any accepted secret.
	ErrInvalidSignature = errors.New("webhook: no matching signature")

	// ErrTimestampTooOld is wrapped when a correctly signed request carries a
	// webhook-timestamp further in the past than the tolerance.
	ErrTimestampTooOld = errors.New("webhook: timestamp too old")

	// ErrTimestampTooNew is wrapped when a correctly signed request carries a
	// webhook-timestamp further in the future than the tolerance.
	ErrTimestampTooNew = errors.New("webhook: timestamp too new")

	// ErrReplayed is returned by ReplayStore.Claim for an event that has been
	// handled already.
	ErrReplayed = errors.New("webhook: event already handled")

	// ErrInProgress is returned by ReplayStore.Claim for an event that
	// another delivery is handling right now.
	ErrInProgress = errors.New("webhook: event is being handled")

	// ErrPayloadTooLarge is wrapped when a body is longer than the limit set
	// with WithMaxBodyBytes (DefaultMaxBodyBytes unless set).
	ErrPayloadTooLarge = errors.New("webhook: payload too large")

	// ErrInvalidSecret is wrapped when a secret is empty, or is a "whsec_"
	// secret whose remainder is not base64 or decodes to no bytes.
	ErrInvalidSecret = errors.New("webhook: invalid secret")

	// ErrInvalidEvent is wrapped when a body is not an event (malformed JSON,
	// no Id or no Type) or an event's Data does not decode.
	ErrInvalidEvent = errors.New("webhook: invalid event")

	// ErrUnknownTenant is wrapped by a TenantLookup for a request naming a
	// tenant it does not know; NewTenantHandler answers 404.
	ErrUnknownTenant = errors.New("webhook: unknown tenant")

	// ErrWrongType is wrapped when a typed accessor of Event, such as
	// Event.Session, is called on an event of another Type.
	ErrWrongType = errors.New("webhook: wrong event type")
)

// StatusError lets the function given to NewHandler choose the status
// answered for an event it did not handle, instead of 500. The event is not
// remembered, as with any error. The APP Server retries every answer but a
// 2xx, except 410 Gone, which stops the retries of that event at once: return
// &StatusError{Code: http.StatusGone, Err: err} for an event that must never
// be delivered again. Codes outside 400–599 are answered as 500.
type StatusError struct {
	Code int   // the status to answer, 400–599
	Err  error // why; logged, never written to the response
}

// Error describes the status and the reason.
func (e *StatusError) Error() string {
	msg := "webhook: answer " + strconv.Itoa(e.Code)
	if e.Err != nil {
		msg += ": " + e.Err.Error()
	}
	return msg
}

// Unwrap returns the reason.
func (e *StatusError) Unwrap() error { return e.Err }

// statusFor is the status answered for fn's error: a StatusError's code
// when it is a 4xx or 5xx, else 500.
func statusFor(err error) int {
	var se *StatusError
	if errors.As(err, &se) && se.Code >= 400 && se.Code <= 599 {
		return se.Code
	}
	return 500
}
