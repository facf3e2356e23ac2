package zchatotel_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"testing"

	"go.opentelemetry.io/contrib/instrumentation/net/http/otelhttp"
	"go.opentelemetry.io/otel/propagation"
	sdkmetric "go.opentelemetry.io/otel/sdk/metric"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"

	"github.com/zchat/zchat-go/zchat"
	"github.com/zchat/zchat-go/zchatotel"
)

// discard is a span exporter that drops what it is given: the benchmarks
// measure making and ending spans, not shipping them.
type discard struct{}

func (discard) ExportSpans(context.Context, []sdktrace.ReadOnlySpan) error { return nil }
func (discard) Shutdown(context.Context) error                             { return nil }

// benchSetup is what both sides of the comparison share: one loopback
// server answering an agent, one TracerProvider sampling every span into
// discard, one MeterProvider with a reader, one propagator.
type benchSetup struct {
	url  string
	tp   *sdktrace.TracerProvider
	mp   *sdkmetric.MeterProvider
	prop propagation.TextMapPropagator
}

func newBenchSetup(b testing.TB) *benchSetup {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("X-Request-Id", "bench")
		fmt.Fprint(w, `{"UserId":3,"LoginName":"ana","DisplayName":"Ana Lima","Email":"ana@example.com","IsAdmin":false,"Disabled":false}`)
	}))
	b.Cleanup(srv.Close)
	s := &benchSetup{
		url:  srv.URL,
		tp:   sdktrace.NewTracerProvider(sdktrace.WithSampler(sdktrace.AlwaysSample()), sdktrace.WithSyncer(discard{})),
		mp:   sdkmetric.NewMeterProvider(sdkmetric.WithReader(sdkmetric.NewManualReader())),
		prop: propagation.TraceContext{},
	}
	b.Cleanup(func() {
		_ = s.tp.Shutdown(context.Background())
		_ = s.mp.Shutdown(context.Background())
	})
	return s
}

type benchAgent struct {
	UserID    int    `json:"UserId"`
	LoginName string `json:"LoginName"`
}

// netHTTP is the baseline: GET the agent with net/http and encoding/json,
// through otelhttp's transport when instrumented (a Client span per request,
// http.client.request.duration, the trace context sent).
func (s *benchSetup) netHTTP(instrumented bool) func(*testing.B) {
	return func(b *testing.B) {
		var rt http.RoundTripper = http.DefaultTransport.(*http.Transport).Clone()
		if instrumented {
			rt = otelhttp.NewTransport(rt, otelhttp.WithTracerProvider(s.tp), otelhttp.WithMeterProvider(s.mp), otelhttp.WithPropagators(s.prop))
		}
		hc := &http.Client{Transport: rt}
		url := s.url + "/api/v1/agents/3"
		b.ReportAllocs()
		for b.Loop() {
			req, _ := http.NewRequestWithContext(context.Background(), http.MethodGet, url, nil)
			req.Header.Set("Authorization", "Bearer k")
			req.Header.Set("Accept", "application/json")
			resp, err := hc.Do(req)
			if err != nil {
				b.Fatal(err)
			}
			var a benchAgent
			err = json.NewDecoder(resp.Body).Decode(&a)
			resp.Body.Close()
			if err != nil || a.UserID != 3 {
				b.Fatal(err)
			}
		}
	}
}

// sdk is the same GET through zchat-go, traced and measured by zchatotel
// when instrumented (a call span and a request span, the same metric, the
// trace context sent).
func (s *benchSetup) sdk(instrumented bool) func(*testing.B) {
	return func(b *testing.B) {
		opts := []zchat.Option{zchat.WithAPIKey("k")}
		if instrumented {
			o := []zchatotel.Option{zchatotel.WithTracerProvider(s.tp), zchatotel.WithMeterProvider(s.mp), zchatotel.WithPropagators(s.prop)}
			opts = append(opts, zchatotel.Tracing(o...), zchatotel.Metrics(o...))
		}
		c, err := zchat.NewClient(s.url, opts...)
		if err != nil {
			b.Fatal(err)
		}
		b.ReportAllocs()
		for b.Loop() {
			var a benchAgent
			req := zchat.Request{Method: http.MethodGet, Path: "/agents/3", Operation: "getAgent", Pattern: "/agents/{userId}"}
			if _, err := c.Do(context.Background(), &req, &a); err != nil || a.UserID != 3 {
				b.Fatal(err)
			}
		}
	}
}

// BenchmarkTelemetry compares a GET through zchat-go with Tracing and
// Metrics against the same GET through bare net/http instrumented with
// otelhttp (the baseline), on the same server and providers; and, for
// reference, both without telemetry. See docs/PERFORMANCE.md.
func BenchmarkTelemetry(b *testing.B) {
	s := newBenchSetup(b)
	b.Run("baseline=net/http+otelhttp", s.netHTTP(true))
	b.Run("sdk+zchatotel", s.sdk(true))
	b.Run("net/http", s.netHTTP(false))
	b.Run("sdk", s.sdk(false))
}
