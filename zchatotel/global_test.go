package zchatotel_test

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/propagation"

	"github.com/zchat/zchat-go/zchat"
	"github.com/zchat/zchat-go/zchatotel"
)

// With no options, Tracing and Metrics use the global providers and
// propagator, even when the program sets them after making the Client. Not
// parallel: it sets the process's globals (the other tests pass their own).
func TestGlobalProviders(t *testing.T) {
	srv, traceparents := flakyServer(t)
	c, err := zchat.NewClient(srv.URL, zchat.WithAPIKey(testKey), zchat.WithRetryWait(time.Millisecond, 5*time.Millisecond),
		zchatotel.Tracing(), zchatotel.Metrics())
	require.NoError(t, err)

	tel := newTelemetry(t)
	otel.SetTracerProvider(tel.tp)
	otel.SetMeterProvider(tel.mp)
	otel.SetTextMapPropagator(propagation.TraceContext{})

	req := getAgent
	_, err = c.Do(context.Background(), &req, nil)
	require.NoError(t, err)
	assert.Len(t, tel.ended(t, "getAgent"), 1)
	assert.Len(t, tel.ended(t, "GET /agents/{userId}"), 2)
	_, points := tel.histogram(t, "http.client.request.duration")
	assert.Len(t, points, 2)
	for _, tp := range traceparents() {
		assert.Regexp(t, `^00-[0-9a-f]{32}-[0-9a-f]{16}-01$`, tp)
	}
}
