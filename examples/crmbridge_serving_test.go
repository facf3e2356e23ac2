//go:build !windows

package examples_test

import (
	"testing"

	"github.com/zchat/zchat-go/zchattest"
)

// runCRMBridgeServing runs crm-bridge as a long-lived server and stops it
// with an interrupt signal, which one process cannot send another on
// Windows; so this subtest is built everywhere else.
func runCRMBridgeServing(t *testing.T, srv *zchattest.Server, env []string) {
	t.Run("crm-bridge", func(t *testing.T) { testCRMBridgeServing(t, srv, env) })
}
