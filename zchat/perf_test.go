//go:build !race

// Performance assertions, built only without the race detector (which
// changes timing and allocation); CI runs them in their own pass:
// go test -run '^TestPerf' ./...

package zchat_test

import (
	"flag"
	"testing"

	"github.com/stretchr/testify/assert"
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

// A GET through the SDK costs little over bare net/http + encoding/json on
// the same loopback server. The goal is 1.10x; the assertion leaves room for
// a noisy machine, and the measured ratio is logged.
func TestPerfGetOverhead(t *testing.T) {
	wiretest.RequirePerf(t)
	srv := benchServer(t)
	r := bestOf(t, 4, benchGetBaseline(srv.URL), benchGetSDK(srv.URL))
	base, sdk := r[0], r[1]
	ratio := float64(sdk.NsPerOp()) / float64(base.NsPerOp())
	t.Logf("GET: net/http %d ns/op %d allocs/op; sdk %d ns/op %d allocs/op; ratio %.2f",
		base.NsPerOp(), base.AllocsPerOp(), sdk.NsPerOp(), sdk.AllocsPerOp(), ratio)
	assert.Less(t, ratio, 1.3, "the SDK's GET is far slower than bare net/http")
	assert.LessOrEqual(t, sdk.AllocsPerOp(), base.AllocsPerOp()+16, "per-request allocations grew")
}
