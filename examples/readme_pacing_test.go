package examples_test

import (
	"context"
	"fmt"
	"log"
	"os"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zchat/zchat-go/agents"
	"github.com/zchat/zchat-go/zchat"
	"github.com/zchat/zchat-go/zchattest"
)

// readmeCapture mirrors README "Per-call metadata".
func readmeCapture(ctx context.Context, c *zchat.Client) error {
	// README:
	var resp zchat.Response
	a, err := agents.New(c).Get(zchat.WithCaptureResponse(ctx, &resp), 3)
	log.Printf("status %d, request id %s, %d attempts", resp.StatusCode, resp.RequestID, resp.Attempts)
	if err != nil {
		return err
	}
	fmt.Println(a.DisplayName)
	// end README
	return nil
}

// readmePacing mirrors README "Pacing".
func readmePacing(out **zchat.Client) error {
	// README:
	c, err := zchat.NewClient(os.Getenv("ZCHAT_BASE_URL"),
		zchat.WithAPIKey(os.Getenv("ZCHAT_API_KEY")),
		zchat.WithRateLimit(10, 5), // 10 requests a second on average, bursts of 5
	)
	if err != nil {
		return err
	}
	// end README
	*out = c
	return nil
}

func TestReadmePacingSnippetsRun(t *testing.T) {
	srv := zchattest.NewServer(zchattest.WithDemoData())
	defer srv.Close()

	require.NoError(t, readmeCapture(t.Context(), srv.Client()))

	t.Setenv("ZCHAT_BASE_URL", srv.URL)
	t.Setenv("ZCHAT_API_KEY", srv.APIKey)
	var c *zchat.Client
	require.NoError(t, readmePacing(&c))
	_, err := c.Ping(t.Context())
	assert.NoError(t, err)
}
