package zchatotel

import (
	"context"
	"net/http"
	"time"

	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/metric"
	semconv "go.opentelemetry.io/otel/semconv/v1.43.0"
	"go.opentelemetry.io/otel/semconv/v1.43.0/httpconv"

	"github.com/zchat/zchat-go/zchat"
)

// Metrics returns the zchat.Option that records, for every HTTP request the
// Client sends (the first of a call and each retry), the histogram
// http.client.request.duration of the OpenTelemetry HTTP client conventions:
// seconds from sending the request to its answer's headers (or its error),
// in the conventions' bucket boundaries, with http.request.method,
// server.address, server.port, url.template (the path template, a handful
// of values), http.response.status_code and error.type. Metrics go to the
// global MeterProvider unless WithMeterProvider says otherwise.
func Metrics(opts ...Option) zchat.Option {
	cfg := newConfig(opts)
	meter := cfg.mp.Meter(ScopeName,
		metric.WithInstrumentationVersion(zchat.Version),
		metric.WithSchemaURL(semconv.SchemaURL))
	duration, err := httpconv.NewClientRequestDuration(meter)
	if err != nil {
		otel.Handle(err) // duration is then a no-op: the calls still work
	}
	return zchat.WithObserver(&meters{duration: duration})
}

// meters is the zchat.Observer of Metrics.
type meters struct {
	duration httpconv.ClientRequestDuration
}

// StartCall does nothing: the metric is per request.
func (m *meters) StartCall(ctx context.Context, _ zchat.CallInfo) (context.Context, func(zchat.CallResult)) {
	return ctx, nil
}

// StartAttempt times one request.
func (m *meters) StartAttempt(ctx context.Context, a zchat.AttemptInfo, _ http.Header) func(zchat.AttemptResult) {
	if !m.duration.Enabled(ctx) {
		return nil // no reader wants it: cost nothing
	}
	start := time.Now()
	return func(res zchat.AttemptResult) {
		elapsed := time.Since(start).Seconds()
		attrs := make([]attribute.KeyValue, 0, 3)
		if a.Pattern != "" {
			attrs = append(attrs, semconv.URLTemplate(a.Pattern))
		}
		if res.StatusCode != 0 {
			attrs = append(attrs, semconv.HTTPResponseStatusCode(res.StatusCode))
		}
		if et := errorType(res.StatusCode, res.Err); et != "" {
			attrs = append(attrs, semconv.ErrorTypeKey.String(et))
		}
		method := httpconv.RequestMethodOther
		if knownMethods[a.Method] {
			method = httpconv.RequestMethodAttr(a.Method)
		}
		m.duration.Record(ctx, elapsed, method, a.ServerAddress, a.ServerPort, attrs...)
	}
}
