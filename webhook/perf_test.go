//go:build !race

// Performance assertions. They are built only without the race detector,
// which makes sync.Pool drop items at random and slows code unevenly; CI runs
// them in a separate pass without -race (go test -run '^TestPerf' ./...).

package webhook

import (
	"flag"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A Verifier allocates nothing on the accepting path: the key is decoded
// once and the HMAC states pooled.
func TestPerfVerifyAllocs(t *testing.T) {
	body := make([]byte, 2048)
	now := time.Now()
	h := signedHeader(plainKey, "evt_alloc", now, body)
	v, err := NewVerifier(plainKey)
	require.NoError(t, err)
	require.NoError(t, v.Verify(h, body))
	allocs := testing.AllocsPerRun(200, func() {
		if err := v.Verify(h, body); err != nil {
			panic(err)
		}
	})
	assert.Zero(t, allocs)
}

// Verify must be faster than the reference library and allocate less. Each
// side is measured three times, interleaved, and the best run of each is
// compared, so a noisy neighbour on a shared machine does not decide it.
// It does not run in parallel with other tests, for the same reason.
func TestPerfVerifyFasterThanReference(t *testing.T) {
	// testing.Benchmark runs each side for -test.benchtime; unless that was
	// set, a third of the default second is plenty for a 2 KiB body.
	if f := flag.Lookup("test.benchtime"); f != nil && f.Value.String() == f.DefValue {
		if err := f.Value.Set("300ms"); err == nil {
			t.Cleanup(func() { _ = f.Value.Set(f.DefValue) })
		}
	}
	in := newBenchInput(t)
	var ours, ref testing.BenchmarkResult
	for i := range 3 {
		o, r := testing.Benchmark(benchZchat(in)), testing.Benchmark(benchReference(in))
		if i == 0 || o.NsPerOp() < ours.NsPerOp() {
			ours = o
		}
		if i == 0 || r.NsPerOp() < ref.NsPerOp() {
			ref = r
		}
	}
	t.Logf("zchat: %d ns/op, %d allocs/op; standardwebhooks: %d ns/op, %d allocs/op; ratio %.2f",
		ours.NsPerOp(), ours.AllocsPerOp(), ref.NsPerOp(), ref.AllocsPerOp(), float64(ours.NsPerOp())/float64(ref.NsPerOp()))
	if ours.N == 0 || ref.N == 0 {
		t.Fatal("a benchmark did not run")
	}
	if float64(ours.NsPerOp()) > 1.0*float64(ref.NsPerOp()) {
		t.Errorf("Verify takes %d ns/op, the reference %d ns/op", ours.NsPerOp(), ref.NsPerOp())
	}
	if ours.AllocsPerOp() >= ref.AllocsPerOp() {
		t.Errorf("Verify allocates %d times per op, the reference %d", ours.AllocsPerOp(), ref.AllocsPerOp())
	}
}
