package messages_test

import (
	"testing"

	"github.com/jarcoal/httpmock"

	"github.com/zchat/zchat-go/internal/wiretest"
	"github.com/zchat/zchat-go/messages"
)

// setup returns a Client on a fresh wiretest transport, and the transport.
func setup(t *testing.T) (*messages.Client, *httpmock.MockTransport) {
	t.Helper()
	return wiretest.Setup(t, messages.New)
}
