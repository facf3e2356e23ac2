package zchatotel

import (
	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/metric"
	"go.opentelemetry.io/otel/propagation"
	semconv "go.opentelemetry.io/otel/semconv/v1.43.0"
	"go.opentelemetry.io/otel/trace"

	"github.com/zchat/zchat-go/zchat"
)

// ScopeName is the instrumentation scope of the tracer and the meter, the
// name under which a backend shows where the spans and metrics come from.
const ScopeName = "github.com/zchat/zchat-go/zchatotel"

// Option configures Tracing, Metrics and Receiver. An option that does not
// apply to one of them (a MeterProvider given to Tracing) is ignored there.
type Option func(*config)

type config struct {
	tp          trace.TracerProvider
	mp          metric.MeterProvider
	propagators propagation.TextMapPropagator
}

// WithTracerProvider makes spans with tp instead of the global
// TracerProvider (otel.GetTracerProvider). A nil tp is ignored.
func WithTracerProvider(tp trace.TracerProvider) Option {
	return func(c *config) {
		if tp != nil {
			c.tp = tp
		}
	}
}

// WithMeterProvider records metrics with mp instead of the global
// MeterProvider (otel.GetMeterProvider). A nil mp is ignored.
func WithMeterProvider(mp metric.MeterProvider) Option {
	return func(c *config) {
		if mp != nil {
			c.mp = mp
		}
	}
}

// WithPropagators sends (client) and reads (receiver) trace context with p
// instead of the global propagator (otel.GetTextMapPropagator), which sends
// nothing until the program sets one. A nil p is ignored.
func WithPropagators(p propagation.TextMapPropagator) Option {
	return func(c *config) {
		if p != nil {
			c.propagators = p
		}
	}
}

func newConfig(opts []Option) config {
	var c config
	for _, o := range opts {
		if o != nil {
			o(&c)
		}
	}
	if c.tp == nil {
		// The global provider delegates to the one the program sets later,
		// so a Client made before otel.SetTracerProvider still traces.
		c.tp = otel.GetTracerProvider()
	}
	if c.mp == nil {
		c.mp = otel.GetMeterProvider()
	}
	return c
}

// propagator is the configured propagator, else the global one as it is now
// (looked up per request, so that one set after the Client is made counts).
func (c *config) propagator() propagation.TextMapPropagator {
	if c.propagators != nil {
		return c.propagators
	}
	return otel.GetTextMapPropagator()
}

// tracing is what the client's and the receiver's tracers share: the
// options and this module's tracer.
type tracing struct {
	cfg    config
	tracer trace.Tracer
}

func newTracing(opts []Option) tracing {
	cfg := newConfig(opts)
	return tracing{cfg: cfg, tracer: cfg.tp.Tracer(ScopeName,
		trace.WithInstrumentationVersion(zchat.Version),
		trace.WithSchemaURL(semconv.SchemaURL))}
}
