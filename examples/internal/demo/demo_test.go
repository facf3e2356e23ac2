package demo_test

import (
	"bytes"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zchat/zchat-go/agents"
	"github.com/zchat/zchat-go/examples/internal/demo"
	"github.com/zchat/zchat-go/zchattest"
)

// captureNotice makes Connect print to a buffer for the test.
func captureNotice(t *testing.T) *bytes.Buffer {
	var buf bytes.Buffer
	old := demo.Stderr
	demo.Stderr = &buf
	t.Cleanup(func() { demo.Stderr = old })
	return &buf
}

func TestConnectWithoutBaseURLStartsTheDemoServer(t *testing.T) {
	t.Setenv(demo.EnvBaseURL, "")
	t.Setenv(demo.EnvAPIKey, "")
	out := captureNotice(t)

	conn, err := demo.Connect()
	require.NoError(t, err)
	defer conn.Close()
	assert.True(t, conn.Demo())
	assert.Equal(t, demo.Notice+"\n", out.String(), "one line")
	assert.Equal(t, conn.Server.APIKey, conn.APIKey)

	list, err := agents.New(conn.Client).List(t.Context())
	require.NoError(t, err)
	assert.Len(t, list, 3, "the demo data")

	// "The last minute" reaches back to the start of the demo data.
	assert.False(t, conn.Since(time.Minute).After(conn.Server.DemoStart()))
	conn.Close() // twice is fine
}

func TestConnectUsesTheConfiguredServer(t *testing.T) {
	srv := zchattest.NewServer()
	defer srv.Close()
	t.Setenv(demo.EnvBaseURL, srv.URL)
	t.Setenv(demo.EnvAPIKey, srv.APIKey)
	out := captureNotice(t)

	conn, err := demo.Connect()
	require.NoError(t, err)
	defer conn.Close()
	assert.False(t, conn.Demo())
	assert.Empty(t, out.String(), "no demo-mode line")
	assert.Equal(t, srv.APIKey, conn.APIKey)
	_, err = conn.Client.Ping(t.Context())
	require.NoError(t, err)
	since := conn.Since(time.Hour)
	assert.WithinDuration(t, time.Now().Add(-time.Hour), since, time.Minute)
}

func TestConnectNeedsTheKeyWithTheURL(t *testing.T) {
	t.Setenv(demo.EnvBaseURL, "https://zchatdemo.com")
	t.Setenv(demo.EnvAPIKey, "")
	_, err := demo.Connect()
	require.Error(t, err)
	assert.Contains(t, err.Error(), demo.EnvAPIKey)

	t.Setenv(demo.EnvAPIKey, "key")
	t.Setenv(demo.EnvBaseURL, "zchatdemo.com")
	_, err = demo.Connect()
	require.Error(t, err)
	assert.Contains(t, err.Error(), demo.EnvBaseURL)
}
