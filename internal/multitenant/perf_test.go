//go:build !race

// Performance assertions, built without the race detector (which changes
// allocation sizes) and run only in the performance pass of .ci/run.

package multitenant_test

// Every TestPerf* here starts with wiretest.RequirePerf(t), which calls
// t.Skip unless ZCHAT_PERF=1: the timing assertions run only in .ci/run's
// performance pass, never in a plain go test ./... on a busy laptop.

import (
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/zchat/zchat-go/internal/wiretest"
)

// Each extra tenant's Client, given the shared http.Client, holds a few KiB:
// measured on 2,000 Clients kept alive at once, against Clients that each
// make their own pool.
func TestPerfClientMemory(t *testing.T) {
	wiretest.RequirePerf(t)
	shared := retainedBytesPerClient(t, 2000, &http.Client{Transport: &http.Transport{}})
	own := retainedBytesPerClient(t, 2000, nil)
	t.Logf("retained heap per Client: %.0f B with a shared http.Client, %.0f B with its own pool", shared, own)
	assert.Less(t, shared, 4096.0, "an extra tenant's Client holds more than 4 KiB")
}
