package contract_test

import (
	"os"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/zchat/zchat-go/internal/contract"
	"github.com/zchat/zchat-go/zchattest"
)

// TestContractDeliveryScheduleMirrorsDocument holds zchattest's copy of the
// APP Server's retry schedule to the one docs/openapi.yaml writes down (the
// webhook-retries decision), so the two cannot drift apart.
func TestContractDeliveryScheduleMirrorsDocument(t *testing.T) {
	t.Parallel()
	path, err := contract.SpecPath()
	require.NoError(t, err)
	doc, err := os.ReadFile(path)
	require.NoError(t, err)
	m := regexp.MustCompile(`retried on the schedule\s+\(about ([^)]*?), then dropped\)`).FindSubmatch(doc)
	require.NotNil(t, m, "docs/openapi.yaml no longer states the retry schedule as this test reads it")

	want := []time.Duration{0} // the first attempt is at once
	for _, f := range strings.Split(strings.Join(strings.Fields(string(m[1])), " "), ", ") {
		d, err := time.ParseDuration(strings.NewReplacer(" min", "m", " ", "").Replace(f))
		require.NoError(t, err, "a wait of the documented schedule: %q", f)
		want = append(want, d)
	}
	require.Equal(t, want, zchattest.ContractDeliverySchedule())
}
