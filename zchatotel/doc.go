// Package zchatotel traces and measures zchat-go with OpenTelemetry, as Go
// services expect: its options plug into any zchat.Client,
//
//	c, err := zchat.NewClient(url, zchat.WithAPIKey(key),
//		zchatotel.Tracing(), // a span per call, a child span per HTTP request
//		zchatotel.Metrics(), // http.client.request.duration
//	)
//
// and Receiver traces the notifications a webhook handler answers.
//
// Spans and metrics follow the OpenTelemetry HTTP client semantic
// conventions (semconv v1.43.0) and go to the global providers unless
// WithTracerProvider or WithMeterProvider say otherwise; the W3C trace
// context (or whatever the propagator sends) goes with every request, retries
// included. Names and attributes hold only low-cardinality values (the
// operation, the path template, never an id) and never the API key, a body,
// or a query string.
//
// zchatotel is a module of its own, so that the SDK itself depends on no
// telemetry library: zchat offers the hook (zchat.Observer), this module
// implements it.
package zchatotel
