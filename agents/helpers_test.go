package agents_test

import (
	"testing"

	"github.com/jarcoal/httpmock"

	"github.com/zchat/zchat-go/agents"
	"github.com/zchat/zchat-go/internal/wiretest"
)

// setup returns a Client on a fresh wiretest transport, and the transport.
func setup(t *testing.T) (*agents.Client, *httpmock.MockTransport) {
	t.Helper()
	return wiretest.Setup(t, agents.New)
}
