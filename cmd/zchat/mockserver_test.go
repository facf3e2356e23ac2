package main

import (
	"bufio"
	"context"
	"encoding/json"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zchat/zchat-go/internal/wiretest"
	"github.com/zchat/zchat-go/zchattest"
)

// parseEnv reads the KEY=value lines mock-server prints.
func parseEnv(s string) map[string]string {
	vars := map[string]string{}
	for line := range strings.Lines(s) {
		if k, v, ok := strings.Cut(strings.TrimSpace(line), "="); ok {
			vars[k] = v
		}
	}
	return vars
}

func TestMockServer(t *testing.T) {
	t.Parallel()
	var out, errOut wiretest.Buffer
	done := make(chan int, 1)
	go func() {
		done <- run(context.Background(), []string{"mock-server", "--addr", "127.0.0.1:0", "--demo", "--api-key", "test-key", "--for", "3s"},
			strings.NewReader(""), &out, &errOut, env(nil))
	}()
	waitFor(t, &out, envAPIKey+"=")
	vars := parseEnv(out.String())
	assert.Equal(t, "test-key", vars[envAPIKey])
	assert.Regexp(t, `^http://127\.0\.0\.1:\d+$`, vars[envBaseURL])

	r := runZchat(t, vars, "", "ping")
	require.Equal(t, exitOK, r.code, r.stderr)
	r = runZchat(t, vars, "", "agents", "get", "1", "--json")
	require.Equal(t, exitOK, r.code, r.stderr)
	assert.Contains(t, r.stdout, `"LoginName": "anna"`, "the demo data is there")

	select {
	case code := <-done:
		assert.Equal(t, exitOK, code, errOut.String())
	case <-time.After(15 * time.Second):
		t.Fatal("mock-server did not stop after --for")
	}
	assert.Contains(t, errOut.String(), "mock APP Server")
}

func TestMockServerJSONAndErrors(t *testing.T) {
	t.Parallel()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	t.Cleanup(func() { _ = ln.Close() }) // the cases run in parallel, after this function returns
	runCases(t, []cmdCase{
		{name: "json, random key", args: []string{"mock-server", "--addr", "127.0.0.1:0", "--for", "1ms", "--json"}, json: "object",
			check: func(t *testing.T, _ *zchattest.Server, r result) {
				var v map[string]string
				require.NoError(t, json.Unmarshal([]byte(r.stdout), &v))
				assert.NotEmpty(t, v[envAPIKey])
				assert.NotEqual(t, "", v[envBaseURL])
			}},
		{name: "never the environment's key", args: []string{"mock-server", "--addr", "127.0.0.1:0", "--for", "1ms"},
			env: map[string]string{envAPIKey: "real-production-key"}, never: []string{"real-production-key"}},
		{name: "address in use", args: []string{"mock-server", "--addr", ln.Addr().String()}, code: exitFailure, errOut: []string{"mock-server"}},
	})
}

// TestBinary builds zchat and runs it as a user does: --help, and ping
// against a fake server named by the environment; then a mock-server that
// stops gracefully on SIGINT.
func TestBinary(t *testing.T) {
	t.Parallel()
	goTool, err := exec.LookPath("go")
	require.NoError(t, err, "the go command builds the binary")
	bin := filepath.Join(t.TempDir(), "zchat")
	if runtime.GOOS == "windows" {
		bin += ".exe"
	}
	build := exec.Command(goTool, "build", "-o", bin, ".")
	out, err := build.CombinedOutput()
	require.NoError(t, err, "%s", out)

	srv := newServer(t)
	exitOf := func(vars map[string]string, args ...string) (int, string) {
		cmd := exec.Command(bin, args...)
		cmd.Env = []string{"PATH=" + os.Getenv("PATH")}
		for k, v := range vars {
			cmd.Env = append(cmd.Env, k+"="+v)
		}
		out, err := cmd.CombinedOutput()
		if ee := (*exec.ExitError)(nil); err != nil {
			require.ErrorAs(t, err, &ee)
			return ee.ExitCode(), string(out)
		}
		return 0, string(out)
	}
	code, out2 := exitOf(nil, "--help")
	assert.Equal(t, exitOK, code)
	assert.Contains(t, out2, "Usage: zchat")
	code, out2 = exitOf(serverEnv(srv), "ping")
	assert.Equal(t, exitOK, code, out2)
	assert.Contains(t, out2, "Version:")
	code, _ = exitOf(serverEnv(srv), "agents", "get", "99")
	assert.Equal(t, exitAPI, code)
	code, _ = exitOf(nil, "ping")
	assert.Equal(t, exitUsage, code)

	if runtime.GOOS == "windows" {
		return // no SIGINT to send
	}
	cmd := exec.Command(bin, "mock-server", "--addr", "127.0.0.1:0")
	stdout, err := cmd.StdoutPipe()
	require.NoError(t, err)
	require.NoError(t, cmd.Start())
	line, err := bufio.NewReader(stdout).ReadString('\n')
	require.NoError(t, err)
	assert.True(t, strings.HasPrefix(line, envBaseURL+"=http://127.0.0.1:"), line)
	require.NoError(t, cmd.Process.Signal(os.Interrupt))
	require.NoError(t, cmd.Wait(), "a graceful shutdown exits 0")
}
