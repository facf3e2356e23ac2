package zchatotel_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/propagation"
	sdkmetric "go.opentelemetry.io/otel/sdk/metric"
	"go.opentelemetry.io/otel/sdk/metric/metricdata"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"

	"github.com/zchat/zchat-go/zchat"
	"github.com/zchat/zchat-go/zchatotel"
)

// globalTelemetry is set as the process's global providers once and kept
// for the process's life: OpenTelemetry hands what was made before the first
// Set to that first provider only, so a rerun (go test -count=2) must find
// the same providers, never shut down, rather than set new ones.
var globalTelemetry = sync.OnceValue(func() *telemetry {
	tel := &telemetry{spans: tracetest.NewSpanRecorder(), reader: sdkmetric.NewManualReader()}
	tel.tp = sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(tel.spans))
	tel.mp = sdkmetric.NewMeterProvider(sdkmetric.WithReader(tel.reader))
	otel.SetTracerProvider(tel.tp)
	otel.SetMeterProvider(tel.mp)
	otel.SetTextMapPropagator(propagation.TraceContext{})
	return tel
})

// With no options, Tracing and Metrics use the global providers and
// propagator; on a test binary's first run they are set after the Client is
// made, as a program that configures telemetry late does. Not parallel: it
// uses the process's globals (the other tests pass their own).
func TestGlobalProviders(t *testing.T) {
	srv, traceparents := flakyServer(t)
	c, err := zchat.NewClient(srv.URL, zchat.WithAPIKey(testKey), zchat.WithRetryWait(time.Millisecond, 5*time.Millisecond),
		zchatotel.Tracing(), zchatotel.Metrics())
	require.NoError(t, err)

	tel := globalTelemetry()
	spansBefore := len(tel.spans.Ended())
	requestsBefore := requestsRecorded(t, tel)

	req := getAgent
	_, err = c.Do(context.Background(), &req, nil)
	require.NoError(t, err)
	names := map[string]int{}
	for _, s := range tel.spans.Ended()[spansBefore:] {
		names[s.Name()]++
	}
	assert.Equal(t, map[string]int{"getAgent": 1, "GET /agents/{userId}": 2}, names)
	assert.Equal(t, requestsBefore+2, requestsRecorded(t, tel), "one duration per request: the 503 and its retry")
	for _, tp := range traceparents() {
		assert.Regexp(t, `^00-[0-9a-f]{32}-[0-9a-f]{16}-01$`, tp)
	}
}

// requestsRecorded is the number of requests http.client.request.duration
// has counted so far (its points are cumulative), 0 before the first.
func requestsRecorded(t *testing.T, tel *telemetry) uint64 {
	t.Helper()
	var rm metricdata.ResourceMetrics
	require.NoError(t, tel.reader.Collect(context.Background(), &rm))
	var n uint64
	for _, sm := range rm.ScopeMetrics {
		for _, m := range sm.Metrics {
			if h, ok := m.Data.(metricdata.Histogram[float64]); ok && m.Name == "http.client.request.duration" {
				for _, p := range h.DataPoints {
					n += p.Count
				}
			}
		}
	}
	return n
}
