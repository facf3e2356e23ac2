package zchatotel

import (
	"context"
	"net/http"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/propagation"
	semconv "go.opentelemetry.io/otel/semconv/v1.43.0"
	"go.opentelemetry.io/otel/trace"

	"github.com/zchat/zchat-go/zchat"
)

// Tracing returns the zchat.Option that traces every call of the Client:
//
//   - a span per call, of kind Internal, named by its operation ("getAgent";
//     "{method} {path template}" for a Request that names none), with
//     zchat.operation, http.request.method, url.template, server.address,
//     server.port, and at its end http.response.status_code, zchat.attempts
//     and, when the call failed, error.type and the status Error;
//   - under it a span per HTTP request sent (the first and each retry), of
//     kind Client, named "{method} {path template}", with the attributes of
//     the OpenTelemetry HTTP client span conventions: http.request.method,
//     server.address, server.port, url.full (without the query),
//     url.template, http.request.resend_count on a retry,
//     http.response.status_code, error.type and the status Error for a
//     status of 400 or more or a request that got no answer;
//   - the trace context of the request's span sent with each request, by the
//     propagator (the global one unless WithPropagators says otherwise).
//
// The call span is Internal, not Client, because the conventions want a
// Client span per request sent and none encompassing them. Span names never
// hold ids; no attribute holds the API key, a body or the query.
// Spans go to the global TracerProvider unless WithTracerProvider says
// otherwise.
func Tracing(opts ...Option) zchat.Option {
	return zchat.WithObserver(&tracer{newTracing(opts)})
}

// tracer is the zchat.Observer of Tracing.
type tracer struct{ tracing }

// StartCall starts the call's span.
func (t *tracer) StartCall(ctx context.Context, call zchat.CallInfo) (context.Context, func(zchat.CallResult)) {
	name := call.Operation
	attrs := make([]attribute.KeyValue, 0, 6)
	if name == "" {
		name = requestName(call.Method, call.Pattern)
	} else {
		attrs = append(attrs, OperationKey.String(call.Operation))
	}
	attrs = callAttrs(attrs, call)
	ctx, span := t.tracer.Start(ctx, name, trace.WithSpanKind(trace.SpanKindInternal), trace.WithAttributes(attrs...))
	return ctx, func(res zchat.CallResult) {
		if span.IsRecording() {
			if res.StatusCode != 0 {
				span.SetAttributes(semconv.HTTPResponseStatusCode(res.StatusCode))
			}
			span.SetAttributes(AttemptsKey.Int(res.Attempts))
			if res.Err != nil {
				span.SetAttributes(semconv.ErrorTypeKey.String(errorType(res.StatusCode, res.Err)))
				span.SetStatus(codes.Error, statusDescription(res.Err))
			}
		}
		span.End()
	}
}

// StartAttempt starts the span of one HTTP request and puts its trace
// context in the request's header.
func (t *tracer) StartAttempt(ctx context.Context, a zchat.AttemptInfo, header http.Header) func(zchat.AttemptResult) {
	attrs := callAttrs(make([]attribute.KeyValue, 0, 7), a.CallInfo)
	attrs = append(attrs, semconv.URLFull(a.URL))
	if a.Number > 1 {
		attrs = append(attrs, semconv.HTTPRequestResendCount(a.Number-1))
	}
	ctx, span := t.tracer.Start(ctx, requestName(a.Method, a.Pattern), trace.WithSpanKind(trace.SpanKindClient), trace.WithAttributes(attrs...))
	t.cfg.propagator().Inject(ctx, propagation.HeaderCarrier(header))
	return func(res zchat.AttemptResult) {
		if span.IsRecording() {
			if res.StatusCode != 0 {
				span.SetAttributes(semconv.HTTPResponseStatusCode(res.StatusCode))
			}
			if et := errorType(res.StatusCode, res.Err); et != "" {
				span.SetAttributes(semconv.ErrorTypeKey.String(et))
				// No description: the status code or error.type says it.
				span.SetStatus(codes.Error, "")
			}
		}
		span.End()
	}
}

// callAttrs are the attributes that name a call's request: method, path
// template and server.
func callAttrs(attrs []attribute.KeyValue, call zchat.CallInfo) []attribute.KeyValue {
	attrs = methodAttrs(attrs, call.Method)
	if call.Pattern != "" {
		attrs = append(attrs, semconv.URLTemplate(call.Pattern))
	}
	return append(attrs, semconv.ServerAddress(call.ServerAddress), semconv.ServerPort(call.ServerPort))
}
