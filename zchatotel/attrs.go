package zchatotel

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"strconv"

	"go.opentelemetry.io/otel/attribute"
	semconv "go.opentelemetry.io/otel/semconv/v1.43.0"

	"github.com/zchat/zchat-go/zchat"
)

// Attribute keys of this module's own (outside the semantic conventions).
const (
	// OperationKey is the operationId of docs/openapi.yaml ("getAgent") on a
	// call span.
	OperationKey = attribute.Key("zchat.operation")
	// AttemptsKey is how many HTTP requests a call sent, on a call span.
	AttemptsKey = attribute.Key("zchat.attempts")
)

// knownMethods are the methods the HTTP semantic conventions know; any
// other is reported as "_OTHER" (and named "HTTP" in a span name), so that a
// caller's odd method cannot blow up the metric's cardinality.
var knownMethods = map[string]bool{
	http.MethodConnect: true, http.MethodDelete: true, http.MethodGet: true,
	http.MethodHead: true, http.MethodOptions: true, http.MethodPatch: true,
	http.MethodPost: true, http.MethodPut: true, http.MethodTrace: true,
}

// requestName is an HTTP client span's name: "{method} {url.template}", or
// "{method}" when the call names no path template. Never the path itself,
// which carries raw ids.
func requestName(method, pattern string) string {
	if !knownMethods[method] {
		method = "HTTP"
	}
	if pattern == "" {
		return method
	}
	return method + " " + pattern
}

// methodAttrs are http.request.method, and http.request.method_original
// when the method is not a known one.
func methodAttrs(attrs []attribute.KeyValue, method string) []attribute.KeyValue {
	if knownMethods[method] {
		return append(attrs, semconv.HTTPRequestMethodKey.String(method))
	}
	return append(attrs, semconv.HTTPRequestMethodOther, semconv.HTTPRequestMethodOriginal(method))
}

// errorType is the error.type of a request or call that ended with status
// (0 when no answer came) and err: the status code for a status of 400 or
// more, else a low-cardinality name of the error ("" when there is none).
// It never holds the error's message.
func errorType(status int, err error) string {
	switch {
	case status >= 400:
		return strconv.Itoa(status)
	case err == nil:
		return ""
	case errors.Is(err, context.DeadlineExceeded):
		return "timeout"
	case errors.Is(err, context.Canceled):
		return "canceled"
	}
	if ue := (*url.Error)(nil); errors.As(err, &ue) && ue.Err != nil {
		err = ue.Err // url.Error only adds the URL: the cause is the news
	}
	switch t := semconv.ErrorType(err).Value.AsString(); t {
	case "*errors.errorString", "*errors.joinError", "*fmt.wrapError", "*fmt.wrapErrors":
		return semconv.ErrorTypeOther.Value.AsString() // says nothing about the error
	default:
		return t
	}
}

// statusDescription is a failed span's status description: the message of
// the server's answer (an *zchat.APIError, which names the request by its
// path without the query), else nothing, because the text of a transport
// error can hold the whole URL with its query (an e-mail address, say);
// error.type names those.
func statusDescription(err error) string {
	if ae := (*zchat.APIError)(nil); errors.As(err, &ae) {
		return ae.Error()
	}
	return ""
}
