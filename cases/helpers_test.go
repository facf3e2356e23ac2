package cases_test

import (
	"testing"
	"time"

	"github.com/jarcoal/httpmock"

	"github.com/zchat/zchat-go/cases"
	"github.com/zchat/zchat-go/internal/wiretest"
)

// setup returns a Client on a fresh wiretest transport, and the transport.
func setup(t *testing.T) (*cases.Client, *httpmock.MockTransport) {
	t.Helper()
	return wiretest.Setup(t, cases.New)
}

// dotNetDate is the time of the fixtures' "\/Date(1764042747000)\/".
var dotNetDate = time.UnixMilli(1764042747000).UTC()

// isoNoOffset is "2026-11-24T03:52:27.1234567", taken as UTC.
var isoNoOffset = time.Date(2026, 11, 24, 3, 52, 27, 123456700, time.UTC)
