package zchat

import (
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/zchat/zchat-go/internal/apispec"
)

// Sentinel errors. An *APIError matches the one for its status code with
// errors.Is, so callers can write errors.Is(err, zchat.ErrNotFound) without
// unwrapping; use errors.As to reach the *APIError itself.
var (
	ErrUnauthorized = errors.New("zchat: unauthorized")      // 401: missing or wrong API key
	ErrForbidden    = errors.New("zchat: forbidden")         // 403
	ErrNotFound     = errors.New("zchat: not found")         // 404
	ErrConflict     = errors.New("zchat: conflict")          // 409, e.g. LoginName taken
	ErrValidation   = errors.New("zchat: validation failed") // 422, see APIError.Fields
	ErrRateLimited  = errors.New("zchat: rate limited")      // 429, see APIError.RetryAfter

	// ErrIdempotencyMismatch matches a 422 idempotency_mismatch: the
	// Idempotency-Key was used before with a different body, so the server
	// did not act. It does not match ErrValidation.
	ErrIdempotencyMismatch = errors.New("zchat: idempotency key reused with a different body")

	// ErrInvalidArgument is wrapped by every error for an argument the SDK
	// refuses before it sends anything (an id ≤ 0, a missing required field,
	// a value over a contract limit). Nothing is sent when it is returned.
	ErrInvalidArgument = errors.New("zchat: invalid argument")

	// ErrResponseTooLarge is wrapped when a response body is larger than the
	// limit set with WithMaxResponseBytes.
	ErrResponseTooLarge = errors.New("zchat: response body too large")
)

// Error codes the APP Server writes in APIError.Code.
const (
	CodeInvalidRequest      = "invalid_request"
	CodeInvalidCursor       = "invalid_cursor"
	CodeUnauthorized        = "unauthorized"
	CodeForbidden           = "forbidden"
	CodeNotFound            = "not_found"
	CodeConflict            = "conflict"
	CodePayloadTooLarge     = "payload_too_large"
	CodeValidationFailed    = "validation_failed"
	CodeIdempotencyMismatch = "idempotency_mismatch"
	CodeRateLimited         = "rate_limited"
	CodeInternal            = "internal"
	CodeUnavailable         = "unavailable"
)

// FieldError names one field the server refused and why.
type FieldError struct {
	Field   string `json:"Field"`
	Message string `json:"Message"`
}

// APIError is a non-2xx answer from the APP Server, or from a proxy in front
// of it. When the body was not the server's JSON error (an HTML page from IIS
// or Nginx, say), Code is empty and Message is a short plain-text excerpt.
//
// The text a server sent (Code, Message, RequestID from the body or the
// X-Request-Id header, Fields) is bounded in length and count and made one
// line, with control characters replaced, before it is stored here (the
// bounds are in docs/SECURITY.md): a hostile or broken server cannot forge
// lines, move a terminal's cursor or fill a log through an error.
type APIError struct {
	StatusCode int           `json:"-"`
	Code       string        `json:"Code"`
	Message    string        `json:"Message"`
	RequestID  string        `json:"RequestId"`
	Fields     []FieldError  `json:"Fields,omitempty"`
	RetryAfter time.Duration `json:"-"` // from the Retry-After header, when there was one
	Attempts   int           `json:"-"` // how many times the request was sent
	Method     string        `json:"-"`
	Path       string        `json:"-"` // URL path of the request, without query
}

// Error describes the answer in one line. Everything in it that came from
// the server is bounded and free of control characters (see APIError).
func (e *APIError) Error() string {
	if e.Method == "" {
		return "zchat: " + e.describe()
	}
	return "zchat: " + e.Method + " " + e.Path + ": " + e.describe()
}

// maxFieldsInError is how many of Fields Error names; the rest are counted.
const maxFieldsInError = 10

// describe is Error without the "zchat: METHOD /path: " prefix.
func (e *APIError) describe() string {
	var b strings.Builder
	b.WriteString(strconv.Itoa(e.StatusCode))
	if text := http.StatusText(e.StatusCode); text != "" {
		b.WriteString(" " + text)
	}
	if e.Code != "" {
		b.WriteString(" (" + e.Code + ")")
	}
	if e.Message != "" {
		b.WriteString(": " + e.Message)
	}
	for i, f := range e.Fields {
		if i == maxFieldsInError {
			fmt.Fprintf(&b, "; and %d more", len(e.Fields)-i)
			break
		}
		if i == 0 {
			b.WriteString(" [")
		} else {
			b.WriteString("; ")
		}
		b.WriteString(f.Field + ": " + f.Message)
	}
	if len(e.Fields) > 0 {
		b.WriteString("]")
	}
	if e.RetryAfter > 0 {
		fmt.Fprintf(&b, "; retry after %s", e.RetryAfter)
	}
	if e.Attempts > 1 {
		fmt.Fprintf(&b, "; after %d attempts", e.Attempts)
	}
	if e.RequestID != "" {
		b.WriteString("; request id " + e.RequestID)
	}
	return b.String()
}

// Is makes errors.Is(err, ErrNotFound) and its siblings true for the matching
// status code.
func (e *APIError) Is(target error) bool {
	switch target {
	case ErrUnauthorized:
		return e.StatusCode == http.StatusUnauthorized
	case ErrForbidden:
		return e.StatusCode == http.StatusForbidden
	case ErrNotFound:
		return e.StatusCode == http.StatusNotFound
	case ErrConflict:
		return e.StatusCode == http.StatusConflict
	case ErrValidation:
		return e.StatusCode == http.StatusUnprocessableEntity && e.Code != CodeIdempotencyMismatch
	case ErrRateLimited:
		return e.StatusCode == http.StatusTooManyRequests
	case ErrIdempotencyMismatch:
		return e.StatusCode == http.StatusUnprocessableEntity && e.Code == CodeIdempotencyMismatch
	}
	return false
}

// Temporary reports whether sending the same request later may succeed
// (429 and 5xx other than 501).
func (e *APIError) Temporary() bool { return retryableStatus(e.StatusCode) }

// InvalidArgumentError is returned for an argument refused before sending.
// It wraps ErrInvalidArgument.
type InvalidArgumentError struct {
	Name   string // the argument or field, e.g. "userID" or "CaseInput.Subject"
	Reason string // what is wrong with it
}

// Error names the argument and the reason.
func (e *InvalidArgumentError) Error() string {
	return "zchat: invalid argument " + e.Name + ": " + e.Reason
}

// Unwrap returns ErrInvalidArgument.
func (e *InvalidArgumentError) Unwrap() error { return ErrInvalidArgument }

// invalidArgument returns an *InvalidArgumentError for the named argument.
// (The resource packages have their own, internal/check.Invalid.)
func invalidArgument(name, format string, args ...any) error {
	return &InvalidArgumentError{Name: name, Reason: fmt.Sprintf(format, args...)}
}

// MaxPageSize is the largest page the server serves.
const MaxPageSize = apispec.MaxPageSize
