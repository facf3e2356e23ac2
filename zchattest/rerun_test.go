package zchattest_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zchat/zchat-go/cases"
	"github.com/zchat/zchat-go/zchat"
	"github.com/zchat/zchat-go/zchattest"
)

// TestRerunSameInputs runs a documented retry-safe flow twice with the
// same key and the same inputs, as a CLI or a cron job re-run would: the
// debug information is rebuilt from the inputs each time (log times from
// the input, via AddLogAt), the second run sends the same bytes, gets the
// first answer marked as replayed, and creates nothing.
func TestRerunSameInputs(t *testing.T) {
	t.Parallel()
	s := newServer(t)
	cc := cases.New(s.Client())
	logTime := time.Date(2026, 3, 2, 10, 4, 5, 120e6, time.UTC) // from the input, e.g. a log line
	run := func() (*cases.Case, zchat.Response, error) {
		d := &cases.DebugInfo{AppVersion: "9.4.2"}
		require.NoError(t, d.AddLogAt(logTime, "error", "checkout failed"))
		require.NoError(t, d.SetProperty("order", "A-1001"))
		var resp zchat.Response
		_, kase, err := cc.SubmitCaseForEmail(zchat.WithCaptureResponse(ctxT(t), &resp), "order-A-1001",
			cases.LeadInput{Email: "ann@example.com"}, cases.CaseInput{Subject: "Checkout fails", Debug: d})
		return kase, resp, err
	}
	first, resp1, err := run()
	require.NoError(t, err)
	assert.False(t, cases.Replayed(&resp1), "the first run created the case")
	again, resp2, err := run()
	require.NoError(t, err)
	assert.True(t, cases.Replayed(&resp2), "the re-run got the stored answer")
	assert.Equal(t, first.CaseID, again.CaseID)
	assert.Equal(t, 1, s.Count(zchattest.KindCases))
	assert.Equal(t, 2, s.Stats().Replayed, "lead and case replayed")

	// Other content under the same key: refused, nothing new, and said so.
	d := &cases.DebugInfo{}
	require.NoError(t, d.AddLog("error", "checkout failed")) // now, not the input's time
	_, _, err = cc.SubmitCaseForEmail(ctxT(t), "order-A-1001",
		cases.LeadInput{Email: "ann@example.com"}, cases.CaseInput{Subject: "Checkout fails", Debug: d})
	require.ErrorIs(t, err, zchat.ErrIdempotencyMismatch)
	assert.Contains(t, err.Error(), "already submitted under the key \"order-A-1001\" with different content")
	assert.Equal(t, 1, s.Count(zchattest.KindCases))
}
