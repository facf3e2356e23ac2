package main

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"

	"github.com/zchat/zchat-go/internal/wiretest"
	"github.com/zchat/zchat-go/zchattest"
)

// TestMain fails the tests if a goroutine is left running: a listener or a
// mock server that does not shut down, a client that keeps connections.
func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

// result is what one run of zchat printed and returned.
type result struct {
	code           int
	stdout, stderr string
}

// env is a getenv over a map.
func env(vars map[string]string) func(string) string {
	return func(k string) string { return vars[k] }
}

// serverEnv points zchat at srv through the environment.
func serverEnv(srv *zchattest.Server) map[string]string {
	return map[string]string{envBaseURL: srv.URL, envAPIKey: srv.APIKey}
}

// runZchat runs zchat in-process, as main does.
func runZchat(t *testing.T, vars map[string]string, stdin string, args ...string) result {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	var out, errOut wiretest.Buffer
	code := run(ctx, args, strings.NewReader(stdin), &out, &errOut, env(vars))
	return result{code: code, stdout: out.String(), stderr: errOut.String()}
}

// demoStart is when the tests' demo data begins: a fixed time, so that the
// output they expect is fixed too.
var demoStart = time.Date(2026, 11, 24, 3, 0, 0, 0, time.UTC)

// newServer starts a fake APP Server with the demo organization, laid out
// from demoStart: its clock starts zchattest.DemoAge after demoStart, and
// runs.
func newServer(t *testing.T, opts ...zchattest.Option) *zchattest.Server {
	t.Helper()
	started, at := time.Now(), demoStart.Add(zchattest.DemoAge)
	clock := zchattest.WithClock(func() time.Time { return at.Add(time.Since(started)) })
	srv := zchattest.NewServer(append([]zchattest.Option{zchattest.WithDemoData(), clock}, opts...)...)
	t.Cleanup(srv.Close)
	return srv
}

// jsonLines decodes stdout as JSON Lines.
func jsonLines(t *testing.T, s string) []map[string]any {
	t.Helper()
	var items []map[string]any
	for line := range strings.Lines(s) {
		var v map[string]any
		require.NoError(t, json.Unmarshal([]byte(line), &v), "line %q", line)
		items = append(items, v)
	}
	return items
}

// waitFor polls until buf holds a line matching want, and returns it.
func waitFor(t *testing.T, buf *wiretest.Buffer, want string) string {
	t.Helper()
	var line string
	require.Eventually(t, func() bool {
		for l := range strings.Lines(buf.String()) {
			if strings.Contains(l, want) {
				line = strings.TrimSpace(l)
				return true
			}
		}
		return false
	}, 10*time.Second, 10*time.Millisecond, "waiting for %q in %q", want, buf.String())
	return line
}
