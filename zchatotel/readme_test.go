package zchatotel_test

// The README's Go snippets that use zchatotel are fenced as ```golang, not
// ```go, because examples/readme_test.go (which mirrors the ```go ones)
// lives in the root module and cannot import this one. They are mirrored
// here instead, in functions that compile and run:
// TestReadmeSnippetsAreCompiled fails when a ```golang snippet of the README
// is not found, line for line, between "README:" and "end README" below.

import (
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zchat/zchat-go/internal/wiretest"
	"github.com/zchat/zchat-go/webhook"
	"github.com/zchat/zchat-go/zchat"
	"github.com/zchat/zchat-go/zchatotel"
	"github.com/zchat/zchat-go/zchattest"
)

// readmeTracing mirrors README "Tracing and metrics"; it hands the Client
// made to the test in *client.
func readmeTracing(routes *http.ServeMux, events *webhook.Mux, client **zchat.Client) error {
	// README:
	c, err := zchat.NewClient(os.Getenv("ZCHAT_BASE_URL"),
		zchat.WithAPIKey(os.Getenv("ZCHAT_API_KEY")),
		zchatotel.Tracing(), // a span per call, a child span per HTTP request sent
		zchatotel.Metrics(), // http.client.request.duration
	)
	if err != nil {
		return err
	}
	routes.Handle("POST /zchat/notify", webhook.NewHandler(os.Getenv("ZCHAT_API_KEY"), events.Handle,
		zchatotel.Receiver(), // a span per notification
	))
	// end README
	*client = c
	return nil
}

// Not parallel: it sets environment variables.
func TestReadmeTracing(t *testing.T) {
	srv := zchattest.NewServer(zchattest.WithDemoData())
	t.Cleanup(srv.Close)
	t.Setenv("ZCHAT_BASE_URL", srv.URL)
	t.Setenv("ZCHAT_API_KEY", srv.APIKey)
	routes := http.NewServeMux()
	var c *zchat.Client
	require.NoError(t, readmeTracing(routes, &webhook.Mux{}, &c))
	_, err := c.Ping(t.Context())
	require.NoError(t, err)
	w := httptest.NewRecorder()
	routes.ServeHTTP(w, httptest.NewRequest(http.MethodPost, "/zchat/notify", strings.NewReader("{}")))
	assert.Equal(t, http.StatusUnauthorized, w.Code, "the receiver is mounted and verifies")
}

func TestReadmeSnippetsAreCompiled(t *testing.T) {
	t.Parallel()
	assert.Equal(t, 1, wiretest.ReadmeSnippets(t, "../README.md", "golang", "readme_test.go"), "the README's zchatotel snippets")
}
