package zchatotel

import (
	"context"
	"net/http"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/propagation"
	semconv "go.opentelemetry.io/otel/semconv/v1.43.0"
	"go.opentelemetry.io/otel/trace"

	"github.com/zchat/zchat-go/webhook"
)

// Attribute keys of a notification span.
const (
	EventIDKey   = attribute.Key("zchat.event.id")   // the event's Id (webhook-id)
	EventTypeKey = attribute.Key("zchat.event.type") // "session.ended", …
	TenantKey    = attribute.Key("zchat.tenant")     // NewTenantHandler's tenant
	OutcomeKey   = attribute.Key("zchat.outcome")    // a webhook.Outcome: handled, duplicate, in_progress, refused, failed
)

// notificationSpan is the name of a notification span, followed by the
// event's Type when it is known.
const notificationSpan = "zchat.notification"

// Receiver returns the webhook.HandlerOption that traces every request a
// handler of webhook.NewHandler or webhook.NewTenantHandler answers: one
// span, named "zchat.notification {event type}" ("zchat.notification" for a
// request refused before its event is known), with zchat.event.id,
// zchat.event.type, zchat.tenant (NewTenantHandler only), zchat.outcome
// (see webhook.Outcome) and http.response.status_code. A refused request
// (4xx) also gets error.type, its status; a failed one (fn's error or panic,
// a ReplayStore or tenant lookup that failed) gets error.type and the status
// Error, without the error's text, which is fn's own and may hold data.
//
// The handler's fn runs under the span, so the spans fn starts are its
// children. The span is of kind Server and continues the trace context the
// request carries, if any (read by the propagator: the global one unless
// WithPropagators says otherwise); when the handler is already inside a
// server span (otelhttp.NewHandler around it), it is that span's child, of
// kind Internal. Spans go to the global TracerProvider unless
// WithTracerProvider says otherwise.
func Receiver(opts ...Option) webhook.HandlerOption {
	return webhook.WithObserver(&receiver{newTracing(opts)})
}

// receiver is the webhook.Observer of Receiver.
type receiver struct{ tracing }

// StartDelivery starts a notification's span.
func (r *receiver) StartDelivery(ctx context.Context, header http.Header) (context.Context, func(webhook.Delivery)) {
	kind := trace.SpanKindInternal
	if !trace.SpanContextFromContext(ctx).IsValid() {
		kind = trace.SpanKindServer
		ctx = r.cfg.propagator().Extract(ctx, propagation.HeaderCarrier(header))
	}
	ctx, span := r.tracer.Start(ctx, notificationSpan, trace.WithSpanKind(kind))
	return ctx, func(d webhook.Delivery) {
		if span.IsRecording() {
			if lowCardinality(d.Type) {
				span.SetName(notificationSpan + " " + d.Type)
			}
			attrs := make([]attribute.KeyValue, 0, 6)
			if d.ID != "" {
				attrs = append(attrs, EventIDKey.String(d.ID), EventTypeKey.String(d.Type))
			}
			if d.Tenant != "" {
				attrs = append(attrs, TenantKey.String(d.Tenant))
			}
			attrs = append(attrs, OutcomeKey.String(string(d.Outcome)), semconv.HTTPResponseStatusCode(d.StatusCode))
			switch d.Outcome {
			case webhook.OutcomeRefused:
				attrs = append(attrs, semconv.ErrorTypeKey.String(errorType(d.StatusCode, d.Err)))
			case webhook.OutcomeFailed:
				attrs = append(attrs, semconv.ErrorTypeKey.String(errorType(d.StatusCode, d.Err)))
				span.SetStatus(codes.Error, "")
			}
			span.SetAttributes(attrs...)
		}
		span.End()
	}
}

// lowCardinality reports whether an event Type is fit for a span name: a
// short word of lower-case letters, digits, dots and underscores, as the
// contract's types are. The Type is signed by the APP Server, but a name
// should not carry whatever a future type holds.
func lowCardinality(typ string) bool {
	if typ == "" || len(typ) > 64 {
		return false
	}
	for _, c := range []byte(typ) {
		if (c < 'a' || c > 'z') && (c < '0' || c > '9') && c != '.' && c != '_' && c != '-' {
			return false
		}
	}
	return true
}
