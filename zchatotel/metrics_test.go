package zchatotel_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.opentelemetry.io/otel/sdk/metric/metricdata"

	"github.com/zchat/zchat-go/zchatotel"
)

// Each request sent (the 503 and its retry) is one measurement of
// http.client.request.duration, in seconds, in the conventions' buckets,
// with the conventions' attributes.
func TestMetricsRecordEachAttempt(t *testing.T) {
	t.Parallel()
	tel := newTelemetry(t)
	srv, _ := flakyServer(t)
	c := newClient(t, srv.URL, zchatotel.Metrics(tel.options()...))
	req := getAgent
	_, err := c.Do(context.Background(), &req, nil)
	require.NoError(t, err)

	m, points := tel.histogram(t, "http.client.request.duration")
	assert.Equal(t, "s", m.Unit)
	require.Len(t, points, 2)
	byStatus := map[int64]metricdata.HistogramDataPoint[float64]{}
	for _, p := range points {
		code, ok := p.Attributes.Value("http.response.status_code")
		require.True(t, ok)
		byStatus[code.AsInt64()] = p
	}
	for status, wantErr := range map[int64]string{503: "503", 200: ""} {
		p, ok := byStatus[status]
		require.True(t, ok, "a data point for %d", status)
		assert.Equal(t, uint64(1), p.Count)
		assert.Greater(t, p.Sum, 0.0)
		assert.Less(t, p.Sum, 5.0, "seconds, not milliseconds")
		assert.Equal(t, []float64{0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10}, p.Bounds)
		a := attrs(p.Attributes.ToSlice())
		assert.Equal(t, "GET", a["http.request.method"])
		assert.Equal(t, "127.0.0.1", a["server.address"])
		assert.NotZero(t, a["server.port"])
		assert.Equal(t, "/agents/{userId}", a["url.template"])
		if wantErr == "" {
			assert.NotContains(t, a, "error.type")
		} else {
			assert.Equal(t, wantErr, a["error.type"])
		}
		assert.NotContains(t, a, "url.full", "a metric has low-cardinality attributes only")
	}
}

// Metrics alone makes no span, Tracing alone records no metric.
func TestTracingAndMetricsAreIndependent(t *testing.T) {
	t.Parallel()
	tel := newTelemetry(t)
	srv, traceparents := flakyServer(t)
	c := newClient(t, srv.URL, zchatotel.Metrics(tel.options()...))
	req := getAgent
	_, err := c.Do(context.Background(), &req, nil)
	require.NoError(t, err)
	assert.Empty(t, tel.spans.Ended())
	assert.Equal(t, []string{"", ""}, traceparents(), "no trace context without Tracing")

	tel2 := newTelemetry(t)
	c2 := newClient(t, srv.URL, zchatotel.Tracing(tel2.options()...))
	req = getAgent
	_, err = c2.Do(context.Background(), &req, nil)
	require.NoError(t, err)
	var rm metricdata.ResourceMetrics
	require.NoError(t, tel2.reader.Collect(context.Background(), &rm))
	assert.Empty(t, rm.ScopeMetrics)
	assert.Len(t, tel2.spans.Ended(), 2)
}
