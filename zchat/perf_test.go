//go:build !race

// Performance assertions, built only without the race detector (which
// changes timing and allocation); CI runs them in their own pass:
// go test -run '^TestPerf' ./...

package zchat_test

import (
	"flag"
	"io"
	"os"
	"os/exec"
	"runtime"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zchat/zchat-go/internal/wiretest"
)

// bestOf runs each benchmark rounds times, interleaved, and keeps the fastest
// run of each: a busy neighbour on a shared machine slows single runs, not
// the best one.
// Each run lasts 300ms unless -test.benchtime says otherwise.
func bestOf(t *testing.T, rounds int, fns ...func(*testing.B)) []testing.BenchmarkResult {
	if f := flag.Lookup("test.benchtime"); f != nil && f.Value.String() == f.DefValue {
		if err := f.Value.Set("300ms"); err == nil {
			t.Cleanup(func() { _ = f.Value.Set(f.DefValue) })
		}
	}
	best := make([]testing.BenchmarkResult, len(fns))
	for i := range rounds {
		for j, fn := range fns {
			r := testing.Benchmark(fn)
			if i == 0 || r.NsPerOp() < best[j].NsPerOp() {
				best[j] = r
			}
		}
	}
	return best
}

// getRatio measures BenchmarkGet's two sides, best of 3 interleaved, and
// logs and returns the SDK's time over the baseline's.
func getRatio(t *testing.T, url, label string) (ratio float64, base, sdk testing.BenchmarkResult) {
	r := bestOf(t, 3, benchGetBaseline(url), benchGetSDK(url))
	base, sdk = r[0], r[1]
	ratio = float64(sdk.NsPerOp()) / float64(base.NsPerOp())
	t.Logf("GET %s: net/http %d ns/op %d allocs/op; sdk %d ns/op %d allocs/op; ratio %.2f",
		label, base.NsPerOp(), base.AllocsPerOp(), sdk.NsPerOp(), sdk.AllocsPerOp(), ratio)
	return ratio, base, sdk
}

// A GET through the SDK costs little over bare net/http + encoding/json on
// the same loopback server, on an idle machine and on one whose cores are
// all kept busy by other processes (where every goroutine wake-up and timer
// the SDK adds costs a trip through the OS scheduler). The goals are 1.10×
// idle and 1.15× under load; the assertions leave a little room for a
// machine shared with other work, and the measured ratios are logged.
func TestPerfGetOverhead(t *testing.T) {
	wiretest.RequirePerf(t)
	srv := benchServer(t)

	idle, base, sdk := getRatio(t, srv.URL, "idle")
	assert.Less(t, idle, 1.15, "the SDK's GET is slower than bare net/http on an idle machine")
	assert.LessOrEqual(t, sdk.AllocsPerOp(), base.AllocsPerOp()+12, "per-request allocations grew")

	stop := startBusyProcesses(t, runtime.NumCPU())
	loaded, _, _ := getRatio(t, srv.URL, "under load")
	stop()
	assert.Less(t, loaded, 1.20, "the SDK's GET is slower than bare net/http on a busy machine")
}

// startBusyProcesses starts n copies of the test binary that each keep one
// core busy, as other processes on a loaded machine do, and returns a
// function that stops them (also run at cleanup).
func startBusyProcesses(t *testing.T, n int) (stop func()) {
	t.Helper()
	exe, err := os.Executable()
	require.NoError(t, err)
	var cmds []*exec.Cmd
	var stdins []io.Closer
	for range n {
		cmd := exec.Command(exe, "-test.run=^$")
		cmd.Env = append(os.Environ(), spinEnv+"=1", "GOMAXPROCS=1")
		in, err := cmd.StdinPipe()
		require.NoError(t, err)
		require.NoError(t, cmd.Start())
		cmds, stdins = append(cmds, cmd), append(stdins, in)
	}
	var stopped atomic.Bool
	stop = func() {
		if stopped.Swap(true) {
			return
		}
		for i, cmd := range cmds {
			_ = stdins[i].Close() // the child ends when its stdin does
			_ = cmd.Wait()
		}
	}
	t.Cleanup(stop)
	time.Sleep(100 * time.Millisecond) // let them start spinning
	return stop
}
