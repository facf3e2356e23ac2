package wiretest

import (
	"os"
	"testing"
)

// PerfEnv is the environment variable that turns on the timing and ratio
// assertions (the TestPerf* tests). `.ci/run` sets it in its performance
// pass; the README's `go test ./...` leaves it unset, so a busy laptop never
// fails a test for being slow.
const PerfEnv = "ZCHAT_PERF"

// RequirePerf skips t unless PerfEnv is set to 1.
func RequirePerf(t testing.TB) {
	t.Helper()
	if os.Getenv(PerfEnv) != "1" {
		t.Skip("timing assertion: runs only with " + PerfEnv + "=1 (the performance pass of .ci/run)")
	}
}
