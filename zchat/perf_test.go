//go:build !race

// Performance assertions, built only without the race detector (which
// changes timing and allocation); CI runs them in their own pass:
// go test -run '^TestPerf' ./...

package zchat_test

// Every TestPerf* here starts with wiretest.RequirePerf(t), which calls
// t.Skip unless ZCHAT_PERF=1: the timing assertions run only in .ci/run's
// performance pass, never in a plain go test ./... on a busy laptop.

import (
	"flag"
	"io"
	"os"
	"os/exec"
	"runtime"
	"slices"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zchat/zchat-go/internal/wiretest"
)

// pairedRatio runs the baseline and the SDK's benchmark side by side, pairs
// times, each run lasting 100ms unless -test.benchtime says otherwise, and
// alternating which goes first. Each pair's ratio (SDK ÷ baseline) comes
// from two runs a moment apart, so both saw the same machine: on a loaded
// one the time of a request doubles or halves for seconds at a time as the
// OS moves threads, which a best-of-N over longer runs mistakes for overhead
// (or for a speed-up). It returns the median of the pairs' ratios, and the
// fastest run of each side.
func pairedRatio(t *testing.T, pairs int, base, sdk func(*testing.B)) (ratio float64, bestBase, bestSDK testing.BenchmarkResult) {
	if f := flag.Lookup("test.benchtime"); f != nil && f.Value.String() == f.DefValue {
		if err := f.Value.Set("100ms"); err == nil {
			t.Cleanup(func() { _ = f.Value.Set(f.DefValue) })
		}
	}
	ratios := make([]float64, 0, pairs)
	for i := range pairs {
		var b, s testing.BenchmarkResult
		if i%2 == 0 {
			b, s = testing.Benchmark(base), testing.Benchmark(sdk)
		} else {
			s, b = testing.Benchmark(sdk), testing.Benchmark(base)
		}
		ratios = append(ratios, float64(s.NsPerOp())/float64(b.NsPerOp()))
		if i == 0 || b.NsPerOp() < bestBase.NsPerOp() {
			bestBase = b
		}
		if i == 0 || s.NsPerOp() < bestSDK.NsPerOp() {
			bestSDK = s
		}
	}
	slices.Sort(ratios)
	return ratios[len(ratios)/2], bestBase, bestSDK
}

// getRatio measures BenchmarkGet's two sides in 9 interleaved pairs and
// logs and returns the median ratio, SDK time over the baseline's.
func getRatio(t *testing.T, url, label string) (ratio float64, base, sdk testing.BenchmarkResult) {
	ratio, base, sdk = pairedRatio(t, 9, benchGetBaseline(url), benchGetSDK(url))
	t.Logf("GET %s: median ratio of 9 interleaved pairs %.2f; best runs: net/http %d ns/op %d allocs/op, sdk %d ns/op %d allocs/op (%.2f)",
		label, ratio, base.NsPerOp(), base.AllocsPerOp(), sdk.NsPerOp(), sdk.AllocsPerOp(), float64(sdk.NsPerOp())/float64(base.NsPerOp()))
	return ratio, base, sdk
}

// A GET through the SDK costs little over bare net/http + encoding/json on
// the same loopback server, on an idle machine and on one whose cores are
// all kept busy by other processes (where every timer and allocation the SDK
// adds costs more: the per-attempt context.WithTimeoutCause it used to make
// cost 1.2–1.4× there). The goals are 1.10× idle and 1.15× under load; the
// assertions leave a little room for a machine shared with other work, and
// the measured ratios are logged (docs/PERFORMANCE.md). Allocations do not
// depend on the machine: at most 4 more than the baseline's per request
// (there were 11 more before attemptCtx).
func TestPerfGetOverhead(t *testing.T) {
	wiretest.RequirePerf(t)
	srv := benchServer(t)

	idle, base, sdk := bestRatio(t, srv.URL, "idle", 1.15)
	assert.Less(t, idle, 1.15, "the SDK's GET is slower than bare net/http on an idle machine")
	assert.LessOrEqual(t, sdk.AllocsPerOp(), base.AllocsPerOp()+4, "per-request allocations grew")

	stop := startBusyProcesses(t, runtime.NumCPU())
	loaded, _, _ := bestRatio(t, srv.URL, "under load", 1.20)
	stop()
	assert.Less(t, loaded, 1.20, "the SDK's GET is slower than bare net/http on a busy machine")
}

// bestRatio is getRatio measured up to three times, until a median is
// under limit: on a machine shared with other work (CI's, a laptop) one
// series of pairs now and then lands on seconds of skewed scheduling, so the
// assertion fails only when three series in a row say the SDK is slow. It
// returns the lowest median.
func bestRatio(t *testing.T, url, label string, limit float64) (ratio float64, base, sdk testing.BenchmarkResult) {
	for i := range 3 {
		r, b, s := getRatio(t, url, label)
		if i == 0 || r < ratio {
			ratio, base, sdk = r, b, s
		}
		if ratio < limit {
			break
		}
	}
	return ratio, base, sdk
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
