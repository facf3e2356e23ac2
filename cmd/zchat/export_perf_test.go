//go:build !race

// Performance of zchat export, built only without the race detector (which
// changes timing and memory); CI runs the TestPerf* assertions in a pass of
// their own: go test -run '^TestPerf' ./cmd/zchat/

package main

// Every TestPerf* here starts with wiretest.RequirePerf(t), which calls
// t.Skip unless ZCHAT_PERF=1: the timing assertions run only in .ci/run's
// performance pass, never in a plain go test ./... on a busy laptop.

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zchat/zchat-go/internal/wiretest"
	"github.com/zchat/zchat-go/zchattest"
)

// exportLatency is the fixed time every request takes in the concurrency
// measurements: a self-hosted APP Server across a network, not loopback.
const exportLatency = 20 * time.Millisecond

// slowServer is a zchattest server with sessions ended sessions of one
// message each, behind a front that delays every request by exportLatency.
// It returns the environment pointing zchat at the front.
func slowServer(tb testing.TB, sessions int) map[string]string {
	tb.Helper()
	srv := zchattest.NewServer()
	tb.Cleanup(srv.Close)
	seedEnded(tb, srv, sessions, 1)
	front := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		time.Sleep(exportLatency)
		srv.ServeHTTP(w, r)
	}))
	tb.Cleanup(front.Close)
	return map[string]string{envBaseURL: front.URL, envAPIKey: srv.APIKey}
}

// timeExport runs zchat export with --concurrency n into a new directory
// and returns how long it took.
func timeExport(tb testing.TB, vars map[string]string, n int) time.Duration {
	tb.Helper()
	dir := tb.TempDir()
	var stderr strings.Builder
	start := time.Now()
	code := run(context.Background(), []string{"export", "--since", "24h", "--out", dir, "--concurrency", strconv.Itoa(n)},
		strings.NewReader(""), io.Discard, &stderr, env(vars))
	took := time.Since(start)
	require.Equal(tb, exitOK, code, stderr.String())
	return took
}

// BenchmarkExport exports 40 sessions (41 requests of 20 ms each) one at a
// time and four at a time, on the same data in the same run.
func BenchmarkExport(b *testing.B) {
	vars := slowServer(b, 40)
	for _, n := range []int{1, 4} {
		b.Run("concurrency="+strconv.Itoa(n), func(b *testing.B) {
			for b.Loop() {
				timeExport(b, vars, n)
			}
			b.ReportMetric(40*float64(b.N)/b.Elapsed().Seconds(), "sessions/s")
		})
	}
}

// With every request taking 20 ms, --concurrency 4 exports at least three
// times as fast as --concurrency 1 (ideal: 4×, less the listing).
func TestPerfExportConcurrency(t *testing.T) {
	wiretest.RequirePerf(t)
	vars := slowServer(t, 40)
	one, four := time.Duration(1<<62), time.Duration(1<<62)
	for range 3 { // best of 3, interleaved
		one = min(one, timeExport(t, vars, 1))
		four = min(four, timeExport(t, vars, 4))
	}
	ratio := float64(one) / float64(four)
	t.Logf("40 sessions at %s a request: --concurrency 1 %s, --concurrency 4 %s: %.2f× faster",
		exportLatency, one.Round(time.Millisecond), four.Round(time.Millisecond), ratio)
	assert.GreaterOrEqual(t, ratio, 3.0, "--concurrency 4 against 1")
}
