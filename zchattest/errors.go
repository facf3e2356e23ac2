package zchattest

import (
	"fmt"
	"net/http"
	"strings"

	"github.com/zchat/zchat-go/internal/apispec"
	"github.com/zchat/zchat-go/zchat"
)

// apiError is an error answer of the server: a status, one of the
// contract's codes, a message and, for validation, the fields. The chat
// simulation methods return it too; it matches the zchat sentinels with
// errors.Is (zchat.ErrNotFound, zchat.ErrConflict, zchat.ErrValidation…).
type apiError struct {
	status  int
	code    string
	message string
	fields  []zchat.FieldError
	header  http.Header // extra headers of the answer (Allow, WWW-Authenticate…)
}

func (e *apiError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "zchattest: %d %s: %s", e.status, e.code, e.message)
	for _, f := range e.fields {
		b.WriteString("; " + f.Field + " " + f.Message)
	}
	return b.String()
}

// Is matches the zchat sentinel of the status, as *zchat.APIError does.
func (e *apiError) Is(target error) bool {
	return (&zchat.APIError{StatusCode: e.status, Code: e.code}).Is(target)
}

func errorf(status int, code, format string, args ...any) *apiError {
	return &apiError{status: status, code: code, message: fmt.Sprintf(format, args...)}
}

func notFound(what string, id int) *apiError {
	return errorf(http.StatusNotFound, zchat.CodeNotFound, "%s %d does not exist", what, id)
}

func conflict(format string, args ...any) *apiError {
	return errorf(http.StatusConflict, zchat.CodeConflict, format, args...)
}

func badRequest(format string, args ...any) *apiError {
	return errorf(http.StatusBadRequest, zchat.CodeInvalidRequest, format, args...)
}

func invalidCursor(format string, args ...any) *apiError {
	return errorf(http.StatusBadRequest, zchat.CodeInvalidCursor, format, args...)
}

// invalidField is a 422 validation_failed naming one field.
func invalidField(field, format string, args ...any) error {
	var f fieldErrs
	f.add(field, format, args...)
	return f.validation()
}

// statusCodes is the contract's code for each error status it names.
var statusCodes = map[int]string{
	http.StatusBadRequest:            zchat.CodeInvalidRequest,
	http.StatusUnauthorized:          zchat.CodeUnauthorized,
	http.StatusForbidden:             zchat.CodeForbidden,
	http.StatusNotFound:              zchat.CodeNotFound,
	http.StatusConflict:              zchat.CodeConflict,
	http.StatusRequestEntityTooLarge: zchat.CodePayloadTooLarge,
	http.StatusUnprocessableEntity:   zchat.CodeValidationFailed,
	http.StatusTooManyRequests:       zchat.CodeRateLimited,
	http.StatusServiceUnavailable:    zchat.CodeUnavailable,
}

// codeFor is the contract's code for an error status: internal for another
// 5xx, invalid_request for another 4xx.
func codeFor(status int) string {
	if code, ok := statusCodes[status]; ok {
		return code
	}
	if status >= 500 {
		return zchat.CodeInternal
	}
	return zchat.CodeInvalidRequest
}

// fieldErrs collects what is wrong with a body or a query, one entry per
// field, named by its wire name (dotted path with indexes).
type fieldErrs []zchat.FieldError

func (f *fieldErrs) add(field, format string, args ...any) {
	*f = append(*f, zchat.FieldError{Field: field, Message: fmt.Sprintf(format, args...)})
}

// errorFor makes the collected fields one *apiError, or nil (an untyped
// nil error) when there are none.
func (f fieldErrs) errorFor(status int, code, what string) error {
	if len(f) == 0 {
		return nil
	}
	msg := f[0].Field + " " + f[0].Message
	if len(f) > 1 {
		msg = fmt.Sprintf("%d %s are not valid; first: %s", len(f), what, msg)
	}
	return &apiError{status: status, code: code, message: msg, fields: f}
}

// validation is 422 validation_failed for a body.
func (f fieldErrs) validation() error {
	return f.errorFor(http.StatusUnprocessableEntity, zchat.CodeValidationFailed, "fields")
}

// badQuery is 400 invalid_request for query parameters.
func (f fieldErrs) badQuery() error {
	return f.errorFor(http.StatusBadRequest, zchat.CodeInvalidRequest, "parameters")
}

// text checks a string field: required means it must contain a non-blank
// character; max (when > 0) is its limit in UTF-16 code units, counted as
// the .NET server counts (apispec.Len16).
func (f *fieldErrs) text(field, s string, required bool, max int) {
	if required && strings.TrimSpace(s) == "" {
		f.add(field, "is required")
		return
	}
	if reason := apispec.TextOver(s, max); max > 0 && reason != "" {
		f.add(field, "%s", reason)
	}
}

// max checks a count against its limit.
func (f *fieldErrs) max(field string, n, limit int, unit string) {
	if n > limit {
		f.add(field, "has %d %s, over the limit of %d", n, unit, limit)
	}
}
