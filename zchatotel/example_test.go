package zchatotel_test

import (
	"context"
	"fmt"
	"net/http"

	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"

	"github.com/zchat/zchat-go/zchat"
	"github.com/zchat/zchat-go/zchatotel"
	"github.com/zchat/zchat-go/zchattest"
)

// A call that meets a 503 and is retried: one span for the call, named by
// its operation, and one for each HTTP request sent.
func ExampleTracing() {
	srv := zchattest.NewServer(zchattest.WithDemoData())
	defer srv.Close()
	srv.InjectFaults(zchattest.Fault{Path: "/agents", Status: http.StatusServiceUnavailable})

	spans := tracetest.NewSpanRecorder() // a real program exports them instead
	tp := sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(spans))
	defer tp.Shutdown(context.Background())
	c := srv.Client(zchatotel.Tracing(zchatotel.WithTracerProvider(tp)))

	var agent struct{ LoginName string }
	_, err := c.Do(context.Background(), &zchat.Request{
		Method: http.MethodGet, Path: zchat.Path("agents", 1),
		Operation: "getAgent", Pattern: "/agents/{userId}",
	}, &agent)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("got", agent.LoginName)
	for _, s := range spans.Ended() {
		fmt.Println(s.SpanKind(), s.Name(), s.Status().Code)
	}
	// Output:
	// got anna
	// client GET /agents/{userId} Error
	// client GET /agents/{userId} Unset
	// internal getAgent Unset
}
